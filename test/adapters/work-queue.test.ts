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
