/**
 * What the second ranking pass learns of a leading paper from its text: how well its best passage, its title
 * and its names cover the question, how many of the question's adjacent words stand together in it, and how
 * often the question's words recur in its abstract. Each is a share of the question's informative weight
 * (0..1), so weights fitted on one corpus carry to another.
 */
import { analyze, tokenize } from '../retrieval/analyzer.js';
import { coverage, type QueryWord } from '../retrieval/query.js';

/** The leader features, in the order of `data/ranking-weights.json`. */
export const LEADER_FEATURES = ['passage', 'title', 'names', 'phrase', 'abstractTf'] as const;
export type LeaderFeatures = Record<(typeof LEADER_FEATURES)[number], number>;

/** BM25's term-frequency saturation (k1), the usual value: the second mention counts less than the first. */
const TF_SATURATION = 1.2;

/** A leading paper's text, and the coverage of its best passage (from its excerpt). */
export interface LeaderText {
  title: string;
  names: string;
  abstract: string;
  passageCoverage: number;
}

/** The features of one leader for a question's words (`weightOf`: a term's IDF). */
export function leaderFeatures(words: readonly QueryWord[], weightOf: (t: string) => number, text: LeaderText): LeaderFeatures {
  const wordOf = new Map<string, number>();
  words.forEach((w, i) => {
    for (const t of w.terms) if (!wordOf.has(t)) wordOf.set(t, i);
  });
  let total = 0;
  for (const w of words) total += w.weight;
  const tf = new Float64Array(words.length);
  // Adjacent question words (i, i + 1) found as adjacent tokens, in the title or the abstract.
  const together = new Uint8Array(words.length);
  for (const [field, text_] of [
    ['title', text.title],
    ['abstract', text.abstract],
  ] as const) {
    let previous = new Set<number>();
    for (const tok of tokenize(text_)) {
      const here = new Set<number>();
      for (const t of tok.terms) {
        const i = wordOf.get(t);
        if (i !== undefined) here.add(i);
      }
      for (const i of here) {
        if (field === 'abstract') tf[i]!++;
        if (i > 0 && previous.has(i - 1)) together[i - 1] = 1;
      }
      previous = here;
    }
  }
  let pairs = 0;
  let phrase = 0;
  let abstractTf = 0;
  words.forEach((w, i) => {
    abstractTf += (w.weight * tf[i]!) / (tf[i]! + TF_SATURATION);
    if (i + 1 < words.length) {
      const weight = Math.min(w.weight, words[i + 1]!.weight);
      pairs += weight;
      if (together[i]) phrase += weight;
    }
  });
  return {
    passage: text.passageCoverage,
    title: coverage(words, new Set(analyze(text.title)), weightOf).coverage,
    names: coverage(words, new Set(analyze(text.names)), weightOf).coverage,
    phrase: pairs > 0 ? phrase / pairs : 0,
    abstractTf: total > 0 ? abstractTf / total : 0,
  };
}
