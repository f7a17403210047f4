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

/** String arrays sent as JSON text (see below): ids and titles are the papers' and the index's lookup's. */
export interface PackedStrings {
  ids: string;
  titles: string;
  names: string;
  terms: string;
}

/** What this worker posts back. */
export type BuildMessage =
  | { type: 'done'; papers: unknown; indexData: unknown; strings: PackedStrings }
  | { type: 'error'; code: string | undefined; message: string; problems: readonly string[] };

const port = parentPort;
if (port) {
  const { file, chunk } = workerData as BuildRequest;
  try {
    void chunk;
    const library = createLibrary(await loadCorpusFile(file));
    // The papers travel as one UTF-8 buffer with offsets (parsed on demand on the main thread), not as
    // 100k+ objects whose cloning and garbage collection would stall the main thread for seconds.
    const papers = library.papers.toData();
    const indexData = library.indexData();
    const buffers = new Set<ArrayBuffer>();
    for (const a of [papers.bytes, papers.offsets, indexData.postings.offsets, indexData.postings.docs, indexData.postings.freqs, indexData.postings.lengths]) {
      if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer);
    }
    // Arrays of many short strings (1M+ terms, ids, titles, names) take the receiving thread most of a second
    // to clone in one go; one JSON string each clones as a block and is parsed there in separate steps.
    const packed = {
      papers: { bytes: papers.bytes, offsets: papers.offsets },
      indexData: { ...indexData, postings: { ...indexData.postings, terms: [] }, lookup: { ids: [], titles: [], names: [] } },
      strings: {
        ids: JSON.stringify(indexData.lookup.ids),
        titles: JSON.stringify(indexData.lookup.titles),
        names: JSON.stringify(indexData.lookup.names),
        terms: JSON.stringify(indexData.postings.terms),
      },
    };
    port.postMessage({ type: 'done', ...packed } satisfies BuildMessage, [...buffers]);
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
