/**
 * A question read, its candidates retrieved and ranked by the first pass, with how to read a leader (its excerpt
 * and second-pass features): what answering, related papers and `npm run fit` all start from.
 */
import type { PaperList } from '../corpus/paper-list.js';
import type { Paper } from '../corpus/schema.js';
import { analyze } from '../retrieval/analyzer.js';
import type { DocFilter } from '../retrieval/facets.js';
import { analyzeQuery, type QueryWord } from '../retrieval/query.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { TermStats } from '../retrieval/term-stats.js';
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
import { correctNameTypos } from './name-typos.js';
import { rankingWords } from './query-words.js';
import { type QuestionAnalysis, readQuestion } from './question.js';
import { firstPass, RANKING, RANKING_WEIGHTS, type Ranked } from './rank.js';
import { namedByTitle } from './title-named.js';
import type { QuestionError } from './types.js';

/** What answering reads: the papers, an index over them, and optional background term statistics. */
export interface AnswerSources {
  papers: PaperList;
  retriever: Retriever;
  termStats: TermStats | undefined;
  /** A paper's position by id (for a follow-up's paper). */
  docOf?: (id: string) => number | undefined;
}

/** How a question is searched beyond its own words (what `ask` reads from filters and the thread). */
export interface SearchContext {
  /** What to search instead of the question's own search text (filters' words blanked). */
  searchText?: string;
  /** Only these papers. */
  filter?: DocFilter;
  /** Words of the thread's topic, searched with the question's own (a follow-up). */
  extraWords?: QueryWord[];
  /** Papers named by the context (a follow-up's paper): scored and marked as named. */
  include?: readonly number[];
  /**
   * The question asks about a paper's record ("who wrote KIVI?"), not its content: each excerpt is the sentence
   * saying what the paper is (its contribution statement), whatever else the wording cues.
   */
  summary?: boolean;
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
  context: SearchContext = {},
):
  | { ok: false; error: QuestionError }
  | { ok: true; question: QuestionAnalysis; reason: 'no-searchable-terms' | 'no-match' }
  | ({ ok: true } & RankingInputs) {
  const read = readQuestion(question);
  if (!read.ok) return read;
  const { cues, focus } = read.question;
  // A slip in a paper's name ("llama gard") is read as the name, for the search and for naming the paper.
  const { text: namingText, words: own } = correctNameTypos(
    read.question.text,
    analyzeQuery(context.searchText ?? read.question.searchText, retriever, stats),
    retriever,
    stats,
  );
  const ownKeys = new Set(own.map((w) => w.terms.join(' ')));
  const asked = [...own, ...(context.extraWords ?? []).filter((w) => !ownKeys.has(w.terms.join(' ')))];
  const words = rankingWords(asked, retriever, stats);
  if (words.length === 0) return { ok: true, question: read.question, reason: 'no-searchable-terms' };
  const searchTerms = [...new Set(words.flatMap((w) => w.known))];
  const named = new Set([...retriever.namedIn(namingText), ...(context.include ?? [])]);
  const filter = context.filter;
  const include = [...named].filter((d) => !filter || filter.allowed[d] === 1);
  const hits = retriever.candidates({ terms: searchTerms, limit: RANKING.candidates, include, ...(filter ? { filter } : {}) });
  if (hits.length === 0) return { ok: true, question: read.question, reason: 'no-match' };

  const weightOf = (t: string) => (stats ? stats.idf(t) : retriever.idf(t));
  const corpusWeightOf = (t: string) => retriever.idf(t);
  const byTitle = namedByTitle(
    namingText,
    named,
    (doc) => papers.at(doc).title,
    (t) => (stats ? stats.docFrequency(t) : retriever.docFrequency(t)) >= ASKING.commonNameDf,
  );
  const ranked = firstPass(hits, words, named, weightOf, corpusWeightOf, RANKING_WEIGHTS.first, byTitle);
  const corpusWeights = words.map((w) => Math.max(0, ...w.known.map(corpusWeightOf)));
  const excerptWords = own.length > 0 ? own : asked;
  // Which of them stand in the clause that asks, when the question describes its paper first (a question about
  // a paper's record is answered by its contribution statement, whatever it asks).
  const askTerms = read.question.asks === undefined || context.summary ? undefined : new Set(analyze(read.question.asks));
  const asking = askTerms && excerptWords.map((w) => [...w.terms, ...analyze(w.text)].some((t) => askTerms.has(t)));
  const defines = context.summary ? undefined : read.question.defines;
  const excerptInput = (doc: number) => {
    const paper = papers.at(doc);
    const query = excerptQuery({
      words: excerptWords,
      focus,
      naming: `${paper.title} ${retriever.namesOf(doc)}`,
      weightOf,
    });
    const options: ExcerptOptions = {
      maxChars,
      ...(context.summary ? { ...NO_CUES, asksForPaper: true } : cues),
      preferSummary: context.summary || !query.named,
      naming: query.fullNaming,
      corpusWeights,
      ...(asking ? { asking } : {}),
      ...(defines !== undefined ? { defines } : {}),
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

/** The cues of a question that asks for no particular kind of sentence. */
const NO_CUES = {
  preferFigures: false,
  preferEntities: false,
  preferProblems: false,
  preferResults: false,
  asksForPaper: false,
  statesClaim: false,
  asksHow: false,
  refersToPaper: false,
  asksPriorWork: false,
  asksWhy: false,
  asksYesNo: false,
} as const;

/** What filters, names, lists and follow-ups are decided with (not ranking weights: those are in `RANKING`). */
export const ASKING = {
  /** A background document frequency this high marks a word of the field, not the name of one paper ("GPU", "LLaMA"). */
  commonNameDf: 20,
  /** How much the thread's topic words weigh beside a follow-up's own words. */
  topicShare: 0.5,
  /**
   * A "papers on X" list keeps only papers about X when X has at most this many words: a long descriptive question
   * ("are there papers that explore… using…") looks for one paper, and its words are left to ranking.
   */
  topicWords: 4,
  /** Title lookups read to see whether a record question's words name exactly one paper ("the hedgehog paper"). */
  recordLookup: 5,
} as const;
