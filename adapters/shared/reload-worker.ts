/**
 * Worker thread for corpus reloads: reads and validates the corpus and builds its search index off the main
 * thread. Posts the papers (one UTF-8 buffer with offsets) and the index data (typed
 * arrays, transferred), or the error. The main thread assembles the `Library` from both in a fraction of the
 * time a build takes. Started by `reload.ts`; not a module to import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CitebotError, createLibrary, loadCorpusFile } from '../../src/index.js';
import { packTexts, type PackedTexts } from './packed-texts.js';

/** What the main thread sends. */
export interface BuildRequest {
  file: string;
}

/** What this worker posts back. */
export type BuildMessage =
  | { type: 'done'; papers: unknown; indexData: unknown; texts: PackedTexts }
  | { type: 'error'; code: string | undefined; message: string; problems: readonly string[] };

const port = parentPort;
if (port) {
  const { file } = workerData as BuildRequest;
  try {
    const library = createLibrary(await loadCorpusFile(file));
    // The papers travel as one UTF-8 buffer with offsets (parsed on demand on the main thread), not as
    // 100k+ objects whose cloning and garbage collection would stall the main thread for seconds.
    const papers = library.papers.toData();
    const indexData = library.indexData();
    const buffers = new Set<ArrayBuffer>();
    for (const a of [papers.bytes, papers.offsets, indexData.postings.offsets, indexData.postings.docs, indexData.postings.freqs, indexData.postings.lengths, indexData.postings.termTable]) {
      if (a.buffer instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === a.buffer.byteLength) buffers.add(a.buffer);
    }
    // The strings (titles, names, 1M+ terms, the vocabulary) travel in one transferred buffer that the main
    // thread decodes piece by piece: posted as strings, they would stall it for most of a second on arrival.
    const texts = packTexts(
      { ids: indexData.lookup.ids, titles: indexData.lookup.titles, names: indexData.lookup.names, terms: indexData.postings.terms },
      { words: indexData.words.words, wordTerms: indexData.words.terms, titleTerms: indexData.titleTerms, phrases: indexData.phrases },
    );
    buffers.add(texts.bytes.buffer as ArrayBuffer);
    const packed = {
      papers: { bytes: papers.bytes, offsets: papers.offsets },
      indexData: {
        postings: { ...indexData.postings, terms: [] },
        words: { words: '', terms: '' },
        lookup: { ids: [], titles: [], names: [] },
        titleTerms: '',
        phrases: '',
      },
      texts,
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
