import type { Paper } from '../corpus/schema.js';
import { analyze, fold } from '../retrieval/analyzer.js';
import { SearchIndex } from '../retrieval/search-index.js';
import { bestExcerpt, leadSentences, MAX_EXCERPT_CHARS } from './excerpt.js';
import type { AskResult, Answer, Citation, CitedResult, PaperCard } from './types.js';

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

const LIST_QUESTION = /^\s*(?:which|what|any|list|show|find|give)\b[^?]*\bpapers\b|^\s*papers\s+(?:about|on|that|for|using|with)\b|\b(?:all|other)\s+papers\b/i;
const FIGURE_QUESTION = /\b(?:how\s+(?:much|many|fast|big|large|small|long|often)|what\s+(?:score|accuracy|percentage|speed-?up|number|size)|by\s+how|what\s+\w+\s+(?:rate|score|gain))\b|\d/i;

/**
 * The papers and their index: answers questions with cited excerpts, looks papers up, lists them.
 * Build with `createLibrary`; immutable once built (a new corpus means a new library).
 */
export class Library {
  private readonly index: SearchIndex;
  private readonly byId: Map<string, number>;

  constructor(readonly papers: readonly Paper[]) {
    this.index = new SearchIndex(papers);
    this.byId = new Map(papers.map((p, i) => [p.id, i]));
  }

  /** Number of papers. */
  get size(): number {
    return this.papers.length;
  }

  /** The paper with this id, if any. */
  get(id: string): Paper | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.papers[i];
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
    const kind = LIST_QUESTION.test(q) ? 'list' : 'single';
    const answer: Answer = { question: q, kind, answered: false, results: [] };

    const terms = [...new Set(analyze(q))];
    if (terms.length === 0) return { ok: true, answer: { ...answer, reason: 'no-searchable-terms' } };
    const weights = new Map<string, number>();
    for (const t of terms) weights.set(t, this.index.has(t) ? this.index.idf(t) : 0);
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0);
    const hits = this.index.search(terms, top);
    if (hits.length === 0 || totalWeight === 0) return { ok: true, answer: { ...answer, reason: 'no-match' } };

    const preferFigures = FIGURE_QUESTION.test(q);
    const results: CitedResult[] = hits.map((hit) => {
      const paper = this.papers[hit.doc]!;
      return {
        citation: citationOf(paper),
        score: hit.score,
        excerpt: bestExcerpt(paper.abstract, weights, { maxChars: options.maxExcerptChars ?? MAX_EXCERPT_CHARS, preferFigures }),
      };
    });
    // Evidence for an answer: the best paper covers most of the question's informative term weight.
    const best = hits[0]!;
    let covered = 0;
    for (const t of best.matched) covered += weights.get(t) ?? 0;
    const answered = covered / totalWeight >= 0.5;
    return { ok: true, answer: { ...answer, answered, results, ...(answered ? {} : { reason: 'weak-match' as const }) } };
  }

  /**
   * Papers whose id, title or name match what the user typed so far, best first: for `/paper` lookups and
   * autocomplete. An exact id or name comes first, then title prefixes, then title words.
   */
  lookup(query: string, limit = 25): Citation[] {
    const q = fold(query).replace(/\s+/g, ' ').trim();
    if (q === '') return this.papers.slice(0, limit).map(citationOf);
    const scored: { i: number; score: number }[] = [];
    const qTerms = analyze(query);
    this.papers.forEach((p, i) => {
      const title = fold(p.title);
      let score = 0;
      if (fold(p.id) === q || p.id === query.trim().replace(/v\d+$/, '')) score = 100;
      else if (title === q) score = 90;
      else if (title.startsWith(q)) score = 80;
      else if (title.split(':')[0]!.trim() === q) score = 85;
      else if (title.includes(q)) score = 60;
      else if (qTerms.length > 0) {
        const titleTerms = new Set(analyze(p.title));
        const hit = qTerms.filter((t) => titleTerms.has(t) || [...titleTerms].some((x) => x.startsWith(t))).length;
        if (hit > 0) score = (40 * hit) / qTerms.length;
      }
      if (score > 0) scored.push({ i, score });
    });
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    return scored.slice(0, limit).map((s) => citationOf(this.papers[s.i]!));
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
    if (terms.length === 0) ids = this.papers.map((_, i) => i);
    else ids = this.index.search(terms, this.papers.length).map((h) => h.doc);
    const start = Math.max(0, Math.min(offset, Math.max(0, ids.length - 1)));
    return { total: ids.length, offset: start, items: ids.slice(start, start + limit).map((i) => citationOf(this.papers[i]!)) };
  }
}

/** The citation fields of a paper. */
export function citationOf(p: Paper): Citation {
  return { id: p.id, title: p.title, url: p.url, authors: p.authors, etAl: p.etAl ?? false, year: p.year, codeUrl: p.codeUrl };
}

/** Build a library (index and all) over papers. */
export function createLibrary(papers: readonly Paper[]): Library {
  return new Library(papers);
}
