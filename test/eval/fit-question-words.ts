/**
 * `npm run fit:question-words -- --date YYYY-MM-DD`: estimate, for each word people ask with, how often the paper
 * that answers says it, and write the words said much less often than the average asked word to
 * `data/question-words.json` with their provenance (`--dry-run` prints and writes nothing).
 *
 * A question's words are of two kinds: its topic ("kv cache", "dutch"), which the answering abstract says, and
 * the language of asking ("trick", "beat", "keep", "vs", "way"), which abstracts seldom write, so their IDF is
 * high and they would weigh like rare topic words. This is Robertson and Spärck Jones's relevance weighting read
 * from questions with known answers: for a word w, n questions contain it and h of them have an answering paper
 * whose title or abstract says it (any of its index terms, or an excerpt synonym of one). Its necessity is
 * smoothed toward the mean over all asked words, p = Σh / Σn, with a prior worth `PRIOR_QUESTIONS` questions:
 * s = (h + PRIOR_QUESTIONS · p) / (n + PRIOR_QUESTIONS). A word's weight in a question is scaled by s / p when that is
 * below one (never raised). Only words asked about at least `MIN_PAPERS` different papers are kept, so a topic
 * word one paper's questions share is no question language.
 *
 * Training questions only (never a held-out split): the chat development set (questions.jsonl) and fresh-dev.jsonl
 * over the seed papers, and the `train` rows of litsearch, litsearch-hard, chat-136k, chat-136k-mixed and
 * chat-136k-more over the 136k corpus. SciFact is not read. `--prior` and `--min-papers` try other smoothing (defaults
 * 4 and 3; 4 against 10 was compared on the training sets of `npm run eval`).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS } from '../../adapters/shared/corpus.js';
import { readQuestion } from '../../src/answer/question.js';
import { synonymsOf } from '../../src/answer/synonyms.js';
import { loadCorpusFile } from '../../src/index.js';
import { analyze, tokenize } from '../../src/retrieval/analyzer.js';
import { CONTRACTION } from '../../src/retrieval/stop-words.js';
import { CHAT_136K_TRAIN_FILES, LITSEARCH_FILE, LITSEARCH_HARD_FILE } from './benchmarks.js';
import { loadDistractors, QUESTIONS_FILE } from './evaluate.js';
import { FRESH_DEV_FILE } from './fit-abstention.js';

/** The default smoothing: how many questions' worth of evidence the prior (the mean necessity) counts as. */
export const PRIOR_QUESTIONS = 4;
/** The default: a word must be asked about this many different papers to count as question language. */
export const MIN_PAPERS = 3;
/** The fitted file. */
export const QUESTION_WORDS_FILE = fileURLToPath(new URL('../../data/question-words.json', import.meta.url));

interface Asked {
  q: string;
  expected: string[];
}
function read(file: string, trainOnly: boolean): Asked[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { q: string; expected?: string[]; split?: string })
    .filter((r) => (r.expected ?? []).length > 0 && (!trainOnly || r.split === 'train'))
    .map((r) => ({ q: r.q, expected: r.expected! }));
}

/** One fitted word: questions asking with it, those whose answering paper says it, the weight factor. */
export type FittedWord = [questions: number, said: number, factor: number];

/** Fit the question words on the training sets (reads the seed and the 136k corpus from ../shared). */
export async function fitQuestionWords(prior = PRIOR_QUESTIONS, minPapers = MIN_PAPERS) {
  const sets: Record<string, Asked[]> = {
    chat: read(QUESTIONS_FILE, false),
    'fresh-dev': read(FRESH_DEV_FILE, false),
    litsearch: read(LITSEARCH_FILE, true),
    'litsearch-hard': read(LITSEARCH_HARD_FILE, true),
    ...Object.fromEntries(CHAT_136K_TRAIN_FILES.map((f) => [f.replace(/^.*\/|\.jsonl$/g, ''), read(f, true)])),
  };
  const questions = Object.values(sets).flat();
  const wanted = new Set(questions.flatMap((q) => q.expected));
  const saying = new Map<string, Set<string>>();
  for (const p of [...(await loadCorpusFile(DEFAULT_CORPUS)), ...(await loadDistractors())]) {
    if (wanted.has(p.id)) saying.set(p.id, new Set(analyze(`${p.title} ${p.abstract}`)));
  }
  // Per word (its one index term): questions asking with it, those whose paper says it, the papers asked about.
  const counts = new Map<string, { n: number; h: number; papers: Set<string> }>();
  for (const { q, expected } of questions) {
    const read = readQuestion(q);
    if (!read.ok) continue;
    const text = read.question.searchText;
    const seen = new Set<string>();
    for (const tok of tokenize(text)) {
      if (tok.terms.length !== 1 || CONTRACTION.test(text.slice(tok.start, tok.end))) continue;
      const term = tok.terms[0]!;
      if (seen.has(term)) continue;
      seen.add(term);
      const said = expected.some((id) => {
        const terms = saying.get(id);
        return terms !== undefined && (terms.has(term) || synonymsOf(term).some((s) => terms.has(s)));
      });
      const c = counts.get(term) ?? { n: 0, h: 0, papers: new Set<string>() };
      c.n++;
      if (said) c.h++;
      for (const id of expected) c.papers.add(id);
      counts.set(term, c);
    }
  }
  let n = 0;
  let h = 0;
  for (const c of counts.values()) {
    n += c.n;
    h += c.h;
  }
  const mean = h / n;
  const rows = [...counts]
    .filter(([, c]) => c.papers.size >= minPapers)
    .map(([term, c]) => ({ term, ...c, factor: (c.h + prior * mean) / (c.n + prior) / mean }))
    .filter((r) => r.factor < 1)
    .sort((a, b) => a.factor - b.factor || a.term.localeCompare(b.term));
  const words: Record<string, FittedWord> = {};
  for (const r of rows) words[r.term] = [r.n, r.h, Math.round(r.factor * 1000) / 1000];
  return {
    words,
    mean,
    questions: questions.length,
    distinct: counts.size,
    sets: Object.fromEntries(Object.entries(sets).map(([k, v]) => [k, v.length])),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      date: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      prior: { type: 'string', default: `${PRIOR_QUESTIONS}` },
      'min-papers': { type: 'string', default: `${MIN_PAPERS}` },
    },
  });
  if (!values['dry-run'] && !/^\d{4}-\d{2}-\d{2}$/.test(values.date ?? ''))
    throw new Error('--date YYYY-MM-DD is required (the fit records it)');
  const prior = Number(values.prior);
  const minPapers = Number(values['min-papers']);
  if (!(prior > 0) || !(minPapers >= 1)) throw new Error('--prior must be a positive number and --min-papers at least 1');
  const fit = await fitQuestionWords(prior, minPapers);
  const listed = Object.entries(fit.words);
  console.log(`${fit.questions} training questions, ${fit.distinct} distinct words, mean necessity ${fit.mean.toFixed(3)}`);
  console.log(`${listed.length} words weigh less:`);
  console.log(listed.map(([t, [qs, said, f]]) => `${t} ${said}/${qs} ×${f.toFixed(2)}`).join(' · '));
  if (values['dry-run']) return;
  const out = {
    about:
      'Words people ask with that answering abstracts seldom say, and the share of its weight each keeps in a question (src/retrieval/question-words.ts), fitted by `npm run fit:question-words` (test/eval/fit-question-words.ts). Regenerate, never edit by hand. Each word (its index term): [questions asking with it, those whose answering paper says it, weight factor].',
    provenance: {
      date: values.date,
      procedure: `relevance weighting (Robertson & Sparck Jones) from training questions with known answers: necessity s = (h + ${prior} p) / (n + ${prior}), p = the mean over all asked words; factor s / p where below 1; only words asked about at least ${minPapers} different papers`,
      sets: fit.sets,
      meanNecessity: Math.round(fit.mean * 10000) / 10000,
    },
    words: fit.words,
  };
  // One line per word: [n, h, factor] arrays kept on their word's line.
  const text = JSON.stringify(out, null, 2).replace(/\[\s+([\d.]+),\s+([\d.]+),\s+([\d.]+)\s+\]/g, '[$1, $2, $3]');
  writeFileSync(`${QUESTION_WORDS_FILE}.tmp`, `${text}\n`);
  renameSync(`${QUESTION_WORDS_FILE}.tmp`, QUESTION_WORDS_FILE);
  console.log(`wrote ${QUESTION_WORDS_FILE}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
