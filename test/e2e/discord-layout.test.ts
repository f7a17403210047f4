/**
 * The answer layout (issue 16) as the real discord.js Client sends it to a fake Discord: the linked title first,
 * the question restated, the passage in display text with the first occurrence of each matched word in bold, the
 * byline, numbered "Also relevant" papers with reasons, and the buttons under the paper: Cite, Related, Next
 * passage and Whole abstract, each answered privately, and still working after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/bot.js';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.js';
import { shownText } from '../../adapters/shared/layout.js';
import type { Library } from '../../src/index.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { answered, type FakeDiscord, type InteractionPayload, OptionType, startFakeDiscord } from './fakes/discord-peer.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeB.thisIsNotARealTokenItIsForTests';
const EPHEMERAL = 64;
const KIVI = {
  id: '2402.02750',
  title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
  url: 'https://arxiv.org/abs/2402.02750',
};
const QUESTION = 'How does KIVI quantize the key cache?';

let corpus: Library;
let peer: FakeDiscord;
let bot: DiscordBot;

async function startBot(): Promise<DiscordBot> {
  const b = createDiscordBot({ token: TOKEN, apiUrl: peer.apiUrl }, testServices({ current: corpus } as { readonly current: Library }));
  await b.ready;
  return b;
}

beforeAll(async () => {
  corpus = await seedLibrary();
  peer = await startFakeDiscord({ token: TOKEN });
  bot = await startBot();
});

afterAll(async () => {
  await bot?.stop();
  await peer?.close();
});

async function ask(question: string) {
  const i = peer.dispatchInteraction(peer.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: question }]));
  await peer.waitForRequest(answered.callback(i), 'deferral');
  return (await peer.waitForRequest(answered.edit(i), 'answer edit')).body;
}

async function callback(payload: InteractionPayload) {
  const i = peer.dispatchInteraction(payload);
  return (await peer.waitForRequest(answered.callback(i), `callback of ${i.id}`)).body;
}

/** Every button of a message, by label. */
function buttons(message: { components: { components: { label?: string; custom_id?: string; url?: string }[] }[] }) {
  return new Map(message.components.flatMap((r) => r.components).map((b) => [b.label ?? b.custom_id ?? '', b]));
}

/** Text as a reader sees it: escapes and bold markers removed. */
const unmark = (s: string) =>
  s
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');

const quoteOf = (description: string) =>
  description
    .split('\n')
    .filter((l) => l.startsWith('> '))
    .map((l) => l.slice(2))
    .join('\n');

describe('the /ask answer', () => {
  it('shows the linked title first, the question, the passage with each matched word bold once, the byline and numbered reasons', async () => {
    const reply = await ask(QUESTION);
    const [embed] = reply.embeds;
    expect(embed.title).toBe(KIVI.title);
    expect(embed.url).toBe(KIVI.url);
    const lines = (embed.description as string).split('\n');
    expect(lines[0]).toBe(`**Q:** ${QUESTION}`);
    const quote = quoteOf(embed.description);
    expect(shownText(corpus.get(KIVI.id)!.abstract)).toContain(unmark(quote).replace(/^…|…$/g, ''));
    // Lightly: the first occurrence of each matched word, not every repeat ("cache" appears three times).
    const bold = [...quote.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!.toLowerCase());
    expect(bold.length).toBeGreaterThan(0);
    expect(new Set(bold.flatMap((b) => b.split(' '))).size).toBe(bold.flatMap((b) => b.split(' ')).length);
    expect(unmark(quote).match(/cache/g)!.length).toBeGreaterThan(bold.filter((b) => b.includes('cache')).length);
    expect(lines).toContain('Zirui Liu et al. · 2024 · arXiv 2402.02750');

    const also = embed.fields.find((f: { name: string }) => f.name === 'Also relevant').value.split('\n') as string[];
    for (let i = 0; i < also.length; i += 2) {
      const [, n, title] = /^\*\*(\d)\.\*\* \[(.+)\]\(https:\/\/arxiv\.org\/abs\/([\d.]+)\) · \d{4}$/.exec(also[i]!) ?? [];
      expect(Number(n)).toBe(i / 2 + 1);
      const paper = corpus.lookup(unmark(title!), 1)[0]!;
      // The reason: a sentence of that paper's abstract (display text), shortened to one line.
      const reason = unmark(also[i + 1]!.replace(/^\*|\*$/g, ''));
      expect(reason.length).toBeLessThanOrEqual(160);
      expect(shownText(corpus.get(paper.id)!.abstract)).toContain(reason.replace(/^…|…$/g, ''));
    }

    const all = buttons(reply);
    expect([...all.keys()]).toEqual([
      'arXiv 2402.02750',
      'Code',
      'Cite',
      'Related',
      'Follow up',
      'Next passage',
      'Whole abstract',
      'All authors',
      '👍',
      '👎',
      expect.stringMatching(/^ask:v1:wrong:/),
    ]);
    for (const b of all.values()) if (b.custom_id) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
  });

  it('shows LaTeX and the seed’s glued "times" as symbols, the quoted words unchanged', async () => {
    const reply = await ask('how much less peak memory does KIVI use?');
    const quote = unmark(quoteOf(reply.embeds[0].description));
    expect(quote).toContain('2.6× less peak memory');
    expect(quote).not.toMatch(/\dtimes/);
    const speedup = await ask('What speedup did Llama-2-70B achieve when layers were dropped?');
    const text = unmark(quoteOf(speedup.embeds[0].description));
    expect(text).toContain('48.4% speedup with only a 2.4% performance drop');
    expect(text).not.toContain('\\%');
  });
});

describe('the buttons under the paper, answered privately', () => {
  let answer: Record<string, unknown>;
  let all: ReturnType<typeof buttons>;
  beforeAll(async () => {
    const reply = await ask(QUESTION);
    answer = peer.messageFrom(reply);
    all = buttons(reply);
  });

  const click = (label: string, message = answer, from = all) => callback(peer.buttonClick(from.get(label)!.custom_id!, message));

  it('Cite: the BibTeX entry in a code block', async () => {
    const body = await click('Cite');
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(EPHEMERAL);
    const description = body.data.embeds[0].description as string;
    expect(description).toMatch(/^```bibtex\n@misc\{liu2024kivi,\n/);
    expect(description).toContain('  title = {{KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache}}');
    expect(description).toContain('  author = {Zirui Liu and others}');
    expect(description).toContain('  eprint = {2402.02750}');
    expect(description).toMatch(/\n}\n```$/);
  });

  it('Related: numbered papers close to this one, itself excluded, each with its reason', async () => {
    const body = await click('Related');
    expect(body.data.flags).toBe(EPHEMERAL);
    const [embed] = body.data.embeds;
    expect(embed.title).toBe(`Papers related to “${KIVI.title}”`);
    const heads = [...(embed.description as string).matchAll(/^\*\*(\d)\.\*\* \[.+\]\((.+)\)/gm)];
    expect(heads.map((m) => Number(m[1]))).toEqual([1, 2, 3, 4, 5]);
    expect(heads.map((m) => m[2])).not.toContain(KIVI.url);
    expect((embed.description as string).split('\n').filter((l) => /^\*[^*]/.test(l))).toHaveLength(5);
  });

  it('Whole abstract: the abstract in display text, with the byline', async () => {
    const body = await click('Whole abstract');
    expect(body.data.flags).toBe(EPHEMERAL);
    const description = unmark(body.data.embeds[0].description);
    expect(description.startsWith(shownText(corpus.get(KIVI.id)!.abstract).slice(0, 200))).toBe(true);
    expect(description).toContain('2.6× less peak memory');
    expect(description).toMatch(/Zirui Liu et al\. · 2024 · arXiv 2402\.02750$/);
  });

  it('Next passage: another passage of the abstract for the question, then the one after, also after a restart', async () => {
    const first = unmark(quoteOf((answer.embeds as { description: string }[])[0]!.description));
    const body = await click('Next passage');
    expect(body.data.flags).toBe(EPHEMERAL);
    const [embed] = body.data.embeds;
    expect(embed.title).toBe(KIVI.title);
    expect(embed.description.split('\n')[0]).toBe(`**Q:** ${QUESTION}`);
    const second = unmark(quoteOf(embed.description));
    expect(second).not.toBe(first);
    expect(shownText(corpus.get(KIVI.id)!.abstract)).toContain(second.replace(/^…|…$/g, ''));
    const more = buttons(body.data);
    expect(more.get('Next passage')!.custom_id).toMatch(/^ask:v1:next:\d+-\d+,\d+-\d+:2402\.02750$/);
    expect(more.get('Whole abstract')!.custom_id).toBe('paper:v1:abstract:2402.02750');

    await bot.stop();
    bot = await startBot();
    const third = await click('Next passage', peer.messageFrom(body.data), more);
    const passage = unmark(quoteOf(third.data.embeds[0].description));
    expect([first, second]).not.toContain(passage);
  });

  it('a button of an unknown paper says so privately', async () => {
    const body = await callback(peer.buttonClick('paper:v1:cite:9999.99999', answer));
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toBe('That paper is no longer in the collection. Run the command again.');
  });
});

describe('/paper card', () => {
  it('has the paper and code links, Cite, Related and Whole abstract in one row', async () => {
    const body = await callback(peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: 'KIVI' }]));
    expect(body.data.components).toHaveLength(1);
    expect([...buttons(body.data).keys()]).toEqual(['arXiv 2402.02750', 'Code', 'Cite', 'Related', 'Whole abstract']);
  });
});
