import { CitebotError, hashFile } from '../src/index.js';
import { runTerminalChat } from './cli/chat.js';
import { discord } from './discord/platform.js';
import { Gate } from './shared/admission.js';
import { readStartupConfig, type SharedConfig } from './shared/config.js';
import { DEFAULT_CACHE_DIR, emptyCorpusWarning, loadLibrary } from './shared/corpus.js';
import { ConfigError, ConfigErrors, type Env, loadDotenv } from './shared/env.js';
import { createHttpServer, type HttpServer, sendJson } from './shared/http-server.js';
import { LibraryHolder } from './shared/library-holder.js';
import { createLogger, type Logger } from './shared/log.js';
import { terminalGreeting } from './shared/messages.js';
import { countingStore, createMetrics, sendMetrics } from './shared/metrics.js';
import type { ConfiguredPlatform, Platform, PlatformHost, PlatformState, RunningPlatform } from './shared/platform.js';
import { RateLimiter } from './shared/rate-limit.js';
import { type CorpusWatcher, reloadOnAnnouncedVersion, watchCorpus } from './shared/reload.js';
import type { Services } from './shared/services.js';
import {
  type CorpusListener,
  createDatabase,
  listenForCorpusVersions,
  migrate,
  openStore,
  publishCorpusVersion,
  SharedRateLimiter,
  type StoreConfig,
  type StoreHealth,
} from './shared/store/index.js';
import { WorkQueue } from './shared/work-queue.js';
import { slack } from './slack/platform.js';

/** Every platform `npm start` knows, in start order. */
const PLATFORMS: readonly Platform[] = [discord, slack];

/** Health check of the shared HTTP server: 200 while every platform is serving, else 503 (also while stopping). */
const HEALTH_PATH = '/healthz';
/** Prometheus metrics of this replica. */
const METRICS_PATH = '/metrics';
/** Longest a graceful stop waits for the answer queue: a full default backlog (2,000) is answered in about 20 s. */
const DRAIN_MS = 20_000;
/** …and, before that, for requests in progress (a request may take 15 s at most: `HTTP_LIMITS.requestTimeoutMs`). */
const HTTP_DRAIN_MS = 15_000;

/** True when `promise` settles within `ms`. */
function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  return Promise.race([
    promise.then(
      () => true,
      () => true,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
}

/**
 * `npm start`, the composition root: read every configured platform's settings (all problems reported at
 * once, before anything connects), load the corpus, build the services once, open the HTTP server, then
 * start each platform. With no platform configured, chat in the terminal (interactive on a TTY; otherwise
 * answer stdin's lines and exit).
 */
async function main(): Promise<number> {
  loadDotenv();
  const env: Env = process.env;
  const secrets = secretValues(env);
  const config = readStartupConfig(env, PLATFORMS);
  const terminal = config.platforms.length === 0;
  // JSON lines for a running bot (log collectors); readable lines for a person chatting in the terminal.
  const log = createLogger({ secrets, format: terminal ? 'text' : 'json' });

  // A saved index found damaged while serving is rebuilt by the watcher (set below) rather than failing until a restart.
  let heal: ((err: CitebotError) => void) | undefined;
  const loaded = await loadLibrary(config.shared.corpus, {
    ...(config.shared.cacheDir ? { cacheDir: config.shared.cacheDir } : {}),
    onDamaged: (err) => heal?.(err),
  });
  const holder = new LibraryHolder(loaded.library);
  if (loaded.library.size === 0) log.warn(emptyCorpusWarning(loaded.file));
  // A running bot picks up an edited corpus without a restart; a one-shot run over piped stdin needs no watcher.
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const pipedStdin = terminal && !interactive;
  const watcher = pipedStdin
    ? undefined
    : watchCorpus({ file: loaded.file, holder, log, cacheDir: config.shared.cacheDir ?? DEFAULT_CACHE_DIR });
  if (watcher) heal = (err) => void watcher.heal(err);
  else heal = (err) => log.error(`${err.message}; restart to rebuild it`);
  // Serve at once; build the title index and typo vocabulary in the background (seconds at 100k+ papers).
  if (!pipedStdin) void loaded.library.prepare().catch((err: unknown) => log.warn('background warm-up failed', { err }));

  if (terminal) {
    if (interactive) process.stdout.write(`${terminalGreeting(loaded.library.size)}\n`);
    await runTerminalChat(holder, process.stdin, process.stdout, interactive);
    await watcher?.stop();
    return 0;
  }

  log.info(`corpus loaded`, {
    file: loaded.file,
    papers: loaded.library.size,
    loadMs: Math.round(loaded.loadMs),
    indexMs: Math.round(loaded.indexMs),
  });
  // Error lines of every part count in citebot_errors_total (the metrics exist once the queue does).
  let countError: (source: string) => void = () => {};
  const partLog = (name: string) => createLogger({ secrets, name, onError: () => countError(name) });
  // Never fails the start: a database that cannot be reached leaves the store degraded (one warn line) and retrying.
  const opened = await openStore({ ...config.store, log: partLog('store') });
  log.info('question log and feedback store opened', { ...storeSummary(opened.health()), logQuestions: config.store.logQuestions });
  const queue = new WorkQueue({ maxBacklog: config.shared.maxBacklog });
  const states = new Map<string, () => PlatformState>(config.platforms.map((p) => [p.name, () => 'starting' as const]));
  const platformStates = () => Object.fromEntries([...states].map(([name, state]) => [name, state()]));
  const metrics = createMetrics({ queueDepth: () => queue.size, papers: () => holder.current.size, platforms: platformStates });
  countError = (source) => metrics.error(source);
  const store = countingStore(opened, metrics, partLog('questions'));
  const shared = await openShared(config.store, config.shared, partLog('replicas'));
  if (shared.limiter && watcher) {
    shared.followCorpus(loaded.file, watcher, holder);
    log.info('sharing rate limits and corpus changes with other replicas through PostgreSQL', { where: shared.database.where });
  }
  const http = createHttpServer({ log: partLog('http'), onArrival: () => queue.noteArrival() });
  const limiter = shared.limiter ?? new RateLimiter(config.shared.rate);
  const gate = new Gate(limiter, queue, partLog('limits'), metrics);
  const services: Services = { library: holder, log, queue, gate, http, store, metrics, database: shared.database };
  // A platform that loses its connection for good while no other is serving stops the process (exit code 1).
  let platformLost: (problem: string) => void = () => {};
  const lost = new Promise<string>((resolve) => (platformLost = resolve));
  let stopping = false;
  http.mount('GET', HEALTH_PATH, (_req, res) => {
    const report = platformStates();
    const ok = !stopping && Object.values(report).every((s) => s === 'ok');
    // A degraded store does not fail the check: answers go on without it.
    const status = stopping ? 'stopping' : ok ? 'ok' : 'unavailable';
    // Nor does a lost database listener (it reconnects and re-reads the corpus version): shown for operators.
    const corpusChanges = shared.corpusChanges();
    sendJson(res, ok ? 200 : 503, {
      status,
      papers: holder.current.size,
      platforms: report,
      store: store.health().status,
      ...(corpusChanges ? { corpusChanges } : {}),
    });
  });
  const bot = await serve(config.shared, config.platforms, services, http, states, partLog, platformLost);
  http.mount('GET', METRICS_PATH, (_req, res) => sendMetrics(res, metrics));
  if (bot.problems.length === 0) log.info(`listening on port ${bot.port} (${http.routes().join(', ')})`, { port: bot.port });
  /**
   * Graceful stop: refuse new connections at once (a load balancer retries them on another replica), let requests in
   * progress finish while the platforms still serve them (at most `HTTP_DRAIN_MS`), answer every question already
   * queued (at most `DRAIN_MS`), disconnect the platforms, then flush and close the database last, so the votes and
   * questions of the drained answers are written too.
   */
  let stopped: Promise<void> | undefined;
  // Once, however many signals arrive (Ctrl+C then SIGTERM from a supervisor).
  const stopAll = () => (stopped ??= stopEverything());
  const stopEverything = async () => {
    stopping = true;
    // One more poll of the event loop first: connections already queued by the kernel are accepted, not reset.
    await new Promise((resolve) => setImmediate(resolve));
    const closing = http.close();
    // Requests already accepted finish first (they may queue an answer); the platforms must still be serving them.
    if (!(await settledWithin(closing, HTTP_DRAIN_MS))) {
      log.warn(`closing HTTP connections still open after ${HTTP_DRAIN_MS / 1000} s`);
      http.server.closeAllConnections();
    }
    if (!(await queue.drain(DRAIN_MS))) log.warn(`stopping with ${queue.size} questions unanswered after ${DRAIN_MS / 1000} s`);
    await Promise.allSettled([bot.stop(), watcher?.stop()]);
    await shared.close();
    await store.close();
  };
  if (bot.problems.length > 0) {
    await stopAll();
    process.stderr.write(`${bot.problems.join('\n')}\n`);
    return 1;
  }
  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      log.info(`${signal} received, shutting down`, { queued: queue.size });
      void stopAll().then(() => resolve(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    void lost.then((problem) => {
      log.error(`no platform is serving any more, stopping with exit code 1 so a supervisor restarts citebot: ${problem}`);
      void stopAll().then(() => resolve(1));
    });
  });
}

/**
 * The database platforms share (`services.database`: the SQLite file, or PostgreSQL with `DATABASE_URL`), and with
 * PostgreSQL what replicas share through it: per-user rate limits, and corpus changes announced to and followed from
 * the other replicas (record the version, NOTIFY; LISTEN, reload). With SQLite the limits stay in this process's
 * memory: its writes block the event loop, and one file means one machine (README "Running several replicas").
 * Nothing here fails the start: while PostgreSQL is away, limits fall back to memory and the listener reconnects.
 */
async function openShared(store: StoreConfig, shared: SharedConfig, log: Logger) {
  const database = createDatabase({ dataDir: store.dataDir, databaseUrl: store.databaseUrl });
  // The store migrates too (and reports a failure); this makes sure the tables exist before the first question.
  await migrate(database.db, database.engine).catch(() => {});
  const limiter = database.engine === 'postgres' ? new SharedRateLimiter(database.db, { limits: shared.rate, log }) : undefined;
  let listener: CorpusListener | undefined;
  return {
    database,
    limiter,
    /** `listening` or `reconnecting` with PostgreSQL (what `/healthz` shows), else undefined. */
    corpusChanges: () => (listener ? (listener.listening() ? 'listening' : 'reconnecting') : undefined),
    followCorpus(file: string, watcher: CorpusWatcher, holder: LibraryHolder) {
      const databaseUrl = store.databaseUrl;
      if (!databaseUrl) return;
      holder.announceWith(async (written) => {
        try {
          await publishCorpusVersion(database.db, await hashFile(written));
        } catch (err) {
          log.warn('could not announce the corpus change to other replicas; they pick it up when they next reconnect', {
            error: (err as Error).message,
          });
        }
      });
      listener = listenForCorpusVersions({ databaseUrl, log, onVersion: reloadOnAnnouncedVersion(file, watcher, log) });
    },
    async close() {
      limiter?.close();
      await listener?.close();
      await database.db.destroy().catch(() => {});
    },
  };
}

/**
 * Open the HTTP server (before any platform connects, so a taken port fails fast), then start each platform with the
 * shared services, recording its state in `states` for `/healthz` and the metrics. Returns the port, what failed to
 * start, and a stop for the platforms and the server.
 */
async function serve(
  shared: SharedConfig,
  platforms: readonly ConfiguredPlatform[],
  services: Services,
  http: HttpServer,
  states: Map<string, () => PlatformState>,
  partLog: (name: string) => Logger,
  stopProcess: (problem: string) => void,
) {
  const running: RunningPlatform[] = [];
  const stop = async () => {
    await Promise.allSettled(running.map((r) => r.stop()));
    await http.close();
  };
  let port: number;
  try {
    port = await http.listen(shared.port);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? `port ${shared.port} is in use; set PORT to a free port` : (e.code ?? e.message);
    return { problems: [`cannot open the HTTP server: ${why}`], stop, port: shared.port };
  }
  // Retry while another platform is serving; when none is, stop the process so a supervisor restarts it.
  const host: PlatformHost = {
    lost(name, problem) {
      const others = [...states].filter(([other, state]) => other !== name && state() !== 'down').map(([other]) => other);
      if (others.length === 0) {
        stopProcess(`${name}: ${problem}`);
        return 'stop';
      }
      services.log.error(`${name} is down (${others.join(', ')} still serving; /healthz reports 503)`);
      return 'retry';
    },
  };
  const problems: string[] = [];
  for (const p of platforms) {
    try {
      const started = await p.start({ ...services, log: partLog(p.name) }, host);
      running.push(started);
      states.set(p.name, started.state);
      services.log.info(`${p.name} adapter started`);
    } catch (err) {
      states.set(p.name, () => 'down');
      problems.push(`${p.name} failed to start: ${(err as Error).message}`);
    }
  }
  return { problems, stop, port };
}

function storeSummary(h: StoreHealth) {
  return { engine: h.engine, where: h.where, status: h.status };
}

function secretValues(env: Env): string[] {
  return [
    'DISCORD_TOKEN',
    'SLACK_BOT_TOKEN',
    'SLACK_SIGNING_SECRET',
    'SLACK_APP_TOKEN',
    'SLACK_CLIENT_SECRET',
    'SLACK_STATE_SECRET',
    'DATABASE_URL',
  ]
    .map((k) => env[k] ?? '')
    .concat(databasePassword(env.DATABASE_URL))
    .filter((v) => v.length >= 6);
}

/** DATABASE_URL's password, so a driver's error message quoting it is redacted too. */
function databasePassword(url: string | undefined): string {
  try {
    return url ? decodeURIComponent(new URL(url).password) : '';
  } catch {
    return '';
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const known = err instanceof CitebotError || err instanceof ConfigError || err instanceof ConfigErrors;
    process.stderr.write(`${known ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = 1;
  },
);
