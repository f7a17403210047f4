import type { SourcedMetadata, SourcedPaper } from '../merge.js';
import { type RecordOptions, toRecord } from '../normalize.js';

/** The input formats `ingest` reads. */
export type SourceFormat = 'papers-page' | 'facts-table' | 'jsonl' | 'json-array' | 'arxiv-atom' | 'bibtex';

/** A record that was not ingested, with where it is and why: printed as `where: reason`. */
export interface Rejection {
  /** `file:line`, or `file:line (entry key)` for BibTeX, or `arXiv API: id`. */
  where: string;
  reason: string;
}

/**
 * What a parser got out of one source: valid, normalised papers, records without an abstract (metadata that
 * can update a paper already in the collection), and the rejected records, one rejection per record.
 */
export interface SourceParse {
  format: SourceFormat;
  papers: SourcedPaper[];
  metadataOnly: SourcedMetadata[];
  rejected: Rejection[];
}

/** An empty parse of a format. */
export function emptyParse(format: SourceFormat): SourceParse {
  return { format, papers: [], metadataOnly: [], rejected: [] };
}

/**
 * Normalise and validate one raw record into a parse: a paper, metadata only (when `options.metadataOnly`), or
 * one rejection whose reason lists every problem of the record (`"id" is missing; "year" must be …`).
 */
export function collectRecord(raw: unknown, where: string, into: SourceParse, options: RecordOptions): void {
  const checked = toRecord(raw, options);
  if (!checked.ok) into.rejected.push({ where, reason: checked.reasons.join('; ') });
  else if (checked.kind === 'paper') into.papers.push({ paper: checked.paper, where });
  else into.metadataOnly.push({ metadata: checked.metadata, where });
}

/** The 1-based line number of a character offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Line numbers of many increasing offsets in one pass. */
export function linesAt(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  for (const off of offsets) {
    for (let i = text.indexOf('\n', pos); i !== -1 && i < off; i = text.indexOf('\n', i + 1)) {
      line++;
      pos = i + 1;
    }
    out.push(line);
  }
  return out;
}
