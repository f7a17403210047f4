/** Slack's rendering of issue 13's answers: compare side by side, names shared or absent; and the turn metadata. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerView } from '../../../adapters/shared/commands.js';
import { decodeVote, isCitebotAction, VOTE_ACTION } from '../../../adapters/slack/action-values.js';
import { renderAnswer } from '../../../adapters/slack/render.js';
import { MAX_FIELD_TEXT, MAX_SECTION_TEXT } from '../../../adapters/slack/rules.js';
import { TURN_EVENT, turnMetadata } from '../../../adapters/slack/thread-turns.js';
import type { Citation } from '../../../src/index.js';
import { testCitation, testExcerpt, testResult } from '../support.js';
import { hostileText, unsafeMarkup } from './markup.js';

const citation = (id: string, title: string, author = 'Ada Lovelace'): Citation => testCitation(id, title, [author]);
const excerpt = testExcerpt;
const result = testResult;
const turn = { question: 'q' };

type Section = { type: string; text?: { text: string }; fields?: { type: string; text: string }[]; elements?: { text: unknown }[] };
/** Every mrkdwn text of a message: sections, their fields, context elements (buttons' plain text aside). */
const mrkdwn = (blocks: unknown[]) =>
  (blocks as Section[]).flatMap((b) => [
    b.text?.text ?? '',
    ...(b.fields ?? []).map((f) => f.text),
    ...(b.type === 'context' ? (b.elements ?? []).map((e) => String(e.text)) : []),
  ]);

const compare = (name: string, title: string, text: string, author: string): AnswerView => ({
  kind: 'compare',
  question: `compare ${name} and B`,
  aspect: name,
  heading: `${name} and B, side by side`,
  sides: [
    { name, citation: citation('2402.02750', title, author), excerpt: excerpt(text) },
    { name: 'B', citation: citation('2410.03960', 'SwiftKV'), excerpt: excerpt('SwiftKV reduces prefill compute.') },
  ],
  turn,
});

describe('compare', () => {
  it('is one section with two mrkdwn fields (Slack’s two columns), each the name, linked title, quote and byline', () => {
    const { blocks, text } = renderAnswer(compare('KIVI', 'KIVI', 'KIVI quantizes keys per channel.', 'Zirui Liu'), { shareable: false });
    const columns = (blocks as Section[]).find((b) => b.fields);
    expect(columns!.fields).toEqual([
      {
        type: 'mrkdwn',
        text: '*KIVI*\n<https://arxiv.org/abs/2402.02750|KIVI> (2024)\n>KIVI quantizes keys per channel.\nZirui Liu · 2024 · arXiv 2402.02750',
        verbatim: true,
      },
      {
        type: 'mrkdwn',
        text: '*B*\n<https://arxiv.org/abs/2410.03960|SwiftKV> (2024)\n>SwiftKV reduces prefill compute.\nAda Lovelace · 2024 · arXiv 2410.03960',
        verbatim: true,
      },
    ]);
    expect(text).toContain('KIVI: KIVI quantizes keys per channel.');
  });

  it('has a "Wrong paper" button for each side, as every other answer has beside each cited paper, and none without a log', () => {
    const ref = { answerId: 'a1', fingerprint: 'f', question: 'compare KIVI and B', citedIds: ['2402.02750', '2410.03960'] };
    const view = compare('KIVI', 'KIVI', 'KIVI quantizes keys per channel.', 'Zirui Liu');
    const { blocks } = renderAnswer(view, { shareable: false, feedback: ref });
    type Row = { type: string; elements?: { action_id?: string; text?: { text: string }; value?: string }[] };
    const rows = (blocks as Row[]).filter((b) => b.type === 'actions' && b.elements?.some((e) => e.text?.text.startsWith('Wrong paper')));
    expect(rows).toHaveLength(1);
    const buttons = rows[0]!.elements!;
    expect(buttons.map((b) => b.text!.text)).toEqual(['Wrong paper: KIVI', 'Wrong paper: B']);
    // Action ids are unique within a block (Slack refuses the message otherwise), and the vote listener serves both.
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(2);
    for (const b of buttons) expect(VOTE_ACTION.test(b.action_id!) && isCitebotAction(b.action_id!)).toBe(true);
    expect(buttons.map((b) => decodeVote(b.value)?.choice)).toEqual([
      { vote: 'wrong-paper', paperId: '2402.02750' },
      { vote: 'wrong-paper', paperId: '2410.03960' },
    ]);
    const unlogged = renderAnswer(view, { shareable: false });
    expect(JSON.stringify(unlogged.blocks)).not.toContain('Wrong paper');
  });

  it('never pings or injects markup from hostile names, titles, sentences or authors, and keeps every field within 2,000', () => {
    fc.assert(
      fc.property(hostileText, hostileText, fc.string({ maxLength: 3000 }), hostileText, (name, title, text, author) => {
        const { blocks } = renderAnswer(compare(name || 'A', title || 't', `${text}${author}`, author || 'x'), { shareable: true });
        for (const t of mrkdwn(blocks)) {
          expect(unsafeMarkup(t)).toEqual([]);
          expect(t.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
        }
        for (const b of blocks as Section[]) for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(MAX_FIELD_TEXT);
      }),
      { numRuns: 200 },
    );
  });
});

describe('names several papers share, or none mentions', () => {
  it('lists the papers that share a name under its heading', () => {
    const view: AnswerView = {
      kind: 'ambiguous',
      question: 'what is KIVI?',
      name: 'KIVI',
      heading: '2 papers in this collection are called KIVI; here they all are:',
      papers: [result(citation('2402.02750', 'KIVI one'), 'First.'), result(citation('2501.00001', 'KIVI two'), 'Second.')],
      turn,
    };
    const texts = mrkdwn(renderAnswer(view, { shareable: false }).blocks);
    expect(texts[0]).toBe('*2 papers in this collection are called KIVI; here they all are:*');
    expect(texts).toContain('*1. <https://arxiv.org/abs/2402.02750|KIVI one>* (2024)\n>First.');
    expect(texts).toContain('*2. <https://arxiv.org/abs/2501.00001|KIVI two>* (2024)\n>Second.');
  });

  it('says which name no paper mentions, escaped, with no dangling space when there is no detail', () => {
    const view: AnswerView = {
      kind: 'none',
      question: 'what is <!channel>?',
      reason: 'not-in-collection',
      name: '<!channel>',
      headline: 'No paper in this collection mentions <!channel>',
      detail: '',
      closest: [],
      turn,
    };
    const texts = mrkdwn(renderAnswer(view, { shareable: false }).blocks);
    expect(texts[0]).toBe('*No paper in this collection mentions &lt;!channel&gt;.*');
  });
});

describe('the turn an answer carries in a thread', () => {
  it('is message metadata a later mention reads back: the question and the paper id', () => {
    expect(turnMetadata({ question: 'What is SwiftKV?', paperId: '2410.03960' })).toEqual({
      event_type: TURN_EVENT,
      event_payload: { question: 'What is SwiftKV?', paper_id: '2410.03960' },
    });
    expect(turnMetadata({ question: 'papers on RAG' })).toEqual({ event_type: TURN_EVENT, event_payload: { question: 'papers on RAG' } });
  });
});
