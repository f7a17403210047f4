/**
 * The background term statistics, held as one string with a hashed line index instead of a Map (issue 14):
 * every term's frequency is the one the table gives (the last, for a term written twice), and a malformed line
 * is named by its number as before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTermStats } from '../../src/retrieval/term-stats.js';

describe('term statistics', () => {
  it('gives every term of the table its count, the last of a repeated term, and 0 to any other', () => {
    const term = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '2', '#', ' '), minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(fc.tuple(term, fc.nat(200_000)), { maxLength: 50 }), fc.array(term, { maxLength: 10 }), (rows, others) => {
        const text = `# documents\t1000\n${rows.map(([t, n]) => `${t}\t${n}`).join('\n')}\n`;
        const stats = parseTermStats(text);
        const expected = new Map(rows);
        for (const t of [...expected.keys(), ...others, '# documents', '']) expect(stats.docFrequency(t), t).toBe(expected.get(t) ?? 0);
        expect(stats.documents).toBe(1000);
      }),
    );
  });

  it('names the first malformed line, blank lines allowed', () => {
    expect(() => parseTermStats('# documents\t5\nmodel\t3\n\nkv\tx\n', 'stats.tsv')).toThrow('stats.tsv:4: expected "term<TAB>count"');
    expect(() => parseTermStats('# documents\t5\n\tthree\n', 'stats.tsv')).toThrow('stats.tsv:2:');
    expect(() => parseTermStats('documents 5\n', 'stats.tsv')).toThrow('stats.tsv:1:');
    expect(parseTermStats('# documents\t5').docFrequency('x')).toBe(0);
    expect(parseTermStats('# documents\t5\n\nkv\t2').idf('kv')).toBeCloseTo(Math.log(1 + 3.5 / 2.5));
  });
});
