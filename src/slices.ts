/** Long work run in slices on the event loop, so chat heartbeats and acks still get their turn. */

/** How to run work in slices. */
export interface SliceOptions {
  /** Longest stretch of work between yields to the event loop, in ms. Default 10. */
  sliceMs?: number;
  /** Stop the work (the promise rejects with the signal's reason, an AbortError by default). */
  signal?: AbortSignal;
}

/** Run a step generator to its end, yielding to the event loop about every `sliceMs`. */
export async function runInSlices<T>(steps: Generator<void, T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 10;
  let deadline = performance.now() + sliceMs;
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    if (performance.now() >= deadline) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      deadline = performance.now() + sliceMs;
    }
  }
}
