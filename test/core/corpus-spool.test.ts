import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CitebotError, loadCorpusFile, serializePaper, spoolCorpusFile } from '../../src/index.js';
import { FIXTURE_CORPUS } from '../fixtures/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'citebot-spool-test-'));
const spoolDir = join(dir, 'spool');
mkdirSync(spoolDir);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = { id: '2402.02750', title: 'KIVI', abstract: 'An abstract.', authors: ['Zirui Liu'], year: 2024, url: null, source: 'test' };

describe('spooling a corpus file', () => {
  it('gives the papers loadCorpusFile gives, in order, read from a file that is not left in the folder', async () => {
    const expected = await loadCorpusFile(FIXTURE_CORPUS);
    const list = await spoolCorpusFile(FIXTURE_CORPUS, spoolDir);
    expect(list.length).toBe(expected.length);
    expect([...list.ids]).toEqual(expected.map((p) => p.id));
    expect([...list.titles]).toEqual(expected.map((p) => p.title));
    // Each paper as the saved index would serve it: its corpus line, and the same fields parsed back.
    for (let i = 0; i < expected.length; i++) {
      expect(list.line(i)).toBe(`${serializePaper(expected[i]!)}\n`);
      expect(serializePaper(list.at(i))).toBe(serializePaper(expected[i]!));
    }
    expect(readdirSync(spoolDir)).toEqual([]);
    expect(list.scratchDir).toBe(spoolDir);
  });

  it('writes each record in the schema form, whatever the file held (extra fields, a venue list, blank lines, gzip)', async () => {
    const raw = `${JSON.stringify({ ...good, date: '2024-02', venue: ['emnlp', 'findings'] })}\n\n${JSON.stringify({ ...good, id: 'b', title: 'B' })}\n`;
    const file = join(dir, 'mixed.jsonl.gz');
    writeFileSync(file, gzipSync(raw));
    const list = await spoolCorpusFile(file, spoolDir);
    const loaded = await loadCorpusFile(file);
    expect(list.slice().map(serializePaper)).toEqual(loaded.map(serializePaper));
    expect(list.line(0)).not.toContain('date');
    expect(list.at(0).venue).toBe('emnlp, findings');
  });

  it('rejects a bad corpus with the error loadCorpusFile gives (file:line), leaving nothing behind', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(good)}\n{"id": "x"\n${JSON.stringify({ ...good, year: '2019a', id: 'c' })}\n`);
    const expected = await loadCorpusFile(file).catch((err: unknown) => err);
    const actual = await spoolCorpusFile(file, spoolDir).catch((err: unknown) => err);
    expect(actual).toBeInstanceOf(CitebotError);
    expect((actual as CitebotError).message).toBe((expected as CitebotError).message);
    expect((actual as CitebotError).message).toContain(`${file}:2: not valid JSON`);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('reads papers in any order as well as in order (the read-ahead window serves only readers in order)', async () => {
    const list = await spoolCorpusFile(FIXTURE_CORPUS, spoolDir);
    const lines = readFileSync(FIXTURE_CORPUS, 'utf8').trim().split('\n');
    const order = [3, 0, 1, 2, 7, 8, 5, 4, ...Array.from({ length: list.length }, (_, i) => i)].filter((i) => i < list.length);
    const expected = await loadCorpusFile(FIXTURE_CORPUS);
    for (const i of order) expect(list.at(i).id).toBe(expected[i]!.id);
    expect(lines.length).toBeGreaterThanOrEqual(list.length);
  });
});
