import { describe, expect, it } from 'vitest';
import { normalizeArxivId, normalizeDoi, normalizeText, normalizeUrl, toPaper } from '../../src/corpus/normalize.js';

describe('normalizeText', () => {
  it('collapses newlines, tabs and no-break spaces, and trims', () => {
    expect(normalizeText('  Efficiently serving\nlarge   language\tmodels\u00a0(LLMs)  ')).toBe(
      'Efficiently serving large language models (LLMs)',
    );
  });

  it('composes accents (NFC) and turns an accented dotless i into í', () => {
    expect(normalizeText('Rathe\u0301')).toBe('Rathé');
    expect(normalizeText('Garc\u0131\u0301a')).toBe('García');
  });
});

describe('normalizeArxivId', () => {
  it.each([
    ['2402.02750', '2402.02750'],
    ['2402.02750v2', '2402.02750'],
    ['arXiv:2402.02750v2', '2402.02750'],
    ['http://arxiv.org/abs/2402.02750v2', '2402.02750'],
    ['https://arxiv.org/pdf/2402.02750v1.pdf', '2402.02750'],
    ['10.48550/arXiv.2402.02750', '2402.02750'],
    ['http://arxiv.org/abs/hep-th/9711200v3', 'hep-th/9711200'],
  ])('%s → %s', (input, id) => {
    expect(normalizeArxivId(input)).toBe(id);
  });

  it('is null for what is not an arXiv id', () => {
    for (const s of ['2402.0275', '2023.acl-long.1', 'P18-1001', 'doi:10.1162/neco.1997.9.8.1735', ''])
      expect(normalizeArxivId(s), s).toBeNull();
  });
});

describe('normalizeDoi and normalizeUrl', () => {
  it('strips DOI resolver prefixes and rejects non-DOIs', () => {
    expect(normalizeDoi('https://doi.org/10.1162/neco.1997.9.8.1735')).toBe('10.1162/neco.1997.9.8.1735');
    expect(normalizeDoi('doi:10.18653/v1/N19-1423')).toBe('10.18653/v1/N19-1423');
    expect(normalizeDoi('not a doi')).toBeNull();
  });

  it('gives arXiv, DOI and code-host links one canonical form, and leaves other URLs alone', () => {
    expect(normalizeUrl('http://arxiv.org/abs/2402.02750v2')).toBe('https://arxiv.org/abs/2402.02750');
    expect(normalizeUrl('http://arxiv.org/pdf/2402.02750v2')).toBe('https://arxiv.org/abs/2402.02750');
    expect(normalizeUrl('http://dx.doi.org/10.18653/v1/2023.emnlp-main.261')).toBe('https://doi.org/10.18653/v1/2023.emnlp-main.261');
    expect(normalizeUrl('http://github.com/jy-yuan/KIVI.git')).toBe('https://github.com/jy-yuan/KIVI');
    expect(normalizeUrl('https://github.com/jy-yuan/KIVI/')).toBe('https://github.com/jy-yuan/KIVI');
    expect(normalizeUrl(' https://aclanthology.org/2023.acl-long.1/ ')).toBe('https://aclanthology.org/2023.acl-long.1/');
  });
});

describe('toPaper', () => {
  const record = {
    id: 'arXiv:2402.02750v2',
    title: ' KIVI:  A Tuning-Free\nAsymmetric 2bit Quantization for KV Cache ',
    abstract: 'Efficiently serving large language models.',
    authors: ['Zirui  Liu', ''],
    year: 2024,
    url: 'http://arxiv.org/abs/2402.02750v2',
    codeUrl: '',
    doi: '',
    source: 'arxiv',
    categories: ['cs.CL'],
  };

  it('normalises every field, drops empty optional ones and unknown extra fields', () => {
    const checked = toPaper(record);
    expect(checked).toEqual({
      ok: true,
      paper: {
        id: '2402.02750',
        title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
        abstract: 'Efficiently serving large language models.',
        authors: ['Zirui Liu'],
        year: 2024,
        url: 'https://arxiv.org/abs/2402.02750',
        codeUrl: null,
        source: 'arxiv',
      },
    });
  });

  it('says which field is wrong and what it got', () => {
    expect(toPaper({ ...record, year: '2019a' })).toEqual({ ok: false, reasons: ['"year" must be an integer, got "2019a"'] });
    expect(toPaper({ ...record, doi: 'nope' })).toEqual({ ok: false, reasons: ['"doi" must be a DOI like 10.1234/abc, got "nope"'] });
    expect(toPaper([1, 2])).toEqual({ ok: false, reasons: ['record must be a JSON object'] });
  });
});
