import { describe, expect, it } from 'vitest';
import { buildReport, formatReport, type ReportRows, toEvalCases } from '../../adapters/shared/store/report.js';

const since = new Date('2026-11-24T00:00:00.000Z');
const until = new Date('2026-12-01T00:00:00.000Z');
const q = (at: string, question: string, answered: boolean, cited: string[] = [], reason: string | null = null) => ({
  asked_at: at,
  platform: 'slack',
  question,
  answered: answered ? 1 : 0,
  abstention_reason: reason,
  cited_ids: JSON.stringify(cited),
});
const rows: ReportRows = {
  questions: [
    q('2026-11-29T08:00:00.000Z', 'what is DSnoT?', true, ['2310.08915']),
    q('2026-11-29T09:00:00.000Z', 'Who won the 2018 world cup', false, [], 'no-match'),
    q('2026-11-30T09:00:00.000Z', 'who won the 2018 world cup', false, [], 'weak-match'),
    q('2026-11-30T10:00:00.000Z', 'pruning llms', true, ['2301.00774', '2310.08915']),
  ],
  feedback: [
    {
      answer_id: 'a1',
      paper_id: '',
      vote: 'up',
      question: 'what is DSnoT?',
      cited_ids: '["2310.08915"]',
      platform: 'slack',
      workspace: 'T',
      voted_at: new Date('2026-11-29T08:01:00Z'),
    },
    {
      answer_id: 'a2',
      paper_id: '',
      vote: 'down',
      question: 'pruning llms',
      cited_ids: '["2301.00774","2310.08915"]',
      platform: 'slack',
      workspace: 'T',
      voted_at: '2026-11-30T10:01:00.000Z',
    },
    {
      answer_id: 'a2',
      paper_id: '2310.08915',
      vote: 'wrong-paper',
      question: 'pruning llms',
      cited_ids: '[]',
      platform: 'slack',
      workspace: 'T',
      voted_at: '2026-11-30T10:02:00.000Z',
    },
  ],
};

describe('buildReport', () => {
  const report = buildReport(rows, { days: 7, since, until });

  it('counts per UTC day, groups unanswered questions case-insensitively with the latest reason, ranks citations', () => {
    expect(report).toMatchObject({
      days: 7,
      since: since.toISOString(),
      until: until.toISOString(),
      questions: 4,
      answered: 2,
      unanswered: ['who won the 2018 world cup'],
      unansweredDetails: [{ reason: 'weak-match', times: 2, lastAskedAt: '2026-11-30T09:00:00.000Z' }],
      perDay: [
        { day: '2026-11-29', questions: 2, answered: 1 },
        { day: '2026-11-30', questions: 2, answered: 1 },
      ],
      feedback: { up: 1, down: 1, wrongPaper: 1 },
      thumbsDown: [{ answerId: 'a2', question: 'pruning llms', cited: ['2301.00774', '2310.08915'] }],
      wrongPaper: [{ paperId: '2310.08915', question: 'pruning llms', answerId: 'a2', votes: 1 }],
      mostCited: [
        { paperId: '2310.08915', citations: 2 },
        { paperId: '2301.00774', citations: 1 },
      ],
    });
  });

  it('reads the same with no rows', () => {
    const empty = buildReport({ questions: [], feedback: [] }, { days: 7, since, until });
    expect(empty).toMatchObject({ questions: 0, answered: 0, unanswered: [], feedback: { up: 0, down: 0, wrongPaper: 0 }, mostCited: [] });
    expect(formatReport(empty)).toContain('Questions: 0 (0 answered, 0 unanswered)');
  });

  it('formats the sections a person reads', () => {
    const text = formatReport(report);
    expect(text).toContain('the last 7 days (2026-11-24 to 2026-12-01, UTC)');
    expect(text).toContain('2026-11-30      2 asked      1 answered');
    expect(text).toContain('"who won the 2018 world cup" (weak-match), asked 2 times');
    expect(text).toContain('"pruning llms" cited 2301.00774, 2310.08915');
    expect(text).toContain('2310.08915 for "pruning llms"');
  });

  it('exports one eval case per judged or unanswered question, the wrong papers in "not"', () => {
    expect(toEvalCases(report)).toEqual([
      { q: 'pruning llms', kind: 'fact', expected: [], key: '', not: ['2301.00774', '2310.08915'], from: 'thumbs-down' },
      { q: 'who won the 2018 world cup', kind: 'out-of-scope', expected: [], key: '', from: 'unanswered', reason: 'weak-match' },
    ]);
  });
});
