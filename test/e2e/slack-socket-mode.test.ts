/**
 * Socket Mode (SLACK_APP_TOKEN): the real Bolt app opens a WebSocket to the fake Slack, receives a slash
 * command envelope, acknowledges it over the socket and answers at the response URL; it mounts no HTTP route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import type { Library } from '../../src/index.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { type SlackPeer, slashCommandBody, startSlackPeer } from './fakes/slack-peer.js';

const BOT_TOKEN = 'xoxb-5555-6666-sockettestvalue';
const APP_TOKEN = 'xapp-1-A0001-7777-sockettestvalue';

let peer: SlackPeer;
let running: RunningSlackApp;
let library: Library;
let services: ReturnType<typeof testServices>;
let port: number;

beforeAll(async () => {
  peer = await startSlackPeer({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  library = await seedLibrary();
  services = testServices({ current: library });
  running = await createSlackApp({ botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: peer.apiUrl, retries: 0 }, services);
  port = await services.server.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await running?.stop();
  await services?.server.close();
  await peer?.close();
});

describe('Socket Mode', () => {
  it('connects with the app-level token', async () => {
    expect(running.mode).toBe('socket');
    await peer.socketConnected();
    const open = await peer.call('apps.connections.open');
    expect(open.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it('acks a slash command over the socket and answers at its response URL', async () => {
    const payload = Object.fromEntries(
      new URLSearchParams(
        slashCommandBody({ command: '/ask', text: 'How does KIVI quantize the key cache?', response_url: peer.responseUrl('socket-ask') }),
      ),
    );
    peer.socketSend({ envelope_id: 'env-1', type: 'slash_commands', payload, accepts_response_payload: true });
    expect(await peer.socketAck('env-1')).toMatchObject({ envelope_id: 'env-1' });
    const { body } = await peer.response('socket-ask');
    expect(body.response_type).toBe('ephemeral');
    expect(JSON.stringify(body.blocks)).toContain('<https://arxiv.org/abs/2402.02750|KIVI: A Tuning-Free');
  });

  it('mounts no HTTP route: the events endpoint is not served', async () => {
    expect(services.server.routes()).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});
