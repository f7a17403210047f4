import type { SourcedPaper } from '../merge.js';

/** The input formats `ingest` reads. */
export type SourceFormat = 'papers-page' | 'facts-table' | 'jsonl' | 'json-array' | 'arxiv-atom' | 'bibtex';

/** A record that was not ingested, with where it is and why: printed as `where: reason`. */
export interface Rejection {
  /** `file:line`, or `file:line (entry key)` for BibTeX, or `arXiv API: id`. */
  where: string;
  reason: string;
}

/** What a parser got out of one source: valid, normalised papers and the rejected records. */
export interface SourceParse {
  format: SourceFormat;
  papers: SourcedPaper[];
  rejected: Rejection[];
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
