import { PaperList } from '../corpus/paper-list.js';
import type { Paper } from '../corpus/schema.js';
import { analyze, fold } from '../retrieval/analyzer.js';
import { analyzeQuery, coverage, type QueryWord } from '../retrieval/query.js';
import { SearchIndex, type SearchIndexData } from '../retrieval/search-index.js';
import type { TermStats } from '../retrieval/term-stats.js';
import { synonymsOf, SYNONYM_SHARE } from './synonyms.js';
import { bestExcerpt, leadSentences, MAX_EXCERPT_CHARS, type ExcerptOptions, type ExcerptQuery } from './excerpt.js';
import type { AskResult, Answer, Citation, CitedResult, PaperCard } from './types.js';

/** Candidates taken from the index before reranking. */
const CANDIDATES = 100;
/** Added to a paper whose several-word name the question contains ("Me LLaMA"). */
const NAME_BONUS = 0.5;
/** Leading candidates whose passages are scored for the final order. */
const RERANK = 10;
/** How much coverage of the question's informative words counts against the normalised lexical score. */
const COVERAGE_WEIGHT = 1;
/** How much the best passage's coverage counts. */
const PASSAGE_WEIGHT = 0.5;
/** How much the share of the question's weight found in the title counts. */
const TITLE_WEIGHT = 0.25;
/** Least coverage of the question's informative weight for a confident answer. */
const MIN_COVERAGE = 0.5;
/** A long question may be answered with less coverage when this much specific weight (about three rare words) matched. */
const MIN_PARTIAL_COVERAGE = 0.33;
const MIN_MATCHED_WEIGHT = 10;
/** An answer needs at least one matched word at least this informative (IDF): "model" alone is not evidence. */
const MIN_INFORMATIVE_WEIGHT = 2.5;
/** Weight kept by question words that only name the paper when choosing its excerpt. */
const NAMING_DISCOUNT = 0.1;

/** Share of a word's weight its compound's parts earn in excerpts. */
const PART_SHARE = 0.8;

/** Longest question accepted, in characters. */
export const MAX_QUESTION_CHARS = 500;

/** Options for `ask`. */
export interface AskOptions {
  /** How many papers to return at most. Default 5, clamped to 1..25. */
  top?: number;
  /** Cap on each excerpt's length in characters. Default 400. */
  maxExcerptChars?: number;
}

/** A page of papers. */
export interface PaperPage {
  total: number;
  offset: number;
  items: Citation[];
}

/** A request for several papers: any question about "papers" (plural), or "which works/studies…". */
const LIST_QUESTION = /\bpapers\b|\b(?:list|which|what|any)\s+(?:works|studies)\b/i;
const ENTITY_QUESTION = /\b(?:which|what)\s+(?:\w+\s+){0,2}(?:models?|baselines?|benchmarks?|datasets?|llms?|backbones?|languages?|tasks?|methods?|sizes?|bits?|bit[- ]widths?|metrics?|architectures?)\b|\bwhat\s+(?:\w+\s+)?(?:is|are)\s+\w+\s+(?:built|based|trained|evaluated|tested)\s+on\b|\b(?:evaluated|tested|trained)\s+on\b/i;
const PROBLEM_QUESTION = /\b(?:wrong|problems?|issues?|limitations?|drawbacks?|downsides?|fail\w*|why\s+(?:is|are|do|does)\b|inefficien\w*|struggle\w*|challenges?)\b/i;
/** "Which paper…?", "is there a paper that…", "looking for the work on…": the answer names the paper's contribution. */
const PAPER_QUESTION = /\b(?:which|what|any|a|the|one)\s+(?:\w+\s+)?(?:paper|work|study|method|approach|framework)\b|\bpaper\s+(?:that|on|about|where|showing|which|with|for)\b|\blooking\s+for\b/i;
/** "How well does it do?": the answer is a result sentence. */
const RESULT_QUESTION = /\bhow\s+(?:well|good|bad|badly)\b|\b(?:does|did|do)\s+(?:it|this|that|they)\s+(?:work|help)\b|\bworth\s+it\b|\bperform(?:s|ed|ance)?\b/i;
const FIGURE_QUESTION = /\b(?:how\s+(?:much|many|fast|big|large|small|long|often)|what\s+(?:score|accuracy|percentage|speed-?up|number|size)|by\s+how|what\s+\w+\s+(?:rate|score|gain))\b|\b(?:reductions?|speed-?ups?|savings?|improvements?|gains?|accuracy|perplexity|throughput|latency|win[- ]rate|wer|bleu|f1|top-1)\b|\d\s?%|\d\.\d\d/iu;

/** "How cheap is…", "how robust is…": the adjective is what the answer must speak to. */
const HOW_ADJECTIVE = /\bhow\s+([a-z]{4,})\b/i;
const NOT_FOCUS = /^(?:much|many|does|did|were|well|good|come|could|would|should|about|often|they|their|this|that|these)$/;
/** Weight multiplier of the focus word of a "how <adjective>" question when choosing the excerpt. */
const FOCUS_FACTOR = 2.5;

function focusWord(q: string): string | undefined {
  const m = HOW_ADJECTIVE.exec(q);
  const w = m?.[1]?.toLowerCase();
  return w !== undefined && !NOT_FOCUS.test(w) ? w : undefined;
}

/** What kind of sentence a question asks for, from its wording. */
function questionCues(q: string): Pick<ExcerptOptions, 'preferFigures' | 'preferEntities' | 'preferProblems' | 'preferResults' | 'asksForPaper'> {
  return { preferFigures: FIGURE_QUESTION.test(q), preferEntities: ENTITY_QUESTION.test(q), preferProblems: PROBLEM_QUESTION.test(q), preferResults: RESULT_QUESTION.test(q), asksForPaper: PAPER_QUESTION.test(q) };
}

/**
 * The papers and their index: answers questions with cited excerpts, looks papers up, lists them.
 * Build with `createLibrary`; immutable once built (a new corpus means a new library).
 */
export class Library {
  private readonly index: SearchIndex;
  /** Paper positions by id, built on the first lookup (at 100k+ papers, building it would stall a swap). */
  private byId: Map<string, number> | undefined;

  private readonly stats: TermStats | undefined;
  /** The papers, by position. */
  readonly papers: PaperList;

  constructor(
    papers: readonly Paper[] | PaperList,
    options: LibraryOptions = {},
    index?: SearchIndex,
  ) {
    this.papers = papers instanceof PaperList ? papers : PaperList.of(papers);
    this.stats = options.termStats;
    if (index) this.index = index;
    else if (options.indexData) this.index = SearchIndex.fromData(options.indexData);
    else if (papers instanceof PaperList) this.index = SearchIndex.build([...papers]);
    else this.index = SearchIndex.build(papers);
  }

  /**
   * Build, in slices of about `sliceMs` that yield to the event loop, what would otherwise be built by the
   * first request needing it: the title index for lookups and autocomplete, the typo vocabulary, the names.
   * At 136k papers that is 8 s of work, which a request would otherwise block on. Answers are the same either
   * way; until it is done, lookups scan titles instead. Run it before swapping in a reloaded library and after
   * start-up. Safe to call more than once.
   */
  async prepare(options: BuildOptions = {}): Promise<void> {
    await runInSlices(this.index.prepareSteps(), options);
    this.positions();
  }

  /** The index's data, to save it and skip analysis on the next start (see `LibraryOptions.indexData`). */
  indexData(): SearchIndexData {
    return this.index.toData();
  }

  private positions(): Map<string, number> {
    if (this.byId === undefined) {
      this.byId = new Map();
      this.papers.ids.forEach((paperId, i) => this.byId!.set(paperId, i));
    }
    return this.byId;
  }

  /** A short hash of the paper ids in order: changes when the collection does (for stale-button checks). */
  fingerprint(): string {
    if (this.fp === undefined) {
      let h = 0x811c9dc5; // FNV-1a, 32 bits
      for (const id of this.papers.ids) {
        for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
        h = Math.imul(h ^ 0x0a, 0x01000193);
      }
      this.fp = (h >>> 0).toString(16).padStart(8, '0');
    }
    return this.fp;
  }

  private fp: string | undefined;

  /** Number of papers. */
  get size(): number {
    return this.papers.length;
  }

  /** The paper with this id, if any. */
  get(id: string): Paper | undefined {
    const i = this.positions().get(id);
    return i === undefined ? undefined : this.papers.at(i);
  }

  /**
   * Answer a question: the papers that answer it best, each with the verbatim sentence(s) that answer it.
   * Never throws on any question string; an empty or over-long question is a typed failure.
   */
  ask(question: string, options: AskOptions = {}): AskResult {
    const q = question.replace(/\s+/g, ' ').trim();
    if (q === '') return { ok: false, error: { code: 'EMPTY_QUESTION', message: 'Ask a question, for example: "How does KIVI quantize the KV cache?"' } };
    if (q.length > MAX_QUESTION_CHARS) {
      return { ok: false, error: { code: 'QUESTION_TOO_LONG', message: `That question is ${q.length} characters long; please keep it under ${MAX_QUESTION_CHARS}.` } };
    }
    const top = Math.min(25, Math.max(1, Math.floor(options.top ?? 5)));
    const maxChars = options.maxExcerptChars ?? MAX_EXCERPT_CHARS;
    const kind = LIST_QUESTION.test(q) ? 'list' : 'single';
    const answer: Answer = { question: q, kind, answered: false, results: [] };

    const words = analyzeQuery(q, this.index, this.stats);
    if (words.length === 0) return { ok: true, answer: { ...answer, reason: 'no-searchable-terms' } };
    const searchTerms = [...new Set(words.flatMap((w) => w.known))];
    const named = new Set(this.index.namedIn(q));
    const hits = this.index.search(searchTerms, CANDIDATES, [...named]);
    if (hits.length === 0) return { ok: true, answer: { ...answer, reason: 'no-match' } };

    const weightOf = (t: string) => (this.stats ? this.stats.idf(t) : this.index.idf(t));
    const maxScore = hits[0]!.score;
    const cues = questionCues(q);
    const focus = focusWord(q);
    // First pass: lexical score and coverage of the question's informative words.
    const ranked = hits.map((hit) => {
      const ev = coverage(words, new Set(hit.matched), weightOf);
      return { hit, ev, score: hit.score / maxScore + COVERAGE_WEIGHT * ev.coverage + (named.has(hit.doc) ? NAME_BONUS : 0) };
    });
    ranked.sort((a, b) => b.score - a.score || a.hit.doc - b.hit.doc);
    // Second pass on the leaders: how well one passage answers (proximity), and the excerpt shown.
    const leaders = ranked.slice(0, Math.max(top, RERANK)).map((r) => {
      const paper = this.papers.at(r.hit.doc);
      const query = this.excerptQuery(focus, words, paper, r.hit.doc, weightOf);
      const excerpt = bestExcerpt(paper.abstract, query.groups, { maxChars, ...cues, preferSummary: !query.named });
      const inTitle = coverage(words, new Set(analyze(paper.title)), weightOf).coverage;
      return { ...r, paper, excerpt, score: r.score + PASSAGE_WEIGHT * excerpt.coverage + TITLE_WEIGHT * inTitle };
    });
    leaders.sort((a, b) => b.score - a.score || a.hit.doc - b.hit.doc);

    const best = leaders[0]!;
    // Without background statistics, "informative" means rarer than one paper in four of this corpus.
    const minInformative = this.stats ? MIN_INFORMATIVE_WEIGHT : Math.log(1 + (0.75 * this.size + 0.5) / (0.25 * this.size + 0.5));
    const informative = words.some((w) => w.known.length > 0 && w.weight >= minInformative && w.known.some((t) => best.hit.matched.includes(t)));
    // Either most of the question is covered, or a long question has several specific words covered.
    const answered = informative && (best.ev.coverage >= MIN_COVERAGE || (best.ev.coverage >= MIN_PARTIAL_COVERAGE && best.ev.matchedWeight >= MIN_MATCHED_WEIGHT));
    const results: CitedResult[] = leaders.slice(0, top).map((r) => ({ citation: citationOf(r.paper), score: Number(r.score.toFixed(4)), excerpt: r.excerpt }));
    const evidence = { coverage: round(best.ev.coverage), matchedWeight: round(best.ev.matchedWeight), totalWeight: round(best.ev.totalWeight) };
    return { ok: true, answer: { ...answer, answered, evidence, results, ...(answered ? {} : { reason: 'weak-match' as const }) } };
  }

  /**
   * Term weights for picking a paper's excerpt: the question's words, with the words that merely name this
   * paper (its title and names) weighing less, so the sentence that answers wins over the one that names.
   */
  private excerptQuery(focus: string | undefined, words: readonly QueryWord[], paper: Paper, doc: number, weightOf: (t: string) => number): { groups: ExcerptQuery; named: boolean } {
    const naming = new Set(analyze(`${paper.title} ${this.index.namesOf(doc)}`));
    let named = false;
    const groups = words.map((w) => {
      const isName = w.terms.some((t) => naming.has(t));
      named ||= isName;
      const focused = focus !== undefined && w.text.toLowerCase() === focus ? FOCUS_FACTOR : 1;
      // A compound's parts ("LASP-2H" → lasp, 2h) credit less than the whole, so "LASP-2H" finds the sentence
      // naming it before one naming "LASP-2".
      const group = new Map(w.terms.map((t, k) => [t, Math.min(w.weight, weightOf(t)) * focused * (isName ? NAMING_DISCOUNT : 1) * (k > 0 && w.terms.length > 2 ? PART_SHARE : 1)]));
      if (!isName) {
        for (const t of w.terms) {
          const base = group.get(t)!;
          for (const s of synonymsOf(t)) if (!group.has(s)) group.set(s, SYNONYM_SHARE * base);
        }
      }
      return group;
    });
    return { groups, named };
  }



  /**
   * Papers whose id, title or name match what the user typed so far, best first: for `/paper` lookups and
   * autocomplete. An exact id or name comes first, then title prefixes, then title words.
   */
  lookup(query: string, limit = 25): Citation[] {
    const q = query.replace(/\s+/g, ' ').trim();
    if (q === '') return Array.from({ length: Math.min(limit, this.size) }, (_, i) => citationOf(this.papers.at(i)));
    const exact = this.get(q.replace(/^arxiv:\s*/i, '').replace(/v\d+$/, ''));
    const found = this.index.lookup(q, limit + 1).map((i) => this.papers.at(i));
    const ordered = exact ? [exact, ...found.filter((p) => p !== exact)] : found;
    return ordered.slice(0, limit).map(citationOf);
  }

  /** A paper's card (citation and the lead of its abstract), or undefined for an unknown id. */
  card(id: string, leadChars = 400): PaperCard | undefined {
    const paper = this.get(id);
    if (!paper) return undefined;
    const lead = leadSentences(paper.abstract, leadChars);
    return { citation: citationOf(paper), lead: lead.text, leadCut: lead.cut, abstract: paper.abstract };
  }

  /**
   * A page of papers: all of them in corpus order, or those matching a topic, best first.
   * @param topic optional words to match; empty lists everything
   */
  list(topic: string | undefined, offset: number, limit: number): PaperPage {
    let ids: number[];
    const terms = topic ? analyze(topic) : [];
    if (terms.length === 0) ids = Array.from({ length: this.size }, (_, i) => i);
    else ids = this.index.search(terms, this.size).map((h) => h.doc);
    const start = Math.max(0, Math.min(offset, Math.max(0, ids.length - 1)));
    return { total: ids.length, offset: start, items: ids.slice(start, start + limit).map((i) => citationOf(this.papers.at(i))) };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The citation fields of a paper. */
export function citationOf(p: Paper): Citation {
  return { id: p.id, title: p.title, url: p.url, authors: p.authors, etAl: p.etAl ?? false, year: p.year, codeUrl: p.codeUrl };
}

/** Options for building a library. */
export interface LibraryOptions {
  /**
   * Background term statistics (`data/term-stats.tsv.gz`, see `loadTermStats`): how informative each word is
   * in the field, for abstention and typo correction. Without them the corpus's own statistics are used,
   * which are weak for a small corpus.
   */
  termStats?: TermStats;
  /** A saved index of exactly these papers (from `Library.indexData()`), to skip analysing them again. */
  indexData?: SearchIndexData;
}

/** Build a library (index and all) over papers, synchronously. */
export function createLibrary(papers: readonly Paper[] | PaperList, options: LibraryOptions = {}): Library {
  return new Library(papers, options);
}

/** Options for `buildLibrary`. */
export interface BuildOptions {
  /** Longest stretch of indexing work between yields to the event loop, in ms. Default 10. */
  sliceMs?: number;
  /** Stop building (the promise rejects with an AbortError). */
  signal?: AbortSignal;
}

/**
 * Build a library without blocking the event loop: indexing runs in slices of about `sliceMs`, yielding to
 * other work (chat heartbeats, acks) between them. Same result as `createLibrary`.
 */
export async function buildLibrary(list: readonly Paper[] | PaperList, options: LibraryOptions = {}, build: BuildOptions = {}): Promise<Library> {
  // From saved index data there is nothing to analyse: the library is assembled at once.
  if (options.indexData) return new Library(list, options);
  const index = await runInSlices(SearchIndex.buildSteps(list instanceof PaperList ? [...list] : list, 25), build);
  return new Library(list, options, index);
}

/** Run a step generator to its end, yielding to the event loop about every `sliceMs`. */
async function runInSlices<T>(steps: Generator<void, T>, options: BuildOptions): Promise<T> {
  const sliceMs = options.sliceMs ?? 10;
  let deadline = performance.now() + sliceMs;
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    if (performance.now() >= deadline) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      deadline = performance.now() + sliceMs;
    }
  }
}
