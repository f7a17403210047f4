import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseBibtex } from '../../../src/corpus/formats/bibtex.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/ingest/${name}`, import.meta.url)), 'utf8');
type Parsed = Awaited<ReturnType<typeof parseBibtex>>;
const byId = (r: Parsed, id: string) => r.papers.find((p) => p.paper.id === id);

describe('parseBibtex: a Zotero export', () => {
  let r: Parsed;
  beforeAll(async () => {
    r = await parseBibtex(fixture('zotero.bib'), 'zotero.bib');
  });

  it('reads every entry with an abstract; one without a date has no year', () => {
    expect(r.papers.map((p) => p.paper.id)).toEqual([
      '2310.08915',
      '2302.13971',
      '2401.01055',
      'doi:10.1162/neco.1997.9.8.1735',
      'doi:10.18653/v1/n19-1423',
    ]);
    expect(r.rejected).toEqual([]);
    expect(byId(r, 'doi:10.18653/v1/n19-1423')).toMatchObject({ where: 'zotero.bib:66 (devlin_bert_nodate)', paper: { year: null } });
  });

  it('turns LaTeX accents into Unicode and drops protective braces', () => {
    const llama = byId(r, '2302.13971')!;
    expect(llama.paper.title).toBe('LLaMA: Open and Efficient Foundation Language Models');
    expect(llama.paper.authors).toContain('Timothée Lacroix');
    expect(llama.paper.authors).toContain('Baptiste Rozière');
    expect(byId(r, 'doi:10.1162/neco.1997.9.8.1735')!.paper.authors).toEqual(['Sepp Hochreiter', 'Jürgen Schmidhuber']);
    const dsnot = byId(r, '2310.08915')!.paper;
    expect(dsnot.title).toBe('Dynamic Sparse No Training: Training-Free Fine-tuning for Sparse LLMs');
    expect(dsnot.abstract).toContain('LLaMA-V1/V2');
    expect(dsnot.abstract).toContain('at 70% sparsity');
  });

  it('takes the arXiv id from eprint (dropping the version), the arXiv DOI or URL, and keeps DOIs', () => {
    const beyond = byId(r, '2401.01055')!.paper;
    expect(beyond.url).toBe('https://arxiv.org/abs/2401.01055');
    expect(byId(r, '2310.08915')).toMatchObject({
      where: 'zotero.bib:2 (zhang_dynamic_2023)',
      paper: { doi: '10.48550/arXiv.2310.08915', codeUrl: 'https://github.com/zyxxmu/DSnoT', source: 'bibtex' },
    });
    expect(byId(r, 'doi:10.1162/neco.1997.9.8.1735')!.paper).toMatchObject({
      year: 1997,
      url: 'https://doi.org/10.1162/neco.1997.9.8.1735',
    });
  });
});

describe('parseBibtex: a Mendeley export', () => {
  let r: Parsed;
  beforeAll(async () => {
    r = await parseBibtex(fixture('mendeley.bib'), 'mendeley.bib');
  });

  it('reads arxivId, double-braced titles and {\\"{u}}-style accents, and keeps the entry without an abstract as metadata only', () => {
    expect(r.papers.map((p) => p.paper.id)).toEqual(['2402.02750', '2412.07633', 'doi:10.1162/neco.1997.9.8.1735']);
    expect(byId(r, '2402.02750')!.paper.title).toBe('KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache');
    expect(byId(r, '2412.07633')!.paper.authors).toEqual([
      'Matthieu Meeus',
      'Anthony Rathé',
      'François Remy',
      'Pieter Delobelle',
      'Jens-Joris Decorte',
      'Thomas Demeester',
    ]);
    expect(byId(r, 'doi:10.1162/neco.1997.9.8.1735')!.paper.authors[1]).toBe('Jürgen Schmidhuber');
    expect(r.rejected).toEqual([]);
    expect(r.metadataOnly).toMatchObject([
      { where: 'mendeley.bib:48 (Vaswani2017)', metadata: { title: 'Attention is all you need', year: 2017, source: 'bibtex' } },
    ]);
    expect(r.metadataOnly[0]!.metadata).not.toHaveProperty('abstract');
  });

  it('renders inline math such as $2.6\\times$ as text', () => {
    expect(byId(r, '2402.02750')!.paper.abstract).toContain('using 2.6× less peak memory');
  });
});

describe('parseBibtex: bad input', () => {
  it('reports a syntax error with its line and entry key, and still reads the entries before it', async () => {
    const text = `${fixture('zotero.bib').split('\n@article{hochreiter_long_1997')[0]}\n@article{broken_2024,\n  title = {Unclosed,\n  year = {2024}\n`;
    const r = await parseBibtex(text, 'broken.bib');
    expect(r.papers.map((p) => p.paper.id)).toEqual(['2310.08915', '2302.13971', '2401.01055']);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.where).toMatch(/^broken\.bib:\d+ \(broken_2024\)$/);
    expect(r.rejected[0]!.reason).toMatch(/^BibTeX syntax error: /);
  });

  it('maps a bare < or > back from the ¡ ¿ LaTeX would print, strips markup, and treats "and others" as et al.', async () => {
    const text = `@article{k, title = {A \\emph{small} test}, author = {Doe, Jane and others}, year = {2020},
      abstract = {When $n$ < 10 and m > 2 the \\textbf{bound} holds for {BERT}-style models with at least a few words.}}`;
    const p = (await parseBibtex(text, 't.bib')).papers[0]!.paper;
    expect(p.title).toBe('A small test');
    expect(p.abstract).toBe('When n < 10 and m > 2 the bound holds for BERT-style models with at least a few words.');
    expect(p).toMatchObject({ authors: ['Jane Doe'], etAl: true, id: 'a-small-test' });
  });

  it('says so when a file has no entries', async () => {
    expect((await parseBibtex('just some text\n', 'empty.bib')).rejected).toEqual([
      { where: 'empty.bib:1', reason: 'no BibTeX entries found' },
    ]);
  });
});
