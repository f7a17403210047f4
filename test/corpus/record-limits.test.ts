import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type IngestIo, runIngest } from '../../adapters/cli/ingest.js';
import { MAX_LINE_CHARS, parseCorpusLines } from '../../src/corpus/load.js';
import { PAPER_LIMITS } from '../../src/corpus/schema.js';
import { CitebotError } from '../../src/index.js';

// Issue 18, failure 4: ingest accepted a 100 MB abstract; `npm start` on that corpus then aborted with a V8
// out-of-memory error, and a live reload took the same file, so the bot died at its next restart.

const paper = (over: object = {}) =>
  JSON.stringify({ id: 'p1', title: 'A paper', abstract: 'An abstract.', authors: ['Ada Lovelace'], year: 2024, source: 'test', ...over });

async function problemsOf(lines: string[]): Promise<string[]> {
  try {
    await parseCorpusLines(lines, 'data/papers.jsonl');
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(CitebotError);
    return [...(err as CitebotError).problems];
  }
}

describe('record size limits', () => {
  it('a corpus line with an oversized field is rejected with its file, line, field and size', async () => {
    const problems = await problemsOf([
      paper(),
      paper({ id: 'p2', abstract: 'x'.repeat(PAPER_LIMITS.abstractChars + 1) }),
      paper({ id: 'p3', title: 't'.repeat(PAPER_LIMITS.titleChars + 5) }),
      paper({ id: 'p4', authors: Array.from({ length: PAPER_LIMITS.authors + 1 }, (_, i) => `Author ${i}`) }),
    ]);
    expect(problems).toEqual([
      'data/papers.jsonl:2: "abstract" must be at most 20,000 characters, got 20,001 characters',
      'data/papers.jsonl:3: "title" must be at most 1,000 characters, got 1,005 characters',
      'data/papers.jsonl:4: "authors" must list at most 5,000 authors, got 5,001',
    ]);
  });

  it('a line longer than the longest record is rejected before it is parsed', async () => {
    const line = paper({ abstract: 'y'.repeat(MAX_LINE_CHARS) });
    expect(await problemsOf([line])).toEqual([
      `data/papers.jsonl:1: the record is ${line.length.toLocaleString('en-US')} characters long; a paper may take at most 1,048,576`,
    ]);
  });

  it('records at the limits are accepted', async () => {
    expect(await problemsOf([paper({ abstract: 'z'.repeat(PAPER_LIMITS.abstractChars) })])).toEqual([]);
  });

  it('ingest rejects a 25 MB abstract by name and size, keeps the other records and leaves the corpus loadable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-limits-'));
    const input = join(dir, 'in.jsonl');
    const out = join(dir, 'papers.jsonl');
    writeFileSync(input, `${paper()}\n${paper({ id: 'huge', title: 'Huge', abstract: 'w '.repeat(12_500_000) })}\n`);
    let stdout = '';
    let stderr = '';
    const io: IngestIo = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
      fetch,
      sleep: async () => {},
    };
    const code = await runIngest([input, '--out', out], io);
    expect(code).toBe(0); // the rest was written; the rejection is reported
    expect(stderr).toContain(`rejected: ${input}:2: "abstract" must be at most 20,000 characters, got 24,999,999 characters`);
    expect(stdout).toContain('1 added');
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });
});
