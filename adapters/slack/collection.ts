import type { App } from '@slack/bolt';
import { addPapers, type CollectionSettings, describeOutcome, removePapers } from '../shared/collection.js';
import { COLLECTION, PROBLEMS } from '../shared/messages.js';
import type { Services } from '../shared/services.js';
import { add, remove } from './commands.js';
import { guard } from './listeners/guard.js';
import { renderNotice } from './render.js';

/** What `/add` and `/remove` need on Slack: where the collection is, and who may change it. */
export interface SlackCollection {
  settings: CollectionSettings;
  /** User ids (`U…`, `W…`) allowed to change the collection (`CITEBOT_EDITORS`). */
  editors: readonly string[];
}

/**
 * Register `/add` and `/remove`: ack at once, then answer privately once the change is written (and, within
 * a few seconds, reloaded). Only the users in `editors` may run them; everyone else gets a polite refusal.
 * Without `collection` nobody may (the refusal tells them so).
 */
export function registerCollectionCommands(app: App, services: Services, collection: SlackCollection | undefined): void {
  for (const [spec, action] of [
    [add, 'add'],
    [remove, 'remove'],
  ] as const) {
    app.command(spec.name, async ({ command, ack, respond }) => {
      await ack();
      const editor = { platform: 'slack' as const, workspace: command.team_id ?? '', userId: command.user_id };
      const ctx = { command: spec.name, user: command.user_id, channel: command.channel_id, team: command.team_id };
      const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, ...renderNotice(text) });
      await guard(
        ctx,
        services.log,
        () => say(PROBLEMS.error),
        async () => {
          if (!collection?.editors.includes(command.user_id)) {
            services.log.info(`${spec.name} refused: not an editor`, {
              platform: 'slack',
              workspace: editor.workspace,
              user: editor.userId,
            });
            await say(COLLECTION.refused(COLLECTION.refusedSlack));
            return;
          }
          const change = { settings: collection.settings, library: services.library, log: services.log, editor };
          const text = command.text ?? ''; // raw: a link's URL, not its label, names the paper
          const outcome = action === 'add' ? await addPapers(text, change) : await removePapers(text, change);
          await say(describeOutcome(outcome, action));
        },
      );
    });
  }
}
