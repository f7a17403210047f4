/**
 * Serving memory, stage by stage, as the bot serves a saved index: the process after its imports, the term
 * statistics, the saved index opened, the first answer, `Library.prepare` (the warm-up the bot runs after start:
 * title index, typo vocabulary, names), then lookups and a typo question. Each line gives RSS and V8's heap
 * (used / total), external and array-buffer memory, with the heap collected first (`--expose-gc`) so the heap
 * figures are what is live, and the peak RSS so far.
 *
 *   node --expose-gc --import tsx test/bench/memory.ts --corpus /work/bench-data/wt-mem/corpus-136575.jsonl
 *
 * The saved index is --index (default: run-bench's, the corpus file + `.citebot-index`); it must be current
 * (build it with run-bench or dump-answers). `--platforms` also imports discord.js and @slack/bolt, as the bot
 * does before its first answer. `--snapshots DIR` writes a V8 heap snapshot after every stage (open them in Chrome
 * DevTools' Memory tab to see what holds the heap). `--json FILE` appends the readings.
 *
 * The first line, before anything of citebot is imported, is the runtime alone: compare it with `node -e` (no
 * tsx) to see what the loader costs.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    index: { type: 'string' },
    platforms: { type: 'boolean', default: false },
    snapshots: { type: 'string' },
    json: { type: 'string' },
    /** Milliseconds per slice of the warm-up (the bot's default is 10). */
    'slice-ms': { type: 'string', default: '10' },
    /** Seconds to stay idle at the end, as a bot waits between questions (V8 shrinks its heap when idle). */
    idle: { type: 'string', default: '30' },
    /** Print the largest resident mappings at the end (/proc/self/smaps, Linux): which allocator holds the RSS. */
    smaps: { type: 'boolean', default: false },
  },
});
if (!values.corpus) throw new Error('give --corpus FILE (a corpus with a current saved index)');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) console.error('run with node --expose-gc for heap figures of live objects only');
const mb = (n: number) => (n / 1048576).toFixed(1);

/**
 * Of the resident set, pages freed lazily (`madvise(MADV_FREE)`, "LazyFree" in /proc/self/smaps_rollup): still
 * counted in RSS, but the kernel takes them back at the first memory pressure. Linux only; 0 elsewhere.
 */
function lazyFree(): number {
  const file = '/proc/self/smaps_rollup';
  if (!existsSync(file)) return 0;
  const m = /^LazyFree:\s+(\d+) kB/m.exec(readFileSync(file, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

interface Reading {
  stage: string;
  rss: number;
  lazyFree: number;
  heapUsed: number;
  heapTotal: number;
  /** Of heapTotal, the young generation (sized by V8 for throughput, emptied by every scavenge). */
  newSpace: number;
  external: number;
  arrayBuffers: number;
  maxRss: number;
  ms: number;
  cpuMs: number;
}
const readings: Reading[] = [];
let last = performance.now();
let lastCpu = process.cpuUsage();

/** Record a stage: memory after a collection, time and CPU since the stage before. */
function stage(name: string): void {
  const ms = performance.now() - last;
  const cpu = process.cpuUsage(lastCpu);
  gc?.();
  const m = process.memoryUsage();
  const r: Reading = {
    stage: name,
    rss: m.rss,
    lazyFree: lazyFree(),
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    newSpace: getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space')?.space_size ?? 0,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    maxRss: process.resourceUsage().maxRSS * 1024,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  readings.push(r);
  console.log(
    `| ${name} | ${mb(r.rss)} | ${mb(r.lazyFree)} | ${mb(r.heapUsed)} / ${mb(r.heapTotal)} | ${mb(r.newSpace)} | ${mb(r.external)} | ${mb(r.arrayBuffers)} | ${mb(r.maxRss)} | ${ms.toFixed(0)} (${r.cpuMs.toFixed(0)}) |`,
  );
  if (values.snapshots) {
    mkdirSync(values.snapshots, { recursive: true });
    writeHeapSnapshot(join(values.snapshots, `${readings.length}-${name.replace(/[^a-z0-9]+/gi, '-')}.heapsnapshot`));
  }
  last = performance.now();
  lastCpu = process.cpuUsage();
}

console.log(
  '| stage | RSS MB | of which lazily freed MB | heap used / total MB | of which new space MB | external MB | array buffers MB | peak RSS MB | ms (CPU ms) |',
);
console.log(
  '| ----- | -----: | -----: | -------------------: | --------------------: | ----------: | ---------------: | ----------: | ----------: |',
);
stage('runtime (node + loader)');
const core = await import('../../src/index.js');
const { loadBundledTermStats } = await import('./engines.js');
stage('core imported');
if (values.platforms) {
  await import('discord.js');
  await import('@slack/bolt');
  stage('discord.js and bolt imported');
}
const termStats = await loadBundledTermStats();
stage('term statistics');
const indexFile = values.index ?? `${values.corpus}.citebot-index`;
const saved = await core.loadIndex(indexFile, await core.hashFile(values.corpus));
if ('miss' in saved) throw new Error(`${indexFile}: saved index not loaded (${saved.miss}); build it first`);
const library = core.openLibrary({ ...saved, termStats });
stage('saved index opened');
library.ask('How does KIVI quantize the key cache?', { top: 5 });
stage('first answer');
await library.prepare({ sliceMs: Number(values['slice-ms']) });
stage('after prepare');
for (const q of ['kivi', 'attention is all', 'quantiz', 'llama 2', '2402.02750', 'flash atention']) library.lookup(q, 25);
library.ask('how does the kv cahce get compressed?', { top: 5 });
stage('lookups and a typo question');
const idleS = Number(values.idle);
if (idleS > 0) {
  await new Promise((resolve) => setTimeout(resolve, idleS * 1000));
  stage(`idle ${idleS} s`);
}

if (values.smaps && existsSync('/proc/self/smaps')) {
  const maps: { name: string; rss: number }[] = [];
  let current: { name: string; rss: number } | undefined;
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      current = { name: head[1] || '[anonymous]', rss: 0 };
      maps.push(current);
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) current.rss += Number(rss[1]) * 1024;
  }
  const byName = new Map<string, { n: number; rss: number }>();
  for (const m of maps) {
    const e = byName.get(m.name) ?? { n: 0, rss: 0 };
    e.n++;
    e.rss += m.rss;
    byName.set(m.name, e);
  }
  console.log('\nresident by mapping (MB, mappings):');
  for (const [name, e] of [...byName].sort((a, b) => b[1].rss - a[1].rss).slice(0, 8)) console.log(`${mb(e.rss)}\t${e.n}\t${name}`);
  const anon = maps.filter((m) => m.name === '[anonymous]').sort((a, b) => b.rss - a.rss);
  console.log(
    `largest anonymous mappings MB: ${anon
      .slice(0, 12)
      .map((m) => mb(m.rss))
      .join(', ')}`,
  );
  const small = anon.filter((m) => m.rss <= 256 << 10);
  console.log(
    `anonymous mappings of at most 256 KB resident (V8's pages, thread stacks): ${small.length}, ${mb(small.reduce((n, m) => n + m.rss, 0))} MB`,
  );
}

if (values.json) {
  appendFileSync(
    values.json,
    `${JSON.stringify({ corpus: values.corpus, papers: library.size, when: new Date().toISOString(), readings })}\n`,
  );
}
