import { describe, expect, it } from 'vitest';
import { askerWeighted, COINED_DF, countQuestionTerms, parseQuestionTerms, rankingWords } from '../../src/answer/query-words.js';
import { analyzeQuery } from '../../src/retrieval/query.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { TermStats } from '../../src/retrieval/term-stats.js';

const paper = (id: string, title: string, abstract: string) => ({
  id,
  title,
  abstract,
  authors: [],
  year: 2024,
  url: null,
  codeUrl: null,
  source: 'test',
});
const index = SearchIndex.build([
  paper('a', 'Noise removal for leaf photos', 'We remove noise from crop photos before diagnosis, and fine-tuning helps.'),
  paper('b', 'Fine-tuning adapters', 'Adapters versus full fine-tuning.'),
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

  it('do not repeat a part the question has as a word of its own', () => {
    expect(rankingWords(analyzeQuery('noise and noise-removal', index, stats), index, stats).map((w) => w.text)).toEqual([
      'noise',
      'removal',
    ]);
  });
});

describe('the words of asking', () => {
  const table = parseQuestionTerms({ questions: 100, df: { im: 20, nois: 2 } });

  it('weigh a word commoner in questions than in abstracts down by the ratio, and leave topic words alone', () => {
    const words = analyzeQuery("I'm after noise", index, stats);
    const [im, noise] = askerWeighted(words, stats, table);
    // "im": in 20% of questions and (below the table's cut-off) in 0.005% of abstracts.
    expect(im!.weight).toBeCloseTo(words[0]!.weight * (0.5 / 10_000 / 0.2), 12);
    // "noise": in 3% of abstracts, 2% of questions: as common in abstracts as in questions about them.
    expect(noise!.weight).toBe(words[1]!.weight);
    expect(askerWeighted(words, undefined, table)).toEqual(words);
  });

  it('come from a checked table counting each term once per question', () => {
    expect(countQuestionTerms(['noise noise removal', 'noise photos', 'removal'], 2)).toEqual({ questions: 3, df: { nois: 2, remov: 2 } });
    expect(() => parseQuestionTerms({ questions: 2, df: { a: 3 } }, 'q.json')).toThrow(/q.json: "df.a" must be an integer in 1..2/);
    expect(() => parseQuestionTerms({ df: {} }, 'q.json')).toThrow(/"questions" must be a positive integer/);
  });
});
