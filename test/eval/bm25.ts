/**
 * The plain baselines every benchmark row is printed beside, computed in the same run: BM25 as the issue
 * describes it (k1 0.9, b 0.4 as Anserini's defaults, title + abstract as one field, lower-cased words, no
 * stemming, Lucene's English stop words), and for sentences a naive two-sentence window scored by the IDF of
 * the question words it contains. Deliberately independent of citebot's analyzer and index.
 */
import { sentences } from '../../src/answer/sentences.js';

/** Lucene's default English stop set (`EnglishAnalyzer.ENGLISH_STOP_WORDS_SET`). */
const LUCENE_STOP = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(
    ' ',
  ),
);

/** Lower-cased runs of letters and digits, stop words dropped, no stemming. */
export function plainTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) if (!LUCENE_STOP.has(m[0])) out.push(m[0]);
  return out;
}

/** A document for the baseline: its id and its one text field. */
export interface PlainDoc {
  id: string;
  text: string;
}

/**
 * BM25 over one text field. Only the terms of `vocabulary` (the questions' words) are kept in postings, so a
 * 136k-paper baseline fits in little memory; lengths and document frequencies count every word.
 */
export class PlainBm25 {
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly lengths: Float64Array;
  private readonly avg: number;
  private readonly ids: string[];

  constructor(
    docs: Iterable<PlainDoc>,
    vocabulary: ReadonlySet<string>,
    private readonly k1 = 0.9,
    private readonly b = 0.4,
  ) {
    const lengths: number[] = [];
    this.ids = [];
    for (const doc of docs) {
      const d = this.ids.length;
      this.ids.push(doc.id);
      const tokens = plainTokens(doc.text);
      lengths.push(tokens.length);
      const tf = new Map<string, number>();
      for (const t of tokens) if (vocabulary.has(t)) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        const p = this.postings.get(t) ?? { docs: [], tfs: [] };
        if (p.docs.length === 0) this.postings.set(t, p);
        p.docs.push(d);
        p.tfs.push(n);
      }
    }
    this.lengths = Float64Array.from(lengths);
    this.avg = lengths.reduce((a, x) => a + x, 0) / Math.max(1, lengths.length);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Lucene's BM25 IDF. */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** The `limit` best documents' ids for a query text, best first (ties in corpus order). */
  search(query: string, limit: number): string[] {
    const scores = new Map<number, number>();
    for (const term of new Set(plainTokens(query))) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term);
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i]!;
        const tf = p.tfs[i]!;
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths[d]!) / this.avg);
        scores.set(d, (scores.get(d) ?? 0) + (idf * tf * (this.k1 + 1)) / norm);
      }
    }
    return [...scores]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, limit)
      .map(([d]) => this.ids[d]!);
  }
}

/** The words of a set of questions: what `PlainBm25` needs to keep. */
export function vocabularyOf(questions: Iterable<string>): Set<string> {
  const v = new Set<string>();
  for (const q of questions) for (const t of plainTokens(q)) v.add(t);
  return v;
}

/**
 * The naive sentence baseline: of every window of two adjacent sentences (one for a one-sentence text), the
 * one whose distinct question words weigh most by IDF; ties keep the earlier.
 */
export function naiveWindow(text: string, question: string, idf: (term: string) => number): string {
  const spans = sentences(text);
  if (spans.length === 0) return text;
  const q = new Set(plainTokens(question));
  let best = '';
  let bestScore = -1;
  for (let i = 0; i < Math.max(1, spans.length - 1); i++) {
    const window = text.slice(spans[i]!.start, spans[Math.min(i + 1, spans.length - 1)]!.end);
    let score = 0;
    for (const t of new Set(plainTokens(window))) if (q.has(t)) score += idf(t);
    if (score > bestScore) {
      bestScore = score;
      best = window;
    }
  }
  return best;
}
