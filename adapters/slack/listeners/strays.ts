import type { App, BlockAction } from '@slack/bolt';
import { UNKNOWN_SLACK_COMMAND } from '../../shared/messages.js';
import type { Services } from '../../shared/services.js';
import { isCitebotAction } from '../action-values.js';
import type { CommandDeclaration } from '../commands.js';
import { renderNotice } from '../render.js';

/**
 * Acknowledge what no other listener serves, so Slack never waits 3 s for a 404 and shows the user an error: a slash
 * command this version does not know (a manifest out of date) gets a private "unknown command"; a click on an action
 * that is not citebot's is acked silently and logged. Bolt runs every matching listener, so these skip known ones.
 */
export function registerStrays(app: App, services: Services, commands: readonly CommandDeclaration[]): void {
  const known = new Set<string>(commands.map((c) => c.name));
  app.command(/.*/, async ({ command, ack }) => {
    if (known.has(command.command)) return;
    services.log.warn('unknown slash command', { command: command.command, user: command.user_id, team: command.team_id });
    await ack({ response_type: 'ephemeral', ...renderNotice(UNKNOWN_SLACK_COMMAND(command.command)) });
  });
  app.action<BlockAction>(/.*/, async ({ action, ack, body }) => {
    if (isCitebotAction(action.action_id)) return;
    await ack();
    services.log.info('ignored a click on an unknown action', { action: action.action_id, user: body.user.id, team: body.team?.id });
  });
}
