import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runSteps } from '../../src/retrieval/lazy.js';
import { PostingsBuilder } from '../../src/retrieval/postings.js';
import { LeanPostingsBuilder } from '../../src/retrieval/postings-build.js';

type Doc = [term: string, weight: number][];

/** The same documents through both builders: every array of the index, compared element by element. */
function bothBuilt(docs: readonly Doc[], chunkBits: number, layoutBytes: number, spillChunks?: number) {
  const reference = new PostingsBuilder();
  const spill = spillChunks === undefined ? undefined : { dir: spillDir, budgetBytes: spillChunks * (1 << chunkBits) * 6 };
  const lean = new LeanPostingsBuilder(spill, chunkBits, layoutBytes);
  for (const doc of docs) {
    reference.add(doc);
    lean.startDoc();
    for (const [term, weight] of doc) lean.addId(lean.termId(term), weight);
    lean.endDoc();
  }
  return { expected: reference.build().data, actual: runSteps(lean.buildSteps(7)).data };
}

const spillDir = mkdtempSync(join(tmpdir(), 'citebot-spill-'));
afterAll(() => rmSync(spillDir, { recursive: true, force: true }));

describe('the lean postings builder', () => {
  it('builds exactly the index PostingsBuilder builds, whatever the chunk size, the layout budget and what is spilled', () => {
    const term = fc.constantFrom('a', 'b', 'c', 'dé', 'e', 'ƒ', 'g', 'h', 'kv', 'cache', '𝛼');
    const doc = fc.array(fc.tuple(term, fc.constantFrom(1, 2, 4, 0.5)), { maxLength: 40 });
    fc.assert(
      fc.property(
        fc.array(doc, { maxLength: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 600 }),
        (docs, bits, budget) => {
          const { expected, actual } = bothBuilt(docs, bits, budget);
          expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
          for (const [field, value] of Object.entries(expected))
            expect([field, actual[field as keyof typeof actual]]).toEqual([field, value]);
        },
      ),
      { numRuns: 200, seed: 14 },
    );
  });

  it('packs long lists (many blocks, wide distances, frequencies up to the cap) the same way', () => {
    // 3,000 documents: the common term in every one, a rare one every 997th, one with a huge weight.
    const docs: Doc[] = Array.from({ length: 3000 }, (_, d) => [
      ['common', 1 + (d % 5)],
      ...(d % 997 === 0 ? ([['rare', 2]] as Doc) : []),
      ...(d % 13 === 0 ? ([['heavy', 40_000]] as Doc) : []),
    ]);
    expect(bothBuilt(docs, 4, 64).actual).toEqual(bothBuilt(docs, 4, 64).expected);
    const spilled = bothBuilt(docs, 8, 64, 1);
    expect(spilled.actual).toEqual(spilled.expected);
    // The spill file is removed from the folder as soon as it is opened.
    expect(readdirSync(spillDir)).toEqual([]);
  });
});
