import type { ColumnType } from 'kysely';

/**
 * A point in time: written as a `Date`, read back as a `Date` from PostgreSQL (`timestamptz`) and as an ISO-8601
 * UTC string from SQLite (`text`, which sorts and compares like the time it names). Read it through `toDate`.
 */
export type Timestamp = ColumnType<Date | string, Date, Date>;

/** One question the bot was asked (table `citebot_questions`). */
export interface QuestionRow {
  /** The answer id: the same id the feedback buttons carry. */
  id: string;
  asked_at: Timestamp;
  platform: string;
  /** Slack team id or Discord server id; '' for a direct message or the terminal. */
  workspace: string;
  question: string;
  /** `boolean` on PostgreSQL, 0/1 on SQLite: read it through `Boolean()`. */
  answered: ColumnType<boolean | number, boolean, boolean>;
  abstention_reason: string | null;
  /** The cited paper ids in rank order, as a JSON array. */
  cited_ids: string;
  corpus_fingerprint: string;
  latency_ms: number;
}

/** One user's vote on one answer, or on one paper of it (table `citebot_feedback`). */
export interface FeedbackRow {
  answer_id: string;
  /** HMAC-SHA256(key, "platform:workspace:user") in hex; the raw user id is never stored. */
  user_hash: string;
  /** '' for a vote on the whole answer (up/down), else the paper a wrong-paper vote names. */
  paper_id: string;
  vote: 'up' | 'down' | 'wrong-paper';
  question: string;
  cited_ids: string;
  corpus_fingerprint: string;
  platform: string;
  workspace: string;
  voted_at: Timestamp;
}

/** Named values shared by every replica (table `citebot_settings`), e.g. the user-hash key. */
export interface SettingRow {
  name: string;
  value: string;
}

/** One user's shared rate-limit bucket (table `citebot_rate_buckets`, used with PostgreSQL; see `rate-buckets.ts`). */
export interface RateBucketRow {
  /** `requesterKey`: platform, workspace and user id. */
  key: string;
  /** Tokens left at `at_ms` (fractional: they refill continuously). */
  tokens: number;
  /** When `tokens` was last computed, in ms since the epoch, by the database's clock. */
  at_ms: number;
  /** Refusals in a row since the user was last let through (1: the first, which is the one answered). */
  refusals: number;
}

/** Applied schema versions (table `citebot_migrations`). */
export interface MigrationRow {
  version: number;
  name: string;
  applied_at: Timestamp;
}

/** The store's tables, for Kysely. */
export interface StoreTables {
  citebot_questions: QuestionRow;
  citebot_feedback: FeedbackRow;
  citebot_settings: SettingRow;
  citebot_migrations: MigrationRow;
  citebot_rate_buckets: RateBucketRow;
}

/** A timestamp column's value as a Date, whichever engine returned it. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}
