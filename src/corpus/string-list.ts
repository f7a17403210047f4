import { isAscii } from 'node:buffer';

/**
 * Strings by position as one UTF-8 buffer and where each starts, decoded only when one is read: the ids, titles
 * and author names of a large collection (136k papers: 650k strings) held as two typed arrays outside V8's heap
 * instead of as strings in it (35 MB of heap, and the decoding of all of them when a saved index is opened, which
 * stalled the event loop 179 ms in a reload). The arrays come straight from a saved index or another thread.
 *
 * String i is bytes `starts[i]..starts[i + 1]`. A string that UTF-8 cannot carry (a lone surrogate) is stored as
 * the byte 0xFF, never part of UTF-8, and then its JSON; every other as its UTF-8.
 */
export class StringList implements Strings {
  readonly length: number;
  private readonly buf: Buffer;
  /** Whether every byte is ASCII (then a string decodes as latin1, the cheaper path). */
  private readonly ascii: boolean;

  private constructor(
    readonly bytes: Uint8Array,
    readonly starts: StringStarts,
  ) {
    this.length = starts.length - 1;
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.ascii = isAscii(this.buf);
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
    return new StringList(bytes, starts);
  }

  /**
   * A list over stored bytes and starts (see `toData`), checked: throws `RangeError` for starts that do not
   * begin at 0, run backwards or end elsewhere than at the end of the bytes.
   */
  static fromData(data: StringListData): StringList {
    const { bytes, starts } = data;
    if (starts.length < 1 || starts[0] !== 0 || starts[starts.length - 1] !== bytes.length)
      throw new RangeError('string list: its starts do not span its bytes');
    for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) throw new RangeError('string list: its starts run backwards');
    return new StringList(bytes, starts);
  }

  /** Its bytes and starts, as a saved index or another thread takes them. */
  toData(): StringListData {
    return { bytes: this.bytes, starts: this.starts };
  }

  /** String i (0 ≤ i < length). */
  at(i: number): string {
    const s = this.starts[i]!;
    const e = this.starts[i + 1]!;
    if (this.ascii) return this.buf.toString('latin1', s, e);
    if (e > s && this.bytes[s] === 0xff) return JSON.parse(this.buf.toString('latin1', s + 1, e)) as string;
    return this.buf.toString('utf8', s, e);
  }

  /** Whether string i is `key`, compared without decoding it when `key` is ASCII. */
  equals(i: number, key: string): boolean {
    const s = this.starts[i]!;
    const e = this.starts[i + 1]!;
    if (e - s < key.length) return false;
    const { bytes } = this;
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
