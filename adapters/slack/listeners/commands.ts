import type { App } from '@slack/bolt';
import { answerQueue } from '../../shared/work-queue.js';
import type { Library } from '../../../src/index.js';
import { renderHelp, renderNotice, ERROR_TEXT, type SlackMessage } from '../render.js';
import { answerQuestion, paperCard, paperPage } from '../replies.js';
import { plainFromSlack } from '../rules.js';
import { guard, type ListenerDeps } from './guard.js';

/** A slash command: how the manifest declares it, and the reply it gives for the text typed after it. */
export interface SlashCommandSpec {
  /** As typed in Slack, with the slash. Must match `adapters/slack/manifest*.json`. */
  name: `/${string}`;
  description: string;
  usageHint: string;
  /** The (private) reply for the plain text after the command; `commands` is the full list, for help. */
  reply(text: string, library: Library, commands: readonly SlashCommandSpec[]): SlackMessage;
}

const isHelp = (text: string) => text === '' || /^(?:help|-h|--help|\?)$/i.test(text);

/** `/ask <question>`: the cited answer, with a Share button. Empty or `help` shows usage. */
export const ask = {
  name: '/ask',
  description: 'Ask a question about the papers; get a verbatim excerpt and a linked citation',
  usageHint: '<question>',
  reply: (text, library, commands) => (isHelp(text) ? renderHelp(commands) : answerQuestion(library, text, true)),
} satisfies SlashCommandSpec;

/** `/paper <title, acronym or arXiv id>`: the paper's card. */
export const paper = {
  name: '/paper',
  description: 'Show a paper by title, acronym or arXiv id',
  usageHint: '<title, acronym or arXiv id>',
  reply: (text, library) => (text === '' ? renderNotice('Usage: /paper <title, acronym or arXiv id>, e.g. /paper KIVI') : paperCard(library, text, true)),
} satisfies SlashCommandSpec;

/** `/papers [topic]`: a paged list of the collection, or of the papers on a topic. */
export const papers = {
  name: '/papers',
  description: 'List the papers in the collection, optionally on a topic',
  usageHint: '[topic]',
  reply: (text, library) => paperPage(library, text, 0),
} satisfies SlashCommandSpec;

/** Every slash command, in the order help lists them. */
export const COMMANDS: readonly SlashCommandSpec[] = [ask, paper, papers];

/** Register the slash commands: ack at once (Slack's 3-second rule), then answer privately via `respond`. */
export function registerCommands(app: App, deps: ListenerDeps): void {
  for (const spec of deps.commands) {
    app.command(spec.name, async ({ command, ack, respond }) => {
      await ack();
      const ctx = { command: spec.name, user: command.user_id, channel: command.channel_id, team: command.team_id };
      await guard(
        ctx,
        deps.log,
        () => respond({ response_type: 'ephemeral', replace_original: false, text: ERROR_TEXT }),
        async () => {
          // Queued: under a burst, every command is acked before the answers are computed.
          const message = await answerQueue.run(() => spec.reply(plainFromSlack(command.text ?? ''), deps.holder.current, deps.commands));
          await respond({ response_type: 'ephemeral', ...message });
        },
      );
    });
  }
}
