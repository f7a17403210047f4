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
  year: number;
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
  /** Ranked papers, best first, de-duplicated, at most `top`. */
  results: CitedResult[];
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
