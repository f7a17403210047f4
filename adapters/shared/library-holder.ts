import type { Library } from '../../src/index.js';

/**
 * Holds the library adapters answer from. Handlers read `current` per request, so a reload can swap in a
 * new library atomically while requests keep being served.
 */
export class LibraryHolder {
  private lib: Library;
  private readonly listeners = new Set<(lib: Library) => void>();
  private announcer: ((file: string) => Promise<void>) | undefined;

  constructor(initial: Library) {
    this.lib = initial;
  }

  /** The library to answer from now. */
  get current(): Library {
    return this.lib;
  }

  /** Swap in a new library; later requests use it. */
  swap(next: Library): void {
    this.lib = next;
    for (const l of this.listeners) l(next);
  }

  /**
   * Set how a change this process wrote to the corpus file is announced to other replicas (with `DATABASE_URL`:
   * record the version and NOTIFY; see `store/corpus-version.ts`).
   */
  announceWith(announcer: (file: string) => Promise<void>): void {
    this.announcer = announcer;
  }

  /** Tell other replicas that `file` was just written (`/add`, `/remove`). Does nothing without an announcer; never rejects. */
  async announce(file: string): Promise<void> {
    await this.announcer?.(file).catch(() => {});
  }

  /** Be told when a new library is swapped in. Returns an unsubscribe function. */
  onSwap(listener: (lib: Library) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
