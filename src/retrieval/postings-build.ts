/**
 * The indexer's postings builder: the same `Postings` as `PostingsBuilder` (postings.ts) builds, byte for byte,
 * in less memory. At 136k papers `PostingsBuilder` held 257 MB of typed arrays at its peak: its columns double
 * as they grow (11.4M postings in room for 16M, twice that while a copy is made), it lays postings out 64 MB at a
 * time, and its packed output doubles too. Here the collected pairs sit in fixed chunks filled to the last one,
 * a range of terms laid out at a time takes an eighth of them (16 MB at least: 5 passes over the pairs at 136k),
 * and the packed blocks go to chunks joined once at the end, after the pairs are let go: 125 MB at the peak.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { grow } from './hash-table.js';
import {
  BLOCK,
  blockBytes,
  blockLayout,
  blockStarts,
  DocumentTerms,
  encodeTerms,
  Postings,
  type PostingsData,
  termTableSteps,
  writeBlock,
} from './postings.js';

/** Entries per chunk of a column. */
const CHUNK_BITS = 20;

/** Least bytes of postings laid out unpacked at once; more when the pairs are many (an eighth of them). */
const MIN_LAYOUT_BYTES = 16 << 20;

/** Collects documents' weighted terms, then freezes them into a `Postings` index (see the file comment). */
export class LeanPostingsBuilder extends DocumentTerms {
  private pairs: PairStore;
  private docStarts = new Uint32Array(1024);
  private lengths: Float32Array = new Float32Array(1024);
  private nDocs = 0;

  /**
   * @param spill where the collected pairs go past `spill.budgetBytes` held in memory (a folder for an unlinked
   *   temporary file; default: all held). Each pass of the layout then reads them back, in order.
   * @param chunkBits entries per chunk of the collected pairs, as a power of two (small in tests)
   */
  constructor(
    private readonly spill?: { dir: string; budgetBytes: number },
    private readonly chunkBits = CHUNK_BITS,
    private readonly minLayoutBytes = MIN_LAYOUT_BYTES,
  ) {
    super();
    this.pairs = new PairStore(chunkBits, spill);
  }

  /** Finish the current document. */
  endDoc(): void {
    for (const id of this.touched) {
      this.pairs.push(id, Math.min(65535, Math.round(this.acc[id]! * 4)));
      this.acc[id] = 0;
    }
    if (this.nDocs + 2 > this.docStarts.length) this.docStarts = grow(this.docStarts);
    if (this.nDocs + 1 > this.lengths.length) this.lengths = growFloat32(this.lengths);
    this.docStarts[this.nDocs + 1] = this.pairs.length;
    // A Float32Array rounds as `Float32Array.from` of the sums would.
    this.lengths[this.nDocs++] = this.length;
  }

  /** Freeze into the packed index, yielding between slices of the work. */
  *buildSteps(slice = 20_000): Generator<void, Postings> {
    const nTerms = this.terms.length;
    const nDocs = this.nDocs;
    const pairs = this.pairs;
    const total = pairs.length;
    const counts = new Uint32Array(nTerms + 1);
    let k = 0;
    for (const { terms, n } of pairs.chunks()) {
      for (let i = 0; i < n; i++, k++) {
        counts[terms[i]! + 1]!++;
        if (k % 2_000_000 === 1_999_999) yield;
      }
    }
    const df = counts.slice(1);
    for (let t = 0; t < nTerms; t++) counts[t + 1]! += counts[t]!;
    const docStarts = this.docStarts;
    const packer = new ChunkedBlockPacker(blockStarts(df)[nTerms]!);
    // A range of terms at a time, as PostingsBuilder does: each pass reads every collected pair and keeps those
    // of its terms. Budget per pass: an eighth of the pairs' unpacked size (6 bytes a posting), at least 16 MB.
    const budget = Math.max(this.minLayoutBytes, Math.ceil((total * 6) / 8));
    for (let t0 = 0; t0 < nTerms; ) {
      let t1 = t0 + 1;
      while (t1 < nTerms && (counts[t1 + 1]! - counts[t0]!) * 6 <= budget) t1++;
      const from = counts[t0]!;
      const docs = new Uint32Array(counts[t1]! - from);
      const freqs = new Uint16Array(docs.length);
      const cursor = counts.slice(t0, t1);
      let d = 0;
      let next = nDocs > 0 ? docStarts[1]! : 0;
      let k = 0;
      for (const { terms, freqs: fs, n } of pairs.chunks()) {
        for (let i = 0; i < n; i++, k++) {
          while (k >= next) {
            d++;
            next = docStarts[d + 1]!;
            if (d % slice === 0) yield;
          }
          const t = terms[i]!;
          if (t < t0 || t >= t1) continue;
          const at = cursor[t - t0]!++ - from;
          docs[at] = d;
          freqs[at] = fs[i]!;
        }
      }
      for (let t = t0; t < t1; t++) {
        packer.add(docs, freqs, counts[t]! - from, counts[t + 1]! - from);
        if (t % 50_000 === 49_999) yield;
      }
      t0 = t1;
    }
    pairs.close();
    this.pairs = new PairStore(this.chunkBits, this.spill);
    this.docStarts = new Uint32Array(0);
    const termTable = yield* termTableSteps(this.terms);
    const { bytes: termBytes, starts: termStarts } = encodeTerms(this.terms);
    const lengths = this.lengths.slice(0, nDocs);
    return new Postings({ termBytes, termStarts, df, ...packer.finish(), lengths, termTable });
  }
}

/**
 * The collected (term, weighted frequency) pairs in document order, in fixed chunks: no doubling, no copy as
 * they grow. Past a budget, each chunk filled is written to a temporary file (removed from its folder at once)
 * and let go; `chunks` reads them back in order through one reused buffer.
 */
class PairStore {
  length = 0;
  private readonly held: { terms: Uint32Array; freqs: Uint16Array }[] = [];
  private current: { terms: Uint32Array; freqs: Uint16Array } | undefined;
  private readonly size: number;
  private fd: number | undefined;
  private spilled = 0;

  constructor(
    bits: number,
    private readonly spill: { dir: string; budgetBytes: number } | undefined,
  ) {
    this.size = 1 << bits;
  }

  push(term: number, freq: number): void {
    const i = this.length % this.size;
    if (i === 0) this.startChunk();
    this.current!.terms[i] = term;
    this.current!.freqs[i] = freq;
    this.length++;
  }

  private startChunk(): void {
    const full = this.current;
    if (full && this.spill && (this.held.length + 1) * this.size * 6 > this.spill.budgetBytes) {
      // Spilled: written as its term ids then its frequencies, and the same buffers refilled.
      if (this.fd === undefined) {
        const path = join(this.spill.dir, `.citebot-postings-${randomBytes(6).toString('hex')}.tmp`);
        this.fd = openSync(path, 'w+');
        unlinkSync(path);
      }
      const at = this.spilled * this.size * 6;
      writeAll(this.fd, new Uint8Array(full.terms.buffer), at);
      writeAll(this.fd, new Uint8Array(full.freqs.buffer), at + this.size * 4);
      this.spilled++;
      return;
    }
    this.current = { terms: new Uint32Array(this.size), freqs: new Uint16Array(this.size) };
    this.held.push(this.current);
  }

  /** Every chunk in order, with how many of its entries are filled (a spilled chunk's buffers are reused). */
  *chunks(): Generator<{ terms: Uint32Array; freqs: Uint16Array; n: number }> {
    let left = this.length;
    // The held chunks, but the last one when it was refilled with spilled chunks: it holds the newest pairs.
    const heldFirst = this.spilled > 0 ? this.held.length - 1 : this.held.length;
    for (let c = 0; c < heldFirst && left > 0; c++) {
      const n = Math.min(this.size, left);
      yield { ...this.held[c]!, n };
      left -= n;
    }
    if (this.spilled === 0) return;
    const terms = new Uint32Array(this.size);
    const freqs = new Uint16Array(this.size);
    for (let c = 0; c < this.spilled; c++) {
      const at = c * this.size * 6;
      readAll(this.fd!, new Uint8Array(terms.buffer), at);
      readAll(this.fd!, new Uint8Array(freqs.buffer), at + this.size * 4);
      yield { terms, freqs, n: this.size };
      left -= this.size;
    }
    yield { ...this.current!, n: left };
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

function readAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) throw new Error('postings: the spilled pairs ended early');
    done += n;
  }
}

function growFloat32(array: Float32Array): Float32Array {
  const copy = new Float32Array(array.length * 2);
  copy.set(array);
  return copy;
}

/** Bytes of packed output per chunk. */
const PACKED_CHUNK = 4 << 20;

/**
 * `BlockPacker` of postings.ts (the same blocks, the same bytes), writing each block into a scratch buffer and
 * appending it to fixed chunks, joined once by `finish`.
 */
class ChunkedBlockPacker {
  private readonly chunks: Uint8Array[] = [];
  private current = new Uint8Array(PACKED_CHUNK);
  private inCurrent = 0;
  private at = 0;
  /** One block's bits: 127 distances and 128 frequencies of at most 25 bits, and room to spare. */
  private readonly scratch = new Uint8Array(1024);
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
      const b = this.block++;
      this.blockDoc[b] = docs[s]!;
      this.blockInfo[b] = info;
      this.blockAt[b] = this.at;
      this.scratch.fill(0, 0, bytes + 4);
      writeBlock(docs, freqs, s, e, info, this.scratch, 0);
      this.append(this.scratch, bytes);
    }
  }

  private append(bytes: Uint8Array, n: number): void {
    for (let done = 0; done < n; ) {
      if (this.inCurrent === this.current.length) {
        this.chunks.push(this.current);
        this.current = new Uint8Array(PACKED_CHUNK);
        this.inCurrent = 0;
      }
      const take = Math.min(n - done, this.current.length - this.inCurrent);
      this.current.set(bytes.subarray(done, done + take), this.inCurrent);
      this.inCurrent += take;
      done += take;
    }
    this.at += n;
  }

  finish(): Pick<PostingsData, 'blockDoc' | 'blockInfo' | 'blockAt' | 'packed'> {
    // Four zero bytes after the last block: `bitsAt` reads a whole 32-bit word.
    const packed = new Uint8Array(this.at + 4);
    let at = 0;
    for (const chunk of this.chunks) {
      packed.set(chunk, at);
      at += chunk.length;
    }
    packed.set(this.current.subarray(0, this.inCurrent), at);
    this.chunks.length = 0;
    this.current = new Uint8Array(0);
    return { blockDoc: this.blockDoc, blockInfo: this.blockInfo, blockAt: this.blockAt, packed };
  }
}
