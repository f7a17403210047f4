/**
 * The question log and feedback votes, decided once for every platform: what an answered or abstained question
 * logs, what an answer's feedback controls carry, how a click becomes a vote, and what the voter is told.
 * Platforms only encode the carried state into their buttons and decode it back.
 */

import type { Library } from '../../src/index.js';
import type { AnswerView } from './commands.js';
import { FEEDBACK } from './messages.js';
import type { Store } from './store/index.js';

/** Where a question was asked or a vote cast. */
export interface AskedIn {
  platform: 'discord' | 'slack';
  /** Slack team id or Discord server id; '' for a direct message outside a server. */
  workspace: string;
}

/** What an answer's feedback controls carry, so a vote is complete even with the question log off. */
export interface AnswerRef {
  /** The question-log id the vote refers to. */
  answerId: string;
  /** `Library.fingerprint()` of the collection that answered. */
  fingerprint: string;
  /** The question as answered. */
  question: string;
  /** The papers the answer showed, best first; [] for an abstention. */
  citedIds: string[];
  /** True when the controls could only carry a shortened question (Discord shows 300 characters of it): the
   * log's copy, when there is one, is then recorded instead. */
  questionShortened?: boolean;
}

/** What a click says about the answer. */
export type VoteChoice = { vote: 'up' | 'down' } | { vote: 'wrong-paper'; paperId: string };

/** Logs one answer when its view is ready: returns what the feedback controls carry, or undefined for none. */
export type AnswerRecorder = (view: AnswerView, fingerprint: string) => AnswerRef | undefined;

/** The papers an answer shows, best first: the cited paper and the "also relevant" ones, or the list; none when it abstains. */
export function citedIdsOf(view: AnswerView): string[] {
  switch (view.kind) {
    case 'single':
      return [view.best.citation.id, ...view.also.map((c) => c.id)];
    case 'list':
      return view.results.map((r) => r.citation.id);
    default:
      return [];
  }
}

/**
 * A recorder for one question, its clock started now (call it as the question arrives, before it waits on the
 * work queue). It logs an answered or abstained question with its latency and returns the answer's reference for
 * the feedback controls; a question that could not be asked (empty, too long), or chat that is none ("thanks!"),
 * logs nothing and gets no controls.
 * Never blocks or throws: the store only queues the entry.
 */
export function answerRecorder(store: Store, asked: AskedIn, now: () => number = performance.now.bind(performance)): AnswerRecorder {
  const startedAt = now();
  return (view, fingerprint) => {
    // Chat that is no question ("hi", "thanks!") is no answer to log or to rate.
    if (view.kind === 'problem' || (view.kind === 'none' && view.reason === 'small-talk')) return undefined;
    const citedIds = citedIdsOf(view);
    const answerId = store.logQuestion({
      platform: asked.platform,
      workspace: asked.workspace,
      question: view.question,
      answered: view.kind !== 'none',
      abstentionReason: view.kind === 'none' ? view.reason : null,
      citedIds,
      corpusFingerprint: fingerprint,
      latencyMs: now() - startedAt,
    });
    return { answerId, fingerprint, question: view.question, citedIds };
  };
}

/**
 * Queue a vote and return the private acknowledgement for the voter. The controls' question and citations are
 * recorded with it, except a shortened question while the log keeps the full one (the store then copies it).
 * A later up/down by the same user replaces the earlier one. Never blocks or throws.
 */
export function recordVote(
  store: Store,
  ref: AnswerRef,
  choice: VoteChoice,
  voter: AskedIn & { userId: string },
  library: Library,
): string {
  const carried =
    ref.questionShortened && store.logsQuestions
      ? {}
      : { question: ref.question, citedIds: ref.citedIds, corpusFingerprint: ref.fingerprint };
  const base = { answerId: ref.answerId, platform: voter.platform, workspace: voter.workspace, userId: voter.userId, ...carried };
  if (choice.vote === 'wrong-paper') {
    store.recordFeedback({ ...base, vote: 'wrong-paper', paperId: choice.paperId });
    return FEEDBACK.thanksWrongPaper(library.card(choice.paperId)?.citation.title.replace(/\s+/g, ' ') ?? choice.paperId);
  }
  store.recordFeedback({ ...base, vote: choice.vote });
  return FEEDBACK.thanks(choice.vote);
}
