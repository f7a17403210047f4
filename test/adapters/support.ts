/** Helpers for adapter tests: the seed corpus loaded without touching the repository's cache, and services. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gate } from '../../adapters/shared/admission.js';
import { DEFAULT_CORPUS, loadLibrary } from '../../adapters/shared/corpus.js';
import { createHttpServer, type HttpServer } from '../../adapters/shared/http-server.js';
import { createLogger, type Logger } from '../../adapters/shared/log.js';
import { countingStore, createMetrics } from '../../adapters/shared/metrics.js';
import { RateLimiter, type RateLimits } from '../../adapters/shared/rate-limit.js';
import type { Services } from '../../adapters/shared/services.js';
import { type FeedbackVote, newAnswerId, type QuestionLogEntry, type Store } from '../../adapters/shared/store/index.js';
import { WorkQueue } from '../../adapters/shared/work-queue.js';
import type { Citation, CitedResult, Excerpt, Library } from '../../src/index.js';

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

/** A store that keeps what it is given in memory, for tests that look at what was logged, not at a database. */
export interface MemoryStore extends Store {
  questions: (QuestionLogEntry & { id: string })[];
  votes: FeedbackVote[];
}

/** A `MemoryStore`: `logQuestion` and `recordFeedback` append, the rest does nothing. */
export function memoryStore(options: { logsQuestions?: boolean } = {}): MemoryStore {
  const questions: MemoryStore['questions'] = [];
  const votes: FeedbackVote[] = [];
  const logsQuestions = options.logsQuestions ?? true;
  return {
    engine: 'sqlite',
    logsQuestions,
    questions,
    votes,
    logQuestion(entry) {
      const id = entry.id ?? newAnswerId();
      if (logsQuestions) questions.push({ ...entry, id });
      return id;
    },
    recordFeedback: (vote) => void votes.push(vote),
    flush: async () => ({ ok: true, pending: 0 }),
    report: () => Promise.reject(new Error('a memory store keeps no report')),
    purge: async () => 0,
    health: () => ({ status: 'ok', engine: 'sqlite', where: 'memory', pending: 0, dropped: 0, closed: false }),
    close: async () => {},
  };
}

/**
 * Services as the composition root builds them, with an HTTP server the test listens on (or not). The per-user
 * rate limit is off unless `limits.rate` is given (most tests send many commands as one user); the queue has its
 * default bound unless `limits.maxBacklog` is given.
 */
export function testServices(
  library: { readonly current: Library },
  log: Logger = createLogger({ write: () => {} }),
  store: Store = memoryStore(),
  limits: { rate?: RateLimits; maxBacklog?: number; now?: () => number } = {},
): Services & { server: HttpServer } {
  const queue = new WorkQueue(limits.maxBacklog ? { maxBacklog: limits.maxBacklog } : {});
  const server = createHttpServer({ log, onArrival: () => queue.noteArrival() });
  const metrics = createMetrics({ queueDepth: () => queue.size, papers: () => library.current.size, platforms: () => ({}) });
  const gate = new Gate(new RateLimiter(limits.rate ?? { burst: 1, perMinute: 0 }, limits.now), queue, log, metrics);
  return { library, log, queue, gate, http: server, server, store: countingStore(store, metrics), metrics };
}

/** A job that runs until `release` is called; `started` resolves once it is running. */
export function blockingJob(q: WorkQueue, owner?: string) {
  let release = () => {};
  let began = () => {};
  const started = new Promise<void>((r) => (began = r));
  const blocker = q.run(
    () =>
      new Promise<void>((r) => {
        release = r;
        began();
      }),
    owner,
  );
  return { release: () => release(), blocker, started };
}

/** A citation as the renderers get it, for renderer tests: an arXiv link, the given authors, 2024. */
export const testCitation = (id: string, title: string, authors: string[] = ['Ada Lovelace']): Citation => ({
  id,
  title,
  url: `https://arxiv.org/abs/${id}`,
  authors,
  etAl: false,
  year: 2024,
  codeUrl: null,
});

/** An excerpt that is `text`, whole and unhighlighted. */
export const testExcerpt = (text: string): Excerpt => ({
  text,
  offset: 0,
  cutStart: false,
  cutEnd: false,
  highlights: [],
  matchedTerms: [],
  coverage: 1,
});

/** A cited result whose excerpt is `text`. */
export const testResult = (citation: Citation, text: string): CitedResult => ({ citation, score: 1, excerpt: testExcerpt(text) });
