import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { createLibrary, loadCorpusFile, type Paper } from '../../src/index.js';
import { evaluate, loadDistractors, loadQuestions, type Metrics } from './evaluate.js';

/**
 * `npm run eval`: retrieval quality on the seed corpus, then hidden among 10k distractors.
 * `--all` adds the run with all 136k distractors; `--misses` lists what went wrong; `--questions FILE` asks
 * another set (e.g. `test/eval/heldout.jsonl`, written apart from the tuning and never tuned against).
 */
const { values } = parseArgs({
  options: {
    all: { type: 'boolean', default: false },
    misses: { type: 'boolean', default: false },
    'seed-only': { type: 'boolean', default: false },
    'no-stats': { type: 'boolean', default: false },
    questions: { type: 'string' },
  },
});
const questions = loadQuestions(values.questions);
const seed = await loadCorpusFile(DEFAULT_CORPUS);
const termStats = values['no-stats'] ? undefined : await defaultTermStats();
const build = (papers: Paper[]) => createLibrary(papers, termStats ? { termStats } : {});
const rows: [string, Metrics][] = [];
const distractorSet = questions.filter((q) => q.kind !== 'list' && q.kind !== 'out-of-scope');

rows.push(['seed (33)', evaluate(build(seed), questions)]);
if (!values['seed-only']) {
  const d10k = await loadDistractors(10_000);
  rows.push(['+10k distractors', evaluate(build([...seed, ...d10k]), distractorSet)]);
  if (values.all) {
    const all = await loadDistractors();
    rows.push([`+${all.length} distractors`, evaluate(build([...seed, ...all]), distractorSet)]);
  }
}

const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : x.toFixed(3).padStart(6));
console.log(
  `questions: ${questions.length} (${[...new Set(questions.map((q) => q.kind))].map((k) => `${k} ${questions.filter((q) => q.kind === k).length}`).join(', ')})\n`,
);
console.log('| corpus | top-1 | top-3 | MRR | answer-in-excerpt | list recall@5 | OOS abstention | false abstention |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, m] of rows) {
  console.log(
    `| ${name} | ${pct(m.top1)} | ${pct(m.top3)} | ${pct(m.mrr)} | ${pct(m.answerInExcerpt)} | ${pct(m.listRecall5)} | ${pct(m.oosAbstention)} | ${pct(m.falseAbstention)} |`,
  );
}
if (values.misses) {
  for (const [name, m] of rows) {
    console.log(`\n## misses: ${name} (${m.misses.length})`);
    for (const x of m.misses) console.log(`- [${x.kind}] ${x.q} → ${x.why}`);
  }
}
