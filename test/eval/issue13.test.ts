/**
 * Issue 13's sets (test/eval/issue13.ts), built from the metadata of the seed papers and 10k real distractors:
 * floors on the `train` split, a little below what it reaches (README "Questions about authors, years, names…");
 * the `test` split is reported by `npm run eval -- --sets issue13`, never gated or tuned on. Quality, never time.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLibrary, loadCorpusFile, loadTermStats } from '../../src/index.js';
import { loadDistractors, SHARED_CORPUS } from './evaluate.js';
import { buildSets, hasPhrase, listPhrases, type Row, runSets } from './issue13.js';

const FLOORS: Record<string, number> = {
  'authors/precision': 0.8,
  'authors/recall@5': 0.78,
  'years/purity': 0.97,
  'years/hit@5': 0.95,
  'names/absent abstention': 0.93,
  'names/present top-1': 0.95,
  'compare/both papers': 0.95,
  'compare/side removed: abstention': 0.93,
  'follow-ups/top-1': 0.95,
  'follow-ups/key in excerpt': 0.9,
  'lists/purity': 0.84,
  'lists/title recall@5': 0.84,
  'lists (old topics)/purity': 0.6,
};
// Where plain BM25 is computed in the same run, citebot must beat it on these.
const ABOVE_BM25 = ['authors/precision', 'years/purity', 'names/present top-1', 'follow-ups/top-1', 'lists/purity'];

describe('issue 13: authors, years, names, compare, follow-ups, lists', () => {
  it.runIf(existsSync(SHARED_CORPUS))(
    'the training split meets its floors over the seed papers and 10k distractors, above plain BM25',
    async () => {
      const seed = await loadCorpusFile(new URL('../../data/papers.jsonl', import.meta.url).pathname);
      const termStats = await loadTermStats(new URL('../../data/term-stats.tsv.gz', import.meta.url).pathname);
      const papers = [...seed, ...(await loadDistractors(10_000))];
      const sets = buildSets(papers);
      const full = createLibrary(papers, { termStats });
      const copy = createLibrary(
        papers.filter((p) => !sets.removed.has(p.id)),
        { termStats },
      );
      const rows = runSets(sets, full, copy, papers).filter((r) => r.split === 'train');
      const at = (key: string): Row => rows.find((r) => `${r.set}/${r.metric}` === key)!;
      for (const [key, floor] of Object.entries(FLOORS)) {
        expect(at(key).n, key).toBeGreaterThanOrEqual(15);
        expect(at(key).citebot, key).toBeGreaterThanOrEqual(floor);
      }
      for (const key of ABOVE_BM25) expect(at(key).citebot, key).toBeGreaterThan(at(key).bm25!);
    },
    180_000,
  );

  it('list topics are two plain words a title has as a phrase, not pieces of compounds, function words or across a colon', () => {
    const paper = (id: string, title: string) => ({
      id,
      title,
      abstract: '',
      authors: [] as string[],
      year: null,
      url: null,
      codeUrl: null,
      source: 'json' as const,
    });
    const phrases = listPhrases([
      paper('a', 'Zero-Shot Visual Grounding'),
      paper('b', 'What Makes Machine Translation Hard'),
      paper('c', 'SmokeBench: A Real-World Dataset: Smoke Removal'),
      paper('d', 'Do We Really Need Attention'),
    ]);
    expect([...phrases.keys()].sort()).toEqual(['machine translation', 'smoke removal', 'translation hard', 'visual grounding']);
    // The reference folds case, diacritics, hyphens and a plural "s", and nothing else.
    expect(hasPhrase(paper('e', 'Surface Reconstructions from Multi-View Images'), 'surface reconstruction')).toBe(true);
    expect(hasPhrase(paper('f', 'Multi-view images'), 'view image')).toBe(true);
    expect(hasPhrase(paper('g', 'Reconstruction of a surface'), 'surface reconstruction')).toBe(false);
  });
});
