import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Paper } from './schema.js';

/** One paper as a corpus line, with the fields in schema order (so files diff cleanly). */
export function serializePaper(p: Paper): string {
  return JSON.stringify({
    id: p.id,
    title: p.title,
    abstract: p.abstract,
    authors: p.authors,
    ...(p.etAl ? { etAl: true } : {}),
    // Absent when unknown, as `doi` is: a corpus of complete records reads exactly as it always has.
    ...(p.year !== null ? { year: p.year } : {}),
    url: p.url,
    codeUrl: p.codeUrl,
    ...(p.doi ? { doi: p.doi } : {}),
    ...(p.venue ? { venue: p.venue } : {}),
    source: p.source,
  });
}

/** A whole corpus file's text: one paper per line, newline-terminated. */
export function serializeCorpus(papers: readonly Paper[]): string {
  return papers.map((p) => `${serializePaper(p)}\n`).join('');
}

/** Write a file atomically: a temporary file beside it, then rename; a failed write leaves the old file. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
