/** The state Slack's vote buttons carry in their value: the whole vote, within 2,000 characters. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerRef } from '../../../adapters/shared/feedback.js';
import { decodeVote, encodeVote } from '../../../adapters/slack/action-values.js';
import { MAX_BUTTON_VALUE } from '../../../adapters/slack/rules.js';
import { MAX_QUESTION_CHARS } from '../../../src/index.js';

const ref: AnswerRef = {
  answerId: 'MSCzewmSchaG',
  fingerprint: 'be55e6b8',
  question: 'How does KIVI quantize the key cache?',
  citedIds: ['2402.02750'],
};

describe('vote button values', () => {
  it('round-trip every vote', () => {
    for (const choice of [{ vote: 'up' }, { vote: 'down' }, { vote: 'wrong-paper', paperId: '2402.02750' }] as const)
      expect(decodeVote(encodeVote(ref, choice)!)).toEqual({ ref, choice });
  });

  it('stay within the value limit for any question, keeping it whole when it fits and marking it shortened when not', () => {
    const hostile = fc.string({ unit: fc.constantFrom('"', '\\', '\u0001', '😀', 'é', 'a', ' ', '\u2028'), maxLength: 1200, size: 'max' });
    fc.assert(
      fc.property(hostile, (question) => {
        const r = { ...ref, question, citedIds: Array.from({ length: 5 }, (_, i) => `${i}`.repeat(100)) };
        const value = encodeVote(r, { vote: 'wrong-paper', paperId: '1'.repeat(100) })!;
        expect(value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
        const back = decodeVote(value)!.ref;
        if (back.questionShortened) expect(question.startsWith(back.question)).toBe(true);
        else expect(back).toEqual(r);
      }),
    );
  });

  it('keep the longest question the core accepts whole, quotes and all, with five long cited ids', () => {
    const r = {
      ...ref,
      question: 'a "quoted" é 😀 '.repeat(40).slice(0, MAX_QUESTION_CHARS),
      citedIds: Array.from({ length: 5 }, () => 'x'.repeat(100)),
    };
    expect(decodeVote(encodeVote(r, { vote: 'up' })!)?.ref).toEqual(r);
  });

  it('shorten, and mark as shortened, a question too long for the value', () => {
    const value = encodeVote({ ...ref, question: '"'.repeat(3000) }, { vote: 'down' })!;
    expect(value.length).toBeLessThanOrEqual(MAX_BUTTON_VALUE);
    const decoded = decodeVote(value)!;
    expect(decoded.ref.questionShortened).toBe(true);
    expect(decoded.ref.question.length).toBeGreaterThan(800);
  });

  it('do not recognise values from other buttons or versions', () => {
    const up = JSON.parse(encodeVote(ref, { vote: 'up' })!) as Record<string, unknown>;
    for (const raw of [undefined, '', 'x', '{"kind":"ask","q":"q"}', JSON.stringify({ ...up, v: 2 }), JSON.stringify({ ...up, k: 'wp' })])
      expect(decodeVote(raw)).toBeNull();
  });
});
