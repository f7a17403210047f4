/**
 * Title lookup and autocomplete on MiniSearch (prefix and typo-tolerant search over titles, names and ids),
 * with a plain scan until it is built; and the fuzzy word map the typo vocabulary searches. This is the only
 * module that imports minisearch: another library (or none) behind lookups is a change to this file alone.
 * It owns no snapshot section: everything it needs comes from the papers (ids, titles) and `NamedPapers`.
 */
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { fold } from './analyzer.js';
import { Lazy } from './lazy.js';

/** Above this many papers, lookups scan until the title index is built in the background (see `prepareSteps`). */
const SCAN_LOOKUP_UNTIL = 5_000;

/** What title lookup reads of each paper, by position. */
export interface TitleSource {
  readonly ids: readonly string[];
  readonly titles: readonly string[];
  /** The paper's names joined by " ; " (see `NamedPapers.namesOf`). */
  namesOf(doc: number): string;
}

export class TitleLookup {
  /** MiniSearch over titles, names and ids, built on first use. */
  private readonly titles = new Lazy(() => this.titlesSteps());
  private readonly size: number;

  constructor(private readonly papers: TitleSource) {
    this.size = papers.ids.length;
  }

  /**
   * Papers whose title, name or id matches what a user typed so far (prefix and typo tolerant), best first:
   * for `/paper` lookups and autocomplete. Builds its MiniSearch index on first use.
   */
  lookup(query: string, limit: number): number[] {
    // Until `prepareSteps` has built the title index, a plain scan: building it here would stall for seconds.
    if (!this.titles.ready && this.size > SCAN_LOOKUP_UNTIL) return this.lookupByScan(query, limit);
    const results = this.titles.get().search(fold(query), {
      prefix: true,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      combineWith: 'AND',
      boost: { names: 3, paperId: 3, title: 1 },
    });
    return results.slice(0, limit).map((r) => r.id as number);
  }

  /** Build the title index in steps, unless a request already needed it. */
  prepareSteps(): Generator<void, void> {
    return this.titles.prepare();
  }

  private *titlesSteps(): Generator<void, MiniSearch<{ id: number }>> {
    const { ids, titles } = this.papers;
    const mini = new MiniSearch<{ id: number }>({
      idField: 'id',
      fields: ['names', 'title', 'paperId'],
      storeFields: [],
      extractField: (doc, field) => {
        if (field === 'id') return doc.id; // the position in the corpus
        if (field === 'title') return titles[doc.id];
        if (field === 'paperId') return ids[doc.id];
        return this.papers.namesOf(doc.id);
      },
      tokenize: (text) =>
        fold(text)
          .split(/[^\p{L}\p{N}.]+/u)
          .map((t) => t.replace(/^\.+|\.+$/g, ''))
          .filter((t) => t !== ''),
      processTerm: (t) => t,
    });
    for (let i = 0; i < this.size; i++) {
      mini.add({ id: i });
      if (i % 200 === 199) yield;
    }
    return mini;
  }

  /** Papers whose id, names and title contain every word of the query (case folded), in corpus order. */
  private lookupByScan(query: string, limit: number): number[] {
    const words = fold(query)
      .split(/\s+/)
      .filter((w) => w !== '');
    const out: number[] = [];
    const { ids, titles } = this.papers;
    for (let i = 0; i < this.size && out.length < limit; i++) {
      const text = `${ids[i]} ${this.papers.namesOf(i)} ${titles[i]}`.toLowerCase();
      if (words.every((w) => text.includes(w))) out.push(i);
    }
    return out;
  }
}

/** A map from words to values searchable within an edit distance (MiniSearch's radix tree). */
export class FuzzyWordMap<T> {
  private readonly map = new SearchableMap<T>();

  set(word: string, value: T): void {
    this.map.set(word, value);
  }

  /** The entries within `maxDistance` edits of `word`: [word, [value, distance]] pairs. */
  fuzzyGet(word: string, maxDistance: number): Iterable<[string, [T, number]]> {
    return this.map.fuzzyGet(word, maxDistance);
  }

  /** The value of exactly this word, if any. */
  get(word: string): T | undefined {
    return this.map.get(word);
  }
}
