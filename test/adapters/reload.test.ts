import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultTermStats, loadLibrary } from '../../adapters/shared/corpus.js';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import { type CorpusWatcher, watchCorpus } from '../../adapters/shared/reload.js';
import { CitebotError, createLibrary, type Library, loadCorpusFile, writeFileAtomic } from '../../src/index.js';
import { FIXTURE_CORPUS } from '../fixtures/corpus.js';

const FIXTURE_LINES = readFileSync(FIXTURE_CORPUS, 'utf8').trim().split('\n');
/** The paper each test adds to the corpus. */
const FROST = FIXTURE_LINES.find((l) => l.includes('"2501.00001"'))!;
const corpus = (lines: string[]) => `${lines.join('\n')}\n`;
const build = async (file: string): Promise<Library> => createLibrary(await loadCorpusFile(file));

let watchers: CorpusWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.map((w) => w.stop()));
  watchers = [];
});

/**
 * A corpus of the first fixture papers (without FROST), its holder, a watcher and the captured log lines.
 * Builds on this thread with `build` unless given another loader, or `'default'` for the watcher's own (a worker).
 */
async function setup(options: { load?: ((file: string) => Promise<Library>) | 'default'; debounceMs?: number; settleMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-reload-'));
  const file = join(dir, 'papers.jsonl');
  const initial = FIXTURE_LINES.filter((l) => l !== FROST).slice(0, 3);
  writeFileSync(file, corpus(initial));
  const holder = new LibraryHolder(await build(file));
  const logs: string[] = [];
  const log = createLogger({ write: (l) => logs.push(l) });
  const load = options.load === 'default' ? {} : { load: options.load ?? build };
  const watcher = watchCorpus({ file, holder, log, debounceMs: options.debounceMs ?? 30, settleMs: options.settleMs ?? 60, ...load });
  watchers.push(watcher);
  return { dir, file, initial, holder, logs, watcher };
}

/** Resolves with the next library swapped into the holder. */
const nextSwap = (holder: LibraryHolder) =>
  new Promise<Library>((resolve) => {
    const off = holder.onSwap((lib) => {
      off();
      resolve(lib);
    });
  });

describe('corpus reload', () => {
  it('swaps in a library with the new paper when the file is replaced (atomic rename), without a restart', async () => {
    const { file, initial, holder } = await setup();
    const old = holder.current;
    expect(old.get('2501.00001')).toBeUndefined();
    const swapped = nextSwap(holder);
    await writeFileAtomic(file, corpus([...initial, FROST]));
    const lib = await swapped;
    expect(holder.current).toBe(lib);
    expect(lib.size).toBe(4);
    const answer = holder.current.ask('How does FROST handle rare categories?');
    expect(answer.ok && answer.answer.results[0]?.citation.id).toBe('2501.00001');
  });

  it('also sees a file rewritten in place', async () => {
    const { file, initial, holder } = await setup();
    const swapped = nextSwap(holder);
    writeFileSync(file, corpus([...initial, FROST]));
    expect((await swapped).size).toBe(4);
  });

  it('a broken file keeps the old library serving and logs why, with file and line', async () => {
    const { file, initial, holder, logs } = await setup();
    const old = holder.current;
    writeFileSync(file, corpus([initial[0]!, '{"id": "2501.00001", "title": "FROST"', initial[1]!]));
    await vi.waitFor(() => expect(logs.some((l) => l.includes('corpus reload failed'))).toBe(true), { timeout: 10_000, interval: 20 });
    const line = logs.find((l) => l.includes('corpus reload failed'))!;
    expect(line).toContain('still serving the previous 3 papers');
    expect(line).toContain(`${file}:2: not valid JSON`);
    expect(holder.current).toBe(old);
    expect(holder.current.ask('night-time bird counting').ok).toBe(true);

    // Fixing the file brings the new corpus in.
    const swapped = nextSwap(holder);
    await writeFileAtomic(file, corpus([...initial, FROST]));
    expect((await swapped).size).toBe(4);
  });

  it('an empty corpus is refused like a broken one', async () => {
    const { file, holder, watcher } = await setup({ debounceMs: 60_000 }); // only the explicit reload below
    const old = holder.current;
    writeFileSync(file, '');
    expect(await watcher.reload()).toEqual({ status: 'failed', reason: `${file}: the corpus has no papers` });
    expect(holder.current).toBe(old);
  });

  it('debounces a burst of writes into one rebuild', async () => {
    const loads: string[] = [];
    const { file, initial, holder } = await setup({
      debounceMs: 200,
      load: async (f) => {
        loads.push(f);
        return build(f);
      },
    });
    const swapped = nextSwap(holder);
    for (let i = 1; i <= 3; i++) writeFileSync(file, corpus([...initial.slice(0, i), FROST]));
    expect((await swapped).size).toBe(4); // the last write's corpus
    expect(loads).toHaveLength(1);
  });

  it('does not rebuild a file that has not changed', async () => {
    const loads: string[] = [];
    const { watcher } = await setup({
      load: async (f) => {
        loads.push(f);
        return build(f);
      },
    });
    await new Promise((r) => setImmediate(r));
    expect(await watcher.reload()).toEqual({ status: 'unchanged' });
    expect(loads).toEqual([]);
  });

  it('stop() waits for a rebuild in progress, which then does not swap', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { file, initial, holder, watcher } = await setup({
      load: async (f) => {
        await gate;
        return build(f);
      },
    });
    const old = holder.current;
    writeFileSync(file, corpus([...initial, FROST]));
    const reloading = watcher.reload();
    const stopping = watcher.stop();
    release();
    await stopping;
    expect(await reloading).toEqual({ status: 'unchanged' });
    expect(holder.current).toBe(old);
  });

  it('by default builds in a worker thread, and the library it assembles answers like one built here', async () => {
    const { file, initial, holder, logs } = await setup({ load: 'default' });
    const swapped = nextSwap(holder);
    await writeFileAtomic(file, corpus([...initial, FROST]));
    const lib = await swapped;
    expect(logs.some((l) => /"level":"info".*"msg":"corpus reloaded: 4 papers \(was 3; file written by rename\)"/.test(l))).toBe(true);
    expect(logs.filter((l) => l.includes('worker'))).toEqual([]);
    const here = createLibrary(await loadCorpusFile(file), { termStats: await defaultTermStats() });
    for (const q of [
      'How does FROST handle rare categories?',
      'quantizing speech recognizers',
      'how cheap is judging a proof?',
      'grpah networks',
    ]) {
      expect(JSON.stringify(lib.ask(q))).toBe(JSON.stringify(here.ask(q)));
    }
    // Everything the index holds made it across the thread boundary (vocabulary, names, title terms too).
    expect(lib.snapshot()).toEqual(here.snapshot());
  });

  it('a corpus error found in the worker is logged with file and line, and the old library kept', async () => {
    const { file, initial, holder, logs, watcher } = await setup({ load: 'default', debounceMs: 60_000 });
    const old = holder.current;
    writeFileSync(file, corpus([initial[0]!, initial[1]!.replace('"year":', '"year":"x",'), initial[2]!]));
    const outcome = await watcher.reload();
    expect(outcome).toMatchObject({ status: 'failed', reason: expect.stringContaining(`${file}:2: `) });
    expect(holder.current).toBe(old);
    expect(logs.find((l) => l.includes('corpus reload failed'))).toContain(`${file}:2:`);
  });

  // Issue 18, failure 6: a slow in-place rewrite was swapped in half-written (16, then 24, then 33 papers): cut
  // at a line boundary, each part parses as a smaller valid corpus once the 500 ms debounce has passed.
  it('takes a file rewritten in place only once it has stopped changing, never a half-written one', async () => {
    const { file, holder, logs } = await setup({ debounceMs: 100, settleMs: 700 });
    const sizes: number[] = [];
    holder.onSwap((lib) => sizes.push(lib.size));
    const all = FIXTURE_LINES.filter((l) => l !== FROST);
    const swapped = nextSwap(holder);
    // The same file (same inode) written in three parts, 400 ms apart: longer than the debounce.
    const fh = await open(file, 'r+');
    await fh.truncate(0);
    let at = 0;
    for (const part of [all.slice(0, 4), all.slice(4, 7), all.slice(7)]) {
      const text = Buffer.from(corpus(part));
      await fh.write(text, 0, text.length, at);
      at += text.length;
      await new Promise((r) => setTimeout(r, 400));
    }
    await fh.close();
    await swapped;
    await new Promise((r) => setTimeout(r, 300));
    expect(sizes).toEqual([all.length]);
    expect(logs.some((l) => l.includes(`corpus reloaded: ${all.length} papers (was 3; file written in place)`))).toBe(true);
  });

  it('takes a file replaced by rename at once, without waiting for it to settle', async () => {
    const { file, initial, holder } = await setup({ settleMs: 60_000 });
    const swapped = nextSwap(holder);
    await writeFileAtomic(file, corpus([...initial, FROST]));
    expect((await swapped).size).toBe(4);
  });

  it('a saved index found damaged while serving is rebuilt from the corpus, and answers come back without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'citebot-heal-'));
    const file = join(dir, 'papers.jsonl');
    writeFileSync(file, corpus(FIXTURE_LINES));
    const logs: string[] = [];
    const log = createLogger({ write: (l) => logs.push(l) });
    let watcher: CorpusWatcher | undefined;
    const loaded = await loadLibrary(file, { cacheDir: join(dir, 'cache'), onDamaged: (err) => void watcher?.heal(err) });
    expect(loaded.index).toBe('missing'); // built and saved, then opened from the file
    const holder = new LibraryHolder(loaded.library);
    watcher = watchCorpus({ file, holder, log, cacheDir: join(dir, 'cache'), debounceMs: 60_000 });
    watchers.push(watcher);
    const question = 'How does FROST handle rare categories?';
    // The bytes of the saved file change under the running bot (a disk fault): the papers' text no longer matches.
    const bytes = readFileSync(loaded.indexFile!);
    bytes[bytes.lastIndexOf('"id":"2501.00001"') + 8]! ^= 0x01;
    writeFileSync(loaded.indexFile!, bytes);
    const swapped = nextSwap(holder);
    let failed: unknown;
    try {
      holder.current.ask(question);
    } catch (err) {
      failed = err;
    }
    expect(failed).toBeInstanceOf(CitebotError);
    expect((failed as CitebotError).code).toBe('SNAPSHOT_INVALID');
    const healed = await swapped;
    const answer = healed.ask(question);
    expect(answer.ok && answer.answer.results[0]?.citation.id).toBe('2501.00001');
    expect(existsSync(loaded.indexFile!)).toBe(true); // saved again, so the next start opens it
    const reported = logs.filter((l) => l.includes('rebuilding it from the corpus now'));
    expect(reported).toHaveLength(1);
    expect(reported[0]).toContain('do not match their checksum');
    expect(logs.some((l) => l.includes(`corpus reloaded: ${FIXTURE_LINES.length} papers`))).toBe(true);
  });
});
