/**
 * `npm run fit:abstention -- --date YYYY-MM-DD`: fit the thresholds of the answered / abstain decision
 * (`data/abstention.json`; `confident` in src/answer/rank.ts) on training questions, with k-fold cross-validation
 * for an honest figure, and write them with their provenance. `--dry-run` prints and writes nothing;
 * `--only minPartialCoverage,minMatchedWeight` fits those thresholds and keeps the others.
 *
 * Every training question is asked once, as `npm run eval` asks it, and the evidence of its answer recorded; a
 * point of the grid is scored by replaying `confident` over that evidence, which decides exactly as answering
 * does. Answers the thresholds do not decide (nothing to search, a name no paper has, several papers sharing a
 * name, a comparison) keep their outcome.
 *
 * Training sets (never a held-out one):
 * - chat development questions (test/eval/questions.jsonl) over the 33 seed papers: in scope and out of scope;
 * - the `fresh-dev.jsonl` half of the second chat set written apart (its `fresh-test.jsonl` half is never read
 *   here), over the seed papers: in scope and out of scope;
 * - chat development questions among 10k distractors, lists and out-of-scope left out (in scope);
 * - SciFact train claims over its abstracts and the `train` splits of litsearch and litsearch-hard over the 136k
 *   papers (all in scope: an abstention there is a false one);
 * - the `train` splits of the chat sets about 136k papers (chat-136k, -mixed, -more) over the 136k papers (in scope);
 * - the same chat questions, and litsearch's and litsearch-hard's `train` questions, over the 33 seed papers alone,
 *   where the paper each asks about is absent (out of scope: a user asking about a paper their collection lacks).
 * A set's score is the share of right decisions, its in-scope and out-of-scope questions weighed half each when it
 * has both; the objective is the mean over sets, less ten times any set's out-of-scope abstention falling below its
 * figure under the current thresholds (no false answer is bought with fewer false abstentions). The grid:
 * minCoverage 0.30–0.70, minPartialCoverage 0.15–0.50 (step 0.05), minMatchedWeight 4–20 (step 1),
 * minInformativeWeight 1.5–4 (step 0.5); ties go to the point nearest the current thresholds.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { ABSTENTION, type AbstentionThresholds, confident } from '../../src/answer/rank.js';
import type { Evidence } from '../../src/answer/types.js';
import { createLibrary, type Library, loadCorpusFile, type Paper } from '../../src/index.js';
import {
  CHAT_136K_TRAIN_FILES,
  hasSciFact,
  LITSEARCH_FILE,
  LITSEARCH_HARD_FILE,
  loadLitsearch,
  loadSciFactCorpus,
  loadSciFactTrain,
} from './benchmarks.js';
import { assignFolds, seeded } from './coordinate-ascent.js';
import { loadDistractors, loadQuestions } from './evaluate.js';

const FILE = fileURLToPath(new URL('../../data/abstention.json', import.meta.url));
export const FRESH_DEV_FILE = fileURLToPath(new URL('./fresh-dev.jsonl', import.meta.url));
const NO_LOSS_PENALTY = 10;

/** One question's recorded outcome: its evidence when the thresholds decide it, else its fixed outcome. */
export interface Decision {
  set: string;
  question: string;
  outOfScope: boolean;
  evidence?: Evidence;
  fixed?: boolean;
}

/** Ask each question once and record what decides it. */
export function record(set: string, library: Library, items: readonly { q: string; outOfScope: boolean }[]): Decision[] {
  return items.map(({ q, outOfScope }) => {
    const res = library.ask(q, { top: 5 });
    const base = { set, question: `${set}:${q}`, outOfScope };
    if (!res.ok) return { ...base, fixed: false };
    const a = res.answer;
    const decided =
      a.evidence !== undefined && (a.reason === undefined || a.reason === 'weak-match') && !a.ambiguous && a.kind !== 'compare';
    return decided ? { ...base, evidence: a.evidence } : { ...base, fixed: a.answered };
  });
}

const answeredUnder = (d: Decision, t: AbstentionThresholds) => (d.evidence ? confident(d.evidence, t) : d.fixed!);

/** Per set: share of right decisions (halves for in scope and out of scope when both), and out-of-scope abstention. */
export function scoreSets(decisions: readonly Decision[], t: AbstentionThresholds, include: (i: number) => boolean = () => true) {
  const per = new Map<string, { inN: number; inOk: number; outN: number; outOk: number }>();
  decisions.forEach((d, i) => {
    if (!include(i)) return;
    const s = per.get(d.set) ?? { inN: 0, inOk: 0, outN: 0, outOk: 0 };
    const answered = answeredUnder(d, t);
    if (d.outOfScope) {
      s.outN++;
      if (!answered) s.outOk++;
    } else {
      s.inN++;
      if (answered) s.inOk++;
    }
    per.set(d.set, s);
  });
  const out: Record<string, { score: number; falseAbstention: number; oosAbstention: number; questions: number }> = {};
  for (const [set, s] of per) {
    const inside = s.inN > 0 ? s.inOk / s.inN : Number.NaN;
    const outside = s.outN > 0 ? s.outOk / s.outN : Number.NaN;
    out[set] = {
      score: s.outN > 0 && s.inN > 0 ? (inside + outside) / 2 : s.outN > 0 ? outside : inside,
      falseAbstention: s.inN > 0 ? 1 - inside : Number.NaN,
      oosAbstention: outside,
      questions: s.inN + s.outN,
    };
  }
  return out;
}

/** The thresholds' names, for `--only`. */
export const THRESHOLD_NAMES = ['minCoverage', 'minPartialCoverage', 'minMatchedWeight', 'minInformativeWeight'] as const;
export type ThresholdName = (typeof THRESHOLD_NAMES)[number];

/** The grid's points; a threshold not in `free` keeps its value in `current`. */
function grid(current: AbstentionThresholds, free: ReadonlySet<ThresholdName>): AbstentionThresholds[] {
  const range = (a: number, b: number, step: number) => {
    const out: number[] = [];
    for (let x = a; x <= b + 1e-9; x += step) out.push(Math.round(x * 100) / 100);
    return out;
  };
  const axis = (name: ThresholdName, values: number[]) => (free.has(name) ? values : [current[name]]);
  const points: AbstentionThresholds[] = [];
  for (const minCoverage of axis('minCoverage', range(0.3, 0.7, 0.05)))
    for (const minPartialCoverage of axis('minPartialCoverage', range(0.15, 0.5, 0.05)))
      for (const minMatchedWeight of axis('minMatchedWeight', range(4, 20, 1)))
        for (const minInformativeWeight of axis('minInformativeWeight', range(1.5, 4, 0.5)))
          if (minPartialCoverage <= minCoverage) points.push({ minCoverage, minPartialCoverage, minMatchedWeight, minInformativeWeight });
  return points;
}

const distance = (a: AbstentionThresholds, b: AbstentionThresholds) =>
  Math.abs(a.minCoverage - b.minCoverage) / 0.05 +
  Math.abs(a.minPartialCoverage - b.minPartialCoverage) / 0.05 +
  Math.abs(a.minMatchedWeight - b.minMatchedWeight) +
  Math.abs(a.minInformativeWeight - b.minInformativeWeight) / 0.5;

/** The best point of the grid on the included questions (ties: nearest the current thresholds), moving only `free`. */
export function fitThresholds(
  decisions: readonly Decision[],
  include: (i: number) => boolean,
  current = ABSTENTION,
  free: ReadonlySet<ThresholdName> = new Set(THRESHOLD_NAMES),
): AbstentionThresholds {
  const floor = scoreSets(decisions, current, include);
  let best = current;
  let bestValue = Number.NEGATIVE_INFINITY;
  let bestDistance = 0;
  for (const t of grid(current, free)) {
    const per = scoreSets(decisions, t, include);
    let sum = 0;
    let n = 0;
    let shortfall = 0;
    for (const [set, s] of Object.entries(per)) {
      sum += s.score;
      n++;
      const before = floor[set]!.oosAbstention;
      if (!Number.isNaN(before)) shortfall += Math.max(0, before - s.oosAbstention);
    }
    const value = sum / n - NO_LOSS_PENALTY * shortfall;
    const d = distance(t, current);
    if (value > bestValue + 1e-12 || (Math.abs(value - bestValue) <= 1e-12 && d < bestDistance)) {
      best = t;
      bestValue = value;
      bestDistance = d;
    }
  }
  return best;
}

async function main() {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '20' },
      'dry-run': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
  });
  if (!values['dry-run'] && !/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? ''))
    throw new Error('give --date YYYY-MM-DD (the provenance date), or --dry-run');
  const free = new Set<ThresholdName>(
    values.only === undefined
      ? THRESHOLD_NAMES
      : values.only.split(',').map((name) => {
          const n = name.trim() as ThresholdName;
          if (!THRESHOLD_NAMES.includes(n)) throw new Error(`--only: unknown threshold "${name}" (${THRESHOLD_NAMES.join(', ')})`);
          return n;
        }),
  );
  const termStats = await defaultTermStats();
  const build = (papers: readonly Paper[]) => createLibrary(papers, { termStats });
  const seed = await loadCorpusFile(DEFAULT_CORPUS);
  const decisions: Decision[] = [];
  const chat = loadQuestions();
  const asItems = (qs: typeof chat) => qs.map((q) => ({ q: q.q, outOfScope: q.kind === 'out-of-scope' }));
  const seedLibrary = build(seed);
  decisions.push(...record('chat', seedLibrary, asItems(chat)));
  if (existsSync(FRESH_DEV_FILE)) decisions.push(...record('fresh-dev', seedLibrary, asItems(loadQuestions(FRESH_DEV_FILE))));
  const d10k = build([...seed, ...(await loadDistractors(10_000))]);
  decisions.push(...record('chat-10k', d10k, asItems(chat.filter((q) => q.kind !== 'list' && q.kind !== 'out-of-scope'))));
  if (hasSciFact())
    decisions.push(
      ...record(
        'scifact',
        build(await loadSciFactCorpus()),
        loadSciFactTrain().map((t) => ({ q: t.q, outOfScope: false })),
      ),
    );
  const big = build([...seed, ...(await loadDistractors())]);
  for (const [set, file] of [
    ['litsearch', LITSEARCH_FILE],
    ['litsearch-hard', LITSEARCH_HARD_FILE],
  ] as const)
    if (existsSync(file))
      decisions.push(
        ...record(
          set,
          big,
          loadLitsearch(file)
            .filter((i) => i.split === 'train')
            .map((i) => ({ q: i.q, outOfScope: false })),
        ),
      );
  // Questions about papers of the 136k corpus: in scope over it, out of scope over the seed papers alone (the
  // same question, with and without its paper).
  const chatTrain = CHAT_136K_TRAIN_FILES.filter(existsSync).flatMap((f) => loadLitsearch(f).filter((i) => i.split === 'train'));
  const litTrain = [LITSEARCH_FILE, LITSEARCH_HARD_FILE]
    .filter(existsSync)
    .flatMap((f) => loadLitsearch(f).filter((i) => i.split === 'train'));
  if (chatTrain.length > 0) {
    decisions.push(
      ...record(
        'chat-136k',
        big,
        chatTrain.map((i) => ({ q: i.q, outOfScope: false })),
      ),
    );
    decisions.push(
      ...record(
        'chat-136k-absent',
        seedLibrary,
        chatTrain.map((i) => ({ q: i.q, outOfScope: true })),
      ),
    );
  }
  if (litTrain.length > 0)
    decisions.push(
      ...record(
        'litsearch-absent',
        seedLibrary,
        litTrain.map((i) => ({ q: i.q, outOfScope: true })),
      ),
    );
  console.log(`${decisions.length} questions recorded (${decisions.filter((d) => d.evidence).length} decided by the thresholds)`);

  // Folds per question within each set.
  const folds = Number(values.folds);
  const fold = assignFolds(
    decisions.map((d) => d.set),
    folds,
    seeded(Number(values.seed)),
  );
  const heldOut = decisions.map(() => false);
  for (let f = 0; f < folds; f++) {
    const t = fitThresholds(decisions, (i) => fold[i] !== f, ABSTENTION, free);
    decisions.forEach((d, i) => {
      if (fold[i] === f) heldOut[i] = answeredUnder(d, t);
    });
  }
  const final = fitThresholds(decisions, () => true, ABSTENTION, free);
  const before = scoreSets(decisions, ABSTENTION);
  const after = scoreSets(decisions, final);
  // Held-out: each question decided by the thresholds fitted without its fold.
  const heldOutDecisions = decisions.map((d, i) => ({ ...d, evidence: undefined, fixed: heldOut[i]! }));
  const held = scoreSets(heldOutDecisions, ABSTENTION);
  const round = (x: number) => (Number.isNaN(x) ? null : Math.round(x * 1000) / 1000);
  const table = Object.fromEntries(
    Object.keys(before).map((s) => [
      s,
      {
        questions: before[s]!.questions,
        before: { falseAbstention: round(before[s]!.falseAbstention), oosAbstention: round(before[s]!.oosAbstention) },
        heldOut: { falseAbstention: round(held[s]!.falseAbstention), oosAbstention: round(held[s]!.oosAbstention) },
        training: { falseAbstention: round(after[s]!.falseAbstention), oosAbstention: round(after[s]!.oosAbstention) },
      },
    ]),
  );
  console.log('abstention (current → held-out folds; training):', JSON.stringify(table, null, 1));
  console.log('thresholds:', JSON.stringify(final));
  if (values['dry-run']) return;
  const file = {
    about:
      "Thresholds of citebot's answered / abstain decision (src/answer/rank.ts, `confident`), fitted by `npm run fit:abstention` (test/eval/fit-abstention.ts). Regenerate, never edit by hand.",
    thresholds: final,
    provenance: {
      date: values.date,
      procedure: `grid search (minCoverage 0.30-0.70, minPartialCoverage 0.15-0.50 by 0.05, minMatchedWeight 4-20 by 1, minInformativeWeight 1.5-4 by 0.5) on the mean over sets of the share of right decisions (in-scope and out-of-scope halves weighed equally), less ${NO_LOSS_PENALTY}x any set's out-of-scope abstention falling below its figure under the previous thresholds; ties to the point nearest the previous thresholds; each question's evidence recorded once and confident() replayed${free.size < THRESHOLD_NAMES.length ? `; only ${[...free].join(', ')} fitted, the others kept from the previous fit` : ''}`,
      sets: {
        chat: 'test/eval/questions.jsonl (240) over the 33 seed papers',
        'fresh-dev': 'test/eval/fresh-dev.jsonl (40) over the seed papers (its fresh-test.jsonl half is never fitted on)',
        'chat-10k': 'test/eval/questions.jsonl, in scope and not lists, over the seed papers + 10k distractors',
        scifact:
          'SciFact train claims over its 5,183 abstracts (../shared/benchmarks/scifact, CC BY-NC 2.0: only these numbers derive from it)',
        litsearch: 'test/eval/litsearch.jsonl and litsearch-hard.jsonl, split train, over the 136k corpus plus the seed',
        'chat-136k': 'test/eval/chat-136k.jsonl, chat-136k-mixed.jsonl and chat-136k-more.jsonl, split train, over the same papers',
        'chat-136k-absent': 'the same chat questions over the 33 seed papers alone, where their papers are absent (out of scope)',
        'litsearch-absent': 'the litsearch and litsearch-hard train questions over the 33 seed papers alone (out of scope)',
      },
      folds,
      seed: Number(values.seed),
      crossValidation: table,
    },
  };
  writeFileSync(FILE, `${JSON.stringify(file, null, 2)}\n`);
  console.log(`wrote ${FILE}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
