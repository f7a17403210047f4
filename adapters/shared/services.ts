import type { Library } from '../../src/index.js';
import type { Gate } from './admission.js';
import type { HttpRoutes } from './http-server.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import type { Database, Store } from './store/index.js';
import type { WorkQueue } from './work-queue.js';

/**
 * What every platform serves with, built once by the composition root (`adapters/main.ts`) and handed to
 * each platform's `start`. A new shared dependency (a store, metrics) is added here, not threaded through
 * each platform's options.
 */
export interface Services {
  /** The library to answer from. Read `current` per request: a corpus reload swaps it. */
  library: { readonly current: Library };
  /** The platform's logger (secrets redacted; the root names each platform's lines). */
  log: Logger;
  /** Runs CPU-bound answering one job at a time, between network work (acks, deferrals, heartbeats). */
  queue: WorkQueue;
  /** Asked before a question is queued: the per-user rate limit and the queue's bound (`Admission`). Run an
   * admitted question on `queue` with its `owner`, so users take turns. */
  gate: Gate;
  /** The shared HTTP server, where a platform mounts its routes. */
  http: HttpRoutes;
  /** The question log and feedback votes. Its writes return at once and never throw: a store that is down
   * never delays or fails an answer. */
  store: Store;
  /** Prometheus metrics (`GET /metrics`). Questions, latency and abstentions are counted from `store.logQuestion`,
   * errors from the platform logger's error lines; a platform may register its own metrics on `metrics.registry`. */
  metrics: Metrics;
  /** The database every replica shares (SQLite file or PostgreSQL, migrated), for a platform's own tables (Slack
   * installations, event ids). Set by `npm start`; absent in tests that need none. */
  database?: Database;
}
