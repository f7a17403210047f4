import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexPapersSteps } from '../../src/retrieval/indexer.js';
import { runSteps } from '../../src/retrieval/lazy.js';
import { BM25, COMMON_RESCORE, Postings, PostingsBuilder } from '../../src/retrieval/postings.js';
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

/**
 * Candidate search as it was before its fast paths (commit 97829e3), over the decoded postings: the rare terms'
 * parts accumulated in 32-bit floats, rarest term first; the `keep` best by score then document; the common
 * terms' parts summed in query order and added; the `limit` best. What `search` must still return exactly.
 */
function searchBefore(p: Postings, query: { term: string; weight: number }[], limit: number, share: number, minDf: number) {
  const { k1, b } = p.bm25;
  const lengths = p.data.lengths;
  let total = 0;
  for (const l of lengths) total += l;
  const avg = p.size ? total / p.size : 1;
  const part = (weight: number, freq: number, doc: number) => {
    const tf = freq / 4;
    return (weight * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[doc]!) / avg));
  };
  const usable = query
    .slice(0, 32)
    .map((q, qi) => ({ ...q, qi, df: p.docFrequency(q.term) }))
    .filter((t) => t.df > 0 && t.weight > 0);
  const maxDf = Math.max(minDf, Math.floor(p.size * share));
  const byDf = [...usable].sort((x, y) => x.df - y.df);
  const rare = byDf.filter((t, k) => t.df <= maxDf || k < 3);
  const common = byDf.filter((t) => !rare.includes(t)).sort((x, y) => x.qi - y.qi);
  const scores = new Float32Array(p.size);
  const masks = new Uint32Array(p.size);
  const touched: number[] = [];
  for (const t of rare) {
    const { docs, freqs } = p.postingsOf(t.term);
    docs.forEach((d, k) => {
      if (masks[d] === 0) touched.push(d);
      masks[d]! |= 1 << t.qi;
      scores[d]! += part(t.weight, freqs[k]!, d);
    });
  }
  const keep = common.length > 0 ? Math.max(limit, COMMON_RESCORE) : limit;
  const kept = touched
    .map((doc) => ({ doc, score: scores[doc]!, mask: masks[doc]! }))
    .sort((x, y) => y.score - x.score || x.doc - y.doc)
    .slice(0, keep);
  if (common.length > 0) {
    const lists = common.map((t) => {
      const { docs, freqs } = p.postingsOf(t.term);
      return new Map(docs.map((d, k) => [d, freqs[k]!]));
    });
    for (const h of kept) {
      let extra = 0;
      let mask = 0;
      common.forEach((t, k) => {
        const f = lists[k]!.get(h.doc);
        if (f === undefined) return;
        mask |= 1 << t.qi;
        extra += part(t.weight, f, h.doc);
      });
      h.score += extra;
      h.mask |= mask;
    }
  }
  return kept.sort((x, y) => y.score - x.score || x.doc - y.doc).slice(0, limit);
}

describe('candidate search', () => {
  // Corpora of up to 1,500 documents (drawn from a seed: fast-check keeps its own arrays short) with terms of
  // every frequency, from "a" in 80% of the documents to ones in a few, so that queries have very common terms to
  // add after the candidates are picked and more candidates than the COMMON_RESCORE (1,000) rescored; weights of every width.
  const terms = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'é', '模型', 'rare', 'x1', 'x2', 'x3'];
  const corpus = fc.tuple(fc.integer({ min: 1, max: 1500 }), fc.integer()).map(([n, seed]) => {
    let s = seed >>> 0;
    const rand = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32;
    };
    const weights = [0.25, 1, 2, 4, 300];
    return Array.from({ length: n }, () => {
      const doc: [string, number][] = [];
      if (rand() < 0.8) doc.push(['a', 1]);
      if (rand() < 0.3) doc.push(['b', 2]);
      for (let k = Math.floor(rand() * 6); k > 0; k--)
        doc.push([terms[Math.floor(rand() ** 2 * terms.length)]!, weights[Math.floor(rand() * weights.length)]!]);
      return doc;
    });
  });
  const query = fc.array(fc.tuple(fc.constantFrom(...terms, 'absent'), fc.double({ min: 0, max: 5, noNaN: true })), { maxLength: 9 });

  it('returns exactly what it returned before its fast paths: the same documents, scores, masks and order', () => {
    fc.assert(
      fc.property(
        corpus,
        query,
        fc.constantFrom(1, 5, 10, 100, 400),
        fc.constantFrom(0, 0.05, 0.3, 1),
        fc.constantFrom(1, 3, 64, 1000, 1 << 14),
        fc.constantFrom(BM25, { k1: 0.9, b: 0.4 }, { k1: 2.2, b: 1 }, { k1: 0.5, b: 0 }),
        (docs, q, limit, share, window, bm25) => {
          const builder = new PostingsBuilder();
          for (const d of docs) builder.add(d);
          // Windows of every size, down to one document (the default holds any of these corpora whole); BM25
          // parameters given when loading, or set afterwards (`withBm25`), as fitting them does.
          const data = structuredClone(builder.build().data);
          const p = window % 2 === 0 ? new Postings(data, window, bm25) : new Postings(data, window).withBm25(bm25);
          expect(p.bm25).toEqual(bm25);
          const wanted = [...new Map(q).entries()].map(([t, weight]) => ({ term: t, weight }));
          // A floor of 1 (not 2,000) lets small corpora have very common terms.
          expect(p.search(wanted, limit, share, 1)).toEqual(searchBefore(p, wanted, limit, share, 1));
          expect(p.search(wanted, limit)).toEqual(searchBefore(p, wanted, limit, 0.05, 2000));
        },
      ),
      { numRuns: 150, seed: 11 },
    );
  });

  it('scores terms with few postings (read without copying a window of lengths) exactly as before', () => {
    // 4,000 documents of every length; "needle" in 7 of them, "hay" in every other one.
    const builder = new PostingsBuilder();
    for (let d = 0; d < 4000; d++)
      builder.add([
        ['w', 1 + (d % 37)],
        ...(d % 2 === 0 ? [['hay', 1] as [string, number]] : []),
        ...(d % 571 === 3 ? [['needle', 1 + (d % 3)] as [string, number]] : []),
      ]);
    const data = builder.build().data;
    for (const window of [64, 1 << 14]) {
      const p = new Postings(data, window);
      for (const q of [
        [{ term: 'needle', weight: 2.5 }],
        [
          { term: 'needle', weight: 2.5 },
          { term: 'hay', weight: 0.3 },
        ],
      ]) {
        const found = p.search(q, 5);
        expect(found).toEqual(searchBefore(p, q, 5, 0.05, 2000));
        expect(found.length).toBe(5);
      }
    }
  });

  it('leaves no score behind between searches (the scratch records are cleared)', () => {
    const builder = new PostingsBuilder();
    for (let d = 0; d < 500; d++) builder.add([['a', 1], ...(d % 7 === 0 ? [['b', 1] as [string, number]] : [])]);
    const p = builder.build();
    const q = [{ term: 'b', weight: 1.5 }];
    const first = p.search(q, 20);
    p.search([{ term: 'a', weight: 2 }], 20);
    expect(p.search(q, 20)).toEqual(first);
    expect(first).toEqual(searchBefore(p, q, 20, 0.05, 2000));
  });

  it('finds the paper holding the common words of a query too, when 500 others beat it on the rarer words alone', () => {
    // 3,000 papers: five words in more than 2,000 of them (very common); "r1" in the target and 500 decoys, which
    // also hold "r2". On the words that pick candidates the decoys lead; with every word the target does.
    const builder = new PostingsBuilder();
    const common: [string, number][] = ['c1', 'c2', 'c3', 'c4', 'c5'].map((t) => [t, 1]);
    builder.add([['r1', 1], ...common]); // the target, document 0
    for (let d = 1; d <= 500; d++)
      builder.add([
        ['r1', 1],
        ['r2', 1],
        ['c1', 1],
      ]);
    for (let d = 501; d < 3000; d++) builder.add(common);
    const p = builder.build();
    const q = [
      { term: 'r1', weight: 3 },
      { term: 'r2', weight: 2 },
      ...['c1', 'c2', 'c3', 'c4', 'c5'].map((term) => ({ term, weight: 1.5 })),
    ];
    expect(p.search(q, 10)[0]!.doc).toBe(0);
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
