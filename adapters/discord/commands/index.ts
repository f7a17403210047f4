import { ask } from './ask.js';
import { add, collectionCommands, type DiscordCollection, remove } from './collection.js';
import { help } from './help.js';
import { paper } from './paper.js';
import { papers } from './papers.js';
import { related } from './related.js';
import type { SlashCommand } from './types.js';

/** Every slash command, registered explicitly (no directory scanning). */
export const commands = [ask, paper, papers, related, help, add, remove] as const satisfies readonly SlashCommand[];

/** Commands by name, for routing interactions. */
export const commandsByName: ReadonlyMap<string, SlashCommand> = new Map(commands.map((c) => [c.data.name, c]));

/** The commands a running bot serves: `/add` and `/remove` with the collection settings read at configure time. */
export function servedCommands(collection: DiscordCollection): ReadonlyMap<string, SlashCommand> {
  const served = new Map(commandsByName);
  for (const c of Object.values(collectionCommands(() => collection))) served.set(c.data.name, c);
  return served;
}

export type { Caller, ClickedMessage, CommandOptions, ComponentClick, DiscordReply, ModalSubmission, SlashCommand } from './types.js';
