import type { Kysely } from 'kysely';
import { type StoreTables, toDate } from './schema.js';

/** What `buildReport` reads: the question-log and feedback rows of the report's window. */
export interface ReportRows {
  questions: readonly {
    asked_at: Date | string;
    platform: string;
    question: string;
    answered: boolean | number;
    abstention_reason: string | null;
    cited_ids: string;
  }[];
  feedback: readonly {
    answer_id: string;
    paper_id: string;
    vote: 'up' | 'down' | 'wrong-paper';
    question: string;
    cited_ids: string;
    platform: string;
    workspace: string;
    voted_at: Date | string;
  }[];
}

/** A summary of what was asked and how answers were judged, over the last `days` days (UTC). */
export interface Report {
  days: number;
  /** ISO-8601 bounds of the window: questions asked and votes cast from `since` up to `until`. */
  since: string;
  until: string;
  /** Questions asked in the window. */
  questions: number;
  answered: number;
  /** Each distinct unanswered question, most recent first. */
  unanswered: string[];
  /** The same with the abstention reason, how often it was asked, and when last. */
  unansweredDetails: { question: string; reason: string | null; times: number; lastAskedAt: string; platform: string }[];
  /** One entry per UTC day with questions, oldest first. */
  perDay: { day: string; questions: number; answered: number }[];
  feedback: { up: number; down: number; wrongPaper: number };
  /** Thumbs-down votes, most recent first, with the question and the papers the answer cited. */
  thumbsDown: { answerId: string; question: string; cited: string[]; votedAt: string; platform: string; workspace: string }[];
  /** Papers voted as the wrong citation for a question, most votes first. */
  wrongPaper: { paperId: string; question: string; answerId: string; votes: number }[];
  /** The papers answers cited most, most first (at most 10). */
  mostCited: { paperId: string; citations: number }[];
}

/** One line of an evaluation set like `test/eval/questions.jsonl`, for a person to complete. */
export interface EvalCase {
  q: string;
  kind: 'fact' | 'out-of-scope';
  /** Empty: the right paper ids are for a person to fill in. */
  expected: string[];
  key: string;
  /** Papers users marked wrong for this question (the thumbs-down answer's first citation, wrong-paper votes). */
  not?: string[];
  /** Why the case was exported, and the abstention reason of an unanswered one. */
  from: 'thumbs-down' | 'wrong-paper' | 'unanswered';
  reason?: string;
}

const DAY_MS = 86_400_000;

function citedOf(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The report's window: `days` days back from `now`. */
export function reportWindow(days: number, now: Date): { since: Date; until: Date } {
  return { since: new Date(now.getTime() - days * DAY_MS), until: now };
}

/** Read the window's rows (what `buildReport` needs, nothing else). */
export async function readReportRows(db: Kysely<StoreTables>, since: Date, until: Date): Promise<ReportRows> {
  const questions = await db
    .selectFrom('citebot_questions')
    .select(['asked_at', 'platform', 'question', 'answered', 'abstention_reason', 'cited_ids'])
    .where('asked_at', '>=', since)
    .where('asked_at', '<=', until)
    .orderBy('asked_at')
    .execute();
  const feedback = await db
    .selectFrom('citebot_feedback')
    .select(['answer_id', 'paper_id', 'vote', 'question', 'cited_ids', 'platform', 'workspace', 'voted_at'])
    .where('voted_at', '>=', since)
    .where('voted_at', '<=', until)
    .orderBy('voted_at')
    .execute();
  return { questions, feedback };
}

/** Summarise the rows of one window. Pure: the same rows give the same report. */
export function buildReport(rows: ReportRows, window: { days: number; since: Date; until: Date }): Report {
  const perDay = new Map<string, { day: string; questions: number; answered: number }>();
  const unanswered = new Map<string, Report['unansweredDetails'][number]>();
  const cited = new Map<string, number>();
  let answered = 0;
  for (const q of rows.questions) {
    const at = toDate(q.asked_at).toISOString();
    const day = at.slice(0, 10);
    const d = perDay.get(day) ?? { day, questions: 0, answered: 0 };
    d.questions++;
    perDay.set(day, d);
    if (q.answered) {
      answered++;
      d.answered++;
      for (const id of citedOf(q.cited_ids)) cited.set(id, (cited.get(id) ?? 0) + 1);
    } else {
      const key = q.question.trim().toLowerCase();
      const u = unanswered.get(key);
      if (u) {
        // The latest wording, reason and platform stand for the group.
        Object.assign(u, { question: q.question, reason: q.abstention_reason, times: u.times + 1, lastAskedAt: at, platform: q.platform });
      } else unanswered.set(key, { question: q.question, reason: q.abstention_reason, times: 1, lastAskedAt: at, platform: q.platform });
    }
  }
  const unansweredDetails = [...unanswered.values()].sort((a, b) => b.lastAskedAt.localeCompare(a.lastAskedAt));
  const feedback = { up: 0, down: 0, wrongPaper: 0 };
  const thumbsDown: Report['thumbsDown'] = [];
  const wrong = new Map<string, Report['wrongPaper'][number]>();
  for (const f of rows.feedback) {
    if (f.vote === 'up') feedback.up++;
    else if (f.vote === 'down') {
      feedback.down++;
      thumbsDown.push({
        answerId: f.answer_id,
        question: f.question,
        cited: citedOf(f.cited_ids),
        votedAt: toDate(f.voted_at).toISOString(),
        platform: f.platform,
        workspace: f.workspace,
      });
    } else {
      feedback.wrongPaper++;
      const key = JSON.stringify([f.answer_id, f.paper_id]);
      const w = wrong.get(key) ?? { paperId: f.paper_id, question: f.question, answerId: f.answer_id, votes: 0 };
      w.votes++;
      wrong.set(key, w);
    }
  }
  return {
    days: window.days,
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    questions: rows.questions.length,
    answered,
    unanswered: unansweredDetails.map((u) => u.question),
    unansweredDetails,
    perDay: [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day)),
    feedback,
    thumbsDown: thumbsDown.reverse(),
    wrongPaper: [...wrong.values()].sort((a, b) => b.votes - a.votes || a.paperId.localeCompare(b.paperId)),
    mostCited: [...cited]
      .map(([paperId, citations]) => ({ paperId, citations }))
      .sort((a, b) => b.citations - a.citations || a.paperId.localeCompare(b.paperId))
      .slice(0, 10),
  };
}

const quote = (s: string) => JSON.stringify(s.length > 160 ? `${s.slice(0, 159)}…` : s);

/** The report as plain text for a terminal. */
export function formatReport(r: Report): string {
  const out = [`citebot report: the last ${r.days} days (${r.since.slice(0, 10)} to ${r.until.slice(0, 10)}, UTC)`, ''];
  out.push(`Questions: ${r.questions} (${r.answered} answered, ${r.questions - r.answered} unanswered)`);
  if (r.perDay.length > 0) {
    out.push('', 'Questions per day:');
    for (const d of r.perDay) out.push(`  ${d.day}  ${String(d.questions).padStart(5)} asked  ${String(d.answered).padStart(5)} answered`);
  }
  if (r.unansweredDetails.length > 0) {
    out.push('', `Unanswered (${r.unansweredDetails.length} distinct):`);
    for (const u of r.unansweredDetails)
      out.push(`  - ${quote(u.question)}${u.reason ? ` (${u.reason})` : ''}${u.times > 1 ? `, asked ${u.times} times` : ''}`);
  }
  out.push('', `Feedback: ${r.feedback.up} thumbs up, ${r.feedback.down} thumbs down, ${r.feedback.wrongPaper} wrong-paper votes`);
  if (r.thumbsDown.length > 0) {
    out.push('', 'Thumbs down:');
    for (const t of r.thumbsDown) out.push(`  - ${quote(t.question)} cited ${t.cited.length > 0 ? t.cited.join(', ') : '(nothing)'}`);
  }
  if (r.wrongPaper.length > 0) {
    out.push('', 'Wrong paper:');
    for (const w of r.wrongPaper) out.push(`  - ${w.paperId} for ${quote(w.question)}${w.votes > 1 ? ` (${w.votes} votes)` : ''}`);
  }
  if (r.mostCited.length > 0) {
    out.push('', 'Most cited papers:');
    for (const c of r.mostCited) out.push(`  ${c.paperId.padEnd(20)} ${c.citations}`);
  }
  return out.join('\n');
}

/**
 * Thumbs-down, wrong-paper and unanswered questions as evaluation cases, one per distinct question: a thumbs-down
 * or wrong paper becomes a `fact` case whose `not` lists the papers marked wrong, an unanswered one an
 * `out-of-scope` case (a person decides whether the bot should have answered). `expected` is left for a person.
 */
export function toEvalCases(r: Report): EvalCase[] {
  const cases = new Map<string, EvalCase>();
  const judged = (question: string, from: EvalCase['from'], wrongIds: string[]) => {
    const key = question.trim().toLowerCase();
    if (!key) return;
    const c = cases.get(key) ?? { q: question, kind: 'fact', expected: [], key: '', not: [], from };
    c.not = [...new Set([...(c.not ?? []), ...wrongIds])];
    cases.set(key, c);
  };
  for (const t of r.thumbsDown) judged(t.question, 'thumbs-down', t.cited.slice(0, 1));
  for (const w of r.wrongPaper) judged(w.question, 'wrong-paper', [w.paperId]);
  for (const u of r.unansweredDetails) {
    const key = u.question.trim().toLowerCase();
    if (!key || cases.has(key)) continue;
    cases.set(key, {
      q: u.question,
      kind: 'out-of-scope',
      expected: [],
      key: '',
      from: 'unanswered',
      ...(u.reason ? { reason: u.reason } : {}),
    });
  }
  return [...cases.values()];
}
