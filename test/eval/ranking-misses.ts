import { existsSync } from 'node:fs';
/**
 * `npx tsx test/eval/ranking-misses.ts [--set chat|chat-10k|litsearch|litsearch-hard|chat-136k|scifact] [--questions FILE]`
 * (another training chat set, such as test/eval/fresh-dev.jsonl, for the chat sets): for reading why the
 * right paper lost. For every training question whose first paper is wrong (chat development questions among
 * all 136k distractors, lists and out-of-scope left out, or among 10k; the `train` split of a literature-search
 * set; SciFact train), prints the question's ranking words, where the right paper stood after the first pass and
 * after the rerank, and both papers' features of each pass, so one sees which features favoured the winner.
 * A summary counts the misses by stage: not among the candidates, outside the reranked leaders, lost in the
 * rerank. Training sets only (never `heldout.jsonl` nor a `test` split). Prints text to the terminal only.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { dot, RANKING, RANKING_WEIGHTS, type Ranked } from '../../src/answer/rank.js';
import { type AnswerSources, rankingInputs } from '../../src/answer/ranking-inputs.js';
import { PaperList } from '../../src/corpus/paper-list.js';
import { loadCorpusFile, type Paper } from '../../src/index.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import {
  CHAT_136K_TRAIN_FILES,
  LITSEARCH_FILE,
  LITSEARCH_HARD_FILE,
  loadLitsearch,
  loadSciFactCorpus,
  loadSciFactTrain,
} from './benchmarks.js';
import { loadDistractors, loadQuestions } from './evaluate.js';

const SETS = ['chat', 'chat-10k', 'litsearch', 'litsearch-hard', 'chat-136k', 'scifact'];
const FILES: Record<string, readonly string[]> = {
  litsearch: [LITSEARCH_FILE],
  'litsearch-hard': [LITSEARCH_HARD_FILE],
  'chat-136k': CHAT_136K_TRAIN_FILES.filter((f) => existsSync(f)),
};
const { values } = parseArgs({ options: { set: { type: 'string', default: 'chat' }, questions: { type: 'string' } } });
if (/heldout|fresh-test/.test(values.questions ?? '')) throw new Error('the never-tuned sets are not read here');
if (!SETS.includes(values.set)) throw new Error(`--set: one of ${SETS.join(', ')}`);
const termStats = await defaultTermStats();
const sourcesOf = (papers: readonly Paper[]): AnswerSources => ({
  papers: PaperList.of(papers),
  retriever: SearchIndex.build(papers),
  termStats,
});

let sources: AnswerSources;
let items: { q: string; relevant: string[] }[];
if (values.set === 'scifact') {
  sources = sourcesOf(await loadSciFactCorpus());
  items = loadSciFactTrain().map((t) => ({ q: t.q, relevant: t.relevant }));
} else {
  const seed = await loadCorpusFile(DEFAULT_CORPUS);
  sources = sourcesOf([...seed, ...(await loadDistractors(values.set === 'chat-10k' ? 10_000 : undefined))]);
  const files = FILES[values.set];
  items = !files
    ? loadQuestions(values.questions)
        .filter((q) => q.kind !== 'list' && q.kind !== 'out-of-scope')
        .map((q) => ({ q: q.q, relevant: q.expected }))
    : files
        .flatMap((f) => loadLitsearch(f))
        .filter((i) => i.split === 'train')
        .map((i) => ({ q: i.q, relevant: i.relevant }));
}

const fmt = (o: Readonly<Record<string, number>>) =>
  Object.entries(o)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
const stages = { 'not a candidate': 0, 'outside the leaders': 0, 'lost in the rerank': 0, 'no match': 0 };
let misses = 0;
for (const item of items) {
  const inputs = rankingInputs(sources, item.q);
  const relevant = (doc: number) => item.relevant.includes(sources.papers.ids.at(doc));
  if (!inputs.ok || 'reason' in inputs) {
    misses++;
    stages['no match']++;
    console.log(`\n## ${item.q}\n  nothing matched`);
    continue;
  }
  const seen = (r: Ranked) => {
    const s = inputs.inspect(r);
    return { r, leader: s.leader, score: r.score + dot(s.leader, RANKING_WEIGHTS.leaders) };
  };
  const leaders = inputs.ranked.slice(0, RANKING.rerank).map(seen);
  leaders.sort((a, b) => b.score - a.score || a.r.hit.doc - b.r.hit.doc);
  const finalRank = leaders.findIndex((l) => relevant(l.r.hit.doc));
  if (finalRank === 0) continue;
  misses++;
  const firstRank = inputs.ranked.findIndex((r) => relevant(r.hit.doc));
  const stage = firstRank < 0 ? 'not a candidate' : finalRank < 0 ? 'outside the leaders' : 'lost in the rerank';
  stages[stage]++;
  console.log(
    `\n## ${item.q}\n  ${stage}: first pass ${firstRank < 0 ? '-' : firstRank + 1}, rerank ${finalRank < 0 ? '-' : finalRank + 1}`,
  );
  console.log(`  words: ${inputs.words.map((w) => `${w.text} [${w.known.join('|') || '-'}] ${w.weight.toFixed(1)}`).join('; ')}`);
  const show = (tag: string, s: ReturnType<typeof seen>) => {
    const p = sources.papers.at(s.r.hit.doc);
    console.log(`  ${tag} ${p.id} "${p.title.slice(0, 90)}"`);
    console.log(`    first pass ${s.r.score.toFixed(3)}: ${fmt(s.r.features)}; matched ${s.r.hit.matched.join(', ')}`);
    console.log(`    after rerank ${s.score.toFixed(3)}: ${fmt(s.leader)}`);
  };
  show('winner', leaders[0]!);
  if (firstRank >= 0) show('right ', finalRank > 0 ? leaders[finalRank]! : seen(inputs.ranked[firstRank]!));
}
console.log(`\n${misses} of ${items.length} questions with a wrong first paper: ${fmt(stages).replace(/\.00/g, '')}`);
