import { parseArgs } from 'node:util';
import { CitebotError } from '../../src/index.js';
import { readCacheDir } from '../shared/config.js';
import { DEFAULT_CORPUS, loadLibrary } from '../shared/corpus.js';

/**
 * `npm run index [-- --data FILE]`: build and save the index of a corpus (default the bundled one), so the
 * bot starts from it in seconds. The bot also does this by itself on first start and whenever the corpus changes.
 * The index goes where the bot looks for it: `CITEBOT_CACHE_DIR`, else `.cache/index`.
 */
const { values } = parseArgs({ options: { data: { type: 'string' } } });
const file = values.data ?? DEFAULT_CORPUS;
try {
  const t0 = performance.now();
  let saveError: Error | undefined;
  const cacheDir = readCacheDir(process.env);
  const loaded = await loadLibrary(file, { ...(cacheDir ? { cacheDir } : {}), onSaveError: (err) => (saveError = err) });
  if (saveError) throw saveError;
  const how = loaded.index === 'saved' ? 'already up to date' : `built (saved index was ${loaded.index})`;
  process.stdout.write(
    `${loaded.indexFile}: ${how}; ${loaded.library.size} papers; load ${(loaded.loadMs / 1000).toFixed(1)} s, index ${(loaded.indexMs / 1000).toFixed(1)} s, total ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
} catch (err) {
  process.stderr.write(`${err instanceof CitebotError ? err.message : (err as Error).message}\n`);
  process.exitCode = 1;
}
