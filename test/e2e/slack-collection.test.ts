/**
 * `/add` and `/remove` on Slack (issue 19): the real Bolt app over signed HTTP against the fake Slack, a
 * loopback arXiv API, and a corpus copy the bot watches and reloads, as `npm start` runs it.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/shared/log.js';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import { loadCorpusFile } from '../../src/index.js';
import { testServices } from '../adapters/support.js';
import { type WatchedCorpus, watchedCorpus } from './collection-support.js';
import { type FakeArxiv, startFakeArxiv } from './fakes/arxiv-peer.js';
import { postSigned, type SlackPeer, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const BOT_TOKEN = 'xoxb-1111-2222-e2etokenvalue';
const SIGNING_SECRET = '8f742231b10e88880000000000085a5a';
const EDITOR = 'U0EDITOR1';
const STRANGER = 'U0STRANGE';

let peer: SlackPeer;
let arxiv: FakeArxiv;
let corpus: WatchedCorpus;
let running: RunningSlackApp;
let stopServer: () => Promise<void>;
let events: string;
const logs: string[] = [];

beforeAll(async () => {
  [peer, arxiv, corpus] = await Promise.all([startSlackPeer({ botToken: BOT_TOKEN }), startFakeArxiv(), watchedCorpus()]);
  const services = testServices(corpus.holder, createLogger({ write: (line) => logs.push(line) }));
  running = await createSlackApp(
    {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: peer.apiUrl,
      retries: 0,
      collection: { settings: { file: corpus.file, arxivApiUrl: arxiv.url, sleep: async () => {} }, editors: [EDITOR] },
    },
    services,
  );
  const port = await services.server.listen(0, '127.0.0.1');
  stopServer = () => services.server.close();
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await running?.stop();
  await stopServer?.();
  await corpus?.watcher.stop();
  await Promise.all([peer?.close(), arxiv?.close()]);
});

let seq = 0;
async function command(cmd: string, text: string, user: string) {
  const id = `c${++seq}`;
  const res = await postSigned(
    events,
    signSlashCommand(SIGNING_SECRET, { command: cmd, text, user_id: user, team_id: 'T0001', response_url: peer.responseUrl(id) }),
  );
  expect(res.status).toBe(200);
  const { body } = await peer.response(id);
  return { body, text: String(body.text) };
}

describe('/add and /remove on Slack', () => {
  it('an editor adds papers from an abs link (as Slack sends links) and an id; the reply comes once the bot answers from them', async () => {
    const r = await command('/add', '<https://arxiv.org/abs/1706.03762v7> 1810.04805', EDITOR);
    expect(r.body.response_type).toBe('ephemeral');
    expect(r.text).toContain('Added (2):');
    expect(r.text).toContain('BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding (1810.04805)');
    expect(r.text).toContain('I answer from the new collection now (35 papers)');
    expect(corpus.holder.current.get('1810.04805')).toBeDefined();
    expect((await loadCorpusFile(corpus.file)).map((p) => p.id).slice(-2)).toEqual(['1706.03762', '1810.04805']);
    const change = logs.find((l) => l.includes('collection changed'))!;
    expect(change).toContain(`"platform":"slack","workspace":"T0001","user":"${EDITOR}"`);
  });

  it('adding a paper already there says it is unchanged and writes nothing', async () => {
    const before = readFileSync(corpus.file, 'utf8');
    const r = await command('/add', '1706.03762', EDITOR);
    expect(r.text).toContain('Already in the collection, unchanged (1):');
    expect(r.text).toContain('Nothing changed, so nothing was written.');
    expect(readFileSync(corpus.file, 'utf8')).toBe(before);
  });

  it('refuses someone not in CITEBOT_EDITORS, privately and politely, and changes nothing', async () => {
    const before = readFileSync(corpus.file, 'utf8');
    const asked = arxiv.asked.length;
    const r = await command('/add', '2402.02750', STRANGER);
    expect(r.body.response_type).toBe('ephemeral');
    expect(r.text).toMatch(/^Sorry, only the collection’s editors can add or remove papers\. .*CITEBOT_EDITORS/);
    expect(arxiv.asked.length).toBe(asked);
    expect(readFileSync(corpus.file, 'utf8')).toBe(before);
    expect(logs.some((l) => l.includes('/add refused') && l.includes(STRANGER))).toBe(true);
  });

  it('an editor removes a paper; a bare command shows the usage', async () => {
    const r = await command('/remove', '1706.03762', EDITOR);
    expect(r.text).toContain('Removed (1):');
    expect(corpus.holder.current.get('1706.03762')).toBeUndefined();
    // Escaped for mrkdwn.
    expect((await command('/add', '', EDITOR)).text).toMatch(/^Usage: \/add &lt;arXiv ids or links&gt;/);
  });
});
