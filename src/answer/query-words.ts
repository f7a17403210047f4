/**
 * How ranking weighs a question's words, beyond what the retriever resolved (`analyzeQuery`). An asker's own
 * hyphenated coinage ("noise-removal", "human-vs-machine", "task-unique") is read as its parts. The retriever
 * weighs a compound word by its rarest term, and a compound the field never writes is as rare as a word can
 * be: one coinage would outweigh three real rare words, and a paper that says "noise removal" in two words
 * could never cover it. A compound the field does write ("fine-tuning", "zero-shot") stays one word.
 *
 * And the words of asking itself ("I'm", "showing", "rather", "whether"), common in researchers' questions but
 * rare in abstracts, so their IDF is high though they say nothing of the paper: each word's weight is scaled by
 * how much commoner it is in abstracts than in questions, min(1, abstract share / question share), from the
 * document frequencies of `data/question-terms.json` (training questions, written by `npm run fit`) and the
 * background corpus. A topic word is as common in abstracts as in questions about them, and keeps its weight.
 */
import questionTerms from '../../data/question-terms.json' with { type: 'json' };
import { analyze } from '../retrieval/analyzer.js';
import type { QueryWord } from '../retrieval/query.js';
import type { TermWeights } from '../retrieval/retriever.js';
import type { TermStats } from '../retrieval/term-stats.js';

/** Question document frequencies of the terms in at least a few training questions, and how many questions. */
export interface QuestionTerms {
  questions: number;
  df: Readonly<Record<string, number>>;
}

/** The table answering uses (`npm run fit -- --part questions` writes it; see its `provenance`). */
export const QUESTION_TERMS: QuestionTerms = parseQuestionTerms(questionTerms, 'data/question-terms.json');

/** Check a question-terms table: a positive count of questions and a positive integer per term. */
export function parseQuestionTerms(data: unknown, where = 'question terms'): QuestionTerms {
  const { questions, df } = (data ?? {}) as { questions?: unknown; df?: unknown };
  if (typeof questions !== 'number' || !Number.isInteger(questions) || questions <= 0)
    throw new Error(`${where}: "questions" must be a positive integer`);
  if (typeof df !== 'object' || df === null) throw new Error(`${where}: "df" must be an object`);
  for (const [t, n] of Object.entries(df))
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0 || n > questions)
      throw new Error(`${where}: "df.${t}" must be an integer in 1..${questions}`);
  return { questions, df: df as Record<string, number> };
}

/**
 * The question's words weighed as a paper's words: each scaled by min(1, background share / question share)
 * of its first term (unchanged for a word no training question repeats, and without background statistics).
 */
export function askerWeighted(
  words: readonly QueryWord[],
  stats: TermStats | undefined,
  table: QuestionTerms = QUESTION_TERMS,
): QueryWord[] {
  if (!stats) return [...words];
  return words.map((w) => {
    const qdf = table.df[w.terms[0]!];
    if (qdf === undefined) return w;
    const share = (stats.docFrequency(w.terms[0]!) + 0.5) / stats.documents / (qdf / table.questions);
    return share >= 1 ? w : { ...w, weight: w.weight * share };
  });
}

/** Count, per index term, the questions whose searched words hold it (what `askerWeighted` reads), keeping terms in `minQuestions` or more. */
export function countQuestionTerms(searchTexts: readonly string[], minQuestions: number): QuestionTerms {
  const df = new Map<string, number>();
  for (const text of searchTexts) for (const t of new Set(analyze(text))) df.set(t, (df.get(t) ?? 0) + 1);
  const kept = [...df].filter(([, n]) => n >= minQuestions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { questions: searchTexts.length, df: Object.fromEntries(kept) };
}

/**
 * A compound in fewer background papers than this is the asker's coinage, not a term of the field (the
 * retriever's line between a real word and a typo, `REAL_WORD_DF` in `retrieval/query.ts`).
 */
export const COINED_DF = 20;

/** Letters joined by hyphens, nothing else ("Llama-2-7B" is a name, not a coinage). */
const HYPHENATED = /^\p{L}+(?:-\p{L}+)+$/u;

/**
 * The question's words for ranking: each hyphenated compound the background corpus does not know split into
 * one word per part (weighed by its own IDF), the compound's term kept with each part so a paper writing it
 * whole still matches. Without background statistics, words are returned as they are.
 */
export function rankingWords(words: readonly QueryWord[], index: TermWeights, stats: TermStats | undefined): QueryWord[] {
  if (!stats) return [...words];
  const taken = new Set(words.map((w) => w.terms.join(' ')));
  const out: QueryWord[] = [];
  for (const w of words) {
    const compound = w.terms[0]!;
    if (w.corrected || w.terms.length < 3 || !HYPHENATED.test(w.text) || stats.docFrequency(compound) >= COINED_DF) {
      out.push(w);
      continue;
    }
    const compoundKnown = index.has(compound) ? [compound] : [];
    for (const text of w.text.split('-')) {
      const part = analyze(text)[0];
      if (part === undefined || taken.has(part)) continue; // a stop word, or a word the question has anyway
      taken.add(part);
      const known = index.has(part) ? [part, ...compoundKnown] : compoundKnown;
      out.push({ text, terms: [part, compound], weight: stats.idf(part), known });
    }
  }
  return out;
}
