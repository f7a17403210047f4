import type { Client } from 'discord.js';
import { isSet } from '../shared/env.js';
import type { Logger } from '../shared/log.js';
import type { Platform } from '../shared/platform.js';
import { createDiscordBot } from './bot.js';
import { commands } from './commands/index.js';
import { parseDiscordConfig } from './config.js';

/**
 * The Discord adapter `npm start` runs when DISCORD_TOKEN is set: its configuration is checked with every
 * other platform's before anything connects; `start` logs in over the gateway and serves slash commands
 * until stopped, failing with a message naming what to fix (a rejected token, an unreachable API).
 * It mounts no HTTP route (the gateway needs none; a later HTTP interactions endpoint will).
 */
export const discord: Platform = {
  name: 'discord',
  isConfigured: (env) => isSet(env, 'DISCORD_TOKEN'),
  configure(env) {
    const config = parseDiscordConfig(env);
    return {
      name: 'discord',
      async start(services) {
        const { log } = services;
        const bot = createDiscordBot({ token: config.DISCORD_TOKEN, apiUrl: config.DISCORD_API_URL }, services);
        try {
          await bot.ready;
        } catch (error) {
          await bot.stop();
          throw error;
        }
        const { client } = bot;
        log.info(`logged in as ${client.user?.tag ?? 'unknown'}`, {
          application: client.application?.id,
          guilds: client.guilds.cache.size,
        });
        await warnIfUnregistered(client, config.DISCORD_GUILD_ID, log);
        return { state: () => (client.isReady() ? 'ok' : 'down'), stop: bot.stop };
      },
    };
  },
};

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
