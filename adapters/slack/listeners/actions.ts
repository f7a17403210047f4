import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { decodePage, decodeShare, PAPERS_PAGE_ACTION, SHARE_ACTION } from '../action-values.js';
import { ERROR_TEXT, renderNotice, renderShared } from '../render.js';
import { paperPage, sharedContent } from '../replies.js';
import { POST_OPTIONS } from '../rules.js';
import { guard, slackErrorCode, type ListenerDeps } from './guard.js';

/** Slack errors meaning "the bot may not post here", answered with advice instead of a generic error. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action', 'cannot_reply_to_message']);

/** Register the buttons: "Share in channel" and `/papers` paging. */
export function registerActions(app: App, deps: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(SHARE_ACTION, async ({ ack, body, action, client, respond }) => {
    await ack();
    const channel = body.channel?.id;
    const ctx = { action: SHARE_ACTION, user: body.user.id, channel, team: body.team?.id };
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, ...renderNotice(text) });
    await guard(ctx, deps.log, () => tell(ERROR_TEXT), async () => {
      const value = decodeShare(action.value);
      const content = value && sharedContent(deps.holder.current, value);
      if (!value || !content || !channel) return void (await tell('That answer can no longer be shared. Ask again to get a fresh one.'));
      const asker = body.user.name ?? body.user.username ?? 'Someone';
      try {
        await client.chat.postMessage({ channel, ...renderShared(content, asker, value), ...POST_OPTIONS });
      } catch (err) {
        const code = slackErrorCode(err);
        if (!code || !CANNOT_POST.has(code)) throw err;
        deps.log.warn('cannot share in this conversation', { ...ctx, slackError: code });
        return void (await tell('I can’t post in this conversation. Invite me first (/invite @citebot), then press Share again.'));
      }
      await respond({ delete_original: true });
    });
  });

  app.action<BlockAction<ButtonAction>>(PAPERS_PAGE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const ctx = { action: action.action_id, user: body.user.id, channel: body.channel?.id, team: body.team?.id };
    await guard(ctx, deps.log, () => respond({ response_type: 'ephemeral', replace_original: false, text: ERROR_TEXT }), async () => {
      const page = decodePage(action.value);
      if (!page) return void (await respond({ response_type: 'ephemeral', replace_original: false, ...renderNotice('That list has expired. Run /papers again.') }));
      await respond({ replace_original: true, ...paperPage(deps.holder.current, page.topic, page.offset) });
    });
  });
}
