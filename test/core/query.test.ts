import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../src/retrieval/query.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { TermStats } from '../../src/retrieval/term-stats.js';

const index = SearchIndex.build([
  {
    id: 'a',
    title: "O'Brien's benchmark of hidden words",
    abstract: "Models match definitions to contexts; the LLM's guesses trail humans.",
    authors: [],
    year: 2024,
    url: null,
    codeUrl: null,
    source: 'test',
  },
]);
// As in the background corpus: "im" and "dont" are in few abstracts, so they would weigh like topic words.
const stats = new TermStats(
  136_000,
  new Map([
    ['im', 127],
    ['dont', 458],
    ['benchmark', 9000],
    ['word', 12_000],
  ]),
);

describe('question words', () => {
  it('leave out contractions of function words ("I\'m", "don\'t", "we\'ve"), keep possessives and names', () => {
    const words = analyzeQuery(
      "I'm looking for a benchmark where models don't see hidden words, we've tried O'Brien's and the LLM's",
      index,
      stats,
    );
    const texts = words.map((w) => w.text);
    for (const gone of ["I'm", "don't", "we've"]) expect(texts).not.toContain(gone);
    expect(texts).toEqual(expect.arrayContaining(['benchmark', 'hidden', 'words', "O'Brien's", "LLM's"]));
    expect(words.find((w) => w.text === "LLM's")?.terms).toEqual(['llm']);
  });
});

describe('the language of asking', () => {
  // Background statistics where "keep", "vs" and "trick" are as rare as a topic word ("quantization").
  const asking = new TermStats(
    136_000,
    new Map([
      ['keep', 400],
      ['vs', 400],
      ['trick', 400],
      ['quantiz', 400],
    ]),
  );
  const quantIndex = SearchIndex.build([
    {
      id: 'q',
      title: 'Quantization that keeps accuracy',
      abstract: 'A trick: quantization vs pruning.',
      authors: [],
      year: 2024,
      url: null,
      codeUrl: null,
      source: 'test',
    },
  ]);

  it('weighs the words people ask with but abstracts seldom say (data/question-words.json) below a topic word of the same IDF', () => {
    const words = analyzeQuery('what trick keeps quantization accuracy vs pruning', quantIndex, asking);
    const of = (text: string) => words.find((w) => w.text === text)!;
    expect(of('quantization').weight).toBeCloseTo(asking.idf('quantiz'), 10);
    expect(of('quantization').informative).toBeUndefined();
    for (const text of ['trick', 'keeps', 'vs']) expect(of(text).weight, text).toBeLessThan(of('quantization').weight / 2);
    // Its weight before the discount rides along: answering or abstaining is decided on it.
    for (const text of ['trick', 'vs']) expect(of(text).informative, text).toBeCloseTo(asking.idf(of(text).terms[0]!), 10);
  });
});
