/**
 * Feedback through the real Bolt app against the loopback Slack, into a real SQLite store: 👍/👎 (Slack's
 * `feedback_buttons`) and "Wrong paper" clicked as signed `block_actions`, acknowledged privately, a changed vote
 * replacing the old one, votes complete with the question log off, and answers unaffected by a store that is down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/shared/log.js';
import { FEEDBACK, PROBLEMS } from '../../adapters/shared/messages.js';
import { openStore, type Store } from '../../adapters/shared/store/index.js';
import { decodeVote, FEEDBACK_ACTION, SHARE_ACTION, WRONG_PAPER_ACTION } from '../../adapters/slack/action-values.js';
import { createSlackApp } from '../../adapters/slack/app.js';
import { MAX_BUTTON_VALUE } from '../../adapters/slack/rules.js';
import type { Library } from '../../src/index.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import {
  buttonClick,
  eventEnvelope,
  postSigned,
  type SlackPeer,
  signAction,
  signEvent,
  signSlashCommand,
  startSlackPeer,
} from './fakes/slack-peer.js';

const BOT_TOKEN = 'xoxb-1111-2222-feedbackvalue';
const SIGNING_SECRET = 'feedback'.padEnd(32, '5');
const KIVI_QUESTION = 'How does KIVI quantize the key cache?';
const KIVI = { id: '2402.02750', title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache' };
const quiet = createLogger({ write: () => {} });

let peer: SlackPeer;
let library: Library;
let dir: string;
let store: Store;
let bot: SlackBot;
const stops: (() => Promise<void>)[] = [];

/** A started app: where to POST its signed requests. */
interface SlackBot {
  events: string;
}

/** The real app on its own port, serving with `store`. */
async function startBot(withStore: Store): Promise<SlackBot> {
  const services = testServices({ current: library }, quiet, withStore);
  const running = await createSlackApp(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: peer.apiUrl, botId: 'BBOT', botUserId: 'UBOT', retries: 0 },
    services,
  );
  const port = await services.server.listen(0, '127.0.0.1');
  stops.push(async () => {
    await running.stop();
    await services.server.close();
  });
  return { events: `http://127.0.0.1:${port}/slack/events` };
}

beforeAll(async () => {
  peer = await startSlackPeer({ botToken: BOT_TOKEN });
  library = await seedLibrary();
  dir = mkdtempSync(join(tmpdir(), 'citebot-slack-feedback-'));
  store = await openStore({ dataDir: join(dir, 'state'), log: quiet });
  bot = await startBot(store);
});

afterAll(async () => {
  for (const stop of stops) await stop();
  await store?.close();
  await peer?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Element = {
  type: string;
  action_id?: string;
  value?: string;
  positive_button?: { value: string };
  negative_button?: { value: string };
};
type Block = { type: string; block_id?: string; elements?: Element[]; accessory?: Element; text?: { text: string } };

/** Slack's 👍/👎 values of a message, and its "Wrong paper" values by paper id. */
function controls(message: Record<string, unknown>) {
  const blocks = message.blocks as Block[];
  const feedback = blocks.filter((b) => b.type === 'context_actions').flatMap((b) => b.elements ?? []);
  const wrong = blocks.map((b) => b.accessory).filter((a): a is Element => a?.action_id === WRONG_PAPER_ACTION);
  return {
    feedback,
    up: feedback[0]?.positive_button?.value,
    down: feedback[0]?.negative_button?.value,
    wrongPaper: new Map(wrong.map((a) => [paperOf(a.value), a.value!])),
  };
}

function paperOf(value: string | undefined): string {
  const choice = decodeVote(value)?.choice;
  if (choice?.vote !== 'wrong-paper') throw new Error(`not a wrong-paper value: ${value}`);
  return choice.paperId;
}

let seq = 0;
async function ask(at: SlackBot, text: string, team = 'T0001') {
  const id = `fb${++seq}`;
  await postSigned(
    at.events,
    signSlashCommand(SIGNING_SECRET, { command: '/ask', text, team_id: team, response_url: peer.responseUrl(id) }),
  );
  return (await peer.response(id)).body;
}

/** Click a vote control; resolves with what the app told the clicker. */
async function click(at: SlackBot, actionId: string, value: string, options: { userId?: string; channel?: string } = {}) {
  const id = `click${++seq}`;
  const elementType = actionId === FEEDBACK_ACTION ? 'feedback_buttons' : 'button';
  const res = await postSigned(
    at.events,
    signAction(SIGNING_SECRET, buttonClick({ actionId, value, responseUrl: peer.responseUrl(id), elementType, ...options })),
  );
  expect(res.status).toBe(200);
  return (await peer.response(id)).body;
}

describe('the feedback controls of an answer', () => {
  it('are Slack’s feedback_buttons in a context_actions block and a Wrong paper button beside the cited paper', async () => {
    const body = await ask(bot, KIVI_QUESTION);
    const c = controls(body);
    expect(c.feedback).toHaveLength(1);
    expect(c.feedback[0]).toMatchObject({
      type: 'feedback_buttons',
      action_id: FEEDBACK_ACTION,
      positive_button: { text: { type: 'plain_text', text: '👍' }, accessibility_label: FEEDBACK.upDescription },
      negative_button: { text: { type: 'plain_text', text: '👎' }, accessibility_label: FEEDBACK.downDescription },
    });
    for (const v of [c.up!, c.down!, ...c.wrongPaper.values()]) expect(v.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
    // The value identifies the answer and carries its question and citations: an ephemeral reply's click has no message.
    const up = decodeVote(c.up)!;
    expect(up.choice).toEqual({ vote: 'up' });
    expect(up.ref).toMatchObject({
      question: KIVI_QUESTION,
      fingerprint: library.fingerprint(),
      citedIds: expect.arrayContaining([KIVI.id]),
    });
    expect(up.ref.citedIds[0]).toBe(KIVI.id);
    expect([...c.wrongPaper.keys()]).toEqual([KIVI.id]);
    expect(JSON.stringify(body.blocks)).toContain(SHARE_ACTION);
  });

  it('acknowledge a vote privately, and a second click replaces it', async () => {
    const before = await store.report();
    const c = controls(await ask(bot, KIVI_QUESTION));
    const answerId = decodeVote(c.up)!.ref.answerId;

    const thanksUp = await click(bot, FEEDBACK_ACTION, c.up!);
    expect(thanksUp).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: 'Thanks — recorded 👍. You can change it.',
    });
    expect((await store.report()).feedback.up).toBe(before.feedback.up + 1);

    const thanksDown = await click(bot, FEEDBACK_ACTION, c.down!);
    expect(thanksDown).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: FEEDBACK.thanks('down') });
    const after = await store.report();
    expect(after.feedback).toMatchObject({ up: before.feedback.up, down: before.feedback.down + 1 });
    expect(after.questions).toBe(before.questions + 1);
    const mine = after.thumbsDown.filter((t) => t.answerId === answerId);
    expect(mine).toEqual([expect.objectContaining({ question: KIVI_QUESTION, platform: 'slack', workspace: 'T0001' })]);
    expect(mine[0]!.cited[0]).toBe(KIVI.id);

    // Another user's vote on the same answer is theirs, not a change of the first.
    await click(bot, FEEDBACK_ACTION, c.down!, { userId: 'U0002' });
    expect((await store.report()).feedback.down).toBe(before.feedback.down + 2);
  });

  it('record Wrong paper with the question, and name the paper in the private acknowledgement', async () => {
    const c = controls(await ask(bot, KIVI_QUESTION));
    const told = await click(bot, WRONG_PAPER_ACTION, c.wrongPaper.get(KIVI.id)!);
    expect(told).toMatchObject({ response_type: 'ephemeral', text: FEEDBACK.thanksWrongPaper(KIVI.title) });
    const report = await store.report();
    expect(report.wrongPaper).toContainEqual(
      expect.objectContaining({ paperId: KIVI.id, question: KIVI_QUESTION, answerId: decodeVote(c.up)!.ref.answerId }),
    );
  });

  it('are on a mention’s answer in the thread too, and on each paper of a list answer', async () => {
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    const event = {
      type: 'app_mention',
      user: 'U0001',
      text: '<@UBOT> Which papers are about quantization?',
      ts: '1700009000.000100',
      channel: 'C0001',
      event_ts: '1700009000.000100',
    };
    await postSigned(bot.events, signEvent(SIGNING_SECRET, eventEnvelope(event, 'EvFb1')));
    const post = await peer.call('chat.postMessage', before + 1);
    const c = controls(post.args);
    expect(c.wrongPaper.size).toBeGreaterThan(1);
    expect(decodeVote(c.down)!.ref.citedIds).toEqual([...c.wrongPaper.keys()]);
    const told = await click(bot, FEEDBACK_ACTION, c.down!, { channel: 'C0001' });
    expect(told).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: FEEDBACK.thanks('down') });
  });

  it('are on an abstention as 👍/👎 only: nothing is cited', async () => {
    const c = controls(await ask(bot, 'What is the best recipe for sourdough bread?'));
    expect(c.up).toBeDefined();
    expect(c.wrongPaper.size).toBe(0);
    expect((await store.report()).unanswered).toContain('What is the best recipe for sourdough bread?');
  });

  it('carry the same answer id into the copy shared in the channel', async () => {
    const body = await ask(bot, KIVI_QUESTION);
    const blocks = body.blocks as Block[];
    const share = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === SHARE_ACTION)!;
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    await postSigned(
      bot.events,
      signAction(
        SIGNING_SECRET,
        buttonClick({ actionId: SHARE_ACTION, value: share.value!, responseUrl: peer.responseUrl(`share${++seq}`) }),
      ),
    );
    const post = await peer.call('chat.postMessage', before + 1);
    expect(decodeVote(controls(post.args).up)!.ref.answerId).toBe(decodeVote(controls(body).up)!.ref.answerId);
  });

  it('tell the clicker plainly when a value is stale or garbled', async () => {
    for (const value of ['', 'not json', '{"v":0,"k":"up"}', JSON.stringify({ kind: 'ask', q: KIVI_QUESTION })])
      expect(await click(bot, FEEDBACK_ACTION, value)).toMatchObject({ response_type: 'ephemeral', text: PROBLEMS.staleButton });
  });
});

describe('with CITEBOT_LOG_QUESTIONS=off', () => {
  it('logs no question, yet a vote records the question and the cited papers its button carried', async () => {
    const off = await openStore({ dataDir: join(dir, 'off'), logQuestions: false, log: quiet });
    try {
      const at = await startBot(off);
      const c = controls(await ask(at, KIVI_QUESTION));
      await click(at, FEEDBACK_ACTION, c.down!);
      await click(at, WRONG_PAPER_ACTION, c.wrongPaper.get(KIVI.id)!);
      const report = await off.report();
      expect(report.questions).toBe(0);
      expect(report.thumbsDown).toEqual([expect.objectContaining({ question: KIVI_QUESTION, cited: decodeVote(c.down)!.ref.citedIds })]);
      expect(report.wrongPaper).toEqual([expect.objectContaining({ paperId: KIVI.id, question: KIVI_QUESTION })]);
    } finally {
      await off.close();
    }
  });
});

describe('a store that is down', () => {
  it('never delays or fails an answer or an acknowledgement: the data directory cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const broken = await openStore({ dataDir: join(file, 'state'), log: quiet });
    try {
      expect(broken.health().status).toBe('degraded');
      const at = await startBot(broken);
      const started = performance.now();
      const body = await ask(at, KIVI_QUESTION);
      expect(JSON.stringify(body.blocks)).toContain('arxiv.org/abs/2402.02750');
      const c = controls(body);
      expect(await click(at, FEEDBACK_ACTION, c.up!)).toMatchObject({ text: FEEDBACK.thanks('up') });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(broken.health()).toMatchObject({ status: 'degraded', pending: 2 });
    } finally {
      await broken.close();
    }
  });
});
