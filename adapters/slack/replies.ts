import { analyze, fold, type Citation, type Library } from '../../src/index.js';
import type { ShareValue } from './action-values.js';
import { renderAnswer, renderCard, renderNoMatch, renderPaperPage, type SlackMessage } from './render.js';

/** Papers asked for per question: the best one plus "also relevant", or a "which papers…" list. */
export const ASK_TOP = 5;
/** Cap on an excerpt's length, so a rendered answer always fits a section. */
export const EXCERPT_CHARS = 400;
/** Papers per `/papers` page. */
export const PAGE_SIZE = 10;
/** Other matches listed under a `/paper` card. */
const CARD_OTHER_MATCHES = 3;

/** The rendered answer to a question. */
export function answerQuestion(library: Library, question: string, shareable: boolean): SlackMessage {
  return renderAnswer(library.ask(question, { top: ASK_TOP, maxExcerptChars: EXCERPT_CHARS }), { shareable });
}

/**
 * The card of the paper best matching a title, acronym or arXiv id. When no paper matches every word typed,
 * a "no match" notice listing the closest titles instead (the core's lookup is fuzzy, for autocomplete).
 */
export function paperCard(library: Library, query: string, shareable: boolean): SlackMessage {
  const [best, ...others] = library.lookup(query, 1 + CARD_OTHER_MATCHES);
  const card = best && matchesAllWords(best, query) ? library.card(best.id) : undefined;
  if (!card) return renderNoMatch(query, best ? [best, ...others] : []);
  return renderCard(card, others, { shareable });
}

/** True when the query is the paper's id, part of its title, or every query word starts a title word. */
export function matchesAllWords(c: Citation, query: string): boolean {
  const q = fold(query).replace(/\s+/g, ' ').trim();
  if (q === '') return false;
  if (fold(c.id) === q.replace(/v\d+$/, '') || fold(c.title).includes(q)) return true;
  const wanted = analyze(query);
  const title = analyze(c.title);
  return wanted.length > 0 && wanted.every((w) => title.some((t) => t.startsWith(w)));
}

/** One page of the paper list, on a topic or of everything. */
export function paperPage(library: Library, topic: string, offset: number): SlackMessage {
  return renderPaperPage(library.list(topic || undefined, offset, PAGE_SIZE), topic, PAGE_SIZE);
}

/** What a share button posts: the same answer or card, rendered again from the state in the button. */
export function sharedContent(library: Library, value: ShareValue): SlackMessage | null {
  if (value.kind === 'ask') return answerQuestion(library, value.q, false);
  const card = library.card(value.id);
  return card ? renderCard(card, [], { shareable: false }) : null;
}
