import { closeSync, readSync } from 'node:fs';
import type { Paper } from './schema.js';
import { type StringFile, StringList, type StringListData, type StringStarts } from './string-list.js';
import { serializePaper } from './write.js';

/** Corpus lines as UTF-8, in memory or in a range of an open file; offsets[i]..offsets[i+1] is line i. */
type RawLines = { offsets: LineOffsets } & (
  | { bytes: Uint8Array; file?: undefined }
  | { file: { fd: number; base: number; check: LineCheck | undefined }; bytes?: undefined }
);

// A file-backed list owns its descriptor: closed when the list is garbage (a reload swapped it out).
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already closed: nothing to release
  }
});

/**
 * The papers of a library, by position. Either plain objects in memory, or corpus lines parsed on demand:
 * one UTF-8 buffer (from a worker's build), or a range of a saved index file read a line at a time (so a
 * 100k+ paper corpus loads without reading its 200 MB of text, and only the papers an answer cites become
 * objects). Ids and titles are always at hand (lookup, paging, fingerprints), as UTF-8 decoded when read
 * (`StringList`: off V8's heap, and nothing to decode when a saved index is opened).
 */
export class PaperList implements Iterable<Paper> {
  readonly length: number;
  /** A folder where a build over these papers may spill temporary files (the spool's), if any. */
  scratchDir: string | undefined;
  private readonly cache = new Map<number, Paper>();

  private constructor(
    private readonly objects: readonly Paper[] | undefined,
    private readonly raw: RawLines | undefined,
    /** Paper ids, by position. */
    readonly ids: StringList,
    /** Paper titles, by position. */
    readonly titles: StringList,
  ) {
    this.length = ids.length;
  }

  /** A list over papers in memory. */
  static of(papers: readonly Paper[]): PaperList {
    return new PaperList(papers, undefined, StringList.of(papers.map((p) => p.id)), StringList.of(papers.map((p) => p.title)));
  }

  /** The paper at a position as a corpus line (newline-terminated), without parsing it when it came from bytes. */
  line(i: number): string {
    if (this.objects) return `${serializePaper(this.objects[i]!)}\n`;
    const { offsets } = this.raw!;
    return this.text(offsets[i]!, offsets[i + 1]!);
  }

  /** Bytes start..end of the raw lines, decoded. */
  private text(start: number, end: number): string {
    const raw = this.raw!;
    if (raw.bytes) return Buffer.from(raw.bytes.buffer, raw.bytes.byteOffset + start, end - start).toString('utf8');
    raw.file.check?.(start, end);
    // Read in order (a build indexing every paper), lines come from a window read ahead, a syscall per 256 KB
    // instead of one a paper; a paper asked for out of order (an answer's) reads just its line.
    const ahead = this.ahead;
    if (ahead && start >= ahead.start && end <= ahead.start + ahead.bytes.length) {
      this.readTo = end;
      return ahead.bytes.toString('utf8', start - ahead.start, end - ahead.start);
    }
    const sequential = start === this.readTo;
    const last = raw.offsets[this.length]!;
    const length = sequential ? Math.max(end - start, Math.min(READ_AHEAD, last - start)) : end - start;
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < buf.length) {
      const n = readSync(raw.file.fd, buf, done, buf.length - done, raw.file.base + start + done);
      if (n === 0) throw new Error(`saved index ended early: papers file truncated at byte ${raw.file.base + start + done}`);
      done += n;
    }
    this.readTo = end;
    if (!sequential) return buf.toString('utf8');
    this.ahead = { start, bytes: buf };
    return buf.toString('utf8', 0, end - start);
  }

  /** Lines read ahead of a sequential reader (see `text`), and where the last line read ended. */
  private ahead: { start: number; bytes: Buffer } | undefined;
  private readTo = -1;

  /** The compact form a saved index stores: corpus lines as UTF-8 with their offsets, plus ids and titles. */
  toData(): PaperListData {
    const ids = this.ids.toData();
    const titles = this.titles.toData();
    if (this.raw?.bytes) return { bytes: this.raw.bytes, offsets: this.raw.offsets, ids, titles };
    // Measured first, then encoded line by line into one buffer: never the whole corpus as one string (512 MiB at most).
    const lines = Array.from({ length: this.length }, (_, i) => this.line(i));
    const offsets = new Float64Array(this.length + 1);
    for (let i = 0; i < this.length; i++) offsets[i + 1] = offsets[i]! + Buffer.byteLength(lines[i]!, 'utf8');
    const bytes = new Uint8Array(offsets[this.length]!);
    const encoder = new TextEncoder();
    for (let i = 0; i < this.length; i++) encoder.encodeInto(lines[i]!, bytes.subarray(offsets[i]!));
    return { bytes, offsets, ids, titles };
  }

  /** A list over saved data (see `toData`). */
  static fromData(data: PaperListData): PaperList {
    return new PaperList(
      undefined,
      { bytes: data.bytes, offsets: data.offsets },
      StringList.fromData(data.ids),
      StringList.fromData(data.titles),
    );
  }

  /**
   * A list over corpus lines that stay in a file: line i is bytes base+offsets[i] to base+offsets[i+1] of the
   * open descriptor `fd`, which the list then owns (closed once the list is garbage). The file must not change
   * in place while the list lives (a file replaced by rename is fine: the descriptor keeps the old one).
   * `check` is called with each line's range before it is read (and throws for one that must not be served);
   * `scratchDir`: a folder where a build over this list may write temporary files (see `spoolCorpusFile`).
   */
  static fromFile(
    fd: number,
    base: number,
    data: { offsets: LineOffsets; ids: KeysFrom; titles: KeysFrom },
    options: { check?: LineCheck; scratchDir?: string } = {},
  ): PaperList {
    const files: StringFile[] = [];
    const keys = (from: KeysFrom): StringList => {
      if (from instanceof StringList) return from;
      if (Array.isArray(from)) return StringList.of(from as readonly string[]);
      const stored = from as StoredKeys;
      const file: StringFile = { fd, base: stored.at };
      files.push(file);
      return StringList.inFile(file, stored.starts, stored.ascii);
    };
    const list = new PaperList(
      undefined,
      { file: { fd, base, check: options.check }, offsets: data.offsets },
      keys(data.ids),
      keys(data.titles),
    );
    // Ids and titles read from the descriptor keep the list that owns it alive.
    for (const file of files) file.owner = list;
    list.scratchDir = options.scratchDir;
    openFiles.register(list, fd);
    return list;
  }

  /** The paper at a position (parsed on first use when the list came from a saved index). */
  at(i: number): Paper {
    if (this.objects) return this.objects[i]!;
    let p = this.cache.get(i);
    if (p === undefined) {
      p = JSON.parse(this.line(i)) as Paper;
      p.url ??= null;
      p.codeUrl ??= null;
      p.year ??= null;
      p.authors ??= [];
      // Papers read in order (a build indexing every one) are not kept: each would outlive the young generation
      // and burden the old one (at 136k papers under a capped heap, about a quarter of the build's CPU in GC).
      if (i !== this.lastAt + 1) {
        if (this.cache.size >= 5_000) this.cache.clear();
        this.cache.set(i, p);
      }
    }
    this.lastAt = i;
    return p;
  }

  /** The position `at` read last. */
  private lastAt = -2;

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

/** Checks bytes start..end of a file-backed list's lines before they are read (a saved index's checksums). */
export type LineCheck = (start: number, end: number) => void;

/** Bytes read ahead when a file-backed list is read in order. */
const READ_AHEAD = 256 << 10;

/** Byte offsets of lines: 64-bit floats (exact to 2^53) in a saved index, so a corpus past 4 GiB does not wrap. */
export type LineOffsets = Float64Array | Uint32Array;

/**
 * Ids or titles for `PaperList.fromFile`: strings, or a range of the same file (see `StringList.inFile`): where
 * their bytes start, where each string starts among them, and whether they are all ASCII.
 */
export type KeysFrom = StringList | readonly string[] | StoredKeys;
export interface StoredKeys {
  at: number;
  starts: StringStarts;
  ascii: boolean;
}

/** What a saved index stores of the papers. */
export interface PaperListData {
  bytes: Uint8Array;
  offsets: LineOffsets;
  ids: StringListData;
  titles: StringListData;
}
