/**
 * Discord's HTTP interactions endpoint: signed interactions POSTed to the real shared HTTP server, started by the
 * Discord platform with DISCORD_PUBLIC_KEY set (no gateway), answered from the real corpus. Deferred replies
 * reach a loopback Discord peer's webhook routes. The key pair is made here; only its public half is configured.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servedCommands } from '../../adapters/discord/commands/index.js';
import { DISCORD_INTERACTIONS_PATH, discordInteractionsRoute, verifyDiscordSignature } from '../../adapters/discord/interactions-http.js';
import { discordPlatform } from '../../adapters/discord/platform.js';
import { createLogger } from '../../adapters/shared/log.js';
import { FEEDBACK, PROBLEMS } from '../../adapters/shared/messages.js';
import type { RunningPlatform } from '../../adapters/shared/platform.js';
import type { Library } from '../../src/index.js';
import { blockingJob, type MemoryStore, memoryStore, seedLibrary, testServices } from '../adapters/support.js';
import { answered, type FakeDiscord, OptionType, startFakeDiscord } from './fakes/discord-peer.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const EPHEMERAL = 64;
const KIVI = { id: '2402.02750', title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache' };

/** The raw 32-byte public key in hex, as the Developer Portal shows it. */
const publicHex = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('hex');

const keys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');

interface Sent {
  status: number;
  body: any;
}

/** POST a body to the endpoint with the given headers. */
function post(port: number, body: string, headers: Record<string, string>): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: DISCORD_INTERACTIONS_PATH,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** POST an interaction signed as Discord signs it: Ed25519 over timestamp + body. */
function signed(port: number, interaction: unknown, privateKey: KeyObject = keys.privateKey): Promise<Sent> {
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  return post(port, body, { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp });
}

let corpus: Library;
let peer: FakeDiscord;
let store: MemoryStore;
let services: ReturnType<typeof testServices>;
let running: RunningPlatform;
let port: number;

beforeAll(async () => {
  corpus = await seedLibrary();
  peer = await startFakeDiscord({ token: TOKEN });
  store = memoryStore();
  services = testServices({ current: corpus }, createLogger({ write: () => {} }), store);
  const env = { DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: publicHex(keys.publicKey), DISCORD_API_URL: peer.apiUrl };
  running = await discordPlatform().configure(env).start(services);
  port = await services.server.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await running?.stop();
  await services?.server.close();
  await peer?.close();
});

describe('signature verification', () => {
  it('answers a signed PING with PONG, and no gateway session was opened', async () => {
    expect(await signed(port, { type: 1, id: '1', application_id: peer.applicationId, token: 't', version: 1 })).toEqual({
      status: 200,
      body: { type: 1 },
    });
    expect(peer.identifies).toBe(0);
    expect(running.state()).toBe('ok');
  });

  it('refuses with 401 a missing signature, another key’s signature, a tampered body and a changed timestamp', async () => {
    const ping = JSON.stringify({ type: 1 });
    expect((await post(port, ping, {})).status).toBe(401);
    expect((await post(port, ping, { 'x-signature-ed25519': 'zz', 'x-signature-timestamp': '1' })).status).toBe(401);
    expect((await signed(port, { type: 1 }, otherKeys.privateKey)).status).toBe(401);

    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + ping), keys.privateKey).toString('hex');
    expect((await post(port, ping, { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp })).status).toBe(200);
    const tampered = JSON.stringify({ type: 2 });
    expect((await post(port, tampered, { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp })).status).toBe(401);
    expect((await post(port, ping, { 'x-signature-ed25519': signature, 'x-signature-timestamp': `${timestamp}0` })).status).toBe(401);
    // Nothing refused reached a handler: no webhook call, no question logged.
    expect(peer.requests.filter((r) => r.path.startsWith('/webhooks/'))).toEqual([]);
  });

  it('refuses a body over the limit with 413 before verifying it', async () => {
    const huge = JSON.stringify({ type: 1, pad: 'x'.repeat(300 * 1024) });
    const sent = await post(port, huge, { 'x-signature-ed25519': 'a'.repeat(128), 'x-signature-timestamp': '1' });
    expect(sent.status).toBe(413);
  });

  it('verifies with the node:crypto key once made from the hex key', () => {
    const body = Buffer.from('{"type":1}');
    const sig = sign(null, Buffer.concat([Buffer.from('123'), body]), keys.privateKey).toString('hex');
    expect(verifyDiscordSignature(keys.publicKey, sig, '123', body)).toBe(true);
    expect(verifyDiscordSignature(keys.publicKey, sig, '124', body)).toBe(false);
    expect(
      verifyDiscordSignature(
        keys.publicKey,
        sig.replace(/^./, (c) => (c === '0' ? '1' : '0')),
        '123',
        body,
      ),
    ).toBe(false);
  });
});

describe('commands over HTTP', () => {
  it('/ask is deferred (type 5), and the answer arrives at the webhook as an edit of the original', async () => {
    const interaction = peer.slashCommand('ask', [
      { name: 'question', type: OptionType.String, value: 'How does KIVI quantize the key cache?' },
    ]);
    const first = await signed(port, interaction);
    expect(first).toEqual({ status: 200, body: { type: 5, data: { flags: 0 } } });
    const edit = await peer.waitForRequest(answered.edit(interaction), 'answer edit');
    expect(edit.path).toBe(`/webhooks/${peer.applicationId}/${interaction.token}/messages/@original`);
    expect(edit.headers.authorization).toBeUndefined(); // the interaction token authorises it: no bot token sent
    expect(edit.body.embeds[0].title).toBe(KIVI.title);
    expect(edit.body.allowed_mentions).toMatchObject({ parse: [] });
    // The question was logged as through the gateway, with the server it came from.
    expect(store.questions.at(-1)).toMatchObject({ platform: 'discord', workspace: peer.guildId, answered: true });

    // 👍 on that answer: recorded, and the thanks shown only to the voter, inline.
    const up = edit.body.components[1].components.find((b: { label: string }) => b.label === '👍');
    const vote = await signed(port, peer.buttonClick(up.custom_id, peer.messageFrom(edit.body)));
    expect(vote).toMatchObject({ status: 200, body: { type: 4, data: { content: FEEDBACK.thanks('up'), flags: EPHEMERAL } } });
    expect(store.votes.at(-1)).toMatchObject({ vote: 'up', platform: 'discord', workspace: peer.guildId });
  });

  it('/ask private:true defers privately', async () => {
    const interaction = peer.slashCommand('ask', [
      { name: 'question', type: OptionType.String, value: 'How does KIVI quantize the key cache?' },
      { name: 'private', type: OptionType.Boolean, value: true },
    ]);
    expect((await signed(port, interaction)).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    await peer.waitForRequest(answered.edit(interaction), 'private answer edit');
  });

  it('/paper is answered inline with the card (type 4)', async () => {
    const sent = await signed(port, peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: 'KIVI' }]));
    expect(sent.status).toBe(200);
    expect(sent.body.type).toBe(4);
    expect(sent.body.data.embeds[0].title).toBe(KIVI.title);
    expect(sent.body.data.flags).toBe(0);
    expect(sent.body.data.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('autocompletes /paper titles (type 8)', async () => {
    const sent = await signed(port, peer.autocomplete('paper', [{ name: 'title', type: OptionType.String, value: 'kiv', focused: true }]));
    expect(sent.body.type).toBe(8);
    expect(sent.body.data.choices[0]).toEqual({ name: `${KIVI.title} (2024)`, value: KIVI.id });
  });

  it('a Cite button answers privately with the BibTeX; a page button updates its message (type 7)', async () => {
    const card = await signed(port, peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: 'KIVI' }]));
    const cite = card.body.data.components[0].components.find((b: { label: string }) => b.label === 'Cite');
    const cited = await signed(port, peer.buttonClick(cite.custom_id, peer.messageFrom(card.body.data)));
    expect(cited.body.type).toBe(4);
    expect(cited.body.data.flags).toBe(EPHEMERAL);
    expect(JSON.stringify(cited.body.data)).toContain('@misc{liu2024kivi');

    const list = await signed(port, peer.slashCommand('papers'));
    const [, next] = list.body.data.components[0].components;
    const page = await signed(port, peer.buttonClick(next.custom_id, peer.messageFrom(list.body.data)));
    expect(page.body.type).toBe(7);
    expect(page.body.data.embeds[0].footer.text).toBe(`Page 2 of ${Math.ceil(corpus.size / 5)} · ${corpus.size} papers`);
  });

  it('Follow up opens its modal inline (type 9), and the submitted question is deferred and answered about the same paper', async () => {
    const interaction = peer.slashCommand('ask', [
      { name: 'question', type: OptionType.String, value: 'How does KIVI quantize the key cache?' },
    ]);
    await signed(port, interaction);
    const edit = await peer.waitForRequest(answered.edit(interaction), 'answer edit');
    const rows = edit.body.components as { components: { label?: string; custom_id: string }[] }[];
    const follow = rows.flatMap((r) => r.components).find((b) => b.label === 'Follow up')!;
    const message = peer.messageFrom(edit.body);

    const modal = await signed(port, peer.buttonClick(follow.custom_id, message));
    expect(modal.body.type).toBe(9);
    expect(modal.body.data.custom_id).toBe(`ask:v1:followup:${KIVI.id}`);

    const submit = peer.modalSubmit(modal.body.data.custom_id, { question: 'and the value cache?' }, message);
    expect((await signed(port, submit)).body).toEqual({ type: 5, data: { flags: 0 } });
    const answer = await peer.waitForRequest(answered.edit(submit), 'follow-up answer edit');
    expect(answer.body.embeds[0].author.name).toBe('↪ Following up on: How does KIVI quantize the key cache?');
    expect(answer.body.embeds[0].title).toBe(KIVI.title);
    expect(answer.body.allowed_mentions).toMatchObject({ parse: [] });
  });

  it('a submitted modal citebot did not open is answered privately as stale', async () => {
    const sent = await signed(port, peer.modalSubmit('nope:v1:x', { question: 'hello' }));
    expect(sent.body).toMatchObject({ type: 4, data: { content: expect.stringContaining(PROBLEMS.staleButton), flags: EPHEMERAL } });
  });

  it('answers an unknown command and a stale button privately', async () => {
    const unknown = await signed(port, peer.slashCommand('nope'));
    expect(unknown.body).toMatchObject({ type: 4, data: { content: PROBLEMS.unknownCommand, flags: EPHEMERAL } });
    const stale = await signed(port, peer.buttonClick('old:v0:thing', peer.messageFrom({})));
    expect(stale.body).toMatchObject({ type: 4, data: { content: PROBLEMS.staleButton, flags: EPHEMERAL } });
    // A signed command without its data (nothing Discord sends, but signed all the same): a private apology, no 500.
    const { data: _none, ...bare } = peer.slashCommand('ask');
    const odd = await signed(port, bare);
    expect(odd).toMatchObject({ status: 200, body: { type: 4, data: { content: PROBLEMS.error, flags: EPHEMERAL } } });
  });
});

describe('deadlines and limits', () => {
  it('a click whose answer waits past the inline deadline is acknowledged (type 6), then answered privately by a follow-up', async () => {
    const slow = testServices({ current: corpus });
    const route = discordInteractionsRoute(
      {
        publicKey: keys.publicKey,
        apiUrl: peer.apiUrl,
        commands: servedCommands({ settings: {} as never, isEditor: async () => false }),
        inlineDeadlineMs: 50,
      },
      slow,
    );
    slow.http.mount('POST', DISCORD_INTERACTIONS_PATH, route.handler);
    const slowPort = await slow.server.listen(0, '127.0.0.1');
    try {
      const job = blockingJob(slow.queue); // the answer queue is busy: Related waits its turn
      await job.started;
      const click = peer.buttonClick(`paper:v1:related:${KIVI.id}`, peer.messageFrom({}));
      expect((await signed(slowPort, click)).body).toEqual({ type: 6 });
      job.release();
      const followUp = await peer.waitForRequest(answered.followUp(click), 'related follow-up');
      expect(followUp.body.flags).toBe(EPHEMERAL);
      expect(followUp.body.embeds[0].title).toContain('Papers related to');
      await route.settled();
    } finally {
      await slow.server.close();
    }
  });

  it('a failure after a public deferral deletes the "thinking…" message and tells the user privately', async () => {
    const lines: string[] = [];
    let fail = true;
    const broken = {
      get current(): Library {
        if (fail) {
          fail = false;
          throw new Error('simulated failure: library unavailable');
        }
        return corpus;
      },
    };
    const failing = testServices(broken, createLogger({ write: (line) => lines.push(line) }));
    const route = discordInteractionsRoute({ publicKey: keys.publicKey, apiUrl: peer.apiUrl }, failing);
    failing.http.mount('POST', DISCORD_INTERACTIONS_PATH, route.handler);
    const failingPort = await failing.server.listen(0, '127.0.0.1');
    try {
      const interaction = peer.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: 'What is KIVI?' }]);
      expect((await signed(failingPort, interaction)).body).toEqual({ type: 5, data: { flags: 0 } });
      await peer.waitForRequest(answered.deleteOriginal(interaction), 'deletion of the public deferral');
      const sorry = await peer.waitForRequest(answered.followUp(interaction), 'private error follow-up');
      expect(sorry.body).toMatchObject({ content: PROBLEMS.error, flags: EPHEMERAL });
      await route.settled();
      expect(lines.some((l) => l.includes('interaction failed') && l.includes('simulated failure'))).toBe(true);
    } finally {
      await failing.server.close();
    }
  });

  it('a user over the rate limit is told privately instead of being deferred', async () => {
    const limited = testServices({ current: corpus }, undefined, memoryStore(), { rate: { burst: 1, perMinute: 1 } });
    const route = discordInteractionsRoute({ publicKey: publicHex(keys.publicKey), apiUrl: peer.apiUrl }, limited);
    limited.http.mount('POST', DISCORD_INTERACTIONS_PATH, route.handler);
    const limitedPort = await limited.server.listen(0, '127.0.0.1');
    try {
      const ask = () => peer.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: 'What is KIVI?' }]);
      expect((await signed(limitedPort, ask())).body.type).toBe(5);
      const refused = await signed(limitedPort, ask());
      expect(refused.body.type).toBe(4);
      expect(refused.body.data.flags).toBe(EPHEMERAL);
      expect(refused.body.data.content).toMatch(/faster than I can answer/);
      await route.settled();
    } finally {
      await limited.server.close();
    }
  });
});

describe('stopping', () => {
  it('answers 503 once stopped (Discord shows a failure; nothing is half-done) and reports down', async () => {
    await running.stop();
    expect(running.state()).toBe('down');
    expect((await signed(port, { type: 1 })).status).toBe(503);
  });
});
