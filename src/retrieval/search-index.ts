import MiniSearch from 'minisearch';
import type { Paper } from '../corpus/schema.js';
import { analyze } from './analyzer.js';
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
