import { isAscii } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { close, createReadStream, fstat, fstatSync, open as openCallback, read, readSync, statSync, unlinkSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import { PaperList, type StoredKeys } from '../corpus/paper-list.js';
import { StringList } from '../corpus/string-list.js';
import { CitebotError } from '../errors.js';
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
  /**
   * CRC-32 of the bytes (integrity against truncation and damage, not tampering), checked when the index is
   * loaded. Absent for `lines`: those are checked a block of `Header.lineBlock` bytes at a time, against
   * `papers.lineChecks`, when a paper in the block is first read.
   */
  crc32?: number;
}

interface Header {
  format: number;
  /** sha256 of the corpus file the index was built from. */
  corpus: string;
  papers: number;
  /** The snapshot's own `format` and `papers` (the index checks them when it is opened). */
  snapshot: { format: number; papers: number };
  /** Bytes of papers' lines per entry of `papers.lineChecks`. */
  lineBlock: number;
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

/**
 * What tells a file's content apart without reading it, as git's index and make do: its size, the modification
 * and status-change times in nanoseconds, its inode and device (decimal strings: 64-bit values). Any write changes
 * the status-change time, which no tool can set back (`touch -d`, `cp -p` and `rsync -t` set only the
 * modification time), and a file replaced by rename has a new inode.
 */
export interface FileStamp {
  size: string;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  dev: string;
}

/** The content a saved index is built for: the corpus file's sha256 and, when it can vouch for that hash later, its stamp. */
export interface CorpusVersion {
  sha256: string;
  /**
   * Recorded in the saved index, so the next start trusts `sha256` without reading the file while the file's
   * stamp is still this one. Absent when the file changed while it was hashed or was last written less than
   * `SETTLE_MS` before `now` (a second write in the same timestamp tick would leave the stamp as it is).
   */
  stamp?: FileStamp;
  /** Whether the file was read and hashed (false: its stamp matched the one its saved index recorded). */
  hashed: boolean;
}

/**
 * A corpus file older than this (by both its times, against the `now` given) cannot be rewritten without its stamp
 * changing: file-system timestamps tick every few milliseconds (ext4, XFS, btrfs), every second (ext3, HFS+) or
 * every 2 s (FAT).
 */
const SETTLE_MS = 3000;

/** A file's stamp (see `FileStamp`). Throws as `stat` does (a missing or unreadable file). */
export async function stampFile(file: string): Promise<FileStamp> {
  const s = await stat(file, { bigint: true });
  return { size: `${s.size}`, mtimeNs: `${s.mtimeNs}`, ctimeNs: `${s.ctimeNs}`, ino: `${s.ino}`, dev: `${s.dev}` };
}

const sameStamp = (a: FileStamp, b: FileStamp) =>
  a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;

/**
 * The corpus file's content version for its saved index `indexFile`: the sha256 that index recorded, without
 * reading the corpus, when the file's stamp (size, times, inode, device) is exactly the one recorded with it;
 * otherwise the file is hashed, and when the hash is still the one the index was built from (a file touched or
 * copied but unchanged) the new stamp is recorded in the index, so the next start reads nothing again. `now` is
 * the time of the check (see `CorpusVersion.stamp`). Throws as `stat` does for a missing or unreadable corpus.
 */
export async function corpusVersion(corpusFile: string, indexFile: string, now: Date): Promise<CorpusVersion> {
  const before = await stampFile(corpusFile);
  const recorded = await readRecorded(indexFile);
  if (recorded?.stamp && sameStamp(recorded.stamp, before)) return { sha256: recorded.sha256, stamp: before, hashed: false };
  const sha256 = await hashFile(corpusFile);
  const after = await stampFile(corpusFile);
  const settled = (ns: string) => BigInt(ns) <= BigInt(now.getTime() - SETTLE_MS) * 1_000_000n;
  const stamp = sameStamp(before, after) && settled(after.mtimeNs) && settled(after.ctimeNs) ? after : undefined;
  const version: CorpusVersion = { sha256, ...(stamp ? { stamp } : {}), hashed: true };
  if (stamp && recorded?.built === sha256) await recordVersion(indexFile, version).catch(() => {});
  return version;
}

/** What a saved index holds: the papers, and a snapshot of the index over them (opaque here). */
export interface SavedIndex {
  papers: PaperList;
  snapshot: IndexSnapshot;
}

/** The first line: the magic word, the header's length in bytes and its CRC-32, padded to a fixed size. */
const PREFIX_BYTES = 64;
/**
 * Then the corpus stamp slot: the corpus file's stamp and sha256 as one JSON line behind its own CRC-32, rewritten
 * in place when a touched but unchanged corpus is hashed again. Torn or damaged, it only costs one more hash.
 */
const STAMP_BYTES = 448;
/** Where the header starts. */
const HEADER_AT = PREFIX_BYTES + STAMP_BYTES;
/** Bytes written or read per call (a single read or write is capped at 2 GiB). */
const IO_CHUNK = 8 << 20;
/** Bytes of texts and string lists decoded per read: their buffer and the strings cut from it are garbage after the load. */
const STRING_CHUNK = 1 << 20;
/**
 * Papers' lines per checksum: a paper read for the first time costs one read of its block (64 KiB, about 20 µs)
 * instead of a load that reads and checks every paper's text (3.8 GB at 2.6M papers).
 */
const LINE_BLOCK = 64 << 10;

/** The stamp slot's bytes: `<crc32> <json>`, padded; all blank without a stamp. */
function stampSlot(version: { sha256: string; stamp?: FileStamp | undefined }): Buffer {
  const json = version.stamp ? JSON.stringify({ sha256: version.sha256, stamp: version.stamp }) : '';
  const line = json && json.length + 9 < STAMP_BYTES ? `${hex(crc32(json))} ${json}` : '';
  return Buffer.from(`${line.padEnd(STAMP_BYTES - 1, ' ')}\n`, 'latin1');
}

const hex = (n: number) => n.toString(16).padStart(8, '0');

/**
 * Save papers and their index snapshot for the corpus content `corpus` (its sha256, or its version with the stamp
 * that vouches for it: see `corpusVersion`), atomically (a temporary file, then rename). Layout: a
 * `CITEBOT-INDEX <header bytes> <header crc32>` line, the corpus stamp slot, the header as JSON (every field's kind,
 * place, length and CRC-32), then the fields one after another: the papers as corpus lines, their byte offsets,
 * ids and titles (each UTF-8 and where each starts: see `StringList`) and per-block checksums, then every field of every snapshot section. Each field is written and read
 * in bounded chunks and a typed array goes straight into its own buffer, so no part of the file is ever one string
 * or one buffer (no 512 MiB or 4 GiB cap; 64-bit paper offsets).
 */
export async function saveIndex(file: string, saved: SavedIndex, corpus: string | CorpusVersion): Promise<void> {
  const version = typeof corpus === 'string' ? { sha256: corpus } : corpus;
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    const { papers: list, snapshot } = saved;
    const sectionNames = Object.keys(snapshot.sections);
    // The header goes first but is known last: fields are written after a reserve sized for their entries.
    const entries = 5 + sectionNames.reduce((n, s) => n + Object.keys(snapshot.sections[s]!).length, 0);
    let at = align(HEADER_AT + 1024 + entries * 512);
    const headerRoom = at - HEADER_AT;
    const fields: StoredField[] = [];
    const writer = (path: [string, string], kind: StoredField['kind'], count: number, onPart?: (part: Uint8Array) => void) => {
      const start = at;
      let crc = 0;
      return {
        async write(bytes: Uint8Array): Promise<void> {
          for (let k = 0; k < bytes.length; k += IO_CHUNK) {
            const part = bytes.subarray(k, Math.min(bytes.length, k + IO_CHUNK));
            if (onPart) onPart(part);
            else crc = crc32(part, crc);
            await writeAll(fh, part, at);
            at += part.length;
          }
        },
        end(): void {
          fields.push({ path, kind, at: start, bytes: at - start, count, ...(onPart ? {} : { crc32: crc }) });
          at = align(at);
        },
      };
    };

    // Papers: corpus lines, streamed (never the whole corpus in one buffer), where each ends, and a CRC-32 per block.
    const offsets = new Float64Array(list.length + 1);
    const blockChecks: number[] = [];
    let blockCrc = 0;
    let blockFill = 0;
    const lines = writer(['papers', 'lines'], 'lines', list.length, (part) => {
      for (let k = 0; k < part.length; ) {
        const take = Math.min(part.length - k, LINE_BLOCK - blockFill);
        blockCrc = crc32(part.subarray(k, k + take), blockCrc);
        blockFill += take;
        k += take;
        if (blockFill === LINE_BLOCK) {
          blockChecks.push(blockCrc);
          blockCrc = 0;
          blockFill = 0;
        }
      }
    });
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
    if (blockFill > 0) blockChecks.push(blockCrc);
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
    await writeField(['papers', 'idBytes'], list.ids.bytes);
    await writeField(['papers', 'idStarts'], list.ids.starts);
    await writeField(['papers', 'titleBytes'], list.titles.bytes);
    await writeField(['papers', 'titleStarts'], list.titles.starts);
    await writeField(['papers', 'lineChecks'], Uint32Array.from(blockChecks));
    for (const name of sectionNames) {
      for (const [field, value] of Object.entries(snapshot.sections[name]!)) await writeField([name, field], value);
    }
    const header: Header = {
      format: INDEX_FORMAT,
      corpus: version.sha256,
      papers: list.length,
      snapshot: { format: snapshot.format, papers: snapshot.papers },
      lineBlock: LINE_BLOCK,
      fields,
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    if (json.length > headerRoom) throw new Error('saved-index header too long');
    await writeAll(fh, Buffer.from(`${`${MAGIC} ${json.length} ${hex(crc32(json))}`.padEnd(PREFIX_BYTES - 1, ' ')}\n`, 'utf8'), 0);
    await writeAll(fh, stampSlot(version), PREFIX_BYTES);
    await writeAll(fh, json, HEADER_AT);
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

/** Options of `loadIndex`. */
export interface LoadIndexOptions {
  /** Told once, with the error requests for those papers get, when a block of the papers' text is found damaged. */
  onDamaged?: (err: CitebotError) => void;
}

/**
 * Load a saved index if it was built, in this format, from the corpus whose content hash is `corpusHash`.
 * Returns why not otherwise: a stale or corrupt file is never served. The header and every field but the papers'
 * text are checked against their CRC-32 here (a truncated file by its length); the papers' lines are left in the
 * file and read a paper at a time (the paper list keeps the file open), each block of them checked when a paper
 * in it is first read (`CitebotError` `SNAPSHOT_INVALID` for a damaged one, which also removes the file so the
 * next load rebuilds it). So a 100k+ paper corpus loads without reading its text. The snapshot is not looked
 * into: the index validates it when it is opened (`openLibrary`). `onDamaged` is told, once, when a damaged block
 * is first found, so a running bot can rebuild the index instead of failing those papers' requests until a restart.
 */
export async function loadIndex(
  file: string,
  corpusHash: string,
  options: LoadIndexOptions = {},
): Promise<SavedIndex | { miss: SavedIndexMiss }> {
  let fd: number;
  try {
    fd = await openFile(file, 'r');
  } catch (err) {
    return { miss: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'corrupt' };
  }
  let served = false;
  try {
    const loaded = await loadFrom(fd, file, corpusHash, options);
    served = 'papers' in loaded;
    return loaded;
  } catch {
    return { miss: 'corrupt' };
  } finally {
    if (!served) close(fd, () => {});
  }
}

/** The header of a saved index, checked against its CRC-32; `stale` for a file of an older layout. */
async function readHeader(fd: number): Promise<Header | SavedIndexMiss> {
  const prefix = (await readRange(fd, 0, PREFIX_BYTES)).toString('latin1');
  const m = new RegExp(`^${MAGIC} (\\d+) ([0-9a-f]{8}) *\\n$`).exec(prefix);
  // Formats up to 18 had no checksum on this line: such a file is merely old.
  if (!m) return new RegExp(`^${MAGIC} \\d+ *\\n$`).test(prefix) ? 'stale' : 'corrupt';
  const json = await readRange(fd, HEADER_AT, Number(m[1]));
  if (json.length !== Number(m[1]) || hex(crc32(json)) !== m[2]) return 'corrupt';
  return JSON.parse(json.toString('utf8')) as Header;
}

/** What an index file's stamp slot holds, and the corpus hash its header says it was built from; undefined when unreadable. */
async function readRecorded(file: string): Promise<{ sha256: string; stamp: FileStamp | undefined; built: string } | undefined> {
  let fd: number | undefined;
  try {
    fd = await openFile(file, 'r');
    const header = await readHeader(fd);
    if (typeof header === 'string' || header.format !== INDEX_FORMAT) return undefined;
    const slot = (await readRange(fd, PREFIX_BYTES, STAMP_BYTES)).toString('latin1');
    const m = /^([0-9a-f]{8}) (\{.*\}) *\n$/.exec(slot);
    const recorded = m && hex(crc32(m[2]!)) === m[1] ? (JSON.parse(m[2]!) as { sha256: string; stamp: FileStamp }) : undefined;
    // The slot vouches only for the content this index was built from.
    const stamp = recorded?.sha256 === header.corpus ? recorded.stamp : undefined;
    return { sha256: header.corpus, stamp, built: header.corpus };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) close(fd, () => {});
  }
}

/** Record a corpus version's stamp in an index built from that content (in place: see `STAMP_BYTES`). */
async function recordVersion(file: string, version: CorpusVersion): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    const header = await readHeader(fh.fd);
    if (typeof header !== 'string' && header.format === INDEX_FORMAT && header.corpus === version.sha256)
      await writeAll(fh, stampSlot(version), PREFIX_BYTES);
  } finally {
    await fh.close();
  }
}

async function loadFrom(
  fd: number,
  file: string,
  corpusHash: string,
  options: LoadIndexOptions,
): Promise<SavedIndex | { miss: SavedIndexMiss }> {
  // The header first: a stale index is rejected without reading the rest.
  const header = await readHeader(fd);
  if (typeof header === 'string') return { miss: header };
  if (header.format !== INDEX_FORMAT || header.corpus !== corpusHash) return { miss: 'stale' };
  const { fields } = header;
  const last = fields[fields.length - 1];
  if (!last || (await fstatFile(fd)).size !== last.at + last.bytes) return { miss: 'corrupt' };
  const values = new Map<string, unknown>();
  // Typed arrays are read by the thread pool, which also takes the page faults of their fresh memory (most of a
  // read's cost: about 1 GB at 2.6M papers), while this thread decodes the strings: on two cores, the two overlap.
  // The titles' bytes stay in the file (read a string at a time, see `StringList.inFile`): only checked. The ids
  // are read into memory: building the id table compares each with others (a read of the file each, 100+ ms).
  const inFile = (f: StoredField) => f.path[0] === 'papers' && f.path[1] === 'titleBytes';
  const checked = fields.filter(inFile);
  const checksDone = Promise.all(checked.map((f) => checkField(fd, f).catch(() => undefined)));
  const arrays = fields.filter((f) => f.kind in ARRAY_TYPES && !inFile(f));
  const decoded = fields.filter((f) => f.kind !== 'lines' && !(f.kind in ARRAY_TYPES));
  const scratch = Buffer.allocUnsafe(Math.min(STRING_CHUNK, Math.max(1, ...decoded.map((f) => f.bytes))));
  const arraysRead = Promise.all(arrays.map((f) => readField(fd, f, scratch).catch(() => undefined)));
  let damaged = false;
  for (const f of fields) {
    if (f.kind === 'lines' || f.kind in ARRAY_TYPES) continue;
    const value = await readField(fd, f, scratch).catch(() => undefined);
    if (value === undefined) {
      damaged = true;
      break;
    }
    values.set(f.path.join('.'), value);
  }
  // Awaited even then: the descriptor is closed only once no read is left on it.
  const arrayValues = await arraysRead;
  const checks = await checksDone;
  if (damaged || arrayValues.includes(undefined) || checks.includes(undefined)) return { miss: 'corrupt' };
  const stored = new Map(checked.map((f, i) => [f.path[1], { field: f, ascii: checks[i]!.ascii }]));
  for (const [i, f] of arrays.entries()) values.set(f.path.join('.'), arrayValues[i]);
  const n = header.papers;
  const lines = fields.find((f) => f.path.join('.') === 'papers.lines');
  const offsets = values.get('papers.offsets');
  const ids = stringList(values.get('papers.idBytes'), values.get('papers.idStarts'));
  const titles = storedKeys(stored.get('titleBytes'), values.get('papers.titleStarts'), n);
  const lineChecks = values.get('papers.lineChecks');
  if (!lines || !(offsets instanceof Float64Array) || offsets.length !== n + 1 || offsets[n] !== lines.bytes) return { miss: 'corrupt' };
  if (ids?.length !== n || !titles) return { miss: 'corrupt' };
  if (!(lineChecks instanceof Uint32Array) || !(header.lineBlock > 0) || lineChecks.length !== Math.ceil(lines.bytes / header.lineBlock))
    return { miss: 'corrupt' };
  const sections: Record<string, Record<string, unknown>> = {};
  for (const { path } of fields) {
    if (path[0] === 'papers') continue;
    sections[path[0]] ??= {};
    sections[path[0]]![path[1]] = values.get(path.join('.'));
  }
  const snapshot = { ...header.snapshot, sections } as IndexSnapshot;
  const check = lineChecker(fd, file, lines, lineChecks, header.lineBlock, options.onDamaged);
  let papers: PaperList;
  try {
    papers = PaperList.fromFile(fd, lines.at, { offsets, ids, titles }, { check });
  } catch {
    return { miss: 'corrupt' }; // starts that do not fit their bytes
  }
  return { papers, snapshot };
}

/** The strings stored as these bytes and starts (see `StringList`); undefined when they are not such a pair. */
function stringList(bytes: unknown, starts: unknown): StringList | undefined {
  if (!(bytes instanceof Uint8Array) || !(starts instanceof Uint32Array || starts instanceof Float64Array)) return undefined;
  try {
    return StringList.fromData({ bytes, starts });
  } catch {
    return undefined;
  }
}

/** Strings left in the file (see `StringList.inFile`): where their bytes are, their starts, `n` of them; undefined when they do not fit. */
function storedKeys(bytes: { field: StoredField; ascii: boolean } | undefined, starts: unknown, n: number): StoredKeys | undefined {
  if (bytes?.field.kind !== 'Uint8Array' || !(starts instanceof Uint32Array || starts instanceof Float64Array)) return undefined;
  if (starts.length !== n + 1 || starts[n] !== bytes.field.bytes) return undefined;
  return { at: bytes.field.at, starts, ascii: bytes.ascii };
}

/**
 * A field left in the file, read through once in chunks and checked against its CRC-32 (nothing kept): whether
 * its bytes are all ASCII, or undefined when they do not match.
 */
async function checkField(fd: number, f: StoredField): Promise<{ ascii: boolean } | undefined> {
  const buf = Buffer.allocUnsafe(Math.max(1, Math.min(STRING_CHUNK, f.bytes)));
  let crc = 0;
  let ascii = true;
  for (let done = 0; done < f.bytes; ) {
    const part = await readUpTo(fd, buf, Math.min(buf.length, f.bytes - done), f.at + done);
    if (part.length === 0) return undefined;
    crc = crc32(part, crc);
    ascii &&= isAscii(part);
    done += part.length;
  }
  return f.crc32 !== undefined && crc === f.crc32 ? { ascii } : undefined;
}

/**
 * Checks the papers' lines a block at a time, the first time a paper in the block is read: throws `SNAPSHOT_INVALID`
 * for a block that does not match its checksum (or ends early), every time it is read, and removes the index file
 * (if it is still the one loaded) so that the next load rebuilds it instead of serving it again.
 */
function lineChecker(
  fd: number,
  file: string,
  lines: StoredField,
  checks: Uint32Array,
  block: number,
  onDamaged: ((err: CitebotError) => void) | undefined,
) {
  // Per block: 0 not read yet, 1 checked, 2 damaged.
  const state = new Uint8Array(checks.length);
  let told = false;
  let buf: Buffer | undefined;
  const damaged = (b: number) => {
    let next = 'it has been replaced or removed since';
    try {
      const open = fstatSync(fd);
      const now = statSync(file);
      if (open.ino === now.ino && open.dev === now.dev) {
        next = 'delete it to have the next start rebuild it from the corpus';
        unlinkSync(file);
        next = 'it is removed, so the next start rebuilds it from the corpus';
      }
    } catch {
      // gone already, or not ours to remove: `next` says which
    }
    const from = b * block;
    return new CitebotError(
      'SNAPSHOT_INVALID',
      `saved index ${file}: bytes ${from}–${Math.min(lines.bytes, from + block)} of its papers do not match their checksum (the file was damaged after it was written); ${next}`,
    );
  };
  return (start: number, end: number): void => {
    for (let b = Math.floor(start / block); b <= Math.floor((end - 1) / block); b++) {
      if (state[b] === 0) {
        const length = Math.min(block, lines.bytes - b * block);
        buf ??= Buffer.allocUnsafe(block);
        let done = 0;
        while (done < length) {
          const n = readSync(fd, buf, done, length - done, lines.at + b * block + done);
          if (n === 0) break;
          done += n;
        }
        state[b] = done === length && crc32(buf.subarray(0, length)) === checks[b] ? 1 : 2;
        if (state[b] === 2 && !told) {
          told = true;
          const err = damaged(b);
          try {
            onDamaged?.(err);
          } catch {
            // the listener's failure is not this read's
          }
          throw err;
        }
      }
      if (state[b] === 2) throw damaged(b);
    }
  };
}

/**
 * One field's value, read in chunks and checked against its CRC-32; undefined when it does not match. Texts and
 * string lists are read through `scratch` (one buffer for the whole load: no garbage buffer per chunk).
 */
async function readField(fd: number, f: StoredField, scratch: Buffer): Promise<unknown> {
  let crc = 0;
  const check = <T>(value: T): T | undefined => (f.crc32 !== undefined && crc === f.crc32 ? value : undefined);
  if (f.kind in ARRAY_TYPES) {
    const type = ARRAY_TYPES[f.kind as ArrayKind];
    if (f.bytes !== f.count * type.BYTES_PER_ELEMENT) return undefined;
    const array = new type(f.count);
    const bytes = new Uint8Array(array.buffer);
    for (let done = 0; done < f.bytes; ) {
      const { bytesRead } = await readAt(fd, bytes, done, Math.min(IO_CHUNK, f.bytes - done), f.at + done);
      if (bytesRead === 0) return undefined;
      crc = crc32(bytes.subarray(done, done + bytesRead), crc);
      done += bytesRead;
    }
    return check(array);
  }
  if (f.kind === 'text') {
    const parts: string[] = [];
    const decoder = new TextDecoder('utf-8');
    for (let done = 0; done < f.bytes; ) {
      const part = await readUpTo(fd, scratch, Math.min(scratch.length, f.bytes - done), f.at + done);
      if (part.length === 0) return undefined;
      crc = crc32(part, crc);
      parts.push(decoder.decode(part, { stream: true }));
      done += part.length;
    }
    parts.push(decoder.decode());
    return check(parts.join(''));
  }
  if (f.kind === 'strings' || f.kind === 'json-strings') {
    const items: string[] = [];
    let buf = scratch;
    // Whole lines at a time: each read starts after the last newline of the one before.
    for (let done = 0; done < f.bytes; ) {
      const want = Math.min(buf.length, f.bytes - done);
      const part = await readUpTo(fd, buf, want, f.at + done);
      if (part.length < want) return undefined;
      const end = part.lastIndexOf(0x0a) + 1;
      if (end === 0) {
        if (want < buf.length) return undefined; // the field does not end with a newline
        buf = Buffer.allocUnsafe(buf.length * 2); // one string longer than the buffer
        continue;
      }
      crc = crc32(part.subarray(0, end), crc);
      if (f.kind === 'json-strings') {
        for (const s of part.toString('utf8', 0, end - 1).split('\n')) items.push(JSON.parse(s) as string);
      } else if (isAscii(part.subarray(0, end))) {
        // ASCII: one decode, items as slices of it.
        for (const s of part.toString('latin1', 0, end - 1).split('\n')) items.push(s);
      } else {
        // Decoded one by one: sliced from one decode, every item would keep a two-byte copy of the whole chunk
        // alive as soon as one of them ("—" in a title) needed two bytes a character.
        for (let at = 0; at < end; ) {
          const nl = part.indexOf(0x0a, at);
          items.push(part.toString('utf8', at, nl));
          at = nl + 1;
        }
      }
      done += end;
    }
    if (items.length !== f.count) return undefined;
    return check(items);
  }
  return undefined;
}

/** Up to `length` bytes from `position` into `buf` (fewer only at the end of the file), as a view of `buf`. */
async function readUpTo(fd: number, buf: Buffer, length: number, position: number): Promise<Buffer> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await readAt(fd, buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/** `length` bytes of a file from `position` (fewer at its end). */
const readRange = (fd: number, position: number, length: number) => readUpTo(fd, Buffer.alloc(length), length, position);
