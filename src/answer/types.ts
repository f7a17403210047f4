import type { Excerpt } from './excerpt.js';
import type { Filters } from './filters.js';
import type { RecordField } from './record-question.js';

/** An earlier turn of a conversation: its question and the paper its answer cited first. */
export interface Turn {
  question: string;
  paperId?: string;
}

/** What a chat message needs to cite a paper. */
export interface Citation {
  id: string;
  title: string;
  /** The arXiv abs page or landing page, or null when unknown. */
  url: string | null;
  authors: string[];
  /** True when `authors` lists only the first author(s). */
  etAl: boolean;
  /** Null when the record gives no year. */
  year: number | null;
  /** Where it was published (`emnlp, findings`), when the record says. */
  venue?: string;
  codeUrl: string | null;
  /** Authors that matched the question's author filter (a byline shows them even where "et al." would hide them). */
  matchedAuthors?: string[];
}

/** One ranked paper of an answer. */
export interface CitedResult {
  citation: Citation;
  /** Relevance score; higher is better. Comparable only within one answer. */
  score: number;
  excerpt: Excerpt;
}

/** A platform-neutral answer to a question. */
/** Chat that is no question: a greeting, thanks, or a request for help. */
export type SmallTalk = 'greeting' | 'thanks' | 'help';

export interface Answer {
  /** The question as asked (trimmed). */
  question: string;
  /**
   * `single` for a question with one best paper; `list` for "which papers…" questions; `compare` for "compare A and
   * B" (`results[0]` is A, `results[1]` is B, each excerpt its sentence on the compared aspect).
   */
  kind: 'single' | 'list' | 'compare';
  /** False when no paper in the collection covers the question; `results` are then the closest papers. */
  answered: boolean;
  /**
   * Why the answer abstained, when it did: nothing to search, nothing matched, too weak a match, a paper or method
   * named that no paper mentions (`name`), an author no paper has (`name`), or no question at all but chat
   * (`small-talk`, with `talk`: "hi", "thanks!", "help").
   */
  reason?: 'no-searchable-terms' | 'no-match' | 'weak-match' | 'not-in-collection' | 'unknown-author' | 'small-talk';
  /** With `small-talk`: what was said instead of a question. */
  talk?: SmallTalk;
  /** "What papers do you have?", "how many papers are there?": the collection's size; `results` are its newest papers. */
  collectionSize?: number;
  /** With `not-in-collection`: the name no paper mentions ("FastViDAR"); with `unknown-author`: the author asked for. */
  name?: string;
  /** Several papers share the name the question uses: `results` are they, best first. */
  ambiguous?: { name: string };
  /** With kind `compare`: the two names compared, as typed, and the aspect ("memory"), when one was given. */
  compare?: { names: [string, string]; aspect?: string };
  /** The filters applied (read from the question and given), authors as the collection spells them. */
  filters?: Filters;
  /** "Papers by X" with no topic: `results` are X's papers, newest first. */
  byAuthor?: boolean;
  /** "Latest papers on X", "the newest papers": `results` are ordered by year, newest first. */
  newestFirst?: boolean;
  /**
   * "Papers like KIVI", "anything similar to this?": the paper asked about (its id and its name as the collection
   * spells it); `results` are the papers closest to it, itself excluded (as `Library.related` ranks them).
   */
  similarTo?: { id: string; name: string };
  /**
   * The question asks for a field of one paper's record ("who wrote KIVI?": `authors`; "when was it published?":
   * `year`; "where's the code?": `code`; "where was it published?": `venue`): `results` is that paper alone, its
   * excerpt the sentence saying what the paper is, and the answer to the question is its citation's field
   * (`authors` with `etAl`, `year`, `codeUrl`, `venue`), null or absent when the record lacks it.
   */
  asks?: RecordField;
  /** The question was read as a follow-up of its thread: about this paper (its id) and the thread's topic. */
  followUp?: { paperId?: string; topic: string };
  /** What a later follow-up in the same thread carries from this answer. */
  turn?: Turn;
  /** The evidence the `answered` decision rests on, for the best paper (for logs and tuning). */
  evidence?: Evidence;
  /** Ranked papers, best first, de-duplicated, at most `top`. */
  results: CitedResult[];
}

/** How well the best paper covers the question's words. */
export interface Evidence {
  /** Share of the question's informative weight the best paper covers (0..1). */
  coverage: number;
  /** Sum of the informative weights (IDF) of the question words the best paper matches. */
  matchedWeight: number;
  /** Sum of the informative weights of all the question's words. */
  totalWeight: number;
  /** The weight of the most informative question word the best paper matched. */
  informativeWeight: number;
  /** The question names the best paper by its title's name (answered whatever the rest covers). */
  namedByTitle?: true;
}

/** Why a question could not be asked at all. */
export interface QuestionError {
  code: 'EMPTY_QUESTION' | 'QUESTION_TOO_LONG' | 'INVALID_FILTER';
  /** A message fit to show the user. */
  message: string;
}

/** The outcome of asking: an answer, or a typed failure (never a throw). */
export type AskResult = { ok: true; answer: Answer } | { ok: false; error: QuestionError };

/** A paper's card: its citation and the lead of its abstract. */
export interface PaperCard {
  citation: Citation;
  /** The abstract's first sentences, verbatim. */
  lead: string;
  /** True when the abstract goes on after `lead`. */
  leadCut: boolean;
  abstract: string;
}
