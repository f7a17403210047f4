/**
 * Worker thread for corpus reloads: reads and validates the corpus and builds its search index off the main
 * thread. Posts the papers and the index snapshot as transferred buffers (see `packLibrary`), or the error. The main thread assembles the `Library` from both in a fraction of the
 * time a build takes. Started by `reload.ts`; not a module to import.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CitebotError, createLibrary, type LibraryParcel, loadCorpusFile, packLibrary } from '../../src/index.js';

/** What the main thread sends. */
export interface BuildRequest {
  file: string;
}

/** What this worker posts back. */
export type BuildMessage =
  | { type: 'done'; library: LibraryParcel }
  | { type: 'error'; code: string | undefined; message: string; problems: readonly string[] };

const port = parentPort;
if (port) {
  const { file } = workerData as BuildRequest;
  try {
    // Blocking is fine here: this thread does nothing else.
    const library = createLibrary(await loadCorpusFile(file));
    // The papers travel as one UTF-8 buffer with offsets (parsed on demand on the main thread), the index as
    // its snapshot; typed arrays are transferred and all strings packed into one buffer, which the main thread
    // decodes piece by piece: posted as 100k+ objects and strings they would stall it for seconds on arrival.
    const { parcel, transfer } = packLibrary(library.papers, library.snapshot());
    port.postMessage({ type: 'done', library: parcel } satisfies BuildMessage, transfer);
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
