/**
 * Issue 18, failure 7: one 500 or 429 from `response_url` lost the answer (Slack accepts up to 5 posts per
 * `response_url`; nothing was retried). The real Bolt app against the Slack peer, whose response_url sink is told
 * to fail first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import { RESPONSE_URL_RETRY } from '../../adapters/slack/respond.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { postSigned, type SlackPeer, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const BOT_TOKEN = 'xoxb-1111-2222-responseurlvalue';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const FIRST_DELAY_MS = 50;

let peer: SlackPeer;
let app: RunningSlackApp;
let services: ReturnType<typeof testServices>;
let events: string;
const lines: string[] = [];

beforeAll(async () => {
  peer = await startSlackPeer({ botToken: BOT_TOKEN });
  services = testServices(new LibraryHolder(await seedLibrary()), createLogger({ write: (l) => lines.push(l) }));
  app = await createSlackApp(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: peer.apiUrl,
      retries: 0,
      responseUrl: { retry: { firstDelayMs: FIRST_DELAY_MS, maxDelayMs: 200 } },
    },
    services,
  );
  events = `http://127.0.0.1:${await services.server.listen(0, '127.0.0.1')}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await services?.server.close();
  await peer?.close();
});

async function ask(id: string, text = 'What is KIVI?') {
  const res = await postSigned(events, signSlashCommand(SIGNING_SECRET, { command: '/ask', text, response_url: peer.responseUrl(id) }));
  expect(res.status).toBe(200);
}

const attempts = (id: string) => peer.responseAttempts.filter((a) => a.id === id);

describe('issue 18, failure 7: response_url retried on 5xx and 429', () => {
  it('a 500 then 200: the answer arrives on the second post, once', async () => {
    peer.failResponses('r500', [{ status: 500 }]);
    await ask('r500');
    const answer = await peer.response('r500');
    expect(JSON.stringify(answer.body)).toContain('KIVI');
    expect(attempts('r500').map((a) => a.status)).toEqual([500, 200]);
    expect(peer.responses.filter((r) => r.id === 'r500')).toHaveLength(1);
    const [failed, ok] = attempts('r500');
    expect(ok!.at - failed!.at).toBeGreaterThanOrEqual(FIRST_DELAY_MS - 5);
    expect(lines.join('\n')).toMatch(/posting to a response_url answered 500; retrying in 50 ms \(post 2 of 5\)/);
    expect(lines.join('\n')).not.toContain(peer.responseUrl('r500'));
  });

  it('a 429 with Retry-After: 1 waits the second it asks, not the backoff', async () => {
    peer.failResponses('r429', [{ status: 429, retryAfter: '1' }]);
    await ask('r429');
    await peer.response('r429');
    const [limited, ok] = attempts('r429');
    expect(limited!.status).toBe(429);
    expect(ok!.at - limited!.at).toBeGreaterThanOrEqual(1000 - 5);
  });

  it('gives up after 5 posts in all (Slack’s limit per response_url), logging the failure', async () => {
    peer.failResponses('rdown', Array(10).fill({ status: 503 }));
    await ask('rdown');
    await until(() => lines.some((l) => /Slack request failed.*SLACK_RESPONSE_URL_FAILED|the response_url answered 503, 5 times/.test(l)));
    await new Promise((r) => setTimeout(r, 300));
    // The error notice the guard tries next has no post left: still 5 posts in all.
    expect(attempts('rdown')).toHaveLength(RESPONSE_URL_RETRY.posts);
  });

  it('does not retry a 404 (an expired response_url)', async () => {
    peer.failResponses('r404', [{ status: 404 }, { status: 404 }]);
    await ask('r404');
    await until(() => attempts('r404').length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    // The answer, then the error notice: each tried once.
    expect(attempts('r404').map((a) => a.status)).toEqual([404, 404]);
  });
});

async function until(check: () => boolean, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
