/** What a question logs and how a click becomes a vote, once for every platform. */
import { beforeAll, describe, expect, it } from 'vitest';
import { answerView, askLibrary } from '../../../adapters/shared/commands.js';
import { type AnswerRef, answerRecorder, citedIdsOf, recordVote } from '../../../adapters/shared/feedback.js';
import { FEEDBACK } from '../../../adapters/shared/messages.js';
import type { Library } from '../../../src/index.js';
import { memoryStore, seedLibrary } from '../support.js';

let library: Library;
beforeAll(async () => {
  library = await seedLibrary();
});

const KIVI_QUESTION = 'How does KIVI quantize the key cache?';
const view = (q: string) => answerView(askLibrary(library, q));

describe('answerRecorder', () => {
  it('logs an answer with its citations, fingerprint, workspace and the latency since it was made', () => {
    const store = memoryStore();
    let t = 1000;
    const record = answerRecorder(store, { platform: 'slack', workspace: 'T1' }, () => t);
    t = 1042;
    const v = view(KIVI_QUESTION);
    const ref = record(v, library.fingerprint())!;
    expect(store.questions).toEqual([
      {
        id: ref.answerId,
        platform: 'slack',
        workspace: 'T1',
        question: KIVI_QUESTION,
        answered: true,
        abstentionReason: null,
        citedIds: citedIdsOf(v),
        corpusFingerprint: library.fingerprint(),
        latencyMs: 42,
      },
    ]);
    expect(ref).toEqual({ answerId: ref.answerId, fingerprint: library.fingerprint(), question: KIVI_QUESTION, citedIds: citedIdsOf(v) });
    expect(ref.citedIds[0]).toBe('2402.02750');
  });

  it('logs an abstention with its reason and no citations (the closest papers are not cited)', () => {
    const store = memoryStore();
    const v = view('What is the best recipe for sourdough bread?');
    expect(v.kind).toBe('none');
    answerRecorder(store, { platform: 'discord', workspace: '' })(v, 'deadbeef');
    expect(store.questions[0]).toMatchObject({ answered: false, abstentionReason: v.kind === 'none' ? v.reason : '', citedIds: [] });
  });

  it('logs nothing, and gives no controls, for a question that could not be asked', () => {
    const store = memoryStore();
    expect(answerRecorder(store, { platform: 'slack', workspace: '' })(view('   '), 'deadbeef')).toBeUndefined();
    expect(store.questions).toEqual([]);
  });

  it('logs nothing, and gives no controls, for chat that is no question ("thanks!")', () => {
    const store = memoryStore();
    for (const q of ['hi', 'thanks!', 'what can you do?'])
      expect(answerRecorder(store, { platform: 'discord', workspace: '' })(view(q), 'deadbeef'), q).toBeUndefined();
    expect(store.questions).toEqual([]);
  });

  it('still returns an answer id for the buttons when the question log is off', () => {
    const store = memoryStore({ logsQuestions: false });
    const ref = answerRecorder(store, { platform: 'slack', workspace: '' })(view(KIVI_QUESTION), 'deadbeef');
    expect(ref?.answerId).toMatch(/^[\w-]{12}$/);
    expect(store.questions).toEqual([]);
  });
});

describe('recordVote', () => {
  const ref: AnswerRef = { answerId: 'abc', fingerprint: 'deadbeef', question: KIVI_QUESTION, citedIds: ['2402.02750', '2410.03960'] };
  const voter = { platform: 'discord' as const, workspace: 'G1', userId: 'U1' };

  it('records the vote with what the controls carried, and thanks the voter', () => {
    const store = memoryStore();
    expect(recordVote(store, ref, { vote: 'up' }, voter, library)).toBe(FEEDBACK.thanks('up'));
    expect(recordVote(store, ref, { vote: 'down' }, voter, library)).toBe('Thanks — recorded 👎. You can change it.');
    expect(store.votes).toEqual([
      {
        answerId: 'abc',
        platform: 'discord',
        workspace: 'G1',
        userId: 'U1',
        question: KIVI_QUESTION,
        citedIds: ref.citedIds,
        corpusFingerprint: 'deadbeef',
        vote: 'up',
      },
      {
        answerId: 'abc',
        platform: 'discord',
        workspace: 'G1',
        userId: 'U1',
        question: KIVI_QUESTION,
        citedIds: ref.citedIds,
        corpusFingerprint: 'deadbeef',
        vote: 'down',
      },
    ]);
  });

  it('names the wrong paper by its title, or its id when the collection no longer has it', () => {
    const store = memoryStore();
    expect(recordVote(store, ref, { vote: 'wrong-paper', paperId: '2402.02750' }, voter, library)).toBe(
      FEEDBACK.thanksWrongPaper('KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache'),
    );
    expect(recordVote(store, ref, { vote: 'wrong-paper', paperId: 'gone.0001' }, voter, library)).toContain('“gone.0001”');
    expect(store.votes.map((v) => v.vote === 'wrong-paper' && v.paperId)).toEqual(['2402.02750', 'gone.0001']);
  });

  it('lets the log supply a shortened question when it keeps one, and records the shortened one when it does not', () => {
    const shortened = { ...ref, question: 'How does…', questionShortened: true };
    const logging = memoryStore();
    recordVote(logging, shortened, { vote: 'down' }, voter, library);
    expect(logging.votes[0]).toEqual({ answerId: 'abc', platform: 'discord', workspace: 'G1', userId: 'U1', vote: 'down' });
    const notLogging = memoryStore({ logsQuestions: false });
    recordVote(notLogging, shortened, { vote: 'down' }, voter, library);
    expect(notLogging.votes[0]).toMatchObject({ question: 'How does…', citedIds: ref.citedIds, corpusFingerprint: 'deadbeef' });
  });
});
