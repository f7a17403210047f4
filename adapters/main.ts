import { CitebotError } from '../src/index.js';
import { runTerminalChat } from './cli/chat.js';
import { discord } from './discord/platform.js';
import { loadLibrary } from './shared/corpus.js';
import { ConfigError, loadDotenv, type Env } from './shared/env.js';
import { LibraryHolder } from './shared/library-holder.js';
import { createLogger } from './shared/log.js';
import { watchCorpus } from './shared/reload.js';
import type { Platform, RunningPlatform } from './shared/platform.js';
import { slack } from './slack/platform.js';

const PLATFORMS: Platform[] = [discord, slack];

/**
 * `npm start`: start every platform whose credentials are configured. With none, chat in the terminal
 * (interactive on a TTY; otherwise answer stdin's lines and exit).
 */
async function main(): Promise<number> {
  loadDotenv();
  const env: Env = process.env;
  const log = createLogger({ secrets: secretValues(env) });
  const configured = PLATFORMS.filter((p) => p.isConfigured(env));

  const loaded = await loadLibrary(env.CITEBOT_CORPUS?.trim() || undefined);
  const holder = new LibraryHolder(loaded.library);
  // A running bot picks up an edited corpus without a restart; a one-shot run over piped stdin needs no watcher.
  const pipedStdin = configured.length === 0 && !(process.stdin.isTTY && process.stdout.isTTY);
  const watcher = pipedStdin ? undefined : watchCorpus({ file: loaded.file, holder, log });
  // Serve at once; build the title index and typo vocabulary in the background (seconds at 100k+ papers).
  if (!pipedStdin) void loaded.library.prepare().catch((err: unknown) => log.warn('background warm-up failed', { err }));

  if (configured.length === 0) {
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    if (interactive) {
      process.stdout.write(
        `citebot: ${loaded.library.size} papers loaded. No chat platform configured: set DISCORD_TOKEN or SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET in .env to connect (see README).\n`,
      );
    }
    await runTerminalChat(holder, process.stdin, process.stdout, interactive);
    await watcher?.stop();
    return 0;
  }

  log.info(`corpus loaded`, { file: loaded.file, papers: loaded.library.size, loadMs: Math.round(loaded.loadMs), indexMs: Math.round(loaded.indexMs) });
  const running: RunningPlatform[] = [];
  const problems: string[] = [];
  for (const p of configured) {
    try {
      running.push(await p.start(env, holder, createLogger({ secrets: secretValues(env), name: p.name })));
      log.info(`${p.name} adapter started`);
    } catch (err) {
      problems.push(err instanceof ConfigError ? err.message : `${p.name} failed to start: ${(err as Error).message}`);
    }
  }
  if (problems.length > 0) {
    await Promise.allSettled([...running.map((r) => r.stop()), watcher?.stop()]);
    process.stderr.write(`${problems.join('\n')}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info(`${signal} received, shutting down`);
      void Promise.allSettled([...running.map((r) => r.stop()), watcher?.stop()]).then(() => resolve());
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

function secretValues(env: Env): string[] {
  return ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'].map((k) => env[k] ?? '').filter((v) => v.length >= 6);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof CitebotError || err instanceof ConfigError ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exitCode = 1;
  },
);
