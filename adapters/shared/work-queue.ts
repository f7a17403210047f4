/**
 * Runs CPU-bound jobs (answering questions) one at a time, each in its own turn of the event loop, so
 * network work waiting behind them (Slack acks, Discord deferrals and heartbeats) is served between jobs.
 * A burst of 1,000 commands is then acked first and answered after, instead of each ack waiting for all
 * the answers queued before it.
 */
export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting;
  }

  /** Run `job` after the jobs queued before it, starting in a fresh turn of the event loop. */
  run<T>(job: () => T | Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(
      () =>
        new Promise<T>((resolve, reject) => {
          setImmediate(() => {
            try {
              resolve(job());
            } catch (err) {
              reject(err);
            }
          });
        }),
    );
    const done = () => {
      this.waiting--;
    };
    this.tail = result.then(done, done);
    return result;
  }
}

/** The process-wide queue the chat adapters answer through. */
export const answerQueue = new WorkQueue();
