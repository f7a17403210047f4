/**
 * citebot's core: papers in, cited answers out. The only module adapters import.
 * Knows nothing of chat platforms, reads no environment: everything comes in as arguments.
 */

/** Options of `Library.ask`: how many papers, how long an excerpt, filters, today's date, the thread's earlier turns. */
export { type AskOptions, MAX_TURNS } from './answer/ask.js';
/** A page of papers from `Library.list`. */
export type { PaperPage } from './answer/catalogue.js';
/** Display text: an abstract's LaTeX as Unicode (`1.3$\times$` → `1.3×`, `\%` → `%`), no word changed; `displaySpan` maps verbatim offsets onto it. */
export { type DisplayEdit, type DisplayText, displaySpan, displayText } from './answer/display.js';
/** An excerpt: the verbatim passage of an abstract that answers, with the offsets of its matched words. */
export type { Excerpt } from './answer/excerpt.js';
/** Filters: authors, years, venues, phrases; and how a year option is read ("2023", "2022..2024", ">=2022"). */
export { type Filters, parseYearRange, unreadableYear } from './answer/filters.js';
/** Longest question accepted, in characters. */
export { MAX_QUESTION_CHARS } from './answer/question.js';
/** The fields of a paper's record a question may ask for ("who wrote KIVI?" asks for `authors`: `Answer.asks`). */
export type { RecordField } from './answer/record-question.js';
/** Papers related to one paper (`Library.related`). */
export type { Related } from './answer/related.js';
/** The platform-neutral answer values. */
export type { Answer, AskResult, Citation, CitedResult, PaperCard, QuestionError, SmallTalk, Turn } from './answer/types.js';
/** Fetch papers by arXiv id from the arXiv API (batched, with retries and backoff); the base URL and fetch are arguments. */
export {
  ARXIV_API_URL,
  ArxivApiError,
  type ArxivApiErrorCode,
  type ArxivFetchOptions,
  fetchArxivPapers,
} from './corpus/formats/arxiv-api.js';
/** The facts table that completes a papers page source (arXiv ids, authors, years, code links). */
export type { FactsSource } from './corpus/formats/page.js';
/** Ingest sources: sniff a file's format and read it (papers page, JSON Lines/array, arXiv Atom, BibTeX; .gz too). */
export { type ReadSourceOptions, readSource, sniffFormat } from './corpus/formats/read-source.js';
/** What every parser returns: the source formats, the parse with its papers, and a rejection with its reason. */
export type { Rejection, SourceFormat, SourceParse } from './corpus/formats/types.js';
/** Load and validate a corpus file (`.jsonl` or `.jsonl.gz`); a bad line fails with its file and line. */
/** Validate a corpus file into a spool of corpus lines in a folder: a paper list read a paper at a time (for building in little memory). */
export { loadCorpusFile, spoolCorpusFile } from './corpus/load.js';
/**
 * Merge papers into a corpus: the same arXiv id, DOI or normalised title updates a record instead of duplicating it;
 * metadata-only records (no abstract) update a paper already there and are rejected otherwise.
 */
export {
  type MergeChange,
  type MergeResult,
  mergePapers,
  NO_ABSTRACT_FOR_NEW_PAPER,
  type SourcedMetadata,
  type SourcedPaper,
} from './corpus/merge.js';
/** An arXiv id without version from an id, `arXiv:` reference, abs or pdf link or arXiv DOI; null for anything else. */
export { normalizeArxivId } from './corpus/normalize.js';
/** A paper record, as the corpus schema validates it, and a record's metadata without its abstract. */
export type { Paper, PaperMetadata } from './corpus/schema.js';
/** Serialize papers as corpus lines; write a file atomically (temp file and rename). */
export { serializeCorpus, serializePaper, writeFileAtomic } from './corpus/write.js';
/** Errors with a stable code. */
export { CitebotError, type CitebotErrorCode } from './errors.js';
/** The answering library: a facade over papers, their index and term statistics that can `ask`, `lookup`, `card`, `list`. */
/** Build a library from papers without blocking the event loop (indexing in slices). */
/** Build a library from papers in one go (scripts, tests, worker threads). */
/** Open a library from papers and a snapshot of their index, analysing no text. */
export { type BuildOptions, buildLibrary, createLibrary, Library, type LibraryOptions, type OpenOptions, openLibrary } from './library.js';
/** The shared analyzer: `analyze` turns text into index terms (fold, tokenize, stem); `fold` folds case and diacritics. */
export { analyze, fold } from './retrieval/analyzer.js';
/** Author names as words (folded), and whether a typed name ("T. Dao") can mean an author's. */
export { nameMatches, nameWords } from './retrieval/facets.js';
/** An index snapshot: opaque outside the core, validated by the index that reads it. */
export type { IndexSnapshot } from './retrieval/snapshot.js';
/** Background term statistics: how informative a word is in the field (for abstention and typo correction). */
export { loadTermStats, TermStats } from './retrieval/term-stats.js';
/** How to run long work in slices on the event loop (`sliceMs`, `signal`). */
export type { SliceOptions } from './slices.js';
/** Save and load papers and their index snapshot beside a corpus: reused while the corpus file is unchanged, never served stale. */
export {
  type CorpusVersion,
  corpusVersion,
  type FileStamp,
  hashFile,
  loadIndex,
  type SavedIndex,
  type SavedIndexMiss,
  saveIndex,
} from './store/saved-index.js';
/** Move papers and their index snapshot to another thread as transferred buffers, decoded a piece per event-loop turn. */
export { type LibraryParcel, packLibrary, unpackLibrary } from './store/transfer.js';
