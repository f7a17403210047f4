import { isAscii } from 'node:buffer';
import { readSync } from 'node:fs';

/**
 * Strings by position as UTF-8 and where each starts, decoded only when one is read: the ids, titles and author
 * names of a large collection (136k papers: 650k strings) as typed arrays outside V8's heap instead of strings in
 * it (35 MB of heap, and the decoding of all of them when a saved index is opened, which stalled the event loop
 * 179 ms in a reload). The bytes are in memory (straight from a saved index or another thread), or left in the
 * saved index's file and read when a string is (`inFile`: the titles, 11 MB at 136k papers, are then no part of
 * the resident set).
 *
 * String i is bytes `starts[i]..starts[i + 1]`. A string that UTF-8 cannot carry (a lone surrogate) is stored as
 * the byte 0xFF, never part of UTF-8, and then its JSON; every other as its UTF-8.
 */
export class StringList implements Strings {
  readonly length: number;
  /** The bytes in memory, or undefined for a list in a file. */
  private readonly buf: Buffer | undefined;
  /** Bytes read ahead from the file (a reader going in order reads one window at a time), and where they start. */
  private window: Buffer | undefined;
  private windowAt = 0;
  /** Where a string read out of order goes. */
  private scratch = Buffer.allocUnsafeSlow(0);
  private scratchAt = 0;

  private constructor(
    /** The bytes in memory, as given (a `Buffer` is a view of them). */
    private readonly memory: Uint8Array | undefined,
    readonly starts: StringStarts,
    /** Whether every byte is ASCII (then a string decodes as latin1, the cheaper path). */
    private readonly ascii: boolean,
    private readonly file?: StringFile,
  ) {
    this.length = starts.length - 1;
    this.buf = memory && Buffer.from(memory.buffer, memory.byteOffset, memory.byteLength);
  }

  /**
   * A list whose bytes stay in a file, at `file.base` on: read a window at a time when read in order, else a
   * string at a time (a `pread` each). `ascii`: whether all of them are ASCII (the caller has read them once, to
   * check them). The file must not change in place while the list lives (one replaced by rename is fine).
   */
  static inFile(file: StringFile, starts: StringStarts, ascii: boolean): StringList {
    StringList.checkStarts(starts, starts[starts.length - 1]!);
    return new StringList(undefined, starts, ascii, file);
  }

  /** Its UTF-8, one string after another (read from the file for a list in one). */
  get bytes(): Uint8Array {
    if (this.memory) return this.memory;
    const total = this.starts[this.length]!;
    const bytes = new Uint8Array(total);
    readFully(this.file!, Buffer.from(bytes.buffer), 0, total);
    return bytes;
  }

  /** A list of these strings. */
  static of(strings: Iterable<string>): StringList {
    const items = Array.isArray(strings) ? (strings as readonly string[]) : [...strings];
    // A string UTF-8 cannot carry as ASCII JSON, after the marker byte.
    const json = items.map((s) => ((s as string & { isWellFormed(): boolean }).isWellFormed() ? undefined : asciiJson(s)));
    let total = 0;
    for (let i = 0; i < items.length; i++) total += json[i] === undefined ? Buffer.byteLength(items[i]!, 'utf8') : 1 + json[i]!.length;
    const starts = total > 0xffff_ffff ? new Float64Array(items.length + 1) : new Uint32Array(items.length + 1);
    const bytes = new Uint8Array(total);
    const encoder = new TextEncoder();
    let at = 0;
    for (let i = 0; i < items.length; i++) {
      const j = json[i];
      if (j === undefined) at += encoder.encodeInto(items[i]!, bytes.subarray(at)).written;
      else {
        bytes[at++] = 0xff;
        for (let k = 0; k < j.length; k++) bytes[at++] = j.charCodeAt(k);
      }
      starts[i + 1] = at;
    }
    return new StringList(bytes, starts, isAscii(bytes));
  }

  /**
   * A list over stored bytes and starts (see `toData`), checked: throws `RangeError` for starts that do not
   * begin at 0, run backwards or end elsewhere than at the end of the bytes.
   */
  static fromData(data: StringListData): StringList {
    const { bytes, starts } = data;
    StringList.checkStarts(starts, bytes.length);
    return new StringList(bytes, starts, isAscii(bytes));
  }

  private static checkStarts(starts: StringStarts, length: number): void {
    if (starts.length < 1 || starts[0] !== 0 || starts[starts.length - 1] !== length)
      throw new RangeError('string list: its starts do not span its bytes');
    for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) throw new RangeError('string list: its starts run backwards');
  }

  /** Its bytes and starts, as a saved index or another thread takes them. */
  toData(): StringListData {
    return { bytes: this.bytes, starts: this.starts };
  }

  /** String i (0 ≤ i < length). */
  at(i: number): string {
    let s = this.starts[i]!;
    let e = this.starts[i + 1]!;
    let buf = this.buf;
    if (!buf) {
      buf = this.read(s, e);
      const at = buf === this.scratch ? this.scratchAt : this.windowAt;
      s -= at;
      e -= at;
    }
    if (this.ascii) return buf.toString('latin1', s, e);
    if (e > s && buf[s] === 0xff) return JSON.parse(buf.toString('latin1', s + 1, e)) as string;
    return buf.toString('utf8', s, e);
  }

  /**
   * Bytes s..e of a list in a file, in the buffer returned from `this.windowAt` on. A reader going in order (a
   * string that starts in the window or where it ends) gets the next window; any other string is read alone
   * into a scratch buffer, leaving the window as it is (a build of the id table reads ids in order and probes
   * others in between). Both buffers are reused: reading allocates nothing.
   */
  private read(s: number, e: number): Buffer {
    let w = this.window;
    if (w && s >= this.windowAt && e <= this.windowAt + w.length) return w;
    const total = this.starts[this.length]!;
    if (w && s >= this.windowAt && s <= this.windowAt + w.length) {
      const length = Math.max(e - s, Math.min(READ_AHEAD, total - s));
      if (w.buffer.byteLength < length) w = Buffer.allocUnsafeSlow(length);
      w = Buffer.from(w.buffer, w.byteOffset, length);
      readFully(this.file!, w, s, length);
      this.window = w;
      this.windowAt = s;
      return w;
    }
    if (!w) {
      // The first read: a window from here on.
      this.window = Buffer.from(Buffer.allocUnsafeSlow(Math.max(READ_AHEAD, e - s)).buffer, 0, 0);
      this.windowAt = s;
      return this.read(s, e);
    }
    if (this.scratch.length < e - s) this.scratch = Buffer.allocUnsafeSlow(Math.max(e - s, 2 * this.scratch.length));
    readFully(this.file!, this.scratch, s, e - s);
    this.scratchAt = s;
    return this.scratch;
  }

  /** Whether string i is `key`, compared without decoding it when `key` is ASCII. */
  equals(i: number, key: string): boolean {
    const s = this.starts[i]!;
    const e = this.starts[i + 1]!;
    if (e - s < key.length) return false;
    const bytes = this.buf;
    if (!bytes) return this.at(i) === key;
    if (e > s && bytes[s] === 0xff) return this.at(i) === key;
    for (let j = 0; j < key.length; j++) {
      const c = key.charCodeAt(j);
      if (c >= 0x80) return this.at(i) === key;
      // Equal so far in ASCII: a byte of a longer character (≥ 0x80) here means the code units differ here.
      if (bytes[s + j] !== c) return false;
    }
    return e - s === key.length;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}

/** Bytes read ahead from the file by a reader going in order. */
const READ_AHEAD = 64 << 10;

/** Where a `StringList`'s bytes are in a file: its descriptor, kept open by `owner`, and their offset. */
export interface StringFile {
  readonly fd: number;
  readonly base: number;
  /** What owns (and at last closes) the descriptor: the list keeps it alive. */
  owner?: object;
}

function readFully(file: StringFile, buf: Buffer, at: number, length: number): void {
  for (let done = 0; done < length; ) {
    const n = readSync(file.fd, buf, done, length - done, file.base + at + done);
    if (n === 0) throw new Error(`saved index ended early: strings truncated at byte ${file.base + at + done}`);
    done += n;
  }
}

/** A string as JSON of ASCII characters only (every other one escaped). */
function asciiJson(s: string): string {
  return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Strings by position: an array, or a `StringList`. */
export interface Strings extends Iterable<string> {
  readonly length: number;
  /** String i (undefined past the end of an array). */
  at(i: number): string | undefined;
}

/** Where each string of a `StringList` starts (64-bit floats past 4 GiB of UTF-8), and where the last ends. */
export type StringStarts = Uint32Array | Float64Array;

/** What a saved index or another thread holds of a `StringList`. */
export interface StringListData {
  bytes: Uint8Array;
  starts: StringStarts;
}
