/**
 * The question log and feedback store: SQLite in `<dataDir>/citebot.sqlite` by default, PostgreSQL when a
 * `databaseUrl` is given, through one Kysely query layer. Migrations run at open.
 *
 * ```ts
 * const store = await openStore({ ...parseStoreConfig(process.env), log });
 * const answerId = store.logQuestion({ platform: 'slack', workspace: teamId, question, answered: true,
 *   citedIds: ['2310.08915'], corpusFingerprint, latencyMs: 12 });
 * // later, from the button (its value carries answerId):
 * store.recordFeedback({ answerId, vote: 'down', platform: 'slack', workspace: teamId, userId });
 * await store.close(); // at shutdown
 * ```
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createDatabase, reasonOf, SQLITE_FILE, StoreUnavailableError } from './database.js';
import { migrate } from './migrations.js';
import { buildReport, type Report, readReportRows, reportWindow } from './report.js';
import { SqlStore } from './store.js';
import type { Store, StoreOptions } from './types.js';

export { DEFAULT_DATA_DIR, DEFAULT_RETENTION_DAYS, parseStoreConfig, type StoreConfig, StoreEnvSchema } from './config.js';
export {
  announceCorpusVersion,
  CORPUS_CHANNEL,
  type CorpusListener,
  listenForCorpusVersions,
  publishCorpusVersion,
  readCorpusVersion,
} from './corpus-version.js';
export { createDatabase, type Database, type Engine, SQLITE_FILE, StoreUnavailableError } from './database.js';
export { migrate } from './migrations.js';
export { SharedRateLimiter } from './rate-buckets.js';
export { buildReport, type EvalCase, formatReport, type Report, type ReportRows, toEvalCases } from './report.js';
export { MAX_PENDING, newAnswerId } from './store.js';
export type { FeedbackVote, FlushResult, QuestionLogEntry, ReportOptions, Store, StoreHealth, StoreLogger, StoreOptions } from './types.js';
export { hashUserId } from './writes.js';

/**
 * Open the store: apply pending migrations, load the user-hash key, purge expired question-log rows, start the
 * daily purge. A database that cannot be reached does not fail the open: the store comes up degraded (one warn
 * line), buffers writes and retries with backoff. Resolves after the first attempt, which a PostgreSQL connect
 * bounds by `connectTimeoutMs` (default 3 s).
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const store = new SqlStore(options);
  await store.start();
  return store;
}

/** What `readReport` reads from. */
export interface ReadReportOptions {
  /** Folder of `citebot.sqlite`, when `databaseUrl` is unset. */
  dataDir: string;
  databaseUrl?: string | undefined;
  /** How many days back from `now`. Default 30. */
  days?: number;
  /** The end of the window. Default: now. */
  now?: Date;
}

/**
 * Open the database, summarise the window, close it: what `npm run report` does. Unlike the store it fails fast:
 * rejects with `StoreUnavailableError` (naming where, never a password) when the database is missing or unreachable.
 */
export async function readReport(options: ReadReportOptions): Promise<Report> {
  const days = options.days ?? 30;
  const { since, until } = reportWindow(days, options.now ?? new Date());
  if (!options.databaseUrl && !existsSync(join(options.dataDir, SQLITE_FILE))) {
    throw new StoreUnavailableError(
      join(options.dataDir, SQLITE_FILE),
      'no such file (the bot creates it on first start; is CITEBOT_DATA_DIR right?)',
    );
  }
  const database = createDatabase({
    dataDir: options.dataDir,
    databaseUrl: options.databaseUrl,
    connectTimeoutMs: 5000,
    busyTimeoutMs: 2000,
  });
  try {
    await migrate(database.db, database.engine);
    return buildReport(await readReportRows(database.db, since, until), { days, since, until });
  } catch (err) {
    throw new StoreUnavailableError(database.where, reasonOf(err));
  } finally {
    await database.db.destroy().catch(() => {});
  }
}
