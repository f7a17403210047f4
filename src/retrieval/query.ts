import { fold, tokenize } from './analyzer.js';
import { askingFactor } from './question-words.js';
import type { TermWeights, TypoCorrection } from './retriever.js';
import { CONTRACTION, STOP_WORDS } from './stop-words.js';
import type { TermStats } from './term-stats.js';

/** A word of the question, resolved against the corpus. */
export interface QueryWord {
  /** The word as typed. */
  text: string;
  /** Its index terms (after typo correction, when corrected). */
  terms: string[];
  /** How informative the word is (IDF, from background statistics when available), less for the language of asking. */
  weight: number;
  /** Its weight before the discount of the language of asking (`question-words.ts`), when discounted. */
  informative?: number;
  /** Index terms found in the corpus (a subset of `terms`). */
  known: string[];
  /** The corpus term a misspelt word was corrected to. */
  corrected?: string;
}

/** A word this common in the background corpus is a real word, not a typo to correct. */
const REAL_WORD_DF = 20;
/** A known word in at most this many papers may still be a typo of a much commoner one. */
const RARE_TYPO_DF = 3;
/** ...when that commoner word is in this many times more papers, and at least TYPO_MIN_DF. */
const TYPO_DF_RATIO = 50;
const TYPO_MIN_DF = 100;

/**
 * Resolve a question's words: their index terms, informativeness, and typo corrections. Fuzzy matching is
 * used only for words the corpus lacks, so it never disturbs exact matches.
 */
export function analyzeQuery(question: string, index: TermWeights & TypoCorrection, stats: TermStats | undefined): QueryWord[] {
  const informativeness = (t: string) => (stats ? stats.idf(t) : index.idf(t) || Math.log(1 + index.size * 2));
  const words: QueryWord[] = [];
  const seen = new Set<string>();
  for (const tok of tokenize(question)) {
    const text = question.slice(tok.start, tok.end);
    if (CONTRACTION.test(text)) continue;
    const key = tok.terms.join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    let terms = tok.terms;
    let known = terms.filter((t) => index.has(t));
    let corrected: string | undefined;
    const folded = fold(text);
    if (known.length === 0 && isStopWordTypo(folded) && !(stats && stats.docFrequency(terms[0]!) >= REAL_WORD_DF)) continue;
    if (known.length === 0 && /^[a-z]{4,}$/.test(folded) && !(stats && stats.docFrequency(terms[0]!) >= REAL_WORD_DF)) {
      corrected = index.closestTerm(folded, folded.length >= 8 ? 2 : 1);
      if (corrected) {
        terms = [corrected];
        known = [corrected];
      }
    }
    // A misspelling someone else also made ("pretraning" in two abstracts of 136k) is known but rare; when a
    // much commoner word is one edit away and the background corpus does not know this one, read it as that.
    if (
      !corrected &&
      stats &&
      terms.length === 1 &&
      known.length === 1 &&
      /^[a-z]{5,}$/.test(folded) &&
      stats.docFrequency(terms[0]!) < REAL_WORD_DF
    ) {
      const df = index.docFrequency(terms[0]!);
      // A word typed with inner capitals ("AcrossKV") or found in a title or name ("loram") may be a name;
      // typos seldom change the first letter ("hiking" is not "liking").
      if (df <= RARE_TYPO_DF && !/^.+\p{Lu}/u.test(text) && !index.inTitles(terms[0]!)) {
        const likelier = index.closestTerm(folded, folded.length >= 8 ? 2 : 1, Math.max(TYPO_MIN_DF, df * TYPO_DF_RATIO));
        if (likelier && likelier !== terms[0] && likelier[0] === folded[0]) {
          corrected = likelier;
          // The typed form stays a term (an abstract with the same typo still counts) but does not pick candidates.
          terms = [likelier, terms[0]!];
          known = [likelier];
        }
      }
    }
    const informative = corrected ? informativeness(corrected) : Math.max(...terms.map(informativeness));
    // The language of asking ("keep", "vs", "trick", "hold up") weighs less than a topic word (`question-words.ts`).
    const weight = terms.length === 1 ? informative * askingFactor(terms[0]!) : informative;
    // Derivational siblings the stemmer keeps apart ("classifier" → classifi, "classification" → classif):
    // the stem without its final "i" or "e", when that is a real stem too, counts as the same word. (Wider
    // prefix rules matched other words: "thought" → "though", "alternative" → "alter".)
    const only = terms.length === 1 ? terms[0]! : '';
    if (/^[a-z]{6,}[ie]$/.test(only)) {
      const shorter = only.slice(0, -1);
      if (index.has(shorter) && (!stats || stats.docFrequency(shorter) >= REAL_WORD_DF)) {
        terms = [...terms, shorter];
        known = [...known, shorter];
      }
    }
    words.push({ text, terms, weight, known, ...(weight < informative ? { informative } : {}), ...(corrected ? { corrected } : {}) });
  }
  return words;
}

/** "wich", "waht", "teh": a short unknown word one edit away from a stop word is that stop word. */
function isStopWordTypo(word: string): boolean {
  if (word.length < 3 || word.length > 6) return false;
  for (const stop of STOP_WORDS) if (stop.length >= 3 && withinOneEdit(word, stop)) return true;
  return false;
}

/** Levenshtein distance ≤ 1, or one transposition of neighbours. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/**
 * Share of the question's informative weight a set of matched terms covers (0..1): each word counts with
 * its weight, credited with its best matched term.
 */
export function coverage(
  words: readonly QueryWord[],
  matched: ReadonlySet<string>,
  weightOf: (t: string) => number,
): { coverage: number; matchedWeight: number; totalWeight: number } {
  let total = 0;
  let got = 0;
  for (const w of words) {
    total += w.weight;
    let best = 0;
    for (const t of w.terms) if (matched.has(t)) best = Math.max(best, weightOf(t));
    got += Math.min(w.weight, best);
  }
  return { coverage: total === 0 ? 0 : got / total, matchedWeight: got, totalWeight: total };
}
