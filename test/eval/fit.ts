/**
 * `npm run fit -- --date YYYY-MM-DD`: fit the weights of excerpt sentences (`data/excerpt-weights.json`) and of
 * ranking (`data/ranking-weights.json`) by coordinate ascent (`coordinate-ascent.ts`), each with k-fold
 * cross-validation for an honest figure, and write them with their provenance.
 *
 * Training sets only, never a held-out one: SciFact's training claims over its 5,183 abstracts
 * (`../shared/benchmarks/scifact`), the chat development questions (`test/eval/questions.jsonl`), and the
 * literature-search questions of `split: train` over the 136k corpus plus the seed (`test/eval/litsearch.jsonl`, and
 * `test/eval/litsearch-hard.jsonl`, whose `test` split stays never tuned), and the chat questions about papers of
 * that corpus of `split: train` (`test/eval/chat-136k.jsonl`, `chat-136k-mixed.jsonl` and `chat-136k-more.jsonl`, their `test` splits never tuned; sentences and ranking).
 * Each objective is the mean over sets of the set's mean, so no set swamps the others, less a steep penalty
 * for any set falling below its figure under the current weights, so no set's loss is bought with another's gain.
 *
 * 1. Sentences: for every (question, right paper) with a known answer (SciFact's gold rationale sentences; the
 *    chat questions' key phrase, over the seed papers), the abstract is analysed once; a weight vector is scored
 *    by choosing the excerpt exactly as answering does and checking it shows the answer. The coverage weight
 *    stays 1.
 * 2. Ranking, with the fitted sentence weights: each question's 100 candidates are retrieved once (chat among
 *    10k distractors, or `--chat-distractors`), with both passes' features for every candidate; a weight vector is scored by replaying
 *    the two passes as `ask` runs them, by nDCG@10. The lexical weight stays 1.
 * Restarts: the current weights and `--restarts` seeded random points. Folds are dealt per question with the
 * seed. Options: --folds 5, --seed 20, --restarts 2, --part all|sentences|ranking, --dry-run (print, write
 * nothing), --rerank N (replay N leaders instead of RANKING.rerank, to measure what more would give), --only
 * f1,f2 (fit only these sentence or ranking weights, keeping the others: a new feature's weight without refitting the rest;
 * a part none of whose weights is named is not fitted),
 * --chat-distractors N|all (the chat set's distractors for ranking, default 10000; `all` ranks it among the 136k,
 * as `npm run eval -- --all` measures it, list questions left out), --leave-out set1,set2 (fit without these
 * training sets, to measure what one adds), --tolerance 0.01 (a set may lose up to this share before the
 * no-loss penalty applies: one seed question may be traded for several elsewhere; default 0).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import {
  analyzeSentences,
  excerptSpan,
  SENTENCE_FEATURES,
  SENTENCE_WEIGHTS,
  type SentenceAnalysis,
  type SentenceWeights,
} from '../../src/answer/excerpt.js';
import { LEADER_FEATURES } from '../../src/answer/features.js';
import { FIRST_FEATURES, RANKING, RANKING_WEIGHTS, type RankingWeights } from '../../src/answer/rank.js';
import { type AnswerSources, rankingInputs } from '../../src/answer/ranking-inputs.js';
import { PaperList } from '../../src/corpus/paper-list.js';
import { loadCorpusFile, type Paper, type TermStats } from '../../src/index.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import {
  type AnswerItem,
  answerItems,
  CHAT_136K_FILE,
  CHAT_136K_MIXED_FILE,
  CHAT_136K_MORE_FILE,
  CHAT_136K_TRAIN_FILES,
  hasLitsearch,
  hasSciFact,
  type Judged,
  keyedChat,
  LITSEARCH_FILE,
  LITSEARCH_HARD_FILE,
  loadLitsearch,
  loadSciFactCorpus,
  loadSciFactTrain,
} from './benchmarks.js';
import { assignFolds, coordinateAscent, meanOfMeans, STEPS, seeded } from './coordinate-ascent.js';
import { loadDistractors, loadQuestions } from './evaluate.js';

const RANKING_FILE = fileURLToPath(new URL('../../data/ranking-weights.json', import.meta.url));
const SENTENCE_FILE = fileURLToPath(new URL('../../data/excerpt-weights.json', import.meta.url));
const NF = FIRST_FEATURES.length;
const NL = LEADER_FEATURES.length;
const round = (x: number) => Math.round(x * 1e4) / 1e4;
const trainOf = (file: string) => loadLitsearch(file).filter((i) => i.split === 'train');
/** How steeply the objective falls for a set below its figure under the current weights (per unit of shortfall). */
const NO_LOSS_PENALTY = 10;

/** Answering's sources over a list of papers. */
function sourcesOf(papers: readonly Paper[], termStats: TermStats): AnswerSources {
  return { papers: PaperList.of(papers), retriever: SearchIndex.build(papers), termStats };
}

// ---------------------------------------------------------------------------------------------- sentences

/** One (question, right paper) pair whose answer is known: the abstract analysed for the question. */
export interface SentenceExample {
  set: string;
  /** The question, for dealing folds (a question with several right papers stays in one fold). */
  question: string;
  analysis: SentenceAnalysis;
  shows: (excerpt: string) => boolean;
}

/** The pairs of a set: `answers` gives, per question, the right papers' ids and how to recognise the answer. */
export function sentenceExamples(set: string, sources: AnswerSources, items: readonly AnswerItem[]): SentenceExample[] {
  const position = new Map([...sources.papers.ids].map((id, i) => [id, i]));
  const out: SentenceExample[] = [];
  for (const item of items) {
    if (item.answers.length === 0) continue;
    const inputs = rankingInputs(sources, item.q);
    if (!inputs.ok || 'reason' in inputs) continue;
    for (const { id, shows } of item.answers) {
      const doc = position.get(id);
      if (doc === undefined) continue;
      const { text, groups, options } = inputs.excerptInput(doc);
      const analysis = analyzeSentences(text, groups, { ...options, allFeatures: true });
      out.push({ set, question: `${set}:${item.q}`, analysis, shows });
    }
  }
  return out;
}

const sentenceVector = (w: SentenceWeights) => Float64Array.from(SENTENCE_FEATURES.map((f) => w[f]));
const sentenceWeights = (v: Float64Array): SentenceWeights =>
  Object.fromEntries(SENTENCE_FEATURES.map((f, k) => [f, round(v[k]!)])) as SentenceWeights;

function sentenceHit(e: SentenceExample, w: SentenceWeights): number {
  const { start, end } = excerptSpan(e.analysis, w);
  return e.shows(e.analysis.text.slice(start, end)) ? 1 : 0;
}

// ------------------------------------------------------------------------------------------------ ranking

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

/** Retrieve a set's questions once and record every candidate's features (excerpts chosen with `weights`). */
export function recordSet(set: string, sources: AnswerSources, items: readonly Judged[], weights: SentenceWeights): Replay[] {
  const out: Replay[] = [];
  for (const item of items) {
    const inputs = rankingInputs(sources, item.q, { sentenceWeights: weights });
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
    // Replays sort by score, ties by position: keep candidates in corpus order so ties break as in `ask`.
    const byDoc = [...inputs.ranked].sort((a, b) => a.hit.doc - b.hit.doc);
    byDoc.forEach((r, i) => {
      FIRST_FEATURES.forEach((f, k) => {
        first[i * NF + k] = r.features[f];
      });
      const seen = inputs.inspect(r).leader;
      LEADER_FEATURES.forEach((f, k) => {
        leader[i * NL + k] = seen[f];
      });
      relevant[i] = relevantIds.has(sources.papers.ids.at(r.hit.doc)) ? 1 : 0;
    });
    out.push({ set, first, leader, relevant, nRelevant: relevantIds.size, n });
  }
  return out;
}

const LOG2 = Array.from({ length: 11 }, (_, k) => 1 / Math.log2(k + 2));

/** nDCG@10 of one question under weights `w` (first-pass, then leader weights), replaying `ask`'s two passes. */
export function replayNdcg(r: Replay, w: Float64Array, rerank: number = RANKING.rerank): number {
  if (r.n === 0 || r.nRelevant === 0) return 0;
  const s1 = new Float64Array(r.n);
  for (let i = 0; i < r.n; i++) {
    let s = 0;
    for (let k = 0; k < NF; k++) s += w[k]! * r.first[i * NF + k]!;
    s1[i] = s;
  }
  const order = Array.from({ length: r.n }, (_, i) => i).sort((a, b) => s1[b]! - s1[a]! || a - b);
  const leaders = order.slice(0, rerank);
  const s2 = new Float64Array(r.n);
  for (const i of leaders) {
    let s = s1[i]!;
    for (let k = 0; k < NL; k++) s += w[NF + k]! * r.leader[i * NL + k]!;
    s2[i] = s;
  }
  leaders.sort((a, b) => s2[b]! - s2[a]! || a - b);
  const top = [...leaders, ...order.slice(rerank)].slice(0, 10);
  let dcg = 0;
  top.forEach((i, k) => {
    if (r.relevant[i]) dcg += LOG2[k]!;
  });
  let ideal = 0;
  for (let k = 0; k < Math.min(10, r.nRelevant); k++) ideal += LOG2[k]!;
  return dcg / ideal;
}

const rankingVector = (w: RankingWeights) =>
  Float64Array.from([...FIRST_FEATURES.map((f) => w.first[f]), ...LEADER_FEATURES.map((f) => w.leaders[f])]);
const rankingWeights = (v: Float64Array): RankingWeights => ({
  first: Object.fromEntries(FIRST_FEATURES.map((f, k) => [f, round(v[k]!)])) as RankingWeights['first'],
  leaders: Object.fromEntries(LEADER_FEATURES.map((f, k) => [f, round(v[NF + k]!)])) as RankingWeights['leaders'],
});

// ------------------------------------------------------------------------------------- cross-validation

/**
 * `--only`: fit the named weights of one part (`names`, weights `current`), keeping its others; `fixed` is the
 * index held at its value when all are fitted. Without `only`, everything but `fixed` is fitted.
 */
function freeWeights(names: readonly string[], current: Float64Array, fixed: number, only: readonly string[] | undefined) {
  const free = only?.map((f) => names.indexOf(f)).filter((k) => k >= 0);
  if (!free) return { start: current, fixed, expand: (v: Float64Array) => v };
  const expand = (v: Float64Array) => {
    const full = Float64Array.from(current);
    free.forEach((k, j) => {
      full[k] = v[j]!;
    });
    return full;
  };
  return { start: Float64Array.from(free, (k) => current[k]!), fixed: -1, expand };
}

/**
 * Fit on all but one fold, score the held-out fold, for each fold; then fit on everything. `score(i, w)` is
 * item i's figure under weights w; items are grouped into sets by `sets` and dealt into folds by `keys`.
 */
function crossValidate(
  sets: readonly string[],
  keys: readonly string[],
  score: (i: number, w: Float64Array) => number,
  start: Float64Array,
  fixed: number,
  { folds, seed, restarts, tolerance }: { folds: number; seed: number; restarts: number; tolerance: number },
) {
  const rand = seeded(seed);
  const starts = () => [
    start,
    ...Array.from({ length: restarts }, () => {
      const v = Float64Array.from(start, () => rand());
      v[fixed] = start[fixed]!;
      return v;
    }),
  ];
  // Deal distinct keys (questions) into folds per set, then give each item its key's fold.
  const uniqueKeys = [...new Set(keys)];
  const keySet = uniqueKeys.map((k) => sets[keys.indexOf(k)]!);
  const keyFold = assignFolds(keySet, folds, rand);
  const foldOfKey = new Map(uniqueKeys.map((k, i) => [k, keyFold[i]!]));
  const fold = keys.map((k) => foldOfKey.get(k)!);
  // The objective: the mean over sets, less a steep penalty for any set falling more than `tolerance` below its
  // figure under the current weights, so that no set's loss is bought with another's gain.
  const objective = (include: (i: number) => boolean) => {
    const floor = meanOfMeans(sets, (i) => score(i, start), include).per;
    return (w: Float64Array) => {
      const { mean, per } = meanOfMeans(sets, (i) => score(i, w), include);
      let shortfall = 0;
      for (const s of Object.keys(per)) shortfall += Math.max(0, floor[s]! - tolerance - per[s]!);
      return mean - NO_LOSS_PENALTY * shortfall;
    };
  };
  const heldOut = new Float64Array(sets.length);
  for (let f = 0; f < folds; f++) {
    const { weights } = coordinateAscent(
      objective((i) => fold[i] !== f),
      starts(),
      fixed,
    );
    sets.forEach((_, i) => {
      if (fold[i] === f) heldOut[i] = score(i, weights);
    });
    console.log(`  fold ${f + 1}/${folds} done`);
  }
  const final = coordinateAscent(
    objective(() => true),
    starts(),
    fixed,
  ).weights;
  const table: Record<string, { questions: number; before: number; heldOut: number; training: number }> = {};
  const before = meanOfMeans(sets, (i) => score(i, start)).per;
  const after = meanOfMeans(sets, (i) => heldOut[i]!).per;
  const training = meanOfMeans(sets, (i) => score(i, final)).per;
  for (const s of Object.keys(before)) {
    table[s] = {
      questions: new Set(keys.filter((_, i) => sets[i] === s)).size,
      before: round(before[s]!),
      heldOut: round(after[s]!),
      training: round(training[s]!),
    };
  }
  return { final, table };
}

// --------------------------------------------------------------------------------------------------- main

async function main() {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '20' },
      restarts: { type: 'string', default: '2' },
      part: { type: 'string', default: 'all' },
      'dry-run': { type: 'boolean', default: false },
      rerank: { type: 'string' },
      only: { type: 'string' },
      'chat-distractors': { type: 'string', default: '10000' },
      'leave-out': { type: 'string', default: '' },
      tolerance: { type: 'string', default: '0' },
    },
  });
  // --leave-out: training sets not fitted on this run (to measure what a set adds).
  const leftOut = new Set(values['leave-out'].split(',').filter((x) => x !== ''));
  for (const s of leftOut)
    if (!['scifact', 'chat', 'litsearch', 'litsearch-hard', 'chat-136k'].includes(s))
      throw new Error(`--leave-out: unknown set "${s}" (scifact, chat, litsearch, litsearch-hard, chat-136k)`);
  const uses = (set: string) => !leftOut.has(set);
  if (!values['dry-run'] && !/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? ''))
    throw new Error('--date YYYY-MM-DD is required (the fit is dated as data)');
  const cv = {
    folds: Number(values.folds),
    seed: Number(values.seed),
    restarts: Number(values.restarts),
    tolerance: Number(values.tolerance),
  };
  if (!(cv.tolerance >= 0 && cv.tolerance < 1)) throw new Error(`--tolerance: a share in [0, 1), not "${values.tolerance}"`);
  // --only: the weights to fit, of either part (a new feature's weight without moving the rest).
  const only = values.only?.split(',').map((f) => f.trim());
  const known = new Set<string>([...SENTENCE_FEATURES, ...FIRST_FEATURES, ...LEADER_FEATURES]);
  for (const f of only ?? []) if (!known.has(f)) throw new Error(`--only: "${f}" is no sentence or ranking feature`);
  const lossRule = `less ${NO_LOSS_PENALTY}× any set's shortfall ${cv.tolerance > 0 ? `of more than ${cv.tolerance} ` : ''}below its figure under the previous weights`;
  const rerank = values.rerank ? Number(values.rerank) : RANKING.rerank;
  // The chat set's distractors: a number of them (every nth of the 136k), or `all` (undefined here).
  const chatDistractors = values['chat-distractors'] === 'all' ? undefined : Number(values['chat-distractors']);
  if (chatDistractors !== undefined && !(Number.isInteger(chatDistractors) && chatDistractors > 0))
    throw new Error(`--chat-distractors: a positive number or "all", not "${values['chat-distractors']}"`);
  const chatCorpus = chatDistractors === undefined ? 'all 136,575 distractors' : `${chatDistractors / 1000}k distractors`;
  const termStats = await defaultTermStats();
  const seedPapers = await loadCorpusFile(DEFAULT_CORPUS);
  const t0 = performance.now();
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;

  const sciFact =
    hasSciFact() && uses('scifact') ? { train: loadSciFactTrain(), sources: sourcesOf(await loadSciFactCorpus(), termStats) } : undefined;
  const chatQuestions = loadQuestions().filter((q) => q.kind !== 'out-of-scope');
  const provenance = {
    scifact: sciFact
      ? `SciFact train (${sciFact.train.length} claims over its 5,183 abstracts; ../shared/benchmarks/scifact, CC BY-NC 2.0: only these weights derive from it, no text)`
      : 'absent',
    chat: `test/eval/questions.jsonl (${chatQuestions.length} in-scope development questions)`,
    litsearch: hasLitsearch()
      ? 'test/eval/litsearch.jsonl, split train (120 questions) over the 136k corpus plus the 33 seed papers'
      : 'absent',
    'litsearch-hard':
      hasLitsearch() && existsSync(LITSEARCH_HARD_FILE)
        ? 'test/eval/litsearch-hard.jsonl, split train (100 questions) over the same papers (its test split is never fitted on)'
        : 'absent',
    'chat-136k':
      hasLitsearch() && existsSync(CHAT_136K_FILE) && uses('chat-136k')
        ? `test/eval/chat-136k.jsonl, split train (${trainOf(CHAT_136K_FILE).length} questions)${existsSync(CHAT_136K_MIXED_FILE) ? `, test/eval/chat-136k-mixed.jsonl, split train (${trainOf(CHAT_136K_MIXED_FILE).length} questions)` : ''}${existsSync(CHAT_136K_MORE_FILE) ? ` and test/eval/chat-136k-more.jsonl, split train (${trainOf(CHAT_136K_MORE_FILE).length} questions),` : ''} over the 136k corpus plus the 33 seed papers (their test splits are never fitted on)`
        : 'absent',
  };
  // The 136k corpus plus the seed, built once for whichever part needs it.
  let bigSources: AnswerSources | undefined;
  const big = async () => {
    bigSources ??= sourcesOf([...seedPapers, ...(await loadDistractors())], termStats);
    return bigSources;
  };
  const chat136k = provenance['chat-136k'] === 'absent' ? [] : CHAT_136K_TRAIN_FILES.filter((f) => existsSync(f)).flatMap(trainOf);

  let sentenceW = SENTENCE_WEIGHTS;
  // With --only, a part none of whose weights is named is left as it is.
  const fits = (part: string, features: readonly string[]) => {
    const named = !only || only.some((f) => features.includes(f));
    if (!named) console.log(`${part}: --only names none of its weights, left as they are`);
    return named;
  };
  const ownOnly = (features: readonly string[]) => only?.filter((f) => features.includes(f)).join(', ');
  if (values.part !== 'ranking' && fits('sentences', SENTENCE_FEATURES)) {
    const examples: SentenceExample[] = [];
    if (sciFact) examples.push(...sentenceExamples('scifact', sciFact.sources, answerItems(sciFact.train)));
    if (uses('chat')) examples.push(...sentenceExamples('chat', sourcesOf(seedPapers, termStats), answerItems(keyedChat(chatQuestions))));
    if (chat136k.length > 0) examples.push(...sentenceExamples('chat-136k', await big(), answerItems(chat136k)));
    console.log(`sentences: ${examples.length} (question, paper) pairs analysed in ${elapsed()}`);
    const free = freeWeights(SENTENCE_FEATURES, sentenceVector(SENTENCE_WEIGHTS), SENTENCE_FEATURES.indexOf('coverage'), only);
    const { final, table } = crossValidate(
      examples.map((e) => e.set),
      examples.map((e) => e.question),
      (i, w) => sentenceHit(examples[i]!, sentenceWeights(free.expand(w))),
      free.start,
      free.fixed,
      cv,
    );
    sentenceW = sentenceWeights(free.expand(final));
    console.log('sentences, share showing the answer (current → fitted on held-out folds; training):', JSON.stringify(table));
    console.log('sentence weights:', JSON.stringify(sentenceW));
    if (!values['dry-run']) {
      const file = {
        about:
          "Weights of citebot's sentence features for excerpts (src/answer/excerpt.ts), fitted by `npm run fit` (test/eval/fit.ts). Regenerate, never edit by hand.",
        sentence: sentenceW,
        provenance: {
          date: values.date,
          procedure: `coordinate ascent on the mean over sets of the share of (question, right paper) pairs whose excerpt shows the answer (SciFact: a gold rationale sentence; chat: the key phrase), ${lossRule}, ${only ? `only ${ownOnly(SENTENCE_FEATURES)} fitted, the other weights kept from the previous fit` : 'coverage weight fixed at 1'}, steps ±${STEPS.filter((x) => x > 0).join('/')}, ${cv.restarts} seeded random restarts besides the previous weights`,
          sets: {
            scifact: provenance.scifact,
            chat: `${provenance.chat}, those with a key phrase, over the 33 seed papers`,
            'chat-136k': provenance['chat-136k'],
          },
          folds: cv.folds,
          seed: cv.seed,
          crossValidation: table,
          licence: 'Fitted in part on SciFact (CC BY-NC 2.0): these numbers derive from it; no SciFact text is in the repository.',
        },
      };
      writeFileSync(SENTENCE_FILE, `${JSON.stringify(file, null, 2)}\n`);
      console.log(`wrote ${SENTENCE_FILE}`);
    }
  }

  if (values.part !== 'sentences' && fits('ranking', [...FIRST_FEATURES, ...LEADER_FEATURES])) {
    const replays: Replay[] = [];
    if (sciFact) replays.push(...recordSet('scifact', sciFact.sources, sciFact.train, sentenceW));
    // Among all 136k distractors, list questions are left out, as `npm run eval` leaves them out there (other
    // papers may rightly answer them).
    const chat = chatQuestions
      .filter((q) => chatDistractors !== undefined || q.kind !== 'list')
      .map((q, i) => ({ id: String(i), q: q.q, relevant: q.expected }));
    if (uses('chat')) {
      const chatSources =
        chatDistractors === undefined ? await big() : sourcesOf([...seedPapers, ...(await loadDistractors(chatDistractors))], termStats);
      replays.push(...recordSet('chat', chatSources, chat, sentenceW));
    }
    if (hasLitsearch()) {
      if (uses('litsearch')) replays.push(...recordSet('litsearch', await big(), trainOf(LITSEARCH_FILE), sentenceW));
      if (existsSync(LITSEARCH_HARD_FILE) && uses('litsearch-hard'))
        replays.push(...recordSet('litsearch-hard', await big(), trainOf(LITSEARCH_HARD_FILE), sentenceW));
      if (chat136k.length > 0) replays.push(...recordSet('chat-136k', await big(), chat136k, sentenceW));
    }
    console.log(`ranking: ${replays.length} questions recorded in ${elapsed()}`);
    const free = freeWeights(
      [...FIRST_FEATURES, ...LEADER_FEATURES],
      rankingVector(RANKING_WEIGHTS),
      FIRST_FEATURES.indexOf('lexical'),
      only,
    );
    const { final: reduced, table } = crossValidate(
      replays.map((r) => r.set),
      replays.map((_, i) => String(i)),
      (i, w) => replayNdcg(replays[i]!, free.expand(w), rerank),
      free.start,
      free.fixed,
      cv,
    );
    const final = free.expand(reduced);
    const fitted = rankingWeights(final);
    console.log('ranking nDCG@10 (current → fitted on held-out folds; training):', JSON.stringify(table));
    console.log('ranking weights:', JSON.stringify(fitted));
    if (!values['dry-run']) {
      const previous = JSON.parse(readFileSync(RANKING_FILE, 'utf8')) as { about: string };
      const file = {
        about: previous.about.startsWith('Weights')
          ? "Weights of citebot's ranking features (src/answer/rank.ts: first pass; src/answer/features.ts: leaders), fitted by `npm run fit` (test/eval/fit.ts). Regenerate, never edit by hand."
          : previous.about,
        ...fitted,
        provenance: {
          date: values.date,
          procedure: `coordinate ascent on the mean over sets of nDCG@10, ${lossRule}, replaying ask's two passes (${rerank} leaders reranked), ${only ? `only ${ownOnly([...FIRST_FEATURES, ...LEADER_FEATURES])} fitted, the other weights kept from the previous fit` : 'lexical weight fixed at 1'}, steps ±${STEPS.filter((x) => x > 0).join('/')}, ${cv.restarts} seeded random restarts besides the previous weights; excerpts chosen with the sentence weights of the same run`,
          sets: {
            ...provenance,
            chat: `test/eval/questions.jsonl (${chat.length} in-scope development questions${chatDistractors === undefined ? ', lists left out' : ''}) over the 33 seed papers + ${chatCorpus}`,
          },
          folds: cv.folds,
          seed: cv.seed,
          crossValidation: table,
          licence:
            'Fitted in part on SciFact (CC BY-NC 2.0): these numbers derive from it; no SciFact text is in the repository. The chat and literature-search sets are ours.',
        },
      };
      writeFileSync(RANKING_FILE, `${JSON.stringify(file, null, 2)}\n`);
      console.log(`wrote ${RANKING_FILE}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
