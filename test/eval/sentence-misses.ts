/**
 * `npx tsx test/eval/sentence-misses.ts [--set chat|chat-136k|scifact] [--questions FILE] [--limit N]`: for reading why an
 * excerpt missed (`--questions` names another training chat set, such as test/eval/fresh-dev.jsonl).
 * For every (training question, right paper) whose excerpt does not show the answer (chat development
 * questions' key phrase over the seed papers; the `train` splits of chat-136k, chat-136k-mixed and chat-136k-more over the 136k corpus; SciFact train's gold
 * rationale sentences), prints the excerpt
 * chosen, the sentence that holds the answer, and both sentences' weighted features, so one sees which
 * feature lost it. Training sets only (the held-out chat set is never read here). Prints SciFact text to the
 * terminal only: nothing is written.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { analyzeSentences, excerptSpan, SENTENCE_FEATURES, SENTENCE_WEIGHTS } from '../../src/answer/excerpt.js';
import { type AnswerSources, rankingInputs } from '../../src/answer/ranking-inputs.js';
import { PaperList } from '../../src/corpus/paper-list.js';
import { loadCorpusFile, type Paper } from '../../src/index.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import {
  type AnswerItem,
  answerItems,
  CHAT_136K_TRAIN_FILES,
  hasSciFact,
  keyedChat,
  loadLitsearch,
  loadSciFactCorpus,
  loadSciFactTrain,
} from './benchmarks.js';
import { loadDistractors, loadQuestions } from './evaluate.js';

const { values } = parseArgs({
  options: { set: { type: 'string', default: 'chat' }, limit: { type: 'string', default: '1000' }, questions: { type: 'string' } },
});
if (/heldout|fresh-test/.test(values.questions ?? '')) throw new Error('the never-tuned sets are not read here');
const termStats = await defaultTermStats();
const sourcesOf = (papers: readonly Paper[]): AnswerSources => ({
  papers: PaperList.of(papers),
  retriever: SearchIndex.build(papers),
  termStats,
});

let sources: AnswerSources;
let items: AnswerItem[];
if (values.set === 'scifact') {
  if (!hasSciFact()) throw new Error('../shared/benchmarks/scifact not found');
  sources = sourcesOf(await loadSciFactCorpus());
  items = answerItems(loadSciFactTrain());
} else if (values.set === 'chat-136k') {
  sources = sourcesOf([...(await loadCorpusFile(DEFAULT_CORPUS)), ...(await loadDistractors())]);
  items = answerItems(
    CHAT_136K_TRAIN_FILES.filter((f) => existsSync(f))
      .flatMap((f) => loadLitsearch(f))
      .filter((t) => t.split === 'train'),
  );
} else {
  sources = sourcesOf(await loadCorpusFile(DEFAULT_CORPUS));
  items = answerItems(keyedChat(loadQuestions(values.questions)));
}
const position = new Map([...sources.papers.ids].map((id, i) => [id, i]));
const w = SENTENCE_WEIGHTS;
const NS = SENTENCE_FEATURES.length;
let pairs = 0;
let misses = 0;
for (const item of items) {
  const inputs = rankingInputs(sources, item.q);
  if (!inputs.ok || 'reason' in inputs) continue;
  for (const { id, shows } of item.answers) {
    const doc = position.get(id);
    if (doc === undefined) continue;
    pairs++;
    const { text, groups, options } = inputs.excerptInput(doc);
    const a = analyzeSentences(text, groups, { ...options, allFeatures: true });
    const span = excerptSpan(a, w);
    const shown = text.slice(span.start, span.end);
    if (shows(shown)) continue;
    misses++;
    if (misses > Number(values.limit)) continue;
    const score = (i: number) => SENTENCE_FEATURES.reduce((s, f, k) => s + w[f] * a.features[i * NS + k]!, 0);
    const feats = (i: number) =>
      SENTENCE_FEATURES.map((f, k) => [f, a.features[i * NS + k]!] as const)
        .filter(([, v]) => v !== 0)
        .map(([f, v]) => `${f}=${v.toFixed(2)}${w[f] === 0 ? '(w0)' : ''}`)
        .join(' ');
    const cues = Object.entries(options)
      .filter(([, v]) => v === true)
      .map(([k]) => k)
      .join(',');
    console.log(`\n=== ${item.q}  [${id}] cues: ${cues}`);
    console.log(`  shown: ${shown.slice(0, 300)}`);
    const answerIdx = a.spans.findIndex((s) => shows(text.slice(s.start, s.end)));
    a.spans.forEach((s, i) => {
      const mark = text.slice(s.start, s.end);
      const inShown = s.start >= span.start && s.end <= span.end;
      const tag = i === answerIdx ? 'ANS' : inShown ? 'SHW' : '   ';
      if (i === answerIdx || inShown)
        console.log(`  ${tag} #${i} ${score(i).toFixed(3)} [${feats(i)}] ${mark.slice(0, 200).replace(/\n/g, ' ')}`);
    });
    if (answerIdx < 0) {
      console.log('  (answer spans sentences:)');
      a.spans.forEach((s, i) => {
        console.log(`    #${i} ${score(i).toFixed(3)} ${text.slice(s.start, s.end).slice(0, 160)}`);
      });
    }
  }
}
console.log(`\n${misses} misses of ${pairs} pairs (${(1 - misses / pairs).toFixed(3)} shown)`);
