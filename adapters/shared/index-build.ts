/**
 * Building a corpus's saved index in bounded memory: in a worker thread (`index-build-worker.ts`) whose V8 heap
 * is capped, from a spool of the validated corpus lines rather than the papers as objects, with the lean
 * postings builder; the worker writes the saved index and exits, and the caller opens the library from the
 * file, as a start-up from a current index does. At 136,608 papers this peaks at about 0.4 GB where building
 * from objects on the main thread took 0.9 GB (README "Retrieval quality and speed").
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { CitebotError, type CitebotErrorCode, type CorpusVersion } from '../../src/index.js';
import type { IndexBuildMessage, IndexBuildRequest } from './index-build-worker.js';

/** What a build in the worker did. */
export interface IndexBuildResult {
  papers: number;
  /** Milliseconds to validate and spool the corpus, to index it, and to write the saved index. */
  loadMs: number;
  indexMs: number;
  saveMs: number;
}

/** The worker could not run, or ran out of memory twice (as opposed to a corpus problem it reported). */
export class IndexWorkerFailure extends Error {
  override name = 'IndexWorkerFailure';
}

/** The corpus is valid and indexed, but the saved index could not be written (a full disk, a read-only folder). */
export class IndexSaveFailure extends Error {
  override name = 'IndexSaveFailure';
}

/**
 * V8 heap limits of the worker for a corpus file of `bytes`. The young generation is kept small (24 MB: V8's
 * default lets short-lived garbage, a parsed paper per step, take about 90 MB more at 136k papers; 64 MB past a
 * 512 MB corpus, where memory is plentiful and collections cost more), and the old generation is capped at
 * about twice what the build keeps live (130 MB at 136k papers), 256 MB at least, then twice the corpus less
 * 256 MB: without a cap, V8 let the heap grow to 450 MB for 90–200 MB live at 136k. A tighter cap costs CPU in
 * collections (160 MB: +60% build time at 136k; at 1M papers a cap of 1.2× the corpus took 170 s CPU).
 */
export function buildHeapLimits(bytes: number): ResourceLimits {
  const mb = bytes / 1048576;
  return { maxYoungGenerationSizeMb: mb <= 512 ? 24 : 64, maxOldGenerationSizeMb: Math.max(256, Math.ceil(2 * mb - 256)) };
}

/**
 * Validate the corpus `file`, build its index and save it at `indexFile` under `corpus` (its sha256, or the
 * version `corpusVersion` read, whose file stamp the index then records so the next start need not hash the
 * file), in a worker thread
 * with bounded memory (see `buildHeapLimits`; a worker that runs out of its heap is run once more without the
 * limits). Rejects with the corpus's `CitebotError` for an unreadable or invalid corpus, `IndexSaveFailure`
 * when the index could not be written, `IndexWorkerFailure` when no worker could do it.
 */
export async function buildIndexFile(file: string, indexFile: string, corpus: string | CorpusVersion): Promise<IndexBuildResult> {
  let bytes = 0;
  try {
    bytes = statSync(file).size * (file.endsWith('.gz') ? 4 : 1);
  } catch {
    // unreadable: the worker reports it as the corpus loader words it
  }
  const request: IndexBuildRequest = { file, indexFile, corpus };
  try {
    return await runWorker(request, buildHeapLimits(bytes));
  } catch (err) {
    if (!(err instanceof OutOfMemory)) throw err;
    return await runWorker(request, undefined);
  }
}

class OutOfMemory extends Error {}

function runWorker(request: IndexBuildRequest, resourceLimits: ResourceLimits | undefined): Promise<IndexBuildResult> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startWorker(request, resourceLimits);
    } catch (err) {
      reject(new IndexWorkerFailure('index worker did not start', { cause: err }));
      return;
    }
    let settled = false;
    const settle = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    worker.on('message', (m: IndexBuildMessage) => {
      if (m.type === 'done') {
        const { papers, loadMs, indexMs, saveMs } = m;
        settle(() => resolve({ papers, loadMs, indexMs, saveMs }));
      } else if (m.stage === 'save') settle(() => reject(new IndexSaveFailure(m.message)));
      else if (m.code) settle(() => reject(new CitebotError(m.code as CitebotErrorCode, m.message, m.problems)));
      else settle(() => reject(new IndexWorkerFailure(`index worker failed: ${m.message}`)));
    });
    worker.on('error', (err) => {
      const oom = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(() => reject(oom ? new OutOfMemory(err.message) : new IndexWorkerFailure('index worker failed', { cause: err })));
    });
    worker.on('exit', (code) => settle(() => reject(new IndexWorkerFailure(`index worker exited with code ${code} before finishing`))));
  });
}

const require = createRequire(import.meta.url);

// citebot runs from source (tsx), so the worker is TypeScript: the eval'd bootstrap registers tsx's loader in the
// worker first (workers do not inherit the parent's loader hooks), as reload.ts does for its worker.
function startWorker(request: IndexBuildRequest, resourceLimits: ResourceLimits | undefined): Worker {
  const entry = new URL('./index-build-worker.ts', import.meta.url);
  const api = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: request, ...(resourceLimits ? { resourceLimits } : {}) });
}
