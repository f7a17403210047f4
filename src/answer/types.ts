import type { Excerpt } from './excerpt.js';

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
}

/** One ranked paper of an answer. */
export interface CitedResult {
  citation: Citation;
  /** Relevance score; higher is better. Comparable only within one answer. */
  score: number;
  excerpt: Excerpt;
}

/** A platform-neutral answer to a question. */
export interface Answer {
  /** The question as asked (trimmed). */
  question: string;
  /** `single` for a question with one best paper; `list` for "which papers…" questions. */
  kind: 'single' | 'list';
  /** False when no paper in the collection covers the question; `results` are then the closest papers. */
  answered: boolean;
  /** Why the answer abstained, when it did. */
  reason?: 'no-searchable-terms' | 'no-match' | 'weak-match';
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
}

/** Why a question could not be asked at all. */
export interface QuestionError {
  code: 'EMPTY_QUESTION' | 'QUESTION_TOO_LONG';
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
