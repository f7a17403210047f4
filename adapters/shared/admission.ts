import type { Logger } from './log.js';
import { BUSY } from './messages.js';
import { type RateLimiter, type Requester, requesterKey } from './rate-limit.js';
import type { WorkQueue } from './work-queue.js';

/**
 * Whether a question is taken: `owner` is the work queue's lane to run it in; a refusal carries the private reply
 * (`BUSY`) and `first`, true for a user's first refusal since they were last let through (a mention's reply is
 * posted only then, so a flood of mentions is not answered by a flood of replies).
 */
export type Admission =
  | { ok: true; owner: string }
  | { ok: false; reason: 'rate-limited' | 'backlog-full'; message: string; first: boolean };

/** One log line per this many backlog refusals: a flood must not flood the log too. */
const LOG_EVERY_REFUSALS = 100;

/** Decides, before a command is acknowledged, whether its answer is queued: the backlog first, then the user's bucket. */
export class Gate {
  private backlogRefusals = 0;

  constructor(
    private readonly limiter: RateLimiter,
    private readonly queue: WorkQueue,
    private readonly log: Logger,
  ) {}

  /** Take one question from `requester`, or say why not. A full backlog spends none of the user's tokens. */
  admit(requester: Requester): Admission {
    const owner = requesterKey(requester);
    if (this.queue.full) {
      if (this.backlogRefusals++ % LOG_EVERY_REFUSALS === 0)
        this.log.warn(`refused a question: the answer queue is full (${this.queue.maxBacklog}; ${this.backlogRefusals} refused so far)`);
      return { ok: false, reason: 'backlog-full', message: BUSY.full, first: true };
    }
    const decision = this.limiter.take(requester);
    if (decision.ok) return { ok: true, owner };
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    if (decision.first) this.log.info('rate-limited a user', { user: owner, retryInS: seconds });
    return { ok: false, reason: 'rate-limited', message: BUSY.slowDown(seconds), first: decision.first };
  }
}
