/**
 * Coordinate ascent (Metzler & Croft, "Linear feature-based models for information retrieval", 2007), the
 * fitting procedure of `npm run fit`: one weight at a time takes the step of a fixed ladder that most improves
 * the objective; sweeps over all weights repeat until none improves it. One weight stays fixed (the score's
 * scale). Restarts from several start points; the best end point wins. Deterministic for given starts.
 */

/** Steps tried for each weight, each way. */
export const STEPS = [0.01, 0.03, 0.1, 0.3, 1].flatMap((s) => [s, -s]);

export function coordinateAscent(
  objective: (w: Float64Array) => number,
  starts: readonly Float64Array[],
  fixed: number,
  maxSweeps = 12,
): { weights: Float64Array; score: number } {
  let best = starts[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const start of starts) {
    const w = Float64Array.from(start);
    let score = objective(w);
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let improved = false;
      for (let j = 0; j < w.length; j++) {
        if (j === fixed) continue;
        const was = w[j]!;
        let stepBest = was;
        for (const step of STEPS) {
          w[j] = was + step;
          const s = objective(w);
          if (s > score + 1e-6) {
            score = s;
            stepBest = w[j]!;
            improved = true;
          }
        }
        w[j] = stepBest;
      }
      if (!improved) break;
    }
    if (score > bestScore) {
      bestScore = score;
      best = w;
    }
  }
  return { weights: best, score: bestScore };
}

/** Mulberry32: a small seeded generator, so folds and restarts repeat exactly. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fold of each item: items of each group shuffled with `rand` and dealt round-robin into `k` folds. */
export function assignFolds(groups: readonly string[], k: number, rand: () => number): Int32Array {
  const fold = new Int32Array(groups.length);
  for (const g of new Set(groups)) {
    const idx = groups.map((x, i) => (x === g ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((q, n) => {
      fold[q] = n % k;
    });
  }
  return fold;
}

/** Mean over groups of each group's mean score (so no group swamps the others). */
export function meanOfMeans(groups: readonly string[], score: (i: number) => number, include: (i: number) => boolean = () => true) {
  const sums = new Map<string, [number, number]>();
  groups.forEach((g, i) => {
    if (!include(i)) return;
    const acc = sums.get(g) ?? [0, 0];
    acc[0] += score(i);
    acc[1]++;
    sums.set(g, acc);
  });
  const per: Record<string, number> = {};
  let total = 0;
  for (const [g, [s, n]] of sums) {
    per[g] = s / n;
    total += s / n;
  }
  return { mean: total / Math.max(1, sums.size), per };
}
