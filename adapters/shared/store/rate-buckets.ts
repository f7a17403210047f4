import { type Kysely, sql } from 'kysely';
import { type RateDecision, type RateLimit, RateLimiter, type RateLimits, type Requester, requesterKey } from '../rate-limit.js';
import { reasonOf } from './database.js';
import type { StoreTables } from './schema.js';
import type { StoreLogger } from './types.js';

/** Options for `SharedRateLimiter`. */
export interface SharedRateLimiterOptions {
  limits: RateLimits;
  log: StoreLogger;
  /**
   * Longest wait for the database per question before deciding locally, in ms. Default 500: a question is admitted
   * before Slack's 3-second acknowledgement, and one round trip takes about 0.3 ms on a local network.
   */
  timeoutMs?: number;
  /** Refilled buckets are deleted this often, in ms. Default 60,000. */
  sweepEveryMs?: number;
  /**
   * While the database is failing, one question at most this often (ms) tries it again; the others are decided locally
   * at once, so an outage does not add `timeoutMs` to every acknowledgement. Default 2,000.
   */
  retryEveryMs?: number;
}

/**
 * Per-user token buckets in PostgreSQL (table `citebot_rate_buckets`), so a user whose questions a load balancer
 * spreads over several replicas gets one burst, not one per replica. Each question is one atomic upsert that
 * refills the bucket by the database's clock (replicas' clocks may differ) and takes a token. While the database
 * cannot answer within `timeoutMs`, each replica decides with its own in-memory buckets (the limit is then per
 * replica, logged once) rather than refusing or delaying questions, trying the database again every `retryEveryMs`.
 */
export class SharedRateLimiter implements RateLimit {
  readonly limits: RateLimits;
  readonly #db: Kysely<StoreTables>;
  readonly #log: StoreLogger;
  readonly #timeoutMs: number;
  readonly #local: RateLimiter;
  readonly #sweep: NodeJS.Timeout;
  readonly #retryEveryMs: number;
  #failingSince: number | undefined;
  #lastTry = 0;

  constructor(db: Kysely<StoreTables>, options: SharedRateLimiterOptions) {
    this.limits = options.limits;
    this.#db = db;
    this.#log = options.log;
    this.#timeoutMs = options.timeoutMs ?? 500;
    this.#local = new RateLimiter(options.limits);
    this.#retryEveryMs = options.retryEveryMs ?? 2000;
    this.#sweep = setInterval(() => void this.sweep().catch(() => {}), options.sweepEveryMs ?? 60_000);
    this.#sweep.unref();
  }

  async take(requester: Requester): Promise<RateDecision> {
    if (this.limits.perMinute <= 0) return { ok: true };
    if (this.#failingSince !== undefined && performance.now() - this.#lastTry < this.#retryEveryMs) return this.#local.take(requester);
    this.#lastTry = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
      });
      const decision = await Promise.race([this.#takeShared(requesterKey(requester)), timeout]);
      if (this.#failingSince !== undefined) {
        this.#log.info('shared rate limits: the database answers again', { downForMs: Date.now() - this.#failingSince });
        this.#failingSince = undefined;
      }
      return decision;
    } catch (err) {
      if (this.#failingSince === undefined) {
        this.#failingSince = Date.now();
        this.#log.warn('shared rate limits unavailable: each replica limits its users on its own until the database is back', {
          error: reasonOf(err),
        });
      }
      return this.#local.take(requester);
    } finally {
      clearTimeout(timer);
    }
  }

  async #takeShared(key: string): Promise<RateDecision> {
    const { burst } = this.limits;
    const perMs = this.limits.perMinute / 60_000;
    // The refilled level, computed once in SQL (b is the stored row, excluded the row this question would insert).
    const level = sql`least(${burst}::float8, b.tokens + greatest(0, excluded.at_ms - b.at_ms) * ${perMs}::float8)`;
    const result = await sql<{ tokens: number; refusals: number }>`
      insert into citebot_rate_buckets as b (key, tokens, at_ms, refusals)
      values (${key}, ${burst - 1}::float8, extract(epoch from clock_timestamp()) * 1000, 0)
      on conflict (key) do update set
        tokens = case when ${level} >= 1 then ${level} - 1 else ${level} end,
        refusals = case when ${level} >= 1 then 0 else b.refusals + 1 end,
        at_ms = excluded.at_ms
      returning tokens, refusals`.execute(this.#db);
    const row = result.rows[0];
    if (!row) throw new Error('the rate-limit upsert returned no row');
    if (row.refusals === 0) return { ok: true };
    const tokens = Number(row.tokens);
    return { ok: false, retryAfterMs: Math.ceil((1 - tokens) / perMs - 1e-6), first: row.refusals === 1 };
  }

  /** Delete buckets that have refilled: an idle user costs no row. */
  async sweep(): Promise<number> {
    const perMs = this.limits.perMinute / 60_000;
    const result = await sql`
      delete from citebot_rate_buckets
      where tokens + (extract(epoch from clock_timestamp()) * 1000 - at_ms) * ${perMs}::float8 >= ${this.limits.burst}::float8`.execute(
      this.#db,
    );
    return Number(result.numAffectedRows ?? 0);
  }

  close(): void {
    clearInterval(this.#sweep);
  }
}
