import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexPapersSteps } from '../../src/retrieval/indexer.js';
import { runSteps } from '../../src/retrieval/lazy.js';
import { BM25, Postings, PostingsBuilder } from '../../src/retrieval/postings.js';
import { fixturePapers } from '../fixtures/corpus.js';

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

/**
 * The uncompressed index the packed blocks replaced, as a reference: per term, documents in order with their
 * weighted frequencies, and BM25F accumulated in 32-bit floats in the order `search` documents (rarest term
 * first), for corpora small enough that every term picks candidates.
 */
function reference(docs: readonly (readonly [string, number][])[]) {
  const lists = new Map<string, { docs: number[]; freqs: number[] }>();
  const lengths = docs.map((d) => d.reduce((a, [, w]) => a + w, 0));
  docs.forEach((d, doc) => {
    const acc = new Map<string, number>();
    for (const [t, w] of d) acc.set(t, (acc.get(t) ?? 0) + w);
    for (const [t, w] of acc) {
      const l = lists.get(t) ?? { docs: [], freqs: [] };
      l.docs.push(doc);
      l.freqs.push(Math.min(65535, Math.round(w * 4)));
      lists.set(t, l);
    }
  });
  const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(1, docs.length);
  const part = (weight: number, freq: number, doc: number) => {
    const tf = freq / 4;
    return (weight * tf * (BM25.k1 + 1)) / (tf + BM25.k1 * (1 - BM25.b + (BM25.b * lengths[doc]!) / avg));
  };
  return {
    lists,
    search(query: { term: string; weight: number }[], limit: number) {
      const scores = new Map<number, { score: number; mask: number }>();
      const terms = query
        .map((q, qi) => ({ ...q, qi, list: lists.get(q.term) }))
        .filter((q) => q.list && q.weight > 0)
        .sort((x, y) => x.list!.docs.length - y.list!.docs.length);
      for (const { weight, qi, list } of terms) {
        list!.docs.forEach((doc, k) => {
          const s = scores.get(doc) ?? { score: 0, mask: 0 };
          s.score = Math.fround(s.score + part(weight, list!.freqs[k]!, doc));
          s.mask |= 1 << qi;
          scores.set(doc, s);
        });
      }
      return [...scores]
        .map(([doc, s]) => ({ doc, ...s }))
        .sort((x, y) => y.score - x.score || x.doc - y.doc)
        .slice(0, limit);
    },
  };
}

describe('packed postings', () => {
  // Terms from a small alphabet (so lists run past a block of 128) with non-ASCII ones among them, heavy and
  // fractional weights (frequencies of every width), documents far apart (wide distances).
  const term = fc.constantFrom('a', 'b', 'c', 'é', 'ß', '模型', 'x1', 'long-term', '🙂');
  const weighted = fc.tuple(term, fc.constantFrom(0.25, 1, 2, 4, 300));
  const corpus = fc.array(fc.array(weighted, { maxLength: 12 }), { maxLength: 400 });

  it('hold exactly the documents and frequencies given, and score and rank as the uncompressed index did', () => {
    fc.assert(
      fc.property(corpus, fc.array(fc.tuple(term, fc.double({ min: 0, max: 5, noNaN: true })), { maxLength: 5 }), (docs, q) => {
        const builder = new PostingsBuilder();
        for (const d of docs) builder.add(d);
        const built = builder.build();
        const loaded = new Postings(structuredClone(built.data));
        const ref = reference(docs);
        for (const [t, list] of ref.lists) {
          expect(built.postingsOf(t)).toEqual(list);
          expect(loaded.postingsOf(t)).toEqual(list);
        }
        expect(built.terms().sort()).toEqual([...ref.lists.keys()].sort());
        const query = [...new Map(q).entries()].map(([t, weight]) => ({ term: t, weight }));
        expect(loaded.search(query, 10)).toEqual(ref.search(query, 10));
        for (const { doc, score, mask } of ref.search(query, 10)) {
          const one = loaded.scoreDoc(query, doc);
          expect(one.mask).toBe(mask);
          expect(one.score).toBeCloseTo(score, 4);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('keep long lists of far-apart documents exact, block by block', () => {
    // 2,000 documents; "every" in all, "third" in every third, "rare" in the first and last, "w" with rising weight.
    const docs = Array.from({ length: 2000 }, (_, d) => [
      ['every', 1] as [string, number],
      ...(d % 3 === 0 ? [['third', 2] as [string, number]] : []),
      ...(d === 0 || d === 1999 ? [['rare', 1] as [string, number]] : []),
      ['w', (d % 97) + 0.25] as [string, number],
    ]);
    const builder = new PostingsBuilder();
    for (const d of docs) builder.add(d);
    const p = builder.build();
    const ref = reference(docs);
    for (const t of ['every', 'third', 'rare', 'w']) expect(p.postingsOf(t)).toEqual(ref.lists.get(t));
    expect(p.docFrequency('third')).toBe(667);
    expect(p.scoreDoc([{ term: 'rare', weight: 1 }], 1999).mask).toBe(1);
    expect(p.scoreDoc([{ term: 'third', weight: 1 }], 1000).mask).toBe(0);
    expect(p.scoreDoc([{ term: 'third', weight: 1 }], 999).mask).toBe(1);
  });
});

describe('indexing with a bounded word table', () => {
  it('builds the same index when the word table starts afresh every few words as when it never does', async () => {
    const papers = await fixturePapers();
    const source = { length: papers.length, at: (i: number) => papers[i]! };
    const whole = runSteps(indexPapersSteps(source, 250));
    const forgetful = runSteps(indexPapersSteps(source, 250, 40));
    expect(forgetful.postings.data).toEqual(whole.postings.data);
    expect([...forgetful.words]).toEqual([...whole.words]);
    expect([...forgetful.titleTerms]).toEqual([...whole.titleTerms]);
    expect(forgetful.names).toEqual(whole.names);
  });
});
