/**
 * What each command decides, once for every platform: how much an answer shows, which paper a query means,
 * which page of the collection a list shows, and the parts of a citation's byline. Platform renderers only
 * format these values (markup, escaping, length limits).
 */

import {
  type Answer,
  type AskResult,
  analyze,
  type Citation,
  type CitedResult,
  fold,
  type Library,
  type PaperCard,
  type QuestionError,
} from '../../src/index.js';
import { reasonOf } from './layout.js';
import { LABELS, type NoAnswerReason } from './messages.js';

/** How much an answer shows, on every platform. */
export const ANSWER_SIZES = {
  /** Papers asked of the core per question: the best one plus "also relevant", or a "which papers…" list. */
  top: 5,
  /** "Also relevant" papers under a single answer. */
  alsoRelevant: 3,
  /** Papers shown for a "which papers…" question. */
  listResults: 5,
  /** Closest papers listed when none answers. */
  closest: 3,
  /** Longest excerpt, in characters (the core's default), so an answer always fits one chat message. */
  excerptChars: 400,
} as const;

/** Answer sizes a caller may override (the terminal's `ask --top N` shows N papers). */
export interface AnswerSizes {
  alsoRelevant: number;
  listResults: number;
  closest: number;
}

/** An answer as every platform shows it. */
export type AnswerView =
  /** The question could not be asked (empty, too long): say why. */
  | { kind: 'problem'; error: QuestionError }
  /** No paper answers: why, and the closest papers (none unless `weak-match`). */
  | { kind: 'none'; question: string; reason: NoAnswerReason; closest: Citation[] }
  /** The best paper's excerpt, and other relevant papers with, for each, why (its best sentence, shortened). */
  | { kind: 'single'; question: string; best: CitedResult; also: Citation[]; reasons: string[] }
  /** A "which papers…" question: each paper with its excerpt. */
  | { kind: 'list'; question: string; results: CitedResult[] };

/** Ask the library a question with the sizes every platform uses. CPU-bound: run it on the work queue. */
export function askLibrary(library: Library, question: string): AskResult {
  return library.ask(question, { top: ANSWER_SIZES.top, maxExcerptChars: ANSWER_SIZES.excerptChars });
}

/** Shape the core's result into what a reply shows. */
export function answerView(result: AskResult, sizes: AnswerSizes = ANSWER_SIZES): AnswerView {
  if (!result.ok) return { kind: 'problem', error: result.error };
  const a: Answer = result.answer;
  const [best, ...rest] = a.results;
  if (!a.answered || !best) {
    const reason: NoAnswerReason = a.reason ?? (best ? 'weak-match' : 'no-match');
    return { kind: 'none', question: a.question, reason, closest: a.results.slice(0, sizes.closest).map((r) => r.citation) };
  }
  if (a.kind === 'list') return { kind: 'list', question: a.question, results: a.results.slice(0, sizes.listResults) };
  const also = rest.slice(0, sizes.alsoRelevant);
  return { kind: 'single', question: a.question, best, also: also.map((r) => r.citation), reasons: also.map((r) => reasonOf(r.excerpt)) };
}

/** Other matches listed under a paper's card. */
const CARD_OTHER_MATCHES = 3;

/** Which paper a `/paper` query means. */
export type PaperChoice =
  /** Nothing was typed. */
  | { kind: 'usage' }
  /** The paper, and other papers that also match what was typed (none for an exact id). */
  | { kind: 'card'; card: PaperCard; others: Citation[] }
  /** No paper matches every word typed: the closest titles, best first. */
  | { kind: 'not-found'; query: string; closest: Citation[] };

/**
 * Which paper a query means: an exact paper id or arXiv id (with or without `arXiv:` and a version, as
 * autocomplete sends) is that paper; otherwise the best title/acronym match, when it matches every word
 * typed. Else no paper, with the closest titles (the core's lookup is fuzzy, made for autocomplete).
 */
export function choosePaper(library: Library, query: string): PaperChoice {
  const q = query.replace(/\s+/g, ' ').trim();
  if (q === '') return { kind: 'usage' };
  const exact = library.card(q) ?? library.card(q.replace(/^arxiv:\s*/i, '').replace(/v\d+$/, ''));
  if (exact) return { kind: 'card', card: exact, others: [] };
  const [best, ...others] = library.lookup(q, 1 + CARD_OTHER_MATCHES);
  const card = best && matchesAllWords(best, q) ? library.card(best.id) : undefined;
  if (!card) return { kind: 'not-found', query: q, closest: best ? [best, ...others].slice(0, ANSWER_SIZES.closest) : [] };
  return { kind: 'card', card, others };
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

/** Papers per `/papers` page, on every platform: with authors, five entries fit a phone screen and one embed. */
export const PAGE_SIZE = 5;

/** Where a page button leads: a page of a topic's list, of the collection it was made from. */
export interface PageState {
  /** Words the list is filtered by; empty for every paper. */
  topic: string;
  /** Zero-based page number. */
  page: number;
  /** `Library.fingerprint()` of the collection the button was made from; absent in buttons that did not carry one. */
  fingerprint?: string;
}

/** One page of the collection, as every platform shows it. */
export interface PapersPage {
  /** The topic as shown (spaces collapsed), or undefined for every paper. */
  topic: string | undefined;
  /** Zero-based page number, and the page count (at least 1). */
  page: number;
  pages: number;
  total: number;
  /** Position of the page's first paper in the whole list (zero-based). */
  offset: number;
  items: Citation[];
  /** Where Previous and Next lead; absent on the first and last page. */
  previous?: PageState;
  next?: PageState;
  /** The button that asked for this page was made before the collection changed: this is page 1 of the current list. */
  changed: boolean;
}

/**
 * A page of the papers (all, or on a topic), clamped to the pages that exist. When `state` comes from a
 * button made from another collection, the first page of the current one instead, marked `changed`.
 */
export function papersPage(library: Library, state: PageState): PapersPage {
  const topic = state.topic.replace(/\s+/g, ' ').trim();
  const fingerprint = library.fingerprint();
  const changed = state.fingerprint !== undefined && state.fingerprint !== fingerprint;
  const requested = changed ? 0 : Math.max(0, Math.floor(state.page));
  let list = library.list(topic || undefined, requested * PAGE_SIZE, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const page = Math.min(requested, pages - 1);
  if (page !== requested) list = library.list(topic || undefined, page * PAGE_SIZE, PAGE_SIZE);
  const to = (p: number): PageState => ({ topic, page: p, fingerprint });
  return {
    topic: topic || undefined,
    page,
    pages,
    total: list.total,
    offset: page * PAGE_SIZE,
    items: list.total === 0 ? [] : list.items,
    ...(page > 0 ? { previous: to(page - 1) } : {}),
    ...(page < pages - 1 ? { next: to(page + 1) } : {}),
    changed,
  };
}

/** Authors named in a byline before "et al.". */
export const BYLINE_AUTHORS = 3;
/** Authors named on a paper's card. */
export const CARD_AUTHORS = 40;

/** "Zirui Liu, Jiayi Yuan, Hongye Jin et al.": at most `max` names, "et al." when there are more. */
export function authorList(c: Citation, max: number = BYLINE_AUTHORS): string {
  if (c.authors.length === 0) return LABELS.unknownAuthors;
  if (c.authors.length > max) return `${c.authors.slice(0, max).join(', ')} et al.`;
  return `${c.authors.join(', ')}${c.etAl ? ' et al.' : ''}`;
}

/** True for an arXiv paper: an arXiv-style id, or a link to arxiv.org. */
export function isArxiv(c: Citation): boolean {
  return /^\d{4}\.\d{4,5}$/.test(c.id) || Boolean(c.url && /(^|\.)arxiv\.org$/.test(hostOf(c.url)));
}

/** "arXiv 2402.02750" for an arXiv paper, else the paper's id. */
export function idLabel(c: Citation): string {
  return isArxiv(c) ? `${LABELS.arxiv} ${c.id}` : c.id;
}

/**
 * A citation's byline, in order: authors, year (left out when the record gives none), id label. Platforms join
 * them with " · " and may add a code link.
 */
export function bylineParts(c: Citation): string[] {
  const when = [c.venue ? venueLabel(c.venue) : '', c.year === null ? '' : String(c.year)].filter((p) => p !== '').join(' ');
  return when === '' ? [authorList(c), idLabel(c)] : [authorList(c), when, idLabel(c)];
}

/** A venue as a byline shows it: the ACL Anthology's lower-case tags as their names (`emnlp, findings` → `EMNLP Findings`). */
export function venueLabel(venue: string): string {
  const tags = venue.split(/\s*,\s*/);
  if (!tags.every((t) => /^[a-z]{2,10}$/.test(t))) return venue;
  return tags.map((t) => (t === 'findings' ? 'Findings' : t === 'ws' ? 'Workshop' : t.toUpperCase())).join(' ');
}

/** " (2024)" after a title; nothing when the record gives no year. */
export function yearInParens(c: Citation): string {
  return c.year === null ? '' : ` (${c.year})`;
}

/** " · 2024" after a title or byline; nothing when the record gives no year. */
export function yearAfterDot(c: Citation): string {
  return c.year === null ? '' : ` · ${c.year}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
