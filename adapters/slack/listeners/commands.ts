import type { App } from '@slack/bolt';
import { answerRecorder } from '../../shared/feedback.js';
import { PROBLEMS } from '../../shared/messages.js';
import type { Services } from '../../shared/services.js';
import type { SlashCommandSpec } from '../commands.js';
import { plainFromSlack } from '../rules.js';
import { guard } from './guard.js';

/** Register the slash commands: ack at once (Slack's 3-second rule), then answer privately via `respond`. */
export function registerCommands(app: App, services: Services, commands: readonly SlashCommandSpec[]): void {
  for (const spec of commands) {
    app.command(spec.name, async ({ command, ack, respond }) => {
      await ack();
      const ctx = { command: spec.name, user: command.user_id, channel: command.channel_id, team: command.team_id };
      await guard(
        ctx,
        services.log,
        () => respond({ response_type: 'ephemeral', replace_original: false, text: PROBLEMS.error }),
        async () => {
          const record = answerRecorder(services.store, { platform: 'slack', workspace: command.team_id ?? '' });
          // Queued: under a burst, every command is acked before the answers are computed.
          const message = await services.queue.run(() => spec.reply(plainFromSlack(command.text ?? ''), services.library.current, record));
          await respond({ response_type: 'ephemeral', ...message });
        },
      );
    });
  }
}
