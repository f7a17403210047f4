import { isUtf8 } from 'node:buffer';

/**
 * Finds the lines of a byte stream that are not valid UTF-8, a chunk at a time, so that text decoded with
 * replacement characters (U+FFFD, what every decoder puts for a bad byte) can be reported as `file:line`
 * instead of being quoted as if the paper said it. Valid chunks cost one native check and a newline count.
 */
export class Utf8LineCheck {
  /** 1-based numbers of the lines with invalid UTF-8, increasing. */
  readonly badLines: number[] = [];
  private line = 1;
  private carry: Buffer = Buffer.alloc(0);

  /** Check the next chunk of the stream. */
  push(chunk: Uint8Array): void {
    let buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const cut = incompleteTail(buf);
    this.carry = Buffer.from(buf.subarray(cut));
    buf = buf.subarray(0, cut);
    if (isUtf8(buf)) {
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) this.line++;
      return;
    }
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      if (!isUtf8(buf.subarray(start, end))) this.mark();
      if (nl === -1) break;
      this.line++;
      start = nl + 1;
    }
  }

  /** The stream has ended: a sequence cut off at its end is invalid too. */
  end(): void {
    if (this.carry.length > 0) this.mark();
    this.carry = Buffer.alloc(0);
  }

  /** True when line `n` has invalid UTF-8 (of the bytes checked so far). */
  has(n: number): boolean {
    return this.badLines.includes(n);
  }

  private mark(): void {
    if (this.badLines.at(-1) !== this.line) this.badLines.push(this.line);
  }
}

// Where a multi-byte sequence that the chunk's end cuts short begins (the chunk's length when none is).
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= 3 && back <= buf.length; back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? buf.length - back : buf.length;
  }
  return buf.length;
}

/** The reason a line with invalid UTF-8 is rejected. */
export const INVALID_UTF8 =
  'not valid UTF-8 (a byte that is not UTF-8 text would be quoted as �); re-save the file as UTF-8 (in Excel or Zotero, choose UTF-8 as the encoding)';
