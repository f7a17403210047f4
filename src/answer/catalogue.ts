/**
 * The catalogue: papers by id, lookups for `/paper` and autocomplete, a paper's card, pages of papers (all, or
 * by topic, with filters).
 */
import type { PaperList } from '../corpus/paper-list.js';
import type { Paper } from '../corpus/schema.js';
import { analyze } from '../retrieval/analyzer.js';
import type { DocFilter } from '../retrieval/facets.js';
import type { Retriever } from '../retrieval/retriever.js';
import { StringIndex } from '../retrieval/word-table.js';
import { citationOf } from './citation.js';
import { leadSentences } from './excerpt.js';
import { type Filters, readFilters } from './filters.js';
import type { Citation, PaperCard } from './types.js';

/** A page of papers. */
export interface PaperPage {
  total: number;
  offset: number;
  items: Citation[];
  /** The filters applied (given, and read from the topic's words), authors as the collection spells them. */
  filters?: Filters;
}

export class Catalogue {
  /**
   * Paper positions by id, built on the first lookup (at 100k+ papers, building it would stall a swap): a hashed
   * index over the id list (1 MB at 136k papers, where a Map took 7 MB).
   */
  private byId: StringIndex | undefined;

  constructor(
    private readonly papers: PaperList,
    private readonly retriever: Pick<Retriever, 'lookup' | 'candidates' | 'facets'>,
  ) {}

  /** Build the id table now (it is otherwise built by the first request that needs it). */
  prepare(): void {
    this.positions();
  }

  private positions(): StringIndex {
    this.byId ??= StringIndex.of(this.papers.ids);
    return this.byId;
  }

  /** The position of the paper with this id, if any. */
  position(id: string): number | undefined {
    const i = this.positions().find(id);
    return i < 0 ? undefined : i;
  }

  /** The paper with this id, if any. */
  get(id: string): Paper | undefined {
    const i = this.position(id);
    return i === undefined ? undefined : this.papers.at(i);
  }

  /**
   * Papers whose id, title or name match what the user typed so far, best first: for `/paper` lookups and
   * autocomplete. An exact id or name comes first, then title prefixes, then title words.
   */
  lookup(query: string, limit = 25): Citation[] {
    const q = query.replace(/\s+/g, ' ').trim();
    if (q === '') return Array.from({ length: Math.min(limit, this.papers.length) }, (_, i) => citationOf(this.papers.at(i)));
    const exact = this.get(q.replace(/^arxiv:\s*/i, '').replace(/v\d+$/, ''));
    const found = this.retriever.lookup(q, limit + 1).map((i) => this.papers.at(i));
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
  list(topic: string | undefined, offset: number, limit: number, filters?: Filters, today?: Date): PaperPage {
    let ids: number[];
    const size = this.papers.length;
    // Filters in the topic's words ("by Zirui Liu", "since 2024", `author:"Tri Dao"`), with those given.
    const facets = this.retriever.facets;
    const reading = topic ? readFilters(topic, topic, facets, today) : undefined;
    const merged: Filters = { ...filters };
    if (reading) {
      if (reading.authors.length > 0 || reading.unknownAuthor !== undefined)
        merged.authors = [
          ...(merged.authors ?? []),
          ...reading.authors.map((a) => a.typed),
          ...(reading.unknownAuthor ? [reading.unknownAuthor] : []),
        ];
      if (reading.from !== undefined || reading.to !== undefined)
        merged.years = {
          ...(reading.from !== undefined || merged.years?.from !== undefined
            ? { from: Math.max(reading.from ?? -1, merged.years?.from ?? -1) }
            : {}),
          ...(reading.to !== undefined || merged.years?.to !== undefined
            ? { to: Math.min(reading.to ?? 1e9, merged.years?.to ?? 1e9) }
            : {}),
        };
      if (reading.venues.length > 0) merged.venues = [...(merged.venues ?? []), ...reading.venues];
    }
    const terms = reading ? analyze(reading.searchText) : [];
    const filter = Object.keys(merged).length > 0 ? this.filterOf(merged) : undefined;
    if (filter === null) ids = [];
    else if (terms.length === 0 && filter) {
      ids = [...filter.docs].sort((a, b) => (facets.yearOf(b) ?? 0) - (facets.yearOf(a) ?? 0) || a - b);
    } else if (terms.length === 0) ids = Array.from({ length: size }, (_, i) => i);
    else ids = this.retriever.candidates({ terms, limit: size, ...(filter ? { filter } : {}) }).map((h) => h.doc);
    const start = Math.max(0, Math.min(offset, Math.max(0, ids.length - 1)));
    const applied = Object.keys(merged).length > 0 ? { filters: this.spelt(merged) } : {};
    return {
      total: ids.length,
      offset: start,
      items: ids.slice(start, start + limit).map((i) => citationOf(this.papers.at(i))),
      ...applied,
    };
  }

  /** Filters with each author as the collection spells them (as typed when no author matches). */
  private spelt(f: Filters): Filters {
    const facets = this.retriever.facets;
    return f.authors
      ? {
          ...f,
          authors: f.authors.map((a) => {
            const id = facets.authorIds(a)[0];
            return id === undefined ? a : facets.authorName(id);
          }),
        }
      : f;
  }

  /** The papers filters allow; null when an author is unknown (nothing allowed), undefined when nothing filters. */
  private filterOf(f: Filters): DocFilter | undefined | null {
    const facets = this.retriever.facets;
    const groups = (f.authors ?? []).map((a) => facets.authorIds(a));
    if (groups.some((g) => g.length === 0)) return null;
    return facets.filter({
      authorGroups: groups,
      ...(f.years?.from !== undefined ? { from: f.years.from } : {}),
      ...(f.years?.to !== undefined ? { to: f.years.to } : {}),
      venues: f.venues ?? [],
    });
  }
}
