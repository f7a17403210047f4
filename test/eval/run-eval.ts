import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { createLibrary, type Library, loadCorpusFile, type Paper } from '../../src/index.js';
import {
  type BenchmarkRun,
  CHAT_136K_FILE,
  CHAT_136K_MIXED_FILE,
  CHAT_136K_MORE_FILE,
  CHAT_136K_STYLES_FILE,
  hasSciFact,
  type Judged,
  LITSEARCH_FILE,
  LITSEARCH_HARD_FILE,
  loadLitsearch,
  loadSciFactCorpus,
  loadSciFactTrain,
  runBenchmark,
} from './benchmarks.js';
import { PlainBm25, vocabularyOf } from './bm25.js';
import { evaluate, evaluateBm25, loadDistractors, loadQuestions, type Metrics } from './evaluate.js';
import { runIssue13 } from './issue13-run.js';

/**
 * `npm run eval`: retrieval quality, set by set (`--sets chat,scifact,litsearch,litsearch-hard,chat-136k,chat-136k-styles,chat-136k-mixed,chat-136k-more,absent,issue13`, default all but issue13;
 * `issue13`: see test/eval/issue13.ts).
 * - chat: the chat-style questions on the seed corpus, then hidden among 10k distractors; `--all` adds the run
 *   with all 136k distractors; `--questions FILE` asks another set (e.g. `test/eval/heldout.jsonl`, written
 *   apart from the tuning and never tuned against); `--misses` lists what went wrong.
 * - scifact: SciFact's training claims over its 5,183 abstracts (`../shared/benchmarks/scifact`).
 * - litsearch, litsearch-hard: the literature-search questions over the 136k corpus plus the seed, train and test rows.
 * - chat-136k: chat-style questions about papers of the 136k corpus, over the same papers, train and test rows;
 *   chat-136k-styles: more of them, in six other styles by another writer, test only; chat-136k-mixed: 200 more in
 *   ten styles by two more writers, train and test; chat-136k-more: 300 more in the same styles by three more writers,
 *   train and test.
 * - absent: the questions of those six sets over the 33 seed papers alone, where the paper each asks about is
 *   absent, and over the seed with the 10k distractors less every paper they ask about (not with `--seed-only`):
 *   the share abstained (answering names a wrong paper), train and test rows (the seed column's train rows are
 *   fitted on by `npm run fit:abstention`, the test rows and the 10k column never).
 * Each benchmark prints a plain BM25 baseline (k1 0.9, b 0.4, title + abstract, no stemming) computed in the
 * same run beside citebot. Deterministic: the same code gives the same table.
 */
const { values } = parseArgs({
  options: {
    sets: {
      type: 'string',
      default: 'chat,scifact,litsearch,litsearch-hard,chat-136k,chat-136k-styles,chat-136k-mixed,chat-136k-more,absent',
    },
    all: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    'no-stats': { type: 'boolean', default: false },
    questions: { type: 'string' },
  },
});
const KNOWN_SETS = [
  'chat',
  'scifact',
  'litsearch',
  'litsearch-hard',
  'chat-136k',
  'chat-136k-styles',
  'chat-136k-mixed',
  'chat-136k-more',
  'absent',
  'issue13',
];
const sets = new Set(values.sets.split(',').map((s) => s.trim()));
for (const s of sets) if (!KNOWN_SETS.includes(s)) throw new Error(`--sets: unknown set "${s}" (${KNOWN_SETS.join(', ')})`);
const termStats = values['no-stats'] ? undefined : await defaultTermStats();
const build = (papers: Paper[]) => createLibrary(papers, termStats ? { termStats } : {});
const seed = await loadCorpusFile(DEFAULT_CORPUS);
const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : x.toFixed(3).padStart(6));

// The 136k library is built once for the chat set's --all row and the literature-search questions.
let big: { papers: Paper[]; library: Library } | undefined;
async function bigLibrary() {
  if (!big) {
    const papers = [...seed, ...(await loadDistractors())];
    big = { papers, library: build(papers) };
  }
  return big;
}

/** The plain BM25 baseline over these papers (title + abstract), keeping the words of these questions. */
function baselineOver(papers: readonly Paper[], items: readonly Pick<Judged, 'q'>[]): PlainBm25 {
  return new PlainBm25(
    papers.map((p) => ({ id: p.id, text: `${p.title} ${p.abstract}` })),
    vocabularyOf(items.map((i) => i.q)),
  );
}

if (sets.has('chat')) {
  const questions = loadQuestions(values.questions);
  const rows: [string, Metrics][] = [];
  const distractorSet = questions.filter((q) => q.kind !== 'list' && q.kind !== 'out-of-scope');
  // Each corpus's row, then the plain BM25 baseline's over the same papers and questions.
  const both = (name: string, papers: readonly Paper[], library: Library, asked: typeof questions) => {
    rows.push([name, evaluate(library, asked)]);
    rows.push([
      `${name}, BM25`,
      evaluateBm25(
        baselineOver(
          papers,
          asked.map((q) => ({ q: q.q })),
        ),
        papers,
        asked,
      ),
    ]);
  };
  both('seed (33)', seed, build(seed), questions);
  if (!values['seed-only']) {
    const d10k = [...seed, ...(await loadDistractors(10_000))];
    both('+10k distractors', d10k, build(d10k), distractorSet);
    if (values.all) {
      const { papers, library } = await bigLibrary();
      both(`+${papers.length - seed.length} distractors`, papers, library, distractorSet);
    }
  }
  console.log(
    `## chat: ${questions.length} questions (${[...new Set(questions.map((q) => q.kind))].map((k) => `${k} ${questions.filter((q) => q.kind === k).length}`).join(', ')})\n`,
  );
  console.log('| corpus | top-1 | top-3 | MRR | answer-in-excerpt | list recall@5 | OOS abstention | false abstention |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, m] of rows) {
    console.log(
      `| ${name} | ${pct(m.top1)} | ${pct(m.top3)} | ${pct(m.mrr)} | ${pct(m.answerInExcerpt)} | ${pct(m.listRecall5)} | ${pct(m.oosAbstention)} | ${pct(m.falseAbstention)} |`,
    );
  }
  if (values.misses) {
    for (const [name, m] of rows.filter(([n]) => !n.endsWith(', BM25'))) {
      console.log(`\n### misses: ${name} (${m.misses.length})`);
      for (const x of m.misses) console.log(`- [${x.kind}] ${x.q} → ${x.why}`);
    }
  }
  console.log('');
}

const benchHeader = () => {
  console.log(
    '| set | questions | system | nDCG@10 | recall@5 | recall@10 | top-1 | MRR | gold sentence in 1st excerpt (BM25 row: naive window) | false abstention |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
};
const benchRows = (name: string, run: BenchmarkRun) => {
  const r = run.rationale;
  for (const [system, m, sentence] of [
    ['citebot', run.citebot, r.citebot],
    ['BM25', run.bm25, r.naive],
  ] as const) {
    const rationale = r.questions > 0 ? `${pct(sentence)} (${r.questions})` : '   -  ';
    console.log(
      `| ${name} | ${m.questions} | ${system} | ${pct(m.ndcg10)} | ${pct(m.recall5)} | ${pct(m.recall10)} | ${pct(m.top1)} | ${pct(m.mrr)} | ${rationale} | ${system === 'citebot' ? pct(run.abstained) : '   -  '} |`,
    );
  }
};

if (sets.has('scifact')) {
  if (!hasSciFact()) console.log('## scifact: ../shared/benchmarks/scifact not found, skipped\n');
  else {
    const corpus = await loadSciFactCorpus();
    const train = loadSciFactTrain();
    console.log(`## scifact: ${train.length} training claims over ${corpus.length} abstracts (dev split withheld)\n`);
    benchHeader();
    benchRows('train', runBenchmark(build(corpus), baselineOver(corpus, train), train));
    console.log('');
  }
}

// Over the 136k corpus plus the seed, each with a train split (fitted on) and a test split (never):
// litsearch; litsearch-hard, written later, apart, to be harder (questions phrased as a citing sentence, in the
// asker's words); chat-136k, chat-style questions about one paper each, whose key phrase marks the answer.
const BIG_SETS = [
  ['litsearch', LITSEARCH_FILE],
  ['litsearch-hard', LITSEARCH_HARD_FILE],
  ['chat-136k', CHAT_136K_FILE],
  ['chat-136k-styles', CHAT_136K_STYLES_FILE],
  ['chat-136k-mixed', CHAT_136K_MIXED_FILE],
  ['chat-136k-more', CHAT_136K_MORE_FILE],
] as const;
for (const [set, file] of BIG_SETS) {
  if (!sets.has(set)) continue;
  if (!existsSync(file)) {
    console.log(`## ${set}: ${file} not found, skipped\n`);
    continue;
  }
  const items = loadLitsearch(file);
  const { papers, library } = await bigLibrary();
  const bm25 = baselineOver(papers, items);
  console.log(`## ${set}: ${items.length} questions over ${papers.length} papers (split test never tuned on)\n`);
  benchHeader();
  for (const split of [...new Set(items.map((i) => i.split))].sort()) {
    benchRows(
      split ?? 'all',
      runBenchmark(
        library,
        bm25,
        items.filter((i) => i.split === split),
      ),
    );
  }
  console.log('');
}

// A question about a paper the collection lacks should abstain (and list the closest papers), not answer with
// another paper. BM25 always answers: its row would be 0 throughout.
if (sets.has('absent')) {
  const present = BIG_SETS.filter(([, file]) => existsSync(file)).map(([set, file]) => [set, loadLitsearch(file)] as const);
  const askedAbout = new Set(present.flatMap(([, items]) => items.flatMap((i) => i.relevant)));
  // The seed papers alone, and with the 10k distractors of the chat rows less every paper these sets ask about.
  const small = build(seed);
  const tenK = values['seed-only'] ? undefined : [...seed, ...(await loadDistractors(10_000)).filter((p) => !askedAbout.has(p.id))];
  const larger = tenK ? build(tenK) : undefined;
  const share = (library: Library, asked: readonly Judged[]) =>
    asked.filter((i) => {
      const res = library.ask(i.q, { top: 5 });
      return !res.ok || !res.answer.answered;
    }).length / asked.length;
  console.log(
    `## absent: questions about papers of the 136k corpus over papers lacking them: the ${seed.length} seed papers${tenK ? `, and ${tenK.length} (the seed and the 10k distractors less every paper asked about)` : ''}; share abstained (BM25 never abstains: 0)\n`,
  );
  console.log(`| set | split | questions | abstained, seed |${larger ? ' abstained, 10k |' : ''}`);
  console.log(`|---|---|---|---|${larger ? '---|' : ''}`);
  for (const [set, items] of present)
    for (const split of [...new Set(items.map((i) => i.split))].sort()) {
      const asked = items.filter((i) => i.split === split);
      console.log(
        `| ${set} | ${split} | ${asked.length} | ${pct(share(small, asked))} |${larger ? ` ${pct(share(larger, asked))} |` : ''}`,
      );
    }
  console.log('');
}

if (sets.has('issue13')) await runIssue13(seed, build, values.all ? await bigLibrary() : undefined);
