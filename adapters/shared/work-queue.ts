import { AsyncResource } from 'node:async_hooks';

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
 *
 * Fair and bounded: each job has an owner (a user, `requesterKey`), and owners take turns, one job each, so
 * one user's flood delays another user's answer by at most one job. At most `maxBacklog` jobs wait or run;
 * past it `run` refuses with `QueueFullError` instead of holding them (30,000 queued commands held 700 MB).
 */
export interface WorkQueueOptions {
  /** Quiet needed since the last arrival before a job starts, in ms. Default 25. */
  quietMs?: number;
  /** Longest a job waits for that quiet, in ms, so steady traffic still gets answers. Default 250. */
  maxQuietWaitMs?: number;
  /** Jobs queued or running at most. Default `QUEUE_LIMITS.maxBacklog`. */
  maxBacklog?: number;
}

/**
 * The backlog's default cap (`CITEBOT_QUEUE_MAX`): a 1,000-command burst fits twice over, and a full backlog is
 * answered within about 20 s (answers take 2-10 ms at 136k papers), well inside Slack's and Discord's 15-30 min.
 */
export const QUEUE_LIMITS = { maxBacklog: 2000 } as const;

/** The backlog is full: tell the user to try again later. */
export class QueueFullError extends Error {
  override name = 'QueueFullError';
  readonly code = 'QUEUE_FULL';
  constructor(readonly maxBacklog: number) {
    super(`the work queue is full (${maxBacklog} jobs)`);
  }
}

/** The owner of jobs run without one (they share one turn). */
const ANYONE = '';

export class WorkQueue {
  /** Each owner's waiting jobs, oldest first. */
  private readonly lanes = new Map<string, (() => void)[]>();
  /** Owners with waiting jobs, in the order they take their next turn. */
  private readonly turns: string[] = [];
  private busy = false;
  private waiting = 0;
  private lastArrival = -Infinity;
  private readonly idle: (() => void)[] = [];
  private readonly quietMs: number;
  private readonly maxQuietWaitMs: number;
  readonly maxBacklog: number;

  constructor(options: WorkQueueOptions = {}) {
    this.quietMs = options.quietMs ?? 25;
    this.maxQuietWaitMs = options.maxQuietWaitMs ?? 250;
    this.maxBacklog = options.maxBacklog ?? QUEUE_LIMITS.maxBacklog;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** True when `run` would refuse a job. */
  get full(): boolean {
    return this.waiting >= this.maxBacklog;
  }

  /**
   * Resolves once no job waits or runs (at once when none does), or after `timeoutMs` with false: what a graceful
   * shutdown waits for, so questions already accepted are answered before the process exits.
   */
  drain(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    if (this.waiting === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => resolve(false), timeoutMs) : undefined;
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** A connection or request just arrived: let a burst be accepted before the next job takes the CPU. */
  noteArrival(): void {
    this.lastArrival = performance.now();
  }

  /**
   * Run `job` in `owner`'s next turn (owners take turns, one job each; an owner's jobs run in order), starting in
   * a fresh turn of the event loop. Rejects with `QueueFullError` at once when `maxBacklog` jobs are waiting.
   */
  run<T>(job: () => T | Promise<T>, owner: string = ANYONE): Promise<T> {
    if (this.full) return Promise.reject(new QueueFullError(this.maxBacklog));
    this.waiting++;
    // The job runs in its caller's async context (its request id), not in that of whichever job ran before it.
    const bound = AsyncResource.bind(job);
    return new Promise<T>((resolve) => {
      const start = () => {
        let result: Promise<T>;
        try {
          result = Promise.resolve(bound());
        } catch (err) {
          result = Promise.reject(err);
        }
        const done = () => {
          this.waiting--;
          this.busy = false;
          if (this.waiting === 0) for (const resolveIdle of this.idle.splice(0)) resolveIdle();
          // The owner's next job (queued while this one ran) goes behind everyone already waiting.
          const lane = this.lanes.get(owner);
          if (lane && lane.length > 0) this.turns.push(owner);
          else this.lanes.delete(owner);
          this.next();
        };
        result.then(done, done);
        resolve(result);
      };
      const lane = this.lanes.get(owner);
      if (lane)
        lane.push(start); // waiting, or running: its turn comes (again) when its job is done
      else {
        this.lanes.set(owner, [start]);
        this.turns.push(owner);
      }
      this.next();
    });
  }

  /** Start the next owner's job, after a quiet spell while connections are arriving. */
  private next(): void {
    if (this.busy) return;
    const owner = this.turns.shift();
    if (owner === undefined) return;
    // The lane stays while its job runs (even empty), so the owner's next job waits for its next turn.
    const start = this.lanes.get(owner)!.shift()!;
    this.busy = true;
    const waitedSince = performance.now();
    const whenQuiet = () => {
      const now = performance.now();
      if (now - this.lastArrival >= this.quietMs || now - waitedSince >= this.maxQuietWaitMs) setImmediate(start);
      else setTimeout(whenQuiet, Math.min(this.quietMs - (now - this.lastArrival), 5));
    };
    whenQuiet();
  }
}
