/**
 * Platform limits kept by every part of the answer layout (issue 16), for papers at the corpus's own limits
 * (a 1,000-character title, a 20,000-character abstract, 5,000 authors, a 300-character id) full of markup that
 * escaping lengthens: Discord 2,000 content / 4,096 description / 25 fields / 5 rows of 5 buttons / custom_id 100;
 * Slack 3,000 per section, 50 blocks, 2,000 per button value. Text is cut before it is escaped, so it ends cleanly.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerActions, answerControls, nextPassageId, parseNextPassageId } from '../../adapters/discord/commands/ask.js';
import { paperActionId, paperActions } from '../../adapters/discord/commands/paper.js';
import { DISCORD_LIMITS } from '../../adapters/discord/limits.js';
import {
  type DiscordMessage,
  renderAbstract as discordAbstract,
  byline as discordByline,
  renderCard as discordCard,
  renderCite as discordCite,
  renderNextPassage as discordNext,
  renderRelated as discordRelated,
  embedLength,
  renderAsk,
} from '../../adapters/discord/render.js';
import { answerView, askLibrary } from '../../adapters/shared/commands.js';
import { defaultTermStats } from '../../adapters/shared/corpus.js';
import { citedIdsOf } from '../../adapters/shared/feedback.js';
import { abstractOf, bibtex, nextPassage, relatedPapers } from '../../adapters/shared/layout.js';
import { decodeNextPassage, encodeNextPassage, encodePaperAction } from '../../adapters/slack/action-values.js';
import {
  type SlackMessage,
  renderAbstract as slackAbstract,
  renderAnswer as slackAnswer,
  renderCard as slackCard,
  renderCite as slackCite,
  renderNextPassage as slackNext,
  renderRelated as slackRelated,
} from '../../adapters/slack/render.js';
import { MAX_BLOCKS, MAX_BUTTON_VALUE, MAX_SECTION_TEXT } from '../../adapters/slack/rules.js';
import { createLibrary, type Library, type Paper, type PaperCard } from '../../src/index.js';

const noisy = (n: number, seed: string) => {
  const parts = [
    seed,
    ' &amp; <b>',
    ' 1.3$\\times$ ',
    ' *bold* _it_ ',
    ' `code` ',
    ' @everyone ',
    ' a\\%b ',
    ' 😀 ',
    ' quantization cache ',
  ];
  let out = '';
  for (let i = 0; out.length < n; i++) out += parts[i % parts.length];
  return out.slice(0, n).trim();
};

const PAPERS: Paper[] = [
  {
    id: '2402.02750',
    title: noisy(1000, 'KIVI quantization cache'),
    abstract: noisy(20_000, 'KIVI quantizes the key cache per channel.'),
    authors: Array.from({ length: 5000 }, (_, i) => `Author ${i} & <Co>`),
    etAl: true,
    year: 2024,
    url: 'https://arxiv.org/abs/2402.02750',
    codeUrl: 'https://github.com/jy-yuan/KIVI',
    source: 'test',
  },
  {
    id: `long-${'x'.repeat(300)}`,
    title: noisy(400, 'Quantization of the value cache'),
    abstract: `${'We quantize the value cache. '.repeat(40)}${noisy(3000, 'cache quantization')}`,
    authors: [],
    year: 2023,
    url: null,
    codeUrl: null,
    source: 'test',
  },
  ...Array.from({ length: 8 }, (_, i) => ({
    id: `2401.0000${i}`,
    title: `Cache quantization study ${i}: ${'*_'.repeat(60)}`,
    abstract: `Study ${i} of key cache quantization. ${noisy(2500, 'cache quantization')}`,
    authors: ['A B'],
    year: 2020 + i,
    url: `https://arxiv.org/abs/2401.0000${i}`,
    codeUrl: null,
    source: 'test',
  })),
];

let library: Library;
beforeAll(async () => {
  library = createLibrary(PAPERS, { termStats: await defaultTermStats() });
});

function expectDiscord(msg: DiscordMessage): void {
  expect((msg.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  for (const e of msg.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFields);
    for (const f of e.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldValue);
    expect(embedLength(e)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  }
  expect(msg.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.actionRows);
  for (const row of msg.components) {
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    for (const c of row.components) {
      if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
      if ('label' in c && c.label) expect(c.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
    }
  }
}

interface AnyBlock {
  type: string;
  text?: { text: string };
  elements?: { type: string; text?: unknown; value?: string }[];
  accessory?: { value?: string };
}

function expectSlack(m: SlackMessage): void {
  expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  for (const b of m.blocks as AnyBlock[]) {
    if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    if (b.accessory?.value) expect(b.accessory.value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
    if (b.type === 'actions') expect(b.elements!.length).toBeLessThanOrEqual(25);
    for (const e of b.elements ?? []) {
      if (typeof e.text === 'string') expect(e.text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
      if (e.value) expect(e.value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
    }
  }
}

describe('every reply of the layout, for papers at the corpus limits', () => {
  it('answers within the limits on both platforms, with the paper buttons that fit', () => {
    const kinds = new Set<string>();
    for (const q of [
      'KIVI quantizes the key cache per channel',
      'which papers study cache quantization?',
      'We quantize the value cache',
      'pizza',
    ]) {
      const view = answerView(askLibrary(library, q));
      expect(view.kind).not.toBe('problem');
      const ref =
        view.kind === 'problem'
          ? undefined
          : { answerId: 'a1', fingerprint: library.fingerprint(), question: q, citedIds: citedIdsOf(view) };
      expectDiscord(renderAsk(view, ref && answerControls(ref), answerActions(view)));
      expectSlack(slackAnswer(view, { shareable: true, showQuestion: true, feedback: ref }));
      kinds.add(view.kind);
    }
    expect([...kinds].sort()).toEqual(['list', 'none', 'single']);
  });

  it('Cite, Related, Whole abstract, Next passage and the card stay within the limits for each paper', () => {
    for (const p of PAPERS) {
      const card = library.card(p.id)!;
      expectDiscord(discordCard(card, library.lookup('cache', 3), paperActions(p.id)));
      expectSlack(slackCard(card, library.lookup('cache', 3), { shareable: true }));
      expectDiscord(discordCite(card.citation, bibtex(p)));
      expectSlack(slackCite(card.citation, bibtex(p)));
      const related = relatedPapers(library, p.id)!;
      expect(related.related.map((r) => r.citation.id)).not.toContain(p.id);
      expectDiscord(discordRelated(related));
      expectSlack(slackRelated(related));
      expectDiscord(discordAbstract(abstractOf(library, p.id)!));
      expectSlack(slackAbstract(abstractOf(library, p.id)!));
      let shown = [{ start: 0, end: 10 }];
      for (let i = 0; i < 3; i++) {
        const next = nextPassage(library, 'key cache quantization', p.id, shown);
        expectDiscord(
          discordNext(next, {
            next: next.kind === 'passage' ? nextPassageId(p.id, next.shown) : undefined,
            abstract: paperActionId('abstract', p.id),
          }),
        );
        expectSlack(slackNext(next));
        if (next.kind !== 'passage') break;
        shown = next.shown;
      }
    }
  });

  it('cuts an over-long abstract cleanly: whole words, "…" at the cut, the byline kept', () => {
    const view = abstractOf(library, '2402.02750')!;
    const d = discordAbstract(view).embeds[0]!.description!;
    expect(d).toMatch(/…\n\n.+ · 2024 · arXiv 2402\.02750$/);
    // Slack spreads it over sections of whole words: all of a 20,000-character abstract, or a cut with "…" past eight.
    const decode = (t: string) =>
      t
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&')
        .replace(/@\u2060/g, '@');
    const sectionsOf = (v: typeof view) =>
      (slackAbstract(v).blocks as AnyBlock[])
        .filter((b) => b.type === 'section')
        .slice(1)
        .map((b) => decode(b.text!.text));
    const whole = sectionsOf(view);
    expect(whole.length).toBeGreaterThan(1);
    expect(whole.join(' ')).toBe(view.text);
    const longer = { ...view, text: `${view.text} ${view.text}` };
    const cut = sectionsOf(longer);
    expect(cut.at(-1)!.endsWith('…')).toBe(true);
    expect(longer.text.startsWith(cut.join(' ').slice(0, -1).trimEnd())).toBe(true);
    expectSlack(slackAbstract(longer));
  });

  it('drops a button whose id cannot fit rather than cutting it (Discord 100, Slack 2,000)', () => {
    const long = PAPERS[1]!.id;
    expect(paperActionId('cite', long)).toBeUndefined();
    expect(nextPassageId(long, [{ start: 0, end: 10 }])).toBeUndefined();
    expect(encodePaperAction(long)).not.toBeNull(); // 300 characters fit a Slack value
    const card = discordCard(library.card(long)!, [], paperActions(long));
    expect(card.components.flatMap((r) => r.components).filter((c) => 'custom_id' in c)).toEqual([]);
  });
});

describe('button state', () => {
  const spans = fc
    .array(fc.tuple(fc.nat(20_000), fc.nat(400)), { minLength: 1, maxLength: 60 })
    .map((xs) => xs.map(([s, n]) => ({ start: s, end: s + n })));

  it('Discord Next passage ids are within 100 characters, versioned, and read back as made', () => {
    fc.assert(
      fc.property(fc.constantFrom('2402.02750', '2310.08915', 'slug-id', 'x'.repeat(80)), spans, (id, shown) => {
        const customId = nextPassageId(id, shown);
        if (customId === undefined) return;
        expect(customId.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
        expect(customId.startsWith('ask:v1:next:')).toBe(true);
        expect(parseNextPassageId(customId)).toEqual({ paperId: id, shown });
      }),
    );
  });

  it('Slack Next passage values are within 2,000 characters for any question, and read back as made', () => {
    const question = fc.string({ minLength: 1, maxLength: 500, unit: fc.constantFrom('a', '"', '\\', '\u0001', '😀', '<', '&', ' ') });
    fc.assert(
      fc.property(question, spans, (q, shown) => {
        const value = encodeNextPassage({ question: q, paperId: '2402.02750', shown });
        if (value === null) return;
        expect(value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
        expect(decodeNextPassage(value)).toEqual({ question: q, paperId: '2402.02750', shown });
      }),
    );
  });

  it('BibTeX entries keep their braces balanced whatever the title', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', 'a', ' ', '&', '%', '\\', '$') }), (title) => {
        const entry = bibtex({ ...PAPERS[2]!, title: title.trim() || 'x' });
        let depth = 0;
        expect(entry).not.toMatch(/\\[{}]/); // no brace a LaTeX reader would take as escaped
        for (const ch of entry) {
          depth += ch === '{' ? 1 : ch === '}' ? -1 : 0;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
      }),
    );
  });
});

describe('the venue in the byline (issue 16: authors, year, venue, id)', () => {
  const card: PaperCard = {
    citation: {
      id: '2023.emnlp-main.7',
      title: 'A Paper at EMNLP',
      url: 'https://aclanthology.org/2023.emnlp-main.7/',
      authors: ['Ada Lovelace'],
      etAl: false,
      year: 2023,
      venue: 'emnlp, findings',
      codeUrl: null,
    },
    lead: 'We study venues.',
    leadCut: false,
    abstract: 'We study venues.',
  };
  it('Discord and Slack show it before the year, by its name', () => {
    expect(discordCard(card).embeds?.[0]?.fields).toContainEqual({ name: 'Venue', value: 'EMNLP Findings', inline: true });
    expect(discordByline(card.citation)).toBe('Ada Lovelace · EMNLP Findings 2023 · 2023.emnlp-main.7');
    expect(JSON.stringify(slackCard(card, [], { shareable: false }))).toContain('Ada Lovelace · EMNLP Findings 2023 · 2023.emnlp-main.7');
  });
});
