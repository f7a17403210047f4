import type {
  APIApplicationCommandOptionChoice,
  APIEmbed,
  APIModalInteractionResponseCallbackData,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Services } from '../../shared/services.js';
import type { DiscordMessage } from '../render.js';

/** A command's options by name, as any transport reads them (the gateway's interaction, an HTTP interaction's JSON). */
export type CommandOptions = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * What a handler answers: a message (private or not); for a button, the new content of the message it is on, or a
 * modal (a form) to open for the clicker.
 */
export type DiscordReply =
  | { kind: 'message'; message: DiscordMessage; ephemeral: boolean }
  | { kind: 'update'; message: DiscordMessage }
  | { kind: 'modal'; modal: APIModalInteractionResponseCallbackData };

/** Who invoked a command or clicked a component, and where. */
export interface Caller {
  userId: string;
  /** The server (guild) id; '' outside a server. */
  workspace: string;
}

/** The message a clicked component is on, as Discord sends it with the click (JSON). */
export interface ClickedMessage {
  embeds: readonly APIEmbed[];
  /** Its top-level components (action rows), unparsed: read them defensively. */
  components: readonly unknown[];
  /** Seen only by the person it answered (an ephemeral message). */
  ephemeral?: boolean;
}

/** A click on a button or a choice in a select menu, as any transport reads it. */
export interface ComponentClick {
  customId: string;
  /** The chosen values of a select menu; [] for a button. */
  values: readonly string[];
  caller: Caller;
  message: ClickedMessage;
}

/** A submitted modal (opened by one of a command's buttons), as any transport reads it. */
export interface ModalSubmission {
  customId: string;
  /** The values of its text inputs, by custom_id. */
  fields: Readonly<Record<string, string>>;
  caller: Caller;
  /** The message whose button opened the modal, when it was opened from one. */
  message?: ClickedMessage;
}

/**
 * A slash command: its registration data and its handlers, functions from options and services to a reply.
 * They never touch an interaction: the transport (the gateway in `bot.ts`; later an HTTP interactions
 * endpoint) reads the options, acknowledges, sends the reply, and catches what a handler throws.
 */
export interface SlashCommand {
  /** What `npm run discord:register` sends to Discord. */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /**
   * For replies that wait on the work queue: the transport acknowledges at once ("thinking…", private when
   * this says so), then shows the message `run` returns in place of it. Without it, `run` answers directly.
   */
  defer?(options: CommandOptions): { ephemeral: boolean };
  run(options: CommandOptions, services: Services, caller: Caller): Promise<DiscordReply>;
  /** Suggestions for the focused option of an option declared with `autocomplete: true`. */
  autocomplete?(focused: { name: string; value: string }, services: Services): Promise<APIApplicationCommandOptionChoice<string>[]>;
  /** Clicks on buttons and select menus whose custom_id starts with `<command name>:`. Their state lives in the
   * custom_id and the message they are on, so they keep working after a restart. */
  button?(click: ComponentClick, services: Services): Promise<DiscordReply>;
  /**
   * Submissions of modals whose custom_id starts with `<command name>:`, answered like a deferred command: the
   * transport acknowledges (privately when `ephemeral` says so), then shows the message `run` returns.
   */
  modal?: {
    ephemeral(submission: ModalSubmission): boolean;
    run(submission: ModalSubmission, services: Services): Promise<DiscordReply>;
  };
}

/** The options of a command interaction's data (`[{ name, value }]`), by name. */
export function optionsFrom(data: readonly { name: string; value?: unknown }[] | undefined): CommandOptions {
  const out: Record<string, string | number | boolean> = {};
  for (const o of data ?? [])
    if (typeof o.value === 'string' || typeof o.value === 'number' || typeof o.value === 'boolean') out[o.name] = o.value;
  return out;
}

/** A string option's value ('' when absent). */
export function stringOption(options: CommandOptions, name: string): string {
  const v = options[name];
  return typeof v === 'string' ? v : '';
}

/** A boolean option's value (false when absent). */
export function booleanOption(options: CommandOptions, name: string): boolean {
  return options[name] === true;
}

/** A message reply. */
export const reply = (message: DiscordMessage, ephemeral = false): DiscordReply => ({ kind: 'message', message, ephemeral });
