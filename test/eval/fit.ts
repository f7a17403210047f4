/**
 * `npm run fit -- --date YYYY-MM-DD`: fit the ranking feature weights (`data/ranking-weights.json`) by
 * coordinate ascent on nDCG@10, with k-fold cross-validation for an honest figure.
 *
 * Training sets (never a held-out one): SciFact's training claims over its 5,183 abstracts, the chat
 * development questions (`test/eval/questions.jsonl`, ranked kinds and lists) among 10k distractors, and the
 * literature-search questions of `split: train` over the 136k corpus when `test/eval/litsearch.jsonl` exists.
 * The objective is the mean over the sets of each set's mean nDCG@10, so no set swamps the others.
 *
 * Each question's candidates are retrieved once, with the features of both passes for every candidate; a weight
 * vector is then scored by replaying the two passes exactly as `ask` runs them (first pass over all candidates,
 * the leaders reranked with their text's features). Coordinate ascent (Metzler & Croft 2007): one weight at a
 * time takes the step of a fixed ladder that most improves the objective, sweeps repeat until none does; the
 * lexical weight stays 1 (the score's scale); restarts from the current weights and from seeded random points.
 * Options: --folds 5, --seed 20, --restarts 2, --sets scifact,chat,litsearch, --dry-run (print, write nothing).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { rankingInputs } from '../../src/answer/ask.js';
import { LEADER_FEATURES } from '../../src/answer/features.js';
import { FIRST_FEATURES, RANKING, RANKING_WEIGHTS, type RankingWeights } from '../../src/answer/rank.js';
import { PaperList } from '../../src/corpus/paper-list.js';
import { loadCorpusFile, type Paper, type TermStats } from '../../src/index.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { hasLitsearch, hasSciFact, type Judged, loadLitsearch, loadSciFactCorpus, loadSciFactTrain } from './benchmarks.js';
import { loadDistractors, loadQuestions } from './evaluate.js';

const WEIGHTS_FILE = fileURLToPath(new URL('../../data/ranking-weights.json', import.meta.url));
const NF = FIRST_FEATURES.length;
const NL = LEADER_FEATURES.length;

/** One question's candidates as numbers: first-pass and leader features per candidate, and which are relevant. */
export interface Replay {
  set: string;
  first: Float64Array; // n × NF
  leader: Float64Array; // n × NL
  relevant: Uint8Array; // n
  /** Relevant papers in all (some may not be among the candidates): the ideal DCG's count. */
  nRelevant: number;
  n: number;
}

/** Retrieve a set's questions once and record every candidate's features. */
export function recordSet(set: string, papers: readonly Paper[], termStats: TermStats, items: readonly Judged[]): Replay[] {
  const list = PaperList.of(papers);
  const retriever = SearchIndex.build(papers);
  const out: Replay[] = [];
  for (const item of items) {
    const inputs = rankingInputs({ papers: list, retriever, termStats }, item.q);
    const relevantIds = new Set(item.relevant);
    if (!inputs.ok || 'reason' in inputs) {
      out.push({
        set,
        first: new Float64Array(),
        leader: new Float64Array(),
        relevant: new Uint8Array(),
        nRelevant: relevantIds.size,
        n: 0,
      });
      continue;
    }
    const n = inputs.ranked.length;
    const first = new Float64Array(n * NF);
    const leader = new Float64Array(n * NL);
    const relevant = new Uint8Array(n);
    // Replays sort by score, ties by corpus position: keep candidates in corpus order so ties break the same way.
    const byDoc = [...inputs.ranked].sort((a, b) => a.hit.doc - b.hit.doc);
    byDoc.forEach((r, i) => {
      FIRST_FEATURES.forEach((f, k) => {
        first[i * NF + k] = r.features[f];
      });
      const seen = inputs.inspect(r).leader;
      LEADER_FEATURES.forEach((f, k) => {
        leader[i * NL + k] = seen[f];
      });
      relevant[i] = relevantIds.has(list.ids[r.hit.doc]!) ? 1 : 0;
    });
    out.push({ set, first, leader, relevant, nRelevant: relevantIds.size, n });
  }
  return out;
}

const LOG2 = Array.from({ length: 11 }, (_, k) => 1 / Math.log2(k + 2));

/** nDCG@10 of one question under weights (wf: first-pass, wl: leader), replaying `ask`'s two passes. */
export function replayNdcg(r: Replay, wf: Float64Array, wl: Float64Array, rerank = RANKING.rerank): number {
  if (r.n === 0 || r.nRelevant === 0) return 0;
  const s1 = new Float64Array(r.n);
  for (let i = 0; i < r.n; i++) {
    let s = 0;
    for (let k = 0; k < NF; k++) s += wf[k]! * r.first[i * NF + k]!;
    s1[i] = s;
  }
  const order = Array.from({ length: r.n }, (_, i) => i).sort((a, b) => s1[b]! - s1[a]! || a - b);
  const leaders = order.slice(0, rerank);
  const s2 = new Map<number, number>();
  for (const i of leaders) {
    let s = s1[i]!;
    for (let k = 0; k < NL; k++) s += wl[k]! * r.leader[i * NL + k]!;
    s2.set(i, s);
  }
  leaders.sort((a, b) => s2.get(b)! - s2.get(a)! || a - b);
  const top = [...leaders, ...order.slice(rerank)].slice(0, 10);
  let dcg = 0;
  top.forEach((i, k) => {
    if (r.relevant[i]) dcg += LOG2[k]!;
  });
  let ideal = 0;
  for (let k = 0; k < Math.min(10, r.nRelevant); k++) ideal += LOG2[k]!;
  return dcg / ideal;
}

/** Mean over sets of each set's mean nDCG@10. */
export function objective(replays: readonly Replay[], w: Float64Array): number {
  const wf = w.subarray(0, NF);
  const wl = w.subarray(NF);
  const sum = new Map<string, [number, number]>();
  for (const r of replays) {
    const acc = sum.get(r.set) ?? [0, 0];
    acc[0] += replayNdcg(r, wf, wl);
    acc[1]++;
    sum.set(r.set, acc);
  }
  let total = 0;
  for (const [s, n] of sum.values()) total += s / n;
  return total / Math.max(1, sum.size);
}

/** Per-set mean nDCG@10. */
export function perSet(replays: readonly Replay[], w: Float64Array): Record<string, number> {
  const out: Record<string, [number, number]> = {};
  for (const r of replays) {
    const acc = out[r.set] ?? [0, 0];
    acc[0] += replayNdcg(r, w.subarray(0, NF), w.subarray(NF));
    acc[1]++;
    out[r.set] = acc;
  }
  return Object.fromEntries(Object.entries(out).map(([s, [x, n]]) => [s, x / n]));
}

const STEPS = [0.01, 0.03, 0.1, 0.3, 1].flatMap((s) => [s, -s]);
const FIXED = FIRST_FEATURES.indexOf('lexical');

/** Coordinate ascent from each start; the best end point on the training objective. */
export function coordinateAscent(replays: readonly Replay[], starts: readonly Float64Array[], maxSweeps = 12): Float64Array {
  let best = starts[0]!;
  let bestScore = -1;
  for (const start of starts) {
    const w = Float64Array.from(start);
    let score = objective(replays, w);
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let improved = false;
      for (let j = 0; j < w.length; j++) {
        if (j === FIXED) continue;
        const was = w[j]!;
        let stepBest = was;
        for (const step of STEPS) {
          w[j] = was + step;
          const s = objective(replays, w);
          if (s > score + 1e-6) {
            score = s;
            stepBest = w[j]!;
            improved = true;
          }
        }
        w[j] = stepBest;
      }
      if (!improved) break;
    }
    if (score > bestScore) {
      bestScore = score;
      best = w;
    }
  }
  return best;
}

/** Mulberry32: a small seeded generator, so folds and restarts repeat exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const toVector = (w: RankingWeights) =>
  Float64Array.from([...FIRST_FEATURES.map((f) => w.first[f]), ...LEADER_FEATURES.map((f) => w.leaders[f])]);
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const fromVector = (v: Float64Array): RankingWeights => ({
  first: Object.fromEntries(FIRST_FEATURES.map((f, k) => [f, round(v[k]!)])) as RankingWeights['first'],
  leaders: Object.fromEntries(LEADER_FEATURES.map((f, k) => [f, round(v[NF + k]!)])) as RankingWeights['leaders'],
});

async function main() {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '20' },
      restarts: { type: 'string', default: '2' },
      sets: { type: 'string', default: 'scifact,chat,litsearch' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values['dry-run'] && !/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? ''))
    throw new Error('--date YYYY-MM-DD is required (the fit is dated as data)');
  const folds = Number(values.folds);
  const seed = Number(values.seed);
  const sets = new Set(values.sets.split(','));
  const termStats = await defaultTermStats();
  const seedPapers = await loadCorpusFile(DEFAULT_CORPUS);
  const replays: Replay[] = [];
  const sources: Record<string, string> = {};
  const t0 = performance.now();

  if (sets.has('scifact') && hasSciFact()) {
    const train = loadSciFactTrain();
    replays.push(...recordSet('scifact', await loadSciFactCorpus(), termStats, train));
    sources.scifact = `SciFact train (${train.length} claims, 5,183 abstracts; ../shared/benchmarks/scifact, CC BY-NC 2.0: only these weights are derived from it, no text)`;
  }
  if (sets.has('chat')) {
    const chat = loadQuestions()
      .filter((q) => q.kind !== 'out-of-scope')
      .map((q, i) => ({ id: String(i), q: q.q, relevant: q.expected }));
    const papers = [...seedPapers, ...(await loadDistractors(10_000))];
    replays.push(...recordSet('chat', papers, termStats, chat));
    sources.chat = `test/eval/questions.jsonl (${chat.length} in-scope development questions) over the 33 seed papers + 10k distractors`;
  }
  if (sets.has('litsearch') && hasLitsearch()) {
    const train = loadLitsearch().filter((i) => i.split === 'train');
    const papers = [...seedPapers, ...(await loadDistractors())];
    replays.push(...recordSet('litsearch', papers, termStats, train));
    sources.litsearch = `test/eval/litsearch.jsonl split train (${train.length} questions) over ${papers.length} papers`;
  }
  console.log(`recorded ${replays.length} questions in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const rand = seeded(seed);
  const starts = (n: number) => [
    toVector(RANKING_WEIGHTS),
    ...Array.from({ length: n }, () => {
      const v = Float64Array.from({ length: NF + NL }, () => rand());
      v[FIXED] = 1;
      return v;
    }),
  ];
  const restarts = Number(values.restarts);
  // Folds: each set's questions shuffled with the seed and dealt round-robin.
  const fold = new Int32Array(replays.length);
  for (const set of new Set(replays.map((r) => r.set))) {
    const idx = replays.map((r, i) => (r.set === set ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((q, k) => {
      fold[q] = k % folds;
    });
  }
  const heldOut: Replay[] = [];
  const heldOutScores = new Map<Replay, number>();
  const before = toVector(RANKING_WEIGHTS);
  for (let k = 0; k < folds; k++) {
    const train = replays.filter((_, i) => fold[i] !== k);
    const test = replays.filter((_, i) => fold[i] === k);
    const w = coordinateAscent(train, starts(restarts));
    for (const r of test) {
      heldOut.push(r);
      heldOutScores.set(r, replayNdcg(r, w.subarray(0, NF), w.subarray(NF)));
    }
    console.log(`fold ${k + 1}/${folds}: ${JSON.stringify(fromVector(w))}`);
  }
  const cv: Record<string, { before: number; heldOut: number; questions: number }> = {};
  for (const set of new Set(replays.map((r) => r.set))) {
    const rs = heldOut.filter((r) => r.set === set);
    cv[set] = {
      questions: rs.length,
      before: round(perSet(rs, before)[set]!),
      heldOut: round(rs.reduce((a, r) => a + heldOutScores.get(r)!, 0) / rs.length),
    };
  }
  const final = coordinateAscent(replays, starts(restarts));
  const fitted = fromVector(final);
  const trainScores = Object.fromEntries(Object.entries(perSet(replays, toVector(fitted))).map(([s, x]) => [s, round(x)]));
  console.log('cross-validated nDCG@10 (hand-set → fitted, held-out folds):', JSON.stringify(cv));
  console.log('final weights:', JSON.stringify(fitted), 'training nDCG@10:', JSON.stringify(trainScores));
  if (values['dry-run']) return;
  const file = {
    about:
      "Weights of citebot's ranking features (src/answer/rank.ts: first pass; src/answer/features.ts: leaders), fitted by `npm run fit` (test/eval/fit.ts). Regenerate, never edit by hand.",
    ...fitted,
    provenance: {
      date: values.date,
      procedure: `coordinate ascent on the mean over sets of nDCG@10, lexical weight fixed at 1, steps ±${STEPS.filter((s) => s > 0).join('/')}, ${restarts} seeded random restarts besides the previous weights; ${RANKING.rerank} leaders reranked as ask does`,
      sets: sources,
      folds,
      seed,
      crossValidation: cv,
      trainingNdcg10: trainScores,
      licence:
        'Fitted in part on SciFact (CC BY-NC 2.0): these numbers are derived from it, no SciFact text is in the repository. The chat and literature-search sets are ours.',
    },
  };
  writeFileSync(WEIGHTS_FILE, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`wrote ${WEIGHTS_FILE}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
