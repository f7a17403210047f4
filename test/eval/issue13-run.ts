import type { Library, Paper } from '../../src/index.js';
import { loadDistractors } from './evaluate.js';
import { buildSets, runSets, table } from './issue13.js';

/**
 * `npm run eval -- --sets issue13`: issue 13's sets over the seed papers and 10k distractors (`--all`: and over all
 * 136k), both splits, beside plain BM25 from the same run.
 */
export async function runIssue13(
  seed: Paper[],
  build: (papers: Paper[]) => Library,
  big: { papers: Paper[]; library: Library } | undefined,
): Promise<void> {
  const tiers: [string, Paper[], Library | undefined][] = [
    ['seed + 10k distractors', [...seed, ...(await loadDistractors(10_000))], undefined],
  ];
  if (big) tiers.push([`all ${big.papers.length} papers`, big.papers, big.library]);
  for (const [name, papers, built] of tiers) {
    const sets = buildSets(papers);
    const full = built ?? build(papers);
    const copy = build(papers.filter((p) => !sets.removed.has(p.id)));
    console.log(`## issue13: ${name} (${sets.removed.size} named papers removed from the copy)\n`);
    console.log(table(runSets(sets, full, copy, papers)));
    console.log('');
  }
}
