import type { App, webApi } from '@slack/bolt';
import { answerRecorder } from '../../shared/feedback.js';
import type { Services } from '../../shared/services.js';
import { help } from '../commands.js';
import { answerQuestion } from '../replies.js';
import { POST_OPTIONS, plainFromSlack } from '../rules.js';
import { failureText, guard } from './guard.js';

interface Question {
  text: string;
  channel: string;
  user: string | undefined;
  /** The message to answer under: its thread, or itself. */
  threadTs: string;
  team: string | undefined;
  source: 'app_mention' | 'direct_message';
}

/**
 * Register `@citebot <question>` in channels and direct messages: both answered in a thread. A retried delivery never
 * reaches these: the app's event dedupe (`app.ts`, by `event_id`, shared by replicas) skips it first.
 */
export function registerEvents(app: App, services: Services): void {
  app.event('app_mention', async ({ event, body, client }) => {
    // Direct messages arrive as `message.im`; answering the mention too would answer twice.
    if (event.channel.startsWith('D')) return;
    const q: Question = {
      text: event.text,
      channel: event.channel,
      user: event.user,
      threadTs: event.thread_ts ?? event.ts,
      team: body.team_id,
      source: 'app_mention',
    };
    await answerInThread(client, services, q);
  });

  app.event('message', async ({ event, body, client }) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined || event.bot_id) return;
    const q: Question = {
      text: event.text ?? '',
      channel: event.channel,
      user: event.user,
      threadTs: event.thread_ts ?? event.ts,
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
      const record = answerRecorder(services.store, { platform: 'slack', workspace: q.team ?? '' });
      const message = await services.queue.run(
        () => (/^(?:help|\?)?$/i.test(question) ? help() : answerQuestion(services.library.current, question, false, record)),
        admission.owner,
      );
      await client.chat.postMessage({ channel: q.channel, thread_ts: q.threadTs, ...message, ...POST_OPTIONS });
    },
  );
}
