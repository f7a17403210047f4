import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { answerView, PAGE_SIZE } from '../../../adapters/shared/commands.js';
import {
  decodePage,
  decodeShare,
  encodePage,
  PAPERS_NEXT_ACTION,
  PAPERS_PREV_ACTION,
  SHARE_ACTION,
} from '../../../adapters/slack/action-values.js';
import { renderCard, renderShared, renderAnswer as renderView, type SlackMessage } from '../../../adapters/slack/render.js';
import { answerQuestion, paperCard, paperPage } from '../../../adapters/slack/replies.js';
import { MAX_BLOCKS, MAX_BUTTON_VALUE, MAX_FALLBACK_TEXT, MAX_SECTION_TEXT } from '../../../adapters/slack/rules.js';
import type { Answer, AskResult, Citation, CitedResult, Library } from '../../../src/index.js';
import { allPapers, seedLibrary } from '../support.js';
import { hostileText, unsafeMarkup } from './markup.js';

const renderAnswer = (result: AskResult, options: { shareable: boolean }) => renderView(answerView(result), options);

interface AnyBlock {
  type: string;
  text?: { text: string };
  elements?: { type: string; text?: string | { text: string }; value?: string; action_id?: string }[];
}

/** Every mrkdwn text of a message, and its button values. */
function texts(m: SlackMessage): { mrkdwn: string[]; values: string[]; buttons: string[] } {
  const blocks = m.blocks as AnyBlock[];
  const mrkdwn: string[] = [];
  const values: string[] = [];
  const buttons: string[] = [];
  for (const b of blocks) {
    if (b.text) mrkdwn.push(b.text.text);
    for (const e of b.elements ?? []) {
      if (e.type === 'mrkdwn' && typeof e.text === 'string') mrkdwn.push(e.text);
      if (e.type === 'button') {
        values.push(e.value ?? '');
        buttons.push(e.action_id ?? '');
      }
    }
  }
  return { mrkdwn, values, buttons };
}

/** Within Slack's limits, and nothing from the input can ping anyone or inject markup. */
function expectSlackSafe(m: SlackMessage): void {
  const { mrkdwn, values } = texts(m);
  expect(m.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
  expect(m.text.length).toBeLessThanOrEqual(MAX_FALLBACK_TEXT);
  expect(m.text.length).toBeGreaterThan(0);
  for (const t of mrkdwn) {
    expect(t.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(unsafeMarkup(t)).toEqual([]);
  }
  expect(unsafeMarkup(m.text)).toEqual([]);
  for (const v of values) expect(v.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
  for (const b of m.blocks as AnyBlock[])
    if (b.type === 'section' || b.type === 'context') expect(JSON.stringify(b)).toContain('"verbatim":true');
}

const citation = fc.record({
  id: fc.oneof(fc.constant('2402.02750'), hostileText),
  title: hostileText.filter((s) => s.trim() !== ''),
  url: fc.option(
    fc.oneof(
      fc.constant('https://arxiv.org/abs/2402.02750'),
      fc.constant('javascript:alert(1)'),
      hostileText.map((s) => `https://example.org/${s}`),
    ),
  ),
  authors: fc.array(hostileText, { maxLength: 6 }),
  etAl: fc.boolean(),
  year: fc.integer({ min: 1900, max: 2100 }),
  codeUrl: fc.option(hostileText.map((s) => `https://github.com/${s}`)),
}) satisfies fc.Arbitrary<Citation>;

const excerptText = fc.oneof(hostileText, fc.string({ maxLength: 4000 }), fc.constant('&'.repeat(3500)));
const result: fc.Arbitrary<CitedResult> = fc
  .tuple(citation, excerptText, fc.array(fc.nat(), { maxLength: 20 }), fc.boolean(), fc.boolean())
  .map(([c, text, cuts, cutStart, cutEnd]) => {
    const points = [...new Set(cuts.map((n) => n % (text.length + 1)))].sort((a, b) => a - b);
    const highlights = [];
    for (let i = 0; i + 1 < points.length; i += 2) highlights.push({ start: points[i]!, end: points[i + 1]! });
    return { citation: c, score: 1, excerpt: { text, offset: 0, cutStart, cutEnd, highlights, matchedTerms: [], coverage: 1 } };
  });
const answer: fc.Arbitrary<Answer> = fc.record({
  question: hostileText,
  kind: fc.constantFrom('single' as const, 'list' as const),
  answered: fc.boolean(),
  results: fc.array(result, { maxLength: 8 }),
});

describe('renderAnswer', () => {
  it('stays within Slack limits and never lets paper or user text ping or inject markup', () => {
    fc.assert(
      fc.property(answer, fc.boolean(), (a, shareable) => {
        expectSlackSafe(renderAnswer({ ok: true, answer: a }, { shareable }));
      }),
      { numRuns: 300 },
    );
  });

  it('bolds matched words, one run for neighbours, and marks cut sentences with "…"', () => {
    const c: Citation = { id: '1', title: 'T', url: null, authors: [], etAl: false, year: 2024, codeUrl: null };
    const m = renderAnswer(
      {
        ok: true,
        answer: {
          question: 'q',
          kind: 'single',
          answered: true,
          results: [
            {
              citation: c,
              score: 1,
              excerpt: {
                text: 'the key cache is quantized & stored',
                offset: 0,
                cutStart: true,
                cutEnd: false,
                highlights: [
                  { start: 4, end: 7 },
                  { start: 8, end: 13 },
                  { start: 17, end: 26 },
                ],
                matchedTerms: [],
                coverage: 1,
              },
            },
          ],
        },
      },
      { shareable: false },
    );
    expect(texts(m).mrkdwn[0]).toBe('*T*'); // the title first
    expect(texts(m).mrkdwn[1]).toBe('>…the *key cache* is *quantized* &amp; stored');
  });

  it('offers the Share button only on shareable answers, carrying the question', () => {
    const c: Citation = { id: '1', title: 'T', url: null, authors: [], etAl: false, year: 2024, codeUrl: null };
    const a: Answer = {
      question: 'Why <!here>?',
      kind: 'single',
      answered: true,
      results: [
        {
          citation: c,
          score: 1,
          excerpt: { text: 'x', offset: 0, cutStart: false, cutEnd: false, highlights: [], matchedTerms: [], coverage: 1 },
        },
      ],
    };
    const shared = texts(renderAnswer({ ok: true, answer: a }, { shareable: true }));
    const paperButtons = ['citebot_cite', 'citebot_related', 'citebot_next_passage', 'citebot_abstract'];
    expect(shared.buttons).toEqual([...paperButtons, SHARE_ACTION]);
    expect(decodeShare(shared.values.at(-1))).toEqual({ kind: 'ask', q: 'Why <!here>?' });
    expect(texts(renderAnswer({ ok: true, answer: a }, { shareable: false })).buttons).toEqual(paperButtons);
  });

  it('shows a question error as a short notice', () => {
    const m = renderAnswer(
      { ok: false, error: { code: 'QUESTION_TOO_LONG', message: 'That question is 600 characters long; please keep it under 500.' } },
      { shareable: true },
    );
    expect(m.blocks).toHaveLength(1);
    expect(texts(m).mrkdwn[0]).toContain('under 500');
  });
});

describe('renderShared', () => {
  it('attributes the answer to the asker by name, escaped, without a mention', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (name, q) => {
        const base = renderAnswer({ ok: true, answer: { question: q, kind: 'single', answered: false, results: [] } }, { shareable: true });
        const m = renderShared(base, name, { kind: 'ask', q });
        expectSlackSafe(m);
        expect(texts(m).buttons).toEqual([]);
      }),
    );
  });
});

describe('with the real corpus', () => {
  let library: Library;
  beforeAll(async () => {
    library = await seedLibrary();
  });

  it('renders every paper card within limits', () => {
    for (const p of allPapers(library)) {
      const card = library.card(p.id)!;
      expectSlackSafe(renderCard(card, library.lookup(p.title, 4).slice(1), { shareable: true }));
      expect(texts(paperCard(library, p.id, true)).mrkdwn[0]).toContain(`|${p.title.replace(/&/g, '&amp;')}>`);
    }
  });

  it('renders answers to varied questions within limits', () => {
    for (const q of [
      'How does KIVI quantize the key cache?',
      'Which papers are about LoRA?',
      'what',
      'sourdough bread',
      '<!channel> llama @here',
      'x'.repeat(600),
    ]) {
      expectSlackSafe(answerQuestion(library, q, true));
    }
  });

  it.each(['', 'llama', 'quantization'])('pages through /papers %j with Next, showing each paper once', (topic) => {
    const seen: string[] = [];
    let page = paperPage(library, { topic, page: 0 });
    for (let guard = 0; guard < 20; guard++) {
      expectSlackSafe(page);
      seen.push(...[...texts(page).mrkdwn[1]!.matchAll(/<https:\/\/arxiv\.org\/abs\/([^|]+)\|/g)].map((m) => m[1]!));
      const { buttons, values } = texts(page);
      const next = buttons.indexOf(PAPERS_NEXT_ACTION);
      if (next < 0) break;
      const state = decodePage(values[next])!;
      expect(state.topic).toBe(topic);
      page = paperPage(library, state);
      expect(texts(page).buttons).toContain(PAPERS_PREV_ACTION);
    }
    const expected = library.list(topic || undefined, 0, library.size).items.map((c) => c.id);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    if (topic === '') expect(seen.length).toBe(library.size);
    expect(Math.ceil(expected.length / PAGE_SIZE)).toBeGreaterThan(0);
  });

  it('/papers shows authors and year under each title, five to a page', () => {
    const page = texts(paperPage(library, { topic: '', page: 0 }));
    expect(page.mrkdwn[0]).toBe(`*Papers in the collection* · Page 1 of ${Math.ceil(library.size / PAGE_SIZE)} · ${library.size} papers`);
    const lines = page.mrkdwn[1]!.split('\n');
    expect(lines).toHaveLength(2 * PAGE_SIZE);
    const first = allPapers(library)[0]!;
    expect(lines[1]).toContain(`${first.authors[0]}`);
    expect(lines[1]).toMatch(new RegExp(` · ${first.year}$`));
  });

  it('a paging button from before pages were numbered (an offset, ten a page) opens the page holding that paper', () => {
    expect(decodePage(JSON.stringify({ t: 'llama', o: 10 }))).toEqual({ topic: 'llama', page: 2 });
    expect(decodePage(encodePage({ topic: 'x', page: 3, fingerprint: 'deadbeef' }))).toEqual({
      topic: 'x',
      page: 3,
      fingerprint: 'deadbeef',
    });
    expect(decodePage('{"t":"x"}')).toBeNull();
  });

  it('says when the collection changed since a paging button was made', () => {
    const m = texts(paperPage(library, { topic: '', page: 2, fingerprint: '00000000' }));
    expect(m.mrkdwn[0]).toContain('The collection has changed since this list was posted');
    expect(m.mrkdwn[1]).toMatch(/Page 1 of/);
  });

  it('/paper finds papers by acronym and arXiv id, and lists the closest titles when nothing matches every word', () => {
    expect(texts(paperCard(library, 'kivi', true)).mrkdwn[0]).toContain('|KIVI: A Tuning-Free');
    expect(texts(paperCard(library, '2402.02750v2', true)).mrkdwn[0]).toContain('|KIVI: A Tuning-Free');
    const miss = texts(paperCard(library, 'zzzz-no-such-paper', true));
    expect(miss.mrkdwn[0]).toBe('No paper matches “zzzz-no-such-paper”. Browse the collection with /papers.');
    expect(miss.buttons).toEqual([]);
    const weak = texts(paperCard(library, 'quantization llama', true));
    expect(weak.mrkdwn[0]).toMatch(/^No paper matches “quantization llama”\. Closest titles:\n• </);
    expect(texts(paperCard(library, '', true)).mrkdwn[0]).toBe('Usage: /paper &lt;title, acronym or arXiv id&gt;, e.g. /paper KIVI');
  });
});
