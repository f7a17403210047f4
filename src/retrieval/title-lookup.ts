/**
 * Title lookup and autocomplete: prefix and typo-tolerant search over titles, names and ids, ranked exactly as
 * MiniSearch 7 ranked them with the options this module used to give it (AND of the query's words; each word
 * exact, as a prefix, and from five letters within 20% edits; BM25+ per field, names and ids boosted 3×), with a
 * plain scan until it is built. MiniSearch held this index as Maps of Maps (234 MB of heap at 136k papers); here
 * it is a sorted term table and per-field postings in typed arrays (about 20 MB), the same scores computed in the
 * same order, and ties in MiniSearch's order too (its radix tree's, see `radixRanks`). test/core/title-lookup.test.ts
 * checks every lookup against MiniSearch itself. It owns no snapshot section: everything it needs comes from the
 * papers (ids, titles) and `NamedPapers`.
 */
import type { Strings } from '../corpus/string-list.js';
import { fold } from './analyzer.js';
import { Lazy } from './lazy.js';
import { radixRanks, SortedWords } from './word-table.js';

/** Above this many papers, lookups scan until the title index is built in the background (see `prepareSteps`). */
const SCAN_LOOKUP_UNTIL = 5_000;

/** What title lookup reads of each paper, by position. */
export interface TitleSource {
  readonly ids: Strings;
  readonly titles: Strings;
  /** The paper's names joined by " ; " (see `NamedPapers.namesOf`). */
  namesOf(doc: number): string;
}

/** The fields searched, in MiniSearch's order (it sums a document's scores field by field in this order), and their boosts. */
const FIELDS = 3;
const NAMES = 0;
const TITLE = 1; // then 2, the paper's id
const BOOSTS = [3, 1, 3] as const;
/** MiniSearch's defaults: BM25+ parameters, the weights of prefix and typo matches, the most edits tried. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;
/** Words of at least this many letters are also matched within `FUZZY` × their length edits. */
const FUZZY_FROM = 5;
const FUZZY = 0.2;

/** Words of a title, name or id as lookups see them: folded, split at anything but letters, digits and dots. */
function tokenize(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}.]+/u)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter((t) => t !== '');
}

/** The title index: terms in sorted order, and per field, each term's postings (documents in order, frequencies). */
interface TitleIndex {
  terms: SortedWords;
  /** Per sorted term: its place in MiniSearch's radix-tree order (see `radixRanks`). */
  rank: Uint32Array;
  /** Per field: postings of sorted term k are starts[k]..starts[k+1] of docs and freqs. */
  starts: Uint32Array[];
  docs: Uint32Array[];
  freqs: Uint16Array[];
  /** Per field: each document's number of distinct terms there (MiniSearch's field length). */
  lengths: Uint16Array[];
  /** Per field: the mean field length, averaged as MiniSearch averages it (one document at a time). */
  average: Float64Array;
}

export class TitleLookup {
  /** The title index over titles, names and ids, built on first use. */
  private readonly titles = new Lazy(() => this.titlesSteps());
  private readonly size: number;

  constructor(private readonly papers: TitleSource) {
    this.size = papers.ids.length;
  }

  /**
   * Papers whose title, name or id matches what a user typed so far (prefix and typo tolerant), best first:
   * for `/paper` lookups and autocomplete. Builds its index on first use.
   */
  lookup(query: string, limit: number): number[] {
    // Until `prepareSteps` has built the title index, a plain scan: building it here would stall for seconds.
    if (!this.titles.ready && this.size > SCAN_LOOKUP_UNTIL) return this.lookupByScan(query, limit);
    const index = this.titles.get();
    const words = tokenize(fold(query)); // folded twice, as MiniSearch was given it
    if (words.length === 0) return [];
    let found: Map<number, number> | undefined;
    for (const word of words) {
      const scores = this.wordScores(index, word);
      if (found === undefined) found = scores;
      else {
        // MiniSearch's AND keeps the later word's order.
        const both = new Map<number, number>();
        for (const [doc, score] of scores) {
          const before = found.get(doc);
          if (before !== undefined) both.set(doc, before + score);
        }
        found = both;
      }
    }
    const quality = new Set(words).size;
    const ranked = [...found!].map(([doc, score]) => ({ doc, score: score * quality }));
    ranked.sort((a, b) => b.score - a.score);
    return ranked.slice(0, limit).map((r) => r.doc);
  }

  /** Build the title index in steps, unless a request already needed it. */
  prepareSteps(): Generator<void, void> {
    return this.titles.prepare();
  }

  /** One query word's score per document, in the order MiniSearch would first meet each document. */
  private wordScores(index: TitleIndex, word: string): Map<number, number> {
    const { terms, rank } = index;
    const scores = new Map<number, number>();
    const exact = terms.find(word);
    if (exact >= 0) this.addTerm(index, exact, 1, scores);
    const [from, to] = terms.prefixRange(word);
    // MiniSearch's radix tree iterates prefix matches in reverse radix order, typo matches in radix order.
    const prefixed: number[] = [];
    for (let k = from; k < to; k++) if (k !== exact) prefixed.push(k);
    prefixed.sort((a, b) => rank[b]! - rank[a]!);
    for (const k of prefixed) {
      const length = terms.lengthOf(k);
      this.addTerm(index, k, (PREFIX_WEIGHT * length) / (length + 0.3 * (length - word.length)), scores);
    }
    if (word.length >= FUZZY_FROM) {
      const maxDistance = Math.min(MAX_FUZZY, Math.round(word.length * FUZZY));
      const near: [number, number][] = [];
      if (maxDistance > 0)
        terms.within(word, maxDistance, (k, distance) => {
          if (distance > 0 && (k < from || k >= to)) near.push([k, distance]); // a prefix match counts as one
        });
      near.sort((a, b) => rank[a[0]]! - rank[b[0]]!);
      for (const [k, distance] of near) {
        const length = terms.lengthOf(k);
        this.addTerm(index, k, (FUZZY_WEIGHT * length) / (length + distance), scores);
      }
    }
    return scores;
  }

  /** Add term k's BM25+ score in every field, weighted, to each document containing it (MiniSearch's `termResults`). */
  private addTerm(index: TitleIndex, k: number, weight: number, scores: Map<number, number>): void {
    const { k: k1, b, d } = BM25;
    for (let f = 0; f < FIELDS; f++) {
      const start = index.starts[f]![k]!;
      const end = index.starts[f]![k + 1]!;
      if (end === start) continue;
      const matching = end - start;
      const average = index.average[f]!;
      const lengths = index.lengths[f]!;
      const docs = index.docs[f]!;
      const freqs = index.freqs[f]!;
      const idf = Math.log(1 + (this.size - matching + 0.5) / (matching + 0.5));
      const boost = BOOSTS[f]!;
      for (let p = start; p < end; p++) {
        const doc = docs[p]!;
        const tf = freqs[p]!;
        const raw = idf * (d + (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * lengths[doc]!) / average)));
        const score = weight * boost * raw;
        const before = scores.get(doc);
        scores.set(doc, before === undefined ? score : before + score);
      }
    }
  }

  /** The words of one field of a paper, with how often each occurs, in the order first met. */
  private fieldWords(doc: number, field: number, counts: Map<string, number>): Map<string, number> {
    const text = field === NAMES ? this.papers.namesOf(doc) : field === TITLE ? this.papers.titles.at(doc)! : this.papers.ids.at(doc)!;
    counts.clear();
    for (const w of tokenize(text)) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  }

  /**
   * Two passes over the papers, so that nothing grows while it is filled (growing arrays leave the process
   * holding their old copies): the first numbers the terms, counts their postings and measures the fields, the
   * second writes the postings where they go.
   */
  private *titlesSteps(): Generator<void, TitleIndex> {
    const n = this.size;
    // Terms numbered in the order they are first met (documents in order, fields in order, words in order),
    // which is the order MiniSearch inserted them into its radix tree.
    let numbers: Map<string, number> | undefined = new Map<string, number>();
    const list: string[] = [];
    let counted: Uint32Array[] = Array.from({ length: FIELDS }, () => new Uint32Array(1024));
    const lengths = Array.from({ length: FIELDS }, () => new Uint16Array(n));
    const average = new Float64Array(FIELDS);
    const counts = new Map<string, number>();
    for (let doc = 0; doc < n; doc++) {
      for (let f = 0; f < FIELDS; f++) {
        const words = this.fieldWords(doc, f, counts);
        for (const w of words.keys()) {
          let id = numbers.get(w);
          if (id === undefined) {
            id = list.length;
            numbers.set(w, id);
            list.push(w);
            if (id === counted[0]!.length) counted = counted.map((c) => grown(c));
          }
          counted[f]![id]!++;
        }
        lengths[f]![doc] = words.size;
        average[f] = (average[f]! * doc + words.size) / (doc + 1);
      }
      if (doc % 1000 === 999) yield;
    }
    numbers = undefined;
    yield;
    const { table: terms, from } = SortedWords.of(list);
    yield;
    const starts = counted.map((c) => {
      const s = new Uint32Array(from.length + 1);
      for (let k = 0; k < from.length; k++) s[k + 1] = s[k]! + c[from[k]!]!;
      return s;
    });
    counted = [];
    const docs = starts.map((s) => new Uint32Array(s[from.length]!));
    const freqs = starts.map((s) => new Uint16Array(s[from.length]!));
    const next = starts.map((s) => s.slice(0, from.length));
    for (let doc = 0; doc < n; doc++) {
      for (let f = 0; f < FIELDS; f++) {
        for (const [w, tf] of this.fieldWords(doc, f, counts)) {
          const at = next[f]![terms.find(w)]!++;
          docs[f]![at] = doc;
          freqs[f]![at] = Math.min(tf, 0xffff);
        }
      }
      if (doc % 1000 === 999) yield;
    }
    yield;
    const rank = radixRanks(terms, from); // a term's number is when it was inserted
    return { terms, rank, starts, docs, freqs, lengths, average };
  }

  /** Papers whose id, names and title contain every word of the query (case folded), in corpus order. */
  private lookupByScan(query: string, limit: number): number[] {
    const words = fold(query)
      .split(/\s+/)
      .filter((w) => w !== '');
    const out: number[] = [];
    const { ids, titles } = this.papers;
    for (let i = 0; i < this.size && out.length < limit; i++) {
      const text = `${ids.at(i)} ${this.papers.namesOf(i)} ${titles.at(i)}`.toLowerCase();
      if (words.every((w) => text.includes(w))) out.push(i);
    }
    return out;
  }
}

function grown(a: Uint32Array): Uint32Array {
  const b = new Uint32Array(a.length * 2);
  b.set(a);
  return b;
}
