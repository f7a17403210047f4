import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCorpusLines } from '../../src/corpus/load.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

describe('bundled corpus', () => {
  it('re-running the seed ingest reproduces data/papers.jsonl byte for byte', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'citebot-seed-')), 'papers.jsonl');
    // The same command as `npm run corpus:seed`, writing elsewhere.
    const script = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['corpus:seed']!;
    const [cmd, ...args] = script.replace('--out data/papers.jsonl', `--out ${out}`).split(' ');
    expect(cmd).toBe('tsx');
    expect(args).toContain(out);
    await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), args, { cwd: ROOT });
    expect(readFileSync(out, 'utf8')).toBe(read('data/papers.jsonl'));
  });

  it('holds all 33 seed papers with their arXiv ids, first authors, years and code links', async () => {
    const papers = await parseCorpusLines(read('data/papers.jsonl').split('\n'), 'data/papers.jsonl');
    const facts = read('data/sources/paper-facts.tsv')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'));
    expect(papers).toHaveLength(33);
    for (const [title, id, author, year, code] of facts) {
      const p = papers.find((x) => x.id === id);
      expect(p, id).toBeDefined();
      expect(p).toMatchObject({ title, authors: [author], year: Number(year), url: `https://arxiv.org/abs/${id}` });
      if (code) expect(p!.codeUrl).toBe(code);
    }
  });
});
