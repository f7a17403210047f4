/**
 * Worker thread that builds and saves a corpus's index (started by `index-build.ts`; not a module to import):
 * validates the corpus file into a spool of corpus lines (no paper held as an object), indexes the papers from
 * it one at a time and writes the saved index, then exits, which hands its whole heap back. Posts `done` with
 * its timings, or the error.
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { CitebotError, type CorpusVersion, createLibrary, saveIndex, spoolCorpusFile } from '../../src/index.js';

/** What the main thread sends. */
export interface IndexBuildRequest {
  file: string;
  indexFile: string;
  /** The corpus file's sha256, or its version as `corpusVersion` read it (with the file's stamp to record). */
  corpus: string | CorpusVersion;
}

/** What this worker posts back. */
export type IndexBuildMessage =
  | { type: 'done'; papers: number; loadMs: number; indexMs: number; saveMs: number }
  | { type: 'error'; stage: 'load' | 'index' | 'save'; code: string | undefined; message: string; problems: readonly string[] };

const port = parentPort;
if (port) {
  const { file, indexFile, corpus } = workerData as IndexBuildRequest;
  let stage: 'load' | 'index' | 'save' = 'load';
  try {
    const t0 = performance.now();
    // The spool goes beside the saved index: the same disk, and a folder this process may write to.
    await mkdir(dirname(indexFile), { recursive: true });
    const papers = await spoolCorpusFile(file, dirname(indexFile));
    const t1 = performance.now();
    stage = 'index';
    // Blocking is fine here: this thread does nothing else.
    const library = createLibrary(papers);
    const t2 = performance.now();
    stage = 'save';
    await saveIndex(indexFile, { papers: library.papers, snapshot: library.snapshot() }, corpus);
    const t3 = performance.now();
    port.postMessage({
      type: 'done',
      papers: library.size,
      loadMs: t1 - t0,
      indexMs: t2 - t1,
      saveMs: t3 - t2,
    } satisfies IndexBuildMessage);
  } catch (err) {
    const e = err as Error;
    port.postMessage({
      type: 'error',
      stage,
      code: err instanceof CitebotError ? err.code : undefined,
      message: e.message ?? String(err),
      problems: err instanceof CitebotError ? err.problems : [],
    } satisfies IndexBuildMessage);
  }
}
