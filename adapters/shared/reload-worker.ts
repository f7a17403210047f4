/**
 * Worker thread for corpus reloads: reads and validates the corpus and builds its search index off the main
 * thread. Posts the papers in chunks (so the main thread takes them in small bites), then the index data (typed
 * arrays, transferred), or the error. The main thread assembles the `Library` from both in a fraction of the
 * time a build takes. Started by `reload.ts`; not a module to import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CitebotError, createLibrary, loadCorpusFile } from '../../src/index.js';

/** What the main thread sends. */
export interface BuildRequest {
  file: string;
  /** Papers per message. */
  chunk: number;
}

/** What this worker posts back. */
export type BuildMessage =
  | { type: 'papers'; papers: unknown[] }
  | { type: 'done'; indexData: unknown }
  | { type: 'error'; code: string | undefined; message: string; problems: readonly string[] };

const port = parentPort;
if (port) {
  const { file, chunk } = workerData as BuildRequest;
  try {
    const papers = await loadCorpusFile(file);
    for (let i = 0; i < papers.length; i += chunk) port.postMessage({ type: 'papers', papers: papers.slice(i, i + chunk) } satisfies BuildMessage);
    const indexData = createLibrary(papers).indexData();
    const buffers = new Set<ArrayBuffer>();
    for (const a of [indexData.postings.offsets, indexData.postings.docs, indexData.postings.freqs, indexData.postings.lengths]) {
      if (a.buffer instanceof ArrayBuffer) buffers.add(a.buffer);
    }
    port.postMessage({ type: 'done', indexData } satisfies BuildMessage, [...buffers]);
  } catch (err) {
    const e = err as Error;
    port.postMessage({
      type: 'error',
      code: err instanceof CitebotError ? err.code : undefined,
      message: e.message ?? String(err),
      problems: err instanceof CitebotError ? err.problems : [],
    } satisfies BuildMessage);
  }
}
