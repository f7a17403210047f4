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
/** The answering library: build it over papers, then `ask`, `lookup`, `card`, `list`. */
export { Library, createLibrary, citationOf, MAX_QUESTION_CHARS, type AskOptions, type PaperPage } from './answer/library.js';
/** Excerpt selection and its default length cap. */
export { bestExcerpt, leadSentences, MAX_EXCERPT_CHARS, type Excerpt, type ExcerptOptions } from './answer/excerpt.js';
/** The platform-neutral answer values. */
export type { Answer, AskResult, Citation, CitedResult, PaperCard, QuestionError } from './answer/types.js';
/** The shared analyzer (tokenize, fold, stem) used by indexing, search and excerpts. */
export { analyze, tokenize, fold, type Token } from './retrieval/analyzer.js';
/** Errors with a stable code. */
export { CitebotError, type CitebotErrorCode } from './errors.js';
