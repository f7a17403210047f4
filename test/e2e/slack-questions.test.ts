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
import { KIVI_TWIN_ID, withKiviTwin } from './support/kivi-twin.js';
import { visibleText } from './support/slack-text.js';

const BOT_TOKEN = 'xoxb-1111-2222-e2etokenquestions';
const SIGNING_SECRET = '8f742231b10e8888abcd990000085a5q';
const KIVI = { id: '2402.02750', title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache' };

let peer: SlackPeer;
let running: RunningSlackApp;
let stopServer: () => Promise<void>;
let events: string;
let library: Library;
/** What the app answers from: the seed corpus, or a copy with a twin of KIVI (two papers called KIVI). */
const holder = {
  library: undefined as unknown as Library,
  get current(): Library {
    return this.library;
  },
};
const logLines: string[] = [];

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
  holder.library = library;
  const services = testServices(holder, createLogger({ write: (line) => logLines.push(line) }));
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

/** Post a mention (stored in the fake as Slack would store it) and return the answer the app posted for it. */
async function mention(channel: string, ts: string, text: string, threadTs?: string) {
  const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
  const event = {
    type: 'app_mention',
    user: 'U0001',
    text: `<@UBOT> ${text}`,
    ts,
    channel,
    event_ts: ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  };
  peer.addMessage({ channel, ts, user: 'U0001', text: event.text, ...(threadTs ? { thread_ts: threadTs } : {}) });
  const res = await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(event, `Ev${ts}`)));
  expect(res.status).toBe(200);
  return (await peer.call('chat.postMessage', before + 1)).args;
}

describe('follow-ups in a thread', () => {
  it('(control) answers "how much faster is it?" outside a thread from SwiftKV', async () => {
    const alone = await mention('C0009', '1700000900.000100', 'how much faster is it?');
    expect((alone.blocks as { text: { text: string } }[])[0]!.text.text).toMatch(/^\*<https:\/\/arxiv\.org\/abs\/2410\.03960\|/);
  });

  it('carries each answer’s turn in its metadata, and reads the thread back for a mention in it', async () => {
    const root = '1700001000.000100';
    const first = await mention('C0002', root, 'What is A2SF?');
    expect(first.thread_ts).toBe(root);
    const turn = first.metadata as { event_type: string; event_payload: Record<string, string> };
    expect(turn.event_type).toBe('citebot_turn');
    expect(turn.event_payload.question).toBe('What is A2SF?');
    expect(turn.event_payload.paper_id).toBe('2407.20485');

    const replies = peer.calls.filter((c) => c.method === 'conversations.replies').length;
    const second = await mention('C0002', '1700001010.000100', 'how much faster is it?', root);
    const read = peer.calls.filter((c) => c.method === 'conversations.replies');
    expect(read).toHaveLength(replies + 1);
    expect(read.at(-1)!.args).toMatchObject({ channel: 'C0002', ts: root, include_all_metadata: true });
    expect(second.thread_ts).toBe(root);
    // "it" is the thread's paper: the answer is A2SF's (alone the question finds SwiftKV), and carries the turn on.
    expect((second.blocks as { text: { text: string } }[])[0]!.text.text).toMatch(/^\*<https:\/\/arxiv\.org\/abs\/2407\.20485\|A2SF/);
    expect((second.metadata as { event_payload: Record<string, string> }).event_payload).toEqual({
      question: 'how much faster is it?',
      paper_id: '2407.20485',
    });
  });

  it('follows up in a direct message thread too', async () => {
    const dm = (ts: string, text: string, threadTs?: string) => ({
      type: 'message',
      channel_type: 'im',
      user: 'U0001',
      text,
      ts,
      channel: 'D0002',
      event_ts: ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    const root = '1700004000.000100';
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    peer.addMessage({ channel: 'D0002', ts: root, user: 'U0001', text: 'What is A2SF?' });
    await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(dm(root, 'What is A2SF?'), 'EvDm1')));
    expect((await peer.call('chat.postMessage', before + 1)).args.thread_ts).toBe(root);
    const reply = dm('1700004010.000100', 'how much faster is it?', root);
    peer.addMessage({ channel: 'D0002', ts: reply.ts, user: 'U0001', text: reply.text, thread_ts: root });
    await postSigned(events, signEvent(SIGNING_SECRET, eventEnvelope(reply, 'EvDm2')));
    const answer = (await peer.call('chat.postMessage', before + 2)).args;
    expect(answer.thread_ts).toBe(root);
    expect((answer.metadata as { event_payload: Record<string, string> }).event_payload.paper_id).toBe('2407.20485');
    expect((answer.blocks as { text: { text: string } }[])[0]!.text.text).toMatch(/^\*<https:\/\/arxiv\.org\/abs\/2407\.20485\|A2SF/);
  });

  it('follows up on an answer shared in the channel: a mention in its thread continues from it', async () => {
    const answer = await command('/ask', 'What is A2SF?');
    const blocks = answer.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[];
    const share = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'citebot_share')!;
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    const id = `share${++seq}`;
    const click = buttonClick({ actionId: 'citebot_share', value: share.value!, responseUrl: peer.responseUrl(id), channel: 'C0004' });
    await postSigned(events, signAction(SIGNING_SECRET, click));
    const shared = (await peer.call('chat.postMessage', before + 1)).args;
    expect(shared.metadata).toEqual({ event_type: 'citebot_turn', event_payload: { question: 'What is A2SF?', paper_id: '2407.20485' } });
    const parent = peer.messages.filter((m) => m.channel === 'C0004').at(-1)!;
    const followUp = await mention('C0004', '1700005010.000100', 'how much faster is it?', parent.ts);
    expect(followUp.thread_ts).toBe(parent.ts);
    expect((followUp.blocks as { text: { text: string } }[])[0]!.text.text).toMatch(/^\*<https:\/\/arxiv\.org\/abs\/2407\.20485\|A2SF/);
  });

  it('reads no thread for a mention that starts one', async () => {
    const replies = peer.calls.filter((c) => c.method === 'conversations.replies').length;
    await mention('C0002', '1700002000.000100', 'What is KIVI?');
    expect(peer.calls.filter((c) => c.method === 'conversations.replies')).toHaveLength(replies);
  });

  it('answers on its own, and logs why, when Slack will not show the thread (an install without the history scopes)', async () => {
    const root = '1700003000.000100';
    await mention('C0003', root, 'What is KIVI?');
    peer.setResponder('conversations.replies', () => ({ ok: false, error: 'missing_scope', needed: 'channels:history' }));
    try {
      const answer = await mention('C0003', '1700003010.000100', 'How does KIVI quantize the key cache?', root);
      expect(visibleText(answer)).toContain(`|${KIVI.title}>`);
      expect(logLines.some((l) => l.includes('could not read the thread') && l.includes('missing_scope'))).toBe(true);
    } finally {
      peer.setResponder('conversations.replies', undefined);
    }
  });
});

describe('filters, comparisons and absent names, read from the text', () => {
  it('answers "papers by <author>" with the author’s papers and the filter it applied', async () => {
    const text = visibleText(await command('/ask', 'papers by Zirui Liu'));
    expect(text).toContain('Papers by Zirui Liu (1), newest first');
    expect(text).toContain('by Zirui Liu');
    expect(text).toContain(`|${KIVI.title}>`);
  });

  it('lists /papers by an author and a year given in the text, and says which filters applied', async () => {
    const byAuthor = visibleText(await command('/papers', 'author:"Zirui Liu"'));
    expect(byAuthor).toContain(`|${KIVI.title}>`);
    expect(byAuthor).toContain('by Zirui Liu');
    // "since 2024" is 2024 on: fewer papers than the topic alone, whose list holds a 2023 one too.
    const total = (text: string) => Number(/ · (\d+) papers?/.exec(text)![1]);
    const all = visibleText(await command('/papers', 'pruning'));
    expect(all).toMatch(/ · 2023$/m);
    const body = await command('/papers', 'pruning since 2024');
    expect(total(visibleText(body))).toBeLessThan(total(all));
    expect(visibleText(body)).toContain('since 2024');
    const years = [...visibleText(body).matchAll(/ · (\d{4})$/gm)].map((m) => Number(m[1]));
    expect(years.length).toBeGreaterThan(0);
    for (const y of years) expect(y).toBeGreaterThanOrEqual(2024);
    // And in the power-user syntax.
    const before = visibleText(await command('/papers', 'LLaMA year:..2023'));
    const old = [...before.matchAll(/ · (\d{4})$/gm)].map((m) => Number(m[1]));
    expect(old.length).toBeGreaterThan(0);
    for (const y of old) expect(y).toBeLessThanOrEqual(2023);
  });

  it('shows a comparison side by side: one section with two fields, each paper with its sentence', async () => {
    const body = await command('/ask', 'compare KIVI and SwiftKV');
    const blocks = body.blocks as { type: string; text?: { text: string }; fields?: { type: string; text: string }[] }[];
    expect(blocks[0]!.text!.text).toBe('*KIVI and SwiftKV, side by side*');
    const columns = blocks.find((b) => b.type === 'section' && b.fields);
    expect(columns!.fields).toHaveLength(2);
    const [a, b] = columns!.fields!;
    expect(a!.text).toMatch(/^\*KIVI\*\n<https:\/\/arxiv\.org\/abs\/2402\.02750\|/);
    expect(b!.text).toMatch(/^\*SwiftKV\*\n<https:\/\/arxiv\.org\/abs\/2410\.03960\|/);
    for (const f of columns!.fields!) {
      expect(f.type).toBe('mrkdwn');
      expect(f.text.length).toBeLessThanOrEqual(2000);
      expect(f.text).toMatch(/^>.+$/m);
    }
  });

  it('lists every paper a name is shared by, under a heading that says so', async () => {
    holder.library = withKiviTwin(library);
    try {
      const text = visibleText(await command('/ask', 'what is KIVI?'));
      expect(text).toContain('*2 papers in this collection are called KIVI; here they all are:*');
      expect(text).toContain(`<https://arxiv.org/abs/${KIVI.id}|`);
      expect(text).toContain(`<https://arxiv.org/abs/${KIVI_TWIN_ID}|`);
    } finally {
      holder.library = library;
    }
  });

  it('says plainly that no paper mentions a name the collection does not have', async () => {
    expect(visibleText(await command('/ask', 'what is FastViDAR?'))).toContain('*No paper in this collection mentions FastViDAR.*');
  });
});

describe('All authors', () => {
  it('answers the button under an answer whose byline says "et al." with the whole author list, privately', async () => {
    const answer = await command('/ask', 'How does KIVI quantize the key cache?');
    const blocks = answer.blocks as { type: string; elements?: { action_id?: string; value?: string }[] }[];
    const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'citebot_authors');
    expect(button?.value).toBe(JSON.stringify({ v: 1, p: KIVI.id }));
    const id = `authors${++seq}`;
    const click = buttonClick({ actionId: 'citebot_authors', value: button!.value!, responseUrl: peer.responseUrl(id) });
    expect((await postSigned(events, signAction(SIGNING_SECRET, click))).status).toBe(200);
    const { body } = await peer.response(id);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    const text = visibleText(body);
    expect(text).toContain(`*Authors of “${KIVI.title}”*`);
    expect(text).toContain(library.get(KIVI.id)!.authors.join(', '));
  });
});
