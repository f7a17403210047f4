import { describe, expect, it } from 'vitest';
import { COINED_DF, rankingWords } from '../../src/answer/query-words.js';
import { analyzeQuery } from '../../src/retrieval/query.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { TermStats } from '../../src/retrieval/term-stats.js';
import { paperOf } from '../fixtures/corpus.js';

const index = SearchIndex.build([
  paperOf('a', 'Noise removal for leaf photos', 'We remove noise from crop photos before diagnosis, and fine-tuning helps.'),
  paperOf('b', 'Fine-tuning adapters', 'Adapters versus full fine-tuning.'),
  paperOf('c', 'Learning-rate schedules', 'Tuning the learning rate.'),
]);
// Background statistics: "fine-tuning" is a term of the field, "noise-removal" is not.
const stats = new TermStats(
  10_000,
  new Map([
    ['nois', 300],
    ['remov', 400],
    ['photo', 50],
    ['finetun', 2000],
    ['fine', 900],
    ['tune', 1500],
    ['noiseremov', COINED_DF - 1],
  ]),
);

describe('ranking words', () => {
  it('read a hyphenated coinage the field does not use as its parts, each weighed as itself, the compound still matched', () => {
    const words = rankingWords(analyzeQuery('noise-removal for photos', index, stats), index, stats);
    expect(words.map((w) => w.text)).toEqual(['noise', 'removal', 'photos']);
    const [noise, removal] = words;
    expect(noise!.weight).toBeCloseTo(stats.idf('nois'), 12);
    expect(removal!.weight).toBeCloseTo(stats.idf('remov'), 12);
    expect(noise!.terms).toEqual(['nois', 'noiseremov']);
    // Before, the one word weighed as the rarest of its terms: the coinage, rarer than its parts.
    const [whole] = analyzeQuery('noise-removal', index, stats);
    expect(whole!.weight).toBeGreaterThan(Math.max(noise!.weight, removal!.weight));
  });

  it('keep a compound of the field, a name with digits, and everything when there are no background statistics', () => {
    expect(rankingWords(analyzeQuery('fine-tuning adapters', index, stats), index, stats).map((w) => w.text)).toEqual([
      'fine-tuning',
      'adapters',
    ]);
    expect(rankingWords(analyzeQuery('Llama-2-7B', index, stats), index, stats).map((w) => w.text)).toEqual(['Llama-2-7B']);
    const plain = analyzeQuery('noise-removal', index, undefined);
    expect(rankingWords(plain, index, undefined)).toEqual(plain);
  });

  it('correct a typo in a part of a coinage, as a word typed alone would be ("nosie-removal")', () => {
    const words = rankingWords(analyzeQuery('nosie-removal for photos', index, stats), index, stats);
    expect(words.map((w) => w.text)).toEqual(['nosie', 'removal', 'photos']);
    expect(words[0]).toMatchObject({ corrected: 'nois', known: ['nois'] });
    expect(words[0]!.weight).toBeCloseTo(stats.idf('nois'), 12);
  });

  it('read a typo in a compound the field writes as that compound, whole ("fine-tunnig" is fine-tuning)', () => {
    const [word] = rankingWords(analyzeQuery('fine-tunnig adapters', index, stats), index, stats);
    expect(word).toMatchObject({ text: 'fine-tunnig', corrected: 'finetun' });
    expect(word!.terms[0]).toBe('finetun');
    expect(word!.known).toContain('finetun');
    // Weighed as the compound typed right is, not as a coinage's parts.
    expect(word!.weight).toBeCloseTo(analyzeQuery('fine-tuning', index, stats)[0]!.weight, 12);
  });

  it('do not repeat a part the question has as a word of its own', () => {
    expect(rankingWords(analyzeQuery('noise and noise-removal', index, stats), index, stats).map((w) => w.text)).toEqual([
      'noise',
      'removal',
    ]);
  });
});
