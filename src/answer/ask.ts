/**
 * Answering, composed: question analysis → retrieval (query words, named papers, candidates) → ranking →
 * an excerpt per leader → the answered / abstain decision.
 */
import type { PaperList } from '../corpus/paper-list.js';
import { analyze } from '../retrieval/analyzer.js';
import { analyzeQuery, coverage } from '../retrieval/query.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { TermStats } from '../retrieval/term-stats.js';
import { citationOf } from './citation.js';
import { bestExcerpt, MAX_EXCERPT_CHARS } from './excerpt.js';
import { excerptQuery } from './excerpt-query.js';
import { readQuestion } from './question.js';
import { decide, firstPass, RANKING, rerankLeaders } from './rank.js';
import type { Answer, AskResult, CitedResult } from './types.js';

/** Options for `ask`. */
export interface AskOptions {
  /** How many papers to return at most. Default 5, clamped to 1..25. */
  top?: number;
  /** Cap on each excerpt's length in characters. Default 400. */
  maxExcerptChars?: number;
}

/** What answering reads: the papers, an index over them, and optional background term statistics. */
export interface AnswerSources {
  papers: PaperList;
  retriever: Retriever;
  termStats: TermStats | undefined;
}

/**
 * Answer a question: the papers that answer it best, each with the verbatim sentence(s) that answer it.
 * Never throws on any question string; an empty or over-long question is a typed failure.
 */
export function ask({ papers, retriever, termStats: stats }: AnswerSources, question: string, options: AskOptions = {}): AskResult {
  const read = readQuestion(question);
  if (!read.ok) return read;
  const { text: q, searchText, kind, cues, focus } = read.question;
  const top = Math.min(25, Math.max(1, Math.floor(options.top ?? 5)));
  const maxChars = options.maxExcerptChars ?? MAX_EXCERPT_CHARS;
  const answer: Answer = { question: q, kind, answered: false, results: [] };

  const words = analyzeQuery(searchText, retriever, stats);
  if (words.length === 0) return { ok: true, answer: { ...answer, reason: 'no-searchable-terms' } };
  const searchTerms = [...new Set(words.flatMap((w) => w.known))];
  const named = new Set(retriever.namedIn(q));
  const hits = retriever.candidates({ terms: searchTerms, limit: RANKING.candidates, include: [...named] });
  if (hits.length === 0) return { ok: true, answer: { ...answer, reason: 'no-match' } };

  const weightOf = (t: string) => (stats ? stats.idf(t) : retriever.idf(t));
  const ranked = firstPass(hits, words, named, weightOf);
  const leaders = rerankLeaders(ranked, top, (r) => {
    const paper = papers.at(r.hit.doc);
    const query = excerptQuery({ words, focus, naming: `${paper.title} ${retriever.namesOf(r.hit.doc)}`, weightOf });
    const excerpt = bestExcerpt(paper.abstract, query.groups, { maxChars, ...cues, preferSummary: !query.named });
    const titleCoverage = coverage(words, new Set(analyze(paper.title)), weightOf).coverage;
    return { paper, excerpt, passageCoverage: excerpt.coverage, titleCoverage };
  });

  const { answered, evidence } = decide(leaders[0]!, words, stats !== undefined, papers.length);
  const results: CitedResult[] = leaders
    .slice(0, top)
    .map((r) => ({ citation: citationOf(r.paper), score: Number(r.score.toFixed(4)), excerpt: r.excerpt }));
  return { ok: true, answer: { ...answer, answered, evidence, results, ...(answered ? {} : { reason: 'weak-match' as const }) } };
}
