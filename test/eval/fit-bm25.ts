/**
 * `npm run fit:bm25 -- --date YYYY-MM-DD`: fit the parameters of citebot's lexical score (BM25F: k1, b, and with
 * `--fields` the names and title weights beside the abstract's 1) on the training sets, by the whole answer's
 * nDCG@10, with k-fold cross-validation for an honest figure, and write them with their provenance
 * (`data/bm25-parameters.json`).
 *
 * Exact, not a replay: every point asks every training question in full (`Library.ask`, top 10), as `npm run eval`
 * does, so the ranker's features that ride on the lexical score (its share of the best, the candidates it picks,
 * the leaders it hands the second pass) all move with it. k1 and b only change the length norms computed when the
 * index is loaded (`SearchIndex.withBm25`), so a point costs the questions' answers alone; another field weight
 * needs the index rebuilt (`SearchIndex.buildSteps(papers, slice, fields)`), once per field setting.
 *
 * Training sets only (as `npm run fit`): SciFact's training claims over its 5,183 abstracts
 * (`../shared/benchmarks/scifact`, CC BY-NC 2.0), the chat development questions (`test/eval/questions.jsonl`, in
 * scope) among 10k distractors, and the `train` splits of `test/eval/litsearch.jsonl` and
 * `test/eval/litsearch-hard.jsonl` over the 136k corpus plus the seed. The objective is the mean over sets of the
 * set's mean nDCG@10, less ten times any set's shortfall below its figure under today's parameters (so no set's loss
 * pays for another's gain). Cross-validation: folds dealt per question within each set (seed 20); in each fold the
 * best grid point on the other folds is scored on it. The never-tuned splits (litsearch and litsearch-hard `test`,
 * `test/eval/heldout.jsonl`) are asked only under today's parameters and those chosen, never while choosing, and
 * printed beside the plain BM25 of the same run, with the chat tables (abstention included) of both.
 *
 * Options: --k1 0.6,0.9,… and --b 0.3,0.4,… (the grid), --fields names:title,… (field settings, each with the whole
 * grid; default today's only), --folds 5, --seed 20, --penalty 10 (0: the plain mean over sets), --out DIR (every
 * point's per-question figures as JSON), --from FILE (choose from such a file instead of asking again),
 * --dry-run (print, write nothing), --no-final (skip the tables of the never-tuned splits).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { PaperList } from '../../src/corpus/paper-list.js';
import { Library, loadCorpusFile } from '../../src/index.js';
import { FIELD_BOOSTS, type FieldBoosts } from '../../src/retrieval/indexer.js';
import { runSteps } from '../../src/retrieval/lazy.js';
import { BM25, type Bm25Parameters } from '../../src/retrieval/postings.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import {
  type BenchmarkRun,
  hasLitsearch,
  hasSciFact,
  type Judged,
  LITSEARCH_FILE,
  LITSEARCH_HARD_FILE,
  loadLitsearch,
  loadSciFactCorpus,
  loadSciFactTrain,
  rankingMetrics,
  runBenchmark,
} from './benchmarks.js';
import { PlainBm25, vocabularyOf } from './bm25.js';
import { assignFolds, meanOfMeans, seeded } from './coordinate-ascent.js';
import { evaluate, loadDistractors, loadQuestions, type Metrics } from './evaluate.js';

const PARAMETERS_FILE = fileURLToPath(new URL('../../data/bm25-parameters.json', import.meta.url));
const HELDOUT_FILE = fileURLToPath(new URL('./heldout.jsonl', import.meta.url));
/** How steeply the objective falls for a set below its figure under today's parameters (as `npm run fit`). */
const NO_LOSS_PENALTY = 10;

/** One point of the search: BM25's k1 and b, and the field weights (the abstract's stays 1: the scale). */
export interface Setting {
  k1: number;
  b: number;
  names: number;
  title: number;
}

export const settingKey = (s: Setting) => `k1=${s.k1} b=${s.b} names=${s.names} title=${s.title}`;
const fieldsOf = (s: Setting): FieldBoosts => ({ names: s.names, title: s.title, abstract: 1 });
const bm25Of = (s: Setting): Bm25Parameters => ({ k1: s.k1, b: s.b });

/** nDCG@10 of one ranked list of ids against a question's relevant ids. */
export function ndcgAt10(ids: readonly string[], relevant: readonly string[]): number {
  return rankingMetrics([{ id: '', q: '', relevant: [...relevant] }], [ids]).ndcg10;
}

/**
 * The objective over the items `include` admits: the mean over sets of each set's mean, less
 * `penalty` × each set's shortfall below `floor` (its figure under today's parameters).
 */
export function objective(
  sets: readonly string[],
  score: (i: number) => number,
  floor: Readonly<Record<string, number>>,
  include: (i: number) => boolean = () => true,
  penalty = NO_LOSS_PENALTY,
): number {
  const { mean, per } = meanOfMeans(sets, score, include);
  let shortfall = 0;
  for (const s of Object.keys(per)) shortfall += Math.max(0, floor[s]! - per[s]!);
  return mean - penalty * shortfall;
}

/**
 * Cross-validated choice over a grid: `scores[p][i]` is item i's figure at point p (point 0: today's). Per fold,
 * the point best on the other folds (ties to the earlier point, today's first) scores the fold. Returns the point
 * chosen in each fold, each item's held-out figure, and the point best on all items.
 */
export function crossValidateGrid(
  sets: readonly string[],
  scores: readonly Float64Array[],
  folds: number,
  seed: number,
  penalty = NO_LOSS_PENALTY,
): { chosen: number[]; heldOut: Float64Array; final: number } {
  const fold = assignFolds(sets, folds, seeded(seed));
  const best = (include: (i: number) => boolean) => {
    const floor = meanOfMeans(sets, (i) => scores[0]![i]!, include).per;
    let at = 0;
    let top = Number.NEGATIVE_INFINITY;
    scores.forEach((s, p) => {
      const v = objective(sets, (i) => s[i]!, floor, include, penalty);
      if (v > top + 1e-9) {
        top = v;
        at = p;
      }
    });
    return at;
  };
  const heldOut = new Float64Array(sets.length);
  const chosen: number[] = [];
  for (let f = 0; f < folds; f++) {
    const p = best((i) => fold[i] !== f);
    chosen.push(p);
    sets.forEach((_, i) => {
      if (fold[i] === f) heldOut[i] = scores[p]![i]!;
    });
  }
  return { chosen, heldOut, final: best(() => true) };
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');

async function main() {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      k1: { type: 'string', default: '0.5,0.7,0.9,1.2,1.5,1.8,2.2' },
      b: { type: 'string', default: '0.3,0.4,0.5,0.6,0.7,0.8,0.9' },
      fields: { type: 'string', default: `${FIELD_BOOSTS.names}:${FIELD_BOOSTS.title}` },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '20' },
      out: { type: 'string' },
      from: { type: 'string' },
      penalty: { type: 'string', default: String(NO_LOSS_PENALTY) },
      'dry-run': { type: 'boolean', default: false },
      'no-final': { type: 'boolean', default: false },
    },
  });
  if (!values['dry-run'] && !/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? ''))
    throw new Error('--date YYYY-MM-DD is required (the fit is dated as data)');
  if (!hasSciFact() || !hasLitsearch()) throw new Error('fit:bm25 needs ../shared/benchmarks/scifact and test/eval/litsearch.jsonl');
  const folds = Number(values.folds);
  const penalty = Number(values.penalty);
  const seed = Number(values.seed);
  const today: Setting = { ...BM25, names: FIELD_BOOSTS.names, title: FIELD_BOOSTS.title };
  if (FIELD_BOOSTS.abstract !== 1) throw new Error('fit:bm25 keeps the abstract weight at 1');
  const grid: Setting[] = [today];
  for (const f of list(values.fields)) {
    const [names, title] = f.split(':').map(Number);
    if (!(names! >= 0 && title! >= 0)) throw new Error(`--fields: "${f}" is not names:title`);
    for (const k1 of list(values.k1).map(Number))
      for (const b of list(values.b).map(Number)) {
        const s = { k1, b, names: names!, title: title! };
        if (!grid.some((g) => settingKey(g) === settingKey(s))) grid.push(s);
      }
  }

  const t0 = performance.now();
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  const termStats = await defaultTermStats();
  const seedPapers = await loadCorpusFile(DEFAULT_CORPUS);
  const sciFactPapers = await loadSciFactCorpus();
  const chatPapers = [...seedPapers, ...(await loadDistractors(10_000))];
  const bigPapers = [...seedPapers, ...(await loadDistractors())];
  const corpora = { scifact: sciFactPapers, chat: chatPapers, big: bigPapers } as const;
  type Corpus = keyof typeof corpora;
  console.log(`corpora loaded in ${elapsed()}: ${sciFactPapers.length}, ${chatPapers.length}, ${bigPapers.length} papers`);

  const chatItems = (file?: string): Judged[] =>
    loadQuestions(file)
      .filter((q) => q.kind !== 'out-of-scope')
      .map((q, i) => ({ id: String(i), q: q.q, relevant: q.expected }));
  const splitOf = (file: string, split: string) => loadLitsearch(file).filter((i) => i.split === split);
  // The training sets, as `npm run fit` reads them.
  const training: { set: string; corpus: Corpus; items: Judged[] }[] = [
    { set: 'scifact', corpus: 'scifact', items: loadSciFactTrain() },
    { set: 'chat', corpus: 'chat', items: chatItems() },
    { set: 'litsearch', corpus: 'big', items: splitOf(LITSEARCH_FILE, 'train') },
    { set: 'litsearch-hard', corpus: 'big', items: splitOf(LITSEARCH_HARD_FILE, 'train') },
  ];
  const sets = training.flatMap((t) => t.items.map(() => t.set));

  // Indexes of the field setting at hand (one setting's at a time: a 136k index is 300 MB).
  let built: { fields: string; index: Record<Corpus, SearchIndex> } | undefined;
  const indexesFor = (s: Setting) => {
    const fields = `${s.names}:${s.title}`;
    if (built?.fields !== fields) {
      built = undefined;
      const index = {} as Record<Corpus, SearchIndex>;
      for (const c of Object.keys(corpora) as Corpus[]) index[c] = runSteps(SearchIndex.buildSteps(corpora[c], 250, fieldsOf(s)));
      built = { fields, index };
      console.log(`  indexes built with names ${s.names}, title ${s.title} (${elapsed()})`);
    }
    return built.index;
  };
  const libraryOf = (s: Setting, c: Corpus) => new Library(PaperList.of(corpora[c]), indexesFor(s)[c].withBm25(bm25Of(s)), termStats);

  /** Every training question's nDCG@10 at a point, in `sets` order. */
  const scoreAt = (s: Setting): Float64Array => {
    const out = new Float64Array(sets.length);
    let i = 0;
    for (const t of training) {
      const library = libraryOf(s, t.corpus);
      for (const item of t.items) {
        const res = library.ask(item.q, { top: 10 });
        out[i++] = ndcgAt10(res.ok ? res.answer.results.map((r) => r.citation.id) : [], item.relevant);
      }
    }
    return out;
  };

  // Points grouped by field setting, so each index is built once.
  const order = grid.map((_, p) => p).sort((x, y) => (p2f(grid[x]!) < p2f(grid[y]!) ? -1 : p2f(grid[x]!) > p2f(grid[y]!) ? 1 : x - y));
  function p2f(s: Setting) {
    return s.names === today.names && s.title === today.title ? '' : `${s.names}:${s.title}`;
  }
  const scores: Float64Array[] = new Array(grid.length);
  if (values.from) {
    // Points asked before (`--out`): today's first, the same training questions.
    const saved = JSON.parse(readFileSync(values.from, 'utf8')) as { sets: string[]; points: (Setting & { scores: number[] })[] };
    if (saved.sets.join() !== sets.join() || settingKey(saved.points[0]!) !== settingKey(today))
      throw new Error(`--from ${values.from}: other training questions or another first point than today's`);
    grid.splice(0, grid.length, ...saved.points.map(({ k1, b, names, title }) => ({ k1, b, names, title })));
    saved.points.forEach((p, i) => {
      scores[i] = Float64Array.from(p.scores);
    });
  }
  for (const p of values.from ? [] : order) {
    scores[p] = scoreAt(grid[p]!);
    const per = meanOfMeans(sets, (i) => scores[p]![i]!).per;
    console.log(
      `${settingKey(grid[p]!).padEnd(36)} ${Object.entries(per)
        .map(([s, v]) => `${s} ${v.toFixed(4)}`)
        .join('  ')}  (${elapsed()})`,
    );
  }
  if (values.out) {
    mkdirSync(values.out, { recursive: true });
    const file = `${values.out}/fit-bm25-points.json`;
    writeFileSync(
      file,
      `${JSON.stringify({ sets, points: grid.map((s, p) => ({ ...s, scores: Array.from(scores[p]!, (x) => Math.round(x * 1e4) / 1e4) })) })}\n`,
    );
    console.log(`wrote ${file}`);
  }

  // The leading points by the plain mean over sets, each beside today's: how many questions each moves, each way.
  const todayPer = meanOfMeans(sets, (i) => scores[0]![i]!).per;
  const plain = grid
    .map((_, p) => ({ p, mean: meanOfMeans(sets, (i) => scores[p]![i]!).mean }))
    .sort((x, y) => y.mean - x.mean || x.p - y.p)
    .slice(0, 8);
  console.log(
    `\ntoday: ${Object.entries(todayPer)
      .map(([s, v]) => `${s} ${v.toFixed(4)}`)
      .join('  ')}`,
  );
  console.log('best points by the plain mean over sets (per set: nDCG@10, questions up / down against today):');
  for (const { p, mean } of plain) {
    const per = meanOfMeans(sets, (i) => scores[p]![i]!).per;
    const moves = training.map((t) => {
      let up = 0;
      let down = 0;
      sets.forEach((s, i) => {
        if (s !== t.set) return;
        if (scores[p]![i]! > scores[0]![i]! + 1e-9) up++;
        else if (scores[p]![i]! < scores[0]![i]! - 1e-9) down++;
      });
      return `${t.set} ${per[t.set]!.toFixed(4)} +${up}/-${down}`;
    });
    console.log(`  ${settingKey(grid[p]!).padEnd(36)} mean ${mean.toFixed(4)}  ${moves.join('  ')}`);
  }

  const { chosen, heldOut, final } = crossValidateGrid(sets, scores, folds, seed, penalty);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const heldPer = meanOfMeans(sets, (i) => heldOut[i]!).per;
  const finalPer = meanOfMeans(sets, (i) => scores[final]![i]!).per;
  const crossValidation: Record<string, { questions: number; today: number; heldOut: number; training: number }> = {};
  for (const t of training)
    crossValidation[t.set] = {
      questions: t.items.length,
      today: r4(todayPer[t.set]!),
      heldOut: r4(heldPer[t.set]!),
      training: r4(finalPer[t.set]!),
    };
  console.log(`\nchosen per fold: ${chosen.map((p) => settingKey(grid[p]!)).join('; ')}`);
  console.log(`chosen on all training questions: ${settingKey(grid[final]!)}`);
  console.log(`nDCG@10, penalty ${penalty} (today → held-out folds; training at the chosen point):`, JSON.stringify(crossValidation));

  if (!values['no-final']) {
    // The never-tuned splits and the chat tables, today's parameters beside those chosen, with the same-run BM25.
    const points = final === 0 ? [0] : [0, final];
    const heldoutChat = loadQuestions(HELDOUT_FILE);
    const devChat = loadQuestions();
    const benchmarks: { name: string; corpus: Corpus; items: Judged[] }[] = [
      { name: 'scifact train', corpus: 'scifact', items: training[0]!.items },
      { name: 'litsearch train', corpus: 'big', items: training[2]!.items },
      { name: 'litsearch test (never tuned)', corpus: 'big', items: splitOf(LITSEARCH_FILE, 'test') },
      { name: 'litsearch-hard train', corpus: 'big', items: training[3]!.items },
      { name: 'litsearch-hard test (never tuned)', corpus: 'big', items: splitOf(LITSEARCH_HARD_FILE, 'test') },
    ];
    const baselines = new Map<string, PlainBm25>();
    const baselineOf = (b: (typeof benchmarks)[number]) => {
      const key = `${b.corpus}`;
      if (!baselines.has(key)) {
        const items = benchmarks.filter((x) => x.corpus === b.corpus).flatMap((x) => x.items);
        baselines.set(
          key,
          new PlainBm25(
            corpora[b.corpus].map((p) => ({ id: p.id, text: `${p.title} ${p.abstract}` })),
            vocabularyOf(items.map((i) => i.q)),
          ),
        );
      }
      return baselines.get(key)!;
    };
    const f3 = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
    // Point by point (each field setting's indexes built once), printed set by set.
    const benchRows = new Map<string, string[]>();
    const chatRows = new Map<string, string[]>();
    const add = (rows: Map<string, string[]>, key: string, row: string) => rows.set(key, [...(rows.get(key) ?? []), row]);
    const chatRuns = [
      ['dev', devChat],
      ['heldout (never tuned)', heldoutChat],
    ] as const;
    for (const p of points) {
      const s = grid[p]!;
      for (const b of benchmarks) {
        const run: BenchmarkRun = runBenchmark(libraryOf(s, b.corpus), baselineOf(b), b.items);
        const c = run.citebot;
        const gold = run.rationale.questions > 0 ? `${f3(run.rationale.citebot)} (${run.rationale.questions})` : '–';
        add(
          benchRows,
          b.name,
          `| ${b.name} | ${settingKey(s)} | ${f3(c.ndcg10)} | ${f3(c.recall5)} | ${f3(c.top1)} | ${f3(c.mrr)} | ${gold} | ${f3(run.bm25.ndcg10)} | ${f3(run.bm25.recall5)} | ${f3(run.bm25.top1)} |`,
        );
      }
      const seedLibrary = new Library(
        PaperList.of(seedPapers),
        runSteps(SearchIndex.buildSteps(seedPapers, 250, fieldsOf(s))).withBm25(bm25Of(s)),
        termStats,
      );
      for (const [name, questions] of chatRuns) {
        const ranked = questions.filter((q) => q.kind !== 'list' && q.kind !== 'out-of-scope');
        for (const [where, library, qs] of [
          ['seed', seedLibrary, questions],
          ['+10k', libraryOf(s, 'chat'), ranked],
          ['+136k', libraryOf(s, 'big'), ranked],
        ] as const) {
          const m: Metrics = evaluate(library, qs);
          add(
            chatRows,
            `${name}, ${where}`,
            `| ${name}, ${where} | ${settingKey(s)} | ${f3(m.top1)} | ${f3(m.top3)} | ${f3(m.mrr)} | ${f3(m.answerInExcerpt)} | ${f3(m.listRecall5)} | ${f3(m.oosAbstention)} | ${f3(m.falseAbstention)} |`,
          );
        }
      }
    }
    console.log('\n| set | parameters | nDCG@10 | recall@5 | top-1 | MRR | gold sentence | BM25 nDCG@10 | BM25 recall@5 | BM25 top-1 |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const rows of benchRows.values()) for (const row of rows) console.log(row);
    console.log('\n| chat | parameters | top-1 | top-3 | MRR | answer-in-excerpt | list recall@5 | OOS abstention | false abstention |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const rows of chatRows.values()) for (const row of rows) console.log(row);
  }

  if (!values['dry-run']) {
    const s = grid[final]!;
    const distinct = (f: (g: Setting) => number | string) =>
      [...new Set(grid.map(f))]
        .sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))))
        .join(', ');
    const file = {
      about:
        "Parameters of citebot's lexical score (BM25F over names, title and abstract: src/retrieval/lexical-parameters.ts), fitted by `npm run fit:bm25` (test/eval/fit-bm25.ts). Regenerate, never edit by hand.",
      k1: s.k1,
      b: s.b,
      fields: fieldsOf(s),
      provenance: {
        date: values.date,
        procedure: `grid of ${grid.length} points: k1 {${distinct((g) => g.k1)}} × b {${distinct((g) => g.b)}}, field weights names:title {${distinct((g) => `${g.names}:${g.title}`)}} (abstract 1); each point scored by asking every training question in full (top 10, as npm run eval) by nDCG@10; the objective is the mean over sets of each set's mean, less ${penalty}× any set's shortfall below its figure under the previous parameters (${settingKey(today)}), ties to the previous; ranking and sentence weights those of data/ranking-weights.json and data/excerpt-weights.json at the time`,
        sets: {
          scifact:
            'SciFact train (809 claims over its 5,183 abstracts; ../shared/benchmarks/scifact, CC BY-NC 2.0: only these numbers derive from it, no text)',
          chat: 'test/eval/questions.jsonl (in-scope development questions) over the 33 seed papers + 10k distractors',
          litsearch: 'test/eval/litsearch.jsonl, split train, over the 136k corpus plus the 33 seed papers',
          'litsearch-hard': 'test/eval/litsearch-hard.jsonl, split train, over the same papers (its test split is never fitted on)',
        },
        folds,
        seed,
        chosenPerFold: chosen.map((p) => settingKey(grid[p]!)),
        crossValidation,
        licence: 'Fitted in part on SciFact (CC BY-NC 2.0): these numbers derive from it; no SciFact text is in the repository.',
      },
    };
    writeFileSync(PARAMETERS_FILE, `${JSON.stringify(file, null, 2)}\n`);
    console.log(`wrote ${PARAMETERS_FILE}`);
    if (s.names !== today.names || s.title !== today.title)
      console.log(
        'The field weights changed: every saved index holds frequencies weighted by them, so raise INDEX_FORMAT (src/retrieval/snapshot.ts) and the weights test/core/bm25-parameters.test.ts pins, then refit the ranking weights (npm run fit).',
      );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
