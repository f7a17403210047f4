import { createHash } from 'node:crypto';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildLibrary,
  CitebotError,
  type CorpusVersion,
  corpusVersion,
  type Library,
  loadCorpusFile,
  loadIndex,
  loadTermStats,
  openLibrary,
  type SavedIndexMiss,
  saveIndex,
  type TermStats,
} from '../../src/index.js';
import { buildIndexFile } from './index-build.js';

/** The bundled corpus, resolved from this file so any working directory works. */
export const DEFAULT_CORPUS = fileURLToPath(new URL('../../data/papers.jsonl', import.meta.url));

/** Background term statistics shipped with the bot (see data/README.md). */
export const DEFAULT_TERM_STATS = fileURLToPath(new URL('../../data/term-stats.tsv.gz', import.meta.url));

/** Where saved indexes live (one per corpus file path), unless `loadLibrary` is given another `cacheDir`. */
export const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../.cache/index', import.meta.url));

let termStats: Promise<TermStats> | undefined;
/** The bundled term statistics, loaded once per process. */
export function defaultTermStats(): Promise<TermStats> {
  termStats ??= loadTermStats(DEFAULT_TERM_STATS);
  return termStats;
}

/** A built library and how it was obtained. */
export interface LoadedLibrary {
  library: Library;
  file: string;
  /** Milliseconds to read and validate the file (or the saved index), and to build the index (0 when loaded). */
  loadMs: number;
  indexMs: number;
  /** `saved` when a saved index was reused; otherwise why not (`missing`, `stale`, `corrupt`, `off`). */
  index: 'saved' | SavedIndexMiss | 'off';
  /**
   * Whether the corpus file was read to hash it: false when its stamp (size, times, inode, device) was the one
   * its saved index recorded, so its content was known without reading it (see data/README.md).
   */
  corpusHashed: boolean;
  /** Where the saved index is (or would be). */
  indexFile: string | undefined;
}

/** Options for `loadLibrary`. */
export interface LoadOptions {
  /**
   * Folder for saved indexes: reused while the corpus file's content is unchanged, rebuilt (and re-saved)
   * when it changes or the saved file is damaged. `false` never reads or writes one. Default `DEFAULT_CACHE_DIR`.
   */
  cacheDir?: string | false;
  /**
   * Told once when the saved index's papers turn out damaged while serving (their requests fail; the file is
   * removed): a running bot rebuilds then (`CorpusWatcher.heal`) instead of failing until a restart.
   */
  onDamaged?: (err: CitebotError) => void;
  /** Told when a saved index could not be written (the library is still returned). */
  onSaveError?: (err: Error) => void;
  /** The clock, for telling a corpus file written just now (whose stamp cannot vouch for it yet). Default the system's. */
  now?: () => Date;
}

/** The saved-index path for a corpus file. */
export function indexFileFor(file: string, cacheDir: string): string {
  const key = createHash('sha1').update(resolve(file)).digest('hex').slice(0, 12);
  return join(cacheDir, `${basename(file)}.${key}.idx`);
}

/**
 * Load a corpus file's library: from its saved index when that was built from exactly this file content,
 * else by validating the file and indexing it without blocking the event loop (then saving the index).
 * Throws `CitebotError` for an unreadable or invalid corpus.
 */
export async function loadLibrary(file: string = DEFAULT_CORPUS, options: LoadOptions = {}): Promise<LoadedLibrary> {
  const cacheDir = options.cacheDir === undefined ? DEFAULT_CACHE_DIR : options.cacheDir;
  const t0 = performance.now();
  const stats = await defaultTermStats();
  let version: CorpusVersion | undefined;
  let indexFile: string | undefined;
  let miss: SavedIndexMiss | 'off' = 'off';
  if (cacheDir !== false) {
    indexFile = indexFileFor(file, cacheDir);
    try {
      version = await corpusVersion(file, indexFile, (options.now ?? (() => new Date()))());
    } catch (err) {
      throw new CitebotError(
        'CORPUS_UNREADABLE',
        `${file}: cannot read the corpus file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
    const saved = await loadIndex(indexFile, version.sha256, { onDamaged: options.onDamaged });
    if ('miss' in saved) miss = saved.miss;
    else {
      try {
        const library = openLibrary({ ...saved, termStats: stats });
        const loadMs = performance.now() - t0;
        return { library, file, loadMs, indexMs: 0, index: 'saved', corpusHashed: version.hashed, indexFile };
      } catch (err) {
        // A snapshot the index rejects (its own validation) is as good as a corrupt file: rebuild and re-save.
        if (!(err instanceof CitebotError && err.code === 'SNAPSHOT_INVALID')) throw err;
        miss = 'corrupt';
      }
    }
  }
  if (indexFile && version) {
    // Built and saved in a worker with bounded memory, then opened from the file (index-build.ts); the build
    // below on this thread is the fallback when no worker can do it or the index cannot be written. The corpus
    // version goes with it, so the saved index records the file's stamp and the next start does not hash it.
    const built = await buildIndexFile(file, indexFile, version).catch((err: unknown) => {
      if (err instanceof CitebotError) throw err;
      return undefined;
    });
    const saved = built && (await loadIndex(indexFile, version.sha256, { onDamaged: options.onDamaged }));
    if (built && saved && !('miss' in saved))
      return {
        library: openLibrary({ ...saved, termStats: stats }),
        file,
        loadMs: built.loadMs,
        indexMs: built.indexMs,
        index: miss,
        corpusHashed: version.hashed,
        indexFile,
      };
  }
  const papers = await loadCorpusFile(file);
  const t1 = performance.now();
  const library = await buildLibrary(papers, { termStats: stats });
  const t2 = performance.now();
  if (indexFile && version) {
    try {
      await saveIndex(indexFile, { papers: library.papers, snapshot: library.snapshot() }, version);
    } catch (err) {
      options.onSaveError?.(err as Error);
    }
  }
  return { library, file, loadMs: t1 - t0, indexMs: t2 - t1, index: miss, corpusHashed: version?.hashed ?? false, indexFile };
}

/**
 * Said when a corpus has no papers. Not a refusal: the running bot watches the file, so papers added later (`npm run
 * ingest`) are served without a restart, and a bot that refused to start would only crash-loop under a supervisor.
 */
export function emptyCorpusWarning(file: string): string {
  return `the corpus ${file} has no papers: every question will be answered "no paper covers that". Add papers with npm run ingest -- FILE… (a running bot picks them up without a restart).`;
}
