import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { PROBLEMS } from '../../shared/messages.js';
import type { Services } from '../../shared/services.js';
import { decodeNextPassage, decodePaperAction, LINK_ACTION, NEXT_PASSAGE_ACTION, PAPER_ACTION } from '../action-values.js';
import { renderNotice, type SlackMessage } from '../render.js';
import { nextPassageReply, paperActionReply } from '../replies.js';
import type { Respond } from '../respond.js';
import { guard } from './guard.js';

/**
 * The buttons under a paper: Cite, Related, Whole abstract and Next passage, each answered with an ephemeral
 * message to the clicker (the answer stays as it is), from the state in the button's value; and the paper and
 * Code link buttons, whose clicks Slack still sends, only acknowledged.
 */
export function registerPaperActions(app: App, services: Services, respondTo: (responseUrl: string) => Respond): void {
  const { log } = services;
  app.action<BlockAction<ButtonAction>>(LINK_ACTION, async ({ ack }) => {
    await ack();
  });

  /** A button answered privately from the state in its value, queued like an answer (Related asks the core). */
  const privately = <T>(
    id: string | RegExp,
    decode: (action: ButtonAction) => T | null | undefined,
    reply: (value: T, action: ButtonAction) => SlackMessage,
  ) =>
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, body, action }) => {
      await ack();
      const respond = respondTo(body.response_url);
      const tell = (message: SlackMessage) => respond({ response_type: 'ephemeral', replace_original: false, ...message });
      const ctx = { action: action.action_id, user: body.user.id, channel: body.channel?.id, team: body.team?.id };
      await guard(
        ctx,
        log,
        () => tell(renderNotice(PROBLEMS.error)),
        async () => {
          const value = decode(action);
          if (value === null || value === undefined) return void (await tell(renderNotice(PROBLEMS.staleButton)));
          await tell(await services.queue.run(() => reply(value, action)));
        },
      );
    });

  privately(
    PAPER_ACTION,
    (action) => decodePaperAction(action.value),
    (paperId, action) =>
      paperActionReply(
        services.library.current,
        action.action_id.replace(/^citebot_/, '') as 'cite' | 'related' | 'abstract' | 'authors',
        paperId,
      ),
  );
  privately(
    NEXT_PASSAGE_ACTION,
    (action) => decodeNextPassage(action.value),
    (value) => nextPassageReply(services.library.current, value),
  );
}
