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

describe('parseJsonArray', () => {
  it('reports a bad element by the line it starts on', () => {
    const text = `[\n  ${JSON.stringify(good)},\n  {\n    "id": "y",\n    "title": "No abstract"\n  },\n  ${JSON.stringify(acl)}\n]\n`;
    const r = parseJsonArray(text, 'in.json');
    expect(r.papers.map((p) => p.where)).toEqual(['in.json:2', 'in.json:7']);
    expect(r.rejected[0]).toEqual({ where: 'in.json:3', reason: '"abstract" is missing (expected string)' });
  });

  it('rejects invalid JSON and non-arrays as a whole', () => {
    expect(parseJsonArray('[\n{"id": 1,\n', 'bad.json').rejected[0]!.reason).toMatch(/^not valid JSON/);
    expect(parseJsonArray('{"id": 1}', 'obj.json').rejected).toEqual([
      { where: 'obj.json:1', reason: 'expected a JSON array of paper records' },
    ]);
  });
});
