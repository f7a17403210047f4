/**
 * Issue 13 on Slack, with the real Bolt app over HTTP against the fake Slack on 127.0.0.1: /related, follow-ups
 * in a thread (the thread's earlier answers read back with conversations.replies from their message metadata),
 * filters read from the text, compare side by side, and names the collection does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/shared/log.js';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import type { Library } from '../../src/index.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { eventEnvelope, postSigned, type SlackPeer, signEvent, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const BOT_TOKEN = 'xoxb-1111-2222-e2etokenquestions';
const SIGNING_SECRET = '8f742231b10e8888abcd990000085a5q';
const KIVI = { id: '2402.02750', title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache' };

let peer: SlackPeer;
let running: RunningSlackApp;
let stopServer: () => Promise<void>;
let events: string;
let library: Library;
const logLines: string[] = [];

/** Every text a reader of the message could see, joined. */
function visibleText(message: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) if (k !== 'value' && k !== 'action_id' && k !== 'block_id') walk(x);
  };
  walk(message.blocks);
  return out.join('\n');
}

let seq = 0;
async function command(cmd: string, text: string): Promise<Record<string, unknown>> {
  const id = `q${++seq}`;
  const res = await postSigned(events, signSlashCommand(SIGNING_SECRET, { command: cmd, text, response_url: peer.responseUrl(id) }));
  expect(res.status).toBe(200);
  return (await peer.response(id)).body;
}

beforeAll(async () => {
  peer = await startSlackPeer({ botToken: BOT_TOKEN });
  library = await seedLibrary();
  const services = testServices({ current: library }, createLogger({ write: (line) => logLines.push(line) }));
  running = await createSlackApp(
    { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: peer.apiUrl, retries: 0, botId: 'BBOT', botUserId: 'UBOT' },
    services,
  );
  const port = await services.server.listen(0, '127.0.0.1');
  stopServer = () => services.server.close();
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await running?.stop();
  await stopServer?.();
  await peer?.close();
});

describe('/related', () => {
  it('lists the papers closest to the one named, itself excluded, each with its sentence, privately', async () => {
    const body = await command('/related', 'KIVI');
    expect(body.response_type).toBe('ephemeral');
    const text = visibleText(body);
    expect(text).toContain(`Papers related to “${KIVI.title}”`);
    expect(text).toMatch(/\*1\.\* <https:\/\/arxiv\.org\/abs\/[\d.]+\|[^>]+>/);
    expect(text).not.toContain(`abs/${KIVI.id}|`);
  });

  it('shows usage when nothing is typed, and the closest titles when nothing matches', async () => {
    expect(visibleText(await command('/related', ''))).toContain('Usage: /related &lt;title, acronym or arXiv id&gt;');
    expect(visibleText(await command('/related', 'zzzz qqqq'))).toContain('No paper matches “zzzz qqqq”');
  });
});
