import { beforeAll, describe, expect, it } from 'vitest';
import { createLibrary, type Library, MAX_QUESTION_CHARS } from '../../src/index.js';
import { checkAnyQuestion } from '../fixtures/answer-property.js';
import { fixturePapers, fixtureTermStats } from '../fixtures/corpus.js';

let lib: Library;
let bare: Library;
beforeAll(async () => {
  const papers = await fixturePapers();
  lib = createLibrary(papers, { termStats: await fixtureTermStats() });
  bare = createLibrary(papers);
});

function answerTo(q: string, l = lib) {
  const r = l.ask(q);
  if (!r.ok) throw new Error(r.error.message);
  return r.answer;
}

describe('answering (fixture corpus)', () => {
  it('cites the paper a question names, with its url, code link and a verbatim excerpt', () => {
    const a = answerTo('how does FROST handle rare categories?');
    expect(a.answered).toBe(true);
    const first = a.results[0]!;
    expect(first.citation).toEqual({
      id: '2501.00001',
      title: 'FROST: Freezing Rarely Observed States for Tabular Transformers',
      url: 'https://arxiv.org/abs/2501.00001',
      authors: ['Ada Lind', 'Bo Chen'],
      etAl: false,
      year: 2025,
      codeUrl: 'https://github.com/example/frost',
    });
    expect(first.excerpt.text).toContain('freezes the embeddings of rarely observed states');
    expect(first.excerpt.highlights.map((h) => first.excerpt.text.slice(h.start, h.end))).toContain('FROST');
  });

  it('for a question about a problem, shows the sentence stating it, not only the one saying "to address this problem"', () => {
    expect(answerTo('what is the problem with fine-tuning tabular transformers?').results[0]!.excerpt.text).toContain(
      'forget rare categories',
    );
  });

  it('finds a paper by a name of several words ("Tiny Owl")', () => {
    const first = answerTo('what does Tiny Owl run on?').results[0]!;
    expect(first.citation.id).toBe('2501.00002');
    expect(first.excerpt.text).toContain('runs at 30 frames per second on a phone');
  });

  it('corrects a typo against the corpus vocabulary', () => {
    expect(answerTo('grpah neural networks for crop yields').results[0]!.citation.id).toBe('2501.00006');
  });

  it('treats a question about "papers" as a request for a list', () => {
    const a = answerTo('papers about quantization or sparse attention');
    expect(a.kind).toBe('list');
    expect(
      a.results
        .slice(0, 2)
        .map((r) => r.citation.id)
        .sort(),
    ).toEqual(['2501.00003', '2501.00007']);
    expect(answerTo('how does FROST handle rare categories?').kind).toBe('single');
  });

  it('abstains on a question no paper covers, with and without background statistics', () => {
    for (const l of [lib, bare]) {
      const a = answerTo('how do I bake sourdough bread?', l);
      expect(a.answered).toBe(false);
      expect(a.reason).toBe('weak-match');
      expect(a.evidence!.coverage).toBeLessThan(0.5);
    }
    expect(answerTo('the of and', lib)).toMatchObject({ answered: false, reason: 'no-searchable-terms', results: [] });
  });

  it('returns typed failures for empty and over-long questions', () => {
    expect(lib.ask('   ')).toMatchObject({ ok: false, error: { code: 'EMPTY_QUESTION' } });
    expect(lib.ask('why '.repeat(MAX_QUESTION_CHARS))).toMatchObject({ ok: false, error: { code: 'QUESTION_TOO_LONG' } });
  });

  it('finds papers by arXiv id (with a version), acronym and title prefix', () => {
    expect(lib.lookup('2501.00003v2')[0]!.id).toBe('2501.00003');
    expect(lib.lookup('arXiv: 2501.00004')[0]!.id).toBe('2501.00004');
    expect(lib.lookup('frost')[0]!.id).toBe('2501.00001');
    expect(lib.lookup('tiny o')[0]!.id).toBe('2501.00002');
    expect(lib.lookup('')).toHaveLength(10);
    expect(lib.lookup('', 3)).toHaveLength(3);
  });

  it('shows a card with the lead of the abstract, and pages through papers, all or by topic', () => {
    const card = lib.card('2501.00008', 120)!;
    expect(card.lead).toBe('Robotic grasping policies trained with reinforcement learning struggle on unusual objects.');
    expect(card.leadCut).toBe(true);
    expect(lib.card('nope')).toBeUndefined();
    expect(lib.list(undefined, 0, 4)).toMatchObject({ total: 10, offset: 0 });
    expect(lib.list(undefined, 8, 4).items.map((c) => c.id)).toEqual(['2501.00009', '2501.00010']);
    expect(lib.list('quantization', 0, 5).items.map((c) => c.id)).toEqual(['2501.00003']);
  });

  it('any question string gives a valid answer or a typed failure; ranking is sorted, de-duplicated, at most top; excerpts are verbatim and capped', () => {
    checkAnyQuestion(lib, ['frost', 'tiny owl', '4-bit', 'what?', '@everyone', 'SpeQ WER']);
  });
});
