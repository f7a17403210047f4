import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISCORD_LIMITS } from '../../../adapters/discord/limits.js';
import {
  type DiscordMessage,
  embedLength,
  paperChoices,
  renderAsk,
  renderCard,
  renderExcerpt,
  renderPaperNotFound,
  renderPapersPage,
} from '../../../adapters/discord/render.js';
import { answerView, papersPage } from '../../../adapters/shared/commands.js';
import type { Answer, AskResult, Citation, CitedResult, Excerpt, Library } from '../../../src/index.js';
import { allPapers, seedLibrary } from '../support.js';
import { activeMarkup, asRead } from './markdown-reader.js';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

const render = (result: AskResult) => renderAsk(answerView(result));

/** Every limit Discord enforces on a message, checked on what citebot would send. */
function expectWithinLimits(msg: DiscordMessage): void {
  expect(msg.allowedMentions).toEqual({ parse: [] });
  expect((msg.content ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
  for (const e of msg.embeds) {
    expect((e.title ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect((e.description ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect((e.footer?.text ?? '').length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFooterText);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedFieldValue);
    }
    expect(embedLength(e)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    if (e.url) expect(() => new URL(e.url!)).not.toThrow();
  }
  for (const row of msg.components) {
    expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
    for (const b of row.components) {
      if ('label' in b && b.label) expect(b.label.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonLabel);
      if ('url' in b) expect(b.url).toMatch(/^https?:\/\//);
      if ('custom_id' in b) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
    }
  }
  expect(JSON.stringify(msg)).not.toMatch(/@(everyone|here)/i);
}

const HOSTILE = '@everyone <@123456789012345678> **bold** ||spoiler|| `code` [link](https://evil.example) # heading ';

function citation(over: Partial<Citation> = {}): Citation {
  return {
    id: '2402.02750',
    title: 'KIVI',
    url: 'https://arxiv.org/abs/2402.02750',
    authors: ['Zirui Liu'],
    etAl: true,
    year: 2024,
    codeUrl: null,
    ...over,
  };
}

function excerpt(text: string, highlights: Excerpt['highlights'] = [], over: Partial<Excerpt> = {}): Excerpt {
  return { text, offset: 0, cutStart: false, cutEnd: false, highlights, matchedTerms: [], coverage: 1, ...over };
}

function result(c: Citation, e: Excerpt): CitedResult {
  return { citation: c, score: 1, excerpt: e };
}

describe('renderExcerpt', () => {
  it('puts matched words in bold, one run for adjacent words, and marks cut sentences', () => {
    const text = 'We quantize the key cache per-channel.';
    const e = excerpt(
      text,
      [
        { start: 3, end: 11 },
        { start: 16, end: 19 },
        { start: 20, end: 25 },
      ],
      { cutStart: true, cutEnd: true },
    );
    expect(renderExcerpt(e, 500)).toBe('…We **quantize** the **key cache** per-channel.…');
  });

  it('escapes paper text around and inside the bold runs', () => {
    const e = excerpt('Uses *stars* and <@1> here', [{ start: 5, end: 12 }]);
    expect(renderExcerpt(e, 500)).toBe('Uses **\\*stars\\*** and \\<@1\\> here');
  });

  it('cuts a long excerpt within its budget without breaking a bold run', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
    const text = words.join(' ');
    const highlights = words
      .map((w) => ({ start: text.indexOf(` ${w} `) + 1, end: text.indexOf(` ${w} `) + 1 + w.length }))
      .filter((_, i) => i % 3 === 1);
    const out = renderExcerpt(excerpt(text, highlights), 300);
    expect(out.length).toBeLessThanOrEqual(300);
    expect(out.endsWith('…')).toBe(true);
    expect(out.match(/\*\*/g)!.length % 2).toBe(0);
  });
});

describe('renderAsk', () => {
  it('turns a question error into a plain message', () => {
    const msg = render({ ok: false, error: { code: 'EMPTY_QUESTION', message: 'Ask a question.' } });
    expect(msg.content).toBe('Ask a question.');
    expect(msg.embeds).toEqual([]);
  });

  it('drops links and buttons whose URL is not http(s)', () => {
    const c = citation({ url: 'javascript:alert(1)', codeUrl: 'data:text/html,hi' });
    const msg = render({ ok: true, answer: { question: 'q', kind: 'single', answered: true, results: [result(c, excerpt('text'))] } });
    expect(msg.embeds[0]!.url).toBeUndefined();
    expect(msg.components).toEqual([]);
  });

  it('stays within every Discord limit for huge, hostile titles, authors, excerpts and questions', () => {
    const text = fc
      .array(fc.constantFrom('a', ' ', '*', '_', '`', '|', '<@1>', '@everyone', '\n', 'é', '😀', 'https://x.org/a_b', 'word'), {
        maxLength: 3000,
      })
      .map((p) => p.join(''));
    const arbCitation = fc.record({
      id: fc.string({ minLength: 1, maxLength: 120 }),
      title: text,
      url: fc.constantFrom(null, 'https://arxiv.org/abs/2402.02750', 'javascript:x', `https://example.com/${'p'.repeat(700)}`),
      authors: fc.array(text, { maxLength: 60 }),
      etAl: fc.boolean(),
      year: fc.integer({ min: 1900, max: 2100 }),
      codeUrl: fc.constantFrom(null, 'https://github.com/jy-yuan/KIVI'),
    });
    const arbResult = fc.tuple(arbCitation, text, fc.boolean(), fc.boolean()).map(([c, t, cutStart, cutEnd]) => {
      const highlights: Excerpt['highlights'] = [];
      for (let i = 0; i + 4 <= t.length; i += 37) highlights.push({ start: i, end: i + 4 });
      return result(c, excerpt(t, highlights, { cutStart, cutEnd }));
    });
    fc.assert(
      fc.property(
        fc.string({ maxLength: 500 }).map((s) => `${HOSTILE}${s}`),
        fc.array(arbResult, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<Answer['kind']>('single', 'list'),
        fc.boolean(),
        (question, results, kind, answered) => {
          const msg = render({
            ok: true,
            answer: { question, kind, answered, results, ...(answered ? {} : { reason: 'weak-match' as const }) },
          });
          expectWithinLimits(msg);
          const firstLine = msg.embeds[0]!.description!.split('\n')[0]!;
          expect(activeMarkup(firstLine.replace(/^\*\*Q:\*\* /, ''))).toBeUndefined();
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps the question readable as typed when it is echoed', () => {
    const msg = render({
      ok: true,
      answer: { question: HOSTILE.trim(), kind: 'single', answered: false, reason: 'no-match', results: [] },
    });
    const firstLine = msg.embeds[0]!.description!.split('\n')[0]!;
    expect(asRead(firstLine.replace(/^\*\*Q:\*\* /, ''))).toBe(HOSTILE.trim());
    expect(firstLine).toBe(
      `**Q:** @\u200beveryone \\<@123456789012345678\\> \\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\\`code\\\` \\[link\\](https://evil.example) # heading`,
    );
  });
});

describe('cards, pages and choices over the real corpus', () => {
  it('renders every paper card within the limits, with linked title and code', () => {
    for (const paper of allPapers(library)) {
      const msg = renderCard(library.card(paper.id)!, library.lookup(paper.title, 4).slice(1));
      expectWithinLimits(msg);
      expect(msg.embeds[0]!.url).toBe(paper.url ?? undefined);
      if (paper.codeUrl) expect(msg.components[0]!.components.some((b) => 'url' in b && b.url === paper.codeUrl)).toBe(true);
    }
  });

  it('renders a card within the limits for a very long title and abstract', () => {
    const card = library.card(allPapers(library)[0]!.id)!;
    const huge = {
      ...card,
      citation: {
        ...card.citation,
        title: `${HOSTILE}${'T'.repeat(5000)}`,
        authors: Array.from({ length: 500 }, (_, i) => `Author ${i} ${HOSTILE}`),
      },
      lead: `${HOSTILE} ${'lead '.repeat(3000)}`,
      leadCut: true,
    };
    const msg = renderCard(huge);
    expectWithinLimits(msg);
    expect(msg.embeds[0]!.title!.endsWith('…')).toBe(true);
    expect(msg.embeds[0]!.description!.endsWith('…')).toBe(true);
  });

  it('offers autocomplete names within 100 characters, valued by paper id', () => {
    const long = citation({ title: `${'Very long title '.repeat(20)}`, year: 2023 });
    const [choice] = paperChoices([long]);
    expect(choice!.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.choiceName);
    expect(choice!.name.endsWith('… (2023)')).toBe(true);
    expect(choice!.value).toBe(long.id);
    expect(paperChoices(Array.from({ length: 40 }, (_, i) => citation({ id: `id-${i}` })))).toHaveLength(25);
    expect(paperChoices([citation({ id: 'x'.repeat(101) })])).toEqual([]);
  });

  it('numbers a page from its offset and shows where it is, with authors', () => {
    const view = papersPage(library, { topic: '', page: 2 });
    const msg = renderPapersPage(view, { previous: 'papers:v1:1:00000000:', next: 'papers:v1:3:00000000:' });
    expectWithinLimits(msg);
    expect(msg.embeds[0]!.description).toMatch(/^\*\*11\.\*\* \[/);
    expect(msg.embeds[0]!.description).toContain(`${view.items[0]!.authors[0]}`);
    expect(msg.embeds[0]!.footer!.text).toBe(`Page 3 of ${view.pages} · ${library.size} papers`);
    expect(msg.components[0]!.components.map((b) => ('disabled' in b ? b.disabled : undefined))).toEqual([false, false]);
  });

  it('says so when no paper matches a topic, escaping the topic', () => {
    const msg = renderPapersPage(papersPage(library, { topic: '**nothing**', page: 0 }));
    expect(msg.embeds[0]!.title).toBe('Papers on “\\*\\*nothing\\*\\*”');
    expect(msg.embeds[0]!.description).toMatch(/^No paper matches/);
    expect(msg.components).toEqual([]);
  });

  it('names the closest titles when /paper finds nothing', () => {
    const closest = library.lookup('quantization llama', 3);
    const msg = renderPaperNotFound('quantization llama', closest);
    expectWithinLimits(msg);
    expect(msg.content).toBe(
      ['No paper matches “quantization llama”. Closest titles:', ...closest.map((c) => `• ${c.title} (${c.year})`)].join('\n'),
    );
    expect(renderPaperNotFound('**x**', []).content).toBe('No paper matches “\\*\\*x\\*\\*”. Browse the collection with /papers.');
  });
});
