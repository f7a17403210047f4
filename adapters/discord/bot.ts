import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, MessageFlags, type Interaction } from 'discord.js';
import type { Logger } from '../shared/log.js';
import { commandsByName, type CommandContext, type SlashCommand } from './commands/index.js';
import { DEFAULT_DISCORD_API_URL } from './config.js';
import { ERROR_TEXT, NO_MENTIONS, STALE_BUTTON_TEXT, UNKNOWN_COMMAND_TEXT } from './render.js';

/** How to run the bot. */
export interface DiscordBotOptions {
  /** The bot token (without "Bot "). */
  token: string;
  /** REST API base, default `https://discord.com/api`; the gateway URL comes from `GET /gateway/bot`. */
  apiUrl?: string;
  holder: CommandContext['holder'];
  log: Logger;
  /** Give up logging in after this long. Default 30 s. */
  readyTimeoutMs?: number;
  /** Commands to serve. Default: all of citebot's. */
  commands?: ReadonlyMap<string, SlashCommand>;
}

/** A bot that is logging in: `ready` settles once it serves interactions or cannot. */
export interface DiscordBot {
  client: Client;
  /** Resolves when the gateway session is ready; rejects with a `DiscordLoginError` when logging in fails. */
  ready: Promise<void>;
  /** Disconnect from the gateway. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Logging in failed: `reason` tells a bad token from an unreachable API. */
export class DiscordLoginError extends Error {
  override name = 'DiscordLoginError';
  readonly code = 'DISCORD_LOGIN_FAILED';
  constructor(
    readonly reason: 'token-rejected' | 'unreachable' | 'timeout',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Create the discord.js client, route interactions to `commands`, and log in. */
export function createDiscordBot(options: DiscordBotOptions): DiscordBot {
  const apiUrl = options.apiUrl ?? DEFAULT_DISCORD_API_URL;
  const { log } = options;
  const commands = options.commands ?? commandsByName;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds], // interactions need no privileged intents
    allowedMentions: NO_MENTIONS,
    rest: { api: apiUrl },
  });
  const ctx: CommandContext = { holder: options.holder, log };

  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, commands, ctx));
  client.on(Events.Error, (error) => log.error('discord client error', { error }));
  client.on(Events.Warn, (message) => log.warn(`discord: ${message}`));

  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const fail = (err: DiscordLoginError) => {
      clearTimeout(timer);
      reject(err);
    };
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
    // The gateway closes with 4004 when it refuses the token.
    client.on(Events.ShardError, (error) => {
      if (!client.isReady() && /authentication failed/i.test(error.message)) fail(tokenRejected(error));
    });
    const timeoutMs = options.readyTimeoutMs ?? 30_000;
    timer = setTimeout(() => fail(new DiscordLoginError('timeout', `Discord did not become ready within ${Math.round(timeoutMs / 1000)} s (API ${apiUrl}).`)), timeoutMs);
    timer.unref();
    client.login(options.token).catch((error: unknown) => fail(explainLoginFailure(error, apiUrl)));
  });
  ready.catch(() => {}); // the caller awaits it; never an unhandled rejection

  let stopping: Promise<void> | undefined;
  const stop = () => {
    clearTimeout(timer);
    // destroy() can hang when the session never became ready: never wait on it for more than 5 s.
    stopping ??= Promise.race([client.destroy().catch(() => {}), new Promise<void>((r) => setTimeout(r, 5000).unref())]);
    return stopping;
  };
  return { client, ready, stop };
}

function tokenRejected(cause: unknown): DiscordLoginError {
  return new DiscordLoginError(
    'token-rejected',
    'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy a fresh token from the Developer Portal (your application > Bot > Reset Token) into .env.',
    { cause },
  );
}

/** Turn a discord.js login failure into a message that says what to fix. */
export function explainLoginFailure(error: unknown, apiUrl: string): DiscordLoginError {
  const e = error as { code?: unknown; status?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (e.code === DiscordjsErrorCodes.TokenInvalid || e.status === 401) return tokenRejected(error);
  const detail = String(e.cause?.code ?? e.message ?? error);
  return new DiscordLoginError('unreachable', `Could not reach the Discord API at ${apiUrl} (${detail}). Check the network, or DISCORD_API_URL if you set it.`, {
    cause: error,
  });
}

/**
 * The one error boundary per interaction: route it to its command, and when a handler throws, log the
 * failure with its context and tell the user privately. Never throws, so the bot keeps serving.
 */
export async function handleInteraction(interaction: Interaction, commands: ReadonlyMap<string, SlashCommand>, ctx: CommandContext): Promise<void> {
  const context = contextOf(interaction);
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) await interaction.reply({ content: UNKNOWN_COMMAND_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      else await command.execute(interaction, ctx);
    } else if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      await (command?.autocomplete ? command.autocomplete(interaction, ctx) : interaction.respond([]));
    } else if (interaction.isButton()) {
      const command = commands.get(interaction.customId.split(':')[0] ?? '');
      if (command?.button) await command.button(interaction, ctx);
      else await interaction.reply({ content: STALE_BUTTON_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
  } catch (error) {
    ctx.log.error('interaction failed', { ...context, error });
    await tellUser(interaction).catch((replyError: unknown) => ctx.log.error('could not send the error reply', { ...context, error: replyError }));
  }
}

function contextOf(interaction: Interaction): Record<string, unknown> {
  const base = { interaction: interaction.id, user: interaction.user.id, guild: interaction.guildId ?? undefined, channel: interaction.channelId ?? undefined };
  if (interaction.isChatInputCommand()) return { kind: 'command', command: interaction.commandName, ...base };
  if (interaction.isAutocomplete()) return { kind: 'autocomplete', command: interaction.commandName, ...base };
  if (interaction.isButton()) return { kind: 'button', customId: interaction.customId, ...base };
  return { kind: `type ${interaction.type}`, ...base };
}

async function tellUser(interaction: Interaction): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const privately = { content: ERROR_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS } as const;
  if (interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply({ content: ERROR_TEXT, embeds: [], components: [], allowedMentions: NO_MENTIONS });
      return;
    }
    // A public "thinking…" message: remove it, then answer privately.
    await interaction.deleteReply().catch(() => {});
    await interaction.followUp(privately);
  } else if (interaction.deferred || interaction.replied) {
    await interaction.followUp(privately);
  } else {
    await interaction.reply(privately);
  }
}
