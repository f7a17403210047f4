import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sentences } from '../../src/answer/sentences.js';

const SEED = new URL('../../data/papers.jsonl', import.meta.url);

const split = (text: string) => sentences(text).map((s) => text.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('splits at sentence ends, trimmed, as offsets into the unchanged text', () => {
    const text = '  We propose X.  It is 1.3$\\times$ faster (p < 0.05).\nResults hold. ';
    const spans = sentences(text);
    expect(split(text)).toEqual(['We propose X.', 'It is 1.3$\\times$ faster (p < 0.05).', 'Results hold.']);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
  });

  it('never ends a sentence at "e.g.", "i.e.", "cf." or "vs.", whatever follows', () => {
    expect(split('Large models, e.g. BERT and GPT-2, fail. Small ones work.')).toEqual([
      'Large models, e.g. BERT and GPT-2, fail.',
      'Small ones work.',
    ]);
    expect(split('It uses one optimiser (i.e. Adam). Next.')).toEqual(['It uses one optimiser (i.e. Adam).', 'Next.']);
    expect(split('Ours vs. LoRA on GLUE is close. Next.')).toEqual(['Ours vs. LoRA on GLUE is close.', 'Next.']);
    expect(split('Models, \\textit{e.g.} CLIP, fail. Next.')).toEqual(['Models, \\textit{e.g.} CLIP, fail.', 'Next.']);
  });

  it('does not open a sentence in lower case after a name or a quoted question ending in "!" or "?"', () => {
    expect(split('The CheckThat! lab ranks claims. Next.')).toEqual(['The CheckThat! lab ranks claims.', 'Next.']);
    expect(split('We ask "Which are correct?" and "Which are not?" of each. Next.')).toEqual([
      'We ask "Which are correct?" and "Which are not?" of each.',
      'Next.',
    ]);
    expect(split('Is it robust? We test it. It is!')).toEqual(['Is it robust?', 'We test it.', 'It is!']);
  });

  it('keeps "et al.", "etc." and "Fig." inside a sentence before a lower-case word or a number, not before a new sentence', () => {
    expect(split('As Smith et al. showed, it works. Next.')).toEqual(['As Smith et al. showed, it works.', 'Next.']);
    expect(split('See Fig. 2 for details. Next.')).toEqual(['See Fig. 2 for details.', 'Next.']);
    expect(split('We tested models, data, etc. The results were mixed.')).toEqual([
      'We tested models, data, etc.',
      'The results were mixed.',
    ]);
  });

  it('keeps an abbreviation before a number ("ref. 3", "Aug. 31", "approx. 5") or a title before a name in its sentence', () => {
    expect(split('Studies were searched through Aug. 31, 2014. None were excluded.')).toEqual([
      'Studies were searched through Aug. 31, 2014.',
      'None were excluded.',
    ]);
    expect(split('We used approx. 5 GPUs. Next.')).toEqual(['We used approx. 5 GPUs.', 'Next.']);
    expect(split('The trial was led by Dr. Smith in Leeds. Next.')).toEqual(['The trial was led by Dr. Smith in Leeds.', 'Next.']);
    // A word that only looks like an abbreviation still ends its sentence before a capitalised one.
    expect(split('Patients took part. No adverse events occurred.')).toEqual(['Patients took part.', 'No adverse events occurred.']);
  });

  it('loses nothing of the 33 seed abstracts: spans in order, trimmed, with only white space between them', () => {
    const abstracts = readFileSync(SEED, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { abstract: string }).abstract);
    expect(abstracts.length).toBe(33);
    for (const text of abstracts) {
      let at = 0;
      for (const { start, end } of sentences(text)) {
        expect(text.slice(at, start).trim()).toBe('');
        expect(text.slice(start, end)).toBe(text.slice(start, end).trim());
        at = end;
      }
      expect(text.slice(at).trim()).toBe('');
    }
  });
});
