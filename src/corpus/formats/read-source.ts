import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { CitebotError } from '../../errors.js';
import { INVALID_UTF8, Utf8LineCheck } from '../utf8.js';
import { parseArxivAtom } from './arxiv-atom.js';
import { parseBibtex } from './bibtex.js';
import { parseJsonArray, parseJsonLines } from './json.js';
import { type FactsSource, parsePageSource } from './page.js';
import { emptyParse, type SourceFormat, type SourceParse } from './types.js';

/** Options for `readSource`. */
export interface ReadSourceOptions {
  /** Parse as this format instead of detecting it. */
  format?: SourceFormat;
  /** The facts table papers pages are completed with (arXiv id, year, first author, code URL). */
  facts?: FactsSource;
  /** Told how many bytes of the file have been read (compressed bytes for .gz), for a progress bar. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

const EXTENSIONS: [RegExp, SourceFormat][] = [
  [/\.(?:bib|bibtex|biblatex)$/, 'bibtex'],
  [/\.(?:xml|atom)$/, 'arxiv-atom'],
  [/\.json$/, 'json-array'],
  [/\.(?:jsonl|ndjson)$/, 'jsonl'],
  [/\.tsv$/, 'facts-table'],
];

/**
 * The format of a source, from its first characters, else its extension (`.gz` ignored): `[` a JSON array, `{`
 * JSON Lines, `<` an Atom feed, a line starting `@entry{` BibTeX, a tab-separated header with `title` and
 * `arxiv_id` a facts table. Anything else is read as a papers page.
 */
export function detectFormat(file: string, head: string): SourceFormat {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[')) return 'json-array';
  if (t.startsWith('{')) return 'jsonl';
  if (t.startsWith('<')) return 'arxiv-atom';
  if (/^@[a-z]+\s*[{(]/im.test(t)) return 'bibtex'; // after any preamble text, as in a Mendeley export
  const header = (t.split(/\r?\n/, 1)[0] ?? '').split('\t').map((h) => h.trim());
  if (header.includes('title') && header.includes('arxiv_id')) return 'facts-table';
  const name = file.toLowerCase().replace(/\.gz$/, '');
  for (const [re, format] of EXTENSIONS) if (re.test(name)) return format;
  return 'papers-page';
}

/** Detect a file's format from its first 4 KB (decompressed when gzipped) and its name. */
export async function sniffFormat(file: string): Promise<SourceFormat> {
  const { chunks, close } = await openSource(file);
  try {
    const first = await chunks.next();
    const head = first.done ? '' : new StringDecoder('utf8').write(first.value.subarray(0, 4096));
    return detectFormat(file, head);
  } finally {
    close();
  }
}

/**
 * Read and parse one source file of any supported format, gzip-compressed or not. JSON Lines stream (a
 * 200 MB corpus is never one string); other formats are read whole. Throws `CitebotError` when the file cannot
 * be read; bad records are returned as rejections, not thrown. A record with bytes that are not UTF-8 in its
 * text is rejected with the line (answers quote abstracts verbatim; a decoder would have put U+FFFD there).
 */
export async function readSource(file: string, options: ReadSourceOptions = {}): Promise<SourceParse> {
  const opened = await openSource(file, options.onProgress);
  const { close, size, bytesRead } = opened;
  const utf8 = new Utf8LineCheck();
  const chunks: AsyncIterator<Buffer> = {
    next: async () => {
      const c = await opened.chunks.next();
      if (c.done) utf8.end();
      else utf8.push(c.value);
      return c;
    },
  };
  try {
    const first = await chunks.next();
    const decoder = new StringDecoder('utf8');
    const head = first.done ? '' : decoder.write(first.value);
    const format = options.format ?? detectFormat(file, head);
    let result: SourceParse;
    if (format === 'jsonl') {
      result = await parseJsonLines(lines(head, chunks, decoder), file);
    } else {
      let text = head;
      for (let c = await chunks.next(); !c.done; c = await chunks.next()) text += decoder.write(c.value);
      text += decoder.end();
      result = await parseText(text, file, format, options.facts);
    }
    options.onProgress?.(Math.max(bytesRead(), size), size);
    return utf8.badLines.length > 0 ? rejectInvalidUtf8(result, utf8.badLines) : result;
  } catch (err) {
    if (err instanceof CitebotError) throw err;
    throw new CitebotError('CORPUS_UNREADABLE', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    close();
  }
}

/**
 * Move the records whose text went through a bad byte to the rejections: for JSON Lines the record on that line;
 * for formats whose records span lines, the record starting last at or before it, when its text holds U+FFFD.
 */
function rejectInvalidUtf8(parse: SourceParse, badLines: readonly number[]): SourceParse {
  const lineOf = (where: string) => Number(/:(\d+)(?: \(.*\))?$/.exec(where)?.[1] ?? 0);
  const starts = [...parse.papers, ...parse.metadataOnly].map((r) => lineOf(r.where)).sort((a, b) => a - b);
  const hit = new Map<number, number>(); // record start line -> first bad line in it
  for (const bad of badLines) {
    let start = 0;
    if (parse.format === 'jsonl') start = bad;
    else for (const s of starts) if (s <= bad) start = s;
    if (start > 0 && !hit.has(start)) hit.set(start, bad);
  }
  const bad = (r: { where: string }, text: string) => {
    const line = hit.get(lineOf(r.where));
    if (line === undefined || !text.includes('\uFFFD')) return false;
    parse.rejected.push({ where: r.where, reason: parse.format === 'jsonl' ? INVALID_UTF8 : `line ${line}: ${INVALID_UTF8}` });
    return true;
  };
  return {
    ...parse,
    papers: parse.papers.filter((r) => !bad(r, JSON.stringify(r.paper))),
    metadataOnly: parse.metadataOnly.filter((r) => !bad(r, JSON.stringify(r.metadata))),
  };
}

/** Parse a source already in memory (a fetched response, a test fixture). */
export async function parseText(text: string, file: string, format: SourceFormat, facts?: FactsSource): Promise<SourceParse> {
  switch (format) {
    case 'json-array':
      return parseJsonArray(text, file);
    case 'jsonl':
      return parseJsonLines(text.split(/\r?\n/), file);
    case 'arxiv-atom':
      return parseArxivAtom(text, file);
    case 'bibtex':
      return parseBibtex(text, file);
    case 'facts-table':
      return emptyParse(format);
    case 'papers-page':
      return parsePageSource(text, file, facts);
  }
}

async function* lines(head: string, chunks: AsyncIterator<Buffer>, decoder: StringDecoder): AsyncGenerator<string> {
  let rest = head;
  for (;;) {
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      yield rest.charCodeAt(nl - 1) === 13 ? rest.slice(start, nl - 1) : rest.slice(start, nl);
      start = nl + 1;
    }
    rest = rest.slice(start);
    const c = await chunks.next();
    if (c.done) break;
    rest += decoder.write(c.value);
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

async function openSource(
  file: string,
  onProgress?: (bytesRead: number, bytesTotal: number) => void,
): Promise<{ chunks: AsyncIterator<Buffer>; close: () => void; size: number; bytesRead: () => number }> {
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = st.size;
  } catch (err) {
    throw new CitebotError('CORPUS_UNREADABLE', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  const magic = await new Promise<Buffer>((resolve, reject) => {
    raw.once('error', reject);
    raw.once('readable', () => resolve((raw.read(2) as Buffer | null) ?? Buffer.alloc(0)));
  });
  if (magic.length > 0) raw.unshift(magic);
  const gz = file.endsWith('.gz') || (magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b);
  const input: Readable = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on('error', (err) => input.destroy(err));
  const inner = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: AsyncIterator<Buffer> = {
    next: async () => {
      const c = await inner.next();
      onProgress?.(raw.bytesRead, size);
      return c;
    },
  };
  return {
    chunks,
    close: () => {
      raw.destroy();
      input.destroy();
    },
    size,
    bytesRead: () => raw.bytesRead,
  };
}
