/**
 * Scale benchmark: each engine on each corpus size in its own child process, so peak RSS and build time
 * are the engine's own. Prints markdown tables (one per size) and ratios against citebot.
 *
 *   npx tsx test/bench/run-bench.ts --sizes 1000,10000,136575 --engines citebot,minisearch-default,flexsearch,orama
 *
 * A size is the number of shared-corpus papers added to the 33 seed papers (136575 = all of them). The corpus
 * for a size is written once to --work (a plain .jsonl) and every child loads it with `loadCorpusFile`.
 * Nothing here touches the network; a child that runs past --timeout-min is killed and reported.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpusFile, serializeCorpus } from '../../src/index.js';
import { DEFAULT_CORPUS } from '../../adapters/shared/corpus.js';
import { loadDistractors, loadQuestions, type EvalQuestion } from '../eval/evaluate.js';
import { ENGINE_NAMES, ENGINE_NOTES, corePersistenceExports, makeEngine, mixedQuestions, type EngineName } from './engines.js';
import { machineLine, percentile } from './stats.js';
import { gitLine } from './git-state.js';

const SELF = fileURLToPath(import.meta.url);
const ALL_DISTRACTORS = 136_575;

/** What one child measured. */
export interface ChildResult {
  engine: EngineName;
  papers: number;
  corpusLoadMs: number;
  /** Time to load the engine's extra data (citebot: term statistics), 0 for others. */
  extraLoadMs: number;
  buildMs: number;
  /** Without a saved index: load corpus + extras + build (ms), from the first line of the script. */
  coldStartMs: number;
  /** Node and tsx start-up before the script's first line (ms); the same for every engine. */
  bootMs: number;
  /** CPU time (user + system) of the build; less sensitive than wall time to other load on the machine. */
  buildCpuMs: number;
  /** Mean CPU time per query over the timed rounds. */
  cpuPerQueryMs: number;
  /** 1-minute load average when the child started and finished (other processes compete for the CPUs). */
  loadAvg: [number, number];
  rssBeforeBuild: number;
  rssAfterBuild: number;
  heapAfterBuild: number;
  /** Peak resident set (bytes) through loading the corpus, building and answering: before any save. */
  maxRss: number;
  /** Peak resident set after saving and loading the index too (serialised copies in memory). */
  maxRssWithSave: number;
  queries: number;
  rounds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Share of ranked eval questions (fact, numeric, topic, typo) with the expected paper first. */
  top1: number;
  /** Of those, expected paper in the top 5. */
  top5: number;
  saved: { bytes: number; saveMs: number; loadMs: number; sameAnswers: boolean } | null;
  savedNote: string | null;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    engines: { type: 'string', default: ENGINE_NAMES.join(',') },
    rounds: { type: 'string', default: '3' },
    /** Stop timing after this many seconds of queries, once at least one full pass is done. */
    'latency-budget-s': { type: 'string', default: '180' },
    work: { type: 'string', default: '/tmp/citebot-bench' },
    'timeout-min': { type: 'string', default: '30' },
    json: { type: 'string' },
    child: { type: 'string' },
    corpus: { type: 'string' },
  },
});


async function runChild(name: EngineName, corpusFile: string, rounds: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const load0 = loadavg()[0]!;
  const t0 = performance.now();
  const papers = await loadCorpusFile(corpusFile);
  const tCorpus = performance.now();
  const engine = await makeEngine(name);
  const tExtra = performance.now();
  gc();
  const rssBeforeBuild = process.memoryUsage().rss;
  const tb = performance.now();
  const cb = process.cpuUsage();
  await engine.build(papers);
  const buildMs = performance.now() - tb;
  const buildCpu = process.cpuUsage(cb);
  const coldStartMs = performance.now() - t0;
  gc();
  const mem = process.memoryUsage();

  const evalQuestions = loadQuestions();
  const questions = mixedQuestions(evalQuestions);
  const firstPass = questions.map((q) => engine.query(q));
  const { top1, top5 } = quality(evalQuestions, firstPass);

  const times: number[] = [];
  const cq = process.cpuUsage();
  const budgetEnd = performance.now() + Number(values['latency-budget-s']) * 1000;
  let roundsDone = 0;
  for (let r = 0; r < rounds && (r === 0 || performance.now() < budgetEnd); r++, roundsDone++) {
    for (const q of questions) {
      const s = performance.now();
      engine.query(q);
      times.push(performance.now() - s);
    }
  }
  const queryCpu = process.cpuUsage(cq);
  times.sort((a, b) => a - b);

  const maxRss = process.resourceUsage().maxRSS * 1024;
  let saved: ChildResult['saved'] = null;
  if (engine.save) {
    const s0 = performance.now();
    const idx = await engine.save();
    const saveMs = performance.now() - s0;
    const l0 = performance.now();
    await idx.load();
    const loadMs = performance.now() - l0;
    const sameAnswers = questions.slice(0, 30).every((q, i) => engine.query(q).join() === firstPass[i]!.join());
    saved = { bytes: idx.bytes, saveMs, loadMs, sameAnswers };
  }

  const result: ChildResult = {
    engine: name,
    papers: papers.length,
    corpusLoadMs: tCorpus - t0,
    extraLoadMs: tExtra - tCorpus,
    buildMs,
    coldStartMs,
    bootMs: t0,
    buildCpuMs: (buildCpu.user + buildCpu.system) / 1000,
    cpuPerQueryMs: (queryCpu.user + queryCpu.system) / 1000 / times.length,
    loadAvg: [load0, loadavg()[0]!],
    rssBeforeBuild,
    rssAfterBuild: mem.rss,
    heapAfterBuild: mem.heapUsed,
    maxRss,
    maxRssWithSave: process.resourceUsage().maxRSS * 1024,
    queries: times.length,
    rounds: roundsDone,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    top1,
    top5,
    saved,
    savedNote: engine.save ? null : (engine.saveNote ?? 'n/a'),
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

function quality(evalQuestions: readonly EvalQuestion[], answers: readonly string[][]): { top1: number; top5: number } {
  let n = 0, top1 = 0, top5 = 0;
  evalQuestions.forEach((item, i) => {
    if (!['fact', 'numeric', 'topic', 'typo'].includes(item.kind)) return;
    n++;
    const ids = answers[i] ?? [];
    if (item.expected.includes(ids[0] ?? '')) top1++;
    if (ids.some((id) => item.expected.includes(id))) top5++;
  });
  return { top1: top1 / n, top5: top5 / n };
}

/** The corpus file for a size (the 33 seed papers plus `size` shared-corpus papers), written once. */
async function corpusFor(size: number, dir: string): Promise<string> {
  const file = join(dir, `corpus-${size}.jsonl`);
  if (existsSync(file)) return file;
  const seed = await loadCorpusFile(DEFAULT_CORPUS);
  const distractors = await loadDistractors(size >= ALL_DISTRACTORS ? undefined : size);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, serializeCorpus([...seed, ...distractors]));
  renameSync(tmp, file);
  return file;
}

function runOne(engine: EngineName, corpus: string, rounds: number, timeoutMs: number): Promise<ChildResult | { engine: EngineName; error: string }> {
  return new Promise((resolve) => {
    const args = ['--child', engine, '--corpus', corpus, '--rounds', String(rounds), '--latency-budget-s', values['latency-budget-s']];
    const child = spawn(process.execPath, ['--max-old-space-size=6000', '--expose-gc', '--import', 'tsx', SELF, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) return resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
      resolve({ engine, error: signal === 'SIGKILL' ? `killed after ${timeoutMs / 60000} min` : `exit ${code ?? signal}` });
    });
  });
}

async function runParent(): Promise<void> {
  const sizes = values.sizes.split(',').map(Number);
  const engines = values.engines.split(',') as EngineName[];
  for (const e of engines) if (!ENGINE_NAMES.includes(e)) throw new Error(`unknown engine "${e}"; known: ${ENGINE_NAMES.join(', ')}`);
  mkdirSync(values.work, { recursive: true });
  const rounds = Number(values.rounds);
  const timeoutMs = Number(values['timeout-min']) * 60_000;
  const questions = mixedQuestions(loadQuestions()).length;

  console.log(`# citebot scale benchmark\n`);
  console.log(`machine: ${machineLine()}; ${gitLine()}; ${new Date().toISOString()}`);
  console.log(
    `question set: ${questions} (eval questions + generic); one warm-up pass, then up to ${rounds} timed passes (fewer when a pass takes over ${values['latency-budget-s']} s); engines run one at a time, each in its own child process`,
  );
  const persistence = corePersistenceExports();
  if (persistence.length) console.log(`note: src/index.ts exports ${persistence.join(', ')} (saved-index support not yet wired into this bench)`);

  const all: { size: number; results: (ChildResult | { engine: EngineName; error: string })[] }[] = [];
  for (const size of sizes) {
    const corpus = await corpusFor(size, values.work);
    const results = [];
    for (const engine of engines) {
      console.error(`[bench] ${engine} on ${corpus} …`);
      const r = await runOne(engine, corpus, rounds, timeoutMs);
      console.error('error' in r ? `[bench] ${engine}: ${r.error}` : `[bench] ${engine}: build ${sec(r.buildMs)} s, peak RSS ${mb(r.maxRss)} MB, p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms`);
      results.push(r);
    }
    all.push({ size, results });
    printTable(results);
  }
  console.log('\nEngines:');
  for (const e of engines) console.log(`- **${e}**: ${ENGINE_NOTES[e]}`);
  if (values.json) {
    const prev = existsSync(values.json) ? (JSON.parse(readFileSync(values.json, 'utf8')) as unknown[]) : [];
    writeFileSync(values.json, JSON.stringify([...prev, ...all], null, 2));
  }
}

const mb = (b: number) => (b / 1048576).toFixed(0);
const sec = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const ratio = (x: number, base: number | undefined) => (base === undefined || !Number.isFinite(x / base) ? '-' : `${Number((x / base).toPrecision(2))}×`);

function printTable(results: (ChildResult | { engine: EngineName; error: string })[]): void {
  const ok = results.filter((r): r is ChildResult => !('error' in r));
  const papers = ok[0]?.papers ?? 0;
  const base = ok.find((r) => r.engine === 'citebot');
  console.log(`\n## ${papers.toLocaleString('en-US')} papers\n`);
  console.log('| engine | build s (CPU s) | peak RSS MB | heap after build MB | cold start s: corpus + build | saved index MB (peak RSS with save + load) | load saved s | timed queries | p50 ms | p95 ms | p99 ms | CPU/query ms | top-1 / top-5 (eval) | load avg |');
  console.log('|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---|');
  for (const r of results) {
    if ('error' in r) {
      console.log(`| ${r.engine} | failed: ${r.error} ||||||||||||| `);
      continue;
    }
    const saved = r.saved ? `${(r.saved.bytes / 1048576).toFixed(1)} (${mb(r.maxRssWithSave)})` : (r.savedNote ?? 'n/a');
    const load = r.saved ? `${sec(r.saved.loadMs)}${r.saved.sameAnswers ? '' : ' (answers differ!)'}` : 'n/a';
    console.log(
      `| ${r.engine} | ${sec(r.buildMs)} (${sec(r.buildCpuMs)}) | ${mb(r.maxRss)} | ${mb(r.heapAfterBuild)} | ${sec(r.coldStartMs)} | ${saved} | ${load} | ${r.queries} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.cpuPerQueryMs)} | ${r.top1.toFixed(2)} / ${r.top5.toFixed(2)} | ${r.loadAvg.map((x) => x.toFixed(1)).join('→')} |`,
    );
  }
  if (base && ok.length > 1) {
    console.log(`\nRatios, engine ÷ citebot (above 1× means citebot builds faster, uses less memory or answers sooner):\n`);
    console.log('| engine | build | build CPU | peak RSS | p50 | p95 | p99 | CPU/query |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of ok) {
      if (r === base) continue;
      const cells = [ratio(r.buildMs, base.buildMs), ratio(r.buildCpuMs, base.buildCpuMs), ratio(r.maxRss, base.maxRss), ratio(r.p50, base.p50), ratio(r.p95, base.p95), ratio(r.p99, base.p99), ratio(r.cpuPerQueryMs, base.cpuPerQueryMs)];
      console.log(`| ${r.engine} | ${cells.join(' | ')} |`);
    }
  }
}

if (values.child) {
  await runChild(values.child as EngineName, values.corpus!, Number(values.rounds));
} else {
  await runParent();
}
