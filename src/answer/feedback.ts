/**
 * Pseudo-relevance feedback, RM3 as Anserini's `Rm3Reranker` estimates it (Abdul-Jaleel et al. 2004; Lin's
 * defaults fbDocs 10, fbTerms 10): the words the best-scoring papers share beyond the question's own, for a
 * paper that says what the question asks in the field's vocabulary rather than the asker's. The relevance model
 * is each feedback paper's term distribution (its `FEEDBACK.terms` most frequent terms, L1-normalised) weighted
 * by its lexical score, summed, cut to the `FEEDBACK.terms` heaviest terms and L1-normalised. Where Anserini
 * interpolates it with the question (original weight 0.5) and searches again, here each leader's BM25 over the
 * expansion terms is a ranking feature whose weight is fitted (`features.ts`, `npm run fit`), not set by hand.
 * Deterministic: ties between terms break by the term.
 */
import type { Token } from '../retrieval/analyzer.js';

/** RM3's parameters, Anserini's defaults; the BM25 of the rescoring is Anserini's default too (k1 0.9, b 0.4). */
export const FEEDBACK = {
  /** Feedback papers: the retriever's best by lexical score. */
  docs: 10,
  /** Terms kept per feedback paper, and in the relevance model. */
  terms: 10,
  /** A term in more than this share of the corpus's papers is no feedback term (Anserini's df filter, 10%). */
  maxDocShare: 0.1,
  /** BM25 term-frequency saturation of the rescoring. */
  k1: 0.9,
  /** BM25 length normalisation of the rescoring. */
  b: 0.4,
} as const;

/** One feedback paper: its title and abstract tokens, and its lexical (first retrieval) score. */
export interface FeedbackDoc {
  tokens: readonly (readonly Token[])[];
  score: number;
}

/** The relevance model's expansion terms, each with its probability times its IDF, and the feedback papers' mean length. */
export interface FeedbackModel {
  terms: readonly string[];
  /** p(term | relevance model) × IDF(term), per term. */
  weights: Float64Array;
  /** Sum of `weights`: a paper holding every term often scores 1. */
  total: number;
  /** Mean length of the feedback papers in tokens, for BM25's length normalisation. */
  avgLength: number;
}

/** Anserini's shape of a feedback term: 2 to 20 ASCII lower-case letters or digits (a loop: a regex costs more here). */
function isFeedbackTerm(t: string): boolean {
  if (t.length < 2 || t.length > 20) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** The most frequent `n` terms of a count map, ties by the term. */
function heaviest(counts: ReadonlyMap<string, number>, n: number): [string, number][] {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, n);
}

/** The feedback papers read: each one's kept terms with their share of its kept terms times its score. */
export interface Feedback {
  docs: readonly number[];
  vectors: readonly (readonly [string, number][])[];
  /** Mean length of the feedback papers in tokens, for BM25's length normalisation. */
  avgLength: number;
  idf: (t: string) => number;
}

/**
 * Read the feedback papers (best first; the first `FEEDBACK.docs`), leaving out the question's own terms
 * (`exclude`) and any term in more than `FEEDBACK.maxDocShare` of the papers.
 * @param docShare a term's share of the corpus's papers
 * @param idf a term's IDF in the corpus
 */
export function readFeedback(
  docs: readonly (FeedbackDoc & { doc: number })[],
  exclude: ReadonlySet<string>,
  docShare: (t: string) => number,
  idf: (t: string) => number,
): Feedback {
  const used = docs.slice(0, FEEDBACK.docs);
  // Each distinct term numbered once (-1: no feedback term), its count in the paper being read in `count`.
  const idOf = new Map<string, number>();
  const names: string[] = [];
  const count: number[] = [];
  let length = 0;
  const vectors = used.map((doc) => {
    const touched: number[] = [];
    for (const tokens of doc.tokens) {
      length += tokens.length;
      for (const tok of tokens)
        for (const t of tok.terms) {
          let k = idOf.get(t);
          if (k === undefined) {
            k = !exclude.has(t) && isFeedbackTerm(t) && docShare(t) <= FEEDBACK.maxDocShare ? names.push(t) - 1 : -1;
            if (k >= 0) count.push(0);
            idOf.set(t, k);
          }
          if (k < 0) continue;
          if (count[k] === 0) touched.push(k);
          count[k] = count[k]! + 1;
        }
    }
    // The paper's `FEEDBACK.terms` most frequent terms (ties by the term), by insertion into a short sorted list.
    const kept: number[] = [];
    const before = (a: number, b: number) => count[a]! > count[b]! || (count[a] === count[b] && names[a]! < names[b]!);
    for (const k of touched) {
      if (kept.length === FEEDBACK.terms && !before(k, kept[kept.length - 1]!)) continue;
      let i = Math.min(kept.length, FEEDBACK.terms - 1);
      kept[i] = k;
      while (i > 0 && before(k, kept[i - 1]!)) {
        kept[i] = kept[i - 1]!;
        kept[i - 1] = k;
        i--;
      }
    }
    let norm = 0;
    for (const k of kept) norm += count[k]!;
    const vector = kept.map((k) => [names[k]!, (count[k]! / norm) * doc.score] as [string, number]);
    for (const k of touched) count[k] = 0;
    return vector;
  });
  return { docs: used.map((d) => d.doc), vectors, avgLength: used.length > 0 ? length / used.length : 1, idf };
}

/** The relevance model of the feedback papers, without paper `skip`'s own vector when it is one of them. */
export function relevanceModel(feedback: Feedback, skip = -1): FeedbackModel {
  const relevance = new Map<string, number>();
  feedback.vectors.forEach((v, i) => {
    if (feedback.docs[i] === skip) return;
    for (const [t, w] of v) relevance.set(t, (relevance.get(t) ?? 0) + w);
  });
  const model = heaviest(relevance, FEEDBACK.terms);
  let mass = 0;
  for (const [, p] of model) mass += p;
  const terms = model.map(([t]) => t);
  const weights = Float64Array.from(model, ([t, p]) => (mass > 0 ? (p / mass) * feedback.idf(t) : 0));
  const total = weights.reduce((a, x) => a + x, 0);
  return { terms, weights, total, avgLength: feedback.avgLength };
}

/** The RM3 relevance model of the feedback papers (see `readFeedback`). */
export function feedbackModel(
  docs: readonly FeedbackDoc[],
  exclude: ReadonlySet<string>,
  docShare: (t: string) => number,
  idf: (t: string) => number,
): FeedbackModel {
  return relevanceModel(
    readFeedback(
      docs.map((d, doc) => ({ ...d, doc })),
      exclude,
      docShare,
      idf,
    ),
  );
}

/**
 * A paper's BM25 over the expansion terms, each weighed by its model weight, as a share of the most it could
 * score (0..1: every term, saturated). 0 when the model is empty.
 */
export function feedbackScore(model: FeedbackModel, tokens: readonly (readonly Token[])[]): number {
  if (model.total <= 0) return 0;
  const index = new Map(model.terms.map((t, i) => [t, i]));
  const tf = new Float64Array(model.terms.length);
  let length = 0;
  for (const part of tokens) {
    length += part.length;
    for (const tok of part)
      for (const t of tok.terms) {
        const i = index.get(t);
        if (i !== undefined) tf[i]!++;
      }
  }
  const { k1, b } = FEEDBACK;
  const norm = k1 * (1 - b + (b * length) / model.avgLength);
  let score = 0;
  tf.forEach((n, i) => {
    if (n > 0) score += (model.weights[i]! * n) / (n + norm);
  });
  return score / model.total;
}
