import type { App } from '@slack/bolt';
import { answerRecorder } from '../../shared/feedback.js';
import type { Services } from '../../shared/services.js';
import type { SlashCommandSpec } from '../commands.js';
import { renderNotice } from '../render.js';
import type { Respond } from '../respond.js';
import { plainFromSlack } from '../rules.js';
import { failureText, guard } from './guard.js';

/** Register the slash commands: ack at once (Slack's 3-second rule), then answer privately via the `response_url` (retried). */
export function registerCommands(
  app: App,
  services: Services,
  commands: readonly SlashCommandSpec[],
  respondTo: (responseUrl: string) => Respond,
): void {
  for (const spec of commands) {
    app.command(spec.name, async ({ command, ack }) => {
      // Too fast, or the queue is full: the private refusal is the ack itself (no response_url post).
      const admission = await services.gate.admit({ platform: 'slack', workspace: command.team_id ?? '', userId: command.user_id });
      if (!admission.ok) return void (await ack({ response_type: 'ephemeral', ...renderNotice(admission.message) }));
      await ack();
      const respond = respondTo(command.response_url);
      const ctx = { command: spec.name, user: command.user_id, channel: command.channel_id, team: command.team_id };
      await guard(
        ctx,
        services.log,
        (error) => respond({ response_type: 'ephemeral', replace_original: false, text: failureText(error) }),
        async () => {
          const record = answerRecorder(services.store, { platform: 'slack', workspace: command.team_id ?? '' });
          // Queued in the user's turn: under a burst, every command is acked before the answers are computed.
          const text = plainFromSlack(command.text ?? '');
          const today = new Date();
          const message = await services.queue.run(() => spec.reply(text, services.library.current, record, today), admission.owner);
          await respond({ response_type: 'ephemeral', ...message });
        },
      );
    });
  }
}
