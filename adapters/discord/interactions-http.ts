/**
 * The HTTP transport for Discord interactions ("Interactions Endpoint URL" in the Developer Portal), beside the
 * gateway transport in `bot.ts`: the same commands, autocomplete, buttons and menus, the same rate limit, work
 * queue and feedback recording, with each interaction POSTed to `POST /discord/interactions` on the shared HTTP
 * server. Any replica behind a load balancer can answer any interaction: nothing is kept between requests.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  type APIInteraction,
  type APIInteractionResponse,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  REST,
  Routes,
} from 'discord.js';
import { empty, type RouteHandler, readBody, sendJson } from '../shared/http-server.js';
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
import { type DiscordMessage, notice } from './render.js';

/** Where Discord POSTs interactions: paste `https://<your address>/discord/interactions` into the Developer Portal. */
export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

/**
 * Largest interaction body read, in bytes. A slash command is about 1 KB; a click carries the message it is on
 * (citebot's answers are under 10 KB, Discord's messages at most about 40 KB with 10 full embeds).
 */
export const MAX_DISCORD_BODY_BYTES = 256 * 1024;

/**
 * How long a handler that does not wait on the work queue (a `/paper` card, a page, a click) may take to be
 * answered inline; past it the interaction is deferred and the reply sent through its webhook. Discord allows 3 s
 * for the first response, so this leaves a second for the network and a busy event loop.
 */
export const INLINE_DEADLINE_MS = 2000;

/** An Ed25519 signature in hex (64 bytes). */
const SIGNATURE_SHAPE = /^[0-9a-f]{128}$/i;

/** The DER prefix of an Ed25519 SubjectPublicKeyInfo: the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * The application's public key (General Information > Public Key: 64 hex characters) as a key object, made once
 * so that each verification is only the signature check (about 0.2 ms). Throws on anything else.
 */
export function discordPublicKey(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('a Discord public key is 64 hex characters');
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** True when `signature` (hex, `X-Signature-Ed25519`) signs `timestamp` + `body` with `key`. */
export function verifyDiscordSignature(key: KeyObject, signature: string, timestamp: string, body: Buffer): boolean {
  if (!SIGNATURE_SHAPE.test(signature) || timestamp === '') return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}

/** Options of `discordInteractionsRoute`. */
export interface DiscordInteractionsOptions {
  /** The application's public key (hex) or a key object from `discordPublicKey`. */
  publicKey: string | KeyObject;
  /** REST API base for the webhook follow-ups, default `https://discord.com/api` (tests point it at a loopback peer). */
  apiUrl?: string;
  /** Commands to serve. Default: all of citebot's. */
  commands?: ReadonlyMap<string, SlashCommand>;
  /** Default `INLINE_DEADLINE_MS`. */
  inlineDeadlineMs?: number;
  /** Default `MAX_DISCORD_BODY_BYTES`. */
  maxBodyBytes?: number;
}

/** The mounted endpoint: its handler, and a way to wait for the replies still being sent through webhooks. */
export interface DiscordInteractionsRoute {
  handler: RouteHandler;
  /** Resolves when every deferred reply started so far has been sent (or has failed and been logged). */
  settled(): Promise<void>;
  /** Refuse new interactions with 503 (Discord shows the user a failure; nothing half-done is left). */
  stop(): void;
}

/** A first response, and (for a deferred one) the work that sends the reply through the webhook afterwards. */
interface Answer {
  response: APIInteractionResponse;
  later?: () => Promise<void>;
}

/**
 * The `POST /discord/interactions` route. Before the body is parsed: the signature header's shape, the declared
 * length, the body read up to `maxBodyBytes`, then the Ed25519 signature over timestamp + body; a request failing
 * any of them gets 401 (413 for a body too large) and reaches no handler. Then PING is answered with PONG, and
 * every other interaction by its command's handler: inline when the answer is ready in time, else deferred
 * (type 5, or type 6 for a click) with the reply sent by `PATCH /webhooks/{app}/{token}/messages/@original` (or a
 * private follow-up). Like the gateway transport, each interaction has one error boundary that logs a failure and
 * tells the user privately.
 */
export function discordInteractionsRoute(options: DiscordInteractionsOptions, services: Services): DiscordInteractionsRoute {
  const key = typeof options.publicKey === 'string' ? discordPublicKey(options.publicKey) : options.publicKey;
  const commands = options.commands ?? commandsByName;
  const maxBytes = options.maxBodyBytes ?? MAX_DISCORD_BODY_BYTES;
  const deadlineMs = options.inlineDeadlineMs ?? INLINE_DEADLINE_MS;
  // Webhook calls are authorised by the interaction token in their path: no bot token is sent.
  const rest = new REST({ api: options.apiUrl ?? DEFAULT_DISCORD_API_URL });
  const { log } = services;
  const pending = new Set<Promise<void>>();
  let stopped = false;

  const handler: RouteHandler = async (req, res) => {
    if (stopped) {
      req.resume();
      return empty(res, 503);
    }
    const refuse = (status: 401 | 413, problem: string) => {
      log.warn(`refused a Discord interaction request: ${problem}`, { path: DISCORD_INTERACTIONS_PATH, from: req.socket.remoteAddress });
      res.setHeader('connection', 'close');
      empty(res, status);
      req.destroy();
    };
    const signature = req.headers['x-signature-ed25519'];
    const timestamp = req.headers['x-signature-timestamp'];
    if (typeof signature !== 'string' || !SIGNATURE_SHAPE.test(signature) || typeof timestamp !== 'string' || timestamp === '')
      return refuse(401, 'missing or malformed signature');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return refuse(413, `body of ${declared} bytes declared`);
    const body = await readBody(req, maxBytes);
    if (body === 'too large') return refuse(413, `body over ${maxBytes} bytes`);
    if (body === 'aborted') return;
    if (!verifyDiscordSignature(key, signature, timestamp, body)) return refuse(401, 'bad signature');
    let interaction: APIInteraction;
    try {
      interaction = JSON.parse(body.toString('utf8')) as APIInteraction;
    } catch {
      log.warn('a signed Discord interaction is not JSON', { path: DISCORD_INTERACTIONS_PATH });
      return empty(res, 400);
    }
    if (typeof interaction !== 'object' || interaction === null || typeof interaction.type !== 'number') return empty(res, 400);
    if (interaction.type === InteractionType.Ping) return sendJson(res, 200, { type: InteractionResponseType.Pong });
    const answer = await answerInteraction(interaction);
    respond(res, answer.response);
    if (answer.later) {
      const sending: Promise<void> = answer.later().finally(() => pending.delete(sending));
      pending.add(sending);
    }
  };

  async function answerInteraction(interaction: APIInteraction): Promise<Answer> {
    const context = contextOf(interaction);
    const failed = (error: unknown): MessageReply => {
      const full = error instanceof QueueFullError;
      if (full) log.warn('interaction refused: the answer queue is full', context);
      else log.error('interaction failed', { ...context, error });
      return privately(full ? BUSY.full : PROBLEMS.error);
    };
    try {
      switch (interaction.type) {
        case InteractionType.ApplicationCommand:
          return await command(interaction, failed);
        case InteractionType.ApplicationCommandAutocomplete: {
          const command = commands.get(interaction.data.name);
          const focused = focusedOption(interaction.data.options);
          const choices = command?.autocomplete && focused ? await command.autocomplete(focused, services) : [];
          return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } } };
        }
        case InteractionType.MessageComponent:
          return await component(interaction, failed);
        case InteractionType.ModalSubmit:
          return await modalSubmit(interaction, failed);
        default:
          // Anything newer than this transport: a stale or foreign interaction.
          log.warn('ignored a Discord interaction citebot does not handle', context);
          return { response: messageResponse(privately(PROBLEMS.staleButton)) };
      }
    } catch (error) {
      if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
        log.error('interaction failed', { ...context, error });
        return { response: { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } } };
      }
      return { response: messageResponse(failed(error)) };
    }
  }

  async function command(
    interaction: Extract<APIInteraction, { type: InteractionType.ApplicationCommand }>,
    failed: (error: unknown) => MessageReply,
  ): Promise<Answer> {
    const data = interaction.data as { name: string; options?: { name: string; value?: unknown }[] };
    const cmd = commands.get(data.name);
    if (!cmd) return { response: messageResponse(privately(PROBLEMS.unknownCommand)) };
    const options = optionsFrom(data.options);
    const caller = callerOf(interaction);
    const hook = webhook(interaction);
    if (cmd.defer) {
      // A queued answer: refused privately, before it is acknowledged, when the user asks too fast or the queue is full.
      const admission = await services.gate.admit({ platform: 'discord', ...caller });
      if (!admission.ok) return { response: messageResponse(privately(admission.message)) };
      const { ephemeral } = cmd.defer(options);
      const deferral: APIInteractionResponse = {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: { flags: flags(ephemeral) },
      };
      const work = () => cmd.run(options, services, caller).catch(failed);
      return { response: deferral, later: sendLater(work, hook, ephemeral ? 'private' : 'public') };
    }
    const deferral: APIInteractionResponse = {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: flags(false) },
    };
    return inlineOrLater(() => cmd.run(options, services, caller), deferral, hook, failed);
  }

  async function component(interaction: APIMessageComponentInteraction, failed: (error: unknown) => MessageReply): Promise<Answer> {
    const cmd = commands.get(interaction.data.custom_id.split(':')[0] ?? '');
    const click: ComponentClick = {
      customId: interaction.data.custom_id,
      values: 'values' in interaction.data ? interaction.data.values : [],
      caller: callerOf(interaction),
      message: clickedMessage(interaction.message),
    };
    const run = async (): Promise<DiscordReply> => (cmd?.button ? cmd.button(click, services) : privately(PROBLEMS.staleButton));
    return inlineOrLater(run, { type: InteractionResponseType.DeferredMessageUpdate }, webhook(interaction), failed);
  }

  /**
   * A submitted modal (the Follow up form): answered like a queued command, refused privately when the user asks
   * too fast, else acknowledged with "thinking…" (private when the handler says so) and answered in its place.
   */
  async function modalSubmit(interaction: APIModalSubmitInteraction, failed: (error: unknown) => MessageReply): Promise<Answer> {
    const submission: ModalSubmission = {
      customId: interaction.data.custom_id,
      fields: modalFields(interaction.data.components),
      caller: callerOf(interaction),
      ...(interaction.message ? { message: clickedMessage(interaction.message) } : {}),
    };
    const handler = commands.get(submission.customId.split(':')[0] ?? '')?.modal;
    if (!handler) return { response: messageResponse(privately(PROBLEMS.staleButton)) };
    const admission = await services.gate.admit({ platform: 'discord', ...submission.caller });
    if (!admission.ok) return { response: messageResponse(privately(admission.message)) };
    const ephemeral = handler.ephemeral(submission);
    const deferral: APIInteractionResponse = {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: flags(ephemeral) },
    };
    const work = () => handler.run(submission, services).catch(failed);
    return { response: deferral, later: sendLater(work, webhook(interaction), ephemeral ? 'private' : 'public') };
  }

  /** Answer inline when `run` is done within the deadline; else acknowledge with `deferral` and send the reply later. */
  async function inlineOrLater(
    run: () => Promise<DiscordReply>,
    deferral: APIInteractionResponse,
    hook: Webhook,
    failed: (error: unknown) => MessageReply,
  ): Promise<Answer> {
    const work = run().catch(failed);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), deadlineMs);
    });
    const ready = await Promise.race([work, late]);
    clearTimeout(timer);
    if (ready) return { response: replyResponse(ready) };
    const silent = deferral.type === InteractionResponseType.DeferredMessageUpdate;
    return { response: deferral, later: sendLater(() => work, hook, silent ? 'silent' : 'public') };
  }

  /**
   * Send a deferred reply through the webhook. After "thinking…" (type 5, `public` or `private`) the reply takes
   * its place, except that a private reply to a public "thinking…" deletes it and follows up privately; after a
   * silent acknowledgement of a click (type 6) an update edits the clicked message and a message follows up.
   * A failure to send is logged and the user told privately where possible: the interaction's error boundary.
   */
  function sendLater(work: () => Promise<DiscordReply>, hook: Webhook, deferred: 'public' | 'private' | 'silent'): () => Promise<void> {
    return async () => {
      try {
        const reply = await work();
        // A modal can only be the first response to a click: one that comes too late to be that is a bug.
        if (reply.kind === 'modal') throw new Error('a modal must be opened inline, not after a deferral');
        if (reply.kind === 'update' || deferred === 'private' || (deferred === 'public' && !reply.ephemeral))
          await hook.editOriginal(reply.message);
        else if (deferred === 'silent') await hook.followUp(reply.message, reply.ephemeral);
        else {
          await hook.deleteOriginal();
          await hook.followUp(reply.message, true);
        }
      } catch (error) {
        log.error('could not send a deferred Discord reply', { interaction: hook.interactionId, error });
        const sorry = notice(PROBLEMS.error);
        await (deferred === 'private' ? hook.editOriginal(sorry) : hook.followUp(sorry, true)).catch((again: unknown) =>
          log.error('could not send the error reply', { interaction: hook.interactionId, error: again }),
        );
      }
    };
  }

  function webhook(interaction: APIInteraction): Webhook {
    const original = Routes.webhookMessage(interaction.application_id, interaction.token, '@original');
    return {
      interactionId: interaction.id,
      editOriginal: async (message) => void (await rest.patch(original, { body: messageBody(message), auth: false })),
      deleteOriginal: async () => void (await rest.delete(original, { auth: false }).catch(() => {})),
      followUp: async (message, ephemeral) =>
        void (await rest.post(Routes.webhook(interaction.application_id, interaction.token), {
          body: { ...messageBody(message), ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) },
          auth: false,
        })),
    };
  }

  return {
    handler,
    settled: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    stop: () => {
      stopped = true;
    },
  };
}

/** Where a deferred reply goes: the interaction's webhook. */
interface Webhook {
  interactionId: string;
  editOriginal(message: DiscordMessage): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(message: DiscordMessage, ephemeral: boolean): Promise<void>;
}

/** 64 for a private message, else 0 (what the gateway transport sends too). */
const flags = (ephemeral: boolean) => (ephemeral ? MessageFlags.Ephemeral : 0) as MessageFlags;

type MessageReply = Extract<DiscordReply, { kind: 'message' }>;

const privately = (text: string): MessageReply => ({ kind: 'message', message: notice(text), ephemeral: true });

/** A message as the HTTP API takes it (snake_case `allowed_mentions`; citebot never pings anyone). */
function messageBody(message: DiscordMessage) {
  const { parse, roles, users, repliedUser } = message.allowedMentions;
  return {
    content: message.content ?? '',
    embeds: message.embeds,
    components: message.components,
    allowed_mentions: { parse: parse ?? [], ...(roles ? { roles } : {}), ...(users ? { users } : {}), replied_user: repliedUser ?? false },
  };
}

function messageResponse(reply: MessageReply): APIInteractionResponse {
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: { ...messageBody(reply.message), flags: flags(reply.ephemeral) },
  } as APIInteractionResponse;
}

function replyResponse(reply: DiscordReply): APIInteractionResponse {
  if (reply.kind === 'message') return messageResponse(reply);
  if (reply.kind === 'modal') return { type: InteractionResponseType.Modal, data: reply.modal };
  return { type: InteractionResponseType.UpdateMessage, data: messageBody(reply.message) } as APIInteractionResponse;
}

function respond(res: ServerResponse, response: APIInteractionResponse): void {
  sendJson(res, 200, response);
}

/** The message a component (or the modal it opened) is on, as the handlers read it. */
function clickedMessage(
  message: { embeds?: ClickedMessage['embeds']; components?: readonly unknown[]; flags?: number } | undefined,
): ClickedMessage {
  return {
    embeds: message?.embeds ?? [],
    components: message?.components ?? [],
    ephemeral: ((message?.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
  };
}

/**
 * A submitted modal's text inputs by custom_id. Read loosely: inputs arrive in action rows (`{ components: [input] }`)
 * or, in newer modals, in labels (`{ component: input }`).
 */
function modalFields(rows: readonly unknown[] | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const row of rows ?? []) {
    const r = row as { components?: unknown[]; component?: unknown };
    for (const input of [...(r.components ?? []), ...(r.component ? [r.component] : [])]) {
      const { custom_id, value } = input as { custom_id?: unknown; value?: unknown };
      if (typeof custom_id === 'string' && typeof value === 'string') fields[custom_id] = value;
    }
  }
  return fields;
}

function callerOf(interaction: APIInteraction): Caller {
  return { userId: interaction.member?.user?.id ?? interaction.user?.id ?? '', workspace: interaction.guild_id ?? '' };
}

/** The focused option of an autocomplete interaction (top level; citebot has no subcommands). */
function focusedOption(options: readonly unknown[] | undefined): { name: string; value: string } | undefined {
  for (const o of options ?? []) {
    const option = o as { name?: unknown; value?: unknown; focused?: unknown };
    if (option.focused === true && typeof option.name === 'string') return { name: option.name, value: String(option.value ?? '') };
  }
  return undefined;
}

function contextOf(interaction: APIInteraction): Record<string, unknown> {
  // Read loosely: this runs before the handlers, on any signed JSON Discord might send.
  const loose = interaction as { data?: { name?: unknown; custom_id?: unknown } };
  const base = {
    transport: 'http',
    interaction: interaction.id,
    user: callerOf(interaction).userId,
    guild: interaction.guild_id,
    channel: interaction.channel?.id,
  };
  switch (interaction.type) {
    case InteractionType.ApplicationCommand:
      return { kind: 'command', command: loose.data?.name, ...base };
    case InteractionType.ApplicationCommandAutocomplete:
      return { kind: 'autocomplete', command: loose.data?.name, ...base };
    case InteractionType.MessageComponent:
      return { kind: 'component', customId: loose.data?.custom_id, ...base };
    case InteractionType.ModalSubmit:
      return { kind: 'modal', customId: loose.data?.custom_id, ...base };
    default:
      return { kind: `type ${interaction.type}`, ...base };
  }
}
