/**
 * The real discord.js Client, logged into a fake Discord on 127.0.0.1, answering from the real corpus.
 * Each test dispatches INTERACTION_CREATE over the gateway and asserts what reached the fake REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/bot.js';
import { createLogger } from '../../adapters/shared/log.js';
import { PROBLEMS } from '../../adapters/shared/messages.js';
import type { Library } from '../../src/index.js';
import { allPapers, firstPapers, seedLibrary, testServices } from '../adapters/support.js';
import { ALICE, answered, type FakeDiscord, type InteractionPayload, OptionType, startFakeDiscord } from './fakes/discord-peer.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const EPHEMERAL = 64;
const PROBLEMS_CHANGED = 'The collection has changed since this list was posted, so its pages have moved: this is the current list.';
const KIVI = {
  id: '2402.02750',
  url: 'https://arxiv.org/abs/2402.02750',
  title: 'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
};

/** A holder the tests can break (to make a handler throw) or point at another library. */
const holder = {
  library: undefined as unknown as Library,
  failures: 0,
  get current(): Library {
    if (this.failures > 0) {
      this.failures--;
      throw new Error('simulated failure: library unavailable');
    }
    return this.library;
  },
};

let corpus: Library;
let peer: FakeDiscord;
let bot: DiscordBot;
const logs: string[] = [];

async function startBot(): Promise<DiscordBot> {
  const services = testServices(holder, createLogger({ secrets: [TOKEN], write: (line) => logs.push(line) }));
  const b = createDiscordBot({ token: TOKEN, apiUrl: peer.apiUrl }, services);
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

const question = (value: string, extra: { name: string; type: number; value: unknown }[] = []) => [
  { name: 'question', type: OptionType.String, value },
  ...extra,
];

async function ask(value: string, extra: { name: string; type: number; value: unknown }[] = []) {
  const i = peer.dispatchInteraction(peer.slashCommand('ask', question(value, extra)));
  const deferral = await peer.waitForRequest(answered.callback(i), 'deferral');
  const edit = await peer.waitForRequest(answered.edit(i), 'answer edit');
  return { deferral: deferral.body, reply: edit.body };
}

async function callback(payload: InteractionPayload) {
  const i = peer.dispatchInteraction(payload);
  return (await peer.waitForRequest(answered.callback(i), `callback of ${i.id}`)).body;
}

/** Text as a reader sees it: markdown escapes and bold markers removed. */
const unmark = (s: string) =>
  s
    .replace(/\*\*/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/\u200b/g, '');

describe('/ask', () => {
  it('defers, then answers with the KIVI paper: linked title, verbatim excerpt in bold, byline, buttons', async () => {
    const { deferral, reply } = await ask('How does KIVI quantize the key cache?');
    expect(deferral).toEqual({ type: 5, data: { flags: 0 } });

    const embed = reply.embeds[0];
    expect(embed.title).toBe(KIVI.title);
    expect(embed.url).toBe(KIVI.url);
    const quote = (embed.description as string).split('\n').find((l) => l.startsWith('> '))!;
    expect(quote).toMatch(/\*\*[^*]+\*\*/); // matched words in bold
    expect(corpus.get(KIVI.id)!.abstract).toContain(unmark(quote.slice(2)).replace(/^…|…$/g, ''));
    expect(embed.description).toContain('Zirui Liu et al. · 2024 · arXiv 2402.02750');

    // "Also relevant": numbered linked titles, each with its reason (a sentence of its excerpt) in italics.
    const also = embed.fields.find((f: { name: string }) => f.name === 'Also relevant');
    const lines = also.value.split('\n');
    expect(lines.length % 2).toBe(0);
    expect(lines.length / 2).toBeGreaterThanOrEqual(1);
    expect(lines.length / 2).toBeLessThanOrEqual(3);
    lines.forEach((line: string, i: number) => {
      if (i % 2 === 0)
        expect(line).toMatch(new RegExp(`^\\*\\*${i / 2 + 1}\\.\\*\\* \\[.+\\]\\(https://arxiv\\.org/abs/[\\d.]+\\) · \\d{4}$`));
      else expect(line).toMatch(/^\*[^*].+[^*]\*$/);
    });
    expect(also.value).not.toContain(KIVI.url);

    // The paper's row: its links, Cite, Related and Follow up; then Next passage, Whole abstract and the votes.
    expect(reply.components[0].components).toEqual([
      { type: 2, style: 5, label: 'arXiv 2402.02750', url: KIVI.url },
      { type: 2, style: 5, label: 'Code', url: 'https://github.com/jy-yuan/KIVI' },
      { type: 2, style: 2, label: 'Cite', custom_id: `paper:v1:cite:${KIVI.id}` },
      { type: 2, style: 2, label: 'Related', custom_id: `paper:v1:related:${KIVI.id}` },
      { type: 2, style: 1, label: 'Follow up', custom_id: `ask:v1:follow:${KIVI.id}` },
    ]);
    expect(reply.components[1].components).toEqual([
      { type: 2, style: 2, label: 'Next passage', custom_id: expect.stringMatching(new RegExp(`^ask:v1:next:\\d+-\\d+:${KIVI.id}$`)) },
      { type: 2, style: 2, label: 'Whole abstract', custom_id: `paper:v1:abstract:${KIVI.id}` },
      { type: 2, style: 2, label: 'All authors', custom_id: `paper:v1:authors:${KIVI.id}` },
      { type: 2, style: 2, label: '👍', custom_id: expect.stringMatching(/^ask:v1:up:[\w-]{12}:[0-9a-f]{8}$/) },
      { type: 2, style: 2, label: '👎', custom_id: expect.stringMatching(/^ask:v1:down:[\w-]{12}:[0-9a-f]{8}$/) },
    ]);
    // The third row: a menu of the cited papers, best first, to mark one as the wrong paper.
    const [menu] = reply.components[2].components;
    expect(menu).toMatchObject({ type: 3, custom_id: expect.stringMatching(/^ask:v1:wrong:/), min_values: 1, max_values: 1 });
    expect(menu.options[0]).toEqual({ label: KIVI.title, value: KIVI.id, description: '2024 · arXiv 2402.02750' });
    expect(menu.options.length).toBe(1 + lines.length / 2);
    expect(reply.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers privately with private:true (an ephemeral deferral)', async () => {
    const { deferral, reply } = await ask('How does KIVI quantize the key cache?', [
      { name: 'private', type: OptionType.Boolean, value: true },
    ]);
    expect(deferral).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(reply.embeds[0].url).toBe(KIVI.url);
  });

  it('says when no paper covers the question, and lists the closest papers', async () => {
    const q = 'What is the best pizza topping in Naples?';
    const expected = corpus.ask(q, { top: 5 });
    if (!expected.ok) throw new Error('the core rejected the question');
    expect(expected.answer.answered).toBe(false);
    const { reply } = await ask(q);
    const embed = reply.embeds[0];
    expect(embed.title).toBe('No paper in the collection covers that');
    expect(embed.description).toContain(`**Q:** ${q}`);
    for (const r of expected.answer.results.slice(0, 3)) expect(embed.description).toContain(`](${r.citation.url}) · ${r.citation.year}`);
    // 👍/👎 (was abstaining right?), but no "wrong paper" menu: nothing is cited.
    expect(reply.components).toHaveLength(1);
    expect(reply.components[0].components.map((b: { label: string }) => b.label)).toEqual(['👍', '👎']);
  });

  it('lists papers for a "which papers" question', async () => {
    const q = 'Which papers are about quantization?';
    const expected = corpus.ask(q, { top: 5 });
    if (!expected.ok || expected.answer.kind !== 'list') throw new Error('expected a list answer from the core');
    const { reply } = await ask(q);
    const embed = reply.embeds[0];
    expect(embed.title).toBe(`Papers on that (${expected.answer.results.length})`);
    expected.answer.results.forEach((r, i) => {
      expect(embed.description).toContain(`**${i + 1}.** [${r.citation.title}](${r.citation.url})`);
    });
  });

  it('neither pings nor breaks formatting for a question full of mentions and markdown', async () => {
    const q = '@everyone <@!123456789012345678> **bold** ||spoiler|| `code` how does KIVI quantize the key cache?';
    const expected = corpus.ask(q, { top: 5 });
    const { reply } = await ask(q);
    expect(reply.allowed_mentions).toEqual({ parse: [] });
    const embed = reply.embeds[0];
    expect(embed.title).toBe(expected.ok && expected.answer.answered ? KIVI.title : 'No paper in the collection covers that');
    expect(embed.description).toContain(
      '**Q:** @\u200beveryone \\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\`code\\` how does KIVI quantize the key cache?',
    );
    const sent = JSON.stringify(reply);
    expect(sent).not.toContain('@everyone');
    expect(sent).not.toMatch(/(?<!\\\\)<@\d/); // no user mention arrives unescaped
    // It reads as typed, less the mention's markup, which is no word of the question.
    expect(unmark(embed.description.split('\n')[0])).toBe(`Q: ${q.replace('<@!123456789012345678> ', '')}`);
  });

  it('asks the question without the markup of mentions, custom emoji and timestamps in it', async () => {
    const q = 'how does KIVI quantize the key cache?';
    const { reply } = await ask(`<@123456789012345678> <@&222222222222222222> ${q} <:thinking:333333333333333333> <t:1700000000:R>`);
    const { reply: plainReply } = await ask(q);
    expect(reply.embeds[0].title).toBe(KIVI.title);
    expect(reply.embeds[0].description).toBe(plainReply.embeds[0].description);
  });
});

describe('/paper', () => {
  it('autocompletes titles from the corpus as the user types', async () => {
    const body = await callback(peer.autocomplete('paper', [{ name: 'title', type: OptionType.String, value: 'kiv', focused: true }]));
    expect(body.type).toBe(8);
    expect(body.data.choices[0]).toEqual({ name: `${KIVI.title} (2024)`, value: KIVI.id });
  });

  it('offers at most 25 choices, each name within 100 characters', async () => {
    const body = await callback(peer.autocomplete('paper', [{ name: 'title', type: OptionType.String, value: '', focused: true }]));
    const choices = body.data.choices as { name: string; value: string }[];
    expect(choices).toHaveLength(25);
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(corpus.get(c.value)).toBeDefined();
    }
    for (const c of choices) {
      const paper = corpus.get(c.value)!;
      const full = `${paper.title} (${paper.year})`;
      if (full.length <= 100) expect(c.name).toBe(full);
      else
        expect(c.name).toMatch(new RegExp(`^${paper.title.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*… \\(${paper.year}\\)$`));
    }
  });

  it('shows the card of the chosen paper: linked title, authors, year, lead, code link', async () => {
    const body = await callback(peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: KIVI.id }]));
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    const embed = body.data.embeds[0];
    const card = corpus.card(KIVI.id)!;
    expect(embed.title).toBe(KIVI.title);
    expect(embed.url).toBe(KIVI.url);
    expect(unmark(embed.description)).toContain(card.lead.slice(0, 80));
    expect(embed.fields).toEqual(
      expect.arrayContaining([
        { name: 'Authors', value: 'Zirui Liu et al.' },
        { name: 'Year', value: '2024', inline: true },
        { name: 'arXiv', value: KIVI.id, inline: true },
        { name: 'Code', value: '[github.com/jy-yuan/KIVI](https://github.com/jy-yuan/KIVI)', inline: true },
      ]),
    );
    expect(body.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('finds a paper typed by acronym without picking a suggestion', async () => {
    const body = await callback(peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: 'KIVI' }]));
    expect(body.data.embeds[0].url).toBe(KIVI.url);
  });

  it('tells the user privately when nothing matches', async () => {
    const body = await callback(peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: 'qqqq zzzz' }]));
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.content).toBe('No paper matches “qqqq zzzz”. Browse the collection with /papers.');
  });

  it('does not show a paper that matches only some of the words typed, but names the closest', async () => {
    const body = await callback(peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: 'quantization llama' }]));
    expect(body.data.flags).toBe(EPHEMERAL);
    expect(body.data.embeds ?? []).toEqual([]);
    expect(body.data.content).toMatch(/^No paper matches “quantization llama”\. Closest titles:\n• /);
  });

  it('lists other matching papers under a card found by a word of their titles', async () => {
    const body = await callback(peer.slashCommand('paper', [{ name: 'title', type: OptionType.String, value: 'llama' }]));
    const also = body.data.embeds[0].fields.find((f: { name: string }) => f.name === 'Also matching');
    expect(also.value).toMatch(/^• \[.+\]\(https:\/\/arxiv\.org\/abs\/[\d.]+\) · \d{4}/);
  });
});

describe('/papers', () => {
  const titlesOf = (data: { embeds: { description: string }[] }) =>
    [...data.embeds[0]!.description.matchAll(/\*\*\d+\.\*\* \[(.+?)\]\(/g)].map((m) => m[1]);

  it('pages through every paper, 5 per page, with Previous/Next buttons', async () => {
    const first = await callback(peer.slashCommand('papers'));
    expect(first.type).toBe(4);
    const pages = Math.ceil(corpus.size / 5);
    expect(first.data.embeds[0].footer.text).toBe(`Page 1 of ${pages} · ${corpus.size} papers`);
    const seen = [...titlesOf(first.data)];
    expect(seen).toHaveLength(5);

    let message = peer.messageFrom(first.data);
    for (let page = 2; page <= pages; page++) {
      const [previous, next] = (message.components as any[])[0].components;
      expect(previous.disabled).toBe(page === 2);
      const update = await callback(peer.buttonClick(next.custom_id, message));
      expect(update.type).toBe(7);
      expect(update.data.embeds[0].footer.text).toBe(`Page ${page} of ${pages} · ${corpus.size} papers`);
      expect(update.data.content).toBe('');
      seen.push(...titlesOf(update.data));
      message = peer.messageFrom(update.data);
    }
    expect((message.components as any[])[0].components[1].disabled).toBe(true);
    expect(seen).toEqual(allPapers(corpus).map((p) => p.title));

    const back = await callback(peer.buttonClick((message.components as any[])[0].components[0].custom_id, message));
    expect(back.data.embeds[0].footer.text).toBe(`Page ${pages - 1} of ${pages} · ${corpus.size} papers`);
  });

  it('lists only the papers on a topic', async () => {
    const expected = corpus.list('quantization', 0, 5);
    const body = await callback(peer.slashCommand('papers', [{ name: 'topic', type: OptionType.String, value: 'quantization' }]));
    expect(body.data.embeds[0].title).toBe('Papers on “quantization”');
    expect(titlesOf(body.data)).toEqual(expected.items.map((c) => c.title));
    if (expected.total <= 5) expect(body.data.components).toEqual([]);
  });

  it('keeps its buttons working after a restart: the state is in the custom_id', async () => {
    const first = await callback(peer.slashCommand('papers'));
    const message = peer.messageFrom(first.data);
    const next = (message.components as any[])[0].components[1].custom_id as string;

    await bot.stop();
    bot = await startBot();

    const update = await callback(peer.buttonClick(next, message));
    expect(update.type).toBe(7);
    expect(titlesOf(update.data)).toEqual(
      allPapers(corpus)
        .slice(5, 10)
        .map((p) => p.title),
    );
  });

  it('says plainly when a button is stale', async () => {
    for (const customId of ['papers:v0:3', 'vote:yes']) {
      const body = await callback(peer.buttonClick(customId, peer.messageFrom({ content: 'old message' })));
      expect(body.type).toBe(4);
      expect(body.data.flags).toBe(EPHEMERAL);
      expect(body.data.content).toBe(PROBLEMS.staleButton);
    }
  });

  it('says so when the collection changed since the list was posted', async () => {
    const first = await callback(peer.slashCommand('papers'));
    const message = peer.messageFrom(first.data);
    const next = (message.components as any[])[0].components[1].custom_id as string;
    holder.library = await firstPapers(12);
    try {
      const update = await callback(peer.buttonClick(next, message));
      expect(update.data.content).toBe(PROBLEMS_CHANGED);
      expect(update.data.embeds[0].footer.text).toBe('Page 1 of 3 · 12 papers');
    } finally {
      holder.library = corpus;
    }
  });
});

describe('/help', () => {
  it('explains the bot privately, with every command and an example', async () => {
    const body = await callback(peer.slashCommand('help'));
    expect(body.data.flags).toBe(EPHEMERAL);
    const text = body.data.embeds[0].description as string;
    for (const command of ['/ask', '/paper', '/papers', '/help']) expect(text).toContain(command);
    expect(text).toContain('How does KIVI quantize the key cache?');
  });
});

describe('errors', () => {
  it('answers privately when a handler fails after deferring, logs the context without the token, and keeps serving', async () => {
    const payload = peer.slashCommand('ask', question('How does KIVI quantize the key cache?'));
    const remove = peer.intercept((r) =>
      answered.edit(payload)(r) ? { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: {} } } : undefined,
    );
    try {
      peer.dispatchInteraction(payload);
      await peer.waitForRequest(answered.deleteOriginal(payload), 'removal of the public "thinking…" message');
      const apology = await peer.waitForRequest(answered.followUp(payload), 'private error follow-up');
      expect(apology.body.flags).toBe(EPHEMERAL);
      expect(apology.body.content).toBe(PROBLEMS.error);
      expect(apology.body.allowed_mentions).toEqual({ parse: [] });
    } finally {
      remove();
    }
    const line = logs.find((l) => l.includes('interaction failed') && l.includes(payload.id));
    expect(line).toContain('"command":"ask"');
    expect(line).toContain(`"user":"${ALICE.id}"`);
    expect(line).toContain('Invalid Form Body');
    expect(logs.join('\n')).not.toContain(TOKEN);

    const { reply } = await ask('How does KIVI quantize the key cache?');
    expect(reply.embeds[0].url).toBe(KIVI.url);
  });

  it('answers privately when a handler throws before replying, and serves the next interaction', async () => {
    holder.failures = 1;
    const body = await callback(peer.slashCommand('papers'));
    expect(body).toMatchObject({ type: 4, data: { content: PROBLEMS.error, flags: EPHEMERAL } });
    expect(logs.some((l) => l.includes('simulated failure') && l.includes('"command":"papers"'))).toBe(true);

    const again = await callback(peer.slashCommand('papers'));
    expect(again.data.embeds[0].title).toBe('Papers in the collection');
  });

  it('answers a failing autocomplete with no choices', async () => {
    holder.failures = 1;
    const body = await callback(peer.autocomplete('paper', [{ name: 'title', type: OptionType.String, value: 'kiv', focused: true }]));
    expect(body).toEqual({ type: 8, data: { choices: [] } });
  });
});
