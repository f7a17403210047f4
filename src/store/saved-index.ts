import { createHash, randomBytes } from 'node:crypto';
import { close, createReadStream, fstat, open as openCallback, read } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { PaperList } from '../corpus/paper-list.js';
import { INDEX_FORMAT, type IndexSnapshot, type SnapshotArray, type SnapshotField } from '../retrieval/snapshot.js';

export { INDEX_FORMAT };

const MAGIC = 'CITEBOT-INDEX';

const openFile = promisify(openCallback);
const fstatFile = promisify(fstat);
const readAt = promisify(read);

/** The typed arrays a saved index may hold, by name (what a section's `kind` says). */
const ARRAY_TYPES = { Uint8Array, Uint16Array, Int32Array, Uint32Array, Float32Array, Float64Array } as const;
type ArrayKind = keyof typeof ARRAY_TYPES;

/**
 * One stored field. `lines`: the papers' corpus lines, left in the file and read a paper at a time. `strings`:
 * a list of strings, each followed by a newline (`json-strings` when some string holds a newline: each as a JSON
 * string). `text`: one string as UTF-8. Otherwise a typed array's bytes (little-endian, as the machine's).
 */
interface StoredField {
  /** Where in the papers or the snapshot the field goes: `["papers", "titles"]`, `["postings", "docs"]`. */
  path: [string, string];
  kind: 'lines' | 'strings' | 'json-strings' | 'text' | ArrayKind;
  /** Byte position in the file (8-byte aligned) and length. */
  at: number;
  bytes: number;
  /** Items of a list or array. */
  count: number;
  /** sha256 of the bytes (integrity, not security), so a truncated or corrupted file is detected. */
  sha256: string;
}

interface Header {
  format: number;
  /** sha256 of the corpus file the index was built from. */
  corpus: string;
  papers: number;
  /** The snapshot's own `format` and `papers` (the index checks them when it is opened). */
  snapshot: { format: number; papers: number };
  fields: StoredField[];
}

/** Why a saved index was not used. */
export type SavedIndexMiss = 'missing' | 'stale' | 'corrupt';

/** sha256 of a file's bytes, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** What a saved index holds: the papers, and a snapshot of the index over them (opaque here). */
export interface SavedIndex {
  papers: PaperList;
  snapshot: IndexSnapshot;
}

/** The first line: the magic word and the header's length in bytes, padded to a fixed size. */
const PREFIX_BYTES = 64;
/** Bytes written or read per call (a single read or write is capped at 2 GiB). */
const IO_CHUNK = 8 << 20;

/**
 * Save papers and their index snapshot for the corpus file whose content hash is `corpusHash`, atomically
 * (a temporary file, then rename). Layout: a `CITEBOT-INDEX <header bytes>` line, the header as JSON (every
 * field's kind, place, length and hash), then the fields one after another: the papers as corpus lines, their
 * byte offsets, ids and titles, then every field of every snapshot section. Each field is written and read in
 * bounded chunks and a typed array goes straight into its own buffer, so no part of the file is ever one string
 * or one buffer (no 512 MiB or 4 GiB cap; 64-bit paper offsets).
 */
export async function saveIndex(file: string, saved: SavedIndex, corpusHash: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    const { papers: list, snapshot } = saved;
    const sectionNames = Object.keys(snapshot.sections);
    // The header goes first but is known last: fields are written after a reserve sized for their entries.
    const entries = 4 + sectionNames.reduce((n, s) => n + Object.keys(snapshot.sections[s]!).length, 0);
    let at = align(PREFIX_BYTES + 1024 + entries * 512);
    const headerRoom = at - PREFIX_BYTES;
    const fields: StoredField[] = [];
    const writer = (path: [string, string], kind: StoredField['kind'], count: number) => {
      const start = at;
      const hash = createHash('sha256');
      return {
        async write(bytes: Uint8Array): Promise<void> {
          for (let k = 0; k < bytes.length; k += IO_CHUNK) {
            const part = bytes.subarray(k, Math.min(bytes.length, k + IO_CHUNK));
            hash.update(part);
            await writeAll(fh, part, at);
            at += part.length;
          }
        },
        end(): void {
          fields.push({ path, kind, at: start, bytes: at - start, count, sha256: hash.digest('hex') });
          at = align(at);
        },
      };
    };

    // Papers: corpus lines, streamed (never the whole corpus in one buffer), and where each ends.
    const offsets = new Float64Array(list.length + 1);
    const lines = writer(['papers', 'lines'], 'lines', list.length);
    let chunk: string[] = [];
    let chunkChars = 0;
    let written = 0;
    for (let i = 0; i < list.length; i++) {
      const line = list.line(i);
      written += Buffer.byteLength(line, 'utf8');
      offsets[i + 1] = written;
      chunk.push(line);
      chunkChars += line.length;
      if (chunkChars >= 4 << 20 || i === list.length - 1) {
        await lines.write(Buffer.from(chunk.join(''), 'utf8'));
        chunk = [];
        chunkChars = 0;
      }
    }
    lines.end();
    const writeField = async (path: [string, string], value: SnapshotField | Float64Array) => {
      if (typeof value === 'string') {
        const w = writer(path, 'text', value.length);
        for (let k = 0; k < value.length; ) {
          // Cut between characters, never inside a surrogate pair.
          let end = Math.min(value.length, k + IO_CHUNK);
          if (end < value.length && /[\uD800-\uDBFF]/.test(value[end - 1]!)) end++;
          await w.write(Buffer.from(value.slice(k, end), 'utf8'));
          k = end;
        }
        w.end();
      } else if (Array.isArray(value)) {
        const items = value as readonly string[];
        // A newline or a lone surrogate (which UTF-8 cannot carry) in some string: each as a JSON string instead.
        const json = items.some((s) => s.includes('\n') || !(s as string & { isWellFormed(): boolean }).isWellFormed());
        const w = writer(path, json ? 'json-strings' : 'strings', items.length);
        for (let k = 0; k < items.length; k += STRINGS_PER_CHUNK) {
          const part = items.slice(k, k + STRINGS_PER_CHUNK);
          await w.write(Buffer.from(`${(json ? part.map((s) => JSON.stringify(s)) : part).join('\n')}\n`, 'utf8'));
        }
        w.end();
      } else {
        const array = value as SnapshotArray | Float64Array;
        const kind = array.constructor.name as ArrayKind;
        if (ARRAY_TYPES[kind] !== array.constructor) throw new Error(`saved index: ${path.join('.')} is an unsupported ${kind}`);
        const w = writer(path, kind, array.length);
        await w.write(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
        w.end();
      }
    };
    await writeField(['papers', 'offsets'], offsets);
    await writeField(['papers', 'ids'], list.ids);
    await writeField(['papers', 'titles'], list.titles);
    for (const name of sectionNames) {
      for (const [field, value] of Object.entries(snapshot.sections[name]!)) await writeField([name, field], value);
    }
    const header: Header = {
      format: INDEX_FORMAT,
      corpus: corpusHash,
      papers: list.length,
      snapshot: { format: snapshot.format, papers: snapshot.papers },
      fields,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    if (json.length > headerRoom) throw new Error('saved-index header too long');
    await writeAll(fh, Buffer.from(`${`${MAGIC} ${json.length}`.padEnd(PREFIX_BYTES - 1, ' ')}\n`, 'utf8'), 0);
    await writeAll(fh, json, PREFIX_BYTES);
    await fh.truncate(fields.length ? fields[fields.length - 1]!.at + fields[fields.length - 1]!.bytes : at);
    await fh.close();
    await rename(tmp, file);
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Strings encoded per write (a few MB of UTF-8). */
const STRINGS_PER_CHUNK = 50_000;

const align = (n: number) => Math.ceil(n / 8) * 8;

async function writeAll(fh: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * Load a saved index if it was built, in this format, from the corpus whose content hash is `corpusHash`.
 * Returns why not otherwise: a stale or corrupt file is never served. Every field is checked against its hash;
 * the papers' lines are then left in the file and read a paper at a time (the paper list keeps the file open),
 * so a 100k+ paper corpus loads without reading its text into memory. The snapshot is not looked into: the
 * index validates it when it is opened (`openLibrary`).
 */
export async function loadIndex(file: string, corpusHash: string): Promise<SavedIndex | { miss: SavedIndexMiss }> {
  let fd: number;
  try {
    fd = await openFile(file, 'r');
  } catch (err) {
    return { miss: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'corrupt' };
  }
  let served = false;
  try {
    const loaded = await loadFrom(fd, corpusHash);
    served = 'papers' in loaded;
    return loaded;
  } catch {
    return { miss: 'corrupt' };
  } finally {
    if (!served) close(fd, () => {});
  }
}

async function loadFrom(fd: number, corpusHash: string): Promise<SavedIndex | { miss: SavedIndexMiss }> {
  // The header first: a stale index is rejected without reading the rest.
  const prefix = (await readRange(fd, 0, PREFIX_BYTES)).toString('utf8');
  const m = new RegExp(`^${MAGIC} (\\d+) *\\n$`).exec(prefix);
  if (!m) return { miss: 'corrupt' };
  const header = JSON.parse((await readRange(fd, PREFIX_BYTES, Number(m[1]))).toString('utf8')) as Header;
  if (header.format !== INDEX_FORMAT || header.corpus !== corpusHash) return { miss: 'stale' };
  const { fields } = header;
  const last = fields[fields.length - 1];
  if (!last || (await fstatFile(fd)).size !== last.at + last.bytes) return { miss: 'corrupt' };
  const values = new Map<string, unknown>();
  for (const f of fields) {
    const value = await readField(fd, f);
    if (value === undefined) return { miss: 'corrupt' };
    values.set(f.path.join('.'), value);
  }
  const n = header.papers;
  const lines = fields.find((f) => f.path.join('.') === 'papers.lines');
  const offsets = values.get('papers.offsets');
  const ids = values.get('papers.ids') as string[] | undefined;
  const titles = values.get('papers.titles') as string[] | undefined;
  if (!lines || !(offsets instanceof Float64Array) || offsets.length !== n + 1 || offsets[n] !== lines.bytes) return { miss: 'corrupt' };
  if (ids?.length !== n || titles?.length !== n) return { miss: 'corrupt' };
  const sections: Record<string, Record<string, unknown>> = {};
  for (const { path } of fields) {
    if (path[0] === 'papers') continue;
    sections[path[0]] ??= {};
    sections[path[0]]![path[1]] = values.get(path.join('.'));
  }
  const snapshot = { ...header.snapshot, sections } as IndexSnapshot;
  return { papers: PaperList.fromFile(fd, lines.at, { offsets, ids, titles }), snapshot };
}

/** One field's value, read in chunks and checked against its hash; undefined when it does not match. */
async function readField(fd: number, f: StoredField): Promise<unknown> {
  const hash = createHash('sha256');
  const check = <T>(value: T): T | undefined => (hash.digest('hex') === f.sha256 ? value : undefined);
  if (f.kind === 'lines') {
    // Fresh memory is slow to touch on a VM: the papers' text is hashed through one reused buffer, never held.
    await eachChunk(fd, f, (part) => hash.update(part));
    return check(true);
  }
  if (f.kind in ARRAY_TYPES) {
    const type = ARRAY_TYPES[f.kind as ArrayKind];
    if (f.bytes !== f.count * type.BYTES_PER_ELEMENT) return undefined;
    const array = new type(f.count);
    const bytes = new Uint8Array(array.buffer);
    for (let done = 0; done < f.bytes; ) {
      const { bytesRead } = await readAt(fd, bytes, done, Math.min(IO_CHUNK, f.bytes - done), f.at + done);
      if (bytesRead === 0) return undefined;
      done += bytesRead;
    }
    hash.update(bytes);
    return check(array);
  }
  if (f.kind === 'text') {
    const parts: string[] = [];
    const decoder = new TextDecoder('utf-8');
    await eachChunk(fd, f, (part) => {
      hash.update(part);
      parts.push(decoder.decode(part, { stream: true }));
    });
    parts.push(decoder.decode());
    return check(parts.join(''));
  }
  if (f.kind === 'strings' || f.kind === 'json-strings') {
    const items: string[] = [];
    let carry: Buffer | undefined;
    await eachChunk(fd, f, (part) => {
      hash.update(part);
      const buf = carry ? Buffer.concat([carry, part]) : Buffer.from(part);
      const end = buf.lastIndexOf(0x0a) + 1;
      carry = Buffer.from(buf.subarray(end));
      if (end === 0) return;
      if (f.kind === 'json-strings') {
        for (const s of buf.toString('utf8', 0, end - 1).split('\n')) items.push(JSON.parse(s) as string);
      } else if (isAscii(buf, end)) {
        // ASCII: one decode, items as slices of it.
        for (const s of buf.toString('latin1', 0, end - 1).split('\n')) items.push(s);
      } else {
        // Decoded one by one: sliced from one decode, every item would keep a two-byte copy of the whole chunk
        // alive as soon as one of them ("—" in a title) needed two bytes a character.
        for (let at = 0; at < end; ) {
          const nl = buf.indexOf(0x0a, at);
          items.push(buf.toString('utf8', at, nl));
          at = nl + 1;
        }
      }
    });
    if (carry?.length || items.length !== f.count) return undefined;
    return check(items);
  }
  return undefined;
}

function isAscii(bytes: Uint8Array, end: number): boolean {
  for (let i = 0; i < end; i++) if (bytes[i]! >= 0x80) return false;
  return true;
}

/** Call `onChunk` with each piece of a field's bytes, read through one reused buffer (valid only during the call). */
async function eachChunk(fd: number, f: StoredField, onChunk: (part: Uint8Array) => void): Promise<void> {
  const buf = Buffer.allocUnsafe(Math.min(IO_CHUNK, Math.max(1, f.bytes)));
  for (let done = 0; done < f.bytes; ) {
    const { bytesRead } = await readAt(fd, buf, 0, Math.min(buf.length, f.bytes - done), f.at + done);
    if (bytesRead === 0) throw new Error('saved index ended early');
    onChunk(buf.subarray(0, bytesRead));
    done += bytesRead;
  }
}

/** `length` bytes of a file from `position` (fewer at its end). */
async function readRange(fd: number, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await readAt(fd, buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}
