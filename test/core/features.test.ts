import { describe, expect, it } from 'vitest';
import {
  analyzeSentences,
  bestExcerpt,
  excerptSpan,
  parseSentenceWeights,
  SENTENCE_FEATURES,
  SENTENCE_WEIGHTS,
} from '../../src/answer/excerpt.js';
import { LEADER_FEATURES, leaderFeatures } from '../../src/answer/features.js';
import type { QueryWord } from '../../src/retrieval/query.js';

const word = (text: string, term: string, weight: number): QueryWord => ({ text, terms: [term], known: [term], weight });
const idf = () => 3;

describe('leader features', () => {
  const words = [word('graph', 'graph', 4), word('attention', 'attent', 4), word('speech', 'speech', 2)];
  const read = (title: string, abstract: string) => leaderFeatures(words, idf, { title, names: '', abstract, passageCoverage: 0.5 });

  it('are shares of the question in 0..1, one per named feature', () => {
    const f = read('Graph attention', 'We study graph attention. Speech is not covered.');
    expect(Object.keys(f).sort()).toEqual([...LEADER_FEATURES].sort());
    for (const v of Object.values(f)) expect(v).toBeGreaterThanOrEqual(0);
    expect(f.passage).toBe(0.5);
    expect(f.title).toBeCloseTo(0.6); // graph and attention, each credited min(its weight 4, its IDF 3), of 10
  });

  it('phrase counts adjacent question words only where they stand together', () => {
    expect(read('x', 'graph attention for speech').phrase).toBeGreaterThan(read('x', 'attention on a graph, and speech').phrase);
  });

  it('sentence scores the one sentence holding most of the question higher than words spread over several', () => {
    expect(read('x', 'Graph attention for speech. Other things.').sentence).toBeGreaterThan(
      read('x', 'Graph models. Attention heads. Speech data.').sentence,
    );
  });
});

describe('sentence weights', () => {
  it('are data with one finite weight per feature; a malformed file is refused by name', () => {
    expect(Object.keys(SENTENCE_WEIGHTS).sort()).toEqual([...SENTENCE_FEATURES].sort());
    expect(() => parseSentenceWeights({ sentence: { coverage: 1 } }, 'w.json')).toThrow(/w.json: "sentence.phrase" must be a number/);
    expect(() => parseSentenceWeights({ sentence: { ...SENTENCE_WEIGHTS, bogus: 1 } }, 'w.json')).toThrow(/unknown features bogus/);
  });

  it('choosing from the analysis gives the excerpt bestExcerpt gives, and other weights choose other sentences', () => {
    const text = 'We propose a fast cache. It reduces memory by 40%. Results on speech are strong.';
    const query = [new Map([['memori', 3]]), new Map([['speech', 3]])];
    const analysis = analyzeSentences(text, query, { maxChars: 30 });
    const { start, end } = excerptSpan(analysis, SENTENCE_WEIGHTS);
    expect(bestExcerpt(text, query, { maxChars: 30 }).text).toBe(text.slice(start, end));
    const late = { ...SENTENCE_WEIGHTS, position: 10 };
    expect(bestExcerpt(text, query, { maxChars: 30, weights: late }).text).toBe('Results on speech are strong.');
  });
});
