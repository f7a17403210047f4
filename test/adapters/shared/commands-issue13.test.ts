/** Issue 13's decisions shared by every platform: filter options, the new answer views, author choices, threads, bylines. */
import { describe, expect, it } from 'vitest';
import {
  answerView,
  askLibrary,
  authorChoices,
  authorList,
  authorsOf,
  bylineShortens,
  papersPage,
  readFilterOptions,
  relatedChoice,
  ThreadMemory,
} from '../../../adapters/shared/commands.js';
import type { Citation } from '../../../src/index.js';
import { seedLibrary } from '../support.js';

describe('issue 13 in the shared commands', () => {
  it('filter options: a year or range is read, a bad one is a problem with a message naming it', async () => {
    expect(readFilterOptions({ author: ' Zirui  Liu ', year: '2023..2024' })).toEqual({
      ok: true,
      filters: { authors: ['Zirui Liu'], years: { from: 2023, to: 2024 } },
    });
    const bad = answerView(askLibrary(await seedLibrary(), 'kv cache', { filters: { year: 'soon' } }));
    expect(bad).toMatchObject({ kind: 'problem', error: { code: 'INVALID_FILTER' } });
    expect(bad.kind === 'problem' && bad.error.message).toContain('“soon”');
    // The same syntax typed in the question is read the same way, not dropped as if no year had been asked for.
    const typed = answerView(askLibrary(await seedLibrary(), 'kv cache quantization year:soon'));
    expect(typed).toMatchObject({ kind: 'problem', error: { code: 'INVALID_FILTER' } });
    expect(typed.kind === 'problem' && typed.error.message).toContain('“soon”');
    const good = answerView(askLibrary(await seedLibrary(), 'kv cache quantization year:2024'));
    expect(good.kind).not.toBe('problem');
  });

  it('views: not-in-collection names the name; compare has both sides; "papers by" has its heading and filters line', async () => {
    const library = await seedLibrary();
    const none = answerView(askLibrary(library, 'what is FastViDAR?'));
    expect(none).toMatchObject({
      kind: 'none',
      reason: 'not-in-collection',
      name: 'FastViDAR',
      headline: 'No paper in this collection mentions FastViDAR',
    });
    const cmp = answerView(askLibrary(library, 'compare KIVI and SwiftKV'));
    expect(cmp.kind).toBe('compare');
    if (cmp.kind === 'compare')
      expect(cmp.sides.map((s) => [s.name, s.citation.id])).toEqual([
        ['KIVI', '2402.02750'],
        ['SwiftKV', '2410.03960'],
      ]);
    const by = answerView(askLibrary(library, 'papers by Zirui Liu'));
    expect(by).toMatchObject({ kind: 'list', heading: 'Papers by Zirui Liu (1), newest first', filters: 'by Zirui Liu' });
    expect(answerView(askLibrary(library, 'papers by Nobody Anywhere'))).toMatchObject({
      kind: 'none',
      headline: 'No paper in this collection is by Nobody Anywhere',
    });
  });

  it('a follow-up carries the turn: "and the value cache?" stays on KIVI', async () => {
    const library = await seedLibrary();
    const memory = new ThreadMemory(2);
    const first = answerView(askLibrary(library, 'How does KIVI quantize the key cache?'));
    if (first.kind === 'problem') throw new Error('no answer');
    memory.add('t', first.turn);
    const next = answerView(askLibrary(library, 'and the value cache?', { turns: memory.turns('t') }));
    expect(next.kind === 'single' && next.best.citation.id).toBe('2402.02750');
    memory.add('u', first.turn);
    memory.add('v', first.turn);
    expect(memory.turns('t')).toEqual([]); // the least recently used thread is forgotten past the bound
  });

  it('author choices, /related, /papers with an author, all authors', async () => {
    const library = await seedLibrary();
    expect(authorChoices(library, 'zirui')).toEqual([{ name: 'Zirui Liu', papers: 1 }]);
    const rel = relatedChoice(library, 'KIVI');
    expect(rel.kind === 'related' && rel.view.related.map((r) => r.citation.id)).not.toContain('2402.02750');
    const usage = relatedChoice(library, '');
    expect(usage.kind === 'usage' && usage.usage).toBe('Usage: /related <title, acronym or arXiv id>, e.g. /related KIVI');
    const page = papersPage(library, { topic: '', page: 0, author: 'Z. Liu' });
    expect(page).toMatchObject({ total: 1, filters: 'by Zirui Liu' });
    expect(page.items.map((c) => c.id)).toEqual(['2402.02750']);
    expect(page.next).toBeUndefined();
    expect(papersPage(library, { topic: '', page: 0, year: 'nope' }).problem).toContain('nope');
    const lastYear = papersPage(library, { topic: 'papers from last year', page: 0 }, new Date('2026-06-01T00:00:00Z'));
    expect(lastYear).toMatchObject({ total: 3, filters: '2025' });
    expect(authorsOf(library, '2402.02750')).toMatchObject({ authors: ['Zirui Liu'], etAl: true });
  });

  it('a byline shows an author a filter matched even where "et al." would hide them', () => {
    const c: Citation = {
      id: 'x',
      title: 't',
      url: null,
      authors: ['A One', 'B Two', 'C Three', 'D Four', 'Tri Dao'],
      etAl: false,
      year: 2024,
      codeUrl: null,
      matchedAuthors: ['Tri Dao'],
    };
    expect(authorList(c)).toBe('A One, B Two, C Three, …, Tri Dao');
    expect(authorList({ ...c, authors: [...c.authors, 'E Five'] })).toBe('A One, B Two, C Three, …, Tri Dao et al.');
    expect(authorList({ ...c, matchedAuthors: undefined })).toBe('A One, B Two, C Three et al.');
    expect(bylineShortens(c)).toBe(true);
    expect(bylineShortens({ ...c, authors: ['A One'], etAl: false })).toBe(false);
    expect(bylineShortens({ ...c, authors: ['A One'], etAl: true })).toBe(true);
  });
});
