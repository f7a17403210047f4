import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergePapers, type Paper } from '../../src/index.js';

const kivi: Paper = {
  id: '2402.02750',
  title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
  abstract: 'Efficiently serving large language models (LLMs) requires batching many requests together.',
  authors: ['Zirui Liu'],
  etAl: true,
  year: 2024,
  url: 'https://arxiv.org/abs/2402.02750',
  codeUrl: 'https://github.com/jy-yuan/KIVI',
  source: 'papers-page',
};
const lstm: Paper = {
  id: 'doi:10.1162/neco.1997.9.8.1735',
  title: 'Long Short-Term Memory',
  abstract: 'Learning to store information over extended time intervals by recurrent backpropagation takes a very long time.',
  authors: ['Sepp Hochreiter', 'Jürgen Schmidhuber'],
  year: 1997,
  url: 'https://doi.org/10.1162/neco.1997.9.8.1735',
  codeUrl: null,
  doi: '10.1162/neco.1997.9.8.1735',
  source: 'bibtex',
};
const at = (paper: Paper, where = 'in.jsonl:1') => ({ paper, where });

describe('mergePapers', () => {
  it('updates the paper with the same arXiv id instead of adding a duplicate, keeping what the update lacks', () => {
    const fromArxiv: Paper = {
      ...kivi,
      authors: ['Zirui Liu', 'Jiayi Yuan', 'Hongye Jin'],
      etAl: undefined,
      codeUrl: null,
      source: 'arxiv',
    };
    const r = mergePapers([kivi], [at(fromArxiv)]);
    expect(r.papers).toHaveLength(1);
    expect(r).toMatchObject({ added: 0, updated: 1, unchanged: 0 });
    expect(r.papers[0]).toEqual({ ...kivi, authors: ['Zirui Liu', 'Jiayi Yuan', 'Hongye Jin'], etAl: undefined, source: 'arxiv' });
    expect(r.papers[0]!.codeUrl).toBe('https://github.com/jy-yuan/KIVI'); // not erased by the record without one
    expect(r.changes[0]).toMatchObject({ kind: 'updated', matchedBy: 'id', fields: ['authors', 'etAl', 'source'] });
  });

  it('matches by DOI when the ids differ (case-insensitive)', () => {
    const other = { ...lstm, id: 'lstm-1997', title: 'LSTM', doi: '10.1162/NECO.1997.9.8.1735', abstract: `${lstm.abstract} Updated.` };
    const r = mergePapers([lstm], [at(other)]);
    expect(r.papers).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ kind: 'updated', matchedBy: 'doi' });
    expect(r.papers[0]!.id).toBe(lstm.id); // a slug id does not replace another
  });

  it('matches by normalised title (case, accents, punctuation) and upgrades a slug id to the arXiv id', () => {
    const slugged: Paper = { ...kivi, id: 'kivi-a-tuning-free-asymmetric-2bit-quantization-for-kv-cache', url: null };
    const incoming: Paper = { ...kivi, title: 'KIVI — a tuning-free asymmetric 2-bit quantization for KV cache', source: 'arxiv' };
    const r = mergePapers([slugged], [at(incoming)]);
    expect(r.papers).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ kind: 'updated', matchedBy: 'title' });
    expect(r.papers[0]!.id).toBe('2402.02750');
  });

  it('never merges two different arXiv ids or publisher DOIs by title', () => {
    const sameTitle: Paper = { ...kivi, id: '2501.00001', url: 'https://arxiv.org/abs/2501.00001' };
    expect(mergePapers([kivi], [at(sameTitle)]).papers).toHaveLength(2);
    const otherDoi: Paper = { ...lstm, id: 'x', doi: '10.1000/other' };
    expect(mergePapers([lstm], [at(otherDoi)]).papers).toHaveLength(2);
  });

  it('counts an identical record as unchanged and keeps corpus order, appending new papers', () => {
    const r = mergePapers(
      [kivi, lstm],
      [at(lstm), at({ ...kivi, id: '2302.13971', title: 'LLaMA: Open and Efficient Foundation Language Models' })],
    );
    expect(r).toMatchObject({ added: 1, updated: 0, unchanged: 1 });
    expect(r.papers.map((p) => p.id)).toEqual(['2402.02750', lstm.id, '2302.13971']);
  });

  it('a duplicate within the input updates the record added before it', () => {
    const r = mergePapers([], [at(kivi, 'a.bib:1'), at({ ...kivi, abstract: `${kivi.abstract} More.` }, 'b.xml:10')]);
    expect(r.papers).toHaveLength(1);
    expect(r.changes.map((c) => c.kind)).toEqual(['added', 'updated']);
  });

  it('does not replace an arXiv abs page by another URL, nor a publisher DOI by the arXiv DOI', () => {
    const withDoi: Paper = { ...kivi, doi: '10.5555/icml.2024.1' };
    const incoming: Paper = { ...kivi, url: 'https://proceedings.mlr.press/v235/liu24bz.html', doi: '10.48550/arXiv.2402.02750' };
    const merged = mergePapers([withDoi], [at(incoming)]).papers[0]!;
    expect(merged.url).toBe('https://arxiv.org/abs/2402.02750');
    expect(merged.doi).toBe('10.5555/icml.2024.1');
  });

  it('does not modify its inputs', () => {
    const existing = [kivi];
    mergePapers(existing, [at({ ...kivi, year: 2025 })]);
    expect(existing[0]!.year).toBe(2024);
  });
});

describe('mergePapers properties', () => {
  const paper = fc
    .record({
      id: fc.constantFrom('2402.02750', '2310.08915', '2302.13971', 'doi:10.1162/neco.1997.9.8.1735', 'a-slug-for-some-paper'),
      title: fc.constantFrom(
        kivi.title,
        lstm.title,
        'LLaMA: Open and Efficient Foundation Language Models',
        'KIVI: a tuning-free asymmetric 2bit quantization for KV cache',
      ),
      doi: fc.option(fc.constantFrom('10.1162/neco.1997.9.8.1735', '10.48550/arXiv.2402.02750', '10.5555/other'), { nil: undefined }),
      year: fc.integer({ min: 1990, max: 2025 }),
      authors: fc.array(fc.constantFrom('Zirui Liu', 'Sepp Hochreiter'), { maxLength: 2 }),
    })
    .map((r): Paper => ({ ...kivi, ...r, ...(r.doi ? {} : { doi: undefined }), etAl: undefined }));

  it('keeps every paper already there, adds exactly the unmatched ones, and never duplicates an id', () => {
    fc.assert(
      fc.property(fc.array(paper, { maxLength: 6 }), fc.array(paper, { maxLength: 8 }), (existingRaw, incoming) => {
        const existing = [...new Map(existingRaw.map((p) => [p.id, p])).values()];
        const r = mergePapers(
          existing,
          incoming.map((p) => at(p)),
        );
        expect(r.papers).toHaveLength(existing.length + r.added);
        expect(r.added + r.updated + r.unchanged).toBe(incoming.length);
        expect(new Set(r.papers.map((p) => p.id)).size).toBe(r.papers.length);
        // Each paper already there is still there (its id upgraded to an arXiv id at most).
        existing.forEach((p, i) => {
          expect(r.papers[i]!.id === p.id || /^\d{4}\.\d{5}$/.test(r.papers[i]!.id)).toBe(true);
        });
      }),
    );
  });
});

describe('mergePapers: metadata-only records (issue 19)', () => {
  const { abstract: _kiviAbstract, ...kiviMetadata } = kivi;

  it('updates the matching paper (by id, DOI or title) and keeps its abstract and source', () => {
    const byId = {
      metadata: { ...kiviMetadata, authors: ['Zirui Liu', 'Jiayi Yuan'], etAl: undefined, source: 'bibtex' },
      where: 'z.bib:2',
    };
    const { abstract: _a, ...lstmMetadata } = lstm;
    const byDoi = { metadata: { ...lstmMetadata, id: 'hochreiter-long', title: 'LSTM', year: 1996 }, where: 'z.bib:9' };
    const byTitle = { metadata: { ...kiviMetadata, id: 'kivi-slug', codeUrl: null, year: null, source: 'json' }, where: 'm.jsonl:1' };
    const r = mergePapers([kivi, lstm], [], [byId, byDoi, byTitle]);
    expect(r).toMatchObject({ added: 0, updated: 2, unchanged: 1, rejected: [] });
    expect(r.papers[0]).toEqual({ ...kivi, authors: ['Zirui Liu', 'Jiayi Yuan'], etAl: undefined });
    expect(r.papers[1]).toMatchObject({ id: lstm.id, title: 'LSTM', year: 1996, abstract: lstm.abstract, source: 'bibtex' });
    expect(r.changes.map((c) => c.kind !== 'added' && c.matchedBy)).toEqual(['id', 'doi', 'title']);
  });

  it('rejects metadata that matches no paper, saying a new paper needs its abstract', () => {
    const r = mergePapers([lstm], [], [{ metadata: kiviMetadata, where: 'z.bib:2 (liu)' }]);
    expect(r.papers).toEqual([lstm]);
    expect(r.rejected).toEqual([{ where: 'z.bib:2 (liu)', reason: expect.stringContaining('a new paper needs its abstract') }]);
  });

  it('applies metadata to a paper added in the same run', () => {
    const r = mergePapers([], [at(kivi)], [{ metadata: { ...kiviMetadata, year: 2025 }, where: 'z.bib:2' }]);
    expect(r).toMatchObject({ added: 1, updated: 1, rejected: [] });
    expect(r.papers).toEqual([{ ...kivi, year: 2025 }]);
  });

  it('keeps a known year and authors when a minimal record has none', () => {
    const r = mergePapers([kivi], [at({ ...kivi, authors: [], etAl: undefined, year: null, url: null })]);
    expect(r).toMatchObject({ unchanged: 1 });
  });
});
