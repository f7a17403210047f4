/** Discord's answer to a record question: the field's line under the question, escaped, a code URL a masked link. */
import { describe, expect, it } from 'vitest';
import { leadLine, questionOf, renderAsk } from '../../../adapters/discord/render.js';
import { type AnswerView, recordLead } from '../../../adapters/shared/commands.js';
import type { Citation, RecordField } from '../../../src/index.js';
import { testCitation, testResult } from '../support.js';
import { activeMarkup, asRead } from './markdown-reader.js';

const HOSTILE = '@everyone <@123456789012345678> **bold** ||spoiler|| `code` [link](https://evil.example)';

const view = (field: RecordField, c: Citation): AnswerView => ({
  kind: 'single',
  question: 'who wrote KIVI?',
  best: testResult(c, 'We develop KIVI.'),
  also: [],
  reasons: [],
  lead: recordLead(field, c),
  turn: { question: 'who wrote KIVI?', paperId: c.id },
});
const description = (v: AnswerView) => renderAsk(v).embeds[0]!.description!.split('\n');

describe('Discord: the lead line of a record answer', () => {
  it('comes right under the question, the label bold, before the quote', () => {
    const c: Citation = { ...testCitation('2402.02750', 'KIVI', ['Zirui Liu']), etAl: true };
    const lines = description(view('authors', c));
    expect(lines[0]).toBe('**Q:** who wrote KIVI?');
    expect(lines[1]).toBe('**Authors:** Zirui Liu et al. (the collection records the first author only)');
    expect(lines[3]).toBe('> We develop KIVI.');
    expect(questionOf(renderAsk(view('authors', c)).embeds)?.question).toBe('who wrote KIVI?');
  });

  it('links a code URL, shown without its scheme; says so when the record has none', () => {
    const c: Citation = { ...testCitation('2402.02750', 'KIVI'), codeUrl: 'https://github.com/jy-yuan/KIVI' };
    expect(description(view('code', c))[1]).toBe('**Code:** [github.com/jy-yuan/KIVI](https://github.com/jy-yuan/KIVI)');
    expect(description(view('code', { ...c, codeUrl: null }))[1]).toBe('No code link is recorded for this paper.');
    expect(description(view('year', c))[1]).toBe('**Published:** 2024 (arXiv 2402.02750)');
  });

  it('escapes author names and code URLs with markup, and never pings', () => {
    const c: Citation = { ...testCitation('2402.02750', 'KIVI', ['Ada Lovelace', HOSTILE]) };
    const msg = renderAsk(view('authors', c));
    const line = msg.embeds[0]!.description!.split('\n')[1]!;
    expect(activeMarkup(line.replace(/^\*\*Authors:\*\* /, ''))).toBeUndefined();
    expect(asRead(line)).toContain(`Ada Lovelace, ${HOSTILE}`);
    expect(msg.allowedMentions).toEqual({ parse: [] });
    // A code URL with markup characters stays one link; one that is no http(s) URL is shown as text, not linked.
    const odd = leadLine(recordLead('code', { ...c, codeUrl: 'https://github.com/a_b/c*d(e)' }));
    expect(odd).toBe('**Code:** [github.com/a\\_b/c\\*d(e)](https://github.com/a_b/c*d%28e%29)');
    const script = leadLine(recordLead('code', { ...c, codeUrl: 'javascript:alert(1)//**x**' }));
    expect(script).not.toContain('](');
    expect(activeMarkup(script.replace(/^\*\*Code:\*\* /, ''))).toBeUndefined();
  });
});
