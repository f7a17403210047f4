import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../adapters/shared/work-queue.js';

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
