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
