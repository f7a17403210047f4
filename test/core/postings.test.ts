import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Postings, PostingsBuilder } from '../../src/retrieval/postings.js';

describe('postings term dictionary', () => {
  it('finds every term of the index with its document count, and no other, also after a save and load', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 30 }), { maxLength: 40 }),
        fc.array(fc.string({ maxLength: 6 })),
        (docs, probes) => {
          const builder = new PostingsBuilder();
          for (const terms of docs) builder.add(terms.map((t) => [t, 1] as [string, number]));
          const built = builder.build();
          const loaded = new Postings(structuredClone(built.data));
          for (const term of new Set([...docs.flat(), ...probes])) {
            const expected = docs.filter((d) => d.includes(term)).length;
            expect(built.docFrequency(term)).toBe(expected);
            expect(loaded.docFrequency(term)).toBe(expected);
            expect(loaded.has(term)).toBe(expected > 0);
          }
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });
});
