/** Helpers for adapter tests: the seed corpus loaded without touching the repository's cache, and services. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CORPUS, loadLibrary } from '../../adapters/shared/corpus.js';
import { createHttpServer, type HttpServer } from '../../adapters/shared/http-server.js';
import { createLogger, type Logger } from '../../adapters/shared/log.js';
import type { Services } from '../../adapters/shared/services.js';
import { WorkQueue } from '../../adapters/shared/work-queue.js';
import type { Library } from '../../src/index.js';

/** The bundled corpus's library, built in memory (no saved index read or written). */
export async function seedLibrary(): Promise<Library> {
  return (await loadLibrary(DEFAULT_CORPUS, { cacheDir: false })).library;
}

/** A library of the first `n` papers of the bundled corpus (a changed collection), from a temporary file. */
export async function firstPapers(n: number): Promise<Library> {
  const dir = mkdtempSync(join(tmpdir(), 'citebot-subset-'));
  const file = join(dir, 'papers.jsonl');
  writeFileSync(file, `${readFileSync(DEFAULT_CORPUS, 'utf8').split('\n').filter(Boolean).slice(0, n).join('\n')}\n`);
  return (await loadLibrary(file, { cacheDir: false })).library;
}

/** Every paper of a library, in collection order. */
export function allPapers(library: Library) {
  return library.list(undefined, 0, library.size).items;
}

/** Services as the composition root builds them, with an HTTP server the test listens on (or not). */
export function testServices(
  library: { readonly current: Library },
  log: Logger = createLogger({ write: () => {} }),
): Services & { server: HttpServer } {
  const queue = new WorkQueue();
  const server = createHttpServer({ log, onArrival: () => queue.noteArrival() });
  return { library, log, queue, http: server, server };
}
