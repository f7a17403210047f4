/**
 * Feedback through the real discord.js Client against the loopback Discord, into a real SQLite store: 👍/👎 and the
 * wrong-paper menu clicked through the gateway, acknowledged privately, a changed vote replacing the old one, votes
 * complete with the question log off (read back from the clicked message), and answers unaffected by a store that is down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/bot.js';
import { createLogger } from '../../adapters/shared/log.js';
import { FEEDBACK, PROBLEMS } from '../../adapters/shared/messages.js';
import { openStore, type Store } from '../../adapters/shared/store/index.js';
import type { Library } from '../../src/index.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { answered, type FakeDiscord, type FakeUser, type InteractionPayload, OptionType, startFakeDiscord } from './fakes/discord-peer.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForFeedback';
const EPHEMERAL = 64;
const KIVI_QUESTION = 'How does KIVI quantize the key cache?';
const KIVI = { id: '2402.02750', title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache' };
const BOB: FakeUser = { id: '222222222222222222', username: 'bob' };
const quiet = createLogger({ write: () => {} });

let peer: FakeDiscord;
let library: Library;
let dir: string;
let store: Store;
let bot: DiscordBot;

async function startBot(withStore: Store): Promise<DiscordBot> {
  const b = createDiscordBot({ token: TOKEN, apiUrl: peer.apiUrl }, testServices({ current: library }, quiet, withStore));
  await b.ready;
  return b;
}

beforeAll(async () => {
  library = await seedLibrary();
  peer = await startFakeDiscord({ token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'citebot-discord-feedback-'));
  store = await openStore({ dataDir: join(dir, 'state'), log: quiet });
  bot = await startBot(store);
});

afterAll(async () => {
  await bot?.stop();
  await store?.close();
  await peer?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Ask through the gateway; resolves with the answer message as Discord would attach it to a click. */
async function ask(question: string) {
  const i = peer.dispatchInteraction(peer.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: question }]));
  const edit = await peer.waitForRequest(answered.edit(i), 'answer edit');
  return peer.messageFrom(edit.body);
}

const components = (message: Record<string, unknown>) => (message.components as any[]).flatMap((row) => row.components);
const control = (message: Record<string, unknown>, kind: 'up' | 'down' | 'wrong') =>
  components(message).find((c) => String(c.custom_id).startsWith(`ask:v1:${kind}:`));

async function callback(payload: InteractionPayload) {
  const i = peer.dispatchInteraction(payload);
  return (await peer.waitForRequest(answered.callback(i), `callback of ${i.id}`)).body;
}

const answerIdOf = (message: Record<string, unknown>) => String(control(message, 'up').custom_id).split(':')[3];

describe('voting on an answer through the gateway', () => {
  it('acknowledges 👍 privately, and a second click (👎) replaces it', async () => {
    const before = await store.report();
    const message = await ask(KIVI_QUESTION);
    const up = await callback(peer.buttonClick(control(message, 'up').custom_id, message));
    expect(up).toMatchObject({ type: 4, data: { content: 'Thanks — recorded 👍. You can change it.', flags: EPHEMERAL } });
    expect((await store.report()).feedback.up).toBe(before.feedback.up + 1);

    const down = await callback(peer.buttonClick(control(message, 'down').custom_id, message));
    expect(down).toMatchObject({ type: 4, data: { content: FEEDBACK.thanks('down'), flags: EPHEMERAL } });
    const after = await store.report();
    expect(after.feedback).toMatchObject({ up: before.feedback.up, down: before.feedback.down + 1 });
    expect(after.questions).toBe(before.questions + 1);
    const mine = after.thumbsDown.filter((t) => t.answerId === answerIdOf(message));
    expect(mine).toEqual([expect.objectContaining({ question: KIVI_QUESTION, platform: 'discord', workspace: peer.guildId })]);
    expect(mine[0]!.cited[0]).toBe(KIVI.id);

    await callback(peer.buttonClick(control(message, 'down').custom_id, message, BOB));
    expect((await store.report()).feedback.down).toBe(before.feedback.down + 2);
  });

  it('records a paper picked in the wrong-paper menu, naming it in the private acknowledgement', async () => {
    const message = await ask(KIVI_QUESTION);
    const menu = control(message, 'wrong');
    expect(menu.options.map((o: { value: string }) => o.value)[0]).toBe(KIVI.id);
    const told = await callback(peer.selectChoice(menu.custom_id, [KIVI.id], message));
    expect(told).toMatchObject({ type: 4, data: { content: FEEDBACK.thanksWrongPaper(KIVI.title), flags: EPHEMERAL } });
    expect((await store.report()).wrongPaper).toContainEqual(
      expect.objectContaining({ paperId: KIVI.id, question: KIVI_QUESTION, answerId: answerIdOf(message) }),
    );
  });

  it('keeps working on an answer from before a restart: the state is in the custom_id and the message', async () => {
    const message = await ask(KIVI_QUESTION);
    await bot.stop();
    bot = await startBot(store);
    const up = await callback(peer.buttonClick(control(message, 'up').custom_id, message));
    expect(up.data.content).toBe(FEEDBACK.thanks('up'));
  });

  it('says plainly when a control is stale or garbled', async () => {
    const message = await ask(KIVI_QUESTION);
    for (const customId of ['ask:v0:up:abc:deadbeef', 'ask:v1:up:abc', 'ask:v1:sideways:abc:deadbeef'])
      expect(await callback(peer.buttonClick(customId, message))).toMatchObject({
        type: 4,
        data: { content: PROBLEMS.staleButton, flags: EPHEMERAL },
      });
    // A vote on a message that is not an answer.
    const other = peer.messageFrom({ content: 'old message' });
    expect((await callback(peer.buttonClick(control(message, 'up').custom_id, other))).data.content).toBe(PROBLEMS.staleButton);
  });
});

describe('with CITEBOT_LOG_QUESTIONS=off', () => {
  it('logs no question, yet a vote records the question and the cited papers read from the clicked message', async () => {
    const off = await openStore({ dataDir: join(dir, 'off'), logQuestions: false, log: quiet });
    await bot.stop();
    bot = await startBot(off);
    try {
      const message = await ask(KIVI_QUESTION);
      await callback(peer.buttonClick(control(message, 'down').custom_id, message));
      const report = await off.report();
      expect(report.questions).toBe(0);
      const cited = control(message, 'wrong').options.map((o: { value: string }) => o.value);
      expect(report.thumbsDown).toEqual([expect.objectContaining({ question: KIVI_QUESTION, cited })]);
    } finally {
      await bot.stop();
      bot = await startBot(store);
      await off.close();
    }
  });
});

describe('a store that is down', () => {
  it('never delays or fails an answer or an acknowledgement', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    const broken = await openStore({ dataDir: join(file, 'state'), log: quiet });
    await bot.stop();
    bot = await startBot(broken);
    try {
      const started = performance.now();
      const message = await ask(KIVI_QUESTION);
      expect(JSON.stringify(message.embeds)).toContain('arxiv.org/abs/2402.02750');
      expect((await callback(peer.buttonClick(control(message, 'up').custom_id, message))).data.content).toBe(FEEDBACK.thanks('up'));
      expect(performance.now() - started).toBeLessThan(2000);
      expect(broken.health()).toMatchObject({ status: 'degraded', pending: 2 });
    } finally {
      await bot.stop();
      bot = await startBot(store);
      await broken.close();
    }
  });
});
