import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createDatabase, type Database, type Engine, reasonOf, StoreUnavailableError } from './database.js';
import { migrate, USER_HASH_KEY } from './migrations.js';
import { buildReport, type Report, readReportRows, reportWindow } from './report.js';
import type { FeedbackVote, FlushResult, QuestionLogEntry, ReportOptions, Store, StoreHealth, StoreLogger, StoreOptions } from './types.js';
import { hashUserId, type PendingWrite, type QuestionInsert, type VoteInsert, writeBatch } from './writes.js';

/** The default cap on entries buffered in memory while the database is unavailable. */
export const MAX_PENDING = 10_000;

const DAY_MS = 86_400_000;
const MAX_QUESTION = 4000;
const MAX_SHORT = 200;
const MAX_CITED = 100;

/** A new answer id: 12 URL-safe characters (fits a Discord custom_id or a Slack button value with room to spare). */
export function newAnswerId(): string {
  return randomBytes(9).toString('base64url');
}

class InvalidEntry extends Error {
  override name = 'InvalidEntry';
}

function short(name: string, value: unknown, { required = true } = {}): string {
  if (value === undefined || value === null) {
    if (required) throw new InvalidEntry(`${name} is missing`);
    return '';
  }
  if (typeof value !== 'string') throw new InvalidEntry(`${name} must be a string`);
  if (required && value === '') throw new InvalidEntry(`${name} is empty`);
  return value.slice(0, MAX_SHORT);
}

function citedJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) throw new InvalidEntry('citedIds must be an array of strings');
  return JSON.stringify(value.slice(0, MAX_CITED).map((x: string) => x.slice(0, MAX_SHORT)));
}

function timeOf(value: unknown, now: () => Date): Date {
  if (value === undefined) return now();
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new InvalidEntry('at must be a valid Date');
  return value;
}

type Pending = { seq: number; write: PendingWrite };

/** The store over one database (see `Store` for the contract). */
export class SqlStore implements Store {
  readonly engine: Engine;
  readonly #database: Database;
  readonly #log: StoreLogger;
  readonly #now: () => Date;
  readonly #logQuestions: boolean;
  readonly #retentionDays: number;
  readonly #flushIntervalMs: number;
  readonly #batchSize: number;
  readonly #maxPending: number;
  readonly #retryMinMs: number;
  readonly #retryMaxMs: number;
  readonly #purgeIntervalMs: number;

  #queue: Pending[] = [];
  #inFlight = 0;
  #seq = 0;
  #key: string | undefined;
  #migrated = false;
  #purgedAtOpen = false;
  #failing: { since: Date; error: string } | undefined;
  #dropped = 0;
  #droppedAtLastWrite = 0;
  #retryMs: number;
  #timer: { handle: NodeJS.Timeout; due: 'batch' | 'now' | 'retry' } | undefined;
  #purgeTimer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: StoreOptions) {
    this.#database = createDatabase(options);
    this.engine = this.#database.engine;
    this.#log = options.log ?? console;
    this.#now = options.now ?? (() => new Date());
    this.#logQuestions = options.logQuestions ?? true;
    this.#retentionDays = options.retentionDays ?? 90;
    this.#flushIntervalMs = options.flushIntervalMs ?? 50;
    this.#batchSize = Math.max(1, Math.min(options.batchSize ?? 100, 500));
    this.#maxPending = Math.max(this.#batchSize, options.maxPending ?? MAX_PENDING);
    this.#retryMinMs = options.retryMinMs ?? 100;
    this.#retryMaxMs = Math.max(this.#retryMinMs, options.retryMaxMs ?? 30_000);
    this.#purgeIntervalMs = options.purgeIntervalMs ?? DAY_MS;
    this.#retryMs = this.#retryMinMs;
  }

  get logsQuestions(): boolean {
    return this.#logQuestions;
  }

  /** Migrate, load the key and purge, once; a failure leaves the store degraded and retrying. Never rejects. */
  async start(): Promise<void> {
    await this.#drain();
    this.#purgeTimer = setInterval(() => void this.purge().catch(() => {}), this.#purgeIntervalMs);
    this.#purgeTimer.unref();
  }

  logQuestion(entry: QuestionLogEntry): string {
    let id: string | undefined;
    try {
      id = entry.id === undefined ? newAnswerId() : short('id', entry.id);
      if (!this.#logQuestions) return id;
      if (typeof entry.answered !== 'boolean') throw new InvalidEntry('answered must be a boolean');
      if (typeof entry.question !== 'string') throw new InvalidEntry('question must be a string');
      if (typeof entry.latencyMs !== 'number' || !Number.isFinite(entry.latencyMs)) throw new InvalidEntry('latencyMs must be a number');
      const row: QuestionInsert = {
        id,
        asked_at: timeOf(entry.at, this.#now),
        platform: short('platform', entry.platform),
        workspace: short('workspace', entry.workspace, { required: false }),
        question: entry.question.slice(0, MAX_QUESTION),
        answered: entry.answered,
        abstention_reason: entry.abstentionReason ? short('abstentionReason', entry.abstentionReason) : null,
        cited_ids: citedJson(entry.citedIds ?? []) ?? '[]',
        corpus_fingerprint: short('corpusFingerprint', entry.corpusFingerprint, { required: false }),
        latency_ms: Math.max(0, Math.round(entry.latencyMs)),
      };
      this.#enqueue({ kind: 'question', row });
    } catch (err) {
      this.#reject('question', err);
    }
    return id ?? newAnswerId();
  }

  recordFeedback(vote: FeedbackVote): void {
    try {
      if (vote.vote !== 'up' && vote.vote !== 'down' && vote.vote !== 'wrong-paper')
        throw new InvalidEntry('vote must be up, down or wrong-paper');
      const platform = short('platform', vote.platform);
      const workspace = short('workspace', vote.workspace, { required: false });
      if (typeof vote.userId !== 'string' || vote.userId === '') throw new InvalidEntry('userId is missing');
      const row: VoteInsert = {
        answer_id: short('answerId', vote.answerId),
        // Hash now when the key is known, so the raw id does not even wait in memory.
        user: this.#key ? { hash: hashUserId(this.#key, platform, workspace, vote.userId) } : { platform, workspace, raw: vote.userId },
        paper_id: vote.vote === 'wrong-paper' ? short('paperId', vote.paperId) : '',
        vote: vote.vote,
        question: vote.question === undefined ? undefined : String(vote.question).slice(0, MAX_QUESTION),
        cited_ids: citedJson(vote.citedIds),
        corpus_fingerprint:
          vote.corpusFingerprint === undefined ? undefined : short('corpusFingerprint', vote.corpusFingerprint, { required: false }),
        platform,
        workspace,
        voted_at: timeOf(vote.at, this.#now),
      };
      this.#enqueue({ kind: 'vote', row });
    } catch (err) {
      this.#reject('vote', err);
    }
  }

  async flush(): Promise<FlushResult> {
    const target = this.#seq;
    let attempted = false;
    for (;;) {
      if (this.#running) {
        await this.#running;
        continue;
      }
      const waiting = this.#queue[0] !== undefined && this.#queue[0].seq <= target;
      const healthy = this.#failing === undefined && this.#migrated;
      if ((!waiting && healthy) || attempted) {
        return { ok: !waiting && healthy, pending: this.#queue.length };
      }
      attempted = true;
      this.#cancelTimer();
      await this.#drain();
    }
  }

  async report(options: ReportOptions = {}): Promise<Report> {
    await this.flush();
    const days = options.days ?? 30;
    const { since, until } = reportWindow(days, options.now ?? this.#now());
    try {
      await this.#prepare();
      return buildReport(await readReportRows(this.#database.db, since, until), { days, since, until });
    } catch (err) {
      throw new StoreUnavailableError(this.#database.where, reasonOf(err));
    }
  }

  async purge(now: Date = this.#now()): Promise<number> {
    try {
      await this.#prepare();
      return await this.#purgeRows(now);
    } catch (err) {
      this.#failed(err);
      throw new StoreUnavailableError(this.#database.where, reasonOf(err));
    }
  }

  health(): StoreHealth {
    const f = this.#failing;
    return {
      status: f || !this.#migrated ? 'degraded' : 'ok',
      engine: this.engine,
      where: this.#database.where,
      pending: this.#queue.length + this.#inFlight,
      dropped: this.#dropped,
      ...(f ? { failingSince: f.since.toISOString(), error: f.error } : {}),
      closed: this.#closed,
    };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      clearInterval(this.#purgeTimer);
      this.#cancelTimer();
      const { pending } = await this.flush();
      if (pending > 0)
        this.#log.warn('store closed with entries it could not write', { engine: this.engine, where: this.#database.where, lost: pending });
      await this.#database.db.destroy().catch(() => {});
    })();
    return this.#closing;
  }

  async #purgeRows(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.#retentionDays * DAY_MS);
    const result = await this.#database.db.deleteFrom('citebot_questions').where('asked_at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  #enqueue(write: PendingWrite): void {
    if (this.#closed) {
      this.#dropped++;
      return;
    }
    if (this.#queue.length + this.#inFlight >= this.#maxPending) {
      // Keep the newest: the oldest are the likeliest to be stale by the time the database is back.
      if (this.#queue.shift() === undefined) {
        this.#dropped++;
        return;
      }
      this.#dropped++;
    }
    this.#queue.push({ seq: ++this.#seq, write });
    this.#schedule();
  }

  #reject(what: string, err: unknown): void {
    this.#dropped++;
    this.#log.error(`store dropped an invalid ${what}`, { error: err instanceof Error ? err.message : String(err) });
  }

  #schedule(): void {
    if (this.#closed || this.#running || this.#failing) return;
    const now = this.#queue.length >= this.#batchSize;
    if (this.#timer && !(now && this.#timer.due === 'batch')) return;
    this.#setTimer(now ? 0 : this.#flushIntervalMs, now ? 'now' : 'batch');
  }

  #setTimer(ms: number, due: 'batch' | 'now' | 'retry'): void {
    this.#cancelTimer();
    const handle = setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, ms);
    handle.unref();
    this.#timer = { handle, due };
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer.handle);
    this.#timer = undefined;
  }

  /** Run one write pass unless one is running (then wait for it). */
  #drain(): Promise<void> {
    this.#running ??= this.#write().finally(() => {
      this.#running = undefined;
      if (this.#queue.length > 0) this.#schedule();
    });
    return this.#running;
  }

  async #prepare(): Promise<void> {
    if (this.#migrated) return;
    await migrate(this.#database.db, this.engine);
    const row = await this.#database.db.selectFrom('citebot_settings').select('value').where('name', '=', USER_HASH_KEY).executeTakeFirst();
    if (!row) throw new Error(`the settings row "${USER_HASH_KEY}" is missing`);
    this.#key = row.value;
    this.#migrated = true;
  }

  async #write(): Promise<void> {
    try {
      await this.#prepare();
      if (!this.#purgedAtOpen) {
        await this.#purgeRows(this.#now());
        this.#purgedAtOpen = true;
      }
      // While failing with nothing queued, only a query proves the database is back.
      if (this.#failing && this.#queue.length === 0) await sql`select 1`.execute(this.#database.db);
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, this.#batchSize);
        this.#inFlight = batch.length;
        try {
          const key = this.#key!;
          await this.#database.db.transaction().execute((trx) =>
            writeBatch(
              trx,
              batch.map((p) => p.write),
              key,
            ),
          );
        } catch (err) {
          this.#queue.unshift(...batch);
          const over = this.#queue.length - this.#maxPending;
          if (over > 0) {
            this.#queue.splice(0, over);
            this.#dropped += over;
          }
          throw err;
        } finally {
          this.#inFlight = 0;
        }
        this.#recovered();
      }
      this.#recovered();
    } catch (err) {
      this.#failed(err);
    }
  }

  #recovered(): void {
    const f = this.#failing;
    const dropped = this.#dropped - this.#droppedAtLastWrite;
    this.#droppedAtLastWrite = this.#dropped;
    if (!f) return;
    this.#failing = undefined;
    this.#retryMs = this.#retryMinMs;
    this.#log.info('store recovered: writing again', {
      engine: this.engine,
      where: this.#database.where,
      downForMs: Date.now() - f.since.getTime(),
      dropped,
    });
  }

  #failed(err: unknown): void {
    const error = reasonOf(err);
    if (this.#failing) this.#failing.error = error;
    else {
      this.#failing = { since: new Date(), error };
      this.#log.warn('store unavailable: answering without logging until it is back', {
        engine: this.engine,
        where: this.#database.where,
        error,
        pending: this.#queue.length,
      });
    }
    if (this.#closed) return;
    this.#setTimer(this.#retryMs, 'retry');
    this.#retryMs = Math.min(this.#retryMs * 2, this.#retryMaxMs);
  }
}
