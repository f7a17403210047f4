/** The terminal's answer to a record question leads with the field's line; `--json` carries `asks`. */
import { describe, expect, it } from 'vitest';
import { answerJson, PLAIN, renderAnswer } from '../../adapters/cli/render.js';
import { answerView, askLibrary } from '../../adapters/shared/commands.js';
import { seedLibrary, testCitation, testResult } from '../adapters/support.js';

describe('terminal: record questions', () => {
  it('"when was KIVI published?" leads with the year, then the paper, then the sentence saying what KIVI is', async () => {
    const library = await seedLibrary();
    const out = renderAnswer(answerView(askLibrary(library, 'when was KIVI published?')), PLAIN).split('\n');
    expect(out.slice(0, 4)).toEqual([
      'Published: 2024 (arXiv 2402.02750)',
      '',
      'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
      'Zirui Liu et al. · 2024 · arXiv 2402.02750',
    ]);
    expect(out.join('\n')).toContain('named KIVI');
    expect(out.join('\n')).not.toContain('Also relevant');
  });

  it('strips terminal control characters from the record’s values', () => {
    const c = { ...testCitation('2402.02750', 'KIVI', ['Ada \u001b[31mLovelace']), codeUrl: 'https://github.com/x\u0007/y' };
    const view = answerView({
      ok: true,
      answer: { question: 'q', kind: 'single', answered: true, asks: 'code', results: [testResult(c, 'We develop KIVI.')] },
    });
    expect(renderAnswer(view, PLAIN).split('\n')[0]).toBe('Code: https://github.com/x/y');
  });

  it('--json carries asks, and only for a record question', async () => {
    const library = await seedLibrary();
    const json = answerJson('who wrote KIVI?', library.ask('who wrote KIVI?'));
    expect(json).toMatchObject({ asks: 'authors', answered: true, results: [{ id: '2402.02750', authors: ['Zirui Liu'], etAl: true }] });
    expect(answerJson('What is KIVI?', library.ask('What is KIVI?'))).not.toHaveProperty('asks');
  });
});
