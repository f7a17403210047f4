import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import type { Paper } from '../corpus/schema.js';
import { fold, WordTable } from './analyzer.js';
import { grow } from './hash-table.js';
import { paperNames } from './names.js';
import { Postings, PostingsBuilder, type PostingsData } from './postings.js';

/** How much a match in each field counts, relative to the abstract (BM25F field weights). */
export const FIELD_BOOSTS = { names: 4, title: 2, abstract: 1 } as const;

/** Above this many papers, lookups scan until the title index is built in the background (see `prepareSteps`). */
const SCAN_LOOKUP_UNTIL = 5_000;

/** A value built on first use, or ahead of time in steps that yield (see `SearchIndex.prepareSteps`). */
class Lazy<T> {
  private value: T | undefined;

  constructor(private readonly steps: () => Generator<void, T>) {}

  /** The value, built now (in one go) if it is not built yet. */
  get(): T {
    if (this.value === undefined) {
      const steps = this.steps();
      for (let r = steps.next(); ; r = steps.next()) if (r.done) return (this.value = r.value);
    }
    return this.value;
  }

  /** Whether it is built. */
  get ready(): boolean {
    return this.value !== undefined;
  }

  /** Build it in steps, unless it is built already. */
  *prepare(): Generator<void, void> {
    if (this.value !== undefined) return;
    const value = yield* this.steps();
    this.value ??= value; // a request may have needed it meanwhile and built it
  }
}

/** Call `onLine` for each line of newline-separated text (none for ""), yielding every `slice` lines. */
function* eachLine(text: string, onLine: (line: string) => void, slice = 20_000): Generator<void, void> {
  if (text === '') return;
  let n = 0;
  for (let at = 0; at <= text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    onLine(text.slice(at, end));
    at = end + 1;
    if (++n % slice === 0) yield;
  }
}

/** Longest name, in words, matched as a phrase. */
const MAX_NAME_WORDS = 6;
/** A name shared by more papers than this does not identify one. */
const MAX_NAME_DOCS = 3;

/** A word as typed, hyphenated parts included ("SoFT", "LASP-2H"). */
const NAME_TOKEN = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;

/** Shaped like a name: a capital after the first letter ("LLaMA", "SoFT"), or a digit ("LASP-2"). */
function isCased(word: string): boolean {
  return /^.+\p{Lu}|\p{N}/u.test(word);
}

/** Folded words of a text, stop words kept, for phrase matching. */
function phraseWords(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** One candidate paper for a query, by its position in the corpus array. */
export interface Hit {
  /** Index of the paper in the array the index was built from. */
  doc: number;
  /** BM25F score over the fields, with the field boosts. */
  score: number;
  /** The query terms this paper contains, in any field. */
  matched: string[];
}

/** What a saved index holds besides the papers: enough to answer without re-analysing any text. */
export interface SearchIndexData {
  postings: PostingsData;
  /** Plain corpus words and the terms they stem to, for typo correction, each list joined by newlines. */
  words: { words: string; terms: string };
  /** Per paper: its id, title and names (title lead, acronyms), for lookup. */
  lookup: { ids: string[]; titles: string[]; names: string[] };
  /** Terms found in some title or name, joined by newlines (see `inTitles`). */
  titleTerms: string;
  /** Names that mark a paper in a question (see `namedIn`), as "key<TAB>doc,doc" lines. */
  phrases: string;
}

/**
 * The lexical index over a corpus. Ranking runs on a typed-array BM25F inverted index (fast at 100k+ papers,
 * quick to save and load); title lookup and autocomplete run on MiniSearch (prefix and fuzzy search over
 * titles, names and ids), built on first use. Paper text stays outside both; hits refer to papers by position.
 * This is the only module that imports minisearch.
 */
export class SearchIndex {
  readonly size: number;
  private readonly postings: Postings;
  /** Terms in some title or name (see `inTitles`). */
  private readonly titleTerms = new Lazy(() => this.titleTermsSteps());
  /** Names that mark a paper, by key (see `namedIn`). */
  private readonly phrases = new Lazy(() => this.phrasesSteps());
  /** Plain corpus words (folded, unstemmed) → their index term, for typo correction. */
  private readonly vocabulary = new Lazy(() => this.vocabularySteps());
  /** MiniSearch over titles, names and ids, for lookups and autocomplete. */
  private readonly titles = new Lazy(() => this.titlesSteps());

  private constructor(
    postings: Postings,
    private readonly words: SearchIndexData['words'],
    private readonly lookupData: SearchIndexData['lookup'],
    private readonly titleTermsData: string,
    private readonly phrasesData: string,
  ) {
    this.size = postings.size;
    this.postings = postings;
  }

  /** Analyse and index papers. */
  static build(papers: readonly Paper[]): SearchIndex {
    const gen = SearchIndex.buildSteps(papers);
    for (let r = gen.next(); ; r = gen.next()) if (r.done) return r.value;
  }

  /**
   * `build` in small steps: yields after every slice of work, so an async caller can keep an event loop
   * responsive while a large corpus is indexed (see `buildLibrary`).
   */
  static *buildSteps(papers: readonly Paper[], slice = 250): Generator<void, SearchIndex> {
    let indexer: PaperIndexer | undefined = new PaperIndexer();
    const names: string[] = [];
    for (let i = 0; i < papers.length; i++) {
      names.push(indexer.add(papers[i]!));
      if (i % slice === slice - 1) yield;
    }
    const { builder, words, titleTerms } = indexer;
    indexer = undefined; // its word table is garbage now: let it go before the postings are laid out
    const postings = yield* builder.buildSteps();
    yield;
    const lookup = { ids: papers.map((p) => p.id), titles: papers.map((p) => p.title), names };
    yield;
    const phrases = yield* phraseLines(names, lookup.titles);
    return new SearchIndex(postings, { words: [...words.keys()].join('\n'), terms: [...words.values()].join('\n') }, lookup, [...titleTerms].join('\n'), phrases);
  }

  /** Rebuild from saved data (see `toData`). */
  static fromData(data: SearchIndexData): SearchIndex {
    return new SearchIndex(new Postings(data.postings), data.words, data.lookup, data.titleTerms, data.phrases);
  }

  /** The data to save this index: flat arrays and joined strings, quick to serialise and load. */
  toData(): SearchIndexData {
    return { postings: this.postings.data, words: this.words, lookup: this.lookupData, titleTerms: this.titleTermsData, phrases: this.phrasesData };
  }

  /** The names a paper is known by (title lead, acronyms), as found when it was indexed. */
  namesOf(doc: number): string {
    return this.lookupData.names[doc] ?? '';
  }

  /** Whether a term occurs in some paper's title or names (so it may be a name, not a typo). */
  inTitles(term: string): boolean {
    return this.titleTerms.get().has(term);
  }

  private *titleTermsSteps(): Generator<void, Set<string>> {
    const set = new Set<string>();
    yield* eachLine(this.titleTermsData, (term) => set.add(term));
    return set;
  }

  /** How many papers contain the term in any field. */
  docFrequency(term: string): number {
    return this.postings.docFrequency(term);
  }

  /** BM25 inverse document frequency of a term (0 for a term no paper has). */
  idf(term: string): number {
    const df = this.docFrequency(term);
    if (df === 0) return 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Whether any paper contains the term. */
  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * The corpus word closest to a (misspelt) folded word, within `maxDistance` edits, as its index term;
   * the most frequent wins among equally close ones. Undefined when none is that close.
   */
  closestTerm(word: string, maxDistance: number, minDf = 0): string | undefined {
    let best: { term: string; distance: number; df: number } | undefined;
    for (const [, [term, distance]] of this.vocabulary.get().fuzzyGet(word, maxDistance)) {
      const df = this.docFrequency(term);
      if (df < minDf) continue;
      if (!best || distance < best.distance || (distance === best.distance && df > best.df)) best = { term, distance, df };
    }
    return best?.term;
  }

  private *vocabularySteps(): Generator<void, SearchableMap<string>> {
    const { words, terms } = this.words;
    const map = new SearchableMap<string>();
    let at = 0; // the term of each word is on the same line of `terms`
    yield* eachLine(words, (word) => {
      let end = terms.indexOf('\n', at);
      if (end < 0) end = terms.length;
      map.set(word, terms.slice(at, end));
      at = end + 1;
    }, 4_000); // a radix-tree insert costs more than a Map's
    return map;
  }

  /**
   * Papers matching any of the terms, best first (BM25F; each term may carry an extra weight, default 1).
   * Ties keep corpus order. Papers in `include` are scored and kept even when they would not make the cut.
   */
  search(terms: readonly string[], limit: number, include: readonly number[] = []): Hit[] {
    const query = [...new Set(terms)].filter((t) => this.has(t)).map((term) => ({ term, weight: this.idf(term) }));
    const hit = (s: { doc: number; score: number; mask: number }): Hit => ({
      doc: s.doc,
      score: s.score,
      matched: query.filter((_, i) => (s.mask & (1 << i)) !== 0).map((q) => q.term),
    });
    const hits = this.postings.search(query, limit).map(hit);
    for (const doc of include) if (!hits.some((h) => h.doc === doc)) hits.push(hit(this.postings.scoreDoc(query, doc)));
    return hits;
  }

  /**
   * Papers whose name of several words ("Me LLaMA", "What Matters in Transformers", "Train Small, Infer
   * Large") appears in the text as a phrase, stop words and all. Such names are lost to stop-word removal
   * and common words; a question that names a paper this way asks about it.
   */
  namedIn(text: string): number[] {
    const phrases = this.phrases.get();
    const words = phraseWords(text);
    const found = new Set<number>();
    // A one-word name typed in its own mixed case ("SoFT", "iLLaMA") names the paper, even when folded it is
    // a common word ("soft").
    for (const m of text.matchAll(NAME_TOKEN)) for (const d of phrases.get(`=${m[0]}`) ?? []) found.add(d);
    for (let i = 0; i < words.length; i++) {
      let phrase = words[i]!;
      for (let n = 2; n <= MAX_NAME_WORDS && i + n <= words.length; n++) {
        phrase += ` ${words[i + n - 1]}`;
        for (const d of phrases.get(phrase) ?? []) found.add(d);
      }
    }
    return [...found];
  }

  private *phrasesSteps(): Generator<void, Map<string, number[]>> {
    const map = new Map<string, number[]>();
    yield* eachLine(this.phrasesData, (line) => {
      const tab = line.indexOf('\t');
      if (tab > 0) map.set(line.slice(0, tab), line.slice(tab + 1).split(',').map(Number));
    });
    return map;
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

  private *titlesSteps(): Generator<void, MiniSearch<{ id: number }>> {
    const mini = new MiniSearch<{ id: number }>({
      idField: 'id',
      fields: ['names', 'title', 'paperId'],
      storeFields: [],
      extractField: (doc, field) => {
        if (field === 'id') return doc.id; // the position in the corpus
        if (field === 'title') return this.lookupData.titles[doc.id];
        if (field === 'paperId') return this.lookupData.ids[doc.id];
        return this.lookupData.names[doc.id];
      },
      tokenize: (text) => fold(text).split(/[^\p{L}\p{N}.]+/u).map((t) => t.replace(/^\.+|\.+$/g, '')).filter((t) => t !== ''),
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
    const words = fold(query).split(/\s+/).filter((w) => w !== '');
    const out: number[] = [];
    const { ids, titles, names } = this.lookupData;
    for (let i = 0; i < this.size && out.length < limit; i++) {
      const text = `${ids[i]} ${names[i]} ${titles[i]}`.toLowerCase();
      if (words.every((w) => text.includes(w))) out.push(i);
    }
    return out;
  }

  /**
   * Build, in small steps, what is otherwise built on first use: the title index for lookups, the typo
   * vocabulary, the names and title terms. At 100k+ papers, building them inside a request stalls the event
   * loop (7 s for the title index at 136k papers); run this in the background before serving a new library
   * (see `Library.prepare`).
   */
  *prepareSteps(): Generator<void, void> {
    // Cheapest and most often needed first: the title index is needed only by lookups, which can scan.
    for (const lazy of [this.titleTerms, this.phrases, this.vocabulary, this.titles]) yield* lazy.prepare();
  }


}

/**
 * The names that mark a paper when a question contains them, as "key<TAB>doc,doc" lines: one-word names in
 * their own case ("=SoFT") and folded phrases ("me llama"); a name shared by more than MAX_NAME_DOCS papers
 * does not identify one.
 */
function* phraseLines(allNames: readonly string[], titles: readonly string[]): Generator<void, string> {
  const map = new Map<string, number[]>();
  for (let doc = 0; doc < allNames.length; doc++) {
    if (doc % 5000 === 4999) yield;
    const names = allNames[doc]!;
    const title = titles[doc] ?? '';
    for (const name of names.split(' ; ')) {
      // One word (the common case, an acronym) is checked before folding, which costs more.
      const words = /[^\p{L}\p{N}]/u.test(name) ? phraseWords(name) : [name];
      let key: string;
      if (words.length === 1) {
        if (!/^[\p{L}\p{N}-]+$/u.test(name) || !isCased(name) || name.length < 3) continue;
        key = `=${name}`;
      } else if (words.length <= MAX_NAME_WORDS && (title.startsWith(`${name}:`) || name.split(/[\s-]+/).some(isCased))) {
        // A phrase names a paper when it leads its title ("Train Small, Infer Large: …") or has a word shaped
        // like a name ("Me LLaMA", "LASP-2"); "Continual Pretraining" in an abstract does not.
        key = words.join(' ');
      } else continue;
      const docs = map.get(key) ?? [];
      if (docs.length <= MAX_NAME_DOCS && !docs.includes(doc)) docs.push(doc);
      map.set(key, docs);
    }
  }
  let out = '';
  for (const [k, docs] of map) if (docs.length <= MAX_NAME_DOCS) out += `${k}\t${docs.join(',')}\n`;
  return out;
}

/**
 * Feeds papers' index terms with their field weights (names ×4, title ×2, abstract ×1) to a postings builder,
 * and collects the vocabulary for typo correction and the terms found in titles and names.
 */
class PaperIndexer {
  readonly builder = new PostingsBuilder();
  /** Plain corpus words (folded, unstemmed) → the term each stems to. */
  readonly words = new Map<string, string>();
  readonly titleTerms = new Set<string>();
  private readonly table = new WordTable();
  // Each word's term ids, resolved the first time the word is met (words are numbered in that order): most
  // words have one term, kept in `termOf`; NO_TERMS for a stop word, SEVERAL for a compound, in `termsOf`.
  private termOf = new Int32Array(1024);
  private readonly termsOf = new Map<number, number[]>();
  private resolved = 0;
  /** Whether each word's terms are already in `titleTerms`, by word number. */
  private inTitles = new Uint8Array(1024);

  /** Index one paper; returns its names (title lead, acronyms) joined by " ; ". */
  add(paper: Paper): string {
    const names = paperNames(paper.title, paper.abstract);
    const joined = names.join(' ; ');
    names.push(paper.id);
    this.builder.startDoc();
    this.field(names.join(' ; '), FIELD_BOOSTS.names, true);
    this.field(paper.title, FIELD_BOOSTS.title, true);
    this.field(paper.abstract, FIELD_BOOSTS.abstract, false);
    this.builder.endDoc();
    return joined;
  }

  private field(text: string, weight: number, inTitle: boolean): void {
    const { builder, table } = this;
    table.read(text, (w) => {
      if (w === this.resolved) this.resolve(w);
      const term = this.termOf[w]!;
      if (term >= 0) builder.addId(term, weight);
      else if (term === SEVERAL) for (const id of this.termsOf.get(w)!) builder.addId(id, weight);
      if (inTitle && this.inTitles[w] === 0) {
        this.inTitles[w] = 1;
        for (const t of table.entry(w).terms) this.titleTerms.add(t);
      }
    });
  }

  /** Look up the term ids of the next new word, and note it in the vocabulary. */
  private resolve(w: number): void {
    const e = this.table.entry(w);
    if (w === this.termOf.length) {
      this.termOf = grow(this.termOf);
      this.inTitles = grow(this.inTitles);
    }
    const ids = e.terms.map((t) => this.builder.termId(t));
    this.termOf[w] = ids.length === 1 ? ids[0]! : ids.length === 0 ? NO_TERMS : SEVERAL;
    if (ids.length > 1) this.termsOf.set(w, ids);
    if (e.plain !== undefined && !this.words.has(e.plain)) this.words.set(e.plain, e.terms[0]!);
    this.resolved++;
  }
}

const NO_TERMS = -1;
const SEVERAL = -2;
