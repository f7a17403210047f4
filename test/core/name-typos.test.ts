import { describe, expect, it } from 'vitest';
import { correctNameTypos, NAME_TYPO_MAX_DF } from '../../src/answer/name-typos.js';
import { analyzeQuery } from '../../src/retrieval/query.js';
import { SearchIndex } from '../../src/retrieval/search-index.js';
import { TermStats } from '../../src/retrieval/term-stats.js';
import { paperOf } from '../fixtures/corpus.js';

const index = SearchIndex.build([
  paperOf('guard', 'Llama Guard: LLM-based Input-Output Safeguard for Human-AI Conversations', 'We release the model weights.'),
  paperOf('gard', 'GARD: Gamma-based Anatomical Restoration and Denoising', 'GARD restores low-dose scans.'),
  paperOf('me', 'Me LLaMA: Foundation Large Language Models for Medical Applications', 'Catastrophic forgetting on medical tasks.'),
  paperOf('lama', 'Resolution-robust large mask inpainting', 'LaMa inpaints large masks with Fourier convolutions.'),
  paperOf('chap', 'Histone chaperones: 30 years from isolation to elucidation', 'Chaperones escort histones.'),
  paperOf('vitd', 'Vitamin D: the sunshine vitamin', 'Low vitaminD levels are common.'),
]);
/** Background frequencies: "gard" and "lama" are words of a few papers, "guard" and "llama" of many. */
const stats = (gard: number) =>
  new TermStats(
    136_000,
    new Map([
      ['llama', 2968],
      ['guard', 222],
      ['gard', gard],
      ['lama', 34],
      ['weight', 20_000],
      ['releas', 9_000],
    ]),
  );
const corrected = (q: string, background = stats(7)) => correctNameTypos(q, analyzeQuery(q, index, background), index, background);

describe('slips in a paper name', () => {
  it('read a rare word as the word one edit away that makes the question name a paper ("llama gard", "me lama")', () => {
    const guard = corrected('llama gard weights released?');
    expect(guard.text).toBe('llama guard weights released?');
    expect(index.namedIn(guard.text)).toEqual([0]);
    expect(guard.words[1]).toMatchObject({ text: 'gard', terms: ['guard'], corrected: 'guard' });
    expect(corrected('me lama catastrophic forgetting?').text).toBe('me llama catastrophic forgetting?');
  });

  it('leave a word alone when no change names a new paper, or when the field writes it often', () => {
    const plain = corrected('gard for low-dose scans');
    expect(plain.text).toBe('gard for low-dose scans');
    expect(plain.words.some((w) => w.corrected)).toBe(false);
    expect(corrected('what does lama inpaint?').text).toBe('what does lama inpaint?');
    expect(corrected('llama gard weights released?', stats(NAME_TYPO_MAX_DF)).text).toBe('llama gard weights released?');
  });

  it('leave another form of the same word, and a word that names a paper on its own ("vitamind")', () => {
    expect(corrected('other histone chaperone compensates').text).toBe('other histone chaperone compensates');
    expect(corrected('vitamin B12 and homocysteine').text).toBe('vitamin B12 and homocysteine');
  });
});
