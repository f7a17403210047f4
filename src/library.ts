/**
 * The composition root of the core. The library: papers, the embedded index over them and background term
 * statistics, behind one facade that answers, looks up and lists. The one place that knows the embedded
 * index's class; `answer/` sees it only through the `Retriever` port. Built one of two ways: from papers
 * (`buildLibrary`, or `createLibrary` in one go), or opened from a snapshot of an index built before
 * (`openLibrary`).
 */

import { type AskOptions, ask } from './answer/ask.js';
import { Catalogue, type PaperPage } from './answer/catalogue.js';
import type { Filters } from './answer/filters.js';
import type { AnswerSources } from './answer/ranking-inputs.js';
import { type Related, relatedTo } from './answer/related.js';
import type { AskResult, Citation, PaperCard } from './answer/types.js';
import { PaperList } from './corpus/paper-list.js';
import type { Paper } from './corpus/schema.js';
import { runSteps } from './retrieval/lazy.js';
import { SearchIndex } from './retrieval/search-index.js';
import type { IndexSnapshot } from './retrieval/snapshot.js';
import type { TermStats } from './retrieval/term-stats.js';
import { runInSlices, type SliceOptions } from './slices.js';

/**
 * The papers and their index: answers questions with cited excerpts, looks papers up, lists them. Immutable
 * once built (a new corpus means a new library). Build it with `buildLibrary`, `createLibrary` or `openLibrary`.
 */
export class Library {
  private readonly catalogue: Catalogue;
  private fp: string | undefined;

  /** Use `buildLibrary`, `createLibrary` or `openLibrary`. */
  constructor(
    /** The papers, by position. */
    readonly papers: PaperList,
    private readonly index: SearchIndex,
    private readonly termStats: TermStats | undefined,
  ) {
    this.catalogue = new Catalogue(papers, index);
  }

  /**
   * Build, in slices of about `sliceMs` that yield to the event loop, what would otherwise be built by the
   * first request needing it: the title index for lookups and autocomplete, the typo vocabulary, the names.
   * At 136k papers that is 8 s of work, which a request would otherwise block on. Answers are the same either
   * way; until it is done, lookups scan titles instead. Run it before swapping in a reloaded library and after
   * start-up. Safe to call more than once.
   */
  async prepare(options: SliceOptions = {}): Promise<void> {
    await runInSlices(this.index.prepareSteps(), options);
    this.catalogue.prepare();
  }

  /** The index as a snapshot, to save it or move it to another thread and `openLibrary` it there. */
  snapshot(): IndexSnapshot {
    return this.index.toSnapshot();
  }

  /** A short hash of the paper ids in order: changes when the collection does (for stale-button checks). */
  fingerprint(): string {
    if (this.fp === undefined) {
      let h = 0x811c9dc5; // FNV-1a, 32 bits
      for (const id of this.papers.ids) {
        for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
        h = Math.imul(h ^ 0x0a, 0x01000193);
      }
      this.fp = (h >>> 0).toString(16).padStart(8, '0');
    }
    return this.fp;
  }

  /** Number of papers. */
  get size(): number {
    return this.papers.length;
  }

  /** The paper with this id, if any. */
  get(id: string): Paper | undefined {
    return this.catalogue.get(id);
  }

  /**
   * Answer a question: the papers that answer it best, each with the verbatim sentence(s) that answer it.
   * Never throws on any question string; an empty or over-long question is a typed failure.
   */
  ask(question: string, options: AskOptions = {}): AskResult {
    return ask(this.sources(), question, options);
  }

  private sources(): AnswerSources {
    return { papers: this.papers, retriever: this.index, termStats: this.termStats, docOf: (id) => this.catalogue.position(id) };
  }

  /**
   * The collection's authors whose name has a word starting with what is typed (case and diacritics folded; "t.
   * da" finds "Tri Dao"), most papers first: for autocomplete. Empty input lists the most prolific.
   */
  authors(prefix: string, limit = 25): { name: string; papers: number }[] {
    return this.index.facets.authorsByPrefix(prefix, Math.max(0, limit));
  }

  /**
   * The papers closest to one paper by its distinctive terms (its title, the rarest words its abstract repeats),
   * itself excluded, each with its matching excerpt. Undefined for an unknown id.
   */
  related(id: string, top = 5): Related | undefined {
    const doc = this.catalogue.position(id);
    return doc === undefined ? undefined : relatedTo(this.sources(), doc, Math.min(25, Math.max(1, top)));
  }

  /**
   * Papers whose id, title or name match what the user typed so far, best first: for `/paper` lookups and
   * autocomplete. An exact id or name comes first, then title prefixes, then title words.
   */
  lookup(query: string, limit = 25): Citation[] {
    return this.catalogue.lookup(query, limit);
  }

  /** A paper's card (citation and the lead of its abstract), or undefined for an unknown id. */
  card(id: string, leadChars = 400): PaperCard | undefined {
    return this.catalogue.card(id, leadChars);
  }

  /**
   * A page of papers: all of them in corpus order, or those matching a topic, best first.
   * @param topic optional words to match; empty lists everything (newest first when filtered)
   * @param filters authors, years, venues to list only (an unknown author lists nothing); the topic's own words
   *   may hold more ("by Zirui Liu", "since 2024", `author:"Tri Dao"`)
   * @param today for "last year" in the topic
   */
  list(topic: string | undefined, offset: number, limit: number, filters?: Filters, today?: Date): PaperPage {
    return this.catalogue.list(topic, offset, limit, filters, today);
  }
}

/** Options for every way of building a library. */
export interface LibraryOptions {
  /**
   * Background term statistics (`data/term-stats.tsv.gz`, see `loadTermStats`): how informative each word is
   * in the field, for abstention and typo correction. Default: none, and the corpus's own statistics are used,
   * which are weak for a small corpus.
   * @example { termStats: await loadTermStats('data/term-stats.tsv.gz') }
   */
  termStats?: TermStats;
}

/** Options for `buildLibrary`: those of every library, and how to slice the work. */
export interface BuildOptions extends LibraryOptions, SliceOptions {}

/** What `openLibrary` opens: papers and a snapshot of the index built over exactly those papers. */
export interface OpenOptions extends LibraryOptions {
  /** The papers, in the order they were indexed (`PaperList.fromFile`, `PaperList.fromData`, or plain papers). */
  papers: readonly Paper[] | PaperList;
  /** A snapshot from `Library.snapshot()` of a library over the same papers. */
  snapshot: IndexSnapshot;
}

/**
 * Build a library without blocking the event loop: indexing runs in slices of about `sliceMs` (default 10),
 * yielding to other work (chat heartbeats, acks) between them. Same answers as `createLibrary`.
 * Rejects with the signal's reason when `signal` aborts.
 * @example const library = await buildLibrary(await loadCorpusFile('data/papers.jsonl'), { termStats })
 */
export async function buildLibrary(papers: readonly Paper[] | PaperList, options: BuildOptions = {}): Promise<Library> {
  const list = asList(papers);
  const index = await runInSlices(SearchIndex.buildSteps(list, 25), options);
  return new Library(list, index, options.termStats);
}

/**
 * Build a library in one go, blocking until it is done (for scripts, tests, and worker threads; a server
 * thread uses `buildLibrary`). Same answers as `buildLibrary`.
 */
export function createLibrary(papers: readonly Paper[] | PaperList, options: LibraryOptions = {}): Library {
  const list = asList(papers);
  return new Library(list, runSteps(SearchIndex.buildSteps(list)), options.termStats);
}

/**
 * Open a library from papers and a snapshot of their index, without analysing any text (milliseconds, where a
 * build of 100k+ papers takes a minute). Throws `CitebotError` `SNAPSHOT_INVALID` when the snapshot is
 * malformed, of another `INDEX_FORMAT`, or of another number of papers.
 */
export function openLibrary({ papers, snapshot, termStats }: OpenOptions): Library {
  const list = asList(papers);
  return new Library(list, SearchIndex.fromSnapshot(snapshot, list), termStats);
}

function asList(papers: readonly Paper[] | PaperList): PaperList {
  return papers instanceof PaperList ? papers : PaperList.of(papers);
}
