/**
 * A compact inverted index in typed arrays (CSR layout): for each term, the documents containing it and the
 * term's field-weighted frequency there. Scores BM25F over the fields. Built in one pass, serialisable as a
 * few flat arrays, and fast on long posting lists: the hot path of answering at 100k+ papers.
 */
import { grow, hashString } from './hash-table.js';

/** BM25 parameters. */
export const BM25 = { k1: 1.2, b: 0.7 } as const;

/** The flat arrays an index consists of (what a saved index stores). */
export interface PostingsData {
  /** Term strings, by term id. */
  terms: string[];
  /** offsets[t]..offsets[t+1] index the postings of term t in `docs`/`freqs`. */
  offsets: Uint32Array;
  docs: Uint32Array;
  /** Field-weighted term frequency, times 4 (so fractional boosts survive as integers). */
  freqs: Uint16Array;
  /** Field-weighted length of each document. */
  lengths: Float32Array;
  /**
   * The term dictionary as an open-addressing hash table by `hashString` (linear probing): slot k holds a term
   * id + 1, or 0.
   * Saved with the index, so loading one builds no Map of its 500k+ terms (half a second at 136k papers).
   */
  termTable: Int32Array;
}

/** Build the hash table of `terms` (at most half full), yielding every `slice` terms. */
export function* termTableSteps(terms: readonly string[], slice = 50_000): Generator<void, Int32Array> {
  let size = 16;
  while (size < 2 * terms.length) size *= 2;
  const table = new Int32Array(size);
  const mask = size - 1;
  for (let id = 0; id < terms.length; id++) {
    let slot = hashString(terms[id]!) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = id + 1;
    if (id % slice === slice - 1) yield;
  }
  return table;
}

/** A scored document and which query terms (by position in the query) it contains. */
export interface Scored {
  doc: number;
  score: number;
  /** Bit i set when the document contains query term i (first 32 terms). */
  mask: number;
}

/** Collects documents' weighted terms, then freezes them into a `Postings` index. */
export class PostingsBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  // Off-heap growable columns: 10M+ entries at 100k papers would strain the garbage collector as JS arrays.
  private docTerms = new GrowableArray();
  private docFreqs = new GrowableArray();
  private docStarts = new GrowableArray();
  private readonly lengths: number[] = [];

  // Per-document accumulation: weighted frequency by term id, and the ids touched.
  private acc = new Float64Array(1024);
  private touched: number[] = [];
  private length = 0;

  /** Start the next document. */
  startDoc(): void {
    this.touched = [];
    this.length = 0;
  }

  /** The id of a term, assigning the next one to a new term. */
  termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(term, id);
      this.terms.push(term);
      if (id >= this.acc.length) this.acc = grow(this.acc);
    }
    return id;
  }

  /** Add one occurrence of a term with its field weight to the current document. */
  addTerm(term: string, weight: number): void {
    this.addId(this.termId(term), weight);
  }

  /** Add one occurrence of a term, by id (from `termId`), to the current document. */
  addId(id: number, weight: number): void {
    if (this.acc[id] === 0) this.touched.push(id);
    this.acc[id]! += weight;
    this.length += weight;
  }

  /** Finish the current document. */
  endDoc(): void {
    for (const id of this.touched) {
      this.docTerms.push(id);
      this.docFreqs.push(Math.min(65535, Math.round(this.acc[id]! * 4)));
      this.acc[id] = 0;
    }
    if (this.docStarts.length === 0) this.docStarts.push(0);
    this.docStarts.push(this.docTerms.length);
    this.lengths.push(this.length);
  }

  /** Add a whole document: its terms with their field weights (a term may repeat). */
  add(weighted: Iterable<[term: string, weight: number]>): void {
    this.startDoc();
    for (const [term, w] of weighted) this.addTerm(term, w);
    this.endDoc();
  }

  /** Freeze into CSR arrays (a counting sort of the collected pairs by term). */
  build(): Postings {
    const gen = this.buildSteps();
    for (let r = gen.next(); ; r = gen.next()) if (r.done) return r.value;
  }

  /** `build` in steps: yields between slices of documents so a caller can let other work run. */
  *buildSteps(slice = 20_000): Generator<void, Postings> {
    const nTerms = this.terms.length;
    const counts = new Uint32Array(nTerms + 1);
    const docTerms = this.docTerms.view();
    const docFreqs = this.docFreqs.view();
    const docStarts = this.docStarts.view();
    for (let k = 0; k < docTerms.length; k++) {
      counts[docTerms[k]! + 1]!++;
      if (k % 2_000_000 === 1_999_999) yield;
    }
    for (let t = 0; t < nTerms; t++) counts[t + 1]! += counts[t]!;
    const offsets = counts.slice();
    const cursor = counts.slice(0, nTerms);
    const docs = new Uint32Array(docTerms.length);
    const freqs = new Uint16Array(docTerms.length);
    const nDocs = this.lengths.length;
    for (let d = 0; d < nDocs; d++) {
      for (let k = docStarts[d]!; k < docStarts[d + 1]!; k++) {
        const t = docTerms[k]!;
        const at = cursor[t]!++;
        docs[at] = d;
        freqs[at] = docFreqs[k]!;
      }
      if (d % slice === slice - 1) yield;
    }
    this.docTerms = new GrowableArray();
    this.docFreqs = new GrowableArray();
    this.docStarts = new GrowableArray();
    const termTable = yield* termTableSteps(this.terms);
    return new Postings({ terms: this.terms, offsets, docs, freqs, lengths: Float32Array.from(this.lengths), termTable });
  }
}

/** The frozen index. */
export class Postings {
  readonly size: number;
  private readonly avgLength: number;
  // Scratch buffers reused across queries (queries run one at a time on the event loop).
  private readonly scores: Float32Array;
  private readonly masks: Uint32Array;
  private touched = new Int32Array(1024);

  constructor(readonly data: PostingsData) {
    this.size = data.lengths.length;
    let total = 0;
    for (const l of data.lengths) total += l;
    this.avgLength = this.size ? total / this.size : 1;
    this.scores = new Float32Array(this.size);
    this.masks = new Uint32Array(this.size);
  }

  /** The id of a term, or undefined when no document has it. */
  private id(term: string): number | undefined {
    const { termTable, terms } = this.data;
    const mask = termTable.length - 1;
    for (let slot = hashString(term) & mask; ; slot = (slot + 1) & mask) {
      const stored = termTable[slot]!;
      if (stored === 0) return undefined;
      if (terms[stored - 1] === term) return stored - 1;
    }
  }

  /** Number of documents containing the term. */
  docFrequency(term: string): number {
    const id = this.id(term);
    return id === undefined ? 0 : this.data.offsets[id + 1]! - this.data.offsets[id]!;
  }

  /** Whether the term occurs in the index (avoids the subtraction when only presence matters). */
  has(term: string): boolean {
    return this.id(term) !== undefined;
  }

  /** The terms of the index (for building vocabularies). */
  get terms(): readonly string[] {
    return this.data.terms;
  }

  /** Score one document for a query (as `search` would), with the mask of query terms it contains. */
  scoreDoc(query: readonly { term: string; weight: number }[], doc: number): Scored {
    return this.scoreResolved(this.resolve(query), doc);
  }

  /** Query terms with their ids (undefined: in no document) and positions, the first 32. */
  private resolve(query: readonly { term: string; weight: number }[]): { id: number | undefined; weight: number; qi: number }[] {
    return query.slice(0, 32).map(({ term, weight }, qi) => ({ id: weight > 0 ? this.id(term) : undefined, weight, qi }));
  }

  private scoreResolved(terms: readonly { id: number | undefined; weight: number; qi: number }[], doc: number): Scored {
    const { offsets, docs, freqs, lengths } = this.data;
    const { k1, b } = BM25;
    let score = 0;
    let mask = 0;
    for (const { id, weight, qi } of terms) {
      if (id === undefined || weight <= 0) continue;
      // Postings are in document order: binary search.
      let lo = offsets[id]!;
      let hi = offsets[id + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (docs[mid]! < doc) lo = mid + 1;
        else hi = mid;
      }
      if (lo < offsets[id + 1]! && docs[lo] === doc) {
        const tf = freqs[lo]! / 4;
        mask |= 1 << qi;
        score += (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[doc]!) / this.avgLength));
      }
    }
    return { doc, score, mask };
  }

  /**
   * The `limit` best documents for a query: BM25F summed over the query terms, each multiplied by its
   * weight (e.g. IDF). Ties keep document order. Very common terms (in more than `commonShare` of the
   * documents) do not pick candidates when rarer terms are present: their long posting lists would dominate
   * the cost while their low weights barely move the ranking; they are added to the candidates' scores after.
   */
  search(query: readonly { term: string; weight: number }[], limit: number, commonShare = COMMON_SHARE): Scored[] {
    const { offsets, docs, freqs, lengths } = this.data;
    const { k1, b } = BM25;
    const scores = this.scores;
    const masks = this.masks;
    const terms = this.resolve(query);
    const usable = terms.filter((t) => t.id !== undefined && t.weight > 0);
    const df = (id: number) => offsets[id + 1]! - offsets[id]!;
    const maxDf = Math.max(COMMON_MIN_DF, Math.floor(this.size * commonShare));
    // Candidates come from the rare terms, and from the rarest few whatever their frequency: picked by one
    // rare word alone ("stability"), the paper that also has "gap" and "continual" may not make the cut.
    const byDf = [...usable].sort((x, y) => df(x.id!) - df(y.id!));
    const rare = byDf.filter((t, k) => df(t.id!) <= maxDf || k < MIN_SELECTING_TERMS);
    const common = byDf.filter((t) => !rare.includes(t)).sort((x, y) => x.qi - y.qi); // query order, as scoreDoc sums

    let touched = this.touched;
    let nTouched = 0;
    for (const { id, weight, qi } of rare) {
      const bit = 1 << qi;
      for (let k = offsets[id!]!, end = offsets[id! + 1]!; k < end; k++) {
        const d = docs[k]!;
        const tf = freqs[k]! / 4;
        if (masks[d] === 0) {
          if (nTouched === touched.length) touched = this.touched = grow(touched);
          touched[nTouched++] = d;
        }
        masks[d]! |= bit;
        scores[d]! += (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[d]!) / this.avgLength));
      }
    }
    // Keep the best with a bounded min-heap (objects only for documents that enter it), then sort.
    const keep = common.length > 0 ? Math.max(limit, COMMON_RESCORE) : limit;
    const heap: Scored[] = [];
    const worse = (x: Scored, y: Scored) => x.score < y.score || (x.score === y.score && x.doc > y.doc);
    for (let i = 0; i < nTouched; i++) {
      const d = touched[i]!;
      const score = scores[d]!;
      const mask = masks[d]!;
      scores[d] = 0;
      masks[d] = 0;
      if (heap.length < keep) {
        heap.push({ doc: d, score, mask });
        siftUp(heap, heap.length - 1, worse);
      } else if (keep > 0 && (heap[0]!.score < score || (heap[0]!.score === score && heap[0]!.doc > d))) {
        heap[0] = { doc: d, score, mask };
        siftDown(heap, 0, worse);
      }
    }
    if (common.length > 0) {
      for (const h of heap) {
        const extra = this.scoreResolved(common, h.doc);
        h.score += extra.score;
        h.mask |= extra.mask;
      }
    }
    return heap.sort((x, y) => y.score - x.score || x.doc - y.doc).slice(0, limit);
  }
}

/** Terms in more than this share of the documents are "very common" for candidate selection. */
const COMMON_SHARE = 0.05;
/** Below this many documents no term counts as very common (small corpora search everything). */
const COMMON_MIN_DF = 2_000;
/** Terms (the rarest of the query) that always take part in picking candidates. */
const MIN_SELECTING_TERMS = 3;
/** Candidates rescored with the very common terms, at least. */
const COMMON_RESCORE = 300;

/** An append-only Uint32Array that doubles its capacity as it grows (one element type keeps it monomorphic). */
class GrowableArray {
  private data = new Uint32Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data);
    this.data[this.length++] = v;
  }

  /** The filled part (a view, not a copy). */
  view(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

function siftUp<T>(h: T[], i: number, less: (a: T, b: T) => boolean): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(h[i]!, h[p]!)) break;
    [h[i], h[p]] = [h[p]!, h[i]!];
    i = p;
  }
}

function siftDown<T>(h: T[], i: number, less: (a: T, b: T) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && less(h[l]!, h[m]!)) m = l;
    if (r < h.length && less(h[r]!, h[m]!)) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
}
