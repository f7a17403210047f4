import { describe, expect, it } from 'vitest';
import parameters from '../../data/bm25-parameters.json' with { type: 'json' };
import { FIELD_BOOSTS, indexPapersSteps } from '../../src/retrieval/indexer.js';
import { runSteps } from '../../src/retrieval/lazy.js';
import { LEXICAL, parseLexicalParameters } from '../../src/retrieval/lexical-parameters.js';
import { BM25 } from '../../src/retrieval/postings.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { fixturePapers, paperOf } from '../fixtures/corpus.js';

// Two papers that each mention "quantization" once: one in a short abstract, one in a long one.
const filler = 'The method is evaluated on several benchmarks and compared against strong baselines in detail. ';
const papers = [
  paperOf('long', 'A study of serving systems', `${filler.repeat(8)}We also apply quantization.`),
  paperOf('short', 'A note on memory', 'We apply quantization to caches.'),
];
const search = (index: SearchIndex) => index.candidates({ terms: ['quantiz'], limit: 10 });

describe('BM25 parameters of the lexical score', () => {
  it('are applied when the index is loaded: the same index under other k1 and b ranks by them, its data untouched', () => {
    const index = SearchIndex.build(papers);
    expect(search(index).map((h) => papers[h.doc]!.id)).toEqual(['short', 'long']);
    // No length normalisation: one mention scores the same in either paper (ties in corpus order).
    const flat = index.withBm25({ k1: 1.2, b: 0 });
    const hits = search(flat);
    expect(hits.map((h) => papers[h.doc]!.id)).toEqual(['long', 'short']);
    expect(hits[0]!.score).toBe(hits[1]!.score);
    // Today's parameters again: exactly today's answers; and the saved data is the same whatever the parameters.
    expect(search(index.withBm25(BM25))).toEqual(search(index));
    expect(flat.toSnapshot()).toEqual(index.toSnapshot());
  });

  it('reach a restored snapshot too: a snapshot opened and re-parameterised scores as the built index does', async () => {
    const corpus = await fixturePapers();
    const built = SearchIndex.build(corpus);
    const keys = { ids: corpus.map((p) => p.id), titles: corpus.map((p) => p.title) };
    const opened = SearchIndex.fromSnapshot(structuredClone(built.toSnapshot()), keys);
    const terms = ['cach', 'quantiz', 'kv', 'memori'];
    for (const bm25 of [BM25, { k1: 0.9, b: 0.4 }, { k1: 2, b: 0.9 }])
      expect(opened.withBm25(bm25).candidates({ terms, limit: 20 })).toEqual(built.withBm25(bm25).candidates({ terms, limit: 20 }));
  });
});

describe('field weights of the index', () => {
  it('weigh a title match as the title weight given, and default to the index’s own', () => {
    const source = { length: papers.length, at: (i: number) => papers[i]! };
    const today = runSteps(indexPapersSteps(source, 250));
    expect(runSteps(indexPapersSteps(source, 250, undefined, FIELD_BOOSTS)).postings.data).toEqual(today.postings.data);
    const heavier = runSteps(indexPapersSteps(source, 250, undefined, { ...FIELD_BOOSTS, title: 3 }));
    // "memory" is only in the second paper's title (frequencies are kept in quarters).
    expect(today.postings.postingsOf('memori')).toEqual({ docs: [1], freqs: [FIELD_BOOSTS.title * 4] });
    expect(heavier.postings.postingsOf('memori')).toEqual({ docs: [1], freqs: [12] });
    // An abstract-only word keeps its weight; the titled paper's length grows by its title's extra weight.
    expect(heavier.postings.postingsOf('cach')).toEqual(today.postings.postingsOf('cach'));
    expect(heavier.postings.data.lengths[1]! - today.postings.data.lengths[1]!).toBe(2);
  });
});

describe('the fitted parameters file (data/bm25-parameters.json)', () => {
  it('is what answering and indexing use, and a bad value is named', () => {
    expect(parseLexicalParameters(parameters)).toEqual(LEXICAL);
    expect(BM25).toEqual(LEXICAL.bm25);
    expect(FIELD_BOOSTS).toEqual(LEXICAL.fields);
    const good = { k1: 1.2, b: 0.7, fields: { names: 4, title: 2, abstract: 1 } };
    expect(() => parseLexicalParameters({ ...good, k1: 0 })).toThrow('"k1" must be a number above 0');
    expect(() => parseLexicalParameters({ ...good, b: 1.5 })).toThrow('"b" must be a number from 0 to 1');
    expect(() => parseLexicalParameters({ ...good, fields: { ...good.fields, title: 2.1 } })).toThrow('"fields.title"');
    expect(() => parseLexicalParameters({ ...good, fields: { ...good.fields, abstract: 2 } })).toThrow('"fields.abstract" must be 1');
    expect(() => parseLexicalParameters({ k1: 1, b: 0.5 })).toThrow('"fields" must be an object');
  });

  it('keeps the field weights saved indexes were built with (new ones need a new INDEX_FORMAT, raised with this pin)', () => {
    // A saved index holds frequencies weighted by the field weights and is reused while its format matches: a refit
    // that moves them must raise INDEX_FORMAT (src/retrieval/snapshot.ts) in the same commit as this pin.
    expect(FIELD_BOOSTS).toEqual({ names: 4, title: 2, abstract: 1 });
  });
});
