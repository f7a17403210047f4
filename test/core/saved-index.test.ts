import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary, createLibrary, loadCorpusFile, loadIndex, loadTermStats, saveIndex, type Library, type Paper, type TermStats } from '../../src/index.js';
import { loadLibrary } from '../../adapters/shared/corpus.js';

const CORPUS = new URL('../../data/papers.jsonl', import.meta.url).pathname;
let papers: Paper[];
let termStats: TermStats;
let lib: Library;
const QUESTIONS = ['how do I quantize the KV cache to 2 bits?', 'which papers are about machine translation?', 'llama gaurd', 'sourdough bread'];
const answers = (l: Library) => QUESTIONS.map((q) => l.ask(q));

beforeAll(async () => {
  papers = await loadCorpusFile(CORPUS);
  termStats = await loadTermStats(new URL('../../data/term-stats.tsv.gz', import.meta.url).pathname);
  lib = createLibrary(papers, { termStats });
});

describe('saved index', () => {
  it('answers exactly like the library it was saved from, and only for the same corpus content', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citebot-idx-')), 'papers.idx');
    await saveIndex(file, lib, 'hash-a');
    const loaded = await loadIndex(file, 'hash-a', { termStats });
    expect('library' in loaded).toBe(true);
    if ('library' in loaded) expect(answers(loaded.library)).toEqual(answers(lib));
    expect(await loadIndex(file, 'hash-b', { termStats })).toEqual({ miss: 'stale' });
    expect(await loadIndex(join(file, '..', 'nope.idx'), 'hash-a')).toEqual({ miss: 'missing' });
  });

  it('detects a truncated, corrupted or foreign file instead of serving it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-idx-'));
    const file = join(dir, 'papers.idx');
    await saveIndex(file, lib, 'h');
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length - 100));
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'corrupt' });
    const flipped = Buffer.from(good);
    flipped[flipped.length - 50]! ^= 0xff;
    writeFileSync(file, flipped);
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'corrupt' });
    // A paper's text, which is checked at load though it is read later, a paper at a time.
    const inPapers = Buffer.from(good);
    inPapers[good.indexOf('"abstract"', 512) + 20]! ^= 0x01;
    writeFileSync(file, inPapers);
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'corrupt' });
    writeFileSync(file, 'hello world\n');
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'corrupt' });
  });

  it('keeps reading its papers from the file it loaded after a new index replaces that file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'citebot-idx-')), 'papers.idx');
    await saveIndex(file, lib, 'h');
    const loaded = await loadIndex(file, 'h', { termStats });
    if (!('library' in loaded)) throw new Error(`not loaded: ${loaded.miss}`);
    await saveIndex(file, createLibrary(papers.slice(0, 3), { termStats }), 'h2'); // atomic: rename over it
    expect(loaded.library.papers.slice()).toEqual(papers);
    expect(answers(loaded.library)).toEqual(answers(lib));
  });

  it('the bot reuses its saved index while the corpus is unchanged and rebuilds when it changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-idx-'));
    const corpus = join(dir, 'papers.jsonl');
    copyFileSync(CORPUS, corpus);
    const cacheDir = join(dir, 'cache');
    expect((await loadLibrary(corpus, { cacheDir })).index).toBe('missing');
    const again = await loadLibrary(corpus, { cacheDir });
    expect(again.index).toBe('saved');
    expect(answers(again.library)).toEqual(answers(lib));
    writeFileSync(corpus, readFileSync(CORPUS, 'utf8').split('\n').slice(0, 5).join('\n'));
    const changed = await loadLibrary(corpus, { cacheDir });
    expect(changed.index).toBe('stale');
    expect(changed.library.size).toBe(5);
    expect((await loadLibrary(corpus, { cacheDir })).index).toBe('saved');
  });
});

describe('buildLibrary', () => {
  it('builds in slices, yielding to the event loop, with the same answers as createLibrary', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const many = Array.from({ length: 12 }, (_, k) => papers.map((p) => ({ ...p, id: `${p.id}-${k}` }))).flat();
    const built = await buildLibrary(many, { termStats }, { sliceMs: 1 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(answers(built).map((r) => r.ok && r.answer.results.map((x) => x.citation.title))).toEqual(
      answers(createLibrary(many, { termStats })).map((r) => r.ok && r.answer.results.map((x) => x.citation.title)),
    );
  });
});
