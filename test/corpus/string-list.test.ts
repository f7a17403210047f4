import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { StringList } from '../../src/corpus/string-list.js';
import { StringIndex } from '../../src/retrieval/word-table.js';

/** Strings as titles and ids come: ASCII, any Unicode, and code units that UTF-8 cannot carry (lone surrogates). */
const text = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 8 }),
);

describe('StringList', () => {
  it('gives back every string exactly, from its bytes and from stored data, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), (strings) => {
        const list = StringList.of(strings);
        const again = StringList.fromData(list.toData());
        expect(list.length).toBe(strings.length);
        expect([...list]).toEqual(strings);
        expect(Array.from({ length: again.length }, (_, i) => again.at(i))).toEqual(strings);
      }),
    );
  });

  it('compares a key as === compares the string, without decoding an ASCII key', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 20 }), text, fc.nat(), (strings, other, pick) => {
        const list = StringList.of(strings);
        const key = pick % 2 === 0 ? strings[pick % strings.length]! : other;
        for (let i = 0; i < strings.length; i++) expect(list.equals(i, key)).toBe(strings[i] === key);
      }),
    );
  });

  it('finds a string by value through StringIndex as it finds it in the array (the last of duplicates)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<string>('a', 'b', 'é', 'x\ud800', '2401.00001', ''), { maxLength: 20 }),
        text,
        (strings, other) => {
          const fromList = StringIndex.of(StringList.of(strings));
          const fromArray = StringIndex.of(strings);
          for (const key of [...strings, other]) expect(fromList.find(key)).toBe(fromArray.find(key));
          for (const key of [...strings, other]) expect(fromList.find(key)).toBe(strings.lastIndexOf(key));
        },
      ),
    );
  });

  const dir = mkdtempSync(join(tmpdir(), 'citebot-strings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads strings left in a file as from memory, in order (a window at a time) and in any order', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.nat(100), fc.array(fc.nat(), { maxLength: 30 }), (strings, pad, picks) => {
        const { bytes, starts } = StringList.of(strings).toData();
        const file = join(dir, `${n++}.bin`);
        writeFileSync(file, Buffer.concat([Buffer.alloc(pad, 0x41), bytes, Buffer.from('tail')]));
        const fd = openSync(file, 'r');
        try {
          const list = StringList.inFile(
            { fd, base: pad },
            starts,
            Buffer.from(bytes).every((b) => b < 0x80),
          );
          expect([...list]).toEqual(strings);
          for (const p of picks) if (strings.length > 0) expect(list.at(p % strings.length)).toBe(strings[p % strings.length]);
          for (const p of picks)
            if (strings.length > 0) expect(list.equals(p % strings.length, strings[0]!)).toBe(strings[p % strings.length] === strings[0]);
          expect(Buffer.from(list.bytes).equals(Buffer.from(bytes))).toBe(true);
          // Read in order with probes in between, as the id table is built.
          const index = StringIndex.of(list);
          for (const key of strings) expect(index.find(key)).toBe(strings.lastIndexOf(key));
        } finally {
          closeSync(fd);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('reads past a window in order: strings longer than it, and many short ones', () => {
    const strings = [...Array.from({ length: 5000 }, (_, i) => `title ${i} — é`), 'x'.repeat(200_000), 'after'];
    const { bytes, starts } = StringList.of(strings).toData();
    const file = join(dir, 'long.bin');
    writeFileSync(file, bytes);
    const fd = openSync(file, 'r');
    try {
      const list = StringList.inFile({ fd, base: 0 }, starts, false);
      expect([...list]).toEqual(strings);
      expect(list.at(4999)).toBe('title 4999 — é');
    } finally {
      closeSync(fd);
    }
  });

  it('refuses stored data whose starts do not fit its bytes', () => {
    const { bytes } = StringList.of(['ab', 'c']).toData();
    expect(() => StringList.fromData({ bytes, starts: Uint32Array.of(0, 2, 4) })).toThrow(/do not span/);
    expect(() => StringList.fromData({ bytes, starts: Uint32Array.of(1, 2, 3) })).toThrow(/do not span/);
    expect(() => StringList.fromData({ bytes, starts: Uint32Array.of(0, 3, 2, 3) })).toThrow(/run backwards/);
    expect(StringList.fromData({ bytes, starts: Uint32Array.of(0, 3) }).at(0)).toBe('abc');
  });
});
