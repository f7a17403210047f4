import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

  it('refuses stored data whose starts do not fit its bytes', () => {
    const { bytes } = StringList.of(['ab', 'c']).toData();
    expect(() => StringList.fromData({ bytes, starts: Uint32Array.of(0, 2, 4) })).toThrow(/do not span/);
    expect(() => StringList.fromData({ bytes, starts: Uint32Array.of(1, 2, 3) })).toThrow(/do not span/);
    expect(() => StringList.fromData({ bytes, starts: Uint32Array.of(0, 3, 2, 3) })).toThrow(/run backwards/);
    expect(StringList.fromData({ bytes, starts: Uint32Array.of(0, 3) }).at(0)).toBe('abc');
  });
});
