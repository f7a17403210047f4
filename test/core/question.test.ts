import { describe, expect, it } from 'vitest';
import { analyzeQuestion, MAX_QUESTION_CHARS, readQuestion } from '../../src/answer/question.js';

const cuesOf = (q: string) =>
  Object.entries(analyzeQuestion(q).cues)
    .filter(([, on]) => on)
    .map(([cue]) => cue);

describe('question analysis', () => {
  it('reads the intent: a list for any question about "papers" or "which works/studies", else one paper', () => {
    expect(analyzeQuestion('papers on sparse attention').kind).toBe('list');
    expect(analyzeQuestion('which studies measure energy?').kind).toBe('list');
    expect(analyzeQuestion('what does the owl paper propose?').kind).toBe('single');
  });

  it('reads what kind of sentence answers, one cue per kind', () => {
    expect(cuesOf('how much faster is FROST?')).toEqual(['preferFigures']);
    expect(cuesOf('which datasets was it tested on?')).toEqual(['preferEntities']);
    expect(cuesOf('what is wrong with dense retrievers?')).toEqual(['preferProblems']);
    expect(cuesOf('does it work at night?')).toEqual(['preferResults']);
    expect(cuesOf('is there a paper that counts birds?')).toEqual(['asksForPaper']);
    expect(cuesOf('what does FROST freeze?')).toEqual([]);
  });

  it('finds the focus of a "how <adjective>" question, not of "how much / how well"', () => {
    expect(analyzeQuestion('how cheap is the verifier?').focus).toBe('cheap');
    expect(analyzeQuestion('How Robust is it?').focus).toBe('robust');
    expect(analyzeQuestion('how much memory?').focus).toBeUndefined();
    expect(analyzeQuestion('how well does it do?').focus).toBeUndefined();
  });

  it('collapses white space, and refuses an empty or over-long question as a value', () => {
    expect(readQuestion('  what   is\nFROST? ')).toMatchObject({ ok: true, question: { text: 'what is FROST?' } });
    expect(readQuestion(' \n ')).toMatchObject({ ok: false, error: { code: 'EMPTY_QUESTION' } });
    expect(readQuestion('x'.repeat(MAX_QUESTION_CHARS))).toMatchObject({ ok: true });
    expect(readQuestion('x'.repeat(MAX_QUESTION_CHARS + 1))).toMatchObject({ ok: false, error: { code: 'QUESTION_TOO_LONG' } });
  });
});
