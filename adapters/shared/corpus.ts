import { fileURLToPath } from 'node:url';
import { createLibrary, loadCorpusFile, loadTermStats, type Library, type TermStats } from '../../src/index.js';

/** The bundled corpus, resolved from this file so any working directory works. */
export const DEFAULT_CORPUS = fileURLToPath(new URL('../../data/papers.jsonl', import.meta.url));

/** Background term statistics shipped with the bot (see data/README.md). */
export const DEFAULT_TERM_STATS = fileURLToPath(new URL('../../data/term-stats.tsv.gz', import.meta.url));

let termStats: Promise<TermStats> | undefined;
/** The bundled term statistics, loaded once per process. */
export function defaultTermStats(): Promise<TermStats> {
  termStats ??= loadTermStats(DEFAULT_TERM_STATS);
  return termStats;
}

/** A built library and what it cost to build. */
export interface LoadedLibrary {
  library: Library;
  file: string;
  /** Milliseconds to read and validate the file, and to build the index. */
  loadMs: number;
  indexMs: number;
}

/** Load a corpus file and build its library. Throws `CitebotError` for an unreadable or invalid corpus. */
export async function loadLibrary(file: string = DEFAULT_CORPUS): Promise<LoadedLibrary> {
  const t0 = performance.now();
  const [papers, stats] = await Promise.all([loadCorpusFile(file), defaultTermStats()]);
  const t1 = performance.now();
  const library = createLibrary(papers, { termStats: stats });
  const t2 = performance.now();
  return { library, file, loadMs: t1 - t0, indexMs: t2 - t1 };
}
