import type { Library, Turn } from '../../src/index.js';
import {
  type AskContext,
  answerView,
  askLibrary,
  authorsOf,
  choosePaper,
  type PageState,
  papersPage,
  relatedChoice,
} from '../shared/commands.js';
import { type AnswerRecorder, citedIdsOf } from '../shared/feedback.js';
import { abstractOf, bibtex, nextPassage, relatedPapers } from '../shared/layout.js';
import { MORE, PAPER } from '../shared/messages.js';
import type { NextPassageValue, ShareValue } from './action-values.js';
import {
  renderAbstract,
  renderAnswer,
  renderAuthors,
  renderCard,
  renderCite,
  renderNextPassage,
  renderNoMatch,
  renderNotice,
  renderPaperPage,
  renderRelated,
  type SlackMessage,
} from './render.js';

/**
 * Each Slack reply: the shared decision (`adapters/shared/commands.ts`), rendered for Slack. Pure and
 * CPU-bound: listeners run them on the work queue.
 */

/** The rendered answer to a question; with `record`, logged, and with feedback controls carrying its answer id. */
export function answerQuestion(
  library: Library,
  question: string,
  shareable: boolean,
  record?: AnswerRecorder,
  context: AskContext = {},
): SlackMessage {
  return threadAnswer(library, question, context, record, shareable).message;
}

/**
 * The rendered answer to a question asked in a thread (the thread's earlier turns in `context`), and the turn a
 * later follow-up carries from it (none for a question that could not be asked).
 */
export function threadAnswer(
  library: Library,
  question: string,
  context: AskContext,
  record?: AnswerRecorder,
  shareable = false,
): { message: SlackMessage; turn: Turn | undefined } {
  const view = answerView(askLibrary(library, question, context));
  // A shareable reply is a slash command's, private: it restates the question, which Slack does not show.
  const message = renderAnswer(view, { shareable, showQuestion: shareable, feedback: record?.(view, library.fingerprint()) });
  return { message, turn: view.kind === 'problem' ? undefined : view.turn };
}

/** The card of the paper a `/paper` query means, or "no match" with the closest titles, or usage. */
export function paperCard(library: Library, query: string, shareable: boolean): SlackMessage {
  const choice = choosePaper(library, query);
  if (choice.kind === 'usage') return renderNotice(PAPER.usage);
  if (choice.kind === 'not-found') return renderNoMatch(choice.query, choice.closest);
  return renderCard(choice.card, choice.others, { shareable });
}

/** One page of the paper list, on a topic or of everything. */
export function paperPage(library: Library, state: PageState): SlackMessage {
  return renderPaperPage(papersPage(library, state));
}

/**
 * What a share button posts: the same answer or card, rendered again from the state in the button; for an answer,
 * also its turn, so a mention in the shared answer's thread follows up on it.
 */
export function sharedContent(library: Library, value: ShareValue): { message: SlackMessage; turn?: Turn } | null {
  if (value.kind === 'ask') {
    // Not a new question: the shared copy's votes go to the answer that was shared (older buttons carry no id).
    const { a } = value;
    const same: AnswerRecorder = (view, fingerprint) =>
      view.kind === 'problem' || !a ? undefined : { answerId: a, fingerprint, question: view.question, citedIds: citedIdsOf(view) };
    const { message, turn } = threadAnswer(library, value.q, {}, same);
    return { message, ...(turn ? { turn } : {}) };
  }
  const card = library.card(value.id);
  return card ? { message: renderCard(card, [], { shareable: false }) } : null;
}

/** What a paper's button shows, privately: its BibTeX, the papers related to it, or its whole abstract. */
export function paperActionReply(library: Library, action: 'cite' | 'related' | 'abstract' | 'authors', paperId: string): SlackMessage {
  const paper = library.get(paperId);
  if (!paper) return renderNotice(MORE.paperGone);
  if (action === 'authors') return renderAuthors(authorsOf(library, paperId)!);
  if (action === 'cite') return renderCite(library.card(paperId)!.citation, bibtex(paper));
  if (action === 'abstract') return renderAbstract(abstractOf(library, paperId)!);
  const related = relatedPapers(library, paperId);
  return related ? renderRelated(related) : renderNotice(MORE.paperGone);
}

/** `/related`: the papers closest to the paper a query means, or "no match" with the closest titles, or usage. */
export function relatedReply(library: Library, query: string): SlackMessage {
  const choice = relatedChoice(library, query);
  if (choice.kind === 'usage') return renderNotice(choice.usage);
  if (choice.kind === 'not-found') return renderNoMatch(choice.query, choice.closest);
  return renderRelated(choice.view);
}

/** Next passage, privately: the paper's next best passage for the question after the ones shown. */
export function nextPassageReply(library: Library, value: NextPassageValue): SlackMessage {
  return renderNextPassage(nextPassage(library, value.question, value.paperId, value.shown));
}
