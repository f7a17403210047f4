import { describe, expect, it } from 'vitest';
import { QUEUE_LIMITS, QueueFullError, WorkQueue } from '../../adapters/shared/work-queue.js';
import { blockingJob } from './support.js';

describe('work queue', () => {
  it('runs jobs one at a time in order, and lets waiting I/O-like callbacks run between them', async () => {
    const q = new WorkQueue();
    const log: string[] = [];
    const busy = (name: string) => () => {
      log.push(`start ${name}`);
      // A request that arrives while this job runs (its ack is scheduled for the next turn).
      if (name === 'a') setImmediate(() => log.push('ack'));
      const until = Date.now() + 5;
      while (Date.now() < until); // a CPU-bound answer
      log.push(`end ${name}`);
      return name;
    };
    const a = q.run(busy('a'));
    const b = q.run(busy('b'));
    // The ack that arrived during job a runs before job b starts.
    expect(q.size).toBe(2);
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['start a', 'end a', 'ack', 'start b', 'end b']);
    expect(q.size).toBe(0);
  });

  it('while connections keep arriving, waits for a quiet spell before a job, but never longer than its bound', async () => {
    const q = new WorkQueue({ quietMs: 40, maxQuietWaitMs: 400 });
    // A burst: arrivals every 10 ms for 150 ms.
    const t0 = performance.now();
    q.noteArrival();
    const burst = setInterval(() => q.noteArrival(), 10);
    setTimeout(() => clearInterval(burst), 150);
    let startedAt = 0;
    await q.run(() => (startedAt = performance.now() - t0));
    expect(startedAt).toBeGreaterThanOrEqual(150 + 40 - 15); // after the burst and a quiet spell (timer slack)

    // Steady arrivals that never stop: the job still starts, at the bound.
    const steady = setInterval(() => q.noteArrival(), 5);
    q.noteArrival();
    const t1 = performance.now();
    let waited = 0;
    await q.run(() => (waited = performance.now() - t1));
    clearInterval(steady);
    expect(waited).toBeGreaterThanOrEqual(400 - 15);
    expect(waited).toBeLessThan(3000);

    // No arrivals: no wait.
    const idle = new WorkQueue({ quietMs: 1000 });
    const t2 = performance.now();
    await idle.run(() => 1);
    expect(performance.now() - t2).toBeLessThan(500);
  });

  it('a failing job rejects its own promise and the queue keeps going', async () => {
    const q = new WorkQueue();
    const bad = q.run(() => {
      throw new Error('boom');
    });
    const good = q.run(() => 42);
    await expect(bad).rejects.toThrow('boom');
    expect(await good).toBe(42);
  });
});

// Issue 18, failure 5: while one user flooded 3,000 commands, another user's answer waited behind all of them
// (8.1 s instead of 55 ms), and 30,000 queued commands held 700 MB.
describe('issue 18, failure 5: a fair, bounded queue', () => {
  it("serves owners in turns: another user's job runs after at most one more of the flooder's", async () => {
    const q = new WorkQueue({ quietMs: 0 });
    const order: string[] = [];
    const flood = Array.from({ length: 200 }, (_, i) => q.run(() => order.push(`flood ${i}`), 'slack:T1:UFLOOD'));
    const other = q.run(() => order.push('other'), 'slack:T1:UOTHER');
    await Promise.all([...flood, other]);
    expect(order.indexOf('other')).toBe(1); // right after the job that was running when it arrived
    // Each owner's jobs still run in their order.
    const floods = order.filter((o) => o !== 'other');
    expect(floods).toEqual(Array.from({ length: 200 }, (_, i) => `flood ${i}`));
  });

  it('takes turns among three owners, one job each', async () => {
    const q = new WorkQueue({ quietMs: 0 });
    const order: string[] = [];
    const jobs = ['a', 'a', 'a', 'b', 'b', 'c'].map((owner) => q.run(() => order.push(owner), owner));
    await Promise.all(jobs);
    expect(order).toEqual(['a', 'b', 'c', 'a', 'b', 'a']);
  });

  it('refuses past maxBacklog with QueueFullError, holding nothing, and takes jobs again once it drains', async () => {
    const q = new WorkQueue({ maxBacklog: 3 });
    const { release, blocker, started } = blockingJob(q, 'a');
    await started;
    const queued = [q.run(() => 1, 'b'), q.run(() => 2, 'c')];
    expect(q.full).toBe(true);
    const refused = q.run(() => 3, 'd');
    await expect(refused).rejects.toBeInstanceOf(QueueFullError);
    await expect(refused).rejects.toMatchObject({ code: 'QUEUE_FULL', maxBacklog: 3 });
    expect(q.size).toBe(3);
    release();
    await blocker;
    expect(await Promise.all(queued)).toEqual([1, 2]);
    expect(q.full).toBe(false);
    expect(await q.run(() => 4, 'd')).toBe(4);
  });

  it('the default bound is QUEUE_LIMITS.maxBacklog', () => {
    expect(new WorkQueue().maxBacklog).toBe(QUEUE_LIMITS.maxBacklog);
  });
});
