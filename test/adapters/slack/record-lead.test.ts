/** Slack's answer to a record question: the field's section first, escaped, a code URL a link; the notification led by it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnswerView, recordLead } from '../../../adapters/shared/commands.js';
import { leadText, renderAnswer } from '../../../adapters/slack/render.js';
import type { Citation, RecordField } from '../../../src/index.js';
import { testCitation, testResult } from '../support.js';
import { hostileText, unsafeMarkup } from './markup.js';

const view = (field: RecordField, c: Citation): AnswerView => ({
  kind: 'single',
  question: 'where is the code for KIVI?',
  best: testResult(c, 'We develop KIVI.'),
  also: [],
  reasons: [],
  lead: recordLead(field, c),
  turn: { question: 'where is the code for KIVI?', paperId: c.id },
});
type Section = { type: string; text?: { text: string }; elements?: { text: unknown }[] };
const texts = (blocks: unknown[]) =>
  (blocks as Section[]).map((b) => b.text?.text ?? (b.elements ?? []).map((e) => String(e.text)).join(' '));

describe('Slack: the lead line of a record answer', () => {
  const kivi: Citation = { ...testCitation('2402.02750', 'KIVI'), codeUrl: 'https://github.com/jy-yuan/KIVI' };

  it('is the first section, before the paper’s title; under the question when the reply restates it', () => {
    const { blocks, text } = renderAnswer(view('code', kivi), { shareable: false });
    expect(texts(blocks).slice(0, 3)).toEqual([
      '*Code:* <https://github.com/jy-yuan/KIVI|https://github.com/jy-yuan/KIVI>',
      '*<https://arxiv.org/abs/2402.02750|KIVI>*',
      '>We develop KIVI.',
    ]);
    expect(text).toBe('Code: https://github.com/jy-yuan/KIVI · KIVI');
    const asked = renderAnswer(view('code', kivi), { shareable: false, showQuestion: true });
    expect(texts(asked.blocks).slice(0, 2)).toEqual(['*Q:* where is the code for KIVI?', texts(blocks)[0]]);
  });

  it('says plainly what the record lacks', () => {
    expect(texts(renderAnswer(view('code', { ...kivi, codeUrl: null }), { shareable: false }).blocks)[0]).toBe(
      'No code link is recorded for this paper.',
    );
    expect(texts(renderAnswer(view('year', { ...kivi, year: null }), { shareable: false }).blocks)[0]).toBe(
      'No year is recorded for this paper. (arXiv 2402.02750)',
    );
  });

  it('escapes author names and code URLs, so nothing in them links, mentions or formats', () => {
    const odd = leadText(recordLead('code', { ...kivi, codeUrl: 'https://github.com/a|b/<!channel>&x' }));
    expect(odd).toBe('*Code:* <https://github.com/a%7Cb/%3C!channel%3E&amp;x|https://github.com/a|b/&lt;!channel&gt;&amp;x>');
    fc.assert(
      fc.property(hostileText, hostileText, (name, url) => {
        const c: Citation = { ...kivi, authors: [name], etAl: true, codeUrl: `https://example.org/${url}` };
        for (const field of ['authors', 'code'] as const) {
          const { blocks, text } = renderAnswer(view(field, c), { shareable: false });
          expect(unsafeMarkup(texts(blocks)[0]!.replace(/^\*\w+:\* /, ''))).toEqual([]);
          expect(unsafeMarkup(text)).toEqual([]);
        }
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});
