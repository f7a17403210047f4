/** A value built on first use, or ahead of time in steps that yield (see `SearchIndex.prepareSteps`). */
export class Lazy<T> {
  private value: T | undefined;

  constructor(private readonly steps: () => Generator<void, T>) {}

  /** The value, built now (in one go) if it is not built yet. */
  get(): T {
    if (this.value === undefined) {
      const steps = this.steps();
      for (let r = steps.next(); ; r = steps.next()) {
        if (r.done) {
          this.value = r.value;
          return r.value;
        }
      }
    }
    return this.value;
  }

  /** Whether it is built. */
  get ready(): boolean {
    return this.value !== undefined;
  }

  /** Build it in steps, unless it is built already. */
  *prepare(): Generator<void, void> {
    if (this.value !== undefined) return;
    const value = yield* this.steps();
    this.value ??= value; // a request may have needed it meanwhile and built it
  }
}

/** Run a step generator to its end in one go. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/** Call `onLine` for each line of newline-separated text (none for ""), yielding every `slice` lines. */
export function* eachLine(text: string, onLine: (line: string) => void, slice = 20_000): Generator<void, void> {
  if (text === '') return;
  let n = 0;
  for (let at = 0; at <= text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    onLine(text.slice(at, end));
    at = end + 1;
    if (++n % slice === 0) yield;
  }
}
