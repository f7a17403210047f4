/**
 * Issue 18, failure 5: no rate limit or fairness per user, no bound on the backlog. One user's 200 `/ask` in 10 s
 * were all answered. Here the real Bolt app and the real discord.js Client, against the loopback peers, with the
 * default limits (5 at once, then one every 3 s) on a clock the test holds still, and a small backlog.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/bot.js';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import { BUSY } from '../../adapters/shared/messages.js';
import { RATE_LIMITS } from '../../adapters/shared/rate-limit.js';
import type { Services } from '../../adapters/shared/services.js';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import { memoryStore, seedLibrary, testServices } from '../adapters/support.js';
import { ALICE, answered, type FakeDiscord, type FakeUser, OptionType, startFakeDiscord } from './fakes/discord-peer.js';
import { eventEnvelope, postSigned, type SlackPeer, signEvent, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const BOT_TOKEN = 'xoxb-1111-2222-ratelimitvalue';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const EPHEMERAL = 64;
const QUESTION = 'How does KIVI quantize the key cache?';
const MAX_BACKLOG = 10;

let slack: SlackPeer;
let discord: FakeDiscord;
let app: RunningSlackApp;
let bot: DiscordBot;
let services: ReturnType<typeof testServices>;
let events: string;
const lines: string[] = [];

beforeAll(async () => {
  slack = await startSlackPeer({ botToken: BOT_TOKEN });
  discord = await startFakeDiscord({ token: DISCORD_TOKEN });
  const holder = new LibraryHolder(await seedLibrary());
  // The clock stands still: no token comes back during a test, so the counts are exact.
  services = testServices(holder, createLogger({ write: (l) => lines.push(l) }), memoryStore(), {
    rate: RATE_LIMITS,
    maxBacklog: MAX_BACKLOG,
    now: () => 0,
  });
  app = await createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slack.apiUrl, retries: 0 }, services);
  events = `http://127.0.0.1:${await services.server.listen(0, '127.0.0.1')}/slack/events`;
  bot = createDiscordBot({ token: DISCORD_TOKEN, apiUrl: discord.apiUrl }, services);
  await bot.ready;
});

afterAll(async () => {
  await bot?.stop();
  await app?.stop();
  await services?.server.close();
  await slack?.close();
  await discord?.close();
});

let seq = 0;
async function slashAsk(user: string, team = 'T0001') {
  const id = `r${++seq}`;
  const req = signSlashCommand(SIGNING_SECRET, {
    command: '/ask',
    text: QUESTION,
    response_url: slack.responseUrl(id),
    user_id: user,
    team_id: team,
  });
  const res = await postSigned(events, req);
  return { ...res, id };
}

describe('issue 18, failure 5: Slack slash commands', () => {
  it('answers a user’s first 5 /ask at once, then says privately, in the ack, to wait 3 seconds', async () => {
    const sent: { status: number; body: string; id: string }[] = [];
    for (let i = 0; i < 8; i++) sent.push(await slashAsk('UFLOOD'));
    expect(sent.map((s) => s.status)).toEqual(Array(8).fill(200));
    for (const s of sent.slice(0, 5)) {
      expect(s.body).toBe('');
      expect(JSON.stringify((await slack.response(s.id)).body)).toContain('KIVI');
    }
    for (const s of sent.slice(5)) {
      const ack = JSON.parse(s.body) as { response_type: string; text: string };
      expect(ack.response_type).toBe('ephemeral');
      expect(ack.text).toBe(BUSY.slowDown(3));
    }
    // Nothing was posted for the refused ones.
    expect(slack.responses.filter((r) => sent.slice(5).some((s) => s.id === r.id))).toEqual([]);
  });

  it('keys the limit by workspace and user: another user, or the same id in another team, is still answered', async () => {
    for (const [user, team] of [
      ['UOTHER', 'T0001'],
      ['UFLOOD', 'T0002'],
    ] as const) {
      const s = await slashAsk(user, team);
      expect(s.body).toBe('');
      expect(JSON.stringify((await slack.response(s.id)).body)).toContain('KIVI');
    }
  });

  it('refuses politely when the answer queue is full, and answers again once it drains', async () => {
    const release = fillQueue(services);
    const refused = await slashAsk('UPATIENT');
    expect(JSON.parse(refused.body)).toMatchObject({ response_type: 'ephemeral', text: BUSY.full });
    release();
    await until(() => services.queue.size === 0);
    const s = await slashAsk('UPATIENT');
    expect(s.body).toBe('');
    expect(JSON.stringify((await slack.response(s.id)).body)).toContain('KIVI');
    expect(lines.join('\n')).toMatch(/refused a question: the answer queue is full \(10;/);
  });
});

describe('issue 18, failure 5: Slack mentions', () => {
  it('answers 5 mentions, tells the user privately once to slow down, and ignores the rest of the flood', async () => {
    const count = (method: string) => slack.calls.filter((c) => c.method === method).length;
    const before = { posts: count('chat.postMessage'), ephemeral: count('chat.postEphemeral') };
    for (let i = 0; i < 8; i++) {
      const event = { type: 'app_mention', user: 'UMENTION', text: `<@UBOT> ${QUESTION}`, ts: `1700000${i}.000100`, channel: 'C0001' };
      expect((await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(event, `EvLimit${i}`)))).status).toBe(200);
    }
    await slack.call('chat.postMessage', before.posts + 5);
    const told = await slack.call('chat.postEphemeral', before.ephemeral + 1);
    expect(told.args).toMatchObject({ user: 'UMENTION', text: BUSY.slowDown(3) });
    await new Promise((r) => setTimeout(r, 200));
    expect(count('chat.postMessage')).toBe(before.posts + 5);
    expect(count('chat.postEphemeral')).toBe(before.ephemeral + 1);
  });
});

describe('issue 18, failure 5: Discord /ask', () => {
  const ask = (user: FakeUser) =>
    discord.dispatchInteraction(discord.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: QUESTION }], user));

  it('answers a user’s first 5 /ask, then replies privately to wait, without deferring', async () => {
    const user = { id: '222222222222222222', username: 'flooder' };
    const sent = Array.from({ length: 7 }, () => ask(user));
    const callbacks = await Promise.all(sent.map((i) => discord.waitForRequest(answered.callback(i), 'callback')));
    expect(callbacks.map((c) => c.body.type)).toEqual([5, 5, 5, 5, 5, 4, 4]);
    for (const c of callbacks.slice(5)) {
      expect(c.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
      expect(c.body.data.content).toContain('please wait 3 seconds');
    }
    for (const i of sent.slice(0, 5))
      expect(JSON.stringify((await discord.waitForRequest(answered.edit(i), 'answer')).body)).toContain('KIVI');
    // Another user is answered.
    const other = ask(ALICE);
    expect((await discord.waitForRequest(answered.callback(other), 'deferral')).body.type).toBe(5);
    await discord.waitForRequest(answered.edit(other), 'answer');
  });

  it('refuses privately when the answer queue is full', async () => {
    const release = fillQueue(services);
    const i = ask({ id: '333333333333333333', username: 'patient' });
    const reply = await discord.waitForRequest(answered.callback(i), 'refusal');
    expect(reply.body).toMatchObject({ type: 4, data: { content: expect.stringContaining('I’m answering a lot of questions') } });
    expect(reply.body.data.flags & EPHEMERAL).toBe(EPHEMERAL);
    release();
    await until(() => services.queue.size === 0);
  });
});

afterEach(async () => {
  await until(() => services.queue.size === 0);
});

/** Fill the work queue to its bound with jobs that wait; returns what lets them finish. */
function fillQueue(s: Services): () => void {
  let open = () => {};
  const gate = new Promise<void>((r) => (open = r));
  while (!s.queue.full) void s.queue.run(() => gate, 'test:blocker');
  return open;
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
