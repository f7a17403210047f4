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
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS } from '../../adapters/shared/corpus.js';
import { buildIndexFile } from '../../adapters/shared/index-build.js';
import { corpusVersion, type Library, loadCorpusFile, loadIndex, openLibrary, type Paper, serializeCorpus } from '../../src/index.js';
import { type EvalQuestion, loadDistractors, loadQuestions } from '../eval/evaluate.js';
import {
  citebotIndexFile,
  ENGINE_NAMES,
  ENGINE_NOTES,
  type Engine,
  type EngineName,
  loadBundledTermStats,
  makeEngine,
  mixedQuestions,
  TOP,
} from './engines.js';
import { papersFromFile } from './file-papers.js';
import { gitLine } from './git-state.js';
import { machineLine, percentile } from './stats.js';
import { writeSynthetic } from './synthetic-corpus.js';

const SELF = fileURLToPath(import.meta.url);
/** Questions asked before timing starts, so the engines' code is compiled (JIT) first. */
const WARM_UP = 30;
/** ...or as many as fit in this time, for engines that take seconds per question. */
const WARM_UP_MAX_MS = 20_000;
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
    /** Sizes of SYNTHETIC corpora (see synthetic-corpus.ts) to run citebot on after the real ones, e.g. 1000000,2600000. */
    synthetic: { type: 'string', default: '' },
    /** Extra node flags for every child, space-separated (e.g. the bot's own: --node-args=--max-semi-space-size=16). */
    'node-args': { type: 'string', default: '' },
    /** Old-space limit of each child, MB. */
    'heap-mb': { type: 'string', default: '6000' },
    /** citebot built from the papers as objects on the child's main thread, not as the bot builds (see runChild). */
    objects: { type: 'boolean', default: false },
    /** Internal: with --objects, build from a paper list over the corpus file (papers read one at a time). */
    stream: { type: 'boolean', default: false },
    engines: { type: 'string', default: ENGINE_NAMES.join(',') },
    rounds: { type: 'string', default: '3' },
    /** Stop timing after this many seconds of queries, once at least one full pass is done. */
    'latency-budget-s': { type: 'string', default: '180' },
    work: { type: 'string', default: '/tmp/citebot-bench' },
    'timeout-min': { type: 'string', default: '30' },
    /** Append this run's results to a JSON file. */
    json: { type: 'string' },
    /** Print tables from saved --json files (comma-separated; later files win per size and engine) and exit. */
    report: { type: 'string' },
    child: { type: 'string' },
    /** Internal: measure citebot's cold start from the saved index of --corpus in a fresh process. */
    cold: { type: 'boolean', default: false },
    corpus: { type: 'string' },
  },
});

async function runChild(name: EngineName, corpusFile: string, rounds: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const load0 = loadavg()[0]!;
  const t0 = performance.now();
  // Streamed (synthetic corpora of millions): papers stay in the file and are read as the indexer needs them;
  // only citebot can build from such a list.
  if (values.stream && name !== 'citebot') throw new Error(`${name} cannot build from a streamed paper list`);
  // citebot builds as the bot does (`buildIndexFile`: validate the file into a spool, index it in a worker with a
  // capped heap, write the saved index), then opens the library from that file: its build time includes reading
  // the corpus. --objects builds it from the papers as objects on this thread instead, as the other engines do.
  const asBot = name === 'citebot' && !values.objects;
  const papers = asBot ? [] : values.stream ? ((await papersFromFile(corpusFile)) as unknown as Paper[]) : await loadCorpusFile(corpusFile);
  const tCorpus = performance.now();
  const engine = asBot ? await botBuiltCitebot(corpusFile) : await makeEngine(name);
  const tExtra = performance.now();
  gc();
  const rssBeforeBuild = process.memoryUsage().rss;
  const tb = performance.now();
  const cb = process.cpuUsage();
  await engine.build(papers);
  const buildMs = performance.now() - tb;
  // Every thread's CPU (the build worker's too).
  const buildCpu = process.cpuUsage(cb);
  const coldStartMs = performance.now() - t0;
  gc();
  const mem = process.memoryUsage();

  const say = (msg: string) =>
    console.error(`[${name}] ${msg} (${(performance.now() / 1000).toFixed(0)} s since start, RSS ${mb(process.memoryUsage().rss)} MB)`);
  say(`built over ${asBot ? (engine as BotBuilt).size() : papers.length} papers in ${sec(buildMs)} s`);
  const evalQuestions = loadQuestions();
  const questions = mixedQuestions(evalQuestions);
  // A fixed shuffle, so a pass cut short by the time budget still samples every kind of question.
  const order = shuffled(questions.length);
  const warmEnd = performance.now() + WARM_UP_MAX_MS;
  for (const i of order.slice(0, WARM_UP)) if (performance.now() < warmEnd) engine.query(questions[i]!);

  const times: number[] = [];
  const firstPass = new Map<number, string[]>();
  const cq = process.cpuUsage();
  const budgetEnd = performance.now() + Number(values['latency-budget-s']) * 1000;
  let roundsDone = 0;
  for (let r = 0; r < rounds && performance.now() < budgetEnd; r++, roundsDone++) {
    for (const i of order) {
      // One pass always completes unless it alone overruns the budget three times over.
      if (performance.now() > budgetEnd + (r === 0 ? 2 : 0) * Number(values['latency-budget-s']) * 1000) break;
      const s = performance.now();
      const ids = engine.query(questions[i]!);
      times.push(performance.now() - s);
      if (r === 0) firstPass.set(i, ids);
    }
    say(`timed pass ${r + 1} done (${times.length} queries so far)`);
  }
  const { top1, top5 } = quality(evalQuestions, firstPass);
  const queryCpu = process.cpuUsage(cq);
  times.sort((a, b) => a - b);

  const maxRss = process.resourceUsage().maxRSS * 1024;
  const result: ChildResult = {
    engine: name,
    papers: asBot ? (engine as BotBuilt).size() : papers.length,
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
    maxRssWithSave: maxRss,
    queries: times.length,
    rounds: roundsDone,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    top1,
    top5,
    saved: null,
    savedNote: engine.save ? 'save did not finish' : (engine.saveNote ?? 'n/a'),
  };
  // Reported now and again after the save: a save that crashes or runs out of memory keeps the rest.
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
  let saved: ChildResult['saved'] = null;
  if (engine.save) {
    try {
      const s0 = performance.now();
      const idx = await engine.save(corpusFile);
      const saveMs = performance.now() - s0;
      const l0 = performance.now();
      await idx.load();
      const loadMs = performance.now() - l0;
      const sameAnswers = [...firstPass].slice(0, 30).every(([i, ids]) => engine.query(questions[i]!).join() === ids.join());
      saved = { bytes: idx.bytes, saveMs, loadMs, sameAnswers };
      say(`saved (${(idx.bytes / 1048576).toFixed(0)} MB) and loaded`);
    } catch (err) {
      result.savedNote = `save/load failed: ${(err as Error).message.slice(0, 80)}`;
    }
  }

  result.loadAvg[1] = loadavg()[0]!;
  result.maxRssWithSave = process.resourceUsage().maxRSS * 1024;
  result.saved = saved;
  result.savedNote = saved ? null : result.savedNote;
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

type BotBuilt = Engine & { size(): number };

/** citebot built as the bot builds its saved index (`buildIndexFile`), then opened from it. */
async function botBuiltCitebot(corpusFile: string): Promise<BotBuilt> {
  const termStats = await loadBundledTermStats();
  const file = citebotIndexFile(corpusFile);
  let library: Library | undefined;
  let hash = '';
  const open = async () => {
    const saved = await loadIndex(file, hash);
    if ('miss' in saved) throw new Error(`citebot's saved index was not loaded: ${saved.miss}`);
    library = openLibrary({ ...saved, termStats });
  };
  return {
    name: 'citebot',
    size: () => library?.size ?? 0,
    async build() {
      // As the bot does: the corpus version with the file's stamp, so the cold start below trusts it unhashed.
      const version = await corpusVersion(corpusFile, file, new Date());
      hash = version.sha256;
      await buildIndexFile(corpusFile, file, version);
      await open();
    },
    query(question) {
      const res = library!.ask(question, { top: TOP });
      return res.ok ? res.answer.results.map((r) => r.citation.id) : [];
    },
    // Already saved by the build: what is measured is loading it again.
    save: () => ({ bytes: statSync(file).size, load: open }),
  };
}

/** A fixed permutation of 0..n-1 (seeded LCG + Fisher-Yates), the same on every run. */
function shuffled(n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let seed = 42;
  const rand = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Top-1 and top-5 over the ranked eval questions that were asked (all of them unless a pass was cut short). */
function quality(evalQuestions: readonly EvalQuestion[], answers: ReadonlyMap<number, string[]>): { top1: number; top5: number } {
  let n = 0,
    top1 = 0,
    top5 = 0;
  evalQuestions.forEach((item, i) => {
    if (!['fact', 'numeric', 'topic', 'typo'].includes(item.kind)) return;
    const ids = answers.get(i);
    if (!ids) return;
    n++;
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

/** A synthetic corpus of `size` papers after the 33 seed ones (seed 1), written once. */
async function syntheticFor(size: number, dir: string): Promise<string> {
  const file = join(dir, `synthetic-${size}.jsonl`);
  if (!existsSync(file)) await writeSynthetic(file, size);
  return file;
}

/** citebot's start-up from a saved index in a fresh process: what the bot does when the index is current. */
export interface ColdResult {
  papers: number;
  indexBytes: number;
  /** Node and tsx start-up before the script's first line. */
  bootMs: number;
  termStatsMs: number;
  /** Knowing the corpus file's content: its stamp checked against the saved index's, and the file hashed if that differs. */
  hashMs: number;
  /** Whether the corpus file had to be hashed (its stamp was not the one the saved index recorded). */
  corpusHashed?: boolean;
  loadIndexMs: number;
  /** Of loadIndexMs, opening the library over the loaded snapshot (`openLibrary`). */
  openMs?: number;
  firstAskMs: number;
  /** Process start to the first answer. */
  totalMs: number;
  /** CPU time (user + system, all threads) of each step and of the whole process to the first answer: wall times mean little on a loaded machine. */
  cpuMs?: { termStats: number; corpus: number; loadIndex: number; firstAsk: number; total: number };
  /** Resident set after each step (MB), to see which one sets the peak. */
  rssMb?: { termStats: number; corpus: number; loadIndex: number; firstAsk: number };
  maxRss: number;
}

async function runCold(corpusFile: string): Promise<void> {
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const rss: number[] = [];
  const rssNow = () => rss.push(Math.round(process.memoryUsage().rss / 1048576));
  const t0 = performance.now();
  const c0 = cpu();
  const termStats = await loadBundledTermStats();
  const t1 = performance.now();
  const c1 = cpu();
  rssNow();
  // What the bot does (adapters/shared/corpus.ts): the corpus file's stamp against the one its index recorded.
  const version = await corpusVersion(corpusFile, citebotIndexFile(corpusFile), new Date());
  const t2 = performance.now();
  const c2 = cpu();
  rssNow();
  const saved = await loadIndex(citebotIndexFile(corpusFile), version.sha256);
  if ('miss' in saved) throw new Error(`saved index not loaded: ${saved.miss}`);
  const tOpen = performance.now();
  const loaded = { library: openLibrary({ ...saved, termStats }) };
  const t3 = performance.now();
  const c3 = cpu();
  rssNow();
  loaded.library.ask('How does KIVI quantize the key cache?', { top: 5 });
  const t4 = performance.now();
  const c4 = cpu();
  rssNow();
  const result: ColdResult = {
    papers: loaded.library.size,
    indexBytes: statSync(citebotIndexFile(corpusFile)).size,
    bootMs: t0,
    termStatsMs: t1 - t0,
    hashMs: t2 - t1,
    corpusHashed: version.hashed,
    loadIndexMs: t3 - t2,
    openMs: t3 - tOpen,
    firstAskMs: t4 - t3,
    totalMs: t4,
    cpuMs: { termStats: c1 - c0, corpus: c2 - c1, loadIndex: c3 - c2, firstAsk: c4 - c3, total: c4 },
    rssMb: { termStats: rss[0]!, corpus: rss[1]!, loadIndex: rss[2]!, firstAsk: rss[3]! },
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
}

function runOne(
  engine: EngineName,
  corpus: string,
  rounds: number,
  timeoutMs: number,
  stream = false,
): Promise<ChildResult | { engine: EngineName; error: string }> {
  return runChildProcess(
    [
      '--child',
      engine,
      '--corpus',
      corpus,
      '--rounds',
      String(rounds),
      '--latency-budget-s',
      values['latency-budget-s'],
      ...(stream ? ['--stream'] : []),
      ...(values.objects ? ['--objects'] : []),
    ],
    timeoutMs,
    engine,
  );
}

function runChildProcess<T>(args: string[], timeoutMs: number, engine: EngineName): Promise<T | { engine: EngineName; error: string }> {
  return new Promise((resolve) => {
    const nodeArgs = values['node-args'].split(' ').filter((a) => a !== '');
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${values['heap-mb']}`, ...nodeArgs, '--expose-gc', '--import', 'tsx', SELF, ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out
        .split('\n')
        .filter((l) => l.startsWith('RESULT '))
        .pop();
      if (line) return resolve(JSON.parse(line.slice('RESULT '.length)) as T);
      resolve({ engine, error: signal === 'SIGKILL' ? `killed after ${timeoutMs / 60000} min` : `exit ${code ?? signal}` });
    });
  });
}

/** One size's results, as saved with --json. */
interface SizeRun {
  size: number;
  /** A synthetic corpus (synthetic-corpus.ts): speed and memory only, its quality figures mean nothing. */
  synthetic?: boolean;
  /** Commit and time of the run (citebot's numbers depend on src/ at that commit; the others' do not). */
  measured?: string;
  results: (ChildResult | { engine: EngineName; error: string })[];
  cold?: ColdResult | { error: string };
}

/** Print the tables from saved --json runs: per size, each engine's latest result (files in order, later wins). */
function runReport(files: string[]): void {
  type Merged = {
    synthetic?: boolean;
    results: Map<EngineName, { r: SizeRun['results'][number]; measured: string }>;
    cold?: { c: NonNullable<SizeRun['cold']>; measured: string };
  };
  const bySize = new Map<number, Merged>();
  for (const file of files) {
    for (const run of JSON.parse(readFileSync(file, 'utf8')) as SizeRun[]) {
      const entry: Merged = bySize.get(run.size) ?? { results: new Map(), synthetic: run.synthetic ?? false };
      const measured = run.measured ?? file;
      for (const r of run.results) entry.results.set(r.engine, { r, measured });
      if (run.cold) entry.cold = { c: run.cold, measured };
      bySize.set(run.size, entry);
    }
  }
  console.log(`# citebot scale benchmark (merged from ${files.length} run${files.length === 1 ? '' : 's'})\n`);
  console.log(`machine: ${machineLine()}`);
  for (const [, entry] of [...bySize].sort((a, b) => a[0] - b[0])) {
    const rows = ENGINE_NAMES.flatMap((e) => (entry.results.has(e) ? [entry.results.get(e)!] : []));
    printTable(
      rows.map((x) => x.r),
      entry.synthetic,
    );
    if (entry.cold) printCold(entry.cold.c);
    console.log('\nmeasured:');
    for (const x of rows) console.log(`- ${x.r.engine}: ${x.measured}`);
  }
  console.log('\nEngines:');
  for (const e of ENGINE_NAMES) console.log(`- **${e}**: ${ENGINE_NOTES[e]}`);
}

async function runParent(): Promise<void> {
  const sizes = values.sizes === '' ? [] : values.sizes.split(',').map(Number);
  const engines = values.engines.split(',') as EngineName[];
  for (const e of engines) if (!ENGINE_NAMES.includes(e)) throw new Error(`unknown engine "${e}"; known: ${ENGINE_NAMES.join(', ')}`);
  mkdirSync(values.work, { recursive: true });
  const rounds = Number(values.rounds);
  const timeoutMs = Number(values['timeout-min']) * 60_000;
  const questions = mixedQuestions(loadQuestions()).length;

  console.log(`# citebot scale benchmark\n`);
  console.log(
    `machine: ${machineLine()}; ${gitLine()}; ${new Date().toISOString()}${values['node-args'] ? `; children run with ${values['node-args']}` : ''}`,
  );
  console.log(
    `question set: ${questions} (eval questions + generic); ${WARM_UP} warm-up questions, then up to ${rounds} timed passes in a fixed shuffled order within ${values['latency-budget-s']} s (a first pass is cut at 3× that; see "timed queries"); engines run one at a time, each in its own child process`,
  );

  const measured = `${gitLine()}; ${new Date().toISOString()}`;
  const all: SizeRun[] = [];
  const synthetic = values.synthetic === '' ? [] : values.synthetic.split(',').map(Number);
  const runs = [...sizes.map((size) => ({ size, synthetic: false })), ...synthetic.map((size) => ({ size, synthetic: true }))];
  for (const { size, synthetic } of runs) {
    const corpus = synthetic ? await syntheticFor(size, values.work) : await corpusFor(size, values.work);
    const results = [];
    for (const engine of synthetic ? (['citebot'] as const) : engines) {
      console.error(`[bench] ${engine} on ${corpus} …`);
      const r = await runOne(engine, corpus, rounds, timeoutMs, synthetic);
      console.error(
        'error' in r
          ? `[bench] ${engine}: ${r.error}`
          : `[bench] ${engine}: build ${sec(r.buildMs)} s, peak RSS ${mb(r.maxRss)} MB, p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms`,
      );
      results.push(r);
    }
    let cold: ColdResult | { error: string } | undefined;
    if (results.some((r) => r.engine === 'citebot' && !('error' in r)) && existsSync(citebotIndexFile(corpus))) {
      cold = await runChildProcess<ColdResult>(['--cold', '--corpus', corpus], timeoutMs, 'citebot');
    }
    all.push({ size, synthetic, measured, results, ...(cold ? { cold } : {}) });
    printTable(results, synthetic);
    if (cold) printCold(cold);
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
const ratio = (x: number, base: number | undefined) =>
  base === undefined || !Number.isFinite(x / base) ? '-' : `${Number((x / base).toPrecision(2))}×`;

function printCold(cold: ColdResult | { error: string }): void {
  console.log(`\ncitebot cold start from its saved index, in a fresh process (target ≤ 5 s):\n`);
  if ('error' in cold) {
    console.log(`failed: ${cold.error}`);
    return;
  }
  console.log(
    '| papers | saved index MB | node + tsx boot s | term stats s | corpus check s (hashed?) | loadIndex + openLibrary s (open) | first answer ms | process start to first answer s (CPU s) | peak RSS MB |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const cpuTotal = cold.cpuMs ? ` (${sec(cold.cpuMs.total)})` : '';
  const hashed = cold.corpusHashed === undefined ? '' : cold.corpusHashed ? ' (hashed)' : ' (stamp)';
  const open = cold.openMs === undefined ? '' : ` (${sec(cold.openMs)})`;
  console.log(
    `| ${cold.papers.toLocaleString('en-US')} | ${(cold.indexBytes / 1048576).toFixed(1)} | ${sec(cold.bootMs)} | ${sec(cold.termStatsMs)} | ${sec(cold.hashMs)}${hashed} | ${sec(cold.loadIndexMs)}${open} | ${ms(cold.firstAskMs)} | ${sec(cold.totalMs)}${cpuTotal} | ${mb(cold.maxRss)} |`,
  );
}

function printTable(results: (ChildResult | { engine: EngineName; error: string })[], synthetic = false): void {
  const ok = results.filter((r): r is ChildResult => !('error' in r));
  const papers = ok[0]?.papers ?? 0;
  const base = ok.find((r) => r.engine === 'citebot');
  console.log(
    `\n## ${papers.toLocaleString('en-US')} papers${synthetic ? ' (SYNTHETIC: the 33 seed papers + random text following the 136k corpus; built streamed from the file; quality figures meaningless)' : ''}\n`,
  );
  console.log(
    '| engine | build s (CPU s) | peak RSS MB | heap after build MB | cold start s: corpus + build | saved index MB (peak RSS with save + load) | load saved s | timed queries | p50 ms | p95 ms | p99 ms | CPU/query ms | top-1 / top-5 (eval) | load avg |',
  );
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
      const cells = [
        ratio(r.buildMs, base.buildMs),
        ratio(r.buildCpuMs, base.buildCpuMs),
        ratio(r.maxRss, base.maxRss),
        ratio(r.p50, base.p50),
        ratio(r.p95, base.p95),
        ratio(r.p99, base.p99),
        ratio(r.cpuPerQueryMs, base.cpuPerQueryMs),
      ];
      console.log(`| ${r.engine} | ${cells.join(' | ')} |`);
    }
  }
}

if (values.report) {
  runReport(values.report.split(','));
} else if (values.cold) {
  await runCold(values.corpus!);
} else if (values.child) {
  await runChild(values.child as EngineName, values.corpus!, Number(values.rounds));
} else {
  await runParent();
}
