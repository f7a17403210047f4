/**
 * The builder: analyses papers once and feeds each part of the index its data (postings with field weights,
 * the typo vocabulary, the terms of titles and names, each paper's names).
 */
import type { Paper } from '../corpus/schema.js';
import { WordTable } from './analyzer.js';
import { grow } from './hash-table.js';
import { type FieldBoosts, LEXICAL } from './lexical-parameters.js';
import { paperNames } from './names.js';
import type { Postings } from './postings.js';
import { LeanPostingsBuilder } from './postings-build.js';

export type { FieldBoosts };

/**
 * The field weights the index is built with (fitted data: `data/bm25-parameters.json`). Every saved index holds
 * frequencies weighted by them: a change of them must come with a new `INDEX_FORMAT`.
 */
export const FIELD_BOOSTS: FieldBoosts = LEXICAL.fields;

/** What indexing papers yields, for the parts of the index to take over. */
export interface IndexedPapers {
  postings: Postings;
  /** Plain corpus words (folded, unstemmed) → the term each stems to. */
  words: ReadonlyMap<string, string>;
  /** Terms found in some title or name. */
  titleTerms: ReadonlySet<string>;
  /** Per paper: its names (title lead, acronyms) joined by " ; ". */
  names: string[];
}

/**
 * Papers by position, read one at a time (a `PaperList`, whose papers may stay in a file or a buffer until read):
 * indexing never needs them all as objects at once.
 */
export interface PaperSource {
  readonly length: number;
  at(i: number): Paper;
  /** A folder for temporary files: when given, the collected postings past `SPILL_BUDGET` are spilled there. */
  readonly scratchDir?: string | undefined;
}

/**
 * Analyse and index papers, yielding after every `slice` papers and between the slices of laying out postings.
 * `fields`: other field weights than the index's (only for fitting them, `npm run fit:bm25`).
 */
export function* indexPapersSteps(
  papers: PaperSource,
  slice = 250,
  wordTableWords = WORD_TABLE_WORDS,
  fields: FieldBoosts = FIELD_BOOSTS,
): Generator<void, IndexedPapers> {
  const spill = papers.scratchDir === undefined ? undefined : { dir: papers.scratchDir, budgetBytes: SPILL_BUDGET };
  let indexer: PaperIndexer | undefined = new PaperIndexer(wordTableWords, new LeanPostingsBuilder(spill), fields);
  const names: string[] = [];
  for (let i = 0; i < papers.length; i++) {
    names.push(indexer.add(papers.at(i)));
    if (i % slice === slice - 1) yield;
  }
  const { builder, words, titleTerms } = indexer;
  indexer = undefined; // its word table is garbage now: let it go before the postings are laid out
  const postings = yield* builder.buildSteps();
  yield;
  return { postings, words, titleTerms, names };
}

/**
 * Feeds papers' index terms with their field weights (`FIELD_BOOSTS`) to a postings builder,
 * and collects the vocabulary for typo correction and the terms found in titles and names.
 */
class PaperIndexer {
  /** Plain corpus words (folded, unstemmed) → the term each stems to. */
  readonly words = new Map<string, string>();
  readonly titleTerms = new Set<string>();
  private table = new WordTable();
  // Each word's term ids, resolved the first time the word is met (words are numbered in that order): most
  // words have one term, kept in `termOf`; NO_TERMS for a stop word, SEVERAL for a compound, in `termsOf`.
  private termOf = new Int32Array(1024);
  private termsOf = new Map<number, number[]>();
  private resolved = 0;
  /** Whether each word's terms are already in `titleTerms`, by word number. */
  private inTitles = new Uint8Array(1024);

  constructor(
    private readonly wordTableWords: number,
    readonly builder: LeanPostingsBuilder,
    private readonly fields: FieldBoosts,
  ) {}

  /** Index one paper; returns its names (title lead, acronyms) joined by " ; ". */
  add(paper: Paper): string {
    // The word table holds every distinct word met (1M+ at 136k papers, with its analysis: most of the build's
    // memory); past a bound it starts afresh, and words met again are analysed again. The index is the same:
    // term ids, the word → term map and the title terms are kept, and each only records a first meeting.
    if (this.table.size >= this.wordTableWords) this.forgetWords();
    const names = paperNames(paper.title, paper.abstract);
    const joined = names.join(' ; ');
    names.push(paper.id);
    this.builder.startDoc();
    this.field(names.join(' ; '), this.fields.names, true);
    this.field(paper.title, this.fields.title, true);
    this.field(paper.abstract, this.fields.abstract, false);
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

  private forgetWords(): void {
    this.table = new WordTable();
    this.termOf = new Int32Array(1024);
    this.inTitles = new Uint8Array(1024);
    this.termsOf = new Map();
    this.resolved = 0;
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

/**
 * Bytes of collected postings (6 a posting) held in memory before the rest is spilled, when the papers give a
 * folder for it: 32 MB of the 82 MB at 136k papers, where the build's peak is.
 */
const SPILL_BUDGET = 32 << 20;

/** Distinct words the word table holds before it starts afresh (see `PaperIndexer.add`). */
const WORD_TABLE_WORDS = 100_000;

const NO_TERMS = -1;
const SEVERAL = -2;
