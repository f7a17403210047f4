import type { webApi } from '@slack/bolt';
import { MAX_TURNS, type Turn } from '../../src/index.js';
import type { Logger } from '../shared/log.js';
import { slackErrorCode } from './listeners/guard.js';

/**
 * Follow-ups in Slack threads: each answer citebot posts in a thread (or shares in a channel) carries its turn (the
 * question and the paper it answered from) as message metadata; a mention later in the thread reads them back with
 * `conversations.replies`, so a conversation survives restarts and needs no state of citebot's own.
 */

/** A thread citebot is asked in: where it is, and the bot's own id (to know its answers there). */
export interface ThreadRef {
  channel: string;
  /** The thread's parent message. */
  threadTs: string;
  botId: string | undefined;
  team: string | undefined;
}

/** The metadata event type of citebot's answers: each carries the turn a follow-up continues from. */
export const TURN_EVENT = 'citebot_turn';

/** A turn as message metadata (`event_payload` values are strings, numbers or booleans). */
export function turnMetadata(turn: Turn): { event_type: string; event_payload: Record<string, string> } {
  return { event_type: TURN_EVENT, event_payload: { question: turn.question, ...(turn.paperId ? { paper_id: turn.paperId } : {}) } };
}

/** Replies read per thread: the latest turns are among them in any thread people keep to a conversation. */
const THREAD_READ_LIMIT = 200;

/**
 * The thread's earlier turns, oldest first (the latest `MAX_TURNS`), read from citebot's own answers in it
 * (`conversations.replies` with their metadata). When Slack refuses (a workspace installed before the history
 * scopes, a channel the bot left), the question is answered on its own, and the reason logged.
 */
export async function threadTurns(client: webApi.WebClient, q: ThreadRef, log: Logger): Promise<Turn[]> {
  try {
    const replies = await client.conversations.replies({
      channel: q.channel,
      ts: q.threadTs,
      include_all_metadata: true,
      limit: THREAD_READ_LIMIT,
    });
    const turns: Turn[] = [];
    for (const m of replies.messages ?? []) {
      const meta = m.metadata;
      if (meta?.event_type !== TURN_EVENT || (q.botId && m.bot_id !== q.botId)) continue;
      const payload = (meta.event_payload ?? {}) as Record<string, unknown>;
      if (typeof payload.question !== 'string' || payload.question === '') continue;
      turns.push({ question: payload.question, ...(typeof payload.paper_id === 'string' ? { paperId: payload.paper_id } : {}) });
    }
    return turns.slice(-MAX_TURNS);
  } catch (error) {
    log.warn('could not read the thread, answering without it', {
      channel: q.channel,
      team: q.team,
      slackError: slackErrorCode(error) ?? (error as Error).message,
    });
    return [];
  }
}
