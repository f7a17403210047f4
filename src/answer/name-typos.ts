/**
 * Slips in a paper's name ("llama gard" for Llama Guard, "me lama" for Me LLaMA). The retriever corrects only
 * words no paper has, and among 136k papers "gard" and "lama" are words of a few ("GARD: …", "LaMa"), so the
 * slip stood and the question named nothing. A rare word that, changed by one edit, makes the question name a
 * paper it did not name is read as that word: the name is the evidence, not the word's rarity alone.
 */
import { fold, termsOfWord } from '../retrieval/analyzer.js';
import { analyzeQuery, type QueryWord } from '../retrieval/query.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { TermStats } from '../retrieval/term-stats.js';

/** A word in this many papers or more (of the collection, or of the background corpus) is a word, not a slip. */
export const NAME_TYPO_MAX_DF = 100;
/** Longest name, in words, the retriever spots as a phrase (`MAX_NAME_WORDS` in `retrieval/named-papers.ts`). */
const MAX_NAME_WORDS = 6;
/** Words one edit away tried per word, commonest first. */
const MAX_TRIED = 12;

/**
 * The question with its slips in names corrected: the text (for finding the papers it names) and its words
 * (each corrected word with the terms and weight of the word it stands for, `corrected` set).
 */
export function correctNameTypos(
  text: string,
  words: readonly QueryWord[],
  retriever: Retriever,
  stats: TermStats | undefined,
): { text: string; words: QueryWord[] } {
  let current = text;
  const out = [...words];
  out.forEach((w, i) => {
    const folded = fold(w.text);
    if (w.corrected || w.terms.length !== 1 || !/^[a-z]{4,}$/.test(folded)) return;
    const term = w.terms[0]!;
    if (retriever.docFrequency(term) >= NAME_TYPO_MAX_DF || (stats && stats.docFrequency(term) >= NAME_TYPO_MAX_DF)) return;
    const candidates = nearWords(folded, term, retriever);
    const at = candidates.length > 0 ? wordAt(current, w.text) : -1;
    if (at < 0) return;
    // Only a name the word stands in can change: the words around it, as far as a name reaches.
    const [from, to] = around(current, at, w.text.length);
    const before = current.slice(from, at);
    const after = current.slice(at + w.text.length, to);
    const named = new Set(retriever.namedIn(before + w.text + after));
    for (const near of candidates) {
      const found = retriever.namedIn(before + near + after);
      if (!found.some((d) => !named.has(d))) continue;
      // The new word must make a name with the question's other words, not be one on its own ("vitamind").
      const alone = new Set(retriever.namedIn(near));
      if (!found.some((d) => !named.has(d) && !alone.has(d))) continue;
      const [read] = analyzeQuery(near, retriever, stats);
      if (!read) continue;
      out[i] = { ...read, text: w.text, corrected: read.terms[0]! };
      current = current.slice(0, at) + near + current.slice(at + w.text.length);
      return;
    }
  });
  return { text: current, words: out };
}

/**
 * Words one edit from `word` (a letter left out, added, changed, or two neighbours swapped, as Damerau counts)
 * whose term some paper has, other than `word`'s own, commonest first: generated and looked up, so no typo
 * vocabulary is needed (building it would stall the first answer after a start).
 */
function nearWords(word: string, term: string, retriever: Retriever): string[] {
  const found = new Map<string, number>();
  // A word that is its own index term (most names are: "guard", "llama", "skillmix"), looked up as it is:
  // stemming each of the hundreds of candidates cost more than the rest of the answer's query reading.
  const consider = (w: string) => {
    if (w.length < 3 || w === term || found.has(w)) return;
    // (A plural's other form, "chaperones" for "chaperone", is no index term: it never forms a name here.)
    found.set(w, retriever.has(w) && termsOfWord(w)[0] === w ? retriever.docFrequency(w) : 0);
  };
  for (let i = 0; i < word.length; i++) {
    consider(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length) consider(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  for (let i = 0; i <= word.length; i++)
    for (let c = 97; c <= 122; c++) {
      const letter = String.fromCharCode(c);
      consider(word.slice(0, i) + letter + word.slice(i));
      if (i < word.length && letter !== word[i]) consider(word.slice(0, i) + letter + word.slice(i + 1));
    }
  return [...found]
    .filter(([, df]) => df > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_TRIED)
    .map(([w]) => w);
}

/** Offsets of the text from MAX_NAME_WORDS - 1 words before the word at `at` to as many after it. */
function around(text: string, at: number, length: number): [number, number] {
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  const k = words.findIndex((m) => m.index >= at);
  const first = words[Math.max(0, k - (MAX_NAME_WORDS - 1))];
  const last = words[Math.min(words.length - 1, k + (MAX_NAME_WORDS - 1))];
  return [Math.min(first?.index ?? at, at), Math.max(last ? last.index + last[0].length : at + length, at + length)];
}

/** Where `word` stands in `text` as a whole word (case folded), or -1. */
function wordAt(text: string, word: string): number {
  const lower = text.toLowerCase();
  const target = word.toLowerCase();
  // Lower-casing can change a length ("İ"): offsets would not be the text's.
  if (lower.length !== text.length || target.length !== word.length) return -1;
  const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  for (let at = lower.indexOf(target); at >= 0; at = lower.indexOf(target, at + 1))
    if (!isWordChar(lower[at - 1]) && !isWordChar(lower[at + target.length])) return at;
  return -1;
}
