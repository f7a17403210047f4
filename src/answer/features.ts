/**
 * What the second ranking pass learns of a leading paper from its text: how well its best passage, its title
 * and its names cover the question, how many of the question's adjacent words stand together in it, and how
 * often the question's words recur in its abstract. Each is a share of the question's informative weight
 * (0..1), so weights fitted on one corpus carry to another.
 */
import { analyze, type Token, tokenize } from '../retrieval/analyzer.js';
import { coverage, type QueryWord } from '../retrieval/query.js';
import { type Span, sentences } from './sentences.js';

/** The leader features, in the order of `data/ranking-weights.json`. */
export const LEADER_FEATURES = ['passage', 'title', 'names', 'phrase', 'abstractTf', 'sentence', 'corpusTitle'] as const;
export type LeaderFeatures = Record<(typeof LEADER_FEATURES)[number], number>;

/** BM25's term-frequency saturation (k1), the usual value: the second mention counts less than the first. */
const TF_SATURATION = 1.2;
/** BM25's length normalisation (b), the usual value, for sentences against the abstract's mean sentence. */
const LENGTH_NORM = 0.75;

/** A leading paper's text, and the coverage of its best passage (from its excerpt). */
export interface LeaderText {
  title: string;
  names: string;
  abstract: string;
  passageCoverage: number;
  /** The abstract's tokens and sentences when the excerpt already has them (else they are computed). */
  abstractTokens?: readonly Token[];
  abstractSentences?: readonly Span[];
}

/**
 * The features of one leader for a question's words (`weightOf`: a term's background IDF; `corpusWeightOf`:
 * its IDF in the indexed corpus). `sentence` is the best sentence's BM25 (each sentence a document, as
 * Elasticsearch's unified highlighter scores passages) over the question's corpus weight.
 */
export function leaderFeatures(
  words: readonly QueryWord[],
  weightOf: (t: string) => number,
  text: LeaderText,
  corpusWeightOf: (t: string) => number = weightOf,
): LeaderFeatures {
  const wordOf = new Map<string, number>();
  words.forEach((w, i) => {
    for (const t of w.terms) if (!wordOf.has(t)) wordOf.set(t, i);
  });
  let total = 0;
  for (const w of words) total += w.weight;
  const tf = new Float64Array(words.length);
  // Adjacent question words (i, i + 1) found as adjacent tokens, in the title or the abstract.
  const together = new Uint8Array(words.length);
  // Each word's corpus weight: its best known term's IDF in the indexed corpus.
  const corpusWeight = words.map((w) => Math.max(0, ...w.known.map(corpusWeightOf)));
  const corpusTotal = corpusWeight.reduce((a, x) => a + x, 0);
  const spans = text.abstractSentences ?? sentences(text.abstract);
  const titleTokens = tokenize(text.title);
  let sentence = 0;
  for (const [field, text_] of [
    ['title', text.title],
    ['abstract', text.abstract],
  ] as const) {
    // Token position where each word was last seen (-2: not yet): no allocation per token, most match nothing.
    const lastAt = new Int32Array(words.length).fill(-2);
    let k = -1;
    const tokens = field === 'title' ? titleTokens : (text.abstractTokens ?? tokenize(text_));
    // Per sentence of the abstract: the tokens' word frequencies, scored when the sentence ends.
    const sentenceTf = new Map<number, number>();
    let s = 0;
    let sentenceLength = 0;
    const avgSentence = spans.length > 0 ? tokens.length / spans.length : 1;
    const closeSentence = () => {
      let score = 0;
      for (const [i, n] of sentenceTf) {
        const norm = n + TF_SATURATION * (1 - LENGTH_NORM + (LENGTH_NORM * sentenceLength) / avgSentence);
        score += (corpusWeight[i]! * n * (TF_SATURATION + 1)) / norm;
      }
      if (score > sentence) sentence = score;
      sentenceTf.clear();
      sentenceLength = 0;
    };
    for (const tok of tokens) {
      k++;
      if (field === 'abstract') {
        while (s < spans.length && tok.start >= spans[s]!.end) {
          closeSentence();
          s++;
        }
        sentenceLength++;
      }
      for (const t of tok.terms) {
        const i = wordOf.get(t);
        if (i === undefined || lastAt[i] === k) continue; // a word counts once per token
        if (field === 'abstract') {
          tf[i]!++;
          sentenceTf.set(i, (sentenceTf.get(i) ?? 0) + 1);
        }
        // The previous word in the previous token, or in this one (the parts of a compound written whole).
        if (i > 0 && lastAt[i - 1]! >= k - 1) together[i - 1] = 1;
        lastAt[i] = k;
      }
    }
    if (field === 'abstract') closeSentence();
  }
  const titleTerms = new Set(titleTokens.flatMap((t) => t.terms));
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
    title: coverage(words, titleTerms, weightOf).coverage,
    names: coverage(words, new Set(analyze(text.names)), weightOf).coverage,
    phrase: pairs > 0 ? phrase / pairs : 0,
    abstractTf: total > 0 ? abstractTf / total : 0,
    sentence: corpusTotal > 0 ? sentence / corpusTotal : 0,
    corpusTitle: coverage(words, titleTerms, corpusWeightOf).coverage,
  };
}
