import type { Library } from '../../src/index.js';

/**
 * Holds the library adapters answer from. Handlers read `current` per request, so a reload can swap in a
 * new library atomically while requests keep being served.
 */
export class LibraryHolder {
  private lib: Library;
  private readonly listeners = new Set<(lib: Library) => void>();

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

  /** Be told when a new library is swapped in. Returns an unsubscribe function. */
  onSwap(listener: (lib: Library) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
