/**
 * Runs CPU-bound jobs (answering questions) one at a time, each in its own turn of the event loop, so
 * network work waiting behind them (Slack acks, Discord deferrals and heartbeats) is served between jobs.
 * A burst of 1,000 commands is then acked first and answered after, instead of each ack waiting for all
 * the answers queued before it.
 *
 * While connections are still arriving (`noteArrival`), a job waits for a short quiet spell first, up to a
 * bound. With 1,000 simultaneous connections to a plain Node HTTP server running 10 ms jobs back to back,
 * the last 10-15% of the connections were accepted 1-9 s late in about half the runs (no TCP drop counted),
 * missing Slack's 3 s ack; with no CPU work between, or with this quiet spell, never after 0.7 s
 * (`test/bench/accept-burst.ts`).
 */
export interface WorkQueueOptions {
  /** Quiet needed since the last arrival before a job starts, in ms. Default 25. */
  quietMs?: number;
  /** Longest a job waits for that quiet, in ms, so steady traffic still gets answers. Default 250. */
  maxQuietWaitMs?: number;
}

export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;
  private lastArrival = -Infinity;
  private readonly quietMs: number;
  private readonly maxQuietWaitMs: number;

  constructor(options: WorkQueueOptions = {}) {
    this.quietMs = options.quietMs ?? 25;
    this.maxQuietWaitMs = options.maxQuietWaitMs ?? 250;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** A connection or request just arrived: let a burst be accepted before the next job takes the CPU. */
  noteArrival(): void {
    this.lastArrival = performance.now();
  }

  /** Run `job` after the jobs queued before it, starting in a fresh turn of the event loop. */
  run<T>(job: () => T | Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(
      () =>
        new Promise<T>((resolve, reject) => {
          const start = () => {
            try {
              resolve(job());
            } catch (err) {
              reject(err);
            }
          };
          const waitedSince = performance.now();
          const whenQuiet = () => {
            const now = performance.now();
            if (now - this.lastArrival >= this.quietMs || now - waitedSince >= this.maxQuietWaitMs) setImmediate(start);
            else setTimeout(whenQuiet, Math.min(this.quietMs - (now - this.lastArrival), 5));
          };
          whenQuiet();
        }),
    );
    const done = () => {
      this.waiting--;
    };
    this.tail = result.then(done, done);
    return result;
  }
}
