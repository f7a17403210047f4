import { describe, expect, it } from 'vitest';
import { Gate } from '../../adapters/shared/admission.js';
import { createLogger } from '../../adapters/shared/log.js';
import { BUSY } from '../../adapters/shared/messages.js';
import { RATE_LIMITS, RateLimiter, type Requester, requesterKey } from '../../adapters/shared/rate-limit.js';
import { WorkQueue } from '../../adapters/shared/work-queue.js';
import { blockingJob } from './support.js';

const ada: Requester = { platform: 'slack', workspace: 'T1', userId: 'U1' };

/** A clock the test moves. */
function clock() {
  let t = 1_000;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

// Issue 18, failure 5: one user's 200 /ask in 10 s were all answered.
describe('issue 18, failure 5: the per-user rate limit', () => {
  it('lets a user ask 5 at once, then one every 3 s, saying how long to wait', () => {
    const c = clock();
    const limiter = new RateLimiter(RATE_LIMITS, c.now);
    const decisions = Array.from({ length: 200 }, () => limiter.take(ada));
    expect(decisions.filter((d) => d.ok)).toHaveLength(5);
    expect(decisions[5]).toEqual({ ok: false, retryAfterMs: 3000, first: true });
    expect(decisions[6]).toMatchObject({ ok: false, first: false });
    c.advance(2000);
    expect(limiter.take(ada)).toEqual({ ok: false, retryAfterMs: 1000, first: false });
    c.advance(1000);
    expect(limiter.take(ada)).toEqual({ ok: true });
    expect(limiter.take(ada)).toMatchObject({ ok: false, first: true });
    // 200 asks over 10 s: 5 + 10/3 answered.
    const c2 = clock();
    const l2 = new RateLimiter(RATE_LIMITS, c2.now);
    let answered = 0;
    for (let i = 0; i < 200; i++) {
      if (l2.take(ada).ok) answered++;
      c2.advance(50);
    }
    expect(answered).toBe(5 + 3);
  });

  it('keys users by platform, workspace and user id', () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, clock().now);
    expect(limiter.take(ada).ok).toBe(true);
    expect(limiter.take(ada).ok).toBe(false);
    expect(limiter.take({ ...ada, workspace: 'T2' }).ok).toBe(true);
    expect(limiter.take({ ...ada, platform: 'discord' }).ok).toBe(true);
    expect(limiter.take({ ...ada, userId: 'U2' }).ok).toBe(true);
    expect(requesterKey(ada)).toBe('slack:T1:U1');
  });

  it('forgets users whose bucket has refilled, so idle users cost no memory', () => {
    const c = clock();
    const limiter = new RateLimiter(RATE_LIMITS, c.now);
    for (let i = 0; i < 1000; i++) limiter.take({ ...ada, userId: `U${i}` });
    expect(limiter.tracked).toBe(1000);
    c.advance(61_000);
    limiter.take(ada);
    expect(limiter.tracked).toBe(1);
  });

  it('perMinute 0 turns the limit off', () => {
    const limiter = new RateLimiter({ burst: 1, perMinute: 0 });
    expect(Array.from({ length: 100 }, () => limiter.take(ada).ok).every(Boolean)).toBe(true);
  });
});

describe('issue 18, failure 5: admission', () => {
  it('refuses a full backlog politely without spending the user’s tokens, and rate-limits with the wait in seconds', async () => {
    const lines: string[] = [];
    const c = clock();
    const queue = new WorkQueue({ maxBacklog: 1 });
    const gate = new Gate(new RateLimiter({ burst: 1, perMinute: 20 }, c.now), queue, createLogger({ write: (l) => lines.push(l) }));
    const { release, blocker, started } = blockingJob(queue);
    await started;
    expect(await gate.admit(ada)).toMatchObject({ ok: false, reason: 'backlog-full', message: BUSY.full, first: true });
    release();
    await blocker;
    expect(await gate.admit(ada)).toMatchObject({ ok: true, owner: 'slack:T1:U1' });
    expect(await gate.admit(ada)).toMatchObject({ ok: false, reason: 'rate-limited', message: BUSY.slowDown(3), first: true });
    expect(BUSY.slowDown(3)).toBe('You’re asking faster than I can answer everyone: please wait 3 seconds and try again.');
    expect(lines.join('\n')).toMatch(/"level":"warn".*"msg":"refused a question: the answer queue is full \(1; 1 refused so far\)"/);
    expect(lines.map((l) => JSON.parse(l))).toContainEqual(
      expect.objectContaining({ level: 'info', msg: 'rate-limited a user', user: 'slack:T1:U1', retryInS: 3 }),
    );
  });
});
