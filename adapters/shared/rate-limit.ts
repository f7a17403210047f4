/**
 * A token bucket per user: each user may ask `burst` questions at once, then one more every `60 / perMinute` s.
 * Before it, one user's 200 `/ask` in 10 s were all answered, and 3,000 queued commands from one user made another
 * user's answer take 8.1 s instead of 55 ms (issue 18, failure 5).
 */
export interface RateLimits {
  /** Questions a user may ask back to back. Default 5. */
  burst: number;
  /** Questions per minute a user gets back after that. Default 20 (one every 3 s); 0 turns the limit off. */
  perMinute: number;
}

/** The defaults of `RateLimits` (`CITEBOT_RATE_BURST`, `CITEBOT_RATE_PER_MINUTE`). */
export const RATE_LIMITS: RateLimits = { burst: 5, perMinute: 20 };

/** Who is asking: the bucket's key, and the work queue's lane. */
export interface Requester {
  platform: 'discord' | 'slack';
  /** Slack team id or Discord server id ('' outside a server). */
  workspace: string;
  userId: string;
}

/** The key of a requester: platform, workspace and user id (a Slack user id is only unique within its team). */
export function requesterKey(r: Requester): string {
  return `${r.platform}:${r.workspace}:${r.userId}`;
}

/** What `RateLimiter.take` decided. `first` is true for the first refusal since the user was last let through. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; first: boolean };

interface Bucket {
  tokens: number;
  at: number;
  refused: boolean;
}

/** Buckets are swept at most this often; a bucket that has refilled is dropped, so idle users cost nothing. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Where the buckets are kept: in this process (`RateLimiter`), or in PostgreSQL so replicas behind a load balancer
 * share one bucket per user (`SharedRateLimiter`, adapters/shared/store/rate-buckets.ts).
 */
export interface RateLimit {
  readonly limits: RateLimits;
  /** Spend one of the requester's tokens, or say how long until they have one. */
  take(requester: Requester): RateDecision | Promise<RateDecision>;
  /** Stop any background work (a sweep timer). */
  close?(): void;
}

/** Token buckets keyed by `requesterKey`, in this process's memory. */
export class RateLimiter implements RateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private lastSweep: number;

  constructor(
    readonly limits: RateLimits = RATE_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = limits.perMinute / 60_000;
    this.lastSweep = now();
  }

  /** Users with a bucket that has not refilled yet. */
  get tracked(): number {
    return this.buckets.size;
  }

  /** Spend one of the requester's tokens, or say how long until they have one. */
  take(requester: Requester): RateDecision {
    if (this.limits.perMinute <= 0) return { ok: true };
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_EVERY_MS) this.sweep(now);
    const key = requesterKey(requester);
    const bucket = this.buckets.get(key) ?? { tokens: this.limits.burst, at: now, refused: false };
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refused = false;
      return { ok: true };
    }
    const first = !bucket.refused;
    bucket.refused = true;
    // Less a hair, so float noise (0.99999… tokens short) does not add a millisecond.
    return { ok: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / this.perMs - 1e-6), first };
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.limits.burst) this.buckets.delete(key);
  }
}
