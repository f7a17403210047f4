/**
 * The real Bolt app over HTTP on 127.0.0.1, answering from the real corpus, against a fake Slack:
 * signed slash commands, buttons and events in; `response_url` posts and Web API calls out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/shared/log.js';
import { PROBLEMS } from '../../adapters/shared/messages.js';
import { PAPERS_NEXT_ACTION, SHARE_ACTION } from '../../adapters/slack/action-values.js';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import type { Library } from '../../src/index.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import {
  buttonClick,
  eventEnvelope,
  nowSeconds,
  postSigned,
  type SlackPeer,
  signAction,
  signatureHeaders,
  signEvent,
  signSlashCommand,
  startSlackPeer,
} from './fakes/slack-peer.js';
import { visibleText } from './support/slack-text.js';

const BOT_TOKEN = 'xoxb-1111-2222-e2etokenvalue';
const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, '0');
const KIVI_QUESTION = 'How does KIVI quantize the key cache?';
const KIVI_LINK = '<https://arxiv.org/abs/2402.02750|KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache>';

let peer: SlackPeer;
let running: RunningSlackApp;
let stopServer: () => Promise<void>;
let port: number;
let events: string;
let library: Library;
let explodeNext = false;
const logLines: string[] = [];

function buttonValue(message: Record<string, unknown>, actionId: string): string {
  const blocks = message.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[];
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId);
  if (!button?.value) throw new Error(`no ${actionId} button`);
  return button.value;
}

let seq = 0;
/** Send `/command text` and return the response URL id its answer goes to. */
async function command(cmd: string, text: string): Promise<{ status: number; body: string; id: string }> {
  const id = `r${++seq}`;
  const res = await postSigned(events, signSlashCommand(SIGNING_SECRET, { command: cmd, text, response_url: peer.responseUrl(id) }));
  return { ...res, id };
}

beforeAll(async () => {
  peer = await startSlackPeer({ botToken: BOT_TOKEN });
  library = await seedLibrary();
  const holder = {
    get current(): Library {
      if (explodeNext) {
        explodeNext = false;
        throw new Error(`library exploded (token ${BOT_TOKEN}, secret ${SIGNING_SECRET})`);
      }
      return library;
    },
  };
  const services = testServices(holder, createLogger({ write: (line) => logLines.push(line) }));
  running = await createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: peer.apiUrl, retries: 0 }, services);
  port = await services.server.listen(0, '127.0.0.1');
  stopServer = () => services.server.close();
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await running?.stop();
  await stopServer?.();
  await peer?.close();
});

describe('start-up', () => {
  it('checks the token once with auth.test, sending it only as a bearer header', async () => {
    const calls = peer.calls.filter((c) => c.method === 'auth.test');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.authorization).toBe(`Bearer ${BOT_TOKEN}`);
  });

  it('mounts POST /slack/events on the shared server, which answers 404 elsewhere', async () => {
    expect(running.state()).toBe('ok');
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    expect((await fetch(events)).status).toBe(404);
  });

  it("answers Slack's signed url_verification with its challenge", async () => {
    const res = await postSigned(events, signEvent(SIGNING_SECRET, { type: 'url_verification', token: 't', challenge: 'abc123' }));
    expect(res.status).toBe(200);
    expect(res.body).toContain('abc123');
  });
});

describe('/ask', () => {
  it('acks with an empty 200, then posts the cited answer privately to the response URL', async () => {
    const res = await command('/ask', KIVI_QUESTION);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const { body } = await peer.response(res.id);
    expect(body.response_type).toBe('ephemeral');
    const text = visibleText(body);
    expect(text).toContain(KIVI_LINK);
    expect(text).toContain('arXiv 2402.02750');
    expect(JSON.stringify(body.blocks)).toContain('"url":"https://github.com/jy-yuan/KIVI"'); // the Code button
    // The excerpt is a quote of KIVI's abstract, verbatim, with the question's words in bold.
    const excerpt = /^>(.+)$/m.exec(text)?.[1] ?? '';
    expect(library.get('2402.02750')!.abstract).toContain(excerpt.replace(/\*/g, '').replace(/^…|…$/g, ''));
    expect(excerpt).toMatch(/\*(?:KIVI|key cache|quantiz\w*)\*/i);
    expect(text).toContain('Also relevant');
    expect(buttonValue(body, SHARE_ACTION)).toContain(KIVI_QUESTION);
  });

  it.each(['', 'help'])('shows usage for %j', async (text) => {
    const res = await command('/ask', text);
    const { body } = await peer.response(res.id);
    expect(visibleText(body)).toMatch(/\/ask &lt;question&gt;[\s\S]*\/paper[\s\S]*\/papers/);
  });

  it('says so when no paper covers the question', async () => {
    const res = await command('/ask', 'What is the best recipe for sourdough bread?');
    const { body } = await peer.response(res.id);
    expect(visibleText(body)).toContain('No paper in the collection covers that');
    expect(JSON.stringify(body.blocks)).not.toContain(SHARE_ACTION);
  });
});

describe('Share in channel', () => {
  it('posts the same answer visibly through chat.postMessage, attributed to the asker without pinging anyone', async () => {
    const question = `<!channel> ${KIVI_QUESTION} <@U0999> @here`;
    const asked = await command('/ask', question);
    const ephemeral = await peer.response(asked.id);
    const shareId = `${asked.id}-share`;
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    const click = buttonClick({
      actionId: SHARE_ACTION,
      value: buttonValue(ephemeral.body, SHARE_ACTION),
      responseUrl: peer.responseUrl(shareId),
      channel: 'C0042',
      username: 'ada',
    });
    const res = await postSigned(events, signAction(SIGNING_SECRET, click));
    expect(res.status).toBe(200);

    const post = await peer.call('chat.postMessage', before + 1);
    expect(post.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post.args.channel).toBe('C0042');
    expect(post.args.unfurl_links).toBe(false);
    const shared = visibleText(post.args);
    expect(shared).toContain(KIVI_LINK);
    expect(shared).toContain('*ada* asked: “');
    expect(shared).toContain(KIVI_QUESTION);
    expect(shared).not.toMatch(/<[!@#]/);
    expect(shared).not.toMatch(/@(here|channel)\b/);
    expect(JSON.stringify(post.args.blocks)).not.toContain(SHARE_ACTION);
    // The private copy is removed once the answer is in the channel.
    expect((await peer.response(shareId)).body).toEqual({ delete_original: true });
  });

  it('tells the user privately when the bot may not post in the conversation', async () => {
    peer.setResponder('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
    try {
      const asked = await command('/ask', KIVI_QUESTION);
      const ephemeral = await peer.response(asked.id);
      const shareId = `${asked.id}-share`;
      await postSigned(
        events,
        signAction(
          SIGNING_SECRET,
          buttonClick({ actionId: SHARE_ACTION, value: buttonValue(ephemeral.body, SHARE_ACTION), responseUrl: peer.responseUrl(shareId) }),
        ),
      );
      const told = await peer.response(shareId);
      expect(told.body.response_type).toBe('ephemeral');
      expect(visibleText(told.body)).toContain('/invite @citebot');
    } finally {
      peer.setResponder('chat.postMessage', undefined);
    }
  });
});

describe('/paper and /papers', () => {
  it.each(['KIVI', '2402.02750'])('/paper %s shows the paper card', async (query) => {
    const res = await command('/paper', query);
    const { body } = await peer.response(res.id);
    const text = visibleText(body);
    expect(text).toContain(KIVI_LINK);
    expect(text).toContain('Zirui Liu et al. · 2024 · arXiv 2402.02750');
  });

  it('/paper says when nothing matches', async () => {
    const res = await command('/paper', 'zzzz-no-such-paper');
    expect(visibleText((await peer.response(res.id)).body)).toContain('No paper matches “zzzz-no-such-paper”');
  });

  it('/papers pages through the collection with Next, the page state travelling in the button', async () => {
    const res = await command('/papers', '');
    const first = (await peer.response(res.id)).body;
    const pages = Math.ceil(library.size / 5);
    expect(visibleText(first)).toContain(`*Papers in the collection* · Page 1 of ${pages} · ${library.size} papers`);
    const nextId = `${res.id}-next`;
    await postSigned(
      events,
      signAction(
        SIGNING_SECRET,
        buttonClick({ actionId: PAPERS_NEXT_ACTION, value: buttonValue(first, PAPERS_NEXT_ACTION), responseUrl: peer.responseUrl(nextId) }),
      ),
    );
    const second = (await peer.response(nextId)).body;
    expect(second.replace_original).toBe(true);
    expect(visibleText(second)).toContain(`Page 2 of ${pages} · ${library.size} papers`);
    expect(visibleText(second)).toMatch(/^\*6\.\* </m);
    expect(visibleText(second)).toMatch(/^Zirui Liu|^[^\n*]+ · \d{4}$/m); // authors and year under each title
  });

  it('a Next button from before a restart still works on a new app instance, which never calls auth.test', async () => {
    const res = await command('/papers', 'llama');
    const value = buttonValue((await peer.response(res.id)).body, PAPERS_NEXT_ACTION);
    const authTests = peer.calls.filter((c) => c.method === 'auth.test').length;
    const services = testServices({ current: library });
    const restarted = await createSlackApp(
      { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: peer.apiUrl, botId: 'BBOT', botUserId: 'UBOT' },
      services,
    );
    const restartedPort = await services.server.listen(0, '127.0.0.1');
    try {
      const id = `${res.id}-restarted`;
      await postSigned(
        `http://127.0.0.1:${restartedPort}/slack/events`,
        signAction(SIGNING_SECRET, buttonClick({ actionId: PAPERS_NEXT_ACTION, value, responseUrl: peer.responseUrl(id) })),
      );
      expect(visibleText((await peer.response(id)).body)).toMatch(/Papers on “llama”\* · Page 2 of/);
      expect(peer.calls.filter((c) => c.method === 'auth.test')).toHaveLength(authTests);
    } finally {
      await restarted.stop();
      await services.server.close();
    }
  });

  it('/papers <topic> lists the papers on that topic', async () => {
    const res = await command('/papers', 'quantization');
    const text = visibleText((await peer.response(res.id)).body);
    expect(text).toContain('Papers on “quantization”');
    expect(text).toContain(KIVI_LINK);
  });
});

describe('mentions and direct messages', () => {
  it('answers @citebot in a channel in a thread under the question', async () => {
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    const event = {
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> ${KIVI_QUESTION}`,
      ts: '1700000100.000200',
      channel: 'C0001',
      event_ts: '1700000100.000200',
    };
    const res = await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(event, 'Ev0001')));
    expect(res.status).toBe(200);
    const post = await peer.call('chat.postMessage', before + 1);
    expect(post.args.channel).toBe('C0001');
    expect(post.args.thread_ts).toBe('1700000100.000200');
    expect(visibleText(post.args)).toContain(KIVI_LINK);
  });

  it('answers a mention inside a thread in that thread, and a redelivered event only once', async () => {
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    const event = {
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> ${KIVI_QUESTION}`,
      ts: '1700000200.000300',
      thread_ts: '1700000150.000100',
      channel: 'C0001',
      event_ts: '1700000200.000300',
    };
    await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(event, 'Ev0002')));
    const post = await peer.call('chat.postMessage', before + 1);
    expect(post.args.thread_ts).toBe('1700000150.000100');
    // Slack retries a delivery it thinks failed; then a different event, whose answer comes after.
    await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(event, 'Ev0002')));
    const dm = {
      type: 'message',
      channel_type: 'im',
      user: 'U0001',
      text: 'help',
      ts: '1700000300.000100',
      channel: 'D0001',
      event_ts: '1700000300.000100',
    };
    await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(dm, 'Ev0003')));
    const next = await peer.call('chat.postMessage', before + 2);
    expect(next.args.channel).toBe('D0001');
  });

  it('answers a direct message in a thread and ignores messages from bots', async () => {
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    const fromBot = {
      type: 'message',
      channel_type: 'im',
      bot_id: 'BOTHER',
      user: 'U0002',
      text: KIVI_QUESTION,
      ts: '1700000400.000100',
      channel: 'D0002',
      event_ts: '1700000400.000100',
    };
    await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(fromBot, 'Ev0004')));
    const dm = {
      type: 'message',
      channel_type: 'im',
      user: 'U0001',
      text: KIVI_QUESTION,
      ts: '1700000500.000100',
      channel: 'D0001',
      event_ts: '1700000500.000100',
    };
    await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(dm, 'Ev0005')));
    const post = await peer.call('chat.postMessage', before + 1);
    expect(post.args.channel).toBe('D0001');
    expect(post.args.thread_ts).toBe('1700000500.000100');
    expect(visibleText(post.args)).toContain(KIVI_LINK);
  });
});

describe('request verification', () => {
  const unsigned = (id: string) =>
    signSlashCommand(SIGNING_SECRET, { command: '/ask', text: KIVI_QUESTION, response_url: peer.responseUrl(id) });
  const cases: [string, (id: string) => { body: string; headers: Record<string, string> }][] = [
    [
      'a bad signature',
      (id) => {
        const r = unsigned(id);
        return { ...r, headers: { ...r.headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` } };
      },
    ],
    [
      'a signature made with another secret',
      (id) => {
        const r = unsigned(id);
        return { ...r, headers: { ...r.headers, ...signatureHeaders('0'.repeat(32), r.body) } };
      },
    ],
    ['missing signature headers', (id) => ({ ...unsigned(id), headers: { 'content-type': 'application/x-www-form-urlencoded' } })],
    [
      'a timestamp 10 minutes old',
      (id) =>
        signSlashCommand(SIGNING_SECRET, { command: '/ask', text: KIVI_QUESTION, response_url: peer.responseUrl(id) }, nowSeconds() - 600),
    ],
    [
      'a timestamp 10 minutes in the future',
      (id) =>
        signSlashCommand(SIGNING_SECRET, { command: '/ask', text: KIVI_QUESTION, response_url: peer.responseUrl(id) }, nowSeconds() + 600),
    ],
    [
      'a timestamp an hour in the future',
      (id) =>
        signSlashCommand(SIGNING_SECRET, { command: '/ask', text: KIVI_QUESTION, response_url: peer.responseUrl(id) }, nowSeconds() + 3600),
    ],
  ];

  it.each(cases)('refuses %s with 401 and runs no handler', async (_name, make) => {
    const id = `bad-${++seq}`;
    const res = await postSigned(events, make(id));
    expect(res.status).toBe(401);
    // A valid request sent afterwards is answered; the refused one never is.
    const ok = await command('/ask', KIVI_QUESTION);
    await peer.response(ok.id);
    expect(peer.responses.filter((r) => r.id === id)).toEqual([]);
  });
});

describe('failures', () => {
  it('tells the user privately when a handler throws, logs it without secrets, and serves the next request', async () => {
    explodeNext = true;
    const failed = await command('/ask', KIVI_QUESTION);
    expect(failed.status).toBe(200);
    const told = await peer.response(failed.id);
    expect(told.body).toMatchObject({ response_type: 'ephemeral', text: PROBLEMS.error });
    expect(JSON.stringify(told.body)).not.toContain('exploded');

    const errorLine = logLines.find((l) => l.includes('library exploded'));
    expect(errorLine).toMatch(/"level":"error".*"command":"\/ask".*"msg":"Slack request failed"/);
    expect(logLines.join('\n')).not.toContain(BOT_TOKEN);
    expect(logLines.join('\n')).not.toContain(SIGNING_SECRET);

    const next = await command('/ask', KIVI_QUESTION);
    expect(visibleText((await peer.response(next.id)).body)).toContain(KIVI_LINK);
  });
});
