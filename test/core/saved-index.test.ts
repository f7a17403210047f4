import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../adapters/shared/corpus.js';
import {
  buildLibrary,
  createLibrary,
  hashFile,
  type Library,
  loadIndex,
  openLibrary,
  type Paper,
  saveIndex,
  type TermStats,
} from '../../src/index.js';
import { FIXTURE_CORPUS, fixturePapers, fixtureTermStats } from '../fixtures/corpus.js';

let papers: Paper[];
let termStats: TermStats;
let lib: Library;
const QUESTIONS = ['how does FROST handle rare categories?', 'which papers are about quantization?', 'tiny owel', 'sourdough bread'];
const answers = (l: Library) => QUESTIONS.map((q) => l.ask(q));
const saved = (l: Library) => ({ papers: l.papers, snapshot: l.snapshot() });
const tempDir = () => mkdtempSync(join(tmpdir(), 'citebot-idx-'));

beforeAll(async () => {
  papers = await fixturePapers();
  termStats = await fixtureTermStats();
  lib = createLibrary(papers, { termStats });
});

/** Load a saved index and open it, or say why not. */
async function reopen(file: string, hash: string): Promise<Library | string> {
  const loaded = await loadIndex(file, hash);
  return 'miss' in loaded ? loaded.miss : openLibrary({ ...loaded, termStats });
}

describe('saved index', () => {
  it('opens a library that answers exactly like the one it was saved from, and only for the same corpus content', async () => {
    const file = join(tempDir(), 'papers.idx');
    await saveIndex(file, saved(lib), 'hash-a');
    const reopened = await reopen(file, 'hash-a');
    if (typeof reopened === 'string') throw new Error(`not loaded: ${reopened}`);
    expect(answers(reopened)).toEqual(answers(lib));
    expect(reopened.snapshot()).toEqual(lib.snapshot());
    expect(await loadIndex(file, 'hash-b')).toEqual({ miss: 'stale' });
    expect(await loadIndex(join(file, '..', 'nope.idx'), 'hash-a')).toEqual({ miss: 'missing' });
  });

  it('stores any section a part of the index adds, with every kind of field exactly as it was (lists past one 8 MB read)', async () => {
    const file = join(tempDir(), 'papers.idx');
    const snapshot = lib.snapshot();
    const strings = [
      '',
      'plain',
      'é “quoted” — ü',
      '模型 🙂',
      'two\nlines',
      'lone \ud800 surrogate',
      ...Array.from({ length: 900_000 }, (_, i) => `wé${i}`),
    ];
    const extra = {
      ascii: Array.from({ length: 1_000_000 }, (_, i) => `id-${i}`),
      strings,
      none: [] as string[],
      text: `${'a long text é 🙂\n'.repeat(50_000)}end`,
      empty: '',
      wide: new Float64Array([0, 1.5, 2 ** 40 + 1]),
      bytes: new Uint8Array([1, 2, 255]),
    };
    await saveIndex(file, { papers: lib.papers, snapshot: { ...snapshot, sections: { ...snapshot.sections, extra } } }, 'h');
    const loaded = await loadIndex(file, 'h');
    if ('miss' in loaded) throw new Error(`not loaded: ${loaded.miss}`);
    expect(loaded.snapshot.sections.extra).toEqual(extra);
    expect(loaded.snapshot.sections.postings).toEqual(snapshot.sections.postings);
    expect(loaded.papers.slice()).toEqual(papers);
  });

  it('detects a truncated, corrupted or foreign file instead of serving it', async () => {
    const file = join(tempDir(), 'papers.idx');
    await saveIndex(file, saved(lib), 'h');
    const good = readFileSync(file);
    writeFileSync(file, good.subarray(0, good.length - 100));
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'corrupt' });
    const flipped = Buffer.from(good);
    flipped[flipped.length - 1]! ^= 0xff; // inside the last field (the padding between fields is no data)
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
    const file = join(tempDir(), 'papers.idx');
    await saveIndex(file, saved(lib), 'h');
    const reopened = await reopen(file, 'h');
    if (typeof reopened === 'string') throw new Error(`not loaded: ${reopened}`);
    await saveIndex(file, saved(createLibrary(papers.slice(0, 3), { termStats })), 'h2'); // atomic: rename over it
    expect(reopened.papers.slice()).toEqual(papers);
    expect(answers(reopened)).toEqual(answers(lib));
  });

  it('the bot reuses its saved index while the corpus is unchanged, rebuilds when it changes, and treats a snapshot the index rejects as corrupt', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'papers.jsonl');
    copyFileSync(FIXTURE_CORPUS, corpus);
    const cacheDir = join(dir, 'cache');
    const first = await loadLibrary(corpus, { cacheDir });
    expect(first.index).toBe('missing');
    const again = await loadLibrary(corpus, { cacheDir });
    expect(again.index).toBe('saved');
    expect(JSON.stringify(again.library.ask(QUESTIONS[0]!))).toBe(JSON.stringify(first.library.ask(QUESTIONS[0]!)));
    // A well-formed file whose snapshot the index's own validation rejects (here: of another paper count).
    const { snapshot } = saved(createLibrary(papers.slice(0, 2)));
    await saveIndex(first.indexFile!, { papers: first.library.papers, snapshot }, await hashFile(corpus));
    expect((await loadLibrary(corpus, { cacheDir })).index).toBe('corrupt');
    expect((await loadLibrary(corpus, { cacheDir })).index).toBe('saved'); // rebuilt and re-saved
    writeFileSync(corpus, readFileSync(FIXTURE_CORPUS, 'utf8').split('\n').slice(0, 5).join('\n'));
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
    const many = Array.from({ length: 40 }, (_, k) => papers.map((p) => ({ ...p, id: `${p.id}-${k}` }))).flat();
    const built = await buildLibrary(many, { termStats, sliceMs: 1 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(JSON.stringify(answers(built))).toBe(JSON.stringify(answers(createLibrary(many, { termStats }))));
  });

  it('stops when its signal aborts', async () => {
    const many = Array.from({ length: 40 }, (_, k) => papers.map((p) => ({ ...p, id: `${p.id}-${k}` }))).flat();
    await expect(buildLibrary(many, { sliceMs: 0, signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
  });
});
