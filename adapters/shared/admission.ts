import type { Logger } from './log.js';
import { BUSY } from './messages.js';
import type { Metrics } from './metrics.js';
import { type RateLimit, type Requester, requesterKey } from './rate-limit.js';
import { claimRequestId } from './request-context.js';
import type { WorkQueue } from './work-queue.js';

/**
 * Whether a question is taken: `owner` is the work queue's lane to run it in; a refusal carries the private reply
 * (`BUSY`) and `first`, true for a user's first refusal since they were last let through (a mention's reply is
 * posted only then, so a flood of mentions is not answered by a flood of replies). `requestId` is the question's
 * id in the log lines written while it is handled (`reqId`).
 */
export type Admission =
  | { ok: true; owner: string; requestId: string }
  | { ok: false; reason: 'rate-limited' | 'backlog-full'; message: string; first: boolean; requestId: string };

/** One log line per this many backlog refusals: a flood must not flood the log too. */
const LOG_EVERY_REFUSALS = 100;

/** Decides, before a command is acknowledged, whether its answer is queued: the backlog first, then the user's bucket. */
export class Gate {
  private backlogRefusals = 0;

  constructor(
    private readonly limiter: RateLimit,
    private readonly queue: WorkQueue,
    private readonly log: Logger,
    private readonly metrics?: Metrics,
  ) {}

  /**
   * Take one question from `requester`, or say why not. A full backlog spends none of the user's tokens. Resolves at
   * once with in-memory buckets; with shared ones (PostgreSQL) after one round trip, bounded by the limiter's timeout.
   */
  async admit(requester: Requester): Promise<Admission> {
    const requestId = claimRequestId();
    const owner = requesterKey(requester);
    if (this.queue.full) {
      if (this.backlogRefusals++ % LOG_EVERY_REFUSALS === 0)
        this.log.warn(`refused a question: the answer queue is full (${this.queue.maxBacklog}; ${this.backlogRefusals} refused so far)`);
      this.metrics?.refused(requester.platform, 'backlog-full');
      return { ok: false, reason: 'backlog-full', message: BUSY.full, first: true, requestId };
    }
    const decision = await this.limiter.take(requester);
    if (decision.ok) return { ok: true, owner, requestId };
    this.metrics?.refused(requester.platform, 'rate-limited');
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    if (decision.first) this.log.info('rate-limited a user', { user: owner, retryInS: seconds });
    return { ok: false, reason: 'rate-limited', message: BUSY.slowDown(seconds), first: decision.first, requestId };
  }
}
