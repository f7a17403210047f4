/** What every platform decides the same way: which paper a query means, paging, answer sizes, bylines. */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAnswer as cliAnswer, PLAIN } from '../../../adapters/cli/render.js';
import {
  renderAsk as discordAsk,
  renderCard as discordCard,
  renderPapersPage as discordPage,
  paperChoices,
} from '../../../adapters/discord/render.js';
import {
  ANSWER_SIZES,
  answerView,
  askLibrary,
  authorList,
  bylineParts,
  choosePaper,
  idLabel,
  PAGE_SIZE,
  papersPage,
  venueLabel,
  yearAfterDot,
  yearInParens,
} from '../../../adapters/shared/commands.js';
import {
  renderAnswer as slackAnswer,
  byline as slackByline,
  renderCard as slackCard,
  renderPaperPage as slackPage,
} from '../../../adapters/slack/render.js';
import type { AskResult, Citation, CitedResult, Library } from '../../../src/index.js';
import { allPapers, firstPapers, seedLibrary } from '../support.js';

const KIVI = '2402.02750';
let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

function citation(over: Partial<Citation> = {}): Citation {
  return {
    id: KIVI,
    title: 'KIVI',
    url: 'https://arxiv.org/abs/2402.02750',
    authors: ['Zirui Liu'],
    etAl: true,
    year: 2024,
    codeUrl: null,
    ...over,
  };
}

describe('which paper a query means', () => {
  it.each([KIVI, `${KIVI}v2`, `arXiv:${KIVI}`, ` arxiv: ${KIVI}v1 `])(
    'an exact arXiv id (%j) is that paper, with no other matches',
    (query) => {
      const choice = choosePaper(library, query);
      expect(choice).toMatchObject({ kind: 'card', card: { citation: { id: KIVI } }, others: [] });
    },
  );

  it.each(['kivi', 'KIVI', 'tuning-free asymmetric', 'KIVI: A Tuning-Free'])(
    'a title or acronym (%j) that matches every word typed is the best match',
    (query) => {
      expect(choosePaper(library, query)).toMatchObject({ kind: 'card', card: { citation: { id: KIVI } } });
    },
  );

  it('lists other papers that also match under the card', () => {
    const choice = choosePaper(library, 'llama');
    if (choice.kind !== 'card') throw new Error(`expected a card, got ${choice.kind}`);
    expect(choice.others.length).toBeGreaterThan(0);
    expect(choice.others.map((c) => c.id)).not.toContain(choice.card.citation.id);
  });

  it('is no paper when the best match does not match every word, and names the closest', () => {
    const choice = choosePaper(library, 'quantization llama');
    expect(choice.kind).toBe('not-found');
    if (choice.kind !== 'not-found') return;
    expect(choice.closest.length).toBeGreaterThan(0);
    expect(choice.closest.length).toBeLessThanOrEqual(ANSWER_SIZES.closest);
  });

  it('is no paper, with nothing close, for words no title has', () => {
    expect(choosePaper(library, '  qqqq   zzzz ')).toEqual({ kind: 'not-found', query: 'qqqq zzzz', closest: [] });
  });

  it('asks for a query when nothing was typed', () => {
    expect(choosePaper(library, '   ')).toEqual({ kind: 'usage' });
  });
});

describe('/papers pages', () => {
  it(`show ${PAGE_SIZE} papers a page, every paper once, with where Previous and Next lead`, () => {
    const seen: string[] = [];
    let page = papersPage(library, { topic: '', page: 0 });
    expect(page.previous).toBeUndefined();
    expect(page.pages).toBe(Math.ceil(library.size / PAGE_SIZE));
    for (;;) {
      expect(page.items.length).toBeLessThanOrEqual(PAGE_SIZE);
      expect(page.offset).toBe(page.page * PAGE_SIZE);
      seen.push(...page.items.map((c) => c.id));
      if (!page.next) break;
      expect(page.next).toEqual({ topic: '', page: page.page + 1, fingerprint: library.fingerprint() });
      page = papersPage(library, page.next);
      expect(page.previous?.page).toBe(page.page - 1);
    }
    expect(seen).toEqual(allPapers(library).map((c) => c.id));
  });

  it('clamp a page past the end to the last page', () => {
    const pages = Math.ceil(library.size / PAGE_SIZE);
    const page = papersPage(library, { topic: '', page: 99 });
    expect(page.page).toBe(pages - 1);
    expect(page.items.map((c) => c.id)).toEqual(
      allPapers(library)
        .slice((pages - 1) * PAGE_SIZE)
        .map((c) => c.id),
    );
    expect(page.next).toBeUndefined();
  });

  it('list only the papers on a topic, the topic kept as typed with its spaces collapsed', () => {
    const page = papersPage(library, { topic: '  kv   cache ', page: 0 });
    expect(page.topic).toBe('kv cache');
    expect(page.items.map((c) => c.id)).toEqual(library.list('kv cache', 0, PAGE_SIZE).items.map((c) => c.id));
    expect(papersPage(library, { topic: 'qqqq', page: 0 })).toMatchObject({ total: 0, items: [], pages: 1 });
  });

  it('start over at page 1, saying so, when the collection changed since the button was made', async () => {
    const smaller = await firstPapers(12);
    const page = papersPage(smaller, { topic: '', page: 3, fingerprint: library.fingerprint() });
    expect(page).toMatchObject({ changed: true, page: 0, pages: 3, total: 12 });
    expect(papersPage(library, { topic: '', page: 3, fingerprint: library.fingerprint() })).toMatchObject({ changed: false, page: 3 });
    // A button that carried no fingerprint keeps its page.
    expect(papersPage(smaller, { topic: '', page: 2 })).toMatchObject({ changed: false, page: 2 });
  });
});

describe('bylines', () => {
  it('name up to three authors, then "et al."', () => {
    expect(authorList(citation({ authors: ['A', 'B', 'C'], etAl: false }))).toBe('A, B, C');
    expect(authorList(citation({ authors: ['A', 'B', 'C', 'D'], etAl: false }))).toBe('A, B, C et al.');
    expect(authorList(citation({ authors: ['A'], etAl: true }))).toBe('A et al.');
    expect(authorList(citation({ authors: [], etAl: false }))).toBe('Unknown authors');
    expect(authorList(citation({ authors: ['A', 'B', 'C', 'D'], etAl: false }), 40)).toBe('A, B, C, D');
  });

  it('label arXiv papers by their arXiv id (from the id or an arxiv.org link), others by their id', () => {
    expect(idLabel(citation())).toBe('arXiv 2402.02750');
    expect(idLabel(citation({ url: null }))).toBe('arXiv 2402.02750');
    expect(idLabel(citation({ id: 'kivi-2024', url: 'https://www.arxiv.org/abs/x' }))).toBe('arXiv kivi-2024');
    expect(idLabel(citation({ id: 'doi:10.1/x', url: 'https://example.org/arxiv.org' }))).toBe('doi:10.1/x');
  });

  it('read "authors · year · id" for the seed corpus’s KIVI', () => {
    expect(bylineParts(library.card(KIVI)!.citation).join(' · ')).toBe('Zirui Liu et al. · 2024 · arXiv 2402.02750');
  });

  it('name the venue before the year: the ACL Anthology’s tags by their names, other labels as given (issue 16)', () => {
    const acl = citation({
      id: '2023.emnlp-main.1',
      url: 'https://aclanthology.org/2023.emnlp-main.1/',
      year: 2023,
      venue: 'emnlp, findings',
    });
    expect(bylineParts(acl).join(' · ')).toBe('Zirui Liu et al. · EMNLP Findings 2023 · 2023.emnlp-main.1');
    expect(bylineParts(citation({ venue: 'NeurIPS 2024 Workshop on Efficient ML', year: null })).join(' · ')).toBe(
      'Zirui Liu et al. · NeurIPS 2024 Workshop on Efficient ML · arXiv 2402.02750',
    );
    expect(venueLabel('ws')).toBe('Workshop');
  });

  it('leave out the year, and say the authors are unknown, for a minimal record (issue 19)', () => {
    const minimal = citation({ id: 'a-study-of-things', url: null, authors: [], etAl: false, year: null });
    expect(bylineParts(minimal).join(' · ')).toBe('Unknown authors · a-study-of-things');
    expect(yearInParens(minimal) + yearAfterDot(minimal)).toBe('');
    expect(yearInParens(citation())).toBe(' (2024)');
  });

  it('no renderer shows "null" for a paper without year or authors', () => {
    const minimal = citation({ id: 'a-study-of-things', url: null, authors: [], etAl: false, year: null, codeUrl: null });
    const card = { citation: minimal, lead: 'We study things.', leadCut: false, abstract: 'We study things.' };
    const shown = JSON.stringify([
      discordCard(card, [minimal]),
      discordPage({ topic: undefined, page: 0, pages: 1, total: 1, offset: 0, items: [minimal], changed: false }),
      paperChoices([minimal]),
      slackCard(card, [minimal], { shareable: false }),
      slackPage({ topic: undefined, page: 0, pages: 1, total: 1, offset: 0, items: [minimal], changed: false }),
      slackByline(minimal),
    ]);
    expect(shown).not.toContain('null');
    expect(shown).toContain('Unknown authors');
  });
});

describe('answer sizes', () => {
  const result = (id: number): CitedResult => ({
    citation: citation({ id: String(id) }),
    score: 1,
    excerpt: { text: 'x', offset: 0, cutStart: false, cutEnd: false, highlights: [], matchedTerms: [], coverage: 1 },
  });
  const answered = (kind: 'single' | 'list', n: number): AskResult => ({
    ok: true,
    answer: { question: 'q', kind, answered: true, results: Array.from({ length: n }, (_, i) => result(i)) },
  });

  it('show the best paper and at most three also relevant, five in a list, three closest', () => {
    expect(answerView(answered('single', 5))).toMatchObject({
      kind: 'single',
      best: { citation: { id: '0' } },
      also: [{ id: '1' }, { id: '2' }, { id: '3' }],
    });
    expect(answerView(answered('list', 9))).toMatchObject({ kind: 'list' });
    expect((answerView(answered('list', 9)) as { results: unknown[] }).results).toHaveLength(ANSWER_SIZES.listResults);
    const weak: AskResult = {
      ok: true,
      answer: {
        question: 'q',
        kind: 'single',
        answered: false,
        reason: 'weak-match',
        results: answered('single', 5).ok ? (answered('single', 5) as { answer: { results: CitedResult[] } }).answer.results : [],
      },
    };
    expect(answerView(weak)).toMatchObject({ kind: 'none', reason: 'weak-match', closest: [{ id: '0' }, { id: '1' }, { id: '2' }] });
  });

  it('keep why nothing answers, and a question error as it is', () => {
    expect(answerView(askLibrary(library, 'the of and'))).toMatchObject({ kind: 'none', reason: 'no-searchable-terms', closest: [] });
    expect(answerView(askLibrary(library, 'zzqx vbnm'))).toMatchObject({ kind: 'none', reason: 'no-match', closest: [] });
    expect(answerView({ ok: false, error: { code: 'EMPTY_QUESTION', message: 'Ask a question.' } })).toEqual({
      kind: 'problem',
      error: { code: 'EMPTY_QUESTION', message: 'Ask a question.' },
    });
  });

  it('say once, on every platform, that nothing passes the filters, and which filters they were', () => {
    const r = askLibrary(library, 'anything new this year?', { today: new Date('2026-12-02T00:00:00Z') });
    const view = answerView(r);
    expect(view).toMatchObject({
      kind: 'none',
      reason: 'no-match',
      headline: 'No paper in the collection matches the filters (2026)',
      detail: '',
    });
    expect(JSON.stringify(discordAsk(view))).toContain('matches the filters (2026)');
    expect(JSON.stringify(slackAnswer(view, { shareable: false }))).toContain('matches the filters (2026)');
    const terminal = cliAnswer(view, PLAIN);
    expect(terminal).toBe('No paper in the collection matches the filters (2026).');
  });

  it('head "papers like KIVI" with the paper\'s name on every platform', () => {
    const view = answerView(askLibrary(library, 'papers similar to kivi'));
    expect(view).toMatchObject({ kind: 'list', heading: expect.stringMatching(/^Papers like KIVI \(\d\)$/) });
    const heading = (view as { heading: string }).heading;
    expect(JSON.stringify(discordAsk(view))).toContain(heading);
    expect(JSON.stringify(slackAnswer(view, { shareable: false }))).toContain(heading);
    expect(cliAnswer(view, PLAIN)).toContain(heading);
  });

  it('answer chat with chat, and a question about the collection with its size, on every platform', () => {
    const hi = answerView(askLibrary(library, 'hi'));
    expect(hi).toMatchObject({ kind: 'none', reason: 'small-talk', headline: expect.stringMatching(/^Hi!/), closest: [] });
    expect(cliAnswer(hi, PLAIN)).not.toContain('No paper');
    expect(JSON.stringify(discordAsk(hi))).toContain('Hi!');
    expect(JSON.stringify(slackAnswer(hi, { shareable: false }))).toContain('Hi!');
    expect(answerView(askLibrary(library, 'thanks!'))).toMatchObject({ headline: expect.stringMatching(/welcome/) });
    const size = answerView(askLibrary(library, 'how many papers do you have?'));
    expect(size).toMatchObject({ kind: 'list', heading: `The collection holds ${allPapers(library).length} papers; the newest 5` });
  });

  it('say "newest first" over a list ordered by year', () => {
    expect(answerView(askLibrary(library, 'latest papers on kv cache'))).toMatchObject({
      kind: 'list',
      heading: expect.stringMatching(/^Papers on that \(\d\), newest first$/),
    });
  });

  it('cap excerpts at the same length on every platform', () => {
    const r = askLibrary(library, 'How does KIVI quantize the key cache?');
    if (!r.ok) throw new Error('the core rejected the question');
    for (const x of r.answer.results) expect(x.excerpt.text.length).toBeLessThanOrEqual(ANSWER_SIZES.excerptChars);
  });
});
