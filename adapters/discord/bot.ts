import {
  type ChatInputCommandInteraction,
  Client,
  DiscordjsErrorCodes,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  type MessageComponentInteraction,
  MessageFlags,
  type ModalSubmitInteraction,
} from 'discord.js';
import { BUSY, PROBLEMS } from '../shared/messages.js';
import type { Services } from '../shared/services.js';
import { QueueFullError } from '../shared/work-queue.js';
import {
  type Caller,
  type ClickedMessage,
  type ComponentClick,
  commandsByName,
  type DiscordReply,
  type ModalSubmission,
  type SlashCommand,
} from './commands/index.js';
import { optionsFrom } from './commands/types.js';
import { DEFAULT_DISCORD_API_URL } from './config.js';
import { type DiscordMessage, NO_MENTIONS, notice } from './render.js';

/** How to connect the bot (what it serves with comes from `Services`). */
export interface DiscordBotOptions {
  /** The bot token (without "Bot "). */
  token: string;
  /** REST API base, default `https://discord.com/api`; the gateway URL comes from `GET /gateway/bot`. */
  apiUrl?: string;
  /** Give up logging in after this long. Default 30 s. */
  readyTimeoutMs?: number;
  /** Commands to serve. Default: all of citebot's. */
  commands?: ReadonlyMap<string, SlashCommand>;
  /**
   * Told once when, after the session was ready, the gateway closes with a code discord.js does not reconnect
   * after (`FATAL_CLOSE_CODES`). The client is then dead: stop it and log in with a new one to try again.
   */
  onFatalClose?: (closed: DiscordGatewayClosed) => void;
}

/**
 * Gateway close codes after which discord.js gives up instead of reconnecting, with what each means and what to
 * do. Any other close (network loss, 4000, 4007, 4009…) is resumed or re-identified by discord.js itself.
 */
export const FATAL_CLOSE_CODES: Readonly<Record<number, { name: string; advice: string }>> = {
  4004: {
    name: 'authentication failed',
    advice:
      'Discord rejected or revoked DISCORD_TOKEN. Copy a fresh token from the Developer Portal (your application > Bot > Reset Token) into .env and restart.',
  },
  4010: {
    name: 'invalid shard',
    advice: 'Discord refused the shard settings; check DISCORD_API_URL if you set it (citebot opens the shard count Discord recommends).',
  },
  4011: {
    name: 'sharding required',
    advice:
      'The bot is in too many servers for the shards it opened; restart citebot (it asks Discord how many shards to open), or set DISCORD_PUBLIC_KEY to receive interactions over HTTP, which needs no gateway.',
  },
  4012: {
    name: 'invalid API version',
    advice: 'Discord no longer accepts this gateway version: update discord.js (npm update discord.js).',
  },
  4013: {
    name: 'invalid intents',
    advice: 'Discord does not know an intent the bot asked for: update discord.js (npm update discord.js).',
  },
  4014: {
    name: 'disallowed intents',
    advice:
      'The bot asked for a privileged intent that is not enabled for it: enable the intent in the Developer Portal (your application > Bot > Privileged Gateway Intents) or remove it from the bot’s intents.',
  },
};

/** What a fatal gateway close says: the code, its name and what to do. */
export function fatalCloseMessage(code: number): string {
  const known = FATAL_CLOSE_CODES[code];
  return `Discord closed the gateway with code ${code}${known ? ` (${known.name}). ${known.advice}` : '.'}`;
}

/** The gateway closed for good after the session was ready (see `FATAL_CLOSE_CODES`). */
export class DiscordGatewayClosed extends Error {
  override name = 'DiscordGatewayClosed';
  readonly code = 'DISCORD_GATEWAY_CLOSED';
  constructor(readonly closeCode: number) {
    super(fatalCloseMessage(closeCode));
  }
  /** True for 4004: Discord rejected the token (revoked or reset), which no retry fixes. */
  get tokenRejected(): boolean {
    return this.closeCode === 4004;
  }
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
    readonly reason: 'token-rejected' | 'gateway-closed' | 'unreachable' | 'timeout',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Create the discord.js client (the gateway transport), route interactions to `commands`, and log in. */
export function createDiscordBot(options: DiscordBotOptions, services: Services): DiscordBot {
  const apiUrl = options.apiUrl ?? DEFAULT_DISCORD_API_URL;
  const { log } = services;
  const commands = options.commands ?? commandsByName;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds], // interactions need no privileged intents
    shards: 'auto', // as many shards as Discord recommends (required from 2,500 servers), in this one process
    allowedMentions: NO_MENTIONS,
    rest: { api: apiUrl },
  });
  client.on(Events.InteractionCreate, (interaction) => void handleInteraction(interaction, commands, services));
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
    // A close discord.js will not recover from (4004 refused token, 4014 disallowed intents…): before the session is
    // ready, logging in fails with what to fix; after, the owner is told (the client stays "ready" and serves nothing).
    let lost = false;
    client.on(Events.ShardDisconnect, (event) => {
      const { code } = event;
      if (!client.isReady()) {
        const reason = code === 4004 ? 'token-rejected' : 'gateway-closed';
        return fail(new DiscordLoginError(reason, fatalCloseMessage(code), { cause: event }));
      }
      if (lost) return;
      lost = true;
      options.onFatalClose?.(new DiscordGatewayClosed(code));
    });
    const timeoutMs = options.readyTimeoutMs ?? 30_000;
    timer = setTimeout(
      () =>
        fail(new DiscordLoginError('timeout', `Discord did not become ready within ${Math.round(timeoutMs / 1000)} s (API ${apiUrl}).`)),
      timeoutMs,
    );
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
  return new DiscordLoginError(
    'unreachable',
    `Could not reach the Discord API at ${apiUrl} (${detail}). Check the network, or DISCORD_API_URL if you set it.`,
    {
      cause: error,
    },
  );
}

/**
 * The one error boundary per interaction: read its options, acknowledge it, run its command and send the
 * reply; when anything throws, log the failure with its context and tell the user privately, in whatever
 * state the reply is. Never throws, so the bot keeps serving.
 */
export async function handleInteraction(
  interaction: Interaction,
  commands: ReadonlyMap<string, SlashCommand>,
  services: Services,
): Promise<void> {
  const context = contextOf(interaction);
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (!command) return void (await send(interaction, { kind: 'message', message: notice(PROBLEMS.unknownCommand), ephemeral: true }));
      const options = optionsFrom(interaction.options.data);
      if (command.defer) {
        // A queued answer: refused privately, before it is acknowledged, when the user asks too fast or the queue is full.
        const admission = await services.gate.admit({ platform: 'discord', ...callerOf(interaction) });
        if (!admission.ok) return void (await send(interaction, { kind: 'message', message: notice(admission.message), ephemeral: true }));
        await interaction.deferReply(command.defer(options).ephemeral ? { flags: MessageFlags.Ephemeral } : {});
        await interaction.editReply(shownAfterDeferral(await command.run(options, services, callerOf(interaction))));
      } else {
        await send(interaction, await command.run(options, services, callerOf(interaction)));
      }
    } else if (interaction.isAutocomplete()) {
      const command = commands.get(interaction.commandName);
      const focused = interaction.options.getFocused(true);
      await interaction.respond(
        command?.autocomplete ? await command.autocomplete({ name: focused.name, value: String(focused.value) }, services) : [],
      );
    } else if (interaction.isButton() || interaction.isStringSelectMenu()) {
      const command = commands.get(interaction.customId.split(':')[0] ?? '');
      const reply: DiscordReply = command?.button
        ? await command.button(clickOf(interaction), services)
        : { kind: 'message', message: notice(PROBLEMS.staleButton), ephemeral: true };
      await send(interaction, reply);
    } else if (interaction.isModalSubmit()) {
      const submission = submissionOf(interaction);
      const handler = commands.get(interaction.customId.split(':')[0] ?? '')?.modal;
      if (!handler) return void (await send(interaction, { kind: 'message', message: notice(PROBLEMS.staleButton), ephemeral: true }));
      // Answered like a queued command: refused privately when too fast, else acknowledged, then the answer in its place.
      const admission = await services.gate.admit({ platform: 'discord', ...callerOf(interaction) });
      if (!admission.ok) return void (await send(interaction, { kind: 'message', message: notice(admission.message), ephemeral: true }));
      await interaction.deferReply(handler.ephemeral(submission) ? { flags: MessageFlags.Ephemeral } : {});
      await interaction.editReply(shownAfterDeferral(await handler.run(submission, services)));
    }
  } catch (error) {
    // The queue filled up between the admission and the answer: say so, as the admission would have.
    const full = error instanceof QueueFullError;
    if (full) services.log.warn('interaction refused: the answer queue is full', context);
    else services.log.error('interaction failed', { ...context, error });
    await tellUser(interaction, full ? BUSY.full : PROBLEMS.error).catch((replyError: unknown) =>
      services.log.error('could not send the error reply', { ...context, error: replyError }),
    );
  }
}

function callerOf(interaction: { user: { id: string }; guildId: string | null }): Caller {
  return { userId: interaction.user.id, workspace: interaction.guildId ?? '' };
}

/** A component click as plain data: handlers never touch the interaction. */
function clickOf(interaction: MessageComponentInteraction): ComponentClick {
  return {
    customId: interaction.customId,
    values: interaction.isStringSelectMenu() ? interaction.values : [],
    caller: callerOf(interaction),
    message: messageOf(interaction.message),
  };
}

function messageOf(message: Message): ClickedMessage {
  return {
    embeds: message.embeds.map((e) => e.toJSON()),
    components: message.components.map((c) => c.toJSON()),
    ephemeral: message.flags.has(MessageFlags.Ephemeral),
  };
}

/** A modal submission as plain data: its text inputs by custom_id, and the message it was opened from. */
function submissionOf(interaction: ModalSubmitInteraction): ModalSubmission {
  const fields: Record<string, string> = {};
  for (const field of interaction.fields.fields.values())
    if ('customId' in field && 'value' in field && typeof field.value === 'string') fields[field.customId] = field.value;
  return {
    customId: interaction.customId,
    fields,
    caller: callerOf(interaction),
    ...(interaction.message ? { message: messageOf(interaction.message) } : {}),
  };
}

/** The message a deferred reply is replaced with (a modal can only answer a click, never follow a deferral). */
function shownAfterDeferral(reply: DiscordReply): DiscordMessage {
  if (reply.kind === 'modal') throw new Error('a deferred reply cannot open a modal');
  return reply.message;
}

/** Send a handler's reply as the interaction's first response. */
async function send(
  interaction: ChatInputCommandInteraction | MessageComponentInteraction | ModalSubmitInteraction,
  reply: DiscordReply,
): Promise<void> {
  if (reply.kind === 'modal') {
    if (interaction.isModalSubmit()) throw new Error('a modal cannot open another modal');
    await interaction.showModal(reply.modal);
    return;
  }
  if (reply.kind === 'update') {
    if (!interaction.isMessageComponent()) throw new Error('only a message component can update the message it is on');
    await interaction.update({ ...reply.message, content: reply.message.content ?? '' });
    return;
  }
  await interaction.reply({ ...reply.message, ...(reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
}

function contextOf(interaction: Interaction): Record<string, unknown> {
  const base = {
    interaction: interaction.id,
    user: interaction.user.id,
    guild: interaction.guildId ?? undefined,
    channel: interaction.channelId ?? undefined,
  };
  if (interaction.isChatInputCommand()) return { kind: 'command', command: interaction.commandName, ...base };
  if (interaction.isAutocomplete()) return { kind: 'autocomplete', command: interaction.commandName, ...base };
  if (interaction.isButton()) return { kind: 'button', customId: interaction.customId, ...base };
  if (interaction.isStringSelectMenu()) return { kind: 'select', customId: interaction.customId, ...base };
  if (interaction.isModalSubmit()) return { kind: 'modal', customId: interaction.customId, ...base };
  return { kind: `type ${interaction.type}`, ...base };
}

async function tellUser(interaction: Interaction, text: string): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const error: DiscordMessage = notice(text);
  const privately = { content: error.content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS } as const;
  if (interaction.deferred && !interaction.replied) {
    if (interaction.ephemeral) {
      await interaction.editReply(error);
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
