import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Paper } from '../corpus/schema.js';
import { analyze, plainWords } from './analyzer.js';
import { paperNames } from './names.js';

/** How much a match in each field counts, relative to the abstract. */
export const FIELD_BOOSTS = { names: 4, title: 2, abstract: 1 } as const;

type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/** One candidate paper for a query, by its position in the corpus array. */
export interface Hit {
  /** Index of the paper in the array the index was built from. */
  doc: number;
  /** BM25 score over the fields, with the field boosts. */
  score: number;
  /** The query terms this paper contains, in any field. */
  matched: string[];
}

/**
 * The lexical index over a corpus: MiniSearch (BM25) over pre-analysed fields, plus document frequencies
 * for IDF weights. Paper text stays outside the index; hits refer to papers by position.
 * This is the only module that imports minisearch.
 */
export class SearchIndex {
  readonly size: number;
  private readonly mini: MiniSearch<{ id: number }>;
  private readonly df = new Map<string, number>();
  /** Plain words of the corpus (folded, unstemmed) → their index term: what typo correction searches. */
  private readonly words = new SearchableMap<string>();

  constructor(papers: readonly Paper[]) {
    this.size = papers.length;
    // Each doc is analysed once; MiniSearch gets the terms space-joined and splits them back.
    let current: Record<Field, string> = { names: '', title: '', abstract: '' };
    this.mini = new MiniSearch<{ id: number }>({
      idField: 'id',
      fields: FIELDS,
      storeFields: [],
      extractField: (doc, field) => (field === 'id' ? doc.id : current[field as Field]),
      tokenize: (text) => (text === '' ? [] : text.split(' ')),
      processTerm: (term) => term,
      searchOptions: { boost: FIELD_BOOSTS, combineWith: 'OR' },
    });
    papers.forEach((paper, i) => {
      const names = paperNames(paper.title, paper.abstract);
      names.push(paper.id);
      current = {
        names: analyze(names.join(' ; ')).join(' '),
        title: analyze(paper.title).join(' '),
        abstract: analyze(paper.abstract).join(' '),
      };
      const unique = new Set(`${current.names} ${current.title} ${current.abstract}`.split(' '));
      unique.delete('');
      for (const term of unique) this.df.set(term, (this.df.get(term) ?? 0) + 1);
      const addWord = (word: string, term: string) => {
        if (!this.words.has(word)) this.words.set(word, term);
      };
      plainWords(paper.title, addWord);
      plainWords(paper.abstract, addWord);
      this.mini.add({ id: i });
    });
  }

  /** How many papers contain the term in any field. */
  docFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /** BM25-style inverse document frequency of a term (0 for a term no paper has). */
  idf(term: string): number {
    const df = this.docFrequency(term);
    if (df === 0) return 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether any paper contains the term. */
  has(term: string): boolean {
    return this.df.has(term);
  }

  /**
   * The corpus word closest to a (misspelt) folded word, within `maxDistance` edits, as its index term;
   * the most frequent wins among equally close ones. Undefined when none is that close.
   */
  closestTerm(word: string, maxDistance: number): string | undefined {
    let best: { term: string; distance: number; df: number } | undefined;
    for (const [, [term, distance]] of this.words.fuzzyGet(word, maxDistance)) {
      const df = this.docFrequency(term);
      if (!best || distance < best.distance || (distance === best.distance && df > best.df)) best = { term, distance, df };
    }
    return best?.term;
  }

  /** Papers matching any of the terms, best first. Ties keep corpus order. */
  search(terms: readonly string[], limit: number): Hit[] {
    const known = [...new Set(terms)].filter((t) => this.df.has(t));
    if (known.length === 0) return [];
    const results = this.mini.search(known.join(' '), { tokenize: (q) => q.split(' '), processTerm: (t) => t });
    const hits = results.map((r) => ({ doc: r.id as number, score: r.score, matched: r.queryTerms }));
    hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
    return hits.slice(0, limit);
  }
}
