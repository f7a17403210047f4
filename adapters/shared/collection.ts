/**
 * Changing the collection: adding papers by arXiv id and removing papers, for `/add` and `/remove` on every
 * platform and for `npm run ingest -- --arxiv-file`. One path for all of them: fetch with the arXiv client,
 * merge with the ingest rules under the corpus lock, write atomically, and let the corpus watcher reload it.
 * Who may do it is each platform's call (`adapters/discord/editors.ts`, `adapters/slack/collection.ts`).
 */

import { stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  ArxivApiError,
  CitebotError,
  fetchArxivPapers,
  type Library,
  loadCorpusFile,
  mergePapers,
  normalizeArxivId,
  type Paper,
  type Rejection,
  type SourceParse,
  serializeCorpus,
  writeFileAtomic,
} from '../../src/index.js';
import { CorpusLockedError, withCorpusLock } from './corpus-lock.js';
import type { Logger } from './log.js';
import { COLLECTION } from './messages.js';

/** Where the collection lives and where papers are fetched from. */
export interface CollectionSettings {
  /** The corpus file the bot answers from (and its watcher reloads). */
  file: string;
  /** The arXiv API's query endpoint (`ARXIV_API_URL`). */
  arxivApiUrl: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Waits between arXiv retries and batches. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait for another writer's corpus lock, in ms. Default the lock's (2 minutes). */
  lockTimeoutMs?: number;
  /** Longest wait for the bot to reload the written corpus before replying that it is on its way, in ms. Default 20 s. */
  reloadTimeoutMs?: number;
}

/** Who changes the collection, for the log. */
export interface Editor {
  platform: 'discord' | 'slack';
  /** The Discord server or Slack workspace id. */
  workspace: string;
  userId: string;
}

/** The library the bot answers from; with `onSwap` (a `LibraryHolder`), a change's reply waits for the reload. */
export interface ReloadingLibrary {
  readonly current: Library;
  onSwap?(listener: (lib: Library) => void): () => void;
  /** Tell other replicas the corpus file was written (a `LibraryHolder` with `DATABASE_URL` sends NOTIFY). Never rejects. */
  announce?(file: string): Promise<void>;
}

/** A paper named in a reply. */
export interface PaperRef {
  id: string;
  title: string;
}

/** What `/add` or `/remove` did. */
export type CollectionOutcome =
  | {
      ok: true;
      added: PaperRef[];
      updated: PaperRef[];
      unchanged: PaperRef[];
      removed: PaperRef[];
      /** arXiv ids arXiv does not have (`/add`), or ids not in the collection (`/remove`). */
      notFound: string[];
      /** What was typed that is not an arXiv id or link. */
      invalid: string[];
      /** Papers in the collection after the change. */
      papers: number;
      /** `done`: the bot answers from the new collection; `pending`: written, the reload is on its way; `none`: nothing written. */
      reload: 'done' | 'pending' | 'none';
    }
  /** Nothing usable was typed. */
  | { ok: false; problem: 'usage' }
  /** Removing these would leave the collection empty, which the bot cannot serve. */
  | { ok: false; problem: 'would-empty' }
  /** arXiv could not be reached, another writer held the corpus too long, or the write failed: nothing changed. */
  | { ok: false; problem: 'arxiv' | 'busy' | 'write'; detail: string };

/** What a change needs besides the request. */
export interface CollectionContext {
  settings: CollectionSettings;
  library: ReloadingLibrary;
  log: Logger;
  editor: Editor;
}

/** Default wait for the reload after a change. */
const RELOAD_TIMEOUT_MS = 20_000;
/** Most arXiv ids one command may name (two arXiv API batches at most). */
export const MAX_IDS_PER_COMMAND = 50;

/**
 * arXiv references in a line of chat text: ids (`2402.02750`, `2402.02750v2`, `arXiv:2402.02750`,
 * `hep-th/9711200`), abs and pdf links (`https://arxiv.org/pdf/2402.02750v1.pdf`), separated by spaces, commas or
 * semicolons; Slack's `<url|label>` link markup is read as its URL. Versions are dropped and duplicates removed.
 */
export function parseArxivRefs(text: string): { ids: string[]; invalid: string[] } {
  const ids: string[] = [];
  const invalid: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const token = raw.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1').replace(/^[("'[]+|[)"'\].]+$/g, '');
    if (token === '') continue;
    const id = normalizeArxivId(token);
    if (!id) invalid.push(token);
    else if (!ids.includes(id)) ids.push(id);
  }
  return { ids, invalid };
}

/**
 * An id list file for `ingest --arxiv-file`: one arXiv id or link per line; blank lines and `#` comments (whole
 * lines or after an id) are skipped. A line that is not an arXiv id is rejected as `file:line`.
 */
export function parseArxivList(text: string, file: string): { ids: string[]; rejected: Rejection[] } {
  const ids: string[] = [];
  const rejected: Rejection[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const entry = line.replace(/#.*$/, '').trim();
    if (entry === '') return;
    const id = normalizeArxivId(entry);
    if (!id) rejected.push({ where: `${file}:${i + 1}`, reason: `not an arXiv id or link: ${JSON.stringify(entry.slice(0, 80))}` });
    else if (!ids.includes(id)) ids.push(id);
  });
  return { ids, rejected };
}

/** The corpus could not be written; the message is one line naming the file and what to do. */
export class CorpusWriteError extends Error {
  override name = 'CorpusWriteError';
  readonly code = 'CORPUS_UNWRITABLE';
  constructor(
    readonly file: string,
    readonly errno: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const WHAT_TO_DO: Record<string, string> = {
  ENOSPC: 'the disk is full: free some space, then run again',
  EDQUOT: 'the disk quota is used up: free some space or raise the quota, then run again',
  EROFS: 'the file system is read-only: make it writable, or write the corpus elsewhere (--out FILE, CITEBOT_CORPUS)',
  EFBIG: 'the file would exceed the largest file this system or user may write (see `ulimit -f`): raise the limit or write a .gz corpus',
  EACCES: 'permission denied: run as a user who may write there, or write the corpus elsewhere (--out FILE, CITEBOT_CORPUS)',
  EPERM: 'operation not permitted: run as a user who may write there, or write the corpus elsewhere (--out FILE, CITEBOT_CORPUS)',
  EISDIR: 'a directory is in the way: remove it, or write the corpus elsewhere (--out FILE)',
  ENOTDIR: 'part of the path is a file, not a directory: check the path',
  ENOENT: 'its directory does not exist: create it first',
  EIO: 'the disk reported an I/O error: check the device',
};

/** A one-line explanation of a file-system error on `file` (never a stack): `file: cannot write (ENOSPC): the disk is full: …`. */
export function explainFsError(err: unknown, file: string, verb = 'write'): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const what = code ? WHAT_TO_DO[code] : undefined;
  return `${displayPath(file)}: cannot ${verb} (${code ?? (err as Error)?.message ?? String(err)})${what ? `: ${what}` : ''}`;
}

/** True for an error from a file-system call (it has an errno code and a syscall). */
export function isFsError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && 'syscall' in err;
}

/** A path as people read it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel && !rel.startsWith('..') ? rel : file;
}

/** The corpus's papers, or none when the file does not exist yet. Throws `CitebotError` for an unreadable or invalid file. */
export async function readCorpus(file: string): Promise<Paper[]> {
  try {
    await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CitebotError('CORPUS_UNREADABLE', explainFsError(err, file, 'read the corpus'));
  }
  return loadCorpusFile(file);
}

/**
 * Write the corpus atomically (gzip for `.gz`); throws `CorpusWriteError` with a one-line message.
 * @param writeFile the atomic write (default `writeFileAtomic`; tests stand in a full disk)
 */
export async function writeCorpus(
  file: string,
  papers: readonly Paper[],
  writeFile: (file: string, data: string | Uint8Array) => Promise<void> = writeFileAtomic,
): Promise<void> {
  const text = serializeCorpus(papers);
  try {
    await writeFile(file, file.endsWith('.gz') ? gzipSync(text) : text);
  } catch (err) {
    throw new CorpusWriteError(file, (err as NodeJS.ErrnoException).code, explainFsError(err, file));
  }
}

/** Fetch papers by arXiv id with the settings' endpoint; retries are paced by the client. */
export function fetchFromArxiv(
  ids: readonly string[],
  settings: CollectionSettings,
  hooks: {
    onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
    onBatch?: (done: number, total: number) => void;
  } = {},
): Promise<SourceParse> {
  return fetchArxivPapers(ids, {
    baseUrl: settings.arxivApiUrl,
    fetch: settings.fetch ?? globalThis.fetch,
    ...(settings.sleep ? { sleep: settings.sleep } : {}),
    ...hooks,
  });
}

/**
 * `/add`: fetch the arXiv papers named in `text` and merge them into the collection as `npm run ingest` does
 * (a paper already there is updated, not duplicated), under the corpus lock, written atomically; then wait for
 * the bot's reload. Every change is logged with its editor. Failures are values, never throws.
 */
export async function addPapers(text: string, ctx: CollectionContext): Promise<CollectionOutcome> {
  const { ids, invalid } = parseArxivRefs(text);
  if (ids.length === 0 && invalid.length === 0) return { ok: false, problem: 'usage' };
  const wanted = ids.slice(0, MAX_IDS_PER_COMMAND);
  const skipped = ids.slice(MAX_IDS_PER_COMMAND);
  let fetched: SourceParse = { format: 'arxiv-atom', papers: [], metadataOnly: [], rejected: [] };
  if (wanted.length > 0) {
    try {
      fetched = await fetchFromArxiv(wanted, ctx.settings);
    } catch (err) {
      if (err instanceof ArxivApiError) {
        ctx.log.warn('collection change failed: arXiv API', { ...who(ctx.editor), ids: wanted, err: err.message });
        return { ok: false, problem: 'arxiv', detail: err.message };
      }
      throw err;
    }
  }
  const notFound = [...fetched.rejected.map((r) => /arXiv API: (\S+)$/.exec(r.where)?.[1] ?? r.where), ...skipped];
  if (fetched.papers.length === 0) return done(ctx, { added: [], updated: [], unchanged: [], removed: [], notFound, invalid }, undefined);
  return change(ctx, 'add', { notFound, invalid }, (existing) => {
    const merged = mergePapers(existing, fetched.papers);
    const refs = (kind: 'added' | 'updated' | 'unchanged') => merged.changes.filter((c) => c.kind === kind).map((c) => ref(c.paper));
    return { papers: merged.papers, added: refs('added'), updated: refs('updated'), unchanged: refs('unchanged'), removed: [] };
  });
}

/**
 * `/remove`: take the papers named in `text` (arXiv ids or links, or any paper id as `/paper` shows it) out of
 * the collection, under the corpus lock, written atomically; then wait for the bot's reload. Refuses to empty the
 * collection. Every change is logged with its editor.
 */
export async function removePapers(text: string, ctx: CollectionContext): Promise<CollectionOutcome> {
  const tokens = text
    .split(/[\s,;]+/)
    .map((t) => t.replace(/^<([^|>]+)(?:\|[^>]*)?>$/, '$1'))
    .filter(Boolean);
  if (tokens.length === 0) return { ok: false, problem: 'usage' };
  const ids = [...new Set(tokens.map((t) => normalizeArxivId(t) ?? t))];
  return change(ctx, 'remove', { notFound: [], invalid: [] }, (existing) => {
    const gone = new Set(ids.filter((id) => existing.some((p) => p.id === id)));
    const removed = existing.filter((p) => gone.has(p.id));
    return {
      papers: existing.filter((p) => !gone.has(p.id)),
      added: [],
      updated: [],
      unchanged: [],
      removed: removed.map(ref),
      notFound: ids.filter((id) => !gone.has(id)),
    };
  });
}

interface Planned {
  papers: Paper[];
  added: PaperRef[];
  updated: PaperRef[];
  unchanged: PaperRef[];
  removed: PaperRef[];
  notFound?: string[];
}

type Lists = Pick<Extract<CollectionOutcome, { ok: true }>, 'added' | 'updated' | 'unchanged' | 'removed' | 'notFound' | 'invalid'>;

async function change(
  ctx: CollectionContext,
  action: 'add' | 'remove',
  known: { notFound: string[]; invalid: string[] },
  plan: (existing: Paper[]) => Planned,
): Promise<CollectionOutcome> {
  const { settings, log, editor } = ctx;
  let result: { lists: Lists; papers: number; written: boolean } | 'would-empty';
  const before = ctx.library.current;
  try {
    result = await withCorpusLock(
      settings.file,
      async () => {
        const existing = await readCorpus(settings.file);
        const p = plan(existing);
        const lists: Lists = {
          added: p.added,
          updated: p.updated,
          unchanged: p.unchanged,
          removed: p.removed,
          notFound: [...known.notFound, ...(p.notFound ?? [])],
          invalid: known.invalid,
        };
        if (p.papers.length === 0 && existing.length > 0) return 'would-empty' as const;
        const written = p.added.length + p.updated.length + p.removed.length > 0;
        if (written) {
          await writeCorpus(settings.file, p.papers);
          // Still under the lock, so replicas are told of the versions in the order they were written.
          await ctx.library.announce?.(settings.file);
        }
        return { lists, papers: p.papers.length, written };
      },
      { what: `citebot /${action} (${editor.platform} user ${editor.userId})`, ...lockTimeout(settings) },
    );
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    const problem = err instanceof CorpusLockedError ? 'busy' : 'write';
    log.error(`collection change failed: ${detail}`, { ...who(editor), action });
    return { ok: false, problem, detail };
  }
  if (result === 'would-empty') return { ok: false, problem: 'would-empty' };
  const { lists } = result;
  if (result.written) {
    log.info(`collection changed by ${editor.platform} user ${editor.userId}`, {
      ...who(editor),
      action,
      ...(lists.added.length ? { added: lists.added.map((r) => r.id) } : {}),
      ...(lists.updated.length ? { updated: lists.updated.map((r) => r.id) } : {}),
      ...(lists.removed.length ? { removed: lists.removed.map((r) => r.id) } : {}),
      papers: result.papers,
      file: displayPath(settings.file),
    });
  }
  return done(ctx, lists, result.written ? { papers: result.papers, before } : undefined);
}

async function done(
  ctx: CollectionContext,
  lists: Lists,
  written: { papers: number; before: Library } | undefined,
): Promise<CollectionOutcome> {
  if (!written) return { ok: true, ...lists, papers: ctx.library.current.size, reload: 'none' };
  const reflected = (lib: Library) =>
    lib !== written.before && lists.added.every((r) => lib.get(r.id)) && lists.removed.every((r) => !lib.get(r.id));
  const reload = await waitFor(ctx.library, reflected, ctx.settings.reloadTimeoutMs ?? RELOAD_TIMEOUT_MS);
  return { ok: true, ...lists, papers: written.papers, reload: reload ? 'done' : 'pending' };
}

/** Resolves true once the library (now or after a swap) passes `test`, false after `timeoutMs` or without `onSwap`. */
function waitFor(library: ReloadingLibrary, test: (lib: Library) => boolean, timeoutMs: number): Promise<boolean> {
  if (test(library.current)) return Promise.resolve(true);
  const onSwap = library.onSwap?.bind(library);
  if (!onSwap || timeoutMs <= 0) return Promise.resolve(false);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    const unsubscribe = onSwap((lib) => {
      if (test(lib)) finish(true);
    });
    function finish(ok: boolean) {
      clearTimeout(timer);
      unsubscribe();
      resolvePromise(ok);
    }
  });
}

/** Longest list of papers a reply names in full; the rest are counted. */
const MAX_LISTED = 10;

/**
 * The reply to `/add` or `/remove`, as plain text (each platform escapes it): what was added, updated, left
 * unchanged, removed or not found, then whether the bot answers from the new collection yet.
 */
export function describeOutcome(outcome: CollectionOutcome, action: 'add' | 'remove'): string {
  if (!outcome.ok) {
    if (outcome.problem === 'usage') return action === 'add' ? COLLECTION.addUsage : COLLECTION.removeUsage;
    if (outcome.problem === 'would-empty') return COLLECTION.wouldEmpty;
    if (outcome.problem === 'arxiv') return COLLECTION.arxivFailed;
    return outcome.problem === 'busy' ? COLLECTION.busy : COLLECTION.writeFailed;
  }
  const lines: string[] = [];
  const list = (heading: string, refs: readonly PaperRef[]) => {
    if (refs.length === 0) return;
    lines.push(heading, ...refs.slice(0, MAX_LISTED).map((r) => COLLECTION.paper(r.id, r.title)));
    if (refs.length > MAX_LISTED) lines.push(`… and ${refs.length - MAX_LISTED} more`);
  };
  list(COLLECTION.added(outcome.added.length), outcome.added);
  list(COLLECTION.updated(outcome.updated.length), outcome.updated);
  list(COLLECTION.unchanged(outcome.unchanged.length), outcome.unchanged);
  list(COLLECTION.removed(outcome.removed.length), outcome.removed);
  if (outcome.notFound.length > 0)
    lines.push((action === 'add' ? COLLECTION.notOnArxiv : COLLECTION.notInCollection)(outcome.notFound.join(', ')));
  if (outcome.invalid.length > 0) lines.push(COLLECTION.invalid(outcome.invalid.join(', ')));
  lines.push(
    outcome.reload === 'done'
      ? COLLECTION.reloaded(outcome.papers)
      : outcome.reload === 'pending'
        ? COLLECTION.reloading(outcome.papers)
        : COLLECTION.nothingWritten,
  );
  return lines.join('\n');
}

function ref(p: Paper): PaperRef {
  return { id: p.id, title: p.title };
}

function who(editor: Editor) {
  return { platform: editor.platform, workspace: editor.workspace, user: editor.userId };
}

function lockTimeout(settings: CollectionSettings): { timeoutMs?: number } {
  return settings.lockTimeoutMs !== undefined ? { timeoutMs: settings.lockTimeoutMs } : {};
}
