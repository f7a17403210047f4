import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CitebotError } from '../errors.js';
import { PaperList } from './paper-list.js';
import { describeIssue, type Paper, PaperSchema } from './schema.js';
import { INVALID_UTF8, Utf8LineCheck } from './utf8.js';
import { serializePaper } from './write.js';

/** At most this many problems are listed in one corpus error; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20;

/**
 * Longest corpus line parsed, in characters: a record at every limit of `PAPER_LIMITS` but the author count
 * fits in a tenth of it. A longer line is rejected before `JSON.parse` copies it into objects.
 */
export const MAX_LINE_CHARS = 1 << 20;

/**
 * Validate corpus lines (JSON Lines in the paper schema). Blank lines are skipped.
 * Throws a `CitebotError` (`CORPUS_INVALID`) listing every bad line as `file:line: reason`.
 * @param invalidUtf8 tells which lines held bytes that are not UTF-8 (read before the line is given)
 */
export async function parseCorpusLines(
  lines: AsyncIterable<string> | Iterable<string>,
  file: string,
  invalidUtf8?: (lineNo: number) => boolean,
): Promise<Paper[]> {
  const papers: Paper[] = [];
  await eachCorpusPaper(lines, file, invalidUtf8, (paper) => papers.push(paper));
  return papers;
}

/**
 * Validate corpus lines as `parseCorpusLines` does, handing each valid paper to `onPaper` as it is read instead
 * of keeping it (ids are remembered, to reject duplicates). Throws the same `CORPUS_INVALID` error at the end.
 */
async function eachCorpusPaper(
  lines: AsyncIterable<string> | Iterable<string>,
  file: string,
  invalidUtf8: ((lineNo: number) => boolean) | undefined,
  onPaper: (paper: Paper) => void,
): Promise<void> {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.trim();
    if (line === '') continue;
    if (invalidUtf8?.(lineNo)) {
      problems.push(`${file}:${lineNo}: ${INVALID_UTF8}`);
      continue;
    }
    if (line.length > MAX_LINE_CHARS) {
      problems.push(
        `${file}:${lineNo}: the record is ${line.length.toLocaleString('en-US')} characters long; a paper may take at most ${MAX_LINE_CHARS.toLocaleString('en-US')}`,
      );
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      problems.push(`${file}:${lineNo}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const parsed = PaperSchema.safeParse(json);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}:${lineNo}: ${describeIssue(issue, json)}`);
      continue;
    }
    const first = seen.get(parsed.data.id);
    if (first !== undefined) {
      problems.push(`${file}:${lineNo}: duplicate id "${parsed.data.id}" (first on line ${first})`);
      continue;
    }
    seen.set(parsed.data.id, lineNo);
    // Once a line is bad nothing is kept: the rest is only checked.
    if (problems.length === 0) onPaper(parsed.data);
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
    if (problems.length > listed.length) listed.push(`... and ${problems.length - listed.length} more problems`);
    throw new CitebotError(
      'CORPUS_INVALID',
      `${file}: ${problems.length} invalid line${problems.length === 1 ? '' : 's'}:\n${listed.join('\n')}`,
      problems,
    );
  }
}

/**
 * Load a corpus file: JSON Lines in the paper schema, gzip-compressed when it ends in `.gz`
 * or starts with the gzip magic bytes. Streams, so a 200 MB corpus never sits in memory as one string.
 * A line with bytes that are not UTF-8 is a bad line: answers quote abstracts verbatim, and a decoder would
 * have put U+FFFD in place of what the paper says.
 */
export async function loadCorpusFile(file: string): Promise<Paper[]> {
  const papers: Paper[] = [];
  await readCorpusFile(file, (paper) => papers.push(paper));
  return papers;
}

/**
 * Validate a corpus file as `loadCorpusFile` does and copy its papers, one corpus line each (`serializePaper`:
 * what a saved index stores), to a new file in `spoolDir`, never holding them as objects: the list returned
 * reads a paper from that file when it is needed. The file is removed from the directory at once (the list
 * keeps it open, and closes it once it is garbage), so what
 * is indexed is exactly what was validated, whatever happens to the corpus file meanwhile. For building an
 * index of a large corpus in little memory.
 */
export async function spoolCorpusFile(file: string, spoolDir: string): Promise<PaperList> {
  const path = join(spoolDir, `.citebot-spool-${randomBytes(6).toString('hex')}.jsonl`);
  const fd = openSync(path, 'w+');
  unlinkSync(path); // (Node opens files deletable on Windows too)
  let kept = false;
  try {
    const offsets = new GrowableOffsets();
    const ids: string[] = [];
    const titles: string[] = [];
    let pending: string[] = [];
    let pendingChars = 0;
    let written = 0;
    const flush = () => {
      const bytes = Buffer.from(pending.join(''), 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, written + done);
      written += bytes.length;
      pending = [];
      pendingChars = 0;
    };
    let end = 0;
    await readCorpusFile(file, (paper) => {
      const line = `${serializePaper(paper)}\n`;
      end += Buffer.byteLength(line, 'utf8');
      offsets.push(end);
      ids.push(paper.id);
      titles.push(paper.title);
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= SPOOL_CHUNK_CHARS) flush();
    });
    flush();
    const list = PaperList.fromFile(fd, 0, { offsets: offsets.view(), ids, titles }, { scratchDir: spoolDir });
    kept = true;
    return list;
  } finally {
    if (!kept) closeSync(fd);
  }
}

/** Characters of corpus lines written to a spool file at once. */
const SPOOL_CHUNK_CHARS = 4 << 20;

/** Line end offsets as 64-bit floats (a spool past 4 GiB does not wrap), from a first 0. */
class GrowableOffsets {
  private data = new Float64Array(1024);
  private length = 1;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  view(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** Stream a corpus file's lines (gunzipped, checked for UTF-8) through validation, each valid paper to `onPaper`. */
async function readCorpusFile(file: string, onPaper: (paper: Paper) => void): Promise<void> {
  let gz: boolean;
  try {
    const fh = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(2), 0, 2, 0);
      gz = file.endsWith('.gz') || (bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b);
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new CitebotError(
      'CORPUS_UNREADABLE',
      `${file}: cannot read the corpus file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const file$ = createReadStream(file);
  const decoded = gz ? file$.pipe(createGunzip()) : file$;
  const utf8 = new Utf8LineCheck();
  // Checked as the bytes pass, before readline gives the line they end.
  const input = decoded.pipe(
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        utf8.push(chunk);
        done(null, chunk);
      },
      flush(done) {
        utf8.end();
        done();
      },
    }),
  );
  const failed = new Promise<never>((_, reject) => {
    const fail = (err: Error) => reject(new CitebotError('CORPUS_UNREADABLE', `${file}: cannot read the corpus file (${err.message})`));
    file$.on('error', fail);
    decoded.on('error', fail);
    input.on('error', fail);
  });
  failed.catch(() => {}); // handled by the race below; this stops a late rejection from being unhandled
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    await Promise.race([eachCorpusPaper(lines, file, (n) => utf8.has(n), onPaper), failed]);
  } finally {
    lines.close();
    file$.destroy();
  }
}
