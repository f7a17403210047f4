/** Discord's feedback controls: custom_ids within 100 characters, and the answer read back from the clicked message. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerControls, answerOfMessage, controlId, parseControlId } from '../../../adapters/discord/commands/ask.js';
import { DISCORD_LIMITS } from '../../../adapters/discord/limits.js';
import { renderAsk } from '../../../adapters/discord/render.js';
import { answerView } from '../../../adapters/shared/commands.js';
import type { AnswerRef } from '../../../adapters/shared/feedback.js';
import type { AskResult, Citation } from '../../../src/index.js';

const citation = (id: string, title = `Paper ${id}`): Citation => ({
  id,
  title,
  url: `https://arxiv.org/abs/${id}`,
  authors: ['A. Author'],
  etAl: false,
  year: 2024,
  codeUrl: null,
});
const excerpt = {
  text: 'We quantize the key cache.',
  offset: 0,
  cutStart: false,
  cutEnd: false,
  highlights: [],
  matchedTerms: [],
  coverage: 1,
};
const single = (question: string, ids: string[]): AskResult => ({
  ok: true,
  answer: { question, kind: 'single', answered: true, results: ids.map((id) => ({ citation: citation(id), score: 1, excerpt })) },
});

describe('feedback control custom_ids', () => {
  it('carry the control, answer id and fingerprint, and parse back', () => {
    for (const control of ['up', 'down', 'wrong'] as const) {
      const state = { control, answerId: 'MSCzewmSchaG', fingerprint: 'be55e6b8' };
      const id = controlId(state)!;
      expect(id.length).toBeLessThanOrEqual(40);
      expect(parseControlId(id)).toEqual(state);
    }
  });

  it('do not recognise ids of other versions, commands or garbage', () => {
    for (const id of [
      'ask:v0:up:abc:deadbeef',
      'ask:v1:sideways:abc:deadbeef',
      'ask:v1:up:abc:DEADBEEF',
      'ask:v1:up::deadbeef',
      'papers:v1:1:deadbeef:',
      '',
    ])
      expect(parseControlId(id)).toBeUndefined();
  });
});

describe('an answer with controls', () => {
  const ref: AnswerRef = { answerId: 'MSCzewmSchaG', fingerprint: 'be55e6b8', question: 'q', citedIds: [] };

  it('fits Discord: at most 5 buttons a row, custom_ids and option values within 100 characters', () => {
    const msg = renderAsk(answerView(single('q', ['2402.02750', '2410.03960', '2407.20485', '2401.00001'])), answerControls(ref));
    expect(msg.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.actionRows);
    for (const row of msg.components) {
      expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
      for (const c of row.components) if ('custom_id' in c) expect(c.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
    }
  });

  it('gives back the question and the cited papers from the message it is on, for any question', () => {
    const question = fc.string({
      unit: fc.constantFrom('a', ' ', '*', '_', '`', '|', '\\', '<@1>', '@everyone', '# ', '1. ', 'é', '😀', 'https://x.org/a_b'),
      maxLength: 15,
      size: 'max',
    });
    fc.assert(
      fc.property(question, (raw) => {
        const q = raw.trim();
        const msg = renderAsk(answerView(single(q, ['2402.02750', '2410.03960'])), answerControls(ref));
        const state = parseControlId(answerControls(ref)!.up)!;
        const back = answerOfMessage(state, { embeds: msg.embeds, components: msg.components });
        expect(back).toEqual({ ...ref, question: q, citedIds: ['2402.02750', '2410.03960'] });
      }),
    );
  });

  it('marks a question the message shows shortened', () => {
    const long = 'why '.repeat(120).trim();
    const msg = renderAsk(answerView(single(long, ['2402.02750'])), answerControls(ref));
    const back = answerOfMessage(parseControlId(answerControls(ref)!.down)!, { embeds: msg.embeds, components: msg.components })!;
    expect(back.questionShortened).toBe(true);
    expect(long.startsWith(back.question.replace(/…$/, ''))).toBe(true);
  });
});
