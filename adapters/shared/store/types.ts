import type { Engine } from './database.js';
import type { Report } from './report.js';

/** Where the store writes its few log lines: `Logger` from adapters/shared/log.ts fits, and so does `console`. */
export interface StoreLogger {
  info(msg: string, context?: Record<string, unknown>): void;
  warn(msg: string, context?: Record<string, unknown>): void;
  error(msg: string, context?: Record<string, unknown>): void;
}

/** How `openStore` is set up. Only `dataDir` is required. */
export interface StoreOptions {
  /** Folder of the embedded SQLite file `citebot.sqlite`, created (with a `.gitignore`) when missing. Used when
   * `databaseUrl` is unset. The adapters pass `CITEBOT_DATA_DIR`, default `data/state/`. */
  dataDir: string;
  /** A `postgres://` or `postgresql://` URL: store in PostgreSQL instead (what replicas share). Default unset. */
  databaseUrl?: string | undefined;
  /** Keep the question log. Default true; `CITEBOT_LOG_QUESTIONS=off` makes it false. Feedback is kept either way. */
  logQuestions?: boolean;
  /** Question-log rows older than this many days are deleted at open and once a day. Default 90. */
  retentionDays?: number;
  /** Where the store reports that it stopped or resumed writing. Default `console`. */
  log?: StoreLogger;
  /** The clock for timestamps and purges. Default `() => new Date()`. */
  now?: () => Date;
  /** Queued entries are written this long after the first of them arrives. Default 50 (ms). */
  flushIntervalMs?: number;
  /** A flush starts at once when this many entries are queued; also the most written in one transaction. Default 100. */
  batchSize?: number;
  /** The most entries kept in memory while the database is unavailable; past it the oldest are dropped (counted in
   * `health().dropped`). Default `MAX_PENDING` (10,000). */
  maxPending?: number;
  /** First wait before retrying a failed write; doubled after each failure up to `retryMaxMs`. Default 100 (ms). */
  retryMinMs?: number;
  /** Longest wait between retries. Default 30,000 (ms). */
  retryMaxMs?: number;
  /** SQLite: how long a write waits for another process's lock before it counts as failed. It blocks the event loop
   * that long at most, so it stays short. Default 250 (ms). */
  busyTimeoutMs?: number;
  /** PostgreSQL: how long opening a connection may take. Default 3000 (ms). */
  connectTimeoutMs?: number;
  /** How often old question-log rows are purged after the purge at open. Default one day. */
  purgeIntervalMs?: number;
}

/** One answered or unanswered question, as `Store.logQuestion` takes it. */
export interface QuestionLogEntry {
  /** The answer id the feedback buttons will carry. Default: a new random id (returned by `logQuestion`). */
  id?: string;
  /** `discord`, `slack`, `cli`… */
  platform: string;
  /** Slack team id or Discord server id; '' (the default) for a direct message or the terminal. */
  workspace?: string;
  /** The question as asked (kept to 4,000 characters). */
  question: string;
  answered: boolean;
  /** Why the bot abstained (`no-match`, `weak-match`…); null when it answered. Default null. */
  abstentionReason?: string | null;
  /** The cited paper ids, best first. Default []. */
  citedIds?: readonly string[];
  /** The corpus fingerprint the answer came from. Default ''. */
  corpusFingerprint?: string;
  /** From question received to answer ready. */
  latencyMs: number;
  /** When it was asked. Default: the store's clock. */
  at?: Date;
}

/** What every vote carries. `question`, `citedIds` and `corpusFingerprint` may be left out: they are then copied
 * from the question log by `answerId` (a click on an ephemeral Slack reply arrives without the message). */
interface VoteBase {
  answerId: string;
  platform: string;
  /** Slack team id or Discord server id; default ''. */
  workspace?: string;
  /** The platform's user id: only its keyed hash is stored. */
  userId: string;
  question?: string;
  citedIds?: readonly string[];
  corpusFingerprint?: string;
  /** When the vote was cast. Default: the store's clock. */
  at?: Date;
}

/**
 * A user's vote: 👍/👎 on an answer (a later up or down from the same user on the same answer replaces it), or "wrong
 * paper" on one cited paper (one vote per paper, kept apart from the up/down vote).
 */
export type FeedbackVote = (VoteBase & { vote: 'up' | 'down' }) | (VoteBase & { vote: 'wrong-paper'; paperId: string });

/** How a flush went: `ok` when everything queued before the call is committed. */
export interface FlushResult {
  ok: boolean;
  /** Entries still waiting (the database failed, or more arrived meanwhile). */
  pending: number;
}

/** The store's state, for a health endpoint: `degraded` while writes fail (answers go on regardless). */
export interface StoreHealth {
  status: 'ok' | 'degraded';
  engine: Engine;
  /** The SQLite file, or the PostgreSQL host and database (never the credentials). */
  where: string;
  pending: number;
  /** Entries dropped since open: the buffer overflowed while the database was down, invalid, or after close. */
  dropped: number;
  /** Set while degraded: since when, and the last error. */
  failingSince?: string;
  error?: string;
  closed: boolean;
}

/** Report options. */
export interface ReportOptions {
  /** How many days back from `now`. Default 30. */
  days?: number;
  /** The end of the window. Default: the store's clock. */
  now?: Date;
}

/**
 * The question log and feedback store. `logQuestion` and `recordFeedback` return at once and never throw: entries
 * are queued and written in batches, one transaction each; while the database is unavailable they wait in a
 * bounded buffer and answers go on.
 */
export interface Store {
  readonly engine: Engine;
  /** False when `CITEBOT_LOG_QUESTIONS=off`: votes then copy nothing from the log, so callers pass the question and
   * citations the button carries. */
  readonly logsQuestions: boolean;
  /** Queue a question for the log (nothing is queued when logging is off). Returns the answer id to give the
   * feedback buttons: `entry.id`, or a new one. */
  logQuestion(entry: QuestionLogEntry): string;
  /** Queue a vote. The user id is replaced by its keyed hash before anything is written. */
  recordFeedback(vote: FeedbackVote): void;
  /** Write everything queued so far (one attempt now if the database is failing). Never rejects. */
  flush(): Promise<FlushResult>;
  /** Flush, then summarise the window. Rejects with `StoreUnavailableError` when the database cannot be read. */
  report(options?: ReportOptions): Promise<Report>;
  /** Delete question-log rows older than the retention. Returns how many; rejects with `StoreUnavailableError`. */
  purge(now?: Date): Promise<number>;
  health(): StoreHealth;
  /** Stop the timers, flush (one attempt), close the connection. Entries that could not be written are counted in a
   * warn line. Idempotent. */
  close(): Promise<void>;
}
