import { CitebotError } from '../src/index.js';
import { runTerminalChat } from './cli/chat.js';
import { discord } from './discord/platform.js';
import { Gate } from './shared/admission.js';
import { readStartupConfig, type SharedConfig } from './shared/config.js';
import { emptyCorpusWarning, loadLibrary } from './shared/corpus.js';
import { ConfigError, ConfigErrors, type Env, loadDotenv } from './shared/env.js';
import { createHttpServer, type HttpServer, sendJson } from './shared/http-server.js';
import { LibraryHolder } from './shared/library-holder.js';
import { createLogger, type Logger } from './shared/log.js';
import { terminalGreeting } from './shared/messages.js';
import type { ConfiguredPlatform, Platform, PlatformHost, PlatformState, RunningPlatform } from './shared/platform.js';
import { RateLimiter } from './shared/rate-limit.js';
import { watchCorpus } from './shared/reload.js';
import type { Services } from './shared/services.js';
import { openStore, type StoreHealth } from './shared/store/index.js';
import { WorkQueue } from './shared/work-queue.js';
import { slack } from './slack/platform.js';

/** Every platform `npm start` knows, in start order. */
const PLATFORMS: readonly Platform[] = [discord, slack];

/** Health check of the shared HTTP server: 200 while every platform is serving, else 503. */
const HEALTH_PATH = '/healthz';

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
  const log = createLogger({ secrets });
  const config = readStartupConfig(env, PLATFORMS);

  const loaded = await loadLibrary(config.shared.corpus, config.shared.cacheDir ? { cacheDir: config.shared.cacheDir } : {});
  const holder = new LibraryHolder(loaded.library);
  if (loaded.library.size === 0) log.warn(emptyCorpusWarning(loaded.file));
  const terminal = config.platforms.length === 0;
  // A running bot picks up an edited corpus without a restart; a one-shot run over piped stdin needs no watcher.
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const pipedStdin = terminal && !interactive;
  const watcher = pipedStdin ? undefined : watchCorpus({ file: loaded.file, holder, log });
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
  // Never fails the start: a database that cannot be reached leaves the store degraded (one warn line) and retrying.
  const store = await openStore({ ...config.store, log: createLogger({ secrets, name: 'store' }) });
  log.info('question log and feedback store opened', { ...storeSummary(store.health()), logQuestions: config.store.logQuestions });
  const queue = new WorkQueue({ maxBacklog: config.shared.maxBacklog });
  const http = createHttpServer({ log, onArrival: () => queue.noteArrival() });
  const gate = new Gate(new RateLimiter(config.shared.rate), queue, createLogger({ secrets, name: 'limits' }));
  const services: Services = { library: holder, log, queue, gate, http, store };
  // A platform that loses its connection for good while no other is serving stops the process (exit code 1).
  let platformLost: (problem: string) => void = () => {};
  const lost = new Promise<string>((resolve) => (platformLost = resolve));
  const bot = await serve(config.shared, config.platforms, services, http, secrets, platformLost);
  // The store closes last: the votes and questions of requests that finished while stopping are flushed too.
  const stopAll = async () => {
    await Promise.allSettled([bot.stop(), watcher?.stop()]);
    await store.close();
  };
  if (bot.problems.length > 0) {
    await stopAll();
    process.stderr.write(`${bot.problems.join('\n')}\n`);
    return 1;
  }
  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      log.info(`${signal} received, shutting down`);
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
 * Open the HTTP server (before any platform connects, so a taken port fails fast), mount `/healthz`, then
 * start each platform with the shared services. Returns what failed to start, and a stop for everything.
 */
async function serve(
  shared: SharedConfig,
  platforms: readonly ConfiguredPlatform[],
  services: Services,
  http: HttpServer,
  secrets: string[],
  stopProcess: (problem: string) => void,
) {
  const states = new Map<string, () => PlatformState>(platforms.map((p) => [p.name, () => 'starting' as const]));
  http.mount('GET', HEALTH_PATH, (_req, res) => {
    const report = Object.fromEntries([...states].map(([name, state]) => [name, state()]));
    const ok = Object.values(report).every((s) => s === 'ok');
    // A degraded store does not fail the check: answers go on without it.
    const store = services.store.health().status;
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'unavailable', papers: services.library.current.size, platforms: report, store });
  });
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
    return { problems: [`cannot open the HTTP server: ${why}`], stop };
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
      const started = await p.start({ ...services, log: platformLog(p.name, secrets) }, host);
      running.push(started);
      states.set(p.name, started.state);
      services.log.info(`${p.name} adapter started`);
    } catch (err) {
      states.set(p.name, () => 'down');
      problems.push(`${p.name} failed to start: ${(err as Error).message}`);
    }
  }
  if (problems.length === 0) services.log.info(`listening on port ${port} (${http.routes().join(', ')})`, { port });
  return { problems, stop };
}

function storeSummary(h: StoreHealth) {
  return { engine: h.engine, where: h.where, status: h.status };
}

function platformLog(name: string, secrets: string[]): Logger {
  return createLogger({ secrets, name });
}

function secretValues(env: Env): string[] {
  return ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DATABASE_URL']
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
