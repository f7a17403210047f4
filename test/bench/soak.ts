/**
 * Soak: one user floods `/ask` while others ask now and then; how long do the others wait? The real Bolt app
 * (adapters/slack/app.ts, HTTP mode) runs in a child process on 127.0.0.1, answering from the seed papers plus
 * --distractors shared-corpus papers, against the loopback fake Slack in this process (test/e2e/fakes/slack-peer.ts:
 * Web API and the response_url sink, which timestamps each answer). Per mode, it sends --flood signed `/ask` from
 * one user (at most --connections in flight) and, from the flood's start, one `/ask` every --probe-every-ms from
 * other users (--probes in all, a different user each time, so none of them is near the rate limit), and reports:
 *
 *   - the flooder: answered / refused by the rate limit / refused by the full backlog / errors;
 *   - the other users: latency from sending the command to its answer reaching the sink, p50 / p99 / max;
 *   - the app's peak RSS (sampled every 50 ms, and the kernel's high-water mark).
 *
 * Modes (each in a fresh process): `before`, the old behaviour (no rate limit, no bound, one first-come-first-served
 * queue: every job in one lane); `fair`, no rate limit but users taking turns and the backlog bounded (--backlog);
 * `after`, the defaults `npm start` runs with (rate limit, turns, bound).
 *
 *   npx tsx test/bench/soak.ts                                  # 3,000 from one user, seed + 10k papers, all modes
 *   npx tsx test/bench/soak.ts --distractors 136575 --modes before,after
 *
 * Bounded: at most --flood + --probes requests per mode, and every mode stops after --timeout-s whatever happens.
 * Everything binds 127.0.0.1. Not part of CI (timings depend on the machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Admission, Gate } from '../../adapters/shared/admission.js';
import { DEFAULT_CORPUS, defaultTermStats } from '../../adapters/shared/corpus.js';
import { createHttpServer } from '../../adapters/shared/http-server.js';
import { createLogger } from '../../adapters/shared/log.js';
import { BUSY } from '../../adapters/shared/messages.js';
import { createMetrics } from '../../adapters/shared/metrics.js';
import { RATE_LIMITS, RateLimiter, type Requester } from '../../adapters/shared/rate-limit.js';
import { openStore } from '../../adapters/shared/store/index.js';
import { QUEUE_LIMITS, WorkQueue } from '../../adapters/shared/work-queue.js';
import { createSlackApp } from '../../adapters/slack/app.js';
import { createLibrary, loadCorpusFile, type Paper } from '../../src/index.js';
import { type SignedRequest, signSlashCommand, startSlackPeer } from '../e2e/fakes/slack-peer.js';
import { loadDistractors, loadQuestions } from '../eval/evaluate.js';
import { machineLine, percentile } from './stats.js';

const SELF = fileURLToPath(import.meta.url);
const BOT_TOKEN = 'xoxb-0000-0000-soaktesttoken';
const SIGNING_SECRET = 'soak-test-signing-secret-0000000';
const MODES = ['before', 'fair', 'after'] as const;
type Mode = (typeof MODES)[number];

type FromServer = { type: 'ready'; port: number; papers: number } | { type: 'stats'; peakRssMb: number; maxRssMb: number };

const { values } = parseArgs({
  options: {
    server: { type: 'boolean', default: false },
    mode: { type: 'string', default: 'after' },
    modes: { type: 'string', default: MODES.join(',') },
    'api-url': { type: 'string' },
    distractors: { type: 'string', default: '10000' },
    flood: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '200' },
    probes: { type: 'string', default: '20' },
    'probe-every-ms': { type: 'string', default: '250' },
    /** The backlog bound of the `fair` mode (`after` uses the default, QUEUE_LIMITS.maxBacklog). */
    backlog: { type: 'string', default: '1000' },
    'timeout-s': { type: 'string', default: '120' },
    /** Also print each other user's latency, in the order they asked. */
    verbose: { type: 'boolean', default: false },
  },
});

/** Lets everything in, in one lane: the queue as it was before users took turns. */
class OpenGate extends Gate {
  override async admit(_requester: Requester): Promise<Admission> {
    return { ok: true, owner: '', requestId: '' };
  }
}

/** The app's process: build the library, start the Bolt app with the mode's limits, report its memory on request. */
async function runServer(mode: Mode, apiUrl: string, distractors: number, backlog: number): Promise<void> {
  const log = createLogger({ name: 'soak', write: () => {} });
  const papers: Paper[] = [...(await loadCorpusFile(DEFAULT_CORPUS)), ...(distractors > 0 ? await loadDistractors(distractors) : [])];
  const library = createLibrary(papers, { termStats: await defaultTermStats() });
  await library.prepare();
  const maxBacklog = mode === 'before' ? Number.MAX_SAFE_INTEGER : mode === 'fair' ? backlog : QUEUE_LIMITS.maxBacklog;
  const queue = new WorkQueue({ maxBacklog });
  const rate = mode === 'after' ? RATE_LIMITS : { burst: 1, perMinute: 0 };
  const gate = mode === 'before' ? new OpenGate(new RateLimiter(rate), queue, log) : new Gate(new RateLimiter(rate), queue, log);
  const http = createHttpServer({ log, onArrival: () => queue.noteArrival() });
  const stateDir = mkdtempSync(join(tmpdir(), 'citebot-soak-state-'));
  const store = await openStore({ dataDir: stateDir, log });
  const slack = await createSlackApp(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl, botId: 'BBOT', botUserId: 'UBOT' },
    { library: { current: library }, log, queue, gate, http, store, metrics: benchMetrics(queue) },
  );
  const port = await http.listen(0, '127.0.0.1');
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  process.on('message', (m: { type: 'stop' }) => {
    if (m.type !== 'stop') return;
    clearInterval(sampler);
    process.send!({
      type: 'stats',
      peakRssMb: peakRss / 2 ** 20,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    } satisfies FromServer);
    void (async () => {
      await slack.stop();
      await http.close();
      await store.close();
      rmSync(stateDir, { recursive: true, force: true });
      process.disconnect();
    })();
  });
  process.send!({ type: 'ready', port, papers: papers.length } satisfies FromServer);
}

interface Sent {
  status: number;
  body: string;
  sentAt: number;
  error?: string;
}

function post(url: URL, req: SignedRequest, agent: Agent): Promise<Sent> {
  const sentAt = performance.now();
  return new Promise((resolve) => {
    const headers = { ...req.headers, 'content-length': Buffer.byteLength(req.body) };
    const r = request(url, { method: 'POST', agent, headers, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sentAt }));
    });
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', (err) => resolve({ status: 0, body: '', sentAt, error: err.message }));
    r.end(req.body);
  });
}

/** What the ack of a command said: taken (empty body), or refused and why. */
function ackKind(s: Sent): 'taken' | 'rate' | 'backlog' | 'error' {
  if (s.status !== 200) return 'error';
  if (s.body === '') return 'taken';
  const text = String((JSON.parse(s.body) as { text?: unknown }).text ?? '');
  if (text.includes(BUSY.full.slice(0, 30))) return 'backlog';
  if (text.includes('asking faster')) return 'rate';
  return 'error';
}

interface ModeResult {
  mode: Mode;
  papers: number;
  flood: { answered: number; rate: number; backlog: number; errors: number; unanswered: number };
  other: { answered: number; p50: number; p99: number; max: number; inOrder: string[] };
  floodDrainS: number;
  peakRssMb: number;
  maxRssMb: number;
  timedOut: boolean;
}

async function runMode(mode: Mode): Promise<ModeResult> {
  const floodCount = Number(values.flood);
  const probeCount = Number(values.probes);
  const timeoutMs = Number(values['timeout-s']) * 1000;
  const peer = await startSlackPeer({ botToken: BOT_TOKEN, botId: 'BBOT', botUserId: 'UBOT' });
  const server: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      SELF,
      '--server',
      '--mode',
      mode,
      '--api-url',
      peer.apiUrl,
      '--distractors',
      values.distractors,
      '--backlog',
      values.backlog,
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  const guard = setTimeout(() => server.kill('SIGKILL'), timeoutMs + 120_000);
  const message = <K extends FromServer['type']>(type: K) =>
    new Promise<Extract<FromServer, { type: K }>>((resolve, reject) => {
      const on = (m: FromServer) => {
        if (m.type !== type) return;
        server.off('message', on);
        resolve(m as Extract<FromServer, { type: K }>);
      };
      server.on('message', on);
      server.once('exit', (code) => reject(new Error(`the app's process exited (${code})`)));
    });
  try {
    const ready = await message('ready');
    const url = new URL(`http://127.0.0.1:${ready.port}/slack/events`);
    const questions = loadQuestions().map((q) => q.q);
    const ask = (user: string, id: string, i: number) =>
      signSlashCommand(SIGNING_SECRET, {
        command: '/ask',
        text: questions[i % questions.length]!,
        response_url: peer.responseUrl(id),
        user_id: user,
      });
    const floodAgent = new Agent({ keepAlive: true, maxSockets: Number(values.connections) });
    const probeAgent = new Agent({ keepAlive: true, maxSockets: 4 });
    const t0 = performance.now();
    const deadline = t0 + timeoutMs;
    // The flood: every command signed and sent at once (the agent keeps --connections in flight).
    const flood = Promise.all(Array.from({ length: floodCount }, (_, i) => post(url, ask('UFLOOD', `f${i}`, i), floodAgent)));
    // The other user: one command every --probe-every-ms from the flood's start.
    const probes: Promise<Sent>[] = [];
    for (let i = 0; i < probeCount && performance.now() < deadline; i++) {
      // A different user each time: each stays far inside the rate limit, as everyone but the flooder does.
      probes.push(post(url, ask(`UOTHER${i}`, `o${i}`, i + 7), probeAgent));
      await new Promise((r) => setTimeout(r, Number(values['probe-every-ms'])));
    }
    const floodSent = await flood;
    const probeSent = await Promise.all(probes);
    const takenFlood = floodSent.flatMap((s, i) => (ackKind(s) === 'taken' ? [`f${i}`] : []));
    const takenProbes = probeSent.flatMap((s, i) => (ackKind(s) === 'taken' ? [`o${i}`] : []));
    const arrived = (id: string) => peer.responseAttempts.find((a) => a.id === id && a.status === 200);
    const waiting = () => [...takenFlood, ...takenProbes].some((id) => !arrived(id));
    while (waiting() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const timedOut = waiting();
    server.send({ type: 'stop' });
    const stats = await message('stats');
    floodAgent.destroy();
    probeAgent.destroy();

    const responseText = (id: string) => JSON.stringify(peer.responses.find((r) => r.id === id)?.body ?? {});
    const floodKinds = floodSent.map(ackKind);
    const backlogLate = takenFlood.filter((id) => responseText(id).includes(BUSY.full.slice(0, 30))).length;
    const floodAnswered = takenFlood.filter((id) => arrived(id) && !responseText(id).includes(BUSY.full.slice(0, 30))).length;
    const inOrder = probeSent.map((s, i) => {
      const at = arrived(`o${i}`)?.at;
      return at === undefined ? ackKind(s) : (at - s.sentAt).toFixed(0);
    });
    const latencies = probeSent
      .flatMap((s, i) => {
        const at = arrived(`o${i}`)?.at;
        return ackKind(s) === 'taken' && at !== undefined ? [at - s.sentAt] : [];
      })
      .sort((a, b) => a - b);
    const lastFlood = Math.max(...takenFlood.map((id) => arrived(id)?.at ?? 0));
    return {
      mode,
      papers: ready.papers,
      flood: {
        answered: floodAnswered,
        rate: floodKinds.filter((k) => k === 'rate').length,
        backlog: floodKinds.filter((k) => k === 'backlog').length + backlogLate,
        errors: floodKinds.filter((k) => k === 'error').length,
        unanswered: takenFlood.filter((id) => !arrived(id)).length,
      },
      other: {
        answered: latencies.length,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
        inOrder,
      },
      floodDrainS: (lastFlood - t0) / 1000,
      peakRssMb: stats.peakRssMb,
      maxRssMb: stats.maxRssMb,
      timedOut,
    };
  } finally {
    clearTimeout(guard);
    if (server.exitCode === null) await new Promise((r) => server.once('exit', r));
    await peer.close();
  }
}

async function runClient(): Promise<void> {
  const modes = values.modes.split(',').map((m) => m.trim()) as Mode[];
  for (const m of modes) if (!MODES.includes(m)) throw new Error(`unknown mode ${m}; use ${MODES.join(', ')}`);
  const results: ModeResult[] = [];
  for (const mode of modes) {
    process.stderr.write(`soak: ${mode}…\n`);
    results.push(await runMode(mode));
  }
  const papers = results[0]?.papers ?? 0;
  console.log(`\n## Soak: ${values.flood} /ask from one user, other users asking every ${values['probe-every-ms']} ms\n`);
  console.log(
    `machine: ${machineLine()}; the Bolt app in its own process over loopback, ${papers.toLocaleString('en-US')} papers; flood over ${values.connections} connections; fair mode's backlog ${values.backlog}\n`,
  );
  console.log(
    '| mode | flooder answered | refused: rate limit | refused: backlog full | errors | flood answered within s | others answered | others p50 ms | others p99 ms | others max ms | app peak RSS MB (sampled / high-water) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const f = r.flood;
    console.log(
      `| ${r.mode}${r.timedOut ? ' (timed out)' : ''} | ${f.answered}${f.unanswered ? ` (+${f.unanswered} unanswered)` : ''} | ${f.rate} | ${f.backlog} | ${f.errors} | ${r.floodDrainS.toFixed(1)} | ${r.other.answered}/${values.probes} | ${r.other.p50.toFixed(0)} | ${r.other.p99.toFixed(0)} | ${r.other.max.toFixed(0)} | ${r.peakRssMb.toFixed(0)} / ${r.maxRssMb.toFixed(0)} |`,
    );
  }
  if (values.verbose)
    for (const r of results) console.log(`\n${r.mode}: others' latency in ms, in the order they asked: ${r.other.inOrder.join(', ')}`);
}

if (values.server) await runServer(values.mode as Mode, values['api-url']!, Number(values.distractors), Number(values.backlog));
else await runClient();

/** The metrics a running bot has (nothing scrapes them here). */
function benchMetrics(queue: WorkQueue) {
  return createMetrics({ queueDepth: () => queue.size, papers: () => 0, platforms: () => ({}) });
}
