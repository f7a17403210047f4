/**
 * Answering, composed: question analysis → retrieval (query words, named papers, candidates) → ranking →
 * an excerpt per leader → the answered / abstain decision.
 */
import type { PaperList } from '../corpus/paper-list.js';
import type { Paper } from '../corpus/schema.js';
import { analyzeQuery, type QueryWord } from '../retrieval/query.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { TermStats } from '../retrieval/term-stats.js';
import { citationOf } from './citation.js';
import {
  analyzeSentences,
  type Excerpt,
  type ExcerptOptions,
  type ExcerptQuery,
  excerptOf,
  MAX_EXCERPT_CHARS,
  SENTENCE_WEIGHTS,
  type SentenceWeights,
} from './excerpt.js';
import { excerptQuery } from './excerpt-query.js';
import { type LeaderFeatures, leaderFeatures } from './features.js';
import { type QuestionAnalysis, readQuestion } from './question.js';
import { decide, firstPass, RANKING, type Ranked, rerankLeaders } from './rank.js';
import type { Answer, AskResult, CitedResult, QuestionError } from './types.js';

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

/** A question read and its candidates ranked by the first pass, with how to read a leader: what `ask` composes. */
export interface RankingInputs {
  question: QuestionAnalysis;
  words: QueryWord[];
  /** Candidates after the first pass, best first. */
  ranked: Ranked[];
  /** A leader's excerpt and second-pass features. */
  inspect: (r: Ranked) => { paper: Paper; excerpt: Excerpt; leader: LeaderFeatures };
  /** What the excerpt of any paper (by position) is picked from: its abstract, the question's weights there, the options. */
  excerptInput: (doc: number) => { text: string; groups: ExcerptQuery; options: ExcerptOptions };
}

/** Options of `rankingInputs`. */
export interface RankingOptions {
  /** Cap on each excerpt's length in characters. Default 400. */
  maxChars?: number;
  /** Sentence weights for excerpts. Default the fitted `SENTENCE_WEIGHTS` (`npm run fit` tries others). */
  sentenceWeights?: SentenceWeights;
}

/**
 * Read a question, retrieve its candidates and rank them by the first pass (also what `npm run fit` learns
 * from). A typed failure for an unaskable question; `reason` when nothing can be searched or matched.
 */
export function rankingInputs(
  { papers, retriever, termStats: stats }: AnswerSources,
  question: string,
  { maxChars = MAX_EXCERPT_CHARS, sentenceWeights }: RankingOptions = {},
):
  | { ok: false; error: QuestionError }
  | { ok: true; question: QuestionAnalysis; reason: 'no-searchable-terms' | 'no-match' }
  | ({ ok: true } & RankingInputs) {
  const read = readQuestion(question);
  if (!read.ok) return read;
  const { searchText, cues, focus } = read.question;
  const words = analyzeQuery(searchText, retriever, stats);
  if (words.length === 0) return { ok: true, question: read.question, reason: 'no-searchable-terms' };
  const searchTerms = [...new Set(words.flatMap((w) => w.known))];
  const named = new Set(retriever.namedIn(read.question.text));
  const hits = retriever.candidates({ terms: searchTerms, limit: RANKING.candidates, include: [...named] });
  if (hits.length === 0) return { ok: true, question: read.question, reason: 'no-match' };

  const weightOf = (t: string) => (stats ? stats.idf(t) : retriever.idf(t));
  const corpusWeightOf = (t: string) => retriever.idf(t);
  const ranked = firstPass(hits, words, named, weightOf, corpusWeightOf);
  const corpusWeights = words.map((w) => Math.max(0, ...w.known.map(corpusWeightOf)));
  const excerptInput = (doc: number) => {
    const paper = papers.at(doc);
    const query = excerptQuery({ words, focus, naming: `${paper.title} ${retriever.namesOf(doc)}`, weightOf });
    const options: ExcerptOptions = {
      maxChars,
      ...cues,
      preferSummary: !query.named,
      naming: query.fullNaming,
      corpusWeights,
      ...(sentenceWeights ? { weights: sentenceWeights } : {}),
    };
    return { text: paper.abstract, groups: query.groups, options };
  };
  const inspect = (r: Ranked) => {
    const paper = papers.at(r.hit.doc);
    const names = retriever.namesOf(r.hit.doc);
    const input = excerptInput(r.hit.doc);
    const analysis = analyzeSentences(input.text, input.groups, input.options);
    const excerpt = excerptOf(analysis, input.options.weights ?? SENTENCE_WEIGHTS);
    const leader = leaderFeatures(
      words,
      weightOf,
      {
        title: paper.title,
        names,
        abstract: paper.abstract,
        passageCoverage: excerpt.coverage,
        abstractTokens: analysis.tokens,
        abstractSentences: analysis.spans,
      },
      corpusWeightOf,
    );
    return { paper, excerpt, leader };
  };
  return { ok: true, question: read.question, words, ranked, inspect, excerptInput };
}

/**
 * Answer a question: the papers that answer it best, each with the verbatim sentence(s) that answer it.
 * Never throws on any question string; an empty or over-long question is a typed failure.
 */
export function ask(sources: AnswerSources, question: string, options: AskOptions = {}): AskResult {
  const top = Math.min(25, Math.max(1, Math.floor(options.top ?? 5)));
  const inputs = rankingInputs(sources, question, { maxChars: options.maxExcerptChars ?? MAX_EXCERPT_CHARS });
  if (!inputs.ok) return inputs;
  const { text: q, kind } = inputs.question;
  const answer: Answer = { question: q, kind, answered: false, results: [] };
  if ('reason' in inputs) return { ok: true, answer: { ...answer, reason: inputs.reason } };

  const { words, ranked, inspect } = inputs;
  const leaders = rerankLeaders(ranked, top, inspect);
  const { answered, evidence } = decide(leaders[0]!, words, sources.termStats !== undefined, sources.papers.length);
  const results: CitedResult[] = leaders
    .slice(0, top)
    .map((r) => ({ citation: citationOf(r.paper), score: Number(r.score.toFixed(4)), excerpt: r.excerpt }));
  return { ok: true, answer: { ...answer, answered, evidence, results, ...(answered ? {} : { reason: 'weak-match' as const }) } };
}
