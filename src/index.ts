/**
 * citebot's core: papers in, cited answers out. The only module adapters import.
 * Knows nothing of chat platforms, reads no environment: everything comes in as arguments.
 */

/** The paper schema (zod), its type, and a readable description of a schema issue. */
export { PaperSchema, describeIssue, type Paper } from './corpus/schema.js';
/** Load and validate a corpus file (`.jsonl` or `.jsonl.gz`); validate corpus lines from any source. */
export { loadCorpusFile, parseCorpusLines } from './corpus/load.js';
/** Serialize papers as corpus lines; write a file atomically (temp file and rename). */
export { serializeCorpus, serializePaper, writeFileAtomic } from './corpus/write.js';
/** Parse a papers page copied as text; pull a code URL out of an abstract. */
export { parsePapersPage, extractCodeUrl, type PageEntry, type PageParse, type PageSkip } from './corpus/papers-page.js';
/** Parse a facts table (title, arXiv id, first author, year, code URL); the title key used to match papers. */
export { parseFactsTable, titleKey, type PaperFacts } from './corpus/facts.js';
/** Papers from a papers page completed with a facts table. */
export { papersFromPage, type PageImport } from './corpus/from-page.js';
/** The papers of a library, by position (in memory, or parsed on demand from a saved index). */
export { PaperList, type PaperListData } from './corpus/paper-list.js';
/** The answering library: a facade over papers, their index and term statistics that can `ask`, `lookup`, `card`, `list`. */
export { Library, type LibraryOptions } from './library.js';
/** Build a library from papers without blocking the event loop (indexing in slices). */
export { buildLibrary, type BuildOptions } from './library.js';
/** Build a library from papers in one go (scripts, tests, worker threads). */
export { createLibrary } from './library.js';
/** Open a library from papers and a snapshot of their index, analysing no text. */
export { openLibrary, type OpenOptions } from './library.js';
/** Options of `Library.ask`: how many papers, how long an excerpt. */
export type { AskOptions } from './answer/ask.js';
/** A page of papers from `Library.list`. */
export type { PaperPage } from './answer/catalogue.js';
/** The citation fields of a paper. */
export { citationOf } from './answer/citation.js';
/** Longest question accepted, in characters. */
export { MAX_QUESTION_CHARS } from './answer/question.js';
/** How to run long work in slices on the event loop (`sliceMs`, `signal`). */
export type { SliceOptions } from './slices.js';
/** The index snapshot (opaque outside the core) and the format number every snapshot and saved index carries. */
export { INDEX_FORMAT, type IndexSnapshot } from './retrieval/snapshot.js';
/** Split a text into sentence spans (Unicode sentence boundaries; a break after "e.g.", "et al." and the like is undone). */
export { sentences } from './answer/sentences.js';
/** Excerpt selection (the passage of an abstract that best answers), a text's lead sentences, and the default length cap. */
export { bestExcerpt, leadSentences, MAX_EXCERPT_CHARS, type Excerpt, type ExcerptOptions } from './answer/excerpt.js';
/** The platform-neutral answer values. */
export type { Answer, AskResult, Citation, CitedResult, PaperCard, QuestionError } from './answer/types.js';
/** The shared analyzer (tokenize, fold, stem) used by indexing, search and excerpts. */
export { analyze, tokenize, fold, type Token } from './retrieval/analyzer.js';
/** Background term statistics: how informative a word is in the field (for abstention and typo correction). */
export { TermStats, loadTermStats, parseTermStats } from './retrieval/term-stats.js';
/** Save and load papers and their index snapshot beside a corpus: reused while the corpus file is unchanged, never served stale. */
export { saveIndex, loadIndex, hashFile, type SavedIndex, type SavedIndexMiss } from './store/saved-index.js';
/** Move papers and their index snapshot to another thread as transferred buffers, decoded a piece per event-loop turn. */
export { packLibrary, unpackLibrary, type LibraryParcel } from './store/transfer.js';
/** Errors with a stable code. */
export { CitebotError, type CitebotErrorCode } from './errors.js';
/** Normalise text, arXiv ids (no version), DOIs and URLs; normalise and validate a raw record as a paper. */
export { normalizeText, normalizeArxivId, isArxivId, normalizeDoi, normalizeUrl, toPaper, type PaperCheck } from './corpus/normalize.js';
/** Merge papers into a corpus: the same arXiv id, DOI or normalised title updates a record instead of duplicating it. */
export { mergePapers, type MergeResult, type MergeChange, type MatchKey, type SourcedPaper } from './corpus/merge.js';
/** Ingest sources: detect a file's format and read it (papers page, JSON Lines/array, arXiv Atom, BibTeX; .gz too). */
export { detectFormat, sniffFormat, readSource, parseText, type ReadSourceOptions } from './corpus/formats/read-source.js';
/** The per-format parsers: each returns normalised papers with where they came from, and rejections with reasons. */
export { parseJsonLines, parseJsonArray } from './corpus/formats/json.js';
/** Parse a papers page together with its facts table, as an ingest source. */
export { parsePageSource, type FactsSource } from './corpus/formats/page.js';
/** Parse an arXiv Atom feed into papers. */
export { parseArxivAtom, type ArxivFeedParse } from './corpus/formats/arxiv-atom.js';
/** Parse BibTeX entries into papers. */
export { parseBibtex } from './corpus/formats/bibtex.js';
/** What every parser returns: the source formats, the parse with its papers, and a rejection with its reason. */
export type { SourceFormat, SourceParse, Rejection } from './corpus/formats/types.js';
/** Fetch papers by arXiv id from the arXiv API (batched, with retries and backoff); the base URL and fetch are arguments. */
export { fetchArxivPapers, queryUrl, ArxivApiError, ARXIV_API_URL, type ArxivFetchOptions, type ArxivApiErrorCode } from './corpus/formats/arxiv-api.js';
