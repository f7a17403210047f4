/**
 * Paper facets: each paper's authors, year and venue, indexed so that filters ("papers by Tri Dao", "since 2022",
 * "EMNLP") apply during retrieval, without reading a paper from disk. Author names match across case,
 * diacritics and initials ("T. Dao", "tri dao", "Trí Dào"). Owns the `facets` section of the snapshot.
 */
import { StringList } from '../corpus/string-list.js';
import { fold } from './analyzer.js';
import { Lazy } from './lazy.js';
import { type IndexSnapshot, SectionReader, type SnapshotSection, stringListFields } from './snapshot.js';
import { SortedWords } from './word-table.js';

/**
 * Author ids grouped by a word of their names, as typed arrays (a `Map` of arrays per name cost 29 MB of heap at
 * 136k papers): the distinct words sorted, and the ids of sorted word k at `ids[starts[k]..starts[k + 1]]`,
 * ascending.
 */
interface AuthorsByWord {
  words: SortedWords;
  starts: Uint32Array;
  ids: Uint32Array;
}

/** What facets are built from: a paper's metadata. */
export interface FacetSource {
  authors: readonly string[];
  year: number | null;
  venue?: string | undefined;
}

/** A set of papers a filter allows, by position. */
export interface DocFilter {
  /** The allowed papers, ascending. */
  readonly docs: Uint32Array;
  /** Whether a paper is allowed (one byte per paper). */
  readonly allowed: Uint8Array;
}

/** The words of a name, folded, split at anything that is not a letter or digit ("Jean-Baptiste" → jean, baptiste). */
export function nameWords(name: string): string[] {
  return fold(name)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * Whether a name as typed ("T. Dao", "tri dao", "Dao") can mean an author's name (its words): the surnames (last
 * words) are equal, and each given name typed matches the author's in order, in full or as an initial.
 */
export function nameMatches(typed: readonly string[], author: readonly string[]): boolean {
  if (typed.length === 0 || author.length === 0) return false;
  if (typed[typed.length - 1] !== author[author.length - 1]) return false;
  const given = typed.slice(0, -1);
  const theirs = author.slice(0, -1);
  if (given.length > theirs.length) return false;
  // Given names typed in order, each the author's given name at some later position (a middle name may be skipped).
  let j = 0;
  for (const g of given) {
    while (j < theirs.length && !givenMatches(g, theirs[j]!)) j++;
    if (j === theirs.length) return false;
    j++;
  }
  return true;
}

function givenMatches(typed: string, theirs: string): boolean {
  if (typed === theirs) return true;
  if (typed.length === 1) return theirs.startsWith(typed);
  return theirs.length === 1 && typed.startsWith(theirs);
}

export class PaperFacets {
  /** Papers per author, by author id (CSR), built on first use. */
  private readonly byAuthor = new Lazy(() => this.byAuthorSteps());
  /** Author ids by surname (folded last word), built on first use. */
  private readonly bySurname = new Lazy(() => this.bySurnameSteps());
  /** Every word of every author name with its author id, sorted by word: for prefix autocomplete. */
  private readonly words = new Lazy(() => this.wordsSteps());
  /** Every venue tag of the collection, folded. */
  private readonly venueTagSet = new Lazy(
    function* (this: PaperFacets): Generator<void, Set<string>> {
      return new Set(this.venueNames.flatMap((v) => nameWords(v)));
    }.bind(this),
  );

  private constructor(
    /** Distinct author names, as first spelt in the collection. */
    private readonly authorNames: StringList,
    /** docAuthors[docStarts[d]..docStarts[d+1]] are paper d's author ids, in byline order. */
    private readonly docStarts: Uint32Array,
    private readonly docAuthors: Uint32Array,
    /** Year per paper (0 when unknown). */
    readonly years: Uint16Array,
    /** Distinct venue labels; index 0 is "no venue". */
    private readonly venueNames: readonly string[],
    /** Venue per paper (index into `venueNames`). */
    private readonly venueOf: Uint32Array,
  ) {}

  /** Number of papers. */
  get size(): number {
    return this.years.length;
  }

  /** Build from the papers' metadata, yielding every `slice` papers. */
  static *buildSteps(
    papers: { readonly length: number; at(i: number): FacetSource | undefined },
    slice = 5000,
  ): Generator<void, PaperFacets> {
    const ids = new Map<string, number>();
    const names: string[] = [];
    const venueIds = new Map<string, number>([['', 0]]);
    const venues = [''];
    const starts = new Uint32Array(papers.length + 1);
    const authors: number[] = [];
    const years = new Uint16Array(papers.length);
    const venueOf = new Uint32Array(papers.length);
    for (let d = 0; d < papers.length; d++) {
      const p = papers.at(d)!;
      for (const name of p.authors) {
        const key = nameWords(name).join(' ');
        if (key === '') continue;
        let id = ids.get(key);
        if (id === undefined) {
          id = names.length;
          ids.set(key, id);
          names.push(name.replace(/\s+/g, ' ').trim());
        }
        authors.push(id);
      }
      starts[d + 1] = authors.length;
      years[d] = p.year ?? 0;
      const venue = p.venue ?? '';
      let v = venueIds.get(venue);
      if (v === undefined) {
        v = venues.length;
        venueIds.set(venue, v);
        venues.push(venue);
      }
      venueOf[d] = v;
      if (d % slice === slice - 1) yield;
    }
    return new PaperFacets(StringList.of(names), starts, Uint32Array.from(authors), years, venues, venueOf);
  }

  /** This part's section of a snapshot. */
  toSection(): SnapshotSection {
    return {
      ...stringListFields('author', this.authorNames),
      docStarts: this.docStarts,
      docAuthors: this.docAuthors,
      years: this.years,
      venueNames: this.venueNames,
      venueOf: this.venueOf,
    };
  }

  /** Restore from a snapshot's `facets` section, checking that its arrays fit the papers. */
  static fromSnapshot(snapshot: IndexSnapshot): PaperFacets {
    const s = new SectionReader(snapshot, 'facets');
    const docStarts = s.array('docStarts', Uint32Array);
    const docAuthors = s.array('docAuthors', Uint32Array);
    const years = s.array('years', Uint16Array);
    const venueOf = s.array('venueOf', Uint32Array);
    const authorNames = s.stringList('author');
    const venueNames = s.strings('venueNames');
    if (docStarts.length !== snapshot.papers + 1)
      throw s.error('docStarts', `expected ${snapshot.papers + 1} items, got ${docStarts.length}`);
    if (docStarts[snapshot.papers] !== docAuthors.length) throw s.error('docAuthors', 'does not match docStarts');
    if (years.length !== snapshot.papers) throw s.error('years', `expected ${snapshot.papers} items, got ${years.length}`);
    if (venueOf.length !== snapshot.papers) throw s.error('venueOf', `expected ${snapshot.papers} items, got ${venueOf.length}`);
    return new PaperFacets(authorNames, docStarts, docAuthors, years, venueNames, venueOf);
  }

  /** A paper's year, or null when unknown. */
  yearOf(doc: number): number | null {
    return this.years[doc] || null;
  }

  /** A paper's authors (display names), in byline order. */
  authorsOf(doc: number): string[] {
    const out: string[] = [];
    for (let i = this.docStarts[doc]!; i < this.docStarts[doc + 1]!; i++) out.push(this.authorNames.at(this.docAuthors[i]!));
    return out;
  }

  /** Author ids whose name a typed name can mean (see `nameMatches`), most papers first. */
  authorIds(typed: string): number[] {
    const words = nameWords(typed);
    if (words.length === 0) return [];
    const bySurname = this.bySurname.get();
    const k = bySurname.words.find(words[words.length - 1]!);
    const withSurname = k < 0 ? [] : Array.from(bySurname.ids.subarray(bySurname.starts[k]!, bySurname.starts[k + 1]!));
    const ids = withSurname.filter((id) => nameMatches(words, nameWords(this.authorNames.at(id))));
    const counts = this.byAuthor.get();
    return ids.sort((a, b) => counts.count(b) - counts.count(a) || a - b);
  }

  /** The collection's spelling of an author id. */
  authorName(id: number): string {
    return this.authorNames.at(id);
  }

  /** Papers by an author id, ascending. */
  papersOf(id: number): Uint32Array {
    return this.byAuthor.get().docs(id);
  }

  /**
   * Authors whose name has a word starting with what is typed (folded; several words typed must each start a
   * word of the name, in order, the last as a prefix: "t. da" → "Tri Dao"), most papers first.
   */
  authorsByPrefix(typed: string, limit: number): { name: string; papers: number }[] {
    const words = nameWords(typed);
    const counts = this.byAuthor.get();
    let ids: number[];
    if (words.length === 0) {
      ids = Array.from({ length: this.authorNames.length }, (_, i) => i);
    } else {
      const index = this.words.get();
      const last = words[words.length - 1]!;
      const found = new Set<number>();
      // The words that start with the prefix are a run of the sorted words; their ids, word by word.
      const [from, to] = index.words.prefixRange(last);
      for (let i = index.starts[from]!; i < index.starts[to]!; i++) found.add(index.ids[i]!);
      const given = words.slice(0, -1);
      ids = [...found].filter((id) => {
        if (given.length === 0) return true;
        const theirs = nameWords(this.authorNames.at(id));
        let j = 0;
        for (const g of given) {
          while (j < theirs.length - 1 && !givenMatches(g, theirs[j]!)) j++;
          if (j >= theirs.length - 1) return false;
          j++;
        }
        return theirs.slice(j).some((w) => w.startsWith(last));
      });
    }
    ids.sort((a, b) => counts.count(b) - counts.count(a) || a - b);
    return ids.slice(0, limit).map((id) => ({ name: this.authorNames.at(id), papers: counts.count(id) }));
  }

  /** Venue tags of a paper, folded (`emnlp, findings` → emnlp, findings; `NeurIPS 2023` → neurips, 2023). */
  venueTags(doc: number): string[] {
    return nameWords(this.venueNames[this.venueOf[doc]!]!);
  }

  /** Whether any paper has this venue tag (folded). */
  hasVenue(tag: string): boolean {
    return this.venueTagSet.get().has(fold(tag));
  }

  /**
   * The papers every given condition allows: by one of the author ids of each author group, in the years, at
   * one of the venues (folded tags). Undefined when nothing is given.
   */
  filter(c: {
    authorGroups?: readonly (readonly number[])[];
    from?: number;
    to?: number;
    venues?: readonly string[];
  }): DocFilter | undefined {
    const n = this.size;
    const hasYears = c.from !== undefined || c.to !== undefined;
    const venues = c.venues?.map((v) => fold(v));
    if (!c.authorGroups?.length && !hasYears && !venues?.length) return undefined;
    let allowed: Uint8Array;
    if (c.authorGroups?.length) {
      allowed = new Uint8Array(n);
      const groups = c.authorGroups;
      const hits = new Uint8Array(n);
      for (const group of groups) {
        const seen = new Uint8Array(n);
        for (const id of group) for (const d of this.papersOf(id)) seen[d] = 1;
        for (let d = 0; d < n; d++) if (seen[d]) hits[d]!++;
      }
      for (let d = 0; d < n; d++) if (hits[d] === groups.length) allowed[d] = 1;
    } else allowed = new Uint8Array(n).fill(1);
    if (hasYears) {
      const from = c.from ?? 0;
      const to = c.to ?? 65535;
      for (let d = 0; d < n; d++) if (allowed[d] && (this.years[d] === 0 || this.years[d]! < from || this.years[d]! > to)) allowed[d] = 0;
    }
    if (venues?.length) {
      const ok = this.venueNames.map((v) => {
        const tags = nameWords(v);
        return venues.some((t) => tags.includes(t));
      });
      for (let d = 0; d < n; d++) if (allowed[d] && !ok[this.venueOf[d]!]) allowed[d] = 0;
    }
    let count = 0;
    for (let d = 0; d < n; d++) count += allowed[d]!;
    const docs = new Uint32Array(count);
    for (let d = 0, k = 0; d < n; d++) if (allowed[d]) docs[k++] = d;
    return { docs, allowed };
  }

  /** Build the lookup tables in steps, unless a request already needed them. */
  *prepareSteps(): Generator<void, void> {
    yield* this.byAuthor.prepare();
    yield* this.bySurname.prepare();
    yield* this.words.prepare();
    yield* this.venueTagSet.prepare();
  }

  private *byAuthorSteps(): Generator<void, { count(id: number): number; docs(id: number): Uint32Array }> {
    const counts = new Uint32Array(this.authorNames.length + 1);
    for (const id of this.docAuthors) counts[id + 1]!++;
    for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
    const docs = new Uint32Array(this.docAuthors.length);
    const fill = counts.slice(0, -1);
    for (let d = 0; d < this.size; d++) {
      for (let i = this.docStarts[d]!; i < this.docStarts[d + 1]!; i++) {
        const id = this.docAuthors[i]!;
        // An author listed twice on one paper counts once.
        if (fill[id]! > counts[id]! && docs[fill[id]! - 1] === d) continue;
        docs[fill[id]!++] = d;
      }
      if (d % 20_000 === 19_999) yield;
    }
    return {
      count: (id) => fill[id]! - counts[id]!,
      docs: (id) => docs.subarray(counts[id]!, fill[id]!),
    };
  }

  private *bySurnameSteps(): Generator<void, AuthorsByWord> {
    const SLICE = 20_000;
    const wordIds = new Map<string, number>();
    const distinct: string[] = [];
    const surnameOf = new Int32Array(this.authorNames.length).fill(-1);
    for (let id = 0; id < this.authorNames.length; id++) {
      const words = nameWords(this.authorNames.at(id));
      const last = words[words.length - 1];
      if (last !== undefined) {
        let k = wordIds.get(last);
        if (k === undefined) {
          k = distinct.length;
          wordIds.set(last, k);
          distinct.push(last);
        }
        surnameOf[id] = k;
      }
      if (id % SLICE === SLICE - 1) yield;
    }
    yield;
    const table = yield* groupByWord(
      wordIds,
      distinct,
      (visit) => {
        for (let id = 0; id < surnameOf.length; id++) if (surnameOf[id]! >= 0) visit(surnameOf[id]!, id);
      },
      SLICE,
    );
    return table;
  }

  /**
   * Each name's distinct words with the name's id, grouped by word in sorted order (as `<` orders strings), ids
   * ascending within a word. Built in slices, for the warm-up must never hold the event loop long (one comparison
   * sort of every pair took half a second at 136k papers): the distinct words are sorted once and ranked, then the
   * pairs placed by a counting sort on rank.
   */
  private *wordsSteps(): Generator<void, AuthorsByWord> {
    const SLICE = 20_000;
    const wordIds = new Map<string, number>();
    const distinct: string[] = [];
    const pairWord: number[] = [];
    const pairId: number[] = [];
    for (let id = 0; id < this.authorNames.length; id++) {
      for (const w of new Set(nameWords(this.authorNames.at(id)))) {
        let k = wordIds.get(w);
        if (k === undefined) {
          k = distinct.length;
          wordIds.set(w, k);
          distinct.push(w);
        }
        pairWord.push(k);
        pairId.push(id);
      }
      if (id % SLICE === SLICE - 1) yield;
    }
    yield;
    return yield* groupByWord(
      wordIds,
      distinct,
      (visit) => {
        for (let i = 0; i < pairWord.length; i++) visit(pairWord[i]!, pairId[i]!);
      },
      SLICE,
    );
  }
}

/**
 * Ids grouped by word: `distinct` words (numbered by `wordIds`) sorted and ranked, then the (word, id) pairs that
 * `pairs` visits (ids ascending) placed by a counting sort on the word's rank, so ids stay ascending within a word.
 */
function* groupByWord(
  wordIds: Map<string, number>,
  distinct: readonly string[],
  pairs: (visit: (word: number, id: number) => void) => void,
  slice: number,
): Generator<void, AuthorsByWord> {
  // The default sort orders strings by UTF-16 code units, as `<` does (the words are distinct).
  const sorted = [...distinct].sort();
  yield;
  const rank = new Uint32Array(distinct.length);
  for (let r = 0; r < sorted.length; r++) {
    rank[wordIds.get(sorted[r]!)!] = r;
    if (r % slice === slice - 1) yield;
  }
  const words = SortedWords.ofSorted(sorted);
  yield;
  const starts = new Uint32Array(sorted.length + 1);
  let total = 0;
  pairs((w) => {
    starts[rank[w]! + 1]!++;
    total++;
  });
  for (let r = 0; r < sorted.length; r++) starts[r + 1]! += starts[r]!;
  yield;
  const next = starts.slice(0, -1);
  const ids = new Uint32Array(total);
  pairs((w, id) => {
    ids[next[rank[w]!]!++] = id;
  });
  return { words, starts, ids };
}
