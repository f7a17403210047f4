import { copyFileSync, existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../adapters/shared/corpus.js';
import {
  buildLibrary,
  CitebotError,
  corpusVersion,
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
      long: ['short', 'é'.repeat(5 << 20), 'after'], // one string longer than a read

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
    const inHeader = Buffer.from(good);
    inHeader[good.indexOf('"fields"') + 3]! ^= 0x01;
    writeFileSync(file, inHeader);
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'corrupt' });
    writeFileSync(file, 'hello world\n');
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'corrupt' });
    // A file of format 18 or before (no checksum on its first line) is merely old.
    writeFileSync(file, Buffer.concat([Buffer.from(`${'CITEBOT-INDEX 1234'.padEnd(63)}\n`), good.subarray(64)]));
    expect(await loadIndex(file, 'h')).toEqual({ miss: 'stale' });
  });

  it('detects one flipped byte in any field: at load, or for the papers’ text before a damaged paper is read', async () => {
    const file = join(tempDir(), 'papers.idx');
    await saveIndex(file, saved(lib), 'h');
    const good = readFileSync(file);
    const headerBytes = Number(/^CITEBOT-INDEX (\d+)/.exec(good.toString('latin1', 0, 64))![1]);
    const { fields } = JSON.parse(good.toString('utf8', 512, 512 + headerBytes)) as {
      fields: { path: string[]; kind: string; at: number; bytes: number }[];
    };
    expect(fields.length).toBeGreaterThan(10);
    for (const f of fields.filter((f) => f.bytes > 0)) {
      const damaged = Buffer.from(good);
      damaged[f.at + Math.floor(f.bytes / 2)]! ^= 0x04;
      writeFileSync(file, damaged);
      const loaded = await loadIndex(file, 'h');
      if (f.kind !== 'lines') {
        expect(loaded, f.path.join('.')).toEqual({ miss: 'corrupt' });
        continue;
      }
      // The papers' text is checked a block at a time as papers are read: the damaged one is never served...
      if ('miss' in loaded) throw new Error(`not loaded: ${loaded.miss}`);
      let error: unknown;
      try {
        loaded.papers.slice();
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CitebotError);
      expect((error as CitebotError).code).toBe('SNAPSHOT_INVALID');
      expect((error as Error).message).toMatch(/^saved index .*papers\.idx: bytes \d+–\d+ of its papers do not match their checksum/);
      expect((error as Error).message).toMatch(/it is removed, so the next start rebuilds it from the corpus$/);
      expect(() => loaded.papers.at(0)).toThrow(/do not match their checksum/); // ...nor on a second try
      // ...and the file is removed, so the next start rebuilds it instead of loading it again.
      expect(existsSync(file)).toBe(false);
    }
    writeFileSync(file, good);
    const reopened = await loadIndex(file, 'h');
    if ('miss' in reopened) throw new Error(`not loaded: ${reopened.miss}`);
    expect(reopened.papers.slice()).toEqual(papers);
  });

  it('reads a damaged paper block as damaged only: papers in other blocks are served', async () => {
    // Enough papers for several 64 KiB blocks of text.
    const many = Array.from({ length: 30 }, (_, k) => papers.map((p) => ({ ...p, id: `${p.id}-${k}` }))).flat();
    const big = createLibrary(many, { termStats });
    const file = join(tempDir(), 'papers.idx');
    await saveIndex(file, saved(big), 'h');
    const damaged = readFileSync(file);
    const last = many[many.length - 1]!;
    damaged[damaged.lastIndexOf(`"id":"${last.id}"`) + 8]! ^= 0x01;
    writeFileSync(file, damaged);
    const loaded = await loadIndex(file, 'h');
    if ('miss' in loaded) throw new Error(`not loaded: ${loaded.miss}`);
    expect(loaded.papers.at(0)).toEqual(many[0]);
    expect(() => loaded.papers.at(many.length - 1)).toThrow(/do not match their checksum/);
    expect(loaded.papers.at(1)).toEqual(many[1]);
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

describe('the corpus file’s stamp', () => {
  // A clock a minute ahead: the corpus files written here count as settled (see `corpusVersion`).
  const later = () => new Date(Date.now() + 60_000);
  const corpusIn = (dir: string) => {
    const corpus = join(dir, 'papers.jsonl');
    copyFileSync(FIXTURE_CORPUS, corpus);
    utimesSync(corpus, 1_000_000_000, 1_000_000_000); // whole seconds: restorable exactly below
    return corpus;
  };

  it('is trusted for the hash the index recorded, so an unchanged corpus is not read again', async () => {
    const dir = tempDir();
    const corpus = corpusIn(dir);
    const cacheDir = join(dir, 'cache');
    const first = await loadLibrary(corpus, { cacheDir, now: later });
    expect([first.index, first.corpusHashed]).toEqual(['missing', true]);
    const again = await loadLibrary(corpus, { cacheDir, now: later });
    expect([again.index, again.corpusHashed]).toEqual(['saved', false]);
    expect(JSON.stringify(again.library.ask(QUESTIONS[0]!))).toBe(JSON.stringify(first.library.ask(QUESTIONS[0]!)));
  });

  it('a corpus touched but unchanged is hashed once, served from its saved index, and its new stamp recorded', async () => {
    const dir = tempDir();
    const corpus = corpusIn(dir);
    const cacheDir = join(dir, 'cache');
    await loadLibrary(corpus, { cacheDir, now: later });
    utimesSync(corpus, 1_000_000_100, 1_000_000_100);
    const touched = await loadLibrary(corpus, { cacheDir, now: later });
    expect([touched.index, touched.corpusHashed]).toEqual(['saved', true]);
    const after = await loadLibrary(corpus, { cacheDir, now: later });
    expect([after.index, after.corpusHashed]).toEqual(['saved', false]);
  });

  it('a corpus rewritten in place with the same size and its modification time set back is rebuilt (its status-change time moved)', async () => {
    const dir = tempDir();
    const corpus = corpusIn(dir);
    const cacheDir = join(dir, 'cache');
    const first = await loadLibrary(corpus, { cacheDir, now: later });
    const text = readFileSync(corpus, 'utf8');
    const title = first.library.papers.titles.at(0);
    const changed = text.replace(title, [...title].reverse().join(''));
    expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(text));
    const before = statSync(corpus, { bigint: true });
    writeFileSync(corpus, changed);
    utimesSync(corpus, 1_000_000_000, 1_000_000_000);
    const now = statSync(corpus, { bigint: true });
    expect([now.size, now.mtimeNs, now.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    const reloaded = await loadLibrary(corpus, { cacheDir, now: later });
    expect([reloaded.index, reloaded.corpusHashed]).toEqual(['stale', true]);
    expect(reloaded.library.papers.titles.at(0)).toBe([...title].reverse().join(''));
  });

  it('is not recorded for a corpus written just now (a second write in the same timestamp tick would keep the stamp)', async () => {
    const dir = tempDir();
    const corpus = join(dir, 'papers.jsonl');
    copyFileSync(FIXTURE_CORPUS, corpus);
    const cacheDir = join(dir, 'cache');
    const now = () => new Date(Number(statSync(corpus, { bigint: true }).ctimeNs / 1_000_000n) + 1000);
    await loadLibrary(corpus, { cacheDir, now });
    const again = await loadLibrary(corpus, { cacheDir, now });
    expect([again.index, again.corpusHashed]).toEqual(['saved', true]);
    // Once it has settled, the next start records it.
    expect((await loadLibrary(corpus, { cacheDir, now: later })).corpusHashed).toBe(true);
    expect((await loadLibrary(corpus, { cacheDir, now: later })).corpusHashed).toBe(false);
  });

  it('a damaged stamp slot costs one hash, never a wrong answer', async () => {
    const dir = tempDir();
    const corpus = corpusIn(dir);
    const index = join(dir, 'papers.idx');
    const version = await corpusVersion(corpus, index, later());
    expect(version.stamp).toBeDefined();
    await saveIndex(index, saved(lib), version);
    expect(await corpusVersion(corpus, index, later())).toMatchObject({ sha256: version.sha256, hashed: false });
    const bytes = readFileSync(index);
    bytes[bytes.indexOf('"mtimeNs"') + 12]! ^= 0x01;
    writeFileSync(index, bytes);
    expect(await corpusVersion(corpus, index, later())).toMatchObject({ sha256: version.sha256, hashed: true });
    expect('papers' in (await loadIndex(index, version.sha256))).toBe(true);
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
