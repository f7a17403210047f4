import type { App, webApi } from '@slack/bolt';
import { answerRecorder } from '../../shared/feedback.js';
import type { Services } from '../../shared/services.js';
import { help } from '../commands.js';
import { threadAnswer } from '../replies.js';
import { POST_OPTIONS, plainFromSlack } from '../rules.js';
import { threadTurns, turnMetadata } from '../thread-turns.js';
import { failureText, guard } from './guard.js';

interface Question {
  text: string;
  channel: string;
  user: string | undefined;
  /** The message to answer under: its thread, or itself. */
  threadTs: string;
  /** True when the message is a reply in a thread (a follow-up: the thread's earlier answers are read). */
  inThread: boolean;
  /** The bot's own id, to know its answers in a thread. */
  botId: string | undefined;
  team: string | undefined;
  source: 'app_mention' | 'direct_message';
}

/**
 * Register `@citebot <question>` in channels and direct messages: both answered in a thread. A retried delivery never
 * reaches these: the app's event dedupe (`app.ts`, by `event_id`, shared by replicas) skips it first.
 */
export function registerEvents(app: App, services: Services): void {
  app.event('app_mention', async ({ event, body, client, context }) => {
    // Direct messages arrive as `message.im`; answering the mention too would answer twice.
    if (event.channel.startsWith('D')) return;
    const q: Question = {
      text: event.text,
      channel: event.channel,
      user: event.user,
      threadTs: event.thread_ts ?? event.ts,
      inThread: event.thread_ts !== undefined && event.thread_ts !== event.ts,
      botId: context.botId,
      team: body.team_id,
      source: 'app_mention',
    };
    await answerInThread(client, services, q);
  });

  app.event('message', async ({ event, body, client, context }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id) return;
    const q: Question = {
      text: event.text ?? '',
      channel: event.channel,
      user: event.user,
      threadTs: event.thread_ts ?? event.ts,
      inThread: event.thread_ts !== undefined && event.thread_ts !== event.ts,
      botId: context.botId,
      team: body.team_id,
      source: 'direct_message',
    };
    await answerInThread(client, services, q);
  });
}

async function answerInThread(client: webApi.WebClient, services: Services, q: Question): Promise<void> {
  const ctx = { event: q.source, user: q.user, channel: q.channel, team: q.team };
  const tell = (text: string) =>
    q.user ? client.chat.postEphemeral({ channel: q.channel, user: q.user, thread_ts: q.threadTs, text }) : Promise.resolve();
  await guard(
    ctx,
    services.log,
    (error) => tell(failureText(error)),
    async () => {
      // Too fast, or the queue is full: told privately, once per spell of refusals (a flood of mentions gets one reply).
      const admission = await services.gate.admit({ platform: 'slack', workspace: q.team ?? '', userId: q.user ?? '' });
      if (!admission.ok) return void (admission.first ? await tell(admission.message) : undefined);
      const question = plainFromSlack(q.text);
      if (/^(?:help|\?)?$/i.test(question))
        return void (await client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, ...help(), ...POST_OPTIONS }));
      const turns = q.inThread
        ? await threadTurns(client, { channel: q.channel, threadTs: q.threadTs, botId: q.botId, team: q.team }, services.log)
        : [];
      const record = answerRecorder(services.store, { platform: 'slack', workspace: q.team ?? '' });
      const today = new Date();
      const { message, turn } = await services.queue.run(
        () => threadAnswer(services.library.current, question, { turns, today }, record),
        admission.owner,
      );
      // The turn rides on the answer as message metadata: a later mention in the thread reads it back, after restarts too.
      const metadata = turn ? { metadata: turnMetadata(turn) } : {};
      await client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, ...message, ...metadata, ...POST_OPTIONS });
    },
  );
}
