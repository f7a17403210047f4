import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexFileFor, loadLibrary } from '../../adapters/shared/corpus.js';
import { buildHeapLimits, buildIndexFile } from '../../adapters/shared/index-build.js';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import { watchCorpus } from '../../adapters/shared/reload.js';
import { CitebotError, createLibrary, hashFile, loadCorpusFile, saveIndex, writeFileAtomic } from '../../src/index.js';
import { FIXTURE_CORPUS } from '../fixtures/corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'citebot-index-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('building the saved index in a worker with bounded memory', () => {
  it('writes exactly the saved index a build from the papers as objects writes, and nothing else', async () => {
    const hash = await hashFile(FIXTURE_CORPUS);
    const built = join(dir, 'worker', 'papers.idx');
    const result = await buildIndexFile(FIXTURE_CORPUS, built, hash);
    const reference = join(dir, 'reference.idx');
    const library = createLibrary(await loadCorpusFile(FIXTURE_CORPUS));
    await saveIndex(reference, { papers: library.papers, snapshot: library.snapshot() }, hash);
    expect(result.papers).toBe(library.size);
    expect(readFileSync(built).equals(readFileSync(reference))).toBe(true);
    // No spool or spilled postings left beside it.
    expect(readdirSync(join(dir, 'worker'))).toEqual(['papers.idx']);
  });

  it('is how loadLibrary builds a missing index: the library opened from it answers as one built here', async () => {
    const cacheDir = join(dir, 'cache');
    const loaded = await loadLibrary(FIXTURE_CORPUS, { cacheDir });
    expect(loaded.index).toBe('missing');
    expect(readdirSync(cacheDir)).toEqual([indexFileFor(FIXTURE_CORPUS, cacheDir).split('/').pop()]);
    const here = createLibrary(await loadCorpusFile(FIXTURE_CORPUS), {});
    for (const q of ['How does FROST handle rare categories?', 'key cache quantization', 'which papers are about retrieval?']) {
      const a = loaded.library.ask(q);
      const b = here.ask(q);
      expect(a.ok && a.answer.results.map((r) => r.citation.id)).toEqual(b.ok && b.answer.results.map((r) => r.citation.id));
    }
    expect((await loadLibrary(FIXTURE_CORPUS, { cacheDir })).index).toBe('saved');
  });

  it('a corpus problem found in the worker is the corpus error, with file and line, and no index is written', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, `${readFileSync(FIXTURE_CORPUS, 'utf8').split('\n')[0]}\n{"id": "2501.00001", "title": "FROST"\n`);
    const out = join(dir, 'bad', 'papers.idx');
    const err = await buildIndexFile(file, out, await hashFile(file)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CitebotError);
    expect((err as CitebotError).code).toBe('CORPUS_INVALID');
    expect((err as CitebotError).message).toContain(`${file}:2: not valid JSON`);
    expect(readdirSync(join(dir, 'bad'))).toEqual([]);
    await expect(loadLibrary(file, { cacheDir: join(dir, 'bad-cache') })).rejects.toThrow(`${file}:2: not valid JSON`);
  });

  it('a corpus reload with a saved-index folder builds there too: the new paper is served and saved for the next start', async () => {
    const cacheDir = join(dir, 'reload-cache');
    const lines = readFileSync(FIXTURE_CORPUS, 'utf8').trim().split('\n');
    const frost = lines.find((l) => l.includes('"2501.00001"'))!;
    const file = join(dir, 'reload.jsonl');
    writeFileSync(
      file,
      `${lines
        .filter((l) => l !== frost)
        .slice(0, 3)
        .join('\n')}\n`,
    );
    const holder = new LibraryHolder((await loadLibrary(file, { cacheDir })).library);
    const watcher = watchCorpus({ file, holder, log: createLogger({ write: () => {} }), debounceMs: 30, cacheDir });
    try {
      const swapped = new Promise<number>((resolve) => holder.onSwap((lib) => resolve(lib.size)));
      await writeFileAtomic(file, `${[...lines.filter((l) => l !== frost).slice(0, 3), frost].join('\n')}\n`);
      expect(await swapped).toBe(4);
      expect(holder.current.get('2501.00001')?.id).toBe('2501.00001');
      expect((await loadLibrary(file, { cacheDir })).index).toBe('saved');
    } finally {
      await watcher.stop();
    }
  });

  it('caps the heap at 256 MB for a small corpus and in proportion past 256 MB of corpus', () => {
    expect(buildHeapLimits(1000)).toEqual({ maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 256 });
    expect(buildHeapLimits(212 << 20).maxOldGenerationSizeMb).toBe(256);
    expect(buildHeapLimits(3640 * 1048576)).toEqual({ maxYoungGenerationSizeMb: 64, maxOldGenerationSizeMb: 7024 });
  });
});
