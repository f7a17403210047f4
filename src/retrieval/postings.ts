/**
 * A compact inverted index in typed arrays (CSR layout): for each term, the documents containing it and the
 * term's field-weighted frequency there. Scores BM25F over the fields. Built in one pass, serialisable as a
 * few flat arrays, and fast on long posting lists: the hot path of answering at 100k+ papers.
 */
import { grow, hashString } from './hash-table.js';
import { type Bm25Parameters, LEXICAL } from './lexical-parameters.js';

export type { Bm25Parameters };

/** The BM25 parameters answering uses (fitted data: `data/bm25-parameters.json`). */
export const BM25: Bm25Parameters = LEXICAL.bm25;

/**
 * The flat arrays an index consists of (what a saved index stores). Each term's postings (documents in order,
 * with the term's weighted frequency in each) are cut into blocks of `BLOCK` postings, frame-of-reference
 * packed: a block stores its first document, then every other document as its distance from that one and every
 * frequency as its excess over the block's least, each in as few bits as the block's largest needs. About 2.4
 * bytes a posting instead of 6, read without decoding a block before it (for scoring one document).
 */
export interface PostingsData {
  /** Term strings as UTF-8, one after another: term t is bytes termStarts[t]..termStarts[t+1]. */
  termBytes: Uint8Array;
  termStarts: Uint32Array;
  /** Documents containing each term. */
  df: Uint32Array;
  /** Per block (blocks of term t follow those of term t-1): its first document. */
  blockDoc: Uint32Array;
  /** Per block: bits per document distance (low 5 bits), per frequency (next 5), least frequency (top 16 bits, less one bit). */
  blockInfo: Uint32Array;
  /** Per block: where its packed bits start in `packed` (under 4 GiB: about 1.7 billion postings, 18M papers). */
  blockAt: Uint32Array;
  /** The blocks' bits, each block from a byte boundary, four zero bytes at the end (so reads never run past it). */
  packed: Uint8Array;
  /** Field-weighted length of each document. */
  lengths: Float32Array;
  /**
   * The term dictionary as an open-addressing hash table by `hashString` (linear probing): slot k holds a term
   * id + 1, or 0.
   * Saved with the index, so loading one builds no Map of its 500k+ terms (half a second at 136k papers).
   */
  termTable: Int32Array;
}

/** Most bytes of postings laid out unpacked at once while building (see `buildSteps`). */
const LAYOUT_BYTES = 64 << 20;

/** Term lookups remembered (see `Postings.id`). */
const RECENT_TERMS = 4096;

/** Postings per block. */
export const BLOCK = 128;
/** Widest packed value: a block's document span must fit (33M documents), and a frequency (16 bits) too. */
const MAX_BITS = 25;

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

const bitsFor = (n: number) => (n === 0 ? 0 : 32 - Math.clz32(n));

/** `width` bits (≤ 25) of `packed` starting `bit` bits after byte `base`. */
function bitsAt(packed: Uint8Array, base: number, bit: number, width: number): number {
  const p = base + (bit >>> 3);
  const word = (packed[p]! | (packed[p + 1]! << 8) | (packed[p + 2]! << 16) | (packed[p + 3]! << 24)) >>> (bit & 7);
  return word & ((1 << width) - 1);
}

/**
 * Unpack `n` values of `width` bits from `bit` bits after byte `base` into `out` from `at`. One loop per number
 * of bytes a value can straddle, so narrow values (most frequencies, dense lists' distances) read fewer bytes.
 */
function unpack(packed: Uint8Array, base: number, bit: number, width: number, n: number, out: Int32Array, at: number): void {
  const m = (1 << width) - 1;
  const end = at + n;
  if (width === 0) out.fill(0, at, end);
  else if (width <= 9)
    for (let i = at; i < end; i++, bit += width) {
      const p = base + (bit >>> 3);
      out[i] = ((packed[p]! | (packed[p + 1]! << 8)) >>> (bit & 7)) & m;
    }
  else if (width <= 17)
    for (let i = at; i < end; i++, bit += width) {
      const p = base + (bit >>> 3);
      out[i] = ((packed[p]! | (packed[p + 1]! << 8) | (packed[p + 2]! << 16)) >>> (bit & 7)) & m;
    }
  else
    for (let i = at; i < end; i++, bit += width) {
      const p = base + (bit >>> 3);
      out[i] = ((packed[p]! | (packed[p + 1]! << 8) | (packed[p + 2]! << 16) | (packed[p + 3]! << 24)) >>> (bit & 7)) & m;
    }
}

/** Packs CSR postings (docs and freqs of each term, in term order) into blocks. */
class BlockPacker {
  private packed = new Uint8Array(1 << 16);
  private at = 0;
  private readonly blockDoc: Uint32Array;
  private readonly blockInfo: Uint32Array;
  private readonly blockAt: Uint32Array;
  private block = 0;

  constructor(nBlocks: number) {
    this.blockDoc = new Uint32Array(nBlocks);
    this.blockInfo = new Uint32Array(nBlocks);
    this.blockAt = new Uint32Array(nBlocks);
  }

  /** Pack one term's postings. */
  add(docs: ArrayLike<number>, freqs: ArrayLike<number>, from: number, to: number): void {
    for (let s = from; s < to; s += BLOCK) {
      const e = Math.min(to, s + BLOCK);
      const info = blockLayout(docs, freqs, s, e);
      const bytes = blockBytes(info, e - s);
      if (this.at + bytes + 4 > 2 ** 32) throw new Error('postings: more than 4 GiB of packed postings');
      if (this.at + bytes + 4 > this.packed.length) this.packed = grow(this.packed, Math.max(this.packed.length * 2, this.at + bytes + 4));
      const b = this.block++;
      this.blockDoc[b] = docs[s]!;
      this.blockInfo[b] = info;
      this.blockAt[b] = this.at;
      writeBlock(docs, freqs, s, e, info, this.packed, this.at);
      this.at += bytes;
    }
  }

  finish(): Pick<PostingsData, 'blockDoc' | 'blockInfo' | 'blockAt' | 'packed'> {
    // Four zero bytes after the last block: `bitsAt` reads a whole 32-bit word.
    return { blockDoc: this.blockDoc, blockInfo: this.blockInfo, blockAt: this.blockAt, packed: this.packed.slice(0, this.at + 4) };
  }
}

/**
 * The info word of the block of postings s..e (at most `BLOCK`) of one term: the bits of the documents' distances
 * from the first and of the frequencies above their least, and that least (docBits | freqBits << 5 | minF << 10).
 */
export function blockLayout(docs: ArrayLike<number>, freqs: ArrayLike<number>, s: number, e: number): number {
  let minF = freqs[s]!;
  let maxF = minF;
  for (let k = s + 1; k < e; k++) {
    const f = freqs[k]!;
    if (f < minF) minF = f;
    if (f > maxF) maxF = f;
  }
  const docBits = bitsFor(docs[e - 1]! - docs[s]!);
  if (docBits > MAX_BITS) throw new Error(`postings: a block spans more than 2^${MAX_BITS} documents`);
  return docBits | (bitsFor(maxF - minF) << 5) | (minF << 10);
}

/** Bytes of a block of `n` postings with info word `info`. */
export function blockBytes(info: number, n: number): number {
  return Math.ceil(((n - 1) * (info & 31) + n * ((info >>> 5) & 31)) / 8);
}

/** Write the block of postings s..e laid out as `info` into `out` from byte `at` on (zero there, four bytes to spare). */
export function writeBlock(
  docs: ArrayLike<number>,
  freqs: ArrayLike<number>,
  s: number,
  e: number,
  info: number,
  out: Uint8Array,
  at: number,
): void {
  const docBits = info & 31;
  const freqBits = (info >>> 5) & 31;
  const minF = info >>> 10;
  const first = docs[s]!;
  let bit = 0;
  for (let k = s + 1; k < e; k++, bit += docBits) orBits(out, at, bit, docs[k]! - first);
  for (let k = s; k < e; k++, bit += freqBits) orBits(out, at, bit, freqs[k]! - minF);
}

/** Or `value` into `out` from bit `bit` past byte `at`. */
function orBits(out: Uint8Array, at: number, bit: number, value: number): void {
  for (let p = at + (bit >>> 3), shift = bit & 7; value > 0; p++, shift = 0) {
    out[p]! |= (value << shift) & 0xff;
    value = Math.floor(value / 2 ** (8 - shift));
  }
}

/** Number of blocks of each term's postings, and where each term's blocks start (prefix sums). */
export function blockStarts(df: Uint32Array): Uint32Array {
  const starts = new Uint32Array(df.length + 1);
  for (let t = 0; t < df.length; t++) starts[t + 1] = starts[t]! + Math.ceil(df[t]! / BLOCK);
  return starts;
}

/** A scored document and which query terms (by position in the query) it contains. */
export interface Scored {
  doc: number;
  score: number;
  /** Bit i set when the document contains query term i (first 32 terms). */
  mask: number;
}

/** Collects documents' weighted terms, then freezes them into a `Postings` index. */
/**
 * The front end both postings builders share (this file's `PostingsBuilder` and postings-build.ts's lean one):
 * term ids, and one document's weighted frequency by term id with the ids it touched, which `endDoc` of each
 * builder stores its own way (then zeroes `acc` at the touched ids).
 */
export abstract class DocumentTerms {
  protected readonly termIds = new Map<string, number>();
  protected readonly terms: string[] = [];
  protected acc = new Float64Array(1024);
  protected touched: number[] = [];
  protected length = 0;

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

  /** Add one occurrence of a term, by id (from `termId`), to the current document. */
  addId(id: number, weight: number): void {
    if (this.acc[id] === 0) this.touched.push(id);
    this.acc[id]! += weight;
    this.length += weight;
  }

  /** Finish the current document. */
  abstract endDoc(): void;
}

export class PostingsBuilder extends DocumentTerms {
  // Off-heap growable columns: 10M+ entries at 100k papers would strain the garbage collector as JS arrays.
  private docTerms = new GrowableArray();
  private docFreqs = new GrowableArray16();
  private docStarts = new GrowableArray();
  private readonly lengths: number[] = [];

  /** Add one occurrence of a term with its field weight to the current document. */
  addTerm(term: string, weight: number): void {
    this.addId(this.termId(term), weight);
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
    const df = counts.slice(1);
    for (let t = 0; t < nTerms; t++) counts[t + 1]! += counts[t]!;
    // Laid out by term (a counting sort of the collected pairs) and packed, a range of terms at a time: the
    // unpacked layout of one range (at most LAYOUT_BYTES) is all that sits beside the collected pairs.
    const packer = new BlockPacker(blockStarts(df)[nTerms]!);
    const nDocs = this.lengths.length;
    for (let t0 = 0; t0 < nTerms; ) {
      let t1 = t0 + 1;
      while (t1 < nTerms && (counts[t1 + 1]! - counts[t0]!) * 6 <= LAYOUT_BYTES) t1++;
      const from = counts[t0]!;
      const docs = new Uint32Array(counts[t1]! - from);
      const freqs = new Uint16Array(docs.length);
      const cursor = counts.slice(t0, t1);
      for (let d = 0; d < nDocs; d++) {
        for (let k = docStarts[d]!; k < docStarts[d + 1]!; k++) {
          const t = docTerms[k]!;
          if (t < t0 || t >= t1) continue;
          const at = cursor[t - t0]!++ - from;
          docs[at] = d;
          freqs[at] = docFreqs[k]!;
        }
        if (d % slice === slice - 1) yield;
      }
      for (let t = t0; t < t1; t++) {
        packer.add(docs, freqs, counts[t]! - from, counts[t + 1]! - from);
        if (t % 50_000 === 49_999) yield;
      }
      t0 = t1;
    }
    this.docTerms = new GrowableArray();
    this.docFreqs = new GrowableArray16();
    this.docStarts = new GrowableArray();
    const termTable = yield* termTableSteps(this.terms);
    const { bytes: termBytes, starts: termStarts } = encodeTerms(this.terms);
    return new Postings({ termBytes, termStarts, df, ...packer.finish(), lengths: Float32Array.from(this.lengths), termTable });
  }
}

/** Terms as one UTF-8 buffer and where each starts. */
export function encodeTerms(terms: readonly string[]): { bytes: Uint8Array; starts: Uint32Array } {
  const starts = new Uint32Array(terms.length + 1);
  for (let t = 0; t < terms.length; t++) starts[t + 1] = starts[t]! + Buffer.byteLength(terms[t]!, 'utf8');
  const bytes = new Uint8Array(starts[terms.length]!);
  for (let t = 0; t < terms.length; t++) encoder.encodeInto(terms[t]!, bytes.subarray(starts[t]!));
  return { bytes, starts };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The frozen index. */
export class Postings {
  readonly size: number;
  private readonly avgLength: number;
  /** Where each term's blocks start (term t's are firstBlock[t]..firstBlock[t+1]). */
  private readonly firstBlock: Uint32Array;
  private readonly recent = new Map<string, number>();
  // Scratch reused across searches (they run one at a time on the event loop; see `search`). A window's scores
  // so far, masks of query terms found (zero between windows), and the documents it touched (relative to its start).
  private readonly window: number;
  private readonly winScores: Float32Array;
  private readonly winMasks: Uint32Array;
  private readonly winTouched: Int32Array;
  /** Per document, its BM25 length norm k1 · (1 − b + b · length / average length), computed once. */
  private readonly norms: Float64Array;
  /** The window's norms, copied in one go when its terms have many postings there. */
  private readonly winNorms: Float64Array;
  // Per selecting term (at most 32): its current block, the next posting in it (BLOCK when the block is not
  // unpacked yet), its last block, and the unpacked block (document distances from `curFirst`, frequencies).
  private readonly curBlock = new Int32Array(32);
  private readonly curPos = new Int32Array(32);
  private readonly curLast = new Int32Array(32);
  private readonly curFirst = new Int32Array(32);
  private readonly curN = new Int32Array(32);
  private readonly curMinF = new Int32Array(32);
  /** Postings in the term's last block. */
  private readonly curLastN = new Int32Array(32);
  private readonly curDocs = new Int32Array(32 * BLOCK);
  private readonly curFreqs = new Int32Array(32 * BLOCK);
  private readonly top = new TopK();

  /**
   * `window`: documents scored together in cache (see `search`); smaller ones only for tests. `bm25`: the
   * scoring's parameters, which only the length norms computed here depend on (the data does not).
   */
  constructor(
    readonly data: PostingsData,
    window = WINDOW,
    readonly bm25: Bm25Parameters = BM25,
  ) {
    this.size = data.lengths.length;
    let total = 0;
    for (const l of data.lengths) total += l;
    this.avgLength = this.size ? total / this.size : 1;
    this.firstBlock = blockStarts(data.df);
    this.window = window;
    this.winScores = new Float32Array(window);
    this.winMasks = new Uint32Array(window);
    this.winTouched = new Int32Array(window);
    this.winNorms = new Float64Array(window);
    const { k1, b } = bm25;
    this.norms = new Float64Array(this.size);
    for (let d = 0; d < this.size; d++) this.norms[d] = k1 * (1 - b + (b * data.lengths[d]!) / this.avgLength);
  }

  /** The same postings scored with other BM25 parameters (the data shared, the norms computed afresh). */
  withBm25(bm25: Bm25Parameters): Postings {
    return new Postings(this.data, this.window, bm25);
  }

  /** The id of a term, or undefined when no document has it. */
  private id(term: string): number | undefined {
    // Answering asks about the same few terms many times (IDF of each sentence's words): a small cache of the
    // last ones found saves comparing their bytes again.
    const cached = this.recent.get(term);
    if (cached !== undefined) return cached < 0 ? undefined : cached;
    const id = this.lookUp(term);
    if (this.recent.size >= RECENT_TERMS) this.recent.clear();
    this.recent.set(term, id ?? -1);
    return id;
  }

  private lookUp(term: string): number | undefined {
    const { termTable } = this.data;
    const mask = termTable.length - 1;
    let bytes: Uint8Array | undefined;
    for (let i = 0; i < term.length; i++) {
      if (term.charCodeAt(i) >= 0x80) {
        bytes = encoder.encode(term);
        break;
      }
    }
    for (let slot = hashString(term) & mask; ; slot = (slot + 1) & mask) {
      const stored = termTable[slot]!;
      if (stored === 0) return undefined;
      if (this.termIs(stored - 1, term, bytes)) return stored - 1;
    }
  }

  /** Whether term `id` is `term` (its UTF-8 `bytes` when not ASCII). */
  private termIs(id: number, term: string, bytes: Uint8Array | undefined): boolean {
    const { termBytes, termStarts } = this.data;
    const start = termStarts[id]!;
    const length = termStarts[id + 1]! - start;
    if (bytes) {
      if (length !== bytes.length) return false;
      for (let i = 0; i < length; i++) if (termBytes[start + i] !== bytes[i]) return false;
      return true;
    }
    if (length !== term.length) return false;
    for (let i = 0; i < length; i++) if (termBytes[start + i] !== term.charCodeAt(i)) return false;
    return true;
  }

  /** Number of documents containing the term. */
  docFrequency(term: string): number {
    const id = this.id(term);
    return id === undefined ? 0 : this.data.df[id]!;
  }

  /** Whether the term occurs in the index (avoids the subtraction when only presence matters). */
  has(term: string): boolean {
    return this.id(term) !== undefined;
  }

  /** The terms of the index, decoded (for tests and tools; the index itself never needs them as strings). */
  terms(): string[] {
    const { termBytes, termStarts } = this.data;
    return Array.from({ length: termStarts.length - 1 }, (_, t) => decoder.decode(termBytes.subarray(termStarts[t]!, termStarts[t + 1]!)));
  }

  /** A term's postings decoded, in document order (for tests and tools). */
  postingsOf(term: string): { docs: number[]; freqs: number[] } {
    const out = { docs: [] as number[], freqs: [] as number[] };
    const id = this.id(term);
    if (id !== undefined)
      this.eachPosting(id, (d, f) => {
        out.docs.push(d);
        out.freqs.push(f);
      });
    return out;
  }

  /** Call `fn` with each posting of term `id`, in document order. */
  private eachPosting(id: number, fn: (doc: number, freq: number) => void): void {
    const { blockDoc, blockInfo, blockAt, packed, df } = this.data;
    const last = this.firstBlock[id + 1]! - 1;
    for (let b = this.firstBlock[id]!; b <= last; b++) {
      const n = b < last ? BLOCK : df[id]! - (last - this.firstBlock[id]!) * BLOCK;
      const first = blockDoc[b]!;
      const info = blockInfo[b]!;
      const docBits = info & 31;
      const freqBits = (info >>> 5) & 31;
      const minF = info >>> 10;
      const base = blockAt[b]!;
      const fBit = (n - 1) * docBits;
      fn(first, minF + bitsAt(packed, base, fBit, freqBits));
      for (let i = 1; i < n; i++)
        fn(first + bitsAt(packed, base, (i - 1) * docBits, docBits), minF + bitsAt(packed, base, fBit + i * freqBits, freqBits));
    }
  }

  /** Score one document for a query (as `search` would), with the mask of query terms it contains. */
  scoreDoc(query: readonly { term: string; weight: number }[], doc: number): Scored {
    return this.scoreResolved(this.resolve(query), doc);
  }

  /** Query terms with their ids (undefined: in no document) and positions, the first 32. */
  private resolve(query: readonly { term: string; weight: number }[]): { id: number | undefined; weight: number; qi: number }[] {
    return query.slice(0, 32).map(({ term, weight }, qi) => ({ id: weight > 0 ? this.id(term) : undefined, weight, qi }));
  }

  /** The weighted frequency of term `id` in `doc`, or -1 when the document lacks it. */
  private freqIn(id: number, doc: number): number {
    const firstB = this.firstBlock[id]!;
    const lastB = this.firstBlock[id + 1]! - 1;
    const b = this.blockOf(lastB, firstB, doc);
    return b < 0 ? -1 : this.freqInBlock(b, b < lastB ? BLOCK : this.data.df[id]! - (lastB - firstB) * BLOCK, doc);
  }

  /**
   * The block of one term's, up to `lastB`, that would hold `doc`: the last whose first document is at most
   * `doc`, searched from block `from` on (galloping, then binary search); -1 when `doc` is before block `from`.
   */
  private blockOf(lastB: number, from: number, doc: number): number {
    const { blockDoc } = this.data;
    if (blockDoc[from]! > doc) return -1;
    let lo = from;
    let step = 1;
    while (lo + step <= lastB && blockDoc[lo + step]! <= doc) {
      lo += step;
      step *= 2;
    }
    let hi = Math.min(lastB, lo + step - 1);
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (blockDoc[mid]! <= doc) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The weighted frequency in `doc` of block `b` (of `n` postings), or -1 when the block lacks it. */
  private freqInBlock(b: number, n: number, doc: number): number {
    const { blockDoc, blockInfo, blockAt, packed } = this.data;
    const first = blockDoc[b]!;
    const info = blockInfo[b]!;
    const docBits = info & 31;
    const freqBits = (info >>> 5) & 31;
    const base = blockAt[b]!;
    let i = 0;
    if (doc !== first) {
      // Documents 1..n-1 of the block, as distances from the first: binary search.
      const target = doc - first;
      let l = 1;
      let h = n - 1;
      i = -1;
      while (l <= h) {
        const m = (l + h) >>> 1;
        const v = bitsAt(packed, base, (m - 1) * docBits, docBits);
        if (v < target) l = m + 1;
        else if (v > target) h = m - 1;
        else {
          i = m;
          break;
        }
      }
      if (i < 0) return -1;
    }
    return (info >>> 10) + bitsAt(packed, base, (n - 1) * docBits + i * freqBits, freqBits);
  }

  private scoreResolved(terms: readonly { id: number | undefined; weight: number; qi: number }[], doc: number): Scored {
    const { k1 } = this.bm25;
    const norm = this.norms[doc]!;
    let score = 0;
    let mask = 0;
    for (const { id, weight, qi } of terms) {
      if (id === undefined || weight <= 0) continue;
      const freq = this.freqIn(id, doc);
      if (freq >= 0) {
        const tf = freq / 4;
        mask |= 1 << qi;
        score += (weight * tf * (k1 + 1)) / (tf + norm);
      }
    }
    return { doc, score, mask };
  }

  /**
   * The `limit` best documents for a query: BM25F summed over the query terms, each multiplied by its
   * weight (e.g. IDF). Ties keep document order. Very common terms (in more than `commonShare` of the
   * documents, and `commonMinDf`) do not pick candidates when rarer terms are present: their long posting lists
   * would dominate the cost while their low weights barely move the ranking; they are added to the candidates'
   * scores after.
   *
   * The selecting terms are scored a window of documents at a time (term after term, rarest first, within each
   * window), so that the scores being summed stay in cache: at a million papers, summing over the whole corpus
   * term after term spent most of its time waiting for memory. Each document still sums its terms in the same
   * order, so the scores are exactly those of scoring term after term.
   */
  search(
    query: readonly { term: string; weight: number }[],
    limit: number,
    commonShare = COMMON_SHARE,
    commonMinDf = COMMON_MIN_DF,
  ): Scored[] {
    const { df } = this.data;
    const terms = this.resolve(query);
    const usable = terms.filter((t) => t.id !== undefined && t.weight > 0);
    const maxDf = Math.max(commonMinDf, Math.floor(this.size * commonShare));
    // Candidates come from the rare terms, and from the rarest few whatever their frequency: picked by one
    // rare word alone ("stability"), the paper that also has "gap" and "continual" may not make the cut.
    const byDf = [...usable].sort((x, y) => df[x.id!]! - df[y.id!]!);
    const rare = byDf.filter((t, k) => df[t.id!]! <= maxDf || k < MIN_SELECTING_TERMS);
    const common = byDf.filter((t) => !rare.includes(t)).sort((x, y) => x.qi - y.qi); // query order, as scoreDoc sums
    // The best `keep` (a bounded heap), then the common terms added to them.
    const keep = common.length > 0 ? Math.max(limit, COMMON_RESCORE) : limit;
    const top = this.top;
    top.reset(keep);
    this.selectWindows(rare, top);
    const hits = top.drain();
    if (common.length > 0) this.addCommon(hits, common);
    return hits.sort((x, y) => y.score - x.score || x.doc - y.doc).slice(0, limit);
  }

  /** Score the documents that have any of the `rare` terms, a window at a time, offering each to `top`. */
  private selectWindows(rare: readonly { id: number | undefined; weight: number; qi: number }[], top: TopK): void {
    const { blockDoc, df } = this.data;
    const { curBlock, curPos, curLast, curLastN, window } = this;
    const nRare = rare.length;
    for (let k = 0; k < nRare; k++) {
      const t = rare[k]!.id!;
      curBlock[k] = this.firstBlock[t]!;
      curLast[k] = this.firstBlock[t + 1]! - 1;
      curLastN[k] = df[t]! - (curLast[k]! - curBlock[k]!) * BLOCK;
      curPos[k] = BLOCK;
    }
    // Where the window's norms are read: when its terms have many postings there (one every 64 documents on
    // average), from a copy made in one go; reading them one posting at a time from the whole corpus's was a third
    // of the time at a million papers. The same norms either way.
    let postings = 0;
    for (let k = 0; k < nRare; k++) postings += df[rare[k]!.id!]!;
    const copy = postings * 64 >= this.size;
    for (;;) {
      // The next window: from the first document any term has left (windows start at multiples of the size).
      let next = this.size;
      for (let k = 0; k < nRare; k++) {
        if (curBlock[k]! > curLast[k]!) continue;
        const d = curPos[k]! < BLOCK ? this.curFirst[k]! + this.curDocs[k * BLOCK + curPos[k]!]! : blockDoc[curBlock[k]!]!;
        if (d < next) next = d;
      }
      if (next >= this.size) return;
      const from = next - (next % window);
      let nTouched = 0;
      if (copy) this.winNorms.set(this.norms.subarray(from, Math.min(from + window, this.size)));
      const norms = copy ? this.winNorms : this.norms;
      const offset = copy ? from : 0;
      for (let k = 0; k < nRare; k++) nTouched = this.scoreWindow(k, rare[k]!.weight, 1 << rare[k]!.qi, from, nTouched, norms, offset);
      this.offerWindow(from, nTouched, top);
    }
  }

  /**
   * Add selecting term `k`'s part, times `weight`, to the scores of its documents in the window from `from`, and
   * `qbit` to their masks, appending documents first seen to the window's touched list after its first `nTouched`.
   * Leaves the term's cursor at its first document past the window. Returns the new touched count. Document d's
   * norm is `norms[d - offset]`.
   */
  private scoreWindow(
    k: number,
    weight: number,
    qbit: number,
    from: number,
    nTouched: number,
    norms: Float64Array,
    offset: number,
  ): number {
    const { blockDoc, blockInfo, blockAt, packed } = this.data;
    const { k1 } = this.bm25;
    const { winScores, winMasks, winTouched, curDocs, curFreqs, curBlock, curPos, curLast, curLastN, curFirst, curN, curMinF } = this;
    const to = from + this.window;
    const at = k * BLOCK;
    let bk = curBlock[k]!;
    const last = curLast[k]!;
    let i = curPos[k]!;
    while (bk <= last) {
      if (i === BLOCK) {
        // Unpack the term's next block (tight loops of one width), unless it starts past the window.
        const first = blockDoc[bk]!;
        if (first >= to) break;
        const info = blockInfo[bk]!;
        const docBits = info & 31;
        const freqBits = (info >>> 5) & 31;
        const minF = info >>> 10;
        const n = bk < last ? BLOCK : curLastN[k]!;
        curFirst[k] = first;
        curN[k] = n;
        curMinF[k] = minF;
        curDocs[at] = 0;
        unpack(packed, blockAt[bk]!, 0, docBits, n - 1, curDocs, at + 1);
        unpack(packed, blockAt[bk]!, (n - 1) * docBits, freqBits, n, curFreqs, at);
        i = 0;
      }
      const first = curFirst[k]!;
      const n = curN[k]!;
      const minF = curMinF[k]!;
      for (; i < n; i++) {
        const d = first + curDocs[at + i]!;
        if (d >= to) break;
        const w = d - from;
        const tf = (minF + curFreqs[at + i]!) / 4;
        const m = winMasks[w]!;
        if (m === 0) winTouched[nTouched++] = w;
        winMasks[w] = m | qbit;
        winScores[w]! += (weight * tf * (k1 + 1)) / (tf + norms[d - offset]!);
      }
      if (i < n) break;
      bk++;
      i = BLOCK;
    }
    curBlock[k] = bk;
    curPos[k] = i;
    return nTouched;
  }

  /** Offer the window's touched documents to `top`, clearing their scores and masks. */
  private offerWindow(from: number, nTouched: number, top: TopK): void {
    const { winScores, winMasks, winTouched } = this;
    let { floor, floorDoc } = top;
    for (let j = 0; j < nTouched; j++) {
      const w = winTouched[j]!;
      const score = winScores[w]!;
      const doc = from + w;
      // Most documents rank below the worst kept: turned away here, without a call.
      if (score > floor || (score === floor && doc < floorDoc)) {
        top.offer(doc, score, winMasks[w]!);
        ({ floor, floorDoc } = top);
      }
      winScores[w] = 0;
      winMasks[w] = 0;
    }
  }

  /**
   * Add the `common` terms' parts (summed in their order, as `scoreDoc` sums) and bits to each of `hits`: term by
   * term over the hits in document order, each block found by galloping on from the last one found.
   */
  private addCommon(hits: Scored[], common: readonly { id: number | undefined; weight: number; qi: number }[]): void {
    const { df } = this.data;
    const { norms } = this;
    const { k1 } = this.bm25;
    const byDoc = hits.slice().sort((x, y) => x.doc - y.doc);
    const extra = new Float64Array(byDoc.length);
    const bits = new Int32Array(byDoc.length);
    for (const { id, weight, qi } of common) {
      if (id === undefined || weight <= 0) continue;
      const firstB = this.firstBlock[id]!;
      const lastB = this.firstBlock[id + 1]! - 1;
      const lastN = df[id]! - (lastB - firstB) * BLOCK;
      let from = firstB;
      for (let j = 0; j < byDoc.length; j++) {
        const doc = byDoc[j]!.doc;
        const bk = this.blockOf(lastB, from, doc);
        if (bk < 0) continue;
        from = bk;
        const freq = this.freqInBlock(bk, bk < lastB ? BLOCK : lastN, doc);
        if (freq < 0) continue;
        const tf = freq / 4;
        bits[j]! |= 1 << qi;
        extra[j]! += (weight * tf * (k1 + 1)) / (tf + norms[doc]!);
      }
    }
    for (let j = 0; j < byDoc.length; j++) {
      const h = byDoc[j]!;
      h.score += extra[j]!;
      h.mask |= bits[j]!;
    }
  }
}

/** Documents per window of `Postings.search`: their scores, masks and norms, 16 bytes each, fit in a core's cache. */
const WINDOW = 1 << 14;

/**
 * The best documents offered, at most `keep` (a min-heap in typed arrays: the worst kept at the root, so most
 * documents are turned away by one comparison): by score, ties to the earlier document.
 */
class TopK {
  private scores = new Float64Array(64);
  private docs = new Int32Array(64);
  private masks = new Uint32Array(64);
  private n = 0;
  private keep = 0;
  /** The worst kept once `keep` are (a document must rank above it to get in); -Infinity before, Infinity for none. */
  floor = Number.NEGATIVE_INFINITY;
  floorDoc = 0;

  reset(keep: number): void {
    this.n = 0;
    this.keep = keep;
    this.floor = keep > 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    this.floorDoc = 0;
  }

  /** Whether (score x, doc dx) ranks below (y, dy). */
  private static worse(x: number, dx: number, y: number, dy: number): boolean {
    return x < y || (x === y && dx > dy);
  }

  /** Keep the document if it ranks above the worst kept (or fewer than `keep` are). */
  offer(doc: number, score: number, mask: number): void {
    const { keep } = this;
    if (this.n < keep) {
      if (this.n === this.scores.length) this.grow(Math.min(keep, 2 * this.n));
      // Sift up from the new last place.
      const { scores, docs, masks } = this;
      let i = this.n++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!TopK.worse(score, doc, scores[p]!, docs[p]!)) break;
        scores[i] = scores[p]!;
        docs[i] = docs[p]!;
        masks[i] = masks[p]!;
        i = p;
      }
      scores[i] = score;
      docs[i] = doc;
      masks[i] = mask;
    } else if (keep > 0 && TopK.worse(this.scores[0]!, this.docs[0]!, score, doc)) {
      // Replace the root and sift down.
      const { scores, docs, masks, n } = this;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && TopK.worse(scores[r]!, docs[r]!, scores[l]!, docs[l]!) ? r : l;
        if (!TopK.worse(scores[c]!, docs[c]!, score, doc)) break;
        scores[i] = scores[c]!;
        docs[i] = docs[c]!;
        masks[i] = masks[c]!;
        i = c;
      }
      scores[i] = score;
      docs[i] = doc;
      masks[i] = mask;
    }
    if (this.n === keep && keep > 0) {
      this.floor = this.scores[0]!;
      this.floorDoc = this.docs[0]!;
    }
  }

  /** The documents kept, in no particular order, as objects; empties the heap. */
  drain(): Scored[] {
    const out: Scored[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) out[i] = { doc: this.docs[i]!, score: this.scores[i]!, mask: this.masks[i]! };
    this.n = 0;
    return out;
  }

  private grow(size: number): void {
    this.scores = grow(this.scores, size);
    this.docs = grow(this.docs, size);
    this.masks = grow(this.masks, size);
  }
}

/** Terms in more than this share of the documents are "very common" for candidate selection. */
const COMMON_SHARE = 0.05;
/** Below this many documents no term counts as very common (small corpora search everything). */
const COMMON_MIN_DF = 2_000;
/** Terms (the rarest of the query) that always take part in picking candidates. */
const MIN_SELECTING_TERMS = 3;
/**
 * Candidates rescored with the very common terms, at least. With 300, a paper holding most of a question's
 * common words ("comparing automatic vs human evaluation of local explanations for text classifiers": its title)
 * could miss the cut on the rarer words alone and never be scored whole; 1,000 finds what an exhaustive search
 * finds on the eval questions (README, "Retrieval quality and speed", session 15).
 */
export const COMMON_RESCORE = 1000;

/** `GrowableArray` of 16-bit values (frequencies). */
class GrowableArray16 {
  private data = new Uint16Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) this.data = grow(this.data);
    this.data[this.length++] = v;
  }

  view(): Uint16Array {
    return this.data.subarray(0, this.length);
  }
}

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
