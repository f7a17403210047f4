/**
 * Event-loop delay during a background rebuild: while a library is being built over the seed papers plus
 * --distractors shared-corpus papers, `perf_hooks.monitorEventLoopDelay` runs and a probe asks the serving
 * (seed) library a question every 20 ms, as chat requests would. Reports the loop delay percentiles, the
 * worst probe delay and how many probes ran during the rebuild.
 *
 *   npx tsx test/bench/event-loop.ts --distractors 136575
 *   npx tsx test/bench/event-loop.ts --builder buildLibrary   # a src/index.ts export returning Promise<Library>
 *
 * --builder names the src/index.ts export used for the rebuild (default `createLibrary`, synchronous today);
 * it is called as builder(papers, { termStats }) and may return a Library or a Promise of one.
 *
 *   npx tsx test/bench/event-loop.ts --worker /tmp/citebot-bench/corpus-136575.jsonl
 *
 * --worker rebuilds from a corpus file the way the bot's corpus watcher does (`buildInWorker`: read, validate
 * and index in a worker thread, assemble on this one; then `Library.prepare`, the warm-up before the swap);
 * run-bench.ts writes such files to /tmp/citebot-bench.
 *
 *   npx tsx test/bench/event-loop.ts --worker /tmp/citebot-bench/corpus-136575.jsonl --cache-dir /tmp/el-cache
 *
 * --cache-dir (with --worker) rebuilds as the bot's corpus watcher does when it has a saved-index folder (the
 * default since issue 14's bounded build): `loadLibrary` builds and saves the index in a capped worker, then opens
 * it from the file on this thread; then `Library.prepare`. The folder's index is removed first, so it is a rebuild.
 */
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS, defaultTermStats, loadLibrary } from '../../adapters/shared/corpus.js';
import { buildInWorker } from '../../adapters/shared/reload.js';
import * as core from '../../src/index.js';
import { type Library, loadCorpusFile, type Paper } from '../../src/index.js';
import { loadDistractors } from '../eval/evaluate.js';
import { gitLine } from './git-state.js';
import { machineLine, percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    distractors: { type: 'string', default: '136575' },
    builder: { type: 'string', default: 'createLibrary' },
    worker: { type: 'string' },
    'cache-dir': { type: 'string' },
    /** Quiet time measured before and after the rebuild (ms). Default (and least) 50: the window is about the rebuild. */
    settle: { type: 'string', default: '50' },
    'timeout-s': { type: 'string', default: '600' },
  },
});

/** How often the probe asks a question, like a steady trickle of chat requests. */
const PROBE_EVERY_MS = 20;
const PROBE_QUESTION = 'How does KIVI quantize the key cache?';

type Builder = (papers: readonly Paper[], options: { termStats: core.TermStats }) => Library | Promise<Library>;
const builder = (core as unknown as Record<string, unknown>)[values.builder];
if (typeof builder !== 'function') throw new Error(`src/index.ts has no function export "${values.builder}"`);
const build = builder as Builder;

const guard = setTimeout(() => {
  console.error(`event-loop: gave up after ${values['timeout-s']} s`);
  process.exit(2);
}, Number(values['timeout-s']) * 1000);
guard.unref();

const distractors = Number(values.distractors);
const seed = await loadCorpusFile(DEFAULT_CORPUS);
const workerFile = values.worker;
const cacheDir = values['cache-dir'];
if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
const papers: Paper[] = workerFile
  ? []
  : [...seed, ...(distractors > 0 ? await loadDistractors(distractors >= 136_575 ? undefined : distractors) : [])];
const termStats = await defaultTermStats();
const serving = core.createLibrary(seed, { termStats });
const settle = Number(values.settle);
/** Stretches (ms) beyond the probe interval between two probe turns during the rebuild: time the loop was busy. */
const blocked: number[] = [];
let lastTurn = performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const loop = monitorEventLoopDelay({ resolution: 10 });
const probeDelays: number[] = [];
let rebuilding = false;
let probesDuringRebuild = 0;
let expected = performance.now() + PROBE_EVERY_MS;
const probe = setInterval(() => {
  const now = performance.now();
  probeDelays.push(Math.max(0, now - expected));
  expected = now + PROBE_EVERY_MS;
  if (rebuilding) {
    probesDuringRebuild++;
    blocked.push(Math.max(0, now - lastTurn - PROBE_EVERY_MS));
  }
  lastTurn = now;
  serving.ask(PROBE_QUESTION, { top: 5 });
}, PROBE_EVERY_MS);

const gcPauses: number[] = [];
const gcObserver = new PerformanceObserver((list) => {
  if (rebuilding) for (const e of list.getEntries()) gcPauses.push(e.duration);
});
gcObserver.observe({ entryTypes: ['gc'] });
loop.enable();
// The monitor's timer starts on the next loop turns: give it a few ticks before the rebuild.
await sleep(Math.max(settle, 50));
rebuilding = true;
const t0 = performance.now();
// Started from a timer, as a file watcher or admin command would start it in the bot.
lastTurn = t0;
const rebuilt = await new Promise<Library>((resolve, reject) =>
  setTimeout(
    () =>
      Promise.resolve(
        workerFile
          ? (cacheDir ? loadLibrary(workerFile, { cacheDir }).then((l) => l.library) : buildInWorker(workerFile)).then(async (lib) => {
              await lib.prepare();
              return lib;
            })
          : build(papers, { termStats }),
      ).then(resolve, reject),
    0,
  ),
);
const rebuildMs = performance.now() - t0;
blocked.push(Math.max(0, performance.now() - lastTurn - PROBE_EVERY_MS));
rebuilding = false;
// At least a few monitor ticks after the rebuild, so the delay it caused is recorded.
await sleep(Math.max(settle, 50));
loop.disable();
clearInterval(probe);
gcObserver.disconnect();

const sorted = [...probeDelays].sort((a, b) => a - b);
const ms = (ns: number) => (ns / 1e6).toFixed(1);
console.log(
  `## Event-loop delay during a rebuild of ${rebuilt.size.toLocaleString('en-US')} papers (${workerFile ? (cacheDir ? 'loadLibrary with a saved-index folder, then prepare' : 'buildInWorker, then prepare') : values.builder})\n`,
);
console.log(`machine: ${machineLine()}; ${gitLine()}\n`);
const waitP99 = arrivalWaitPercentile(blocked, rebuildMs, 0.99);
console.log(
  '| rebuild s | loop delay p50 ms | p99 ms | max ms | wait p99 of a request arriving at a random moment, ms | probes run during rebuild (every 20 ms) | probe delay p99 ms |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|');
console.log(
  `| ${(rebuildMs / 1000).toFixed(1)} | ${ms(loop.percentile(50))} | ${ms(loop.percentile(99))} | ${ms(loop.max)} | ${waitP99.toFixed(1)} | ${probesDuringRebuild} of ~${Math.floor(rebuildMs / PROBE_EVERY_MS)} | ${percentile(sorted, 99).toFixed(1)} |`,
);
console.log(
  `\nlongest busy stretches (ms): ${[...blocked]
    .sort((a, b) => b - a)
    .slice(0, 5)
    .map((b) => b.toFixed(0))
    .join(
      ', ',
    )}; GC pauses during the rebuild: ${gcPauses.length}, longest ${Math.max(0, ...gcPauses).toFixed(0)} ms, total ${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms`,
);
const met = loop.percentile(99) / 1e6 <= 50 && waitP99 <= 50;
console.log(`\ntarget (event-loop delay p99 ≤ 50 ms during a background rebuild): ${met ? 'met' : 'NOT met'}`);
console.log(
  '(monitorEventLoopDelay counts one sample per timer turn, so a long synchronous build is a single sample; the "random moment" column weighs each busy stretch by its length, which is what a chat request arriving mid-rebuild waits)',
);

/** The p-quantile of the wait until the loop is next free, for an arrival uniform over `windowMs`, given busy stretches. */
function arrivalWaitPercentile(busy: readonly number[], windowMs: number, p: number): number {
  // P(wait > w) = Σ max(0, b − w) / window; find the least w with P ≤ 1 − p.
  const tail = (w: number) => busy.reduce((sum, b) => sum + Math.max(0, b - w), 0) / windowMs;
  let lo = 0,
    hi = Math.max(0, ...busy);
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > 1 - p) lo = mid;
    else hi = mid;
  }
  return hi;
}
