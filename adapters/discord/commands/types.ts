import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Library } from '../../../src/index.js';
import type { Logger } from '../../shared/log.js';

/** What every handler gets. Read `holder.current` per interaction: a corpus reload swaps the library. */
export interface CommandContext {
  holder: { readonly current: Library };
  log: Logger;
}

/**
 * A slash command: its registration data and its handlers. Errors thrown by a handler are caught once,
 * by the interaction router, which logs them and answers the user privately.
 */
export interface SlashCommand {
  /** What `npm run discord:register` sends to Discord. */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: CommandContext): Promise<void>;
  /** Suggestions for an option declared with `autocomplete: true`. */
  autocomplete?(interaction: AutocompleteInteraction, ctx: CommandContext): Promise<void>;
  /** Clicks on buttons whose custom_id starts with `<command name>:`. All state lives in the custom_id. */
  button?(interaction: ButtonInteraction, ctx: CommandContext): Promise<void>;
}
