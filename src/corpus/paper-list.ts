import type { Paper } from './schema.js';
import { serializePaper } from './write.js';

/**
 * The papers of a library, by position. Either plain objects in memory, or (from a saved index) one UTF-8
 * buffer of corpus lines parsed on demand, so 100k+ papers load in a moment and only the ones an answer
 * cites become objects. Ids and titles are always at hand (lookup, paging, fingerprints).
 */
export class PaperList implements Iterable<Paper> {
  readonly length: number;
  private readonly cache = new Map<number, Paper>();

  private constructor(
    private readonly objects: readonly Paper[] | undefined,
    private readonly raw: { bytes: Uint8Array; offsets: Uint32Array } | undefined,
    /** Paper ids, by position. */
    readonly ids: readonly string[],
    /** Paper titles, by position. */
    readonly titles: readonly string[],
  ) {
    this.length = ids.length;
  }

  /** A list over papers in memory. */
  static of(papers: readonly Paper[]): PaperList {
    return new PaperList(papers, undefined, papers.map((p) => p.id), papers.map((p) => p.title));
  }

  /** The paper at a position as a corpus line (newline-terminated), without parsing it when it came from bytes. */
  line(i: number): string {
    if (this.objects) return `${serializePaper(this.objects[i]!)}\n`;
    const { bytes, offsets } = this.raw!;
    return Buffer.from(bytes.buffer, bytes.byteOffset + offsets[i]!, offsets[i + 1]! - offsets[i]!).toString('utf8');
  }

  /** The compact form a saved index stores: corpus lines as UTF-8 with their offsets, plus ids and titles. */
  toData(): PaperListData {
    if (this.raw) return { ...this.raw, ids: [...this.ids], titles: [...this.titles] };
    const lines: string[] = [];
    const offsets = new Uint32Array(this.length + 1);
    let at = 0;
    for (let i = 0; i < this.length; i++) {
      const line = this.line(i);
      lines.push(line);
      at += Buffer.byteLength(line, 'utf8');
      offsets[i + 1] = at;
    }
    return { bytes: Buffer.from(lines.join(''), 'utf8'), offsets, ids: [...this.ids], titles: [...this.titles] };
  }

  /** A list over saved data (see `toData`). */
  static fromData(data: PaperListData): PaperList {
    return new PaperList(undefined, { bytes: data.bytes, offsets: data.offsets }, data.ids, data.titles);
  }

  /** The paper at a position (parsed on first use when the list came from a saved index). */
  at(i: number): Paper {
    if (this.objects) return this.objects[i]!;
    let p = this.cache.get(i);
    if (p === undefined) {
      const { bytes, offsets } = this.raw!;
      p = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + offsets[i]!, offsets[i + 1]! - offsets[i]!).toString('utf8')) as Paper;
      p.url ??= null;
      p.codeUrl ??= null;
      if (this.cache.size >= 5_000) this.cache.clear();
      this.cache.set(i, p);
    }
    return p;
  }

  /** Papers from `start` to before `end`, like `Array.prototype.slice`. */
  slice(start = 0, end = this.length): Paper[] {
    const out: Paper[] = [];
    const from = start < 0 ? Math.max(0, this.length + start) : Math.min(start, this.length);
    const to = end < 0 ? Math.max(0, this.length + end) : Math.min(end, this.length);
    for (let i = from; i < to; i++) out.push(this.at(i));
    return out;
  }

  /** Map every paper, like `Array.prototype.map`. */
  map<T>(fn: (paper: Paper, index: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.length; i++) out.push(fn(this.at(i), i));
    return out;
  }

  *[Symbol.iterator](): Iterator<Paper> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}

/** What a saved index stores of the papers. */
export interface PaperListData {
  bytes: Uint8Array;
  offsets: Uint32Array;
  ids: string[];
  titles: string[];
}
