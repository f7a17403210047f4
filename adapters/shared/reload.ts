import { type FSWatcher, statSync, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CitebotError, type CitebotErrorCode, hashFile, type Library, openLibrary, unpackLibrary } from '../../src/index.js';
import { defaultTermStats, emptyCorpusWarning, loadLibrary } from './corpus.js';
import type { LibraryHolder } from './library-holder.js';
import type { Logger } from './log.js';
import type { BuildMessage, BuildRequest } from './reload-worker.js';

/** Options for `watchCorpus`. */
export interface CorpusWatchOptions {
  /** The corpus file to watch (.jsonl or .jsonl.gz). */
  file: string;
  holder: LibraryHolder;
  log: Logger;
  /** Quiet time after the last change before rebuilding, in ms. Default 500. */
  debounceMs?: number;
  /**
   * A file rewritten in place (same inode) is taken only once its size and modification time have stayed the
   * same for this long, in ms: cut at a line boundary, a half-written file parses as a smaller valid corpus.
   * A file replaced by rename (how `npm run ingest` writes) is complete when it appears and is taken at once.
   * Default `IN_PLACE_SETTLE_MS` (2 s).
   */
  settleMs?: number;
  /**
   * Folder of saved indexes. When given, a reload builds as a start-up does (`loadLibrary`: the new index built
   * and saved in a worker with bounded memory, then opened from the file), so the next start finds it current.
   */
  cacheDir?: string;
  /**
   * Load and build a library from the file. Default: with `cacheDir`, `loadLibrary`; otherwise parse, validate
   * and index in a worker thread, then open the library from the worker's index snapshot (see `buildInWorker`);
   * on the main thread with `loadLibrary` if a worker cannot start.
   */
  load?: (file: string) => Promise<Library>;
}

/** How long a file rewritten in place must stay unchanged before it is read (see `CorpusWatchOptions.settleMs`). */
export const IN_PLACE_SETTLE_MS = 2000;

/** What one reload did. */
export type ReloadOutcome =
  | { status: 'swapped'; papers: number; ms: number; written: 'by rename' | 'in place' }
  | { status: 'unchanged' }
  | { status: 'waiting'; reason: string }
  | { status: 'failed'; reason: string };

/** A running corpus watcher. */
export interface CorpusWatcher {
  /** Rebuild now (what a file change triggers after the debounce). Concurrent calls share one rebuild. */
  reload(): Promise<ReloadOutcome>;
  /**
   * The library being served found its saved index damaged (`err`: what the failed request got; the file is
   * removed already): log it and rebuild from the corpus, unchanged though it is, so answers come back without a
   * restart. Reports of the same damage while that rebuild runs are not logged again.
   */
  heal(err: CitebotError): Promise<ReloadOutcome>;
  /** Stop watching; waits for a rebuild in progress, which then does not swap. */
  stop(): Promise<void>;
}

/**
 * Watch a corpus file and swap a freshly built library into the holder when it changes, without a restart.
 * The file's directory is watched, so a file replaced by rename (an atomic write, as `npm run ingest` does) is
 * seen. Changes are debounced; a rebuild runs in the background while the old library keeps serving, and the
 * swap is a single assignment. A broken or empty file keeps the old library and logs why, with the file and
 * line of the first problems. A change during a rebuild triggers one more rebuild after it.
 */
export function watchCorpus(options: CorpusWatchOptions): CorpusWatcher {
  const file = resolve(options.file);
  const name = basename(file);
  const debounceMs = options.debounceMs ?? 500;
  const settleMs = options.settleMs ?? IN_PLACE_SETTLE_MS;
  const { holder, log } = options;
  const workers = new Set<Worker>();
  let workerBroken = false;
  const { cacheDir } = options;
  const load =
    options.load ??
    (cacheDir !== undefined
      ? async (f: string) => (await loadLibrary(f, { cacheDir, onDamaged: (err) => void heal(err) })).library
      : undefined) ??
    (async (f: string): Promise<Library> => {
      if (!workerBroken) {
        try {
          return await buildInWorker(f, { onStart: (w) => workers.add(w), onEnd: (w) => workers.delete(w) });
        } catch (err) {
          if (!(err instanceof WorkerFailure) || stopped) throw err;
          workerBroken = true;
          log.warn('cannot build the corpus in a worker thread; reloads will build on the main thread', { err: err.cause });
        }
      }
      return (await loadLibrary(f)).library;
    });

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<ReloadOutcome> | undefined;
  let again = false;
  /** Rebuild even though the file's stamp is what was loaded (the saved index, not the corpus, went bad). */
  let force = false;
  // Synchronously, so a change right after start-up is not taken for the state already loaded.
  let lastStamp = stampSync(file);

  const rebuild = async (): Promise<ReloadOutcome> => {
    const t0 = performance.now();
    const current = await stamp(file);
    if (current === undefined) {
      log.warn(`corpus file is gone; still serving the previous ${holder.current.size} papers`, { file });
      return { status: 'failed', reason: 'file missing' };
    }
    const forced = force;
    force = false;
    if (!forced && sameStamp(current, lastStamp)) return { status: 'unchanged' };
    const written = lastStamp !== undefined && current.ino === lastStamp.ino ? 'in place' : 'by rename';
    if (written === 'in place') {
      // Another program may still be writing it: wait until it has stopped changing.
      await new Promise((r) => setTimeout(r, settleMs));
      if (stopped) return { status: 'unchanged' };
      const later = await stamp(file);
      if (!sameStamp(later, current)) {
        schedule();
        return { status: 'waiting', reason: 'the file is still being written' };
      }
    }
    let next: Library;
    try {
      next = await load(file);
      if (next.size === 0) throw new CitebotError('CORPUS_INVALID', `${file}: the corpus has no papers`);
      // Warm it (title index, typo vocabulary) in slices now, so no request after the swap builds them inline.
      await next.prepare();
    } catch (err) {
      if (stopped) return { status: 'unchanged' };
      const reason = err instanceof CitebotError ? err.message : `${file}: ${(err as Error).message}`;
      if (forced) healing = false; // the same damage, reported again, may try once more
      lastStamp = current; // do not retry the same broken file until it changes again
      log.error(`corpus reload failed, still serving the previous ${holder.current.size} papers: ${firstLines(reason)}`, {
        file,
        ...(err instanceof CitebotError && err.problems.length > 0 ? { problems: err.problems.length } : {}),
      });
      return { status: 'failed', reason };
    }
    if (stopped) return { status: 'unchanged' };
    if (!sameStamp(await stamp(file), current)) {
      // It changed while it was read: what was built may be a mix; build again from the new content.
      again = true;
      return { status: 'waiting', reason: 'the file changed while it was read' };
    }
    const before = holder.current.size;
    healing = false;
    holder.swap(next);
    lastStamp = current;
    const ms = Math.round(performance.now() - t0);
    log.info(`corpus reloaded: ${next.size} papers (was ${before}; file written ${written})`, { file, ms });
    if (next.size === 0) log.warn(emptyCorpusWarning(file));
    return { status: 'swapped', papers: next.size, ms, written };
  };

  const reload = (): Promise<ReloadOutcome> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let outcome: ReloadOutcome | undefined;
      do {
        again = false;
        const o = await rebuild();
        // A follow-up rebuild that found nothing new does not hide what the first one did.
        if (o.status !== 'unchanged' || !outcome) outcome = o;
      } while (again && !stopped);
      return outcome;
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  let healing = false;
  const heal = (err: CitebotError): Promise<ReloadOutcome> => {
    if (stopped) return Promise.resolve({ status: 'unchanged' });
    if (!healing) {
      healing = true;
      log.error(`${firstLines(err.message)}; rebuilding it from the corpus now, while the papers it can still read are served`, {
        file,
      });
    }
    force = true;
    return reload();
  };

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  };

  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(file), { persistent: false }, (_event, changed) => {
      // Some platforms give no file name: then any change in the directory counts.
      if (!changed || changed.toString() === name) schedule();
    });
    watcher.on('error', (err) => log.warn('corpus watcher stopped', { file, err }));
  } catch (err) {
    log.warn('cannot watch the corpus file; changes need a restart', { file, err });
  }

  return {
    reload,
    heal,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      watcher?.close();
      await Promise.all([...workers].map((w) => w.terminate()));
      await running;
    },
  };
}

/**
 * What a replica does when the database announces a corpus version (`store/corpus-version.ts`): reload through the
 * watcher (a no-op when the file is what it already serves), then check that its own file is the announced version.
 * It is not when replicas read different files (another machine's copy, a wrong `CITEBOT_CORPUS`): that is logged.
 */
export function reloadOnAnnouncedVersion(file: string, watcher: CorpusWatcher, log: Logger) {
  return async (hash: string, cause: 'notify' | 'connected'): Promise<void> => {
    if (cause === 'notify') log.info('corpus change announced', { version: hash.slice(0, 12) });
    const outcome = await watcher.reload();
    if (outcome.status === 'swapped') log.info('corpus reloaded on an announced change', { cause, version: hash.slice(0, 12) });
    if (cause !== 'notify') return;
    const local = await hashFile(file).catch(() => undefined);
    if (local !== hash)
      log.warn(
        `another process announced corpus version ${hash.slice(0, 12)}, but ${file} here is ${local ? `version ${local.slice(0, 12)}` : 'unreadable'}: every replica must read the same corpus file (README "Running several replicas")`,
      );
  };
}

/** Identity of a file's current content: inode, size and modification time. */
interface Stamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

const sameStamp = (a: Stamp | undefined, b: Stamp | undefined) =>
  a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;

async function stamp(file: string): Promise<Stamp | undefined> {
  try {
    const { ino, size, mtimeMs } = await stat(file);
    return { ino, size, mtimeMs };
  } catch {
    return undefined;
  }
}

function stampSync(file: string): Stamp | undefined {
  try {
    const { ino, size, mtimeMs } = statSync(file);
    return { ino, size, mtimeMs };
  } catch {
    return undefined;
  }
}

function firstLines(message: string, max = 4): string {
  const lines = message.split('\n');
  return lines.length <= max ? lines.join(' | ') : `${lines.slice(0, max).join(' | ')} | ...`;
}

/** The worker could not run (as opposed to a corpus problem it reported). */
class WorkerFailure extends Error {
  override name = 'WorkerFailure';
}

/**
 * Build a library with the expensive part in a worker thread: it reads, validates and indexes the corpus and
 * sends the papers and the index snapshot as transferred buffers; this thread only opens the library from them,
 * with the bundled term statistics. A corpus problem rejects with the worker's `CitebotError`; a worker that
 * cannot run rejects with `WorkerFailure`.
 */
export function buildInWorker(file: string, hooks: { onStart?: (w: Worker) => void; onEnd?: (w: Worker) => void } = {}): Promise<Library> {
  return new Promise<Library>((resolvePromise, reject) => {
    let worker: Worker;
    try {
      worker = startWorker({ file });
    } catch (err) {
      reject(new WorkerFailure('worker did not start', { cause: err }));
      return;
    }
    hooks.onStart?.(worker);
    let settled = false;
    let finished = false; // the worker said all it had to say: its exit is expected
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      hooks.onEnd?.(worker);
      fn();
    };
    worker.on('message', (m: BuildMessage) => {
      if (m.type === 'error') {
        finished = true;
        settle(() => reject(new CitebotError((m.code ?? 'CORPUS_UNREADABLE') as CitebotErrorCode, m.message, m.problems)));
      } else {
        finished = true;
        // The strings are decoded a piece per event-loop turn; the library is then opened from the snapshot at
        // once (no analysis), so a 100k-paper swap never stalls the event loop for long.
        unpackLibrary(m.library)
          .then(async (unpacked) => openLibrary({ ...unpacked, termStats: await defaultTermStats() }))
          .then(
            (library) => settle(() => resolvePromise(library)),
            (err: unknown) => settle(() => reject(err)),
          );
      }
    });
    worker.on('error', (err) => settle(() => reject(new WorkerFailure('worker failed', { cause: err }))));
    worker.on('exit', (code) => {
      if (!finished) settle(() => reject(new WorkerFailure(`worker exited with code ${code} before finishing`)));
    });
  });
}

const require = createRequire(import.meta.url);

// citebot runs from source (tsx), so the worker is TypeScript: the eval'd bootstrap registers tsx's loader in the
// worker first (workers do not inherit the parent's loader hooks).
function startWorker(request: BuildRequest): Worker {
  const entry = new URL('./reload-worker.ts', import.meta.url);
  // tsx's documented export map: tsx/esm/api is index.mjs for import, index.cjs for require.
  const api = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request });
}
