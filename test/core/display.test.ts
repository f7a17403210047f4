import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displaySpan, displayText } from '../../src/index.js';

const seed = readFileSync(fileURLToPath(new URL('../../data/papers.jsonl', import.meta.url)), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { id: string; abstract: string });

/** The text with every edit put back: must be the source again (the map is exact). */
function undo(source: string, d: ReturnType<typeof displayText>): string {
  let out = '';
  let at = 0;
  for (const e of d.edits) {
    out += d.text.slice(at, e.display[0]) + source.slice(e.source[0], e.source[1]);
    at = e.display[1];
  }
  return out + d.text.slice(at);
}

describe('displayText', () => {
  it.each([
    ['a 1.3$\\times$ speedup', 'a 1.3× speedup'],
    ['$λ$-GRPO beats GRPO', 'λ-GRPO beats GRPO'],
    ['with $\\lambda$ = 0.5', 'with λ = 0.5'],
    ['a 48.4\\% speedup', 'a 48.4% speedup'],
    ['using 2.6times less peak memory', 'using 2.6× less peak memory'],
    ['bringing 2.35times sim 3.47times throughput', 'bringing 2.35× ∼ 3.47× throughput'],
    ['by 15.81times (16.95times)', 'by 15.81× (16.95×)'],
    ['$O(n^2)$ and $10^{-3}$ and $W_{q}$ and $\\alpha_{1}$', 'O(n²) and 10⁻³ and W_q and α₁'],
    ['\\textbf{KIVI} and $\\text{FP}16$ and R\\&D', 'KIVI and FP16 and R&D'],
    ['with $<$ 6% loss and $R^2 \\approx 0.93$ and ($r > 0.99$)', 'with < 6% loss and R² ≈ 0.93 and (r > 0.99)'],
  ])('%s → %s', (source, shown) => {
    expect(displayText(source).text).toBe(shown);
  });

  it.each([
    'the number of times the score accumulates',
    'LLMs ten times its size',
    'a budget of less than $200 per model and using only one GPU, or $5 and $10',
    'an unknown $\\frobnicate$ command',
    'a $4$ figure alone',
  ])('leaves prose alone: %s', (source) => {
    expect(displayText(source)).toEqual({ text: source, edits: [] });
  });

  it('finds real math after a dollar amount', () => {
    expect(displayText('costs $5 and $\\lambda$ is tuned').text).toBe('costs $5 and λ is tuned');
  });

  it('maps highlights onto the display text: a span inside a change covers all of it', () => {
    const source = 'using 2.6times less $\\lambda$ memory';
    const d = displayText(source);
    const at = (word: string) => {
      const start = source.indexOf(word);
      const s = displaySpan(d, start, start + word.length);
      return d.text.slice(s.start, s.end);
    };
    expect(at('2.6times')).toBe('2.6×');
    expect(at('times')).toBe('×');
    expect(at('less')).toBe('less');
    expect(at('lambda')).toBe('λ');
    expect(at('memory')).toBe('memory');
  });

  it('changes no word of a seed abstract, and its edits undo exactly', () => {
    let changed = 0;
    for (const p of seed) {
      const d = displayText(p.abstract);
      expect(undo(p.abstract, d), p.id).toBe(p.abstract);
      // Only markup goes: every word shown is a word of the source, and every source word outside an edit is shown.
      const words = (s: string) => s.match(/\p{L}{3,}/gu) ?? [];
      for (const w of words(d.text)) expect(p.abstract, p.id).toContain(w);
      const kept = d.edits.reduceRight(
        (s, e) => s.slice(0, e.source[0]) + ' '.repeat(e.source[1] - e.source[0]) + s.slice(e.source[1]),
        p.abstract,
      );
      for (const w of words(kept)) expect(d.text, p.id).toContain(w);
      if (d.edits.length > 0) changed++;
    }
    expect(changed).toBeGreaterThanOrEqual(3); // KIVI's "2.6times", the "\%" papers, …
    expect(displayText(seed.find((p) => p.id === '2402.02750')!.abstract).text).toContain('2.6× less peak memory');
  });

  it('never throws, undoes exactly, and maps every span inside the display text, whatever the input', () => {
    const pieces = fc.constantFrom(
      '$',
      '\\',
      'times',
      ' sim ',
      '2',
      '\\times',
      '\\%',
      '{',
      '}',
      '^',
      '_',
      'λ',
      'a',
      ' ',
      'text',
      '\\text{',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 4 })), { maxLength: 30 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const source = parts.join('');
        const d = displayText(source);
        expect(undo(source, d)).toBe(source);
        const [start, end] = [a % (source.length + 1), b % (source.length + 1)].sort((x, y) => x - y) as [number, number];
        const s = displaySpan(d, start, end);
        expect(0 <= s.start && s.start <= s.end && s.end <= d.text.length).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
