/**
 * The embedded lexical index, composed of parts that each own their data: BM25F candidate search over
 * typed-array postings (`candidates.ts`), the papers named in a question (`named-papers.ts`), the typo
 * vocabulary (`vocabulary.ts`) and title lookup (`title-lookup.ts`: MiniSearch's ranking over compact tables), built by `indexer.ts`.
 * Paper text stays outside; results refer to papers by position. Implements the `Retriever` port.
 */
import type { Paper } from '../corpus/schema.js';
import type { Strings } from '../corpus/string-list.js';
import { CandidateSearch } from './candidates.js';
import { type DocFilter, PaperFacets } from './facets.js';
import { type FieldBoosts, indexPapersSteps, type PaperSource } from './indexer.js';
import { runSteps } from './lazy.js';
import { NamedPapers } from './named-papers.js';
import type { Bm25Parameters } from './postings.js';
import type { Candidate, CandidateQuery, Retriever } from './retriever.js';
import { INDEX_FORMAT, type IndexSnapshot, snapshotError } from './snapshot.js';
import { TitleLookup } from './title-lookup.js';
import { TypoVocabulary } from './vocabulary.js';

/** The ids and titles of the indexed papers, by position (a `PaperList` has them). */
export interface PaperKeys {
  readonly ids: Strings;
  readonly titles: Strings;
}

export class SearchIndex implements Retriever {
  readonly size: number;
  private readonly titles: TitleLookup;

  private constructor(
    private readonly search: CandidateSearch,
    private readonly names: NamedPapers,
    private readonly vocabulary: TypoVocabulary,
    private readonly papers: PaperKeys,
    readonly facets: PaperFacets,
  ) {
    this.size = search.size;
    this.titles = new TitleLookup({ ids: papers.ids, titles: papers.titles, namesOf: (doc) => names.namesOf(doc) });
  }

  /** Analyse and index papers. */
  static build(papers: readonly Paper[] | (PaperSource & PaperKeys)): SearchIndex {
    return runSteps(SearchIndex.buildSteps(papers));
  }

  /**
   * `build` in small steps: yields after every slice of work, so an async caller can keep an event loop
   * responsive while a large corpus is indexed (see `buildLibrary`). `fields`: other field weights than the
   * index's own (`FIELD_BOOSTS`), only for fitting them (`npm run fit:bm25`).
   */
  static *buildSteps(
    papers: readonly Paper[] | (PaperSource & PaperKeys),
    slice = 250,
    fields?: FieldBoosts,
  ): Generator<void, SearchIndex> {
    const source: PaperSource & PaperKeys = Array.isArray(papers)
      ? { length: papers.length, at: (i) => papers[i]!, ids: papers.map((p) => p.id), titles: papers.map((p) => p.title) }
      : (papers as PaperSource & PaperKeys);
    const indexed = yield* indexPapersSteps(source, slice, undefined, fields);
    const keys = { ids: source.ids, titles: source.titles };
    yield;
    const names = yield* NamedPapers.buildSteps(indexed.names, keys.titles);
    const search = new CandidateSearch(indexed.postings);
    const vocabulary = TypoVocabulary.of(indexed.words, indexed.titleTerms, (t) => search.docFrequency(t));
    const facets = yield* PaperFacets.buildSteps(source);
    return new SearchIndex(search, names, vocabulary, keys, facets);
  }

  /**
   * The same index with its lexical score under other BM25 parameters: every part shared but the length norms
   * (for fitting them, `npm run fit:bm25`; a snapshot does not depend on them).
   */
  withBm25(bm25: Bm25Parameters): SearchIndex {
    return new SearchIndex(this.search.withBm25(bm25), this.names, this.vocabulary, this.papers, this.facets);
  }

  /** The index as a snapshot: every part's section, plain fields that are quick to save, load and transfer. */
  toSnapshot(): IndexSnapshot {
    return {
      format: INDEX_FORMAT,
      papers: this.size,
      sections: {
        postings: this.search.toSection(),
        names: this.names.toSection(),
        vocabulary: this.vocabulary.toSection(),
        facets: this.facets.toSection(),
      },
    };
  }

  /**
   * Restore an index from a snapshot of the papers whose ids and titles are given (no text is analysed).
   * Throws `CitebotError` `SNAPSHOT_INVALID`, naming the section and field, for a snapshot that is malformed,
   * of another format, or of another number of papers.
   */
  static fromSnapshot(snapshot: IndexSnapshot, papers: PaperKeys): SearchIndex {
    if (typeof snapshot !== 'object' || snapshot === null) throw snapshotError('format', 'not a snapshot');
    if (snapshot.format !== INDEX_FORMAT) throw snapshotError('format', `expected ${INDEX_FORMAT}, got ${String(snapshot.format)}`);
    if (snapshot.papers !== papers.ids.length || papers.titles.length !== papers.ids.length) {
      throw snapshotError('papers', `the snapshot has ${String(snapshot.papers)} papers, the paper list ${papers.ids.length}`);
    }
    const search = CandidateSearch.fromSnapshot(snapshot);
    return new SearchIndex(
      search,
      NamedPapers.fromSnapshot(snapshot),
      TypoVocabulary.fromSnapshot(snapshot, (t) => search.docFrequency(t)),
      papers,
      PaperFacets.fromSnapshot(snapshot),
    );
  }

  candidates(query: CandidateQuery): Candidate[] {
    return this.search.search(query.terms, query.limit, query.include, query.filter as DocFilter | undefined);
  }

  idf(term: string): number {
    return this.search.idf(term);
  }

  docFrequency(term: string): number {
    return this.search.docFrequency(term);
  }

  has(term: string): boolean {
    return this.search.has(term);
  }

  namedIn(text: string): number[] {
    return this.names.namedIn(text);
  }

  namedAs(name: string): number[] {
    return this.names.namedAs(name);
  }

  namesOf(doc: number): string {
    return this.names.namesOf(doc);
  }

  closestTerm(word: string, maxDistance: number, minDf = 0): string | undefined {
    return this.vocabulary.closestTerm(word, maxDistance, minDf);
  }

  closestWord(word: string, maxDistance: number, minDf = 0): string | undefined {
    return this.vocabulary.closestWord(word, maxDistance, minDf);
  }

  inTitles(term: string): boolean {
    return this.vocabulary.inTitles(term);
  }

  lookup(query: string, limit: number): number[] {
    return this.titles.lookup(query, limit);
  }

  /**
   * Build, in small steps, what is otherwise built on first use: the title index for lookups, the typo
   * vocabulary, the names and title terms. At 100k+ papers, building them inside a request stalls the event
   * loop (7 s for the title index at 136k papers); run this in the background before serving a new library
   * (see `Library.prepare`).
   */
  *prepareSteps(): Generator<void, void> {
    // Cheapest and most often needed first: the title index is needed only by lookups, which can scan.
    yield* this.vocabulary.prepareTitleTermsSteps();
    yield* this.names.prepareSteps();
    yield* this.vocabulary.prepareFuzzySteps();
    yield* this.titles.prepareSteps();
    yield* this.facets.prepareSteps();
  }
}
