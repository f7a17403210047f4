import type { Client } from 'discord.js';
import { isSet } from '../shared/env.js';
import type { Logger } from '../shared/log.js';
import type { ConfiguredPlatform, Platform, PlatformHost, PlatformState, RunningPlatform } from '../shared/platform.js';
import type { Services } from '../shared/services.js';
import { createDiscordBot, type DiscordBot, type DiscordGatewayClosed, DiscordLoginError } from './bot.js';
import { type DiscordCollection, discordCollectionFromEnv } from './commands/collection.js';
import { commands, servedCommands } from './commands/index.js';
import { type DiscordConfig, parseDiscordConfig } from './config.js';
import { DISCORD_INTERACTIONS_PATH, discordInteractionsRoute } from './interactions-http.js';

/**
 * How the Discord adapter logs in again after a fatal gateway close (`FATAL_CLOSE_CODES`) while another platform
 * keeps the process running. Waits double from `firstDelayMs` up to `maxDelayMs`; after `maxAttempts` failed
 * logins (about 25 minutes with the defaults) it gives up and stays down until restarted. A rejected token (close
 * 4004, or 401 from the API) is tried `tokenAttempts` times in all: a revoked token never works again, and every
 * refused login counts towards Discord's limit on invalid requests (10,000 in 10 minutes bans the IP).
 */
export interface ReloginPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  tokenAttempts: number;
}

/** The defaults of `ReloginPolicy`. */
export const DISCORD_RELOGIN: ReloginPolicy = { firstDelayMs: 5_000, maxDelayMs: 5 * 60_000, maxAttempts: 10, tokenAttempts: 2 };

/** Options of `discordPlatform` (tests shorten the waits). */
export interface DiscordPlatformOptions {
  relogin?: Partial<ReloginPolicy>;
}

/**
 * The Discord adapter `npm start` runs when DISCORD_TOKEN is set: its configuration is checked with every
 * other platform's before anything connects; `start` logs in over the gateway and serves slash commands
 * until stopped, failing with a message naming what to fix (a rejected token, an unreachable API, a fatal
 * gateway close). A fatal close once serving is logged with its code and what to do, turns `/healthz` down and
 * asks the host whether to log in again (`ReloginPolicy`) or stop. It mounts no HTTP route. With
 * DISCORD_PUBLIC_KEY set it connects nothing instead: Discord POSTs interactions to `POST /discord/interactions`
 * on the shared server (`interactions-http.ts`), which every replica behind a load balancer can answer.
 */
export function discordPlatform(options: DiscordPlatformOptions = {}): Platform {
  const policy = { ...DISCORD_RELOGIN, ...options.relogin };
  return {
    name: 'discord',
    isConfigured: (env) => isSet(env, 'DISCORD_TOKEN'),
    configure(env) {
      const config = parseDiscordConfig(env);
      const collection = discordCollectionFromEnv(env);
      const start: ConfiguredPlatform['start'] = config.DISCORD_PUBLIC_KEY
        ? async (services) => startInteractionsEndpoint(config, config.DISCORD_PUBLIC_KEY!, collection, services)
        : (services, host) => startDiscord(config, collection, services, policy, host);
      return { name: 'discord', start };
    },
  };
}

/** The Discord adapter with the default re-login policy. */
export const discord: Platform = discordPlatform();

async function startDiscord(
  config: DiscordConfig,
  collection: DiscordCollection,
  services: Services,
  policy: ReloginPolicy,
  host?: PlatformHost,
) {
  const served = servedCommands(collection);
  const { log } = services;
  let bot: DiscordBot;
  let state: PlatformState = 'ok';
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const login = async (): Promise<DiscordBot> => {
    const next = createDiscordBot(
      { token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL, onFatalClose: onLost, commands: served },
      services,
    );
    try {
      await next.ready;
    } catch (error) {
      await next.stop();
      throw error;
    }
    return next;
  };

  // After a fatal close: log it, report down, and (when the host agrees) log in again with backoff.
  function onLost(closed: DiscordGatewayClosed): void {
    state = 'down';
    log.error(`gateway connection lost: ${closed.message}`, { closeCode: closed.closeCode });
    void bot.stop();
    if (stopped || (host?.lost('discord', closed.message) ?? 'retry') === 'stop') return;
    scheduleRelogin(1, closed.tokenRejected ? 1 : 0);
  }

  function scheduleRelogin(attempt: number, tokenRejections: number): void {
    if (stopped) return;
    if (attempt > policy.maxAttempts || tokenRejections >= policy.tokenAttempts) {
      const why =
        tokenRejections >= policy.tokenAttempts
          ? `Discord rejected DISCORD_TOKEN ${tokenRejections} times`
          : `${policy.maxAttempts} logins failed`;
      log.error(`giving up on Discord: ${why}. It stays down (/healthz 503) until citebot is restarted; fix the cause above first.`);
      return;
    }
    const delayMs = Math.min(policy.firstDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
    log.warn(`logging in to Discord again in ${Math.round(delayMs / 1000)} s (attempt ${attempt} of ${policy.maxAttempts})`);
    retry = setTimeout(() => {
      login().then(
        (next) => {
          if (stopped) return void next.stop();
          bot = next;
          state = 'ok';
          log.info(`logged in to Discord again as ${next.client.user?.tag ?? 'unknown'}`, { attempt });
        },
        (error: unknown) => {
          const rejected = error instanceof DiscordLoginError && error.reason === 'token-rejected';
          log.warn(`logging in to Discord again failed: ${(error as Error).message}`, { attempt });
          scheduleRelogin(attempt + 1, tokenRejections + (rejected ? 1 : 0));
        },
      );
    }, delayMs);
  }

  bot = await login();
  const { client } = bot;
  log.info(`logged in as ${client.user?.tag ?? 'unknown'}`, { application: client.application?.id, guilds: client.guilds.cache.size });
  await warnIfUnregistered(client, config.DISCORD_GUILD_ID, log);
  return {
    state: (): PlatformState => (state === 'ok' && bot.client.isReady() ? 'ok' : 'down'),
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await bot.stop();
    },
  };
}

/** How long stopping waits for deferred replies still being sent through their webhooks. */
const DRAIN_MS = 10_000;

/** Serve interactions over HTTP (Discord delivers to the endpoint or the gateway, never both): no gateway login. */
function startInteractionsEndpoint(
  config: DiscordConfig,
  publicKey: string,
  collection: DiscordCollection,
  services: Services,
): RunningPlatform {
  const route = discordInteractionsRoute({ publicKey, apiUrl: config.DISCORD_API_URL, commands: servedCommands(collection) }, services);
  services.http.mount('POST', DISCORD_INTERACTIONS_PATH, route.handler);
  services.log.info(`serving Discord interactions at POST ${DISCORD_INTERACTIONS_PATH} (no gateway connection)`);
  let stopped = false;
  return {
    state: () => (stopped ? 'down' : 'ok'),
    async stop() {
      stopped = true;
      route.stop();
      await Promise.race([route.settled(), new Promise<void>((r) => setTimeout(r, DRAIN_MS).unref())]);
    },
  };
}

/** A bot whose commands were never registered receives nothing: say how to fix it. */
async function warnIfUnregistered(client: Client, guildId: string | undefined, log: Logger): Promise<void> {
  try {
    const app = client.application;
    if (!app) return;
    const global = await app.commands.fetch();
    const inGuild = guildId ? await app.commands.fetch({ guildId }) : undefined;
    const registered = new Set([...global.values(), ...(inGuild?.values() ?? [])].map((c) => c.name));
    const missing = commands.map((c) => c.data.name).filter((n) => !registered.has(n));
    if (missing.length > 0)
      log.warn(`commands not registered with Discord: ${missing.map((n) => `/${n}`).join(', ')}. Run \`npm run discord:register\`.`);
  } catch (error) {
    log.warn('could not check the registered commands', { error });
  }
}
