import { createHash, randomBytes } from 'node:crypto';
import { close, createReadStream, fstat, open as openCallback, read } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { PaperList, type PaperListData } from '../corpus/paper-list.js';
import { INDEX_FORMAT, type IndexSnapshot } from '../retrieval/snapshot.js';

export { INDEX_FORMAT };

const MAGIC = 'CITEBOT-INDEX';

const openFile = promisify(openCallback);
const fstatFile = promisify(fstat);
const readAt = promisify(read);

interface Header {
  format: number;
  /** sha256 of the corpus file the index was built from. */
  corpus: string;
  papers: number;
  /** Byte lengths of the two sections after the header line: paper lines (UTF-8), then the V8-serialised rest. */
  sections: [number, number];
  /** sha256 of each section (integrity, not security), so a truncated or corrupted file is detected. sha256, not
   * md5: with the CPU's SHA instructions it is several times faster (0.2 s against 0.5–1.1 s for 340 MB). */
  sha256: [string, string];
}

/** Why a saved index was not used. */
export type SavedIndexMiss = 'missing' | 'stale' | 'corrupt';

/** sha256 of a file's bytes, streamed. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** What a saved index holds: the papers, and a snapshot of the index over them (opaque here). */
export interface SavedIndex {
  papers: PaperList;
  snapshot: IndexSnapshot;
}

/**
 * Save papers and their index snapshot for the corpus file whose content hash is `corpusHash`, atomically
 * (a temporary file, then rename). Layout: a `CITEBOT-INDEX <header JSON>` line, the papers as corpus lines,
 * then the V8-serialised paper offsets, ids, titles and snapshot.
 */
export async function saveIndex(file: string, saved: SavedIndex, corpusHash: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    // The header goes first but is known last: reserve a fixed-size line, fill it in at the end.
    let at = HEADER_BYTES;
    // Papers section, streamed: never the whole corpus in one buffer.
    const papersHash = createHash('sha256');
    const list = saved.papers;
    const offsets = new Uint32Array(list.length + 1);
    let chunk: string[] = [];
    let chunkBytes = 0;
    let written = 0;
    const flush = async () => {
      const b = Buffer.from(chunk.join(''), 'utf8');
      papersHash.update(b);
      await fh.write(b, 0, b.length, at);
      at += b.length;
      chunk = [];
      chunkBytes = 0;
    };
    for (let i = 0; i < list.length; i++) {
      const line = list.line(i);
      const n = Buffer.byteLength(line, 'utf8');
      written += n;
      offsets[i + 1] = written;
      chunk.push(line);
      chunkBytes += n;
      if (chunkBytes >= 4 << 20) await flush();
    }
    await flush();
    const tail = serialize({ papers: { offsets, ids: list.ids, titles: list.titles }, snapshot: saved.snapshot } satisfies Tail);
    await fh.write(tail, 0, tail.length, at);
    const header: Header = {
      format: INDEX_FORMAT,
      corpus: corpusHash,
      papers: list.length,
      sections: [written, tail.length],
      sha256: [papersHash.digest('hex'), sha256(tail)],
    };
    const line = `${MAGIC} ${JSON.stringify(header)}`;
    if (Buffer.byteLength(line) >= HEADER_BYTES) throw new Error('saved-index header too long');
    await fh.write(`${line.padEnd(HEADER_BYTES - 1, ' ')}\n`, 0, 'utf8');
    await fh.close();
    await rename(tmp, file);
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
}

/** The header line's fixed size in bytes (padded with spaces). */
const HEADER_BYTES = 512;

/** The V8-serialised section after the paper lines. */
interface Tail {
  papers: Omit<PaperListData, 'bytes'>;
  /** Opaque here: only the index reads it. */
  snapshot: IndexSnapshot;
}

/**
 * Load a saved index if it was built, in this format, from the corpus whose content hash is `corpusHash`.
 * Returns why not otherwise: a stale or corrupt file is never served. Both sections are checked against their
 * hashes; the papers section is then left in the file and read a paper at a time (the paper list keeps the
 * file open), so a 100k+ paper corpus loads without reading its text into memory. The snapshot is not looked
 * into: the index validates it when it is opened (`openLibrary`).
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
  const head = await readRange(fd, 0, HEADER_BYTES);
  const line = head.toString('utf8').split('\n')[0] ?? '';
  if (!line.startsWith(`${MAGIC} `) || head.indexOf(0x0a) !== HEADER_BYTES - 1) return { miss: 'corrupt' };
  const header = JSON.parse(line.slice(MAGIC.length + 1).trimEnd()) as Header;
  if (header.format !== INDEX_FORMAT || header.corpus !== corpusHash) return { miss: 'stale' };
  const [a, b] = header.sections;
  if ((await fstatFile(fd)).size !== HEADER_BYTES + a + b || !Array.isArray(header.sha256)) return { miss: 'corrupt' };
  // Fresh memory is slow to touch on a VM (a read of 300 MB into a new buffer took 2 s here, a streamed hash of
  // it 0.6 s): the papers section is hashed through one reused buffer and never held.
  if ((await hashRange(fd, HEADER_BYTES, a)) !== header.sha256[0]) return { miss: 'corrupt' };
  const tail = await readRange(fd, HEADER_BYTES + a, b);
  if (sha256(tail) !== header.sha256[1]) return { miss: 'corrupt' };
  const { papers: stored, snapshot } = deserialize(tail) as Partial<Tail>;
  const n = header.papers;
  if (stored?.offsets?.length !== n + 1 || stored.offsets[n] !== a || stored.ids?.length !== n || stored.titles?.length !== n)
    return { miss: 'corrupt' };
  if (typeof snapshot !== 'object' || snapshot === null) return { miss: 'corrupt' };
  return { papers: PaperList.fromFile(fd, HEADER_BYTES, stored), snapshot };
}

/** `length` bytes of a file from `position` (fewer at its end). */
async function readRange(fd: number, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await readAt(fd, buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

/** sha256 of `length` bytes of a file from `position`, read through one reused buffer. */
async function hashRange(fd: number, position: number, length: number): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  for (let done = 0; done < length; ) {
    const { bytesRead } = await readAt(fd, buf, 0, Math.min(buf.length, length - done), position + done);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    done += bytesRead;
  }
  return hash.digest('hex');
}
