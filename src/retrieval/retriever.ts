/**
 * The retriever port: what answering needs from a search index, and nothing of how it is stored. The embedded
 * `SearchIndex` implements it; another engine could stand behind it. Papers are referred to by position in the
 * paper list the index was built over. Synchronous, like answering: an engine that must await (a server) would
 * need an async `ask` and an async version of this port.
 */
import type { DocFilter, PaperFacets } from './facets.js';

/** One candidate paper for a query. */
export interface Candidate {
  /** Position of the paper in the paper list. */
  doc: number;
  /** Lexical score (BM25F in the embedded index); higher is better, comparable only within one query. */
  score: number;
  /** The query terms this paper contains, in any field. */
  matched: string[];
}

/** A candidate search. */
export interface CandidateQuery {
  /** Index terms (from the analyzer); duplicates and terms no paper has are ignored, each weighted by its IDF. */
  terms: readonly string[];
  /** Most candidates returned, best first (ties in corpus order). */
  limit: number;
  /** Papers scored and returned even when they would not make the cut (papers the question names). */
  include?: readonly number[];
  /** Only these papers (authors, years, venues: see `FacetIndex.filter`); with no terms, every allowed paper, score 0. */
  filter?: DocFilter;
}

/** Authors, years and venues of the papers, for filters and author lookups (see `facets.ts`). */
export type FacetIndex = Pick<
  PaperFacets,
  'authorIds' | 'authorName' | 'papersOf' | 'authorsByPrefix' | 'authorsOf' | 'yearOf' | 'hasVenue' | 'filter'
>;

/** How informative terms are in the indexed corpus. */
export interface TermWeights {
  /** Number of papers indexed. */
  readonly size: number;
  /** BM25 inverse document frequency of a term (0 for a term no paper has). */
  idf(term: string): number;
  /** How many papers contain the term in any field. */
  docFrequency(term: string): number;
  /** Whether any paper contains the term. */
  has(term: string): boolean;
}

/** Typo correction against the corpus's own words. */
export interface TypoCorrection {
  /** The index term of the corpus word closest to a folded word within `maxDistance` edits, in at least `minDf` papers. */
  closestTerm(word: string, maxDistance: number, minDf?: number): string | undefined;
  /** The corpus word itself (folded, unstemmed) whose term `closestTerm` gives. */
  closestWord(word: string, maxDistance: number, minDf?: number): string | undefined;
  /** Whether a term occurs in some title or name (so a rare word may be a name, not a typo). */
  inTitles(term: string): boolean;
}

/** Everything answering and the catalogue ask of an index. */
export interface Retriever extends TermWeights, TypoCorrection {
  /** Authors, years and venues, indexed. */
  readonly facets: FacetIndex;
  /** Papers matching the query's terms, best first. */
  candidates(query: CandidateQuery): Candidate[];
  /** Papers the text names (by a several-word name or a name typed in its own case). */
  namedIn(text: string): number[];
  /** Papers known by a one-word name typed in its own case ("KIVI"): several when they share it (at most 4). */
  namedAs(name: string): number[];
  /** The names a paper is known by (title lead, acronyms), joined by " ; ". */
  namesOf(doc: number): string;
  /** Papers whose title, name or id matches what a user typed so far, best first (prefix and typo tolerant). */
  lookup(query: string, limit: number): number[];
}
