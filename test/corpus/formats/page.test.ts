import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parsePageSource } from '../../../src/corpus/formats/page.js';

const read = (p: string) => readFileSync(fileURLToPath(new URL(`../../../${p}`, import.meta.url)), 'utf8');
const PAGE = read('data/sources/papers-page.txt');
const FACTS = read('data/sources/paper-facts.tsv');

describe('parsePageSource (the seed papers page)', () => {
  it('completes each block from the facts table, skipping page chrome, with the line of each title', () => {
    const r = parsePageSource(PAGE, 'page.txt', { text: FACTS, file: 'facts.tsv' });
    expect(r.rejected).toEqual([]);
    expect(r.papers).toHaveLength(33);
    expect(r.papers[0]).toMatchObject({
      where: 'page.txt:11',
      paper: { id: '2310.08915', year: 2023, authors: ['Yuxin Zhang'], etAl: true, source: 'papers-page' },
    });
    expect(r.papers.map((p) => p.paper.title)).not.toContain('Subscribe');
  });

  it('rejects a block whose title has no facts row, and a bad facts row, each with file and line', () => {
    const facts = FACTS.replace(/^KIVI:.*\n/m, '').replace('\t2406.14833\t', '\t2406.1483x\t');
    const r = parsePageSource(PAGE, 'page.txt', { text: facts, file: 'facts.tsv' });
    expect(r.papers).toHaveLength(31);
    expect(r.rejected).toEqual(
      expect.arrayContaining([
        { where: 'facts.tsv:5', reason: '"arxiv_id" must look like 2402.02750, got "2406.1483x"' },
        {
          where: expect.stringMatching(/^page\.txt:\d+$/),
          reason:
            'no row in facts.tsv for "KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache" (its arXiv id and year are unknown)',
        },
      ]),
    );
  });
});
