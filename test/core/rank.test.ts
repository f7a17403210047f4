import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ABSTENTION,
  decide,
  firstPass,
  parseWeights,
  RANKING,
  RANKING_WEIGHTS,
  type Ranked,
  rerankLeaders,
} from '../../src/answer/rank.js';
import type { QueryWord } from '../../src/retrieval/query.js';
import type { Candidate } from '../../src/retrieval/retriever.js';

const word = (text: string, weight: number): QueryWord => ({ text, terms: [text], known: [text], weight });
const weightOf = (t: string) => ({ rare: 6, name: 10, common: 1, other: 3 })[t as 'rare'] ?? 0;
const best = (matched: string[], words: QueryWord[]): Ranked => firstPass([{ doc: 0, score: 1, matched }], words, new Set(), weightOf)[0]!;

describe('ranking constants', () => {
  it('are all in RANKING, each explained by a comment, and nowhere else in the answering code', () => {
    const source = readFileSync(new URL('../../src/answer/rank.ts', import.meta.url), 'utf8');
    const block = source.slice(source.indexOf('export const RANKING'), source.indexOf('} as const;'));
    for (const key of Object.keys(RANKING)) expect(block, key).toMatch(new RegExp(`\\*/\\n\\s+${key}: `));
    for (const file of ['answer/ask.ts', 'answer/catalogue.ts', 'answer/question.ts', 'library.ts']) {
      const text = readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/^const [A-Z_]+ = \d/m);
    }
  });
});

describe('ranking weights', () => {
  it('are data: every feature of each pass has a finite weight, and a malformed file is refused by name', () => {
    expect(Object.keys(RANKING_WEIGHTS.first).sort()).toEqual(['corpusCoverage', 'coverage', 'lexical', 'named', 'namedTitle']);
    expect(() => parseWeights({ first: { lexical: 1 }, leaders: {} }, 'w.json')).toThrow(/w.json: "first.coverage" must be a number/);
    expect(() => parseWeights({ ...RANKING_WEIGHTS, leaders: { ...RANKING_WEIGHTS.leaders, bogus: 1 } }, 'w.json')).toThrow(
      /unknown features bogus/,
    );
  });
});

describe('ranking', () => {
  it('first pass: sorted best first, ties in corpus order, a named paper lifted by the name bonus', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.double({ min: 0.01, max: 50, noNaN: true }), matched: fc.subarray(['rare', 'common', 'other']) }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.nat(30),
        (rows, namedDoc) => {
          const hits: Candidate[] = rows.map((r, doc) => ({ doc, ...r })).sort((a, b) => b.score - a.score || a.doc - b.doc);
          const ranked = firstPass(hits, [word('rare', 6), word('common', 1), word('other', 3)], new Set([namedDoc]), weightOf);
          expect(ranked).toHaveLength(hits.length);
          for (let i = 1; i < ranked.length; i++) {
            const [a, b] = [ranked[i - 1]!, ranked[i]!];
            expect(a.score > b.score || (a.score === b.score && a.hit.doc < b.hit.doc)).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 5 },
    );
    const words = [word('rare', 6)];
    const hits = [
      { doc: 0, score: 2, matched: ['rare'] },
      { doc: 1, score: 2, matched: ['rare'] },
    ];
    expect(firstPass(hits, words, new Set([1]), weightOf).map((r) => [r.hit.doc, r.score])).toEqual([
      [
        1,
        RANKING_WEIGHTS.first.lexical + RANKING_WEIGHTS.first.coverage + RANKING_WEIGHTS.first.corpusCoverage + RANKING_WEIGHTS.first.named,
      ],
      [0, RANKING_WEIGHTS.first.lexical + RANKING_WEIGHTS.first.coverage + RANKING_WEIGHTS.first.corpusCoverage],
    ]);
  });

  it('reranks at least RANKING.rerank leaders (more when top is larger) by the weighted features of their text', () => {
    const hits = Array.from({ length: 30 }, (_, doc) => ({ doc, score: 30 - doc, matched: ['rare'] }));
    const ranked = firstPass(hits, [word('rare', 6)], new Set(), weightOf);
    const one = (r: Ranked) => (r.hit.doc === 7 ? 1 : 0);
    const inspect = (r: Ranked) => ({
      leader: { passage: one(r), title: one(r), names: one(r), phrase: one(r), abstractTf: one(r), sentence: one(r), corpusTitle: one(r) },
    });
    expect(rerankLeaders(ranked, 5, inspect)).toHaveLength(RANKING.rerank);
    expect(rerankLeaders(ranked, 20, inspect)).toHaveLength(20);
    expect(rerankLeaders(ranked, 5, inspect)[0]!.hit.doc).toBe(7);
  });

  it('answers at ABSTENTION.minCoverage, abstains below it, and needs one informative word', () => {
    const words = [word('rare', 6), word('other', 3), word('common', 3)];
    expect(decide(best(['rare'], words), words, true, 100)).toMatchObject({
      answered: true,
      evidence: { coverage: 0.5, matchedWeight: 6, totalWeight: 12 },
    });
    expect(decide(best(['other'], words), words, true, 100).answered).toBe(false); // 0.25 < minCoverage
    const generic = [word('common', 1), word('other', 1)];
    expect(decide(best(['common', 'other'], generic), generic, true, 100)).toMatchObject({ answered: false, evidence: { coverage: 1 } }); // nothing informative
  });

  it('ranks by the discounted weight of the language of asking but decides on its full weight', () => {
    // "keep" in a question: a paper matching only it covers little of the question for ranking; whether to answer
    // is decided as before the discount, so a question does not abstain for matching a word of asking.
    const words = [word('rare', 6), { ...word('other', 0.6), informative: 3 }];
    const onlyOther = best(['other'], words);
    expect(onlyOther.features.coverage).toBeCloseTo(0.6 / 6.6, 10);
    expect(onlyOther.ev).toMatchObject({ matchedWeight: 3, totalWeight: 9 });
    const both = best(['rare', 'other'], words);
    expect(decide(both, words, true, 100)).toMatchObject({ answered: true, evidence: { coverage: 1, matchedWeight: 9 } });
    const plain = [word('rare', 6), word('other', 3)];
    expect(decide(best(['rare'], words), words, true, 100)).toEqual(decide(best(['rare'], plain), plain, true, 100));
  });

  it('answers a long question with partial coverage when enough specific weight matched', () => {
    // Enough other words that the two matched ones (16 of weight) cover between the partial and the full threshold.
    const target = (ABSTENTION.minPartialCoverage + ABSTENTION.minCoverage) / 2;
    const others = Math.round((16 / target - 16) / 3);
    const words = [word('rare', 6), word('name', 10), ...Array.from({ length: others }, (_, i) => word(`w${i}`, 3))];
    const ranked = best(['rare', 'name'], words);
    expect(ABSTENTION.minMatchedWeight).toBeLessThanOrEqual(16);
    expect(ranked.ev.coverage).toBeGreaterThanOrEqual(ABSTENTION.minPartialCoverage);
    expect(ranked.ev.coverage).toBeLessThan(ABSTENTION.minCoverage);
    expect(decide(ranked, words, true, 100).answered).toBe(true);
    expect(
      decide(best(['rare'], words.slice(0, 1).concat(words.slice(2))), words.slice(0, 1).concat(words.slice(2)), true, 100).answered,
    ).toBe(false);
  });
});
