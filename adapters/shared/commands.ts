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
  type Excerpt,
  type Filters,
  fold,
  type Library,
  MAX_TURNS,
  type PaperCard,
  parseYearRange,
  type QuestionError,
  type RecordField,
  type Turn,
  unreadableYear,
} from '../../src/index.js';
import { type RelatedView, reasonOf, relatedPapers } from './layout.js';
import {
  ANSWERS13,
  FILTERS,
  LABELS,
  NO_ANSWER_DETAIL,
  NO_ANSWER_HEADLINE,
  type NoAnswerReason,
  PAPER,
  RECORD,
  SMALL_TALK,
} from './messages.js';

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

/** One side of a comparison: the name as typed, the paper, and its sentence on the compared aspect. */
export interface CompareSide {
  name: string;
  citation: Citation;
  excerpt: Excerpt;
}

/**
 * What the answer to a question about a paper's record leads with: "Authors: Zirui Liu et al. (the collection records
 * the first author only)", "Published: 2024 (arXiv 2402.02750)", "Code: https://github.com/jy-yuan/KIVI", or a
 * sentence saying the record lacks the field ("No code link is recorded for this paper."). Wording from messages.ts,
 * untrusted parts raw: renderers escape them.
 */
export interface RecordLead {
  field: RecordField;
  /** The field's label ("Authors"); absent when `text` is a sentence saying the record lacks the field. */
  label?: string;
  /** The field's value as shown ("Zirui Liu et al.", "2024", a code URL), or that sentence. */
  text: string;
  /** With the code field: the URL `text` shows, to link. */
  url?: string;
  /** What qualifies the value ("(the collection records the first author only)", "(arXiv 2402.02750)"). */
  note?: string;
}

/** The lead line of an answer that asks for `field` of the paper `c`, from its record alone. */
export function recordLead(field: RecordField, c: Citation): RecordLead {
  const label = RECORD.label[field];
  switch (field) {
    case 'authors': {
      if (c.authors.length === 0) return { field, text: RECORD.noAuthors };
      const note = c.etAl
        ? RECORD.firstAuthorsOnly(c.authors.length)
        : c.authors.length > CARD_AUTHORS
          ? RECORD.moreAuthors(c.authors.length)
          : undefined;
      return { field, label, text: authorList(c, CARD_AUTHORS), ...(note ? { note } : {}) };
    }
    case 'year': {
      const where = RECORD.where([c.venue ? venueLabel(c.venue) : '', idLabel(c)].filter((p) => p !== '').join(' · '));
      return c.year === null ? { field, text: RECORD.noYear, note: where } : { field, label, text: String(c.year), note: where };
    }
    case 'code':
      return c.codeUrl ? { field, label, text: c.codeUrl, url: c.codeUrl } : { field, text: RECORD.noCode };
    case 'venue':
      if (c.venue)
        return { field, label, text: venueLabel(c.venue), note: RECORD.where([yearOf(c), idLabel(c)].filter((p) => p !== '').join(' · ')) };
      return { field, text: isArxiv(c) ? RECORD.noVenueButArxiv(idLabel(c)) : RECORD.noVenue };
  }
}

function yearOf(c: Citation): string {
  return c.year === null ? '' : String(c.year);
}

/**
 * An answer as every platform shows it. `headline`, `detail` and `heading` are the wording to show (from
 * messages.ts); `filters` is a one-line description of the filters applied, to show under it; `turn` is what a
 * follow-up to this answer carries.
 */
export type AnswerView =
  /** The question could not be asked (empty, too long, a bad filter option): say why. */
  | { kind: 'problem'; error: QuestionError }
  /** No paper answers: why, and the closest papers (none unless `weak-match` or `not-in-collection`). */
  | {
      kind: 'none';
      question: string;
      reason: NoAnswerReason;
      closest: Citation[];
      /** The name no paper mentions, or the author no paper has. */
      name?: string;
      headline: string;
      detail: string;
      filters?: string;
      turn: Turn;
    }
  /**
   * The best paper's excerpt, and other relevant papers with, for each, why (its best sentence, shortened). `lead`:
   * the question asked for a field of the paper's record, and this answers it (shown first).
   */
  | {
      kind: 'single';
      question: string;
      best: CitedResult;
      also: Citation[];
      reasons: string[];
      filters?: string;
      lead?: RecordLead;
      turn: Turn;
    }
  /** A "which papers…" question (or "papers by X"): each paper with its excerpt. */
  | { kind: 'list'; question: string; results: CitedResult[]; heading: string; filters?: string; turn: Turn }
  /** "Compare A and B": both papers, each with its sentence on the aspect. */
  | { kind: 'compare'; question: string; aspect?: string; sides: [CompareSide, CompareSide]; heading: string; turn: Turn }
  /** Several papers share the name the question uses: all of them. */
  | { kind: 'ambiguous'; question: string; name: string; papers: CitedResult[]; heading: string; turn: Turn };

/** Filter options of a command, as typed (Discord's `author` and `year`). */
export interface FilterOptions {
  author?: string;
  year?: string;
  venue?: string;
}

/** What a question is asked with besides its text: today's date, filter options, the thread's earlier turns. */
export interface AskContext {
  /** For "last year" (adapters pass `new Date()`; the core reads no clock). */
  today?: Date;
  filters?: FilterOptions;
  /** Earlier turns of the same thread, oldest first (the latest `MAX_TURNS` are used). */
  turns?: readonly Turn[];
}

/** Filter options read into the core's filters, or the message saying which option is wrong. */
export function readFilterOptions(options: FilterOptions = {}): { ok: true; filters: Filters } | { ok: false; error: QuestionError } {
  const filters: Filters = {};
  const author = options.author?.replace(/\s+/g, ' ').trim();
  if (author) filters.authors = [author];
  const venue = options.venue?.trim();
  if (venue) filters.venues = [venue];
  const year = options.year?.trim();
  if (year) {
    const years = parseYearRange(year);
    if (!years) return { ok: false, error: { code: 'INVALID_FILTER', message: FILTERS.badYear(year) } };
    filters.years = years;
  }
  return { ok: true, filters };
}

/** Ask the library a question with the sizes every platform uses. CPU-bound: run it on the work queue. */
export function askLibrary(library: Library, question: string, context: AskContext = {}): AskResult {
  const read = readFilterOptions(context.filters);
  if (!read.ok) return read;
  // A `year:` typed in the question that reads as no year is said so, as the year option's is, not dropped.
  const typedYear = unreadableYear(question);
  if (typedYear !== undefined) return { ok: false, error: { code: 'INVALID_FILTER', message: FILTERS.badYear(typedYear) } };
  return library.ask(question, {
    top: ANSWER_SIZES.top,
    maxExcerptChars: ANSWER_SIZES.excerptChars,
    ...(Object.keys(read.filters).length > 0 ? { filters: read.filters } : {}),
    ...(context.today ? { today: context.today } : {}),
    ...(context.turns?.length ? { turns: context.turns.slice(-MAX_TURNS) } : {}),
  });
}

/** The filters as one line: "by Tri Dao · 2023–2024 · at ACL". Undefined when there are none. */
export function describeFilters(f: Filters | undefined): string | undefined {
  if (!f) return undefined;
  const parts: string[] = [];
  if (f.authors?.length) parts.push(ANSWERS13.byAuthors(f.authors.join(' and ')));
  if (f.years && (f.years.from !== undefined || f.years.to !== undefined)) parts.push(ANSWERS13.years(f.years.from, f.years.to));
  if (f.venues?.length) parts.push(ANSWERS13.venues(f.venues.join(', ')));
  if (f.phrases?.length) parts.push(ANSWERS13.phrases(f.phrases.map((p) => `“${p}”`).join(', ')));
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

/** Shape the core's result into what a reply shows. */
export function answerView(result: AskResult, sizes: AnswerSizes = ANSWER_SIZES): AnswerView {
  if (!result.ok) return { kind: 'problem', error: result.error };
  const a: Answer = result.answer;
  const turn: Turn = a.turn ?? { question: a.question };
  const filters = describeFilters(a.filters);
  const extra = { turn, ...(filters ? { filters } : {}) };
  const [best, ...rest] = a.results;
  if (!a.answered || !best) {
    const reason: NoAnswerReason = a.reason ?? (best ? 'weak-match' : 'no-match');
    const closest = a.results.slice(0, sizes.closest).map((r) => r.citation);
    const name = a.name;
    // Nothing passes the filters ("anything new this year?"): that is the news, with the filters, said once.
    const filtered = filters !== undefined && reason === 'no-match';
    if (reason === 'small-talk' && a.talk) {
      const { headline, detail } = a.talk === 'greeting' ? SMALL_TALK.greeting : a.talk === 'thanks' ? SMALL_TALK.thanks : SMALL_TALK.help;
      return { kind: 'none', question: a.question, reason, closest: [], headline, detail, ...extra };
    }
    const headline =
      reason === 'not-in-collection' && name
        ? ANSWERS13.notInCollection(name)
        : reason === 'unknown-author' && name
          ? ANSWERS13.unknownAuthor(name)
          : filtered
            ? ANSWERS13.noneMatchFilters(filters)
            : NO_ANSWER_HEADLINE;
    const detail =
      reason === 'not-in-collection' && name
        ? closest.length > 0
          ? ANSWERS13.closestHint
          : ''
        : reason === 'unknown-author'
          ? NO_ANSWER_DETAIL['unknown-author']
          : filtered
            ? ''
            : NO_ANSWER_DETAIL[reason];
    return { kind: 'none', question: a.question, reason, closest, ...(name ? { name } : {}), headline, detail, ...extra };
  }
  if (a.kind === 'compare' && a.compare && rest[0]) {
    const [nameA, nameB] = a.compare.names;
    return {
      kind: 'compare',
      question: a.question,
      ...(a.compare.aspect ? { aspect: a.compare.aspect } : {}),
      sides: [
        { name: nameA, citation: best.citation, excerpt: best.excerpt },
        { name: nameB, citation: rest[0].citation, excerpt: rest[0].excerpt },
      ],
      heading: ANSWERS13.compareHeading(nameA, nameB),
      turn,
    };
  }
  if (a.ambiguous) {
    return {
      kind: 'ambiguous',
      question: a.question,
      name: a.ambiguous.name,
      papers: a.results,
      heading: ANSWERS13.ambiguous(a.ambiguous.name, a.results.length),
      turn,
    };
  }
  if (a.kind === 'list') {
    const results = a.results.slice(0, sizes.listResults);
    const heading =
      a.byAuthor && a.filters?.authors?.length
        ? ANSWERS13.byAuthor(a.filters.authors.join(' and '), results.length)
        : a.collectionSize !== undefined
          ? ANSWERS13.collection(a.collectionSize, results.length)
          : a.similarTo
            ? ANSWERS13.similarTo(a.similarTo.name, results.length)
            : a.newestFirst
              ? ANSWERS13.newestFirst(results.length)
              : LABELS.listHeading(results.length);
    return { kind: 'list', question: a.question, results, heading, ...extra };
  }
  const also = rest.slice(0, sizes.alsoRelevant);
  return {
    kind: 'single',
    question: a.question,
    best,
    also: also.map((r) => r.citation),
    reasons: also.map((r) => reasonOf(r.excerpt)),
    ...(a.asks ? { lead: recordLead(a.asks, best.citation) } : {}),
    ...extra,
  };
}

/** Turns a conversation keeps for its follow-ups (the core reads this many). */
export const MAX_CHAT_TURNS = MAX_TURNS;

/** Authors of the collection for what is typed so far (case, diacritics, initials folded), most papers first. */
export function authorChoices(library: Library, typed: string, limit = 25): { name: string; papers: number }[] {
  return library.authors(typed, limit);
}

/** What `/related <title>` shows: usage, no such paper (with the closest titles), or the related papers. */
export type RelatedChoice =
  | { kind: 'usage'; usage: string }
  | { kind: 'not-found'; query: string; closest: Citation[] }
  | { kind: 'related'; view: RelatedView };

/** `/related <query>`: the paper the query means (as `/paper` picks it), then the papers closest to it. */
export function relatedChoice(library: Library, query: string): RelatedChoice {
  const choice = choosePaper(library, query);
  if (choice.kind === 'usage') return { kind: 'usage', usage: PAPER.usage.replaceAll('/paper', '/related') };
  if (choice.kind === 'not-found') return choice;
  const view = relatedPapers(library, choice.card.citation.id);
  return view ? { kind: 'related', view } : { kind: 'not-found', query, closest: [] };
}

/** A paper's whole author list, for an "All authors" button: `etAl` when the record lists only the first ones. */
export function authorsOf(library: Library, id: string): { citation: Citation; authors: string[]; etAl: boolean } | undefined {
  const card = library.card(id);
  return card ? { citation: card.citation, authors: card.citation.authors, etAl: card.citation.etAl } : undefined;
}

/**
 * The turns of conversations, by thread key (a Slack thread, a terminal session, a JSON `thread`): each keeps its
 * latest `MAX_TURNS`; the least recently used threads are forgotten past `maxThreads`.
 */
export class ThreadMemory {
  private readonly threads = new Map<string, Turn[]>();

  constructor(private readonly maxThreads = 1000) {}

  /** The thread's turns, oldest first (empty for a new thread). */
  turns(key: string): Turn[] {
    return this.threads.get(key) ?? [];
  }

  /** Record a turn of a thread (an answer's `turn`). */
  add(key: string, turn: Turn): void {
    const turns = [...(this.threads.get(key) ?? []), turn].slice(-MAX_TURNS);
    this.threads.delete(key);
    this.threads.set(key, turns);
    if (this.threads.size > this.maxThreads) this.threads.delete(this.threads.keys().next().value!);
  }
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
  /** Filter options the list was asked with, as typed (Discord's `author` and `year`). */
  author?: string;
  year?: string;
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
  /** The filters applied, as one line ("by Tri Dao · 2023"), when any. */
  filters?: string;
  /** A filter option could not be read: say this instead of a page. */
  problem?: string;
}

/**
 * A page of the papers (all, or on a topic), clamped to the pages that exist. When `state` comes from a
 * button made from another collection, the first page of the current one instead, marked `changed`. Filters come
 * from the state's options and from the topic's own words ("by Zirui Liu", "since 2024"); `today` dates "last year".
 */
export function papersPage(library: Library, state: PageState, today?: Date): PapersPage {
  const topic = state.topic.replace(/\s+/g, ' ').trim();
  const fingerprint = library.fingerprint();
  const changed = state.fingerprint !== undefined && state.fingerprint !== fingerprint;
  const requested = changed ? 0 : Math.max(0, Math.floor(state.page));
  const options: FilterOptions = { ...(state.author ? { author: state.author } : {}), ...(state.year ? { year: state.year } : {}) };
  const read = readFilterOptions(options);
  const filters = read.ok && Object.keys(read.filters).length > 0 ? read.filters : undefined;
  let list = library.list(topic || undefined, requested * PAGE_SIZE, PAGE_SIZE, filters, today);
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const page = Math.min(requested, pages - 1);
  if (page !== requested) list = library.list(topic || undefined, page * PAGE_SIZE, PAGE_SIZE, filters, today);
  const to = (p: number): PageState => ({ topic, page: p, fingerprint, ...options });
  const described = describeFilters(list.filters);
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
    ...(described ? { filters: described } : {}),
    ...(read.ok ? {} : { problem: read.error.message }),
  };
}

/** Authors named in a byline before "et al.". */
export const BYLINE_AUTHORS = 3;
/** Authors named on a paper's card. */
export const CARD_AUTHORS = 40;

/** Whether a byline shortens the paper's author list ("et al."): then an "All authors" button has more to show. */
export function bylineShortens(c: Citation, max: number = BYLINE_AUTHORS): boolean {
  return c.authors.length > max || c.etAl;
}

/**
 * "Zirui Liu, Jiayi Yuan, Hongye Jin et al.": at most `max` names, "et al." when there are more. Authors a filter
 * matched (`matchedAuthors`) are shown even past `max`: "A, B, C, …, Tri Dao et al.".
 */
export function authorList(c: Citation, max: number = BYLINE_AUTHORS): string {
  if (c.authors.length === 0) return LABELS.unknownAuthors;
  if (c.authors.length > max) {
    const hidden = (c.matchedAuthors ?? []).filter((a) => c.authors.indexOf(a) >= max);
    const shown = hidden.length > 0 ? [...c.authors.slice(0, max), '…', ...hidden] : c.authors.slice(0, max);
    const last = hidden.length > 0 && c.authors[c.authors.length - 1] === hidden[hidden.length - 1] && !c.etAl;
    return `${shown.join(', ')}${last ? '' : ' et al.'}`;
  }
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
