import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCorpusLines } from '../../src/corpus/load.js';
import { CitebotError, loadCorpusFile } from '../../src/index.js';

const good = {
  id: '2402.02750',
  title: 'KIVI',
  abstract: 'An abstract.',
  authors: ['Zirui Liu'],
  year: 2024,
  url: 'https://arxiv.org/abs/2402.02750',
  source: 'test',
};
const line = (o: object) => JSON.stringify(o);

async function problemsOf(lines: string[]): Promise<string[]> {
  try {
    await parseCorpusLines(lines, 'data/papers.jsonl');
  } catch (err) {
    expect(err).toBeInstanceOf(CitebotError);
    expect((err as CitebotError).code).toBe('CORPUS_INVALID');
    return [...(err as CitebotError).problems];
  }
  return [];
}

describe('corpus loading', () => {
  it('accepts valid lines, skips blank ones, ignores unknown fields and defaults optional ones', async () => {
    const papers = await parseCorpusLines([line({ ...good, categories: ['cs.CL'], date: '2024-02' }), '', '  '], 'f');
    expect(papers).toEqual([{ ...good, codeUrl: null }]);
  });

  it('names the file, line and field of each bad record', async () => {
    const problems = await problemsOf([
      line(good),
      line({ ...good, id: 'b', year: '2019a' }),
      '{"id": "c", "title": ',
      line({ ...good, id: 'd', title: undefined }),
      line({ ...good, id: 'e', url: 'not a url' }),
      line(good),
    ]);
    expect(problems).toEqual([
      'data/papers.jsonl:2: "year" must be an integer, got "2019a"',
      expect.stringMatching(/^data\/papers\.jsonl:3: not valid JSON/),
      'data/papers.jsonl:4: "title" is missing (expected string)',
      'data/papers.jsonl:5: "url" must be an http(s) URL, got "not a url"',
      'data/papers.jsonl:6: duplicate id "2402.02750" (first on line 1)',
    ]);
  });

  it('loads plain and gzip-compressed files, and names a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-'));
    const text = `${line(good)}\n${line({ ...good, id: 'x2' })}\n`;
    writeFileSync(join(dir, 'c.jsonl'), text);
    writeFileSync(join(dir, 'c.jsonl.gz'), gzipSync(text));
    expect(await loadCorpusFile(join(dir, 'c.jsonl'))).toHaveLength(2);
    expect(await loadCorpusFile(join(dir, 'c.jsonl.gz'))).toHaveLength(2);
    await expect(loadCorpusFile(join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: cannot read the corpus file \(ENOENT\)/);
  });

  it('reports a truncated gzip file instead of hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-'));
    const gz = gzipSync(`${line(good)}\n`.repeat(50));
    writeFileSync(join(dir, 'bad.jsonl.gz'), gz.subarray(0, gz.length - 20));
    await expect(loadCorpusFile(join(dir, 'bad.jsonl.gz'))).rejects.toThrow(/bad\.jsonl\.gz: cannot read the corpus file/);
  });
});
