/**
 * The answer layout (issue 16) as the real Bolt app posts it: signed slash commands and button clicks in, the
 * `response_url` sink and the fake Web API out. The linked title first, the question restated on a slash
 * command, the passage in display text with each matched word bold once, the byline, the paper's buttons,
 * numbered "Also relevant" papers with reasons; Cite, Related, Whole abstract and Next passage answered
 * ephemerally from the state in each button's value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownText } from '../../adapters/shared/layout.js';
import {
  ABSTRACT_ACTION,
  CITE_ACTION,
  NEXT_PASSAGE_ACTION,
  PAPERS_NEXT_ACTION,
  RELATED_ACTION,
} from '../../adapters/slack/action-values.js';
import { createSlackApp, type RunningSlackApp } from '../../adapters/slack/app.js';
import { MAX_BUTTON_VALUE } from '../../adapters/slack/rules.js';
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

const BOT_TOKEN = 'xoxb-3333-4444-layouttokenvalue';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const QUESTION = 'How does KIVI quantize the key cache?';
const KIVI = {
  id: '2402.02750',
  url: 'https://arxiv.org/abs/2402.02750',
  title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
};

let peer: SlackPeer;
let running: RunningSlackApp;
let library: Library;
let events: string;
let close: () => Promise<void>;

beforeAll(async () => {
  peer = await startSlackPeer({ botToken: BOT_TOKEN });
  library = await seedLibrary();
  const services = testServices({ current: library } as { readonly current: Library });
  running = await createSlackApp({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: peer.apiUrl, retries: 0 }, services);
  const port = await services.server.listen(0, '127.0.0.1');
  close = () => services.server.close();
  events = `http://127.0.0.1:${port}/slack/events`;
});

afterAll(async () => {
  await running?.stop();
  await close?.();
  await peer?.close();
});

interface Element {
  type: string;
  action_id?: string;
  value?: string;
  url?: string;
  text?: string | { text: string };
}
interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Element[];
  accessory?: Element;
}

let seq = 0;
async function slash(command: string, text: string): Promise<{ blocks: Block[]; response_type?: string; text: string }> {
  const id = `L${++seq}`;
  await postSigned(events, signSlashCommand(SIGNING_SECRET, { command, text, response_url: peer.responseUrl(id) }));
  return (await peer.response(id)).body as never;
}

async function click(
  message: { blocks: Block[] },
  actionId: string,
): Promise<{ blocks: Block[]; response_type?: string; replace_original?: boolean }> {
  const id = `C${++seq}`;
  const value = buttonOf(message, actionId).value!;
  const res = await postSigned(events, signAction(SIGNING_SECRET, buttonClick({ actionId, value, responseUrl: peer.responseUrl(id) })));
  expect(res.status).toBe(200);
  return (await peer.response(id)).body as never;
}

function buttonOf(message: { blocks: Block[] }, actionId: string): Element {
  const b = message.blocks
    .flatMap((x) => [...(x.elements ?? []), ...(x.accessory ? [x.accessory] : [])])
    .find((e) => e.action_id === actionId);
  if (!b) throw new Error(`no ${actionId} button`);
  return b;
}

const mrkdwn = (b: Block | undefined) =>
  b?.text?.text ?? (b?.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : '')).join(' ');
/** What a reader sees of mrkdwn: bold markers gone, entities decoded. */
const read = (s: string) => s.replace(/\*/g, '').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');

describe('the /ask answer', () => {
  let answer: Awaited<ReturnType<typeof slash>>;
  beforeAll(async () => {
    answer = await slash('/ask', QUESTION);
  });

  it('puts the linked title first and prominent, then the question, the passage, the byline and the buttons', () => {
    expect(answer.response_type).toBe('ephemeral');
    const [title, asked, passage, byline, actions] = answer.blocks;
    expect(title).toMatchObject({ type: 'section', text: { text: `*<${KIVI.url}|${KIVI.title}>*` } });
    expect(asked).toMatchObject({ type: 'context' });
    expect(mrkdwn(asked)).toBe(`*Q:* ${QUESTION}`);
    expect(passage!.type).toBe('section');
    const quote = mrkdwn(passage);
    expect(quote.startsWith('>')).toBe(true);
    expect(shownText(library.get(KIVI.id)!.abstract)).toContain(read(quote.slice(1)).replace(/^…|…$/g, ''));
    const bold = [...quote.matchAll(/\*([^*]+)\*/g)].map((m) => m[1]!.toLowerCase()).flatMap((b) => b.split(' '));
    expect(bold.length).toBeGreaterThan(0);
    expect(new Set(bold).size).toBe(bold.length); // each matched word once
    expect(passage!.accessory?.text).toMatchObject({ text: 'Wrong paper' });
    expect(byline).toMatchObject({ type: 'context' });
    expect(mrkdwn(byline)).toBe('Zirui Liu et al. · 2024 · arXiv 2402.02750');
    expect(actions!.type).toBe('actions');
    expect(actions!.elements!.map((e) => (e.text as { text: string }).text)).toEqual([
      'arXiv 2402.02750',
      'Code',
      'Cite',
      'Related',
      'Next passage',
      'Whole abstract',
      'All authors',
    ]);
    expect(actions!.elements![0]!.url).toBe(KIVI.url);
    expect(actions!.elements![1]!.url).toBe('https://github.com/jy-yuan/KIVI');
    for (const e of actions!.elements!) if (e.value) expect(e.value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
  });

  it('numbers the "Also relevant" papers, each with its reason in a context line, then the votes and Share', () => {
    const start = answer.blocks.findIndex((b) => mrkdwn(b).startsWith('*Also relevant*'));
    expect(start).toBeGreaterThan(4);
    const rest = answer.blocks.slice(start);
    const heads = rest.filter((b) => b.type === 'section');
    expect(heads.length).toBeGreaterThanOrEqual(1);
    for (const [i, b] of heads.entries())
      expect(mrkdwn(b)).toMatch(new RegExp(`\\*${i + 1}\\.\\* <https://arxiv\\.org/abs/[\\d.]+\\|.+> \\(\\d{4}\\)$`));
    const reasons = rest.filter((b) => b.type === 'context');
    expect(reasons).toHaveLength(heads.length);
    for (const r of reasons) expect(read(mrkdwn(r)).length).toBeLessThanOrEqual(160);
    expect(answer.blocks.at(-2)!.type).toBe('context_actions');
    expect(answer.blocks.at(-1)!.block_id).toBe('citebot_share');
  });

  it('Cite: the BibTeX in a code block, ephemeral, the answer left as it is', async () => {
    const body = await click(answer, CITE_ACTION);
    expect(body.response_type).toBe('ephemeral');
    expect(body.replace_original).toBe(false);
    const code = mrkdwn(body.blocks[1]);
    expect(code).toMatch(/^```@misc\{liu2024kivi,\n {2}title = \{\{KIVI: .+\}\},\n/);
    expect(code).toContain('archivePrefix = {arXiv}');
    expect(code.endsWith('}```')).toBe(true);
  });

  it('Related: five numbered papers, not this one, each with its reason', async () => {
    const body = await click(answer, RELATED_ACTION);
    expect(body.response_type).toBe('ephemeral');
    expect(mrkdwn(body.blocks[0]).startsWith(`*Papers related to “${KIVI.title}”*\n*1.* <`)).toBe(true);
    const text = body.blocks.map(mrkdwn).join('\n');
    expect(text).not.toContain(KIVI.url);
    expect(body.blocks.filter((b) => b.type === 'section')).toHaveLength(5);
  });

  it('Whole abstract: the display text of the abstract over sections, then the byline', async () => {
    const body = await click(answer, ABSTRACT_ACTION);
    const text = read(
      body.blocks
        .slice(1, -1)
        .map((b) => mrkdwn(b))
        .join(' '),
    );
    expect(text).toBe(shownText(library.get(KIVI.id)!.abstract));
    expect(text).toContain('2.6× less peak memory');
    expect(mrkdwn(body.blocks.at(-1))).toMatch(/^Zirui Liu et al\. · 2024 · arXiv 2402\.02750 · /);
  });

  it('Next passage: another passage for the question, and a button for the one after carrying both', async () => {
    const first = read(mrkdwn(answer.blocks[2]).slice(1));
    const body = await click(answer, NEXT_PASSAGE_ACTION);
    expect(body.response_type).toBe('ephemeral');
    expect(mrkdwn(body.blocks[1])).toBe(`*Q:* ${QUESTION}`);
    const second = read(mrkdwn(body.blocks[2]).slice(1));
    expect(second).not.toBe(first);
    expect(shownText(library.get(KIVI.id)!.abstract)).toContain(second.replace(/^…|…$/g, ''));
    expect(JSON.parse(buttonOf(body, NEXT_PASSAGE_ACTION).value!).x).toHaveLength(2);
    const third = await click(body, NEXT_PASSAGE_ACTION);
    expect([first, second]).not.toContain(read(mrkdwn(third.blocks[2]).slice(1)));
  });

  it('acknowledges a click on the paper’s link button without replying', async () => {
    const id = `C${++seq}`;
    const res = await postSigned(
      events,
      signAction(SIGNING_SECRET, buttonClick({ actionId: 'citebot_link_paper', value: '', responseUrl: peer.responseUrl(id) })),
    );
    expect(res.status).toBe(200);
  });
});

describe('a mention answer and lists', () => {
  it('does not restate the question in a thread (it is right above)', async () => {
    const before = peer.calls.filter((c) => c.method === 'chat.postMessage').length;
    const envelope = eventEnvelope(
      { type: 'app_mention', user: 'U0001', text: `<@UBOT> ${QUESTION}`, ts: '1700000000.000300', channel: 'C0001' },
      'Ev900',
    );
    await postSigned(events, signEvent(SIGNING_SECRET, envelope));
    const post = await peer.call('chat.postMessage', before + 1);
    const blocks = post.args.blocks as Block[];
    expect(mrkdwn(blocks[0])).toBe(`*<${KIVI.url}|${KIVI.title}>*`);
    expect(blocks.map(mrkdwn).join('\n')).not.toContain('*Q:*');
  });

  it('/papers: five per page with authors and year, as on Discord', async () => {
    const body = await slash('/papers', '');
    const list = mrkdwn(body.blocks.find((b) => mrkdwn(b).startsWith('*1.*')));
    const entries = list.split('\n');
    expect(entries).toHaveLength(10);
    for (let i = 0; i < 10; i += 2) {
      expect(entries[i]).toMatch(new RegExp(`^\\*${i / 2 + 1}\\.\\* <https://`));
      expect(entries[i + 1]).toMatch(/^.+ · \d{4}$/);
    }
    expect(buttonOf(body, PAPERS_NEXT_ACTION)).toBeDefined();
  });
});
