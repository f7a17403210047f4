/**
 * Issue 13 on Discord, with the real discord.js Client against the fake Discord on 127.0.0.1: Follow up (a button
 * that opens a modal; the modal's question is answered in the thread's context, from state carried in the
 * custom_id and the message), /related, the author and year options, compare side by side, and names the
 * collection does not have.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/bot.js';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.js';
import { shownText } from '../../adapters/shared/layout.js';
import { createLogger } from '../../adapters/shared/log.js';
import type { Library } from '../../src/index.js';
import { allPapers, seedLibrary, testServices } from '../adapters/support.js';
import { answered, type FakeDiscord, type InteractionPayload, OptionType, startFakeDiscord } from './fakes/discord-peer.js';
import { withKiviTwin } from './support/kivi-twin.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeB.thisIsNotARealTokenItIsForTests';
const EPHEMERAL = 64;
const A2SF = 'https://arxiv.org/abs/2407.20485';
const KIVI = { id: '2402.02750', title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache' };

let corpus: Library;
/** What the bot answers from: the seed corpus, or a copy with a twin of KIVI (two papers called KIVI). */
const holder = {
  library: undefined as unknown as Library,
  get current(): Library {
    return this.library;
  },
};
let peer: FakeDiscord;
let bot: DiscordBot;

async function startBot(): Promise<DiscordBot> {
  const b = createDiscordBot({ token: TOKEN, apiUrl: peer.apiUrl }, testServices(holder, createLogger({ write: () => {} })));
  await b.ready;
  return b;
}

beforeAll(async () => {
  corpus = await seedLibrary();
  holder.library = corpus;
  peer = await startFakeDiscord({ token: TOKEN });
  bot = await startBot();
});

afterAll(async () => {
  await bot?.stop();
  await peer?.close();
});

type Option = { name: string; type: number; value: unknown; focused?: boolean };

/** A deferred command's deferral and the message that replaced it. */
async function deferred(payload: InteractionPayload) {
  const i = peer.dispatchInteraction(payload);
  const deferral = await peer.waitForRequest(answered.callback(i), 'deferral');
  const edit = await peer.waitForRequest(answered.edit(i), 'answer edit');
  return { deferral: deferral.body, reply: edit.body, message: peer.messageFrom(edit.body) };
}

async function callback(payload: InteractionPayload) {
  const i = peer.dispatchInteraction(payload);
  return (await peer.waitForRequest(answered.callback(i), `callback of ${i.id}`)).body;
}

const ask = (question: string, extra: Option[] = []) =>
  deferred(peer.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: question }, ...extra]));

/** Every button and menu of a message, by label (menus by custom_id). */
function components(message: { components: { components: { label?: string; custom_id?: string; url?: string }[] }[] }) {
  return new Map(message.components.flatMap((row) => row.components).map((c) => [c.label ?? c.custom_id ?? '', c]));
}

const unmark = (s: string) =>
  s
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');

describe('Follow up', () => {
  it('opens a modal whose custom_id carries the paper, and answers its question in the thread, in public like the answer', async () => {
    const first = await ask('How does KIVI quantize the key cache?');
    expect(first.reply.embeds[0].title).toBe(KIVI.title);
    const button = components(first.reply).get('Follow up')!;
    expect(button).toMatchObject({ style: 1, custom_id: `ask:v1:follow:${KIVI.id}` });

    // The click opens a form (callback type 9); nothing is posted in the channel.
    const modal = await callback(peer.buttonClick(button.custom_id!, first.message));
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(`ask:v1:followup:${KIVI.id}`);
    expect(modal.data.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
    expect(modal.data.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.modalTitle);
    const [label] = modal.data.components;
    expect(label).toMatchObject({ type: 18, component: { type: 4, custom_id: 'question', required: true } });
    expect(label.description).toBe('About: How does KIVI quantize the key cache?');
    expect(label.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.labelText);
    expect(label.component.placeholder.length).toBeLessThanOrEqual(DISCORD_LIMITS.textInputPlaceholder);

    // Submitted: a public answer (as the first was), under a line saying what it follows.
    const { deferral, reply } = await deferred(peer.modalSubmit(modal.data.custom_id, { question: 'and the value cache?' }, first.message));
    expect(deferral).toEqual({ type: 5, data: { flags: 0 } });
    const embed = reply.embeds[0];
    expect(embed.author.name).toBe('↪ Following up on: How does KIVI quantize the key cache?');
    expect(unmark(embed.description.split('\n')[0])).toBe('Q: and the value cache?');
    expect(reply.allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps a private answer private', async () => {
    const first = await ask('How does KIVI quantize the key cache?', [{ name: 'private', type: OptionType.Boolean, value: true }]);
    const message = peer.messageFrom({ ...first.reply, flags: EPHEMERAL });
    const modal = await callback(peer.buttonClick(components(first.reply).get('Follow up')!.custom_id!, message));
    const { deferral } = await deferred(peer.modalSubmit(modal.data.custom_id, { question: 'and the value cache?' }, message));
    expect(deferral).toEqual({ type: 5, data: { flags: EPHEMERAL } });
  });

  it('still works after a restart: everything it needs is in the custom_id and the message', async () => {
    const first = await ask('How does KIVI quantize the key cache?');
    const modal = await callback(peer.buttonClick(components(first.reply).get('Follow up')!.custom_id!, first.message));
    await bot.stop();
    bot = await startBot();
    const { reply } = await deferred(peer.modalSubmit(modal.data.custom_id, { question: 'and the value cache?' }, first.message));
    expect(reply.embeds[0].author.name).toContain('How does KIVI quantize the key cache?');
  });

  it('says privately that a modal from a message it cannot read back no longer works', async () => {
    const { deferral, reply } = await deferred(peer.modalSubmit(`ask:v1:followup:${KIVI.id}`, { question: 'and the value cache?' }));
    expect(deferral).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(reply.content).toContain('can no longer be followed up');
  });
});

describe('/related', () => {
  it('lists the papers closest to the one named, itself excluded, each with its sentence, and the paper’s buttons', async () => {
    const body = await callback(peer.slashCommand('related', [{ name: 'title', type: OptionType.String, value: 'KIVI' }]));
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    const embed = body.data.embeds[0];
    expect(embed.title).toBe(`Papers related to “${KIVI.title}”`);
    const lines = (embed.description as string).split('\n');
    expect(lines[0]).toMatch(/^\*\*1\.\*\* \[.+\]\(https:\/\/arxiv\.org\/abs\/[\d.]+\)/);
    expect(embed.description).not.toContain(`abs/${KIVI.id})`);
    expect([...components(body.data).keys()]).toEqual(['arXiv 2402.02750', 'Code', 'Cite', 'Whole abstract']);
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('autocompletes titles like /paper', async () => {
    const body = await callback(peer.autocomplete('related', [{ name: 'title', type: OptionType.String, value: 'kiv', focused: true }]));
    expect(body.type).toBe(8);
    expect(body.data.choices[0]).toEqual({ name: `${KIVI.title} (2024)`, value: KIVI.id });
  });

  it('names the closest titles privately when nothing matches', async () => {
    const body = await callback(peer.slashCommand('related', [{ name: 'title', type: OptionType.String, value: 'zzzz qqqq' }]));
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toContain('No paper matches “zzzz qqqq”');
  });
});

describe('the follow-up’s answer', () => {
  it('is about the thread’s paper: "how much faster is it?" after A2SF is answered from A2SF (alone, it would be SwiftKV)', async () => {
    const alone = await ask('how much faster is it?');
    expect(alone.reply.embeds[0].url).toBe('https://arxiv.org/abs/2410.03960');
    const first = await ask('What is A2SF?');
    expect(first.reply.embeds[0].url).toBe(A2SF);
    const button = components(first.reply).get('Follow up')!;
    expect(button.custom_id).toBe('ask:v1:follow:2407.20485');
    const modal = await callback(peer.buttonClick(button.custom_id!, first.message));
    const { reply, message } = await deferred(
      peer.modalSubmit(modal.data.custom_id, { question: 'how much faster is it?' }, first.message),
    );
    expect(reply.embeds[0].url).toBe(A2SF);
    // And it can be followed up again, from its own message: the thread goes on with the same paper.
    const again = components(reply).get('Follow up')!;
    expect(again.custom_id).toBe('ask:v1:follow2:10:2407.204852407.20485'); // its paper, and the paper of the turn it followed
    const modal2 = await callback(peer.buttonClick(again.custom_id!, message));
    const third = await deferred(peer.modalSubmit(modal2.data.custom_id, { question: 'and the value cache?' }, message));
    expect(third.reply.embeds[0].url).toBe(A2SF);
    expect(third.reply.embeds[0].author.name).toBe('↪ Following up on: how much faster is it?');
  });
});

describe('author and year options', () => {
  it('suggests the collection’s authors as the author option is typed, with their paper counts', async () => {
    const body = await callback(
      peer.autocomplete('ask', [
        { name: 'question', type: OptionType.String, value: 'KV cache' },
        { name: 'author', type: OptionType.String, value: 'zir', focused: true },
      ]),
    );
    expect(body.type).toBe(8);
    expect(body.data.choices[0]).toEqual({ name: 'Zirui Liu (1 paper)', value: 'Zirui Liu' });
    for (const c of body.data.choices) expect(c.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
    const papers = await callback(
      peer.autocomplete('papers', [{ name: 'author', type: OptionType.String, value: 'Zirui', focused: true }]),
    );
    expect(papers.data.choices[0].value).toBe('Zirui Liu');
  });

  it('answers from the author’s papers and says which filters applied', async () => {
    const { reply } = await ask('KV cache quantization', [{ name: 'author', type: OptionType.String, value: 'Zirui Liu' }]);
    expect(reply.embeds[0].title).toBe(KIVI.title);
    expect(reply.embeds[0].description.split('\n')[1]).toBe('*by Zirui Liu*');
  });

  it('lists only the papers of a year, and keeps the filters in the page buttons', async () => {
    const body = await callback(peer.slashCommand('papers', [{ name: 'year', type: OptionType.String, value: '2024' }]));
    const embed = body.data.embeds[0];
    const years = [...(embed.description as string).matchAll(/ · (\d{4})$/gm)].map((m) => m[1]);
    expect(years.length).toBeGreaterThan(0);
    expect(new Set(years)).toEqual(new Set(['2024']));
    // The seed has more than a page of 2024 papers: Next leads to the second page of the same filtered list.
    expect(allPapers(corpus).filter((c) => c.year === 2024).length).toBeGreaterThan(5);
    const next = body.data.components[0].components.find((b: { label: string }) => b.label === 'Next ▶');
    expect(next.custom_id).toMatch(/^papers:v2:1:[0-9a-f]{8}:2024:0:$/);
    const page2 = await callback(peer.buttonClick(next.custom_id, peer.messageFrom(body.data)));
    expect(page2.type).toBe(7);
    const second = [...(page2.data.embeds[0].description as string).matchAll(/ · (\d{4})$/gm)].map((m) => m[1]);
    expect(second.length).toBeGreaterThan(0);
    expect(new Set(second)).toEqual(new Set(['2024']));
    expect(page2.data.embeds[0].footer.text).toMatch(/^Page 2 of /);
  });

  it('says privately what is wrong with a year it cannot read', async () => {
    const body = await callback(peer.slashCommand('papers', [{ name: 'year', type: OptionType.String, value: 'soon' }]));
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toContain('I can’t read “soon” as a year');
    const asked = await ask('KV cache', [{ name: 'year', type: OptionType.String, value: 'soon' }]);
    expect(asked.deferral).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(asked.reply.content).toContain('I can’t read “soon” as a year');
  });
});

describe('compare and names the collection lacks', () => {
  it('shows a comparison side by side: two inline fields, each paper with its sentence', async () => {
    const { reply } = await ask('compare KIVI and SwiftKV');
    const embed = reply.embeds[0];
    expect(embed.title).toBe('KIVI and SwiftKV, side by side');
    expect(embed.fields).toHaveLength(2);
    const [a, b] = embed.fields;
    expect(a).toMatchObject({ name: 'KIVI', inline: true });
    expect(b).toMatchObject({ name: 'SwiftKV', inline: true });
    expect(a.value).toContain('(https://arxiv.org/abs/2402.02750)');
    expect(b.value).toContain('(https://arxiv.org/abs/2410.03960)');
    const quoteOf = (value: string) =>
      unmark(
        value
          .split('\n')
          .find((l) => l.startsWith('> '))!
          .slice(2),
      ).replace(/^…|…$/g, '');
    expect(shownText(corpus.get('2402.02750')!.abstract)).toContain(quoteOf(a.value));
    expect(shownText(corpus.get('2410.03960')!.abstract)).toContain(quoteOf(b.value));
    for (const f of embed.fields) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldValue);
  });

  it('lists every paper a name is shared by, under a heading that says so', async () => {
    holder.library = withKiviTwin(corpus);
    try {
      const { reply } = await ask('what is KIVI?');
      const embed = reply.embeds[0];
      expect(embed.title).toBe('2 papers in this collection are called KIVI; here they all are:');
      expect(embed.description).toContain('(https://arxiv.org/abs/2402.02750)');
      expect(embed.description).toContain('(https://arxiv.org/abs/2501.00001)');
      const menu = reply.components.at(-1).components[0];
      expect(menu.options.map((o: { value: string }) => o.value).sort()).toEqual(['2402.02750', '2501.00001']);
    } finally {
      holder.library = corpus;
    }
  });

  it('says plainly that no paper mentions a name the collection does not have', async () => {
    const { reply } = await ask('what is FastViDAR?');
    expect(reply.embeds[0].title).toBe('No paper in this collection mentions FastViDAR');
    expect(components(reply).has('Follow up')).toBe(false);
  });
});

describe('All authors', () => {
  it('shows the whole author list privately, from a button under an answer whose byline says "et al."', async () => {
    const { reply, message } = await ask('How does KIVI quantize the key cache?');
    expect(reply.embeds[0].description).toContain('Zirui Liu et al. · 2024');
    const button = components(reply).get('All authors')!;
    expect(button.custom_id).toBe(`paper:v1:authors:${KIVI.id}`);
    const body = await callback(peer.buttonClick(button.custom_id!, message));
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.embeds[0].title).toBe(`Authors of “${KIVI.title}”`);
    // The seed record names only the first author: the list says the paper has more.
    expect(unmark(body.data.embeds[0].description)).toBe('Zirui Liu\n\nThe record lists only these authors; the paper has more (et al.).');
  });
});
