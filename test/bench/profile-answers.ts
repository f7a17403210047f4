/**
 * Where an answer's CPU goes on a large (synthetic) corpus: opens the library from the saved index beside the
 * corpus file (built streamed and saved there first when missing, as `run-bench.ts --synthetic` does), asks the
 * benchmark's questions for a few timed passes, and prints CPU per answer, p50 / p99 and, with `--split`, the time
 * spent in each retriever call. `--profile FILE` writes a V8 CPU profile of the timed passes only (not the loading
 * or warm-up); `--summarize` prints one's self and inclusive time per function:
 *
 *   npx tsx test/bench/profile-answers.ts --corpus FILE --profile /tmp/answers.cpuprofile
 *   npx tsx test/bench/profile-answers.ts --summarize /tmp/answers.cpuprofile
 *
 * Measures only; asserts nothing.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createLibrary, hashFile, type Library, loadIndex, openLibrary, type Paper, saveIndex } from '../../src/index.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { loadQuestions } from '../eval/evaluate.js';
import { citebotIndexFile, loadBundledTermStats, mixedQuestions, TOP } from './engines.js';
import { papersFromFile } from './file-papers.js';
import { percentile } from './stats.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    /** The saved index (default: beside the corpus file, where run-bench.ts keeps it). */
    index: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    /** Time each retriever call (candidates, idf, …) apart. */
    split: { type: 'boolean', default: false },
    /** Print the questions of the slowest answers (the median time of each over the passes), this many. */
    slowest: { type: 'string', default: '0' },
    /** Record the candidate searches of one pass, then time only them, this many passes (CPU per search). */
    replay: { type: 'string' },
    /** Write a CPU profile of the timed passes here. */
    profile: { type: 'string' },
    summarize: { type: 'string' },
    /** Rows of the profile summary. */
    top: { type: 'string', default: '40' },
  },
});

/** A V8 CPU profile (what `node --cpu-prof` writes). */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and inclusive time per function of a CPU profile, largest first. */
function summarize(file: string, rows: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id: number) => {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || '(anonymous)'} ${url.replace(/^.*\/(src|test|node_modules)\//, '$1/')}:${lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const k = keyOf(id);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(at);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const print = (title: string, m: Map<string, number>) => {
    console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows))
      console.log(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${(v / 1000).toFixed(0).padStart(7)} ms  ${k}`);
  };
  print('self time', self);
  print('inclusive time', inclusive);
}

async function open(corpus: string, file = citebotIndexFile(corpus)): Promise<Library> {
  const termStats = await loadBundledTermStats();
  const hash = await hashFile(corpus);
  const saved = await loadIndex(file, hash);
  if (!('miss' in saved)) return openLibrary({ ...saved, termStats });
  console.error(`no current saved index (${saved.miss}): building streamed from ${corpus}`);
  const t0 = performance.now();
  const papers = (await papersFromFile(corpus)) as unknown as Paper[];
  const library = createLibrary(papers, { termStats });
  console.error(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await saveIndex(file, { papers: library.papers, snapshot: library.snapshot() }, hash);
  console.error(`saved ${(statSync(file).size / 1048576).toFixed(0)} MB to ${file}`);
  const again = await loadIndex(file, hash);
  if ('miss' in again) throw new Error(`saved index not loaded: ${again.miss}`);
  return openLibrary({ ...again, termStats });
}

/** Wrap the retriever's methods to add up the time spent in each. */
function timeRetriever(): Map<string, { ms: number; calls: number }> {
  const spent = new Map<string, { ms: number; calls: number }>();
  const proto = SearchIndex.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ['candidates', 'idf', 'docFrequency', 'has', 'namedIn', 'namedAs', 'namesOf', 'closestTerm', 'inTitles', 'lookup']) {
    const inner = proto[name]!;
    const entry = { ms: 0, calls: 0 };
    spent.set(name, entry);
    proto[name] = function (this: unknown, ...args: unknown[]) {
      const t = performance.now();
      try {
        return inner.apply(this, args);
      } finally {
        entry.ms += performance.now() - t;
        entry.calls++;
      }
    };
  }
  return spent;
}

/** Time the candidate searches that answering the questions makes, replayed on their own. */
function replay(library: Library, questions: readonly string[], passes: number): void {
  const index = (library as unknown as { index: SearchIndex }).index;
  const calls: Parameters<SearchIndex['candidates']>[0][] = [];
  const proto = SearchIndex.prototype;
  const inner = proto.candidates;
  proto.candidates = function (this: SearchIndex, query) {
    calls.push(query);
    return inner.call(this, query);
  };
  for (const q of questions) library.ask(q, { top: TOP });
  proto.candidates = inner;
  const times: number[] = [];
  const cpu = process.cpuUsage();
  for (let r = 0; r < passes; r++)
    for (const query of calls) {
      const s = performance.now();
      index.candidates(query);
      times.push(performance.now() - s);
    }
  const used = process.cpuUsage(cpu);
  times.sort((a, b) => a - b);
  console.log(
    `${library.size} papers, ${calls.length} candidate searches × ${passes}: CPU ${((used.user + used.system) / 1000 / times.length).toFixed(3)} ms per search, p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms; load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

async function main(): Promise<void> {
  if (values.summarize) return summarize(values.summarize, Number(values.top));
  if (!values.corpus) throw new Error('give --corpus FILE (or --summarize PROFILE)');
  const spent = values.split ? timeRetriever() : undefined;
  const t0 = performance.now();
  const library = await open(values.corpus, values.index);
  console.error(`opened ${library.size} papers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const questions = mixedQuestions(loadQuestions());
  for (const q of questions.slice(0, 30)) library.ask(q, { top: TOP });
  for (const entry of spent?.values() ?? []) Object.assign(entry, { ms: 0, calls: 0 });
  if (values.replay) return replay(library, questions, Number(values.replay));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const load0 = loadavg()[0]!;
  const session = values.profile ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 250 });
    await session.post('Profiler.start');
  }
  const times: number[] = [];
  const byQuestion = questions.map(() => [] as number[]);
  const cpu = process.cpuUsage();
  for (let r = 0; r < Number(values.rounds); r++) {
    for (const [i, q] of questions.entries()) {
      const s = performance.now();
      library.ask(q, { top: TOP });
      const t = performance.now() - s;
      times.push(t);
      byQuestion[i]!.push(t);
    }
  }
  const used = process.cpuUsage(cpu);
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(values.profile!, JSON.stringify(profile));
    session.disconnect();
  }
  times.sort((a, b) => a - b);
  const n = times.length;
  console.log(
    `${library.size} papers, ${n} answers: CPU ${((used.user + used.system) / 1000 / n).toFixed(2)} ms per answer, p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, mean ${(times.reduce((a, b) => a + b, 0) / n).toFixed(2)} ms; load average ${load0.toFixed(1)}→${loadavg()[0]!.toFixed(1)}`,
  );
  const median = (ts: number[]) => ts.sort((a, b) => a - b)[ts.length >> 1]!;
  for (const [i, ts] of [...byQuestion.entries()].sort((a, b) => median(b[1]) - median(a[1])).slice(0, Number(values.slowest)))
    console.log(`  ${median(ts).toFixed(1)} ms: ${questions[i]!.slice(0, 100)}`);
  for (const [name, { ms, calls }] of spent ?? [])
    if (calls > 0) console.log(`  ${name}: ${(ms / n).toFixed(3)} ms per answer (${(calls / n).toFixed(1)} calls)`);
}

await main();
