import { describe, expect, it } from 'vitest';
import { parseJsonArray, parseJsonLines } from '../../../src/corpus/formats/json.js';

const good = {
  id: '2506.12115',
  title: 'A Paper',
  abstract: 'An abstract that says something.',
  authors: ['Ada Lovelace'],
  year: 2025,
  date: '2025-06',
  categories: ['cs.CL'],
  url: 'https://arxiv.org/abs/2506.12115',
  source: 'arxiv',
};
const acl = {
  ...good,
  id: '2023.acl-long.1',
  title: 'Another Paper',
  url: 'https://aclanthology.org/2023.acl-long.1/',
  venue: ['acl'],
  source: 'acl-anthology',
};

describe('parseJsonLines', () => {
  it('reads corpus-schema records, ignoring extra fields, and rejects bad lines with file:line and why', async () => {
    const lines = [
      JSON.stringify(good),
      '',
      '{"id": "x", "title": "T"',
      JSON.stringify({ ...acl, year: '2019a' }),
      JSON.stringify(acl),
      '[1]',
    ];
    const r = await parseJsonLines(lines, 'in.jsonl');
    expect(r.papers.map((p) => [p.paper.id, p.where])).toEqual([
      ['2506.12115', 'in.jsonl:1'],
      ['2023.acl-long.1', 'in.jsonl:5'],
    ]);
    expect(r.papers[0]!.paper).not.toHaveProperty('categories');
    expect(r.papers[1]!.paper.url).toBe('https://aclanthology.org/2023.acl-long.1/');
    expect(r.papers[1]!.paper.venue).toBe('acl'); // the Anthology's venue tags, as one label
    expect(r.papers[0]!.paper).not.toHaveProperty('venue');
    expect(r.rejected.map((x) => x.where)).toEqual(['in.jsonl:3', 'in.jsonl:4', 'in.jsonl:6']);
    expect(r.rejected[0]!.reason).toMatch(/^not valid JSON/);
    expect(r.rejected[1]!.reason).toBe('"year" must be an integer, got "2019a"');
    expect(r.rejected[2]!.reason).toBe('record must be a JSON object');
  });

  it('drops an arXiv version suffix from ids', async () => {
    const r = await parseJsonLines([JSON.stringify({ ...good, id: '2506.12115v3' })], 'in.jsonl');
    expect(r.papers[0]!.paper.id).toBe('2506.12115');
  });
});

describe('minimal records (issue 19)', () => {
  const abstract = 'We study a thing and find that it works.';

  it('takes a title and an abstract alone: a slug id, no authors or year, the source of the format', async () => {
    const r = await parseJsonLines([JSON.stringify({ title: 'A Study of Things, Part 2', abstract })], 'min.jsonl');
    expect(r.rejected).toEqual([]);
    expect(r.papers[0]!.paper).toEqual({
      id: 'a-study-of-things-part-2',
      title: 'A Study of Things, Part 2',
      abstract,
      authors: [],
      year: null,
      url: null,
      codeUrl: null,
      source: 'json',
    });
  });

  it('finds the id in any field or URL: an arXiv id (version dropped) first, else a DOI', async () => {
    const lines = [
      { title: 'One', abstract, link: 'https://arxiv.org/pdf/2402.02750v2' },
      { title: 'Two', abstract, note: 'also arXiv:2310.08915', doi: '10.1000/xyz' },
      { title: 'Three', abstract, url: 'https://doi.org/10.18653/v1/N19-1423' },
      { title: 'Four', abstract, links: [{ href: 'http://arxiv.org/abs/hep-th/9711200v1' }] },
      { title: 'Five', abstract: 'Code and arXiv:2401.01055 are cited here, in the abstract.' },
      { title: 'Six', abstract, year: '2021', authors: ['Ada Lovelace'] },
      { title: 'Seven', abstract, date: '2019-03-01' },
    ].map((x) => JSON.stringify(x));
    const r = await parseJsonLines(lines, 'min.jsonl');
    expect(r.rejected).toEqual([]);
    expect(r.papers.map((p) => [p.paper.id, p.paper.url, p.paper.doi, p.paper.year])).toEqual([
      ['2402.02750', 'https://arxiv.org/abs/2402.02750', undefined, null],
      ['2310.08915', 'https://arxiv.org/abs/2310.08915', '10.1000/xyz', null],
      ['doi:10.18653/v1/n19-1423', 'https://doi.org/10.18653/v1/N19-1423', '10.18653/v1/N19-1423', null],
      ['hep-th/9711200', 'https://arxiv.org/abs/hep-th/9711200', undefined, null],
      ['five', null, undefined, null], // an id in the abstract more often names another paper
      ['six', null, undefined, 2021],
      ['seven', null, undefined, 2019],
    ]);
  });

  it('counts a bad record once, with all its problems in one reason', async () => {
    const r = await parseJsonLines([JSON.stringify({ title: 5, abstract: '', year: 'soon', authors: 'me' })], 'bad.jsonl');
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0]!.reason.split('; ').length).toBeGreaterThan(1);
  });

  it('gives a title without Latin letters a stable id', async () => {
    const line = JSON.stringify({ title: '大規模言語モデルの量子化', abstract });
    const [a, b] = await Promise.all([parseJsonLines([line], 'x.jsonl'), parseJsonLines([line], 'y.jsonl')]);
    expect(a.papers[0]!.paper.id).toMatch(/^title-[0-9a-f]{8}$/);
    expect(a.papers[0]!.paper.id).toBe(b.papers[0]!.paper.id);
  });
});

describe('parseJsonArray', () => {
  it('reports a bad element by the line it starts on; one without an abstract is metadata only', () => {
    const text = `[\n  ${JSON.stringify(good)},\n  {\n    "id": "y",\n    "title": "No abstract"\n  },\n  ${JSON.stringify(acl)},\n  {"title": ""}\n]\n`;
    const r = parseJsonArray(text, 'in.json');
    expect(r.papers.map((p) => p.where)).toEqual(['in.json:2', 'in.json:7']);
    expect(r.metadataOnly).toMatchObject([{ where: 'in.json:3', metadata: { id: 'y', title: 'No abstract', source: 'json' } }]);
    expect(r.rejected).toEqual([{ where: 'in.json:8', reason: '"id" is missing (expected string); "title" must not be empty, got ""' }]);
  });

  it('rejects invalid JSON and non-arrays as a whole', () => {
    expect(parseJsonArray('[\n{"id": 1,\n', 'bad.json').rejected[0]!.reason).toMatch(/^not valid JSON/);
    expect(parseJsonArray('{"id": 1}', 'obj.json').rejected).toEqual([
      { where: 'obj.json:1', reason: 'expected a JSON array of paper records' },
    ]);
  });
});
