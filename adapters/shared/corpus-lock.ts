import { open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';

/** How long a second writer waits for the corpus lock before giving up, by default. */
export const CORPUS_LOCK_TIMEOUT_MS = 120_000;
/** First wait between tries for a held lock; doubles up to `MAX_RETRY_MS`. */
const FIRST_RETRY_MS = 25;
const MAX_RETRY_MS = 500;

/** Who holds a corpus lock, as written in the lock file. */
export interface LockOwner {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  since: string;
  /** What holds it, e.g. `npm run ingest`. */
  what: string;
}

/** The corpus stayed locked by another writer for longer than the caller would wait. */
export class CorpusLockedError extends Error {
  override name = 'CorpusLockedError';
  readonly code = 'CORPUS_LOCKED';
  constructor(
    readonly lockFile: string,
    readonly owner: LockOwner | undefined,
    waitedMs: number,
  ) {
    const who = owner ? `${owner.what} (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : 'another writer';
    super(
      `${lockFile} is held by ${who}; waited ${Math.round(waitedMs / 1000)} s. Try again when it is done, or delete the lock file if that process is gone.`,
    );
  }
}

/** Options for `withCorpusLock`. */
export interface CorpusLockOptions {
  /** What takes the lock, for the lock file and the other writer's message. Default `citebot`. */
  what?: string;
  /** Longest wait for a lock another writer holds, in ms. Default `CORPUS_LOCK_TIMEOUT_MS` (2 minutes). */
  timeoutMs?: number;
  /** Told once when the lock is held by someone else and this call starts waiting. */
  onWait?: (owner: LockOwner | undefined) => void;
}

/** The lock file of a corpus file: `<file>.lock` beside it. */
export function lockFileFor(corpusFile: string): string {
  return `${corpusFile}.lock`;
}

/**
 * Run `fn` holding the corpus's exclusive lock, so a read-merge-write never interleaves with another writer's:
 * the second writer waits, then reads what the first wrote. The lock is a file created exclusively (`O_EXCL`)
 * beside the corpus, holding its owner; a lock left by a process that died on this host is taken over. Rejects
 * with `CorpusLockedError` after `timeoutMs`.
 */
export async function withCorpusLock<T>(corpusFile: string, fn: () => Promise<T>, options: CorpusLockOptions = {}): Promise<T> {
  const lockFile = lockFileFor(corpusFile);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), what: options.what ?? 'citebot' };
  const timeoutMs = options.timeoutMs ?? CORPUS_LOCK_TIMEOUT_MS;
  const started = performance.now();
  let delay = FIRST_RETRY_MS;
  let told = false;
  for (;;) {
    try {
      const fh = await open(lockFile, 'wx');
      try {
        await fh.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await fh.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readOwner(lockFile);
    if (holder && isDeadHere(holder)) {
      // Its process is gone: the lock protects nothing. Removing it races only with other takers, and O_EXCL
      // lets exactly one of them win the next try.
      await rm(lockFile, { force: true });
      continue;
    }
    const waited = performance.now() - started;
    if (waited >= timeoutMs) throw new CorpusLockedError(lockFile, holder, waited);
    if (!told) {
      told = true;
      options.onWait?.(holder);
    }
    await new Promise((r) => setTimeout(r, Math.min(delay, timeoutMs - waited)));
    delay = Math.min(delay * 2, MAX_RETRY_MS);
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function readOwner(lockFile: string): Promise<LockOwner | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockFile, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '?'), what: String(parsed.what ?? 'citebot') };
    }
  } catch {
    // Gone already, or being written this instant: treat as held, and look again on the next try.
  }
  return undefined;
}

/** True when the owner ran on this host and its process no longer exists. */
function isDeadHere(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
