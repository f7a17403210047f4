import { describe, expect, it } from 'vitest';
import { crossValidateGrid, ndcgAt10, objective } from './fit-bm25.js';

// Two sets of 10 questions each; a point's figure per question.
const sets = [...Array(10).fill('a'), ...Array(10).fill('b')] as string[];
const point = (a: number, b: number) => Float64Array.from(sets, (s) => (s === 'a' ? a : b));

describe('fit:bm25 choosing parameters', () => {
  it('keeps today’s parameters unless another point does better, and picks one that is better on every set', () => {
    const today = point(0.7, 0.9);
    expect(crossValidateGrid(sets, [today, point(0.7, 0.9), point(0.6, 0.8)], 5, 20)).toMatchObject({ chosen: [0, 0, 0, 0, 0], final: 0 });
    const better = crossValidateGrid(sets, [today, point(0.6, 0.95), point(0.72, 0.91)], 5, 20);
    expect(better.final).toBe(2);
    expect(better.chosen).toEqual([2, 2, 2, 2, 2]);
    expect([...better.heldOut]).toEqual([...point(0.72, 0.91)]);
  });

  it('does not buy one set’s gain with another’s loss', () => {
    // +0.05 on a, −0.02 on b: a higher mean, but b falls below today's figure (penalised tenfold).
    const floor = { a: 0.7, b: 0.9 };
    expect(objective(sets, (i) => point(0.75, 0.88)[i]!, floor)).toBeCloseTo((0.75 + 0.88) / 2 - 10 * 0.02, 10);
    expect(crossValidateGrid(sets, [point(0.7, 0.9), point(0.75, 0.88)], 5, 20).final).toBe(0);
  });

  it('scores each held-out fold with the point chosen without it', () => {
    // Point 1 is better on one question of set a only: the fold holding that question cannot see it.
    const today = point(0.5, 0.5);
    const lucky = Float64Array.from(today);
    lucky[3] = 1;
    const { chosen, heldOut, final } = crossValidateGrid(sets, [today, lucky], 5, 20);
    expect(final).toBe(1);
    expect(chosen.filter((p) => p === 0)).toHaveLength(1);
    expect(heldOut[3]).toBe(0.5);
  });

  it('measures nDCG@10 as the eval does', () => {
    expect(ndcgAt10(['x', 'y'], ['x'])).toBe(1);
    expect(ndcgAt10(['y', 'x'], ['x'])).toBeCloseTo(1 / Math.log2(3), 10);
    expect(ndcgAt10(['y'], ['x'])).toBe(0);
  });
});
