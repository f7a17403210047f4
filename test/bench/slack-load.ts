/**
 * Slack under load: the real Bolt app (adapters/slack/app.ts, HTTP mode) in a child process on 127.0.0.1,
 * answering from the seed papers plus --distractors shared-corpus papers, against the loopback fake Slack
 * (test/e2e/fakes/slack-peer.ts: Web API and response_url sink) in this process. Sends --requests signed
 * `/ask` commands with distinct questions from distinct users at once and reports acks (200 within 3 s), errors, ack latency,
 * how many answers reached the sink, and the app's event-loop delay during the load.
 *
 *   npx tsx test/bench/slack-load.ts --distractors 136575 --requests 1000
 *
 * The app runs in its own process so its synchronous work cannot delay this client's clocks.
 * Everything binds 127.0.0.1; the run is bounded by --timeout-s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Gate } from '../../adapters/shared/admission.js';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { createHttpServer } from '../../adapters/shared/http-server.js';
import { createLogger } from '../../adapters/shared/log.js';
import { PROBLEMS } from '../../adapters/shared/messages.js';
import { createMetrics } from '../../adapters/shared/metrics.js';
import { RateLimiter } from '../../adapters/shared/rate-limit.js';
import { openStore } from '../../adapters/shared/store/index.js';
import { WorkQueue } from '../../adapters/shared/work-queue.js';
import { createSlackApp } from '../../adapters/slack/app.js';
import { createLibrary, type Library, loadCorpusFile, type Paper } from '../../src/index.js';
import { type SignedRequest, signSlashCommand, startSlackPeer } from '../e2e/fakes/slack-peer.js';
import { loadDistractors, loadQuestions } from '../eval/evaluate.js';
import { GENERIC_QUESTIONS } from './engines.js';
import { machineLine, percentile } from './stats.js';

const SELF = fileURLToPath(import.meta.url);
const BOT_TOKEN = 'xoxb-0000-0000-loadtesttoken';
const SIGNING_SECRET = 'load-test-signing-secret-00000000';
/** Slack's deadline for acknowledging a slash command. */
const ACK_DEADLINE_MS = 3_000;

/** Messages between this script and the app's process. */
type ToServer = { type: 'start' } | { type: 'stop' };
type FromServer =
  | { type: 'ready'; port: number; papers: number; buildMs: number }
  | {
      type: 'stats';
      loopP50: number;
      loopP99: number;
      loopMax: number;
      appAckP99: number;
      appAckMax: number;
      receiveLag: [number, number, number];
      cpuMs: number;
      logWarnings: number;
      logErrors: number;
      firstLogLines: string[];
    };

const { values } = parseArgs({
  options: {
    server: { type: 'boolean', default: false },
    'api-url': { type: 'string' },
    distractors: { type: 'string', default: '136575' },
    requests: { type: 'string', default: '1000' },
    connections: { type: 'string', default: '1000' },
    'timeout-s': { type: 'string', default: '300' },
    /** Extra node flags for the app's process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
    'app-node-args': { type: 'string', default: '' },
    /** Also print ack latency by send order (tenths of the burst) and when each tenth was acked. */
    verbose: { type: 'boolean', default: false },
  },
});

if (values.server) await runServer(values['api-url']!, Number(values.distractors));
else await runClient();

/** The app's process: build the library, start the Bolt app, report the event-loop delay on request. */
async function runServer(apiUrl: string, distractors: number): Promise<void> {
  const send = (m: FromServer) => process.send!(m);
  const lines: string[] = [];
  let warnings = 0,
    errors = 0;
  const log = createLogger({
    name: 'slack-load',
    write: (line) => {
      const level = line.split(' ')[1]; // lines read "<ISO time> <level> [name] message {context}"
      if (level === 'warn') warnings++;
      if (level === 'error') errors++;
      if ((level === 'warn' || level === 'error') && lines.length < 5) lines.push(line.slice(0, 300));
    },
  });
  const papers: Paper[] = [
    ...(await loadCorpusFile(DEFAULT_CORPUS)),
    ...(distractors > 0 ? await loadDistractors(distractors >= 136_575 ? undefined : distractors) : []),
  ];
  const termStats = await defaultTermStats();
  const t = performance.now();
  const library: Library = createLibrary(papers, { termStats });
  // Warmed as the bot warms it in the background after start-up (title index, typo vocabulary).
  await library.prepare();
  const buildMs = performance.now() - t;
  // As the composition root wires it: one work queue, told of arrivals by the shared HTTP server.
  const queue = new WorkQueue();
  const http = createHttpServer({ log, onArrival: () => queue.noteArrival() });
  // Every answer is logged, as in production: the SQLite store in a throwaway folder.
  const stateDir = mkdtempSync(join(tmpdir(), 'citebot-bench-state-'));
  const store = await openStore({ dataDir: stateDir, log });
  const slack = await createSlackApp(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl, botId: 'BBOT', botUserId: 'UBOT' },
    { library: { current: library }, log, queue, gate: new Gate(new RateLimiter(), queue, log), http, store, metrics: benchMetrics(queue) },
  );
  const port = await http.listen(0, '127.0.0.1');
  const app = {
    server: http.server,
    port,
    stop: async () => {
      await slack.stop();
      await http.close();
      await store.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
  const loop = monitorEventLoopDelay({ resolution: 10 });
  // The app's own view of each ack: request received to response finished (the client's numbers add its delays).
  const appAcks: number[] = [];
  // And how long after the client sent it each request reached the app (both clocks are this machine's).
  const receiveLags: number[] = [];
  app.server.prependListener('request', (req, res) => {
    const t0 = performance.now();
    const sentAt = Number(req.headers['x-load-sent']);
    if (sentAt > 0) receiveLags.push(performance.timeOrigin + t0 - sentAt);
    res.once('finish', () => appAcks.push(performance.now() - t0));
  });
  let cpu = process.cpuUsage();
  process.on('message', (m: ToServer) => {
    if (m.type === 'start') {
      loop.enable();
      cpu = process.cpuUsage();
    }
    if (m.type === 'stop') {
      loop.disable();
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      send({
        type: 'stats',
        loopP50: loop.percentile(50) / 1e6,
        loopP99: loop.percentile(99) / 1e6,
        loopMax: loop.max / 1e6,
        appAckP99: percentile(
          appAcks.sort((a, b) => a - b),
          99,
        ),
        appAckMax: appAcks[appAcks.length - 1] ?? NaN,
        receiveLag: lagStats(receiveLags),
        cpuMs,
        logWarnings: warnings,
        logErrors: errors,
        firstLogLines: lines,
      });
      process.exitCode = 0;
      void app.stop().then(() => process.disconnect());
    }
  });
  send({ type: 'ready', port: app.port, papers: papers.length, buildMs });
}

/** Distinct questions: the eval and generic questions, then "what does <title> propose?" for corpus papers. */
async function distinctQuestions(n: number): Promise<string[]> {
  const set = new Set<string>([...loadQuestions().map((q) => q.q), ...GENERIC_QUESTIONS]);
  const titles = [...(await loadCorpusFile(DEFAULT_CORPUS)), ...(await loadDistractors(Math.max(n, 100)))].map((p) => p.title);
  for (const title of titles) {
    if (set.size >= n) break;
    set.add(`what does ${title.slice(0, 200)} propose?`);
  }
  return [...set].slice(0, n);
}

interface Sent {
  status: number;
  ms: number;
  /** Time to open the TCP connection, when this request opened one (not a reused keep-alive socket). */
  connectMs?: number;
  /** Time until this client had written the whole request to its socket (its own event-loop delays show here). */
  flushedMs?: number;
  error?: string;
}

/** p50, p99 and max of a list of times. */
function lagStats(times: number[]): [number, number, number] {
  const sorted = [...times].sort((a, b) => a - b);
  return [percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1] ?? NaN];
}

function post(url: URL, req: SignedRequest, agent: Agent, timeoutMs: number): Promise<Sent> {
  const start = performance.now();
  return new Promise((resolve) => {
    let connectMs: number | undefined;
    let flushedMs: number | undefined;
    const headers = {
      ...req.headers,
      'content-length': Buffer.byteLength(req.body),
      'x-load-sent': String(performance.timeOrigin + start),
    };
    const r = request(url, { method: 'POST', agent, headers, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: performance.now() - start,
          ...(connectMs === undefined ? {} : { connectMs }),
          ...(flushedMs === undefined ? {} : { flushedMs }),
        }),
      );
    });
    r.once('finish', () => (flushedMs = performance.now() - start));
    r.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => (connectMs = performance.now() - start));
    });
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (err) => resolve({ status: 0, ms: performance.now() - start, error: err.message }));
    r.end(req.body);
  });
}

async function runClient(): Promise<void> {
  const n = Number(values.requests);
  const deadline = Date.now() + Number(values['timeout-s']) * 1000;
  const peer = await startSlackPeer({ botToken: BOT_TOKEN, botId: 'BBOT', botUserId: 'UBOT' });
  let server: ChildProcess | undefined;
  const guard = setTimeout(() => {
    console.error(`slack-load: gave up after ${values['timeout-s']} s`);
    server?.kill('SIGKILL');
    process.exit(2);
  }, Number(values['timeout-s']) * 1000);
  try {
    const nodeArgs = values['app-node-args'].split(' ').filter((a) => a !== '');
    server = spawn(
      process.execPath,
      [
        '--max-old-space-size=6000',
        ...nodeArgs,
        '--import',
        'tsx',
        SELF,
        '--server',
        '--api-url',
        peer.apiUrl,
        '--distractors',
        values.distractors,
      ],
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    const messages: FromServer[] = [];
    const waiters: (() => void)[] = [];
    server.on('message', (m: FromServer) => {
      messages.push(m);
      waiters.splice(0).forEach((w) => {
        w();
      });
    });
    const next = <K extends FromServer['type']>(type: K) =>
      new Promise<Extract<FromServer, { type: K }>>((resolve, reject) => {
        const check = () => {
          const m = messages.find((x) => x.type === type);
          if (m) return resolve(m as Extract<FromServer, { type: K }>);
          if (server!.exitCode !== null) return reject(new Error(`the app's process exited (${server!.exitCode})`));
          waiters.push(check);
        };
        server!.once('exit', () =>
          waiters.splice(0).forEach((w) => {
            w();
          }),
        );
        check();
      });
    const ready = await next('ready');
    const questions = await distinctQuestions(n);
    const url = new URL(`http://127.0.0.1:${ready.port}/slack/events`);
    // Signed just before sending, so every timestamp is fresh; signing is done before the clock starts.
    const requests = questions.map((q, i) =>
      signSlashCommand(SIGNING_SECRET, {
        command: '/ask',
        text: q,
        response_url: peer.responseUrl(`q${i}`),
        // One user per command: the per-user rate limit lets each user ask 5 at once (test/bench/soak.ts floods from one).
        user_id: `U${100_000 + i}`,
      }),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: Number(values.connections) });

    server.send({ type: 'start' } satisfies ToServer);
    const clientLoop = monitorEventLoopDelay({ resolution: 10 });
    clientLoop.enable();
    const t0 = performance.now();
    const sent = await Promise.all(requests.map((r) => post(url, r, agent, 10_000)));
    const allAckedMs = performance.now() - t0;
    clientLoop.disable();
    while (peer.responses.length < n && Date.now() < deadline - 5_000) await new Promise((r) => setTimeout(r, 50));
    const sinkMs = performance.now() - t0;
    server.send({ type: 'stop' } satisfies ToServer);
    const stats = await next('stats');
    agent.destroy();

    const ms = sent.map((s) => s.ms).sort((a, b) => a - b);
    const flushed = sent.flatMap((s) => (s.flushedMs === undefined ? [] : [s.flushedMs])).sort((a, b) => a - b);
    const connects = sent.flatMap((s) => (s.connectMs === undefined ? [] : [s.connectMs])).sort((a, b) => a - b);
    const over1s = sent.filter((s) => s.ms > 1000).length;
    const ok200 = sent.filter((s) => s.status === 200).length;
    const inTime = sent.filter((s) => s.status === 200 && s.ms <= ACK_DEADLINE_MS).length;
    const errors = sent.filter((s) => s.status !== 200);
    const errorKinds = [...new Set(errors.map((e) => e.error ?? `HTTP ${e.status}`))];
    const answers = peer.responses.filter((r) => r.body.text !== PROBLEMS.error).length;

    console.log(`\n## Slack load: ${n} signed /ask commands at once over loopback\n`);
    console.log(
      `machine: ${machineLine()}; app in its own process, ${ready.papers.toLocaleString('en-US')} papers (library built and warmed in ${(ready.buildMs / 1000).toFixed(1)} s before the load); ${values.connections} client connections max\n`,
    );
    console.log(
      '| requests | 200 within 3 s | 200 | errors | ack p50 ms | ack p95 ms | ack p99 ms | ack max ms | acks over 1 s | TCP connect p99 / max ms | request written p99 / max ms | all acked s | answers at sink | error replies | sink complete s | app loop delay p99 / max ms | app-side ack p99 / max ms | app CPU ms per command | app log warn/error |',
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| ${n} | ${inTime} | ${ok200} | ${errors.length} | ${percentile(ms, 50).toFixed(0)} | ${percentile(ms, 95).toFixed(0)} | ${percentile(ms, 99).toFixed(0)} | ${(ms[ms.length - 1] ?? NaN).toFixed(0)} | ${over1s} | ${percentile(connects, 99).toFixed(0)} / ${(connects[connects.length - 1] ?? NaN).toFixed(0)} | ${percentile(flushed, 99).toFixed(0)} / ${(flushed[flushed.length - 1] ?? NaN).toFixed(0)} | ${(allAckedMs / 1000).toFixed(2)} | ${answers}/${n} | ${peer.responses.length - answers} | ${peer.responses.length >= n ? (sinkMs / 1000).toFixed(1) : `incomplete after ${(sinkMs / 1000).toFixed(0)}`} | ${stats.loopP99.toFixed(0)} / ${stats.loopMax.toFixed(0)} | ${stats.appAckP99.toFixed(0)} / ${stats.appAckMax.toFixed(0)} | ${(stats.cpuMs / n).toFixed(1)} | ${stats.logWarnings}/${stats.logErrors} |`,
    );
    if (values.verbose) {
      const tenth = Math.ceil(n / 10);
      console.log('\nack latency by send order (p50 / max ms, per tenth of the burst):');
      for (let k = 0; k < n; k += tenth) {
        const part = sent
          .slice(k, k + tenth)
          .map((x) => x.ms)
          .sort((a, b) => a - b);
        console.log(`  ${k}-${k + part.length - 1}: ${percentile(part, 50).toFixed(0)} / ${(part[part.length - 1] ?? NaN).toFixed(0)}`);
      }
    }
    if (errorKinds.length) console.log(`\nerrors: ${errorKinds.slice(0, 5).join('; ')}`);
    if (stats.firstLogLines.length) console.log(`\nfirst app log lines:\n${stats.firstLogLines.map((l) => `  ${l}`).join('\n')}`);
    const pass = inTime === n && errors.length === 0;
    const [lag50, lag99, lagMax] = stats.receiveLag;
    console.log(
      `\nwhere the time went: a request reached the app's handler ${lag50.toFixed(0)} ms (p50), ${lag99.toFixed(0)} ms (p99), ${lagMax.toFixed(0)} ms (max) after this client sent it; this client's event loop was late by up to ${(clientLoop.max / 1e6).toFixed(0)} ms while the acks came in`,
    );
    console.log(`\ntarget (every command acked with 200 within 3 s, zero errors): ${pass ? 'met' : 'NOT met'}`);
    await new Promise((r) => server!.once('exit', r));
  } finally {
    clearTimeout(guard);
    if (server && server.exitCode === null) server.kill('SIGKILL');
    await peer.close();
  }
}

/** The metrics a running bot has (nothing scrapes them here). */
function benchMetrics(queue: WorkQueue) {
  return createMetrics({ queueDepth: () => queue.size, papers: () => 0, platforms: () => ({}) });
}
