/** A corpus copy the bot answers from and watches, as `npm start` does, for the `/add` and `/remove` tests. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CORPUS, loadLibrary } from '../../adapters/shared/corpus.js';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import { type CorpusWatcher, watchCorpus } from '../../adapters/shared/reload.js';

export interface WatchedCorpus {
  file: string;
  holder: LibraryHolder;
  watcher: CorpusWatcher;
  /** What the watcher logged. */
  logs: string[];
}

/** A copy of the bundled corpus, loaded into a holder that its watcher swaps on every change. */
export async function watchedCorpus(): Promise<WatchedCorpus> {
  const file = join(mkdtempSync(join(tmpdir(), 'citebot-collection-')), 'papers.jsonl');
  copyFileSync(DEFAULT_CORPUS, file);
  const load = async (f: string) => (await loadLibrary(f, { cacheDir: false })).library;
  const holder = new LibraryHolder(await load(file));
  const logs: string[] = [];
  // Built on this thread (a worker would only make the tests slower), after 50 ms of quiet.
  const watcher = watchCorpus({ file, holder, log: createLogger({ write: (l) => logs.push(l) }), debounceMs: 50, load });
  return { file, holder, watcher, logs };
}
