import { InteractionContextType, PermissionFlagsBits, REST, SlashCommandBuilder } from 'discord.js';
import { addPapers, type CollectionContext, type CollectionSettings, describeOutcome, removePapers } from '../../shared/collection.js';
import { readCollectionSettings } from '../../shared/config.js';
import type { Env } from '../../shared/env.js';
import { COLLECTION } from '../../shared/messages.js';
import type { Services } from '../../shared/services.js';
import { parseDiscordConfig } from '../config.js';
import { discordEditorCheck, type EditorCheck } from '../editors.js';
import { notice } from '../render.js';
import { type Caller, reply, type SlashCommand, stringOption } from './types.js';

/** What `/add` and `/remove` need: where the collection is, and who may change it. */
export interface DiscordCollection {
  settings: CollectionSettings;
  isEditor: EditorCheck;
}

/** The collection settings and editor check from the environment (validated at start-up by the configs). */
export function discordCollectionFromEnv(env: Env): DiscordCollection {
  const config = parseDiscordConfig(env);
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  return { settings: readCollectionSettings(env), isEditor: discordEditorCheck(rest, config.CITEBOT_EDITOR_ROLES) };
}

/** Longest text of the `ids` option. */
const MAX_IDS_CHARS = 1000;

/**
 * `/add ids:` and `/remove ids:` for editors, answered privately. `collection` gives the settings and the editor
 * check, read once from the environment by the platform's `configure`. Without it (the command list used for
 * registration) the commands change nothing and say so.
 */
export function collectionCommands(collection?: () => DiscordCollection): { add: SlashCommand; remove: SlashCommand } {
  const command = (action: 'add' | 'remove', description: string, optionDescription: string): SlashCommand => ({
    data: new SlashCommandBuilder()
      .setName(action)
      .setDescription(description)
      .addStringOption((o) => o.setName('ids').setDescription(optionDescription).setRequired(true).setMaxLength(MAX_IDS_CHARS))
      // Discord shows it to Manage Server members only; a server admin can open it to an editor role in
      // Server Settings > Integrations. The bot checks again: registrations can be overridden or stale.
      .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
      .setContexts(InteractionContextType.Guild)
      .toJSON(),
    defer: () => ({ ephemeral: true }),
    async run(options, services, caller) {
      if (!collection) {
        services.log.error(`/${action} has no collection settings: the platform was started without them`);
        return reply(notice(COLLECTION.writeFailed), true);
      }
      const { settings, isEditor } = collection();
      const text = stringOption(options, 'ids');
      if (!(await isEditor(caller))) {
        services.log.info(`/${action} refused: not an editor`, { platform: 'discord', workspace: caller.workspace, user: caller.userId });
        return reply(notice(COLLECTION.refused(COLLECTION.refusedDiscord)), true);
      }
      const ctx = context(settings, services, caller);
      const outcome = action === 'add' ? await addPapers(text, ctx) : await removePapers(text, ctx);
      return reply(notice(describeOutcome(outcome, action)), true);
    },
  });
  return {
    add: command('add', 'Editors: add papers to the collection by arXiv id or link', 'arXiv ids or links, separated by spaces'),
    remove: command('remove', 'Editors: remove papers from the collection', 'arXiv ids, links or paper ids, separated by spaces'),
  };
}

function context(settings: CollectionSettings, services: Services, caller: Caller): CollectionContext {
  return {
    settings,
    library: services.library,
    log: services.log,
    editor: { platform: 'discord', workspace: caller.workspace, userId: caller.userId },
  };
}

/** The commands as registered with Discord (their data); `npm start` serves ones made with the settings. */
export const { add, remove } = collectionCommands();
