/**
 * Peak memory and CPU of building a corpus's saved index the way the bot does on its first start and
 * `npm run index` (`loadLibrary` with a saved-index folder that has none yet), each build in a fresh process:
 *
 *   npx tsx test/bench/build-peak.ts --corpus /tmp/citebot-bench/corpus-136575.jsonl --work /tmp/peak --runs 3
 *
 * `--how worker` is that path (index-build.ts: a worker thread with a capped heap, from a spool of the corpus
 * lines); `--how main` builds as it was done before it, on the main thread from the papers as objects, then
 * saves. `--how worker,main` alternates them, run after run. Prints one line per build: wall and CPU seconds
 * (every thread of the process), peak RSS, and the saved index's size.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultTermStats, indexFileFor, loadLibrary } from '../../adapters/shared/corpus.js';
import { buildLibrary, hashFile, loadCorpusFile, saveIndex } from '../../src/index.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    work: { type: 'string', default: '/tmp/citebot-build-peak' },
    runs: { type: 'string', default: '1' },
    how: { type: 'string', default: 'worker' },
    child: { type: 'string' },
    /** Print the process's RSS every 250 ms of each build. */
    timeline: { type: 'boolean', default: false },
  },
});
if (!values.corpus) throw new Error('give --corpus FILE');
const corpus = values.corpus;

if (values.child) {
  const cacheDir = join(values.work, `cache-${process.pid}`);
  rmSync(cacheDir, { recursive: true, force: true });
  await defaultTermStats();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let papers: number;
  // RSS of the whole process (both threads) every 250 ms: where in the build the peak is.
  const timeline: string[] = [];
  const sampler = setInterval(() => timeline.push((process.memoryUsage().rss / 1048576).toFixed(0)), 250);
  if (values.child === 'worker') {
    const loaded = await loadLibrary(corpus, { cacheDir, onSaveError: (err) => console.error(err) });
    if (loaded.index === 'saved') throw new Error('expected a build');
    papers = loaded.library.size;
    const c = process.cpuUsage(c0);
    console.error(
      `  worker: load ${(loaded.loadMs / 1000).toFixed(1)} s, index ${(loaded.indexMs / 1000).toFixed(1)} s (wall); CPU ${((c.user + c.system) / 1e6).toFixed(1)} s until the library is open`,
    );
  } else {
    const hash = await hashFile(corpus);
    const library = await buildLibrary(await loadCorpusFile(corpus), { termStats: await defaultTermStats() });
    await saveIndex(indexFileFor(corpus, cacheDir), { papers: library.papers, snapshot: library.snapshot() }, hash);
    papers = library.size;
  }
  const cpu = process.cpuUsage(c0);
  clearInterval(sampler);
  if (values.timeline) console.error(`  RSS MB every 250 ms: ${timeline.join(' ')}`);
  const result = {
    how: values.child,
    papers,
    wallS: (performance.now() - t0) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1048576,
    indexMb: statSync(indexFileFor(corpus, cacheDir)).size / 1048576,
  };
  rmSync(cacheDir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  mkdirSync(values.work, { recursive: true });
  const self = fileURLToPath(import.meta.url);
  const hows = values.how.split(',');
  for (let r = 0; r < Number(values.runs); r++) {
    for (const how of hows) {
      const out = spawnSync(
        process.execPath,
        ['--import', 'tsx', self, '--child', how, '--corpus', corpus, '--work', values.work, ...(values.timeline ? ['--timeline'] : [])],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      if (out.status !== 0) throw new Error(`${how} build failed (exit ${out.status ?? out.signal})`);
      const x = JSON.parse(out.stdout.trim().split('\n').pop()!) as Record<string, number | string>;
      const f = (v: unknown, d = 1) => (v as number).toFixed(d);
      console.log(
        `${x.how}: ${x.papers} papers, wall ${f(x.wallS)} s, CPU ${f(x.cpuS)} s, peak RSS ${f(x.peakRssMb, 0)} MB, saved index ${f(x.indexMb, 0)} MB`,
      );
    }
  }
}
