/**
 * Issue 18, failure 8 (Slack): a signed `block_actions` without `user` got 500; unknown slash commands and actions
 * were never acked (Bolt answered 404 after 3 s, and Slack shows the user an error). The real Bolt app over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import { UNKNOWN_SLACK_COMMAND } from '../../adapters/shared/messages.js';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { buttonClick, postSigned, type SlackPeer, signAction, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const BOT_TOKEN = 'xoxb-1111-2222-strayrequestvalue';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

let peer: SlackPeer;
let app: RunningSlackApp;
let services: ReturnType<typeof testServices>;
let events: string;
const lines: string[] = [];

beforeAll(async () => {
  peer = await startSlackPeer({ botToken: BOT_TOKEN });
  services = testServices(new LibraryHolder(await seedLibrary()), createLogger({ write: (l) => lines.push(l) }));
  app = await createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: peer.apiUrl, retries: 0 }, services);
  events = `http://127.0.0.1:${await services.server.listen(0, '127.0.0.1')}/slack/events`;
});

afterAll(async () => {
  await app?.stop();
  await services?.server.close();
  await peer?.close();
});

/** POST and time it. */
async function timed(req: ReturnType<typeof signAction>) {
  const t0 = performance.now();
  const res = await postSigned(events, req);
  return { ...res, ms: performance.now() - t0 };
}

describe('issue 18, failure 8: stray Slack requests', () => {
  it('a signed block_actions without user is acked with 200 and logged, and the app keeps serving', async () => {
    const click = buttonClick({ actionId: 'citebot_feedback', value: 'x', responseUrl: peer.responseUrl('nouser') });
    delete click.user;
    const res = await timed(signAction(SIGNING_SECRET, click));
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(2000);
    expect(lines.join('\n')).toMatch(/"level":"warn".*"msg":"ignored a Slack block_actions without a user"/);
    const ask = signSlashCommand(SIGNING_SECRET, { command: '/ask', text: 'What is KIVI?', response_url: peer.responseUrl('after') });
    expect((await postSigned(events, ask)).status).toBe(200);
    expect(JSON.stringify((await peer.response('after')).body)).toContain('KIVI');
  });

  it('an unknown slash command is acked at once with a private "unknown command" reply', async () => {
    const res = await timed(signSlashCommand(SIGNING_SECRET, { command: '/summarise', text: 'x', response_url: peer.responseUrl('unk') }));
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(2000);
    const ack = JSON.parse(res.body) as { response_type: string; text: string };
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toContain('I don’t know /summarise.'); // the text, escaped for Slack
    expect(UNKNOWN_SLACK_COMMAND('/summarise')).toMatch(/^I don’t know \/summarise\. Try \/ask/);
    expect(lines.join('\n')).toMatch(/"command":"\/summarise".*"msg":"unknown slash command"/);
  });

  it('a click on an unknown action is acked silently and logged', async () => {
    const before = peer.responseAttempts.length;
    const click = buttonClick({ actionId: 'someone_elses_button', value: 'x', responseUrl: peer.responseUrl('stray') });
    const res = await timed(signAction(SIGNING_SECRET, click));
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(res.ms).toBeLessThan(2000);
    expect(lines.join('\n')).toMatch(/"action":"someone_elses_button".*"msg":"ignored a click on an unknown action"/);
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.responseAttempts.length).toBe(before);
  });

  it('known commands and actions are still answered once (the catch-alls do not answer them)', async () => {
    const res = await postSigned(
      events,
      signSlashCommand(SIGNING_SECRET, { command: '/ask', text: 'What is KIVI?', response_url: peer.responseUrl('known') }),
    );
    expect(res.body).toBe('');
    await peer.response('known');
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.responses.filter((r) => r.id === 'known')).toHaveLength(1);
    expect(lines.join('\n')).not.toMatch(/"command":"\/ask".*"msg":"unknown slash command"/);
  });
});
