import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../../src/corpus/formats/arxiv-atom.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/ingest/${name}`, import.meta.url)), 'utf8');

describe('parseArxivAtom', () => {
  const r = parseArxivAtom(fixture('arxiv-3-papers.xml'), 'feed.xml');

  it('reads each entry as a paper: id without version, title and summary unwrapped, all authors, published year', () => {
    expect(r.rejected).toEqual([]);
    expect(r.totalResults).toBe(3);
    expect(r.ids).toEqual(['2402.02750', '2310.08915', '2310.15747']);
    const kivi = r.papers[0]!;
    expect(kivi.where).toBe('feed.xml:10');
    expect(kivi.paper).toMatchObject({
      id: '2402.02750',
      title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
      authors: ['Zirui Liu', 'Jiayi Yuan', 'Hongye Jin', 'Shaochen Zhong', 'Zhaozhuo Xu', 'Vladimir Braverman', 'Beidi Chen', 'Xia Hu'],
      year: 2024,
      url: 'https://arxiv.org/abs/2402.02750',
      codeUrl: 'https://github.com/jy-yuan/KIVI',
      source: 'arxiv',
    });
    expect(kivi.paper.abstract).toMatch(/^Efficiently serving large language models \(LLMs\) requires batching many requests together/);
    expect(kivi.paper.abstract).not.toMatch(/\n| {2}/);
    // arXiv's own LaTeX stays as arXiv wrote it.
    expect(kivi.paper.abstract).toContain('while using $\\mathbf{2.6\\times}$ less peak memory');
  });

  it('joins a title wrapped over two lines and keeps the DOI', () => {
    expect(r.papers[2]!.paper).toMatchObject({
      title: 'Large Language Models are Temporal and Causal Reasoners for Video Question Answering',
      doi: '10.18653/v1/2023.emnlp-main.261',
      year: 2023,
    });
  });

  it('rejects an API error entry with its message', () => {
    const e = parseArxivAtom(fixture('arxiv-error.xml'), 'error.xml');
    expect(e.papers).toEqual([]);
    expect(e.rejected).toEqual([{ where: 'error.xml:10', reason: 'arXiv API error: incorrect id format for 2402.0275' }]);
  });

  it('gives nothing, and no error, for an empty result', () => {
    expect(parseArxivAtom(fixture('arxiv-empty.xml'), 'empty.xml')).toMatchObject({ papers: [], rejected: [], ids: [], totalResults: 0 });
  });

  it('rejects a truncated response as a whole, saying which elements are unclosed', () => {
    const t = parseArxivAtom(fixture('arxiv-truncated.xml'), 'cut.xml');
    expect(t.papers).toEqual([]);
    expect(t.rejected).toEqual([
      {
        where: 'cut.xml:40',
        reason: 'not well-formed XML: the document ends before <author>, <entry>, <feed> are closed (a truncated response?)',
      },
    ]);
  });

  it('rejects what is not an Atom feed, and an entry that lacks a field, with its line; a missing date leaves the year unknown', () => {
    expect(parseArxivAtom('<html><body>Service Unavailable</body></html>', 'busy.html').rejected).toEqual([
      { where: 'busy.html:1', reason: 'not an Atom feed (the root element is <html>, expected <feed>)' },
    ]);
    const noDate = fixture('arxiv-3-papers.xml').replace('<published>2023-10-13T07:38:52Z</published>', '');
    const r2 = parseArxivAtom(noDate, 'feed.xml');
    expect(r2.papers).toHaveLength(3);
    expect(r2.rejected).toEqual([]);
    expect(r2.papers.find((p) => p.where === 'feed.xml:72')?.paper.year).toBeNull();
    const noTitle = fixture('arxiv-3-papers.xml').replace(/<title>Dynamic Sparse[\s\S]*?<\/title>/, '<title></title>');
    expect(parseArxivAtom(noTitle, 'feed.xml').rejected).toEqual([{ where: 'feed.xml:72', reason: '"title" must not be empty, got ""' }]);
  });
});
