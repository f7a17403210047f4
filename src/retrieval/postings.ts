/**
 * A compact inverted index in typed arrays (CSR layout): for each term, the documents containing it and the
 * term's field-weighted frequency there. Scores BM25F over the fields. Built in one pass, serialisable as a
 * few flat arrays, and fast on long posting lists: the hot path of answering at 100k+ papers.
 */

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
  private docTerms: number[] = [];
  private docFreqs: number[] = [];
  private docStarts: number[] = [0];
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
      if (id >= this.acc.length) {
        const grown = new Float64Array(this.acc.length * 2);
        grown.set(this.acc);
        this.acc = grown;
      }
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
    for (const id of this.docTerms) counts[id + 1]!++;
    for (let t = 0; t < nTerms; t++) counts[t + 1]! += counts[t]!;
    const offsets = counts.slice();
    const cursor = counts.slice(0, nTerms);
    const docs = new Uint32Array(this.docTerms.length);
    const freqs = new Uint16Array(this.docTerms.length);
    const nDocs = this.lengths.length;
    for (let d = 0; d < nDocs; d++) {
      for (let k = this.docStarts[d]!; k < this.docStarts[d + 1]!; k++) {
        const t = this.docTerms[k]!;
        const at = cursor[t]!++;
        docs[at] = d;
        freqs[at] = this.docFreqs[k]!;
      }
      if (d % slice === slice - 1) yield;
    }
    this.docTerms = [];
    this.docFreqs = [];
    this.docStarts = [0];
    return new Postings({ terms: this.terms, offsets, docs, freqs, lengths: Float32Array.from(this.lengths) });
  }
}

/** The frozen index. */
export class Postings {
  readonly size: number;
  private readonly ids: Map<string, number>;
  private readonly avgLength: number;
  // Scratch buffers reused across queries (queries run one at a time on the event loop).
  private readonly scores: Float32Array;
  private readonly masks: Uint32Array;

  constructor(readonly data: PostingsData) {
    this.size = data.lengths.length;
    this.ids = new Map(data.terms.map((t, i) => [t, i]));
    let total = 0;
    for (const l of data.lengths) total += l;
    this.avgLength = this.size ? total / this.size : 1;
    this.scores = new Float32Array(this.size);
    this.masks = new Uint32Array(this.size);
  }

  /** Number of documents containing the term. */
  docFrequency(term: string): number {
    const id = this.ids.get(term);
    return id === undefined ? 0 : this.data.offsets[id + 1]! - this.data.offsets[id]!;
  }

  /** Whether the term occurs in the index (avoids the subtraction when only presence matters). */
  has(term: string): boolean {
    return this.ids.has(term);
  }

  /** The terms of the index (for building vocabularies). */
  get terms(): readonly string[] {
    return this.data.terms;
  }

  /** Score one document for a query (as `search` would), with the mask of query terms it contains. */
  scoreDoc(query: readonly { term: string; weight: number }[], doc: number): Scored {
    const { offsets, docs, freqs, lengths } = this.data;
    const { k1, b } = BM25;
    let score = 0;
    let mask = 0;
    query.slice(0, 32).forEach(({ term, weight }, qi) => {
      const id = this.ids.get(term);
      if (id === undefined || weight <= 0) return;
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
    });
    return { doc, score, mask };
  }

  /**
   * The `limit` best documents for a query: BM25F summed over the query terms, each multiplied by its
   * weight (e.g. IDF scaled by how much the word matters). Ties keep document order.
   */
  search(query: readonly { term: string; weight: number }[], limit: number): Scored[] {
    const { offsets, docs, freqs, lengths } = this.data;
    const { k1, b } = BM25;
    const scores = this.scores;
    const masks = this.masks;
    const touched: number[] = [];
    query.slice(0, 32).forEach(({ term, weight }, qi) => {
      const id = this.ids.get(term);
      if (id === undefined || weight <= 0) return;
      const bit = 1 << qi;
      for (let k = offsets[id]!, end = offsets[id + 1]!; k < end; k++) {
        const d = docs[k]!;
        const tf = freqs[k]! / 4;
        if (masks[d] === 0) touched.push(d);
        masks[d]! |= bit;
        scores[d]! += (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[d]!) / this.avgLength));
      }
    });
    // Keep the best `limit` with a bounded min-heap, then sort.
    const heap: Scored[] = [];
    const worse = (x: Scored, y: Scored) => x.score < y.score || (x.score === y.score && x.doc > y.doc);
    for (const d of touched) {
      const s: Scored = { doc: d, score: scores[d]!, mask: masks[d]! };
      scores[d] = 0;
      masks[d] = 0;
      if (heap.length < limit) {
        heap.push(s);
        siftUp(heap, heap.length - 1, worse);
      } else if (limit > 0 && worse(heap[0]!, s)) {
        heap[0] = s;
        siftDown(heap, 0, worse);
      }
    }
    return heap.sort((x, y) => y.score - x.score || x.doc - y.doc);
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
