import type { App, BlockAction, ButtonAction, FeedbackButtonsAction } from '@slack/bolt';
import { recordVote } from '../../shared/feedback.js';
import { PROBLEMS, SHARED } from '../../shared/messages.js';
import type { Services } from '../../shared/services.js';
import { decodePage, decodeShare, decodeVote, PAPERS_PAGE_ACTION, SHARE_ACTION, VOTE_ACTION } from '../action-values.js';
import { renderNotice, renderShared } from '../render.js';
import { paperPage, sharedContent } from '../replies.js';
import type { Respond } from '../respond.js';
import { POST_OPTIONS } from '../rules.js';
import { turnMetadata } from '../thread-turns.js';
import { guard, slackErrorCode } from './guard.js';

/** Slack errors meaning "the bot may not post here", answered with advice instead of a generic error. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_reply_to_message']);

/** Register the buttons: "Share in channel", `/papers` paging, and the votes (👍/👎, "Wrong paper"). */
export function registerActions(app: App, services: Services, respondTo: (responseUrl: string) => Respond): void {
  const { log } = services;
  app.action<BlockAction<ButtonAction>>(SHARE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const respond = respondTo(body.response_url);
    const channel = body.channel?.id;
    const ctx = { action: SHARE_ACTION, user: body.user.id, channel, team: body.team?.id };
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, ...renderNotice(text) });
    await guard(
      ctx,
      log,
      () => tell(PROBLEMS.error),
      async () => {
        const value = decodeShare(action.value);
        const content = value && sharedContent(services.library.current, value);
        if (!value || !content || !channel) return void (await tell(PROBLEMS.shareGone));
        const asker = body.user.name ?? body.user.username ?? SHARED.someone;
        try {
          // A shared answer carries its turn like a threaded one: a mention in its thread follows up on it.
          const metadata = content.turn ? { metadata: turnMetadata(content.turn) } : {};
          await client.chat.postMessage({ channel, ...renderShared(content.message, asker, value), ...metadata, ...POST_OPTIONS });
        } catch (err) {
          const code = slackErrorCode(err);
          if (!code || !CANNOT_POST.has(code)) throw err;
          log.warn('cannot share in this conversation', { ...ctx, slackError: code });
          return void (await tell(PROBLEMS.cannotPost));
        }
        await respond({ delete_original: true });
      },
    );
  });

  app.action<BlockAction<ButtonAction>>(PAPERS_PAGE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const respond = respondTo(body.response_url);
    const ctx = { action: action.action_id, user: body.user.id, channel: body.channel?.id, team: body.team?.id };
    await guard(
      ctx,
      log,
      () => respond({ response_type: 'ephemeral', replace_original: false, text: PROBLEMS.error }),
      async () => {
        const page = decodePage(action.value);
        if (!page)
          return void (await respond({ response_type: 'ephemeral', replace_original: false, ...renderNotice(PROBLEMS.staleButton) }));
        await respond({ replace_original: true, ...paperPage(services.library.current, page) });
      },
    );
  });

  // The value carries the whole vote: a click on an ephemeral answer arrives without the message.
  app.action<BlockAction<FeedbackButtonsAction | ButtonAction>>(VOTE_ACTION, async ({ ack, body, action }) => {
    await ack();
    const respond = respondTo(body.response_url);
    const workspace = body.team?.id ?? '';
    const ctx = { action: action.action_id, user: body.user.id, channel: body.channel?.id, team: workspace };
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, ...renderNotice(text) });
    await guard(
      ctx,
      log,
      () => tell(PROBLEMS.error),
      async () => {
        const vote = decodeVote(action.value);
        if (!vote) return void (await tell(PROBLEMS.staleButton));
        const voter = { platform: 'slack' as const, workspace, userId: body.user.id };
        await tell(recordVote(services.store, vote.ref, vote.choice, voter, services.library.current));
      },
    );
  });
}
