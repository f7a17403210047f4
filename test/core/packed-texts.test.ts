import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packTexts, unpackTexts } from '../../src/store/packed-texts.js';

describe('texts packed for another thread', () => {
  it('come back exactly as they were: arrays of any strings, texts of any lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.string({ maxLength: 3 }), fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 20 })),
        fc.dictionary(
          fc.string({ maxLength: 3 }),
          fc.array(fc.string({ unit: 'grapheme' })).map((lines) => lines.join('\n')),
        ),
        async (arrays, texts) => {
          expect(await unpackTexts(packTexts(arrays, texts))).toEqual({ arrays, texts });
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('are cut into pieces small enough to decode one per turn, and reassembled in order', async () => {
    const titles = Array.from({ length: 12_345 }, (_, i) => `Title ${i}: “LLaMA” — ${'é'.repeat(i % 7)}`);
    const words = Array.from({ length: 200_000 }, (_, i) => `word${i}`).join('\n');
    const packed = packTexts({ titles }, { words });
    expect(packed.pieces.filter((p) => p.key === 'titles')).toHaveLength(3);
    expect(packed.pieces.filter((p) => p.key === 'words' && p.kind === 'text').length).toBeGreaterThan(1);
    expect(Math.max(...packed.pieces.map((p, i) => p.end - (packed.pieces[i - 1]?.end ?? 0)))).toBeLessThan(1_000_000);
    expect(await unpackTexts(packed)).toEqual({ arrays: { titles }, texts: { words } });
  });
});
