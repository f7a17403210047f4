import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  ARXIV_API_URL,
  ArxivApiError,
  CitebotError,
  type FactsSource,
  hashFile,
  type MergeChange,
  type MergeResult,
  mergePapers,
  type Paper,
  type Rejection,
  readSource,
  type SourcedMetadata,
  type SourcedPaper,
  type SourceFormat,
  serializeCorpus,
  serializePaper,
  sniffFormat,
} from '../../src/index.js';
import {
  CorpusWriteError,
  displayPath,
  explainFsError,
  fetchFromArxiv,
  isFsError,
  parseArxivList,
  readCorpus,
  writeCorpus,
} from '../shared/collection.js';
import { DEFAULT_CORPUS } from '../shared/corpus.js';
import { CorpusLockedError, withCorpusLock } from '../shared/corpus-lock.js';
import { ConfigError, type Env, parseEnv } from '../shared/env.js';
import { StoreEnvSchema } from '../shared/store/config.js';
import { announceCorpusVersion } from '../shared/store/corpus-version.js';

export const INGEST_USAGE = `Usage: npm run ingest -- [options] FILE...
       npm run ingest -- [options] --arxiv ID...
       npm run ingest -- [options] --arxiv-file IDS.txt

Reads papers and merges them into the corpus (default data/papers.jsonl). A paper already there (same arXiv
id, DOI or normalised title) is updated, not duplicated; nothing else in the corpus is touched. Each input's
format is detected from its content and extension (.gz compressed too):
  papers page      title / blank line / abstract blocks (.txt); a facts table (--facts, or a .tsv input) adds
                   arXiv ids, authors and years, else each paper gets a title slug as its id
  JSON Lines/JSON  records in the corpus schema (.jsonl, .json); a title and an abstract suffice, extra
                   fields are ignored
  arXiv Atom feed  what the arXiv API's query?id_list=... returns (.xml)
  BibTeX           a Zotero, Better BibTeX or Mendeley export (.bib)
A record without an abstract updates the metadata of the paper it matches and keeps its abstract; one that
matches no paper is rejected (a new paper needs its abstract).

Options:
  --arxiv          the arguments are arXiv ids (2402.02750, arXiv:2402.02750v2, abs URLs): fetch them from
                   the arXiv API (ARXIV_API_URL, default ${ARXIV_API_URL})
  --arxiv-file F   fetch the arXiv ids listed in F, one per line (# starts a comment); may repeat
  --facts FILE     facts table (columns title, arxiv_id, first_author, year, code_url) for papers pages
  --page FILE      read FILE as a papers page (may repeat)
  --format NAME    parse every FILE as NAME: papers-page, jsonl, json-array, arxiv-atom or bibtex
  --out FILE       the corpus to merge into (.jsonl or .jsonl.gz; default data/papers.jsonl)
  --replace        write only the ingested papers (how data/papers.jsonl is built: npm run corpus:seed)
  --dry-run        show what would change; write nothing
  --strict         write nothing, and exit 1, if any record is rejected
  --lock-timeout S while another run changes the corpus, wait at most S seconds for it (default 120)
  -h, --help       show this help

Exit status: 0 when every valid record was written (or, with --dry-run, would be), rejected records being
listed on stderr; 1 with --strict when any record was rejected (nothing written), or when the run failed
(an unreadable input, arXiv unreachable, the corpus not writable: nothing written); 2 for bad usage.`;

/** Where the CLI writes, reads its environment, and fetches from (injectable for tests). */
export interface IngestIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  env: Env;
  fetch: typeof fetch;
  /** Waits between arXiv retries and batches. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Files smaller than this get no progress display. Default 8 MB. */
  progressMinBytes?: number;
  /** Writes a file atomically (default `writeFileAtomic`); tests make it fail as a full disk does. */
  writeFile?: (file: string, data: string | Uint8Array) => Promise<void>;
}

const FORMATS = ['papers-page', 'jsonl', 'json-array', 'arxiv-atom', 'bibtex'] as const;
/** At most this many changes of each kind are listed by --dry-run. */
const MAX_LISTED_CHANGES = 25;

class UsageError extends Error {}

/** Run `ingest` with these arguments; resolves to the exit status. */
export async function runIngest(argv: string[], io: IngestIo): Promise<number> {
  let args: IngestArgs;
  try {
    args = parseIngestArgs(argv);
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${INGEST_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(`${INGEST_USAGE}\n`);
    return 0;
  }
  try {
    return await ingest(args, io);
  } catch (err) {
    const known =
      err instanceof CitebotError ||
      err instanceof ArxivApiError ||
      err instanceof ConfigError ||
      err instanceof UsageError ||
      err instanceof CorpusLockedError ||
      err instanceof CorpusWriteError;
    // A file-system failure (a full disk, a read-only corpus directory, the lock file) is one line naming the file.
    const message = known
      ? (err as Error).message
      : isFsError(err)
        ? explainFsError(
            err,
            err.path ?? 'a file',
            err.syscall === 'open' && err.path?.endsWith('.lock') ? 'take the corpus lock' : 'write',
          )
        : String((err as Error)?.stack ?? err);
    io.stderr.write(`ingest failed, nothing written: ${message}\n`);
    return 1;
  }
}

interface IngestArgs {
  inputs: string[];
  pages: string[];
  facts: string | undefined;
  format: SourceFormat | undefined;
  arxiv: boolean;
  arxivFiles: string[];
  out: string;
  replace: boolean;
  dryRun: boolean;
  strict: boolean;
  /** Longest wait for another writer's corpus lock (--lock-timeout, seconds). */
  lockTimeoutMs: number | undefined;
  help: boolean;
}

function parseIngestArgs(argv: string[]): IngestArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      arxiv: { type: 'boolean', default: false },
      'arxiv-file': { type: 'string', multiple: true },
      facts: { type: 'string' },
      page: { type: 'string', multiple: true },
      format: { type: 'string' },
      out: { type: 'string' },
      replace: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      'lock-timeout': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format)) {
    throw new Error(`--format must be one of ${FORMATS.join(', ')}; got "${values.format}"`);
  }
  const lockTimeout = values['lock-timeout'];
  if (lockTimeout !== undefined && !/^\d+(?:\.\d+)?$/.test(lockTimeout))
    throw new Error(`--lock-timeout must be a number of seconds, got "${lockTimeout}"`);
  const pages = values.page ?? [];
  const arxivFiles = values['arxiv-file'] ?? [];
  if (!values.help && positionals.length === 0 && pages.length === 0 && arxivFiles.length === 0)
    throw new Error(values.arxiv ? 'Give at least one arXiv id.' : 'Give at least one file to ingest.');
  if ((values.arxiv || arxivFiles.length > 0) && pages.length > 0) throw new Error('--arxiv takes arXiv ids, not --page files.');
  if (arxivFiles.length > 0 && positionals.length > 0 && !values.arxiv)
    throw new Error('--arxiv-file fetches from arXiv: give other ids with --arxiv, and files to read in another run.');
  return {
    inputs: positionals,
    pages,
    facts: values.facts,
    format: values.format as SourceFormat | undefined,
    arxiv: values.arxiv ?? false,
    arxivFiles,
    out: values.out ?? DEFAULT_CORPUS,
    replace: values.replace ?? false,
    dryRun: values['dry-run'] ?? false,
    strict: values.strict ?? false,
    lockTimeoutMs: lockTimeout === undefined ? undefined : Number(lockTimeout) * 1000,
    help: values.help ?? false,
  };
}

async function ingest(args: IngestArgs, io: IngestIo): Promise<number> {
  const show = (file: string) => displayPath(file);
  const incoming: SourcedPaper[] = [];
  const metadataOnly: SourcedMetadata[] = [];
  const rejected: Rejection[] = [];

  if (args.arxiv || args.arxivFiles.length > 0) {
    const env = parseEnv('ingest', z.object({ ARXIV_API_URL: z.url({ protocol: /^https?$/ }).optional() }), io.env);
    const ids = args.arxiv ? [...args.inputs] : [];
    for (const file of args.arxivFiles) {
      const list = parseArxivList(await readText(file), show(file));
      for (const id of list.ids) ids.push(id);
      for (const r of list.rejected) rejected.push(r);
    }
    const fetched = await fetchFromArxiv(
      ids,
      { file: args.out, arxivApiUrl: env.ARXIV_API_URL ?? ARXIV_API_URL, fetch: io.fetch, ...(io.sleep ? { sleep: io.sleep } : {}) },
      {
        onRetry: ({ attempt, delayMs, reason }) =>
          io.stderr.write(`arXiv API: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (retry ${attempt})\n`),
        onBatch: (done, total) => {
          if (total > 1) io.stderr.write(`arXiv API: batch ${done} of ${total} fetched\n`);
        },
      },
    );
    for (const p of fetched.papers) incoming.push(p);
    for (const r of fetched.rejected) rejected.push(r);
  } else {
    const sources: { file: string; format: SourceFormat }[] = [];
    for (const file of args.pages) sources.push({ file, format: 'papers-page' });
    for (const file of args.inputs) sources.push({ file, format: args.format ?? (await sniffFormat(file)) });
    const factsFiles = [...(args.facts ? [args.facts] : []), ...sources.filter((s) => s.format === 'facts-table').map((s) => s.file)];
    if (factsFiles.length > 1) throw new UsageError(`give one facts table, not ${factsFiles.length} (${factsFiles.map(show).join(', ')})`);
    const facts: FactsSource | undefined = factsFiles[0] ? { text: await readText(factsFiles[0]), file: factsFiles[0] } : undefined;
    if (facts && !sources.some((s) => s.format === 'papers-page'))
      throw new UsageError(`${facts.file} is a facts table: it completes a papers page, give one too`);
    for (const { file, format } of sources) {
      if (format === 'facts-table') continue;
      const progress = await createProgress(io.stderr, file, io.progressMinBytes ?? 8 * 1024 * 1024);
      const parsed = await readSource(file, { format, ...(facts ? { facts } : {}), onProgress: progress.update });
      progress.done();
      const parts = [count(parsed.papers.length, 'paper')];
      if (parsed.metadataOnly.length) parts.push(`${count(parsed.metadataOnly.length, 'record')} without abstract`);
      if (parsed.rejected.length) parts.push(`${count(parsed.rejected.length, 'record')} rejected`);
      io.stderr.write(`${show(file)}: ${format}, ${parts.join(', ')}\n`);
      // a loop, not push(...xs): spreading 136k records overflows the stack
      for (const p of parsed.papers) incoming.push(p);
      for (const m of parsed.metadataOnly) metadataOnly.push(m);
      for (const r of parsed.rejected) rejected.push(r);
    }
  }

  const run = async (): Promise<number> => {
    const existing = await loadExisting(args.out, args.replace);
    const merged = mergePapers(args.replace ? [] : existing, incoming, metadataOnly);
    const allRejected = [...rejected, ...merged.rejected];
    for (const r of allRejected) io.stderr.write(`rejected: ${r.where}: ${r.reason}\n`);
    const counts = args.replace ? replaceCounts(existing, merged, allRejected.length) : mergeCounts(merged, allRejected.length);
    const summary = `${show(args.out)}: ${counts}; ${count(merged.papers.length, 'paper')}`;
    const failStrict = args.strict && allRejected.length > 0;
    if (args.dryRun) {
      for (const line of describeChanges(merged.changes)) io.stdout.write(`${line}\n`);
      io.stdout.write(`(dry run, nothing written) ${summary}\n`);
      return failStrict ? 1 : 0;
    }
    if (failStrict) {
      io.stderr.write(`--strict: ${count(allRejected.length, 'record')} rejected, nothing written\n`);
      io.stdout.write(`(not written) ${summary}\n`);
      return 1;
    }
    // Not rewriting an identical corpus spares a running bot a reload.
    const changed = args.replace ? !(await sameContent(args.out, merged.papers)) : merged.added + merged.updated > 0;
    if (changed) {
      await writeCorpus(args.out, merged.papers, io.writeFile);
      await announce(args.out, io);
    }
    io.stdout.write(`${changed ? '' : '(no change, not rewritten) '}${summary}\n`);
    return 0;
  };
  if (args.dryRun) return run();
  // Read, merge and write under the corpus lock: a concurrent run waits, then merges into what this one wrote.
  return withCorpusLock(args.out, run, {
    what: 'npm run ingest',
    ...(args.lockTimeoutMs !== undefined ? { timeoutMs: args.lockTimeoutMs } : {}),
    onWait: (owner) =>
      io.stderr.write(
        `${displayPath(args.out)} is being changed by ${owner ? `${owner.what} (pid ${owner.pid})` : 'another writer'}; waiting for it to finish\n`,
      ),
  });
}

/**
 * With `DATABASE_URL`, record the written corpus's version and NOTIFY the replicas (README "Running several
 * replicas"). The corpus is written either way: a database that cannot be reached is one warning, not a failure.
 */
async function announce(file: string, io: IngestIo): Promise<void> {
  const { DATABASE_URL } = parseEnv('ingest', StoreEnvSchema.pick({ DATABASE_URL: true }), io.env);
  if (!DATABASE_URL) return;
  try {
    await announceCorpusVersion(DATABASE_URL, await hashFile(file));
  } catch (err) {
    io.stderr.write(
      `warning: ${(err as Error).message}; the corpus is written, and bots watching ${displayPath(file)} reload it, but replicas are not told through the database\n`,
    );
  }
}

const n = (x: number) => x.toLocaleString('en-US');

/** Counts of a merge, by record: what each incoming record did, and how many were rejected. */
function mergeCounts(merged: MergeResult, rejected: number): string {
  return `${n(merged.added)} added, ${n(merged.updated)} updated, ${n(merged.unchanged)} unchanged, ${n(rejected)} rejected`;
}

/** Counts of a --replace run, against the corpus it replaces: what a reader of the file sees change. */
function replaceCounts(before: readonly Paper[], merged: MergeResult, rejected: number): string {
  const old = new Map(before.map((p) => [p.id, p]));
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  const kept = new Set<string>();
  for (const p of merged.papers) {
    const was = old.get(p.id);
    if (!was) added++;
    else {
      kept.add(p.id);
      if (serializePaper(was) === serializePaper(p)) unchanged++;
      else updated++;
    }
  }
  const removed = before.length - kept.size;
  return `${n(added)} added, ${n(updated)} updated, ${n(unchanged)} unchanged, ${n(removed)} removed, ${n(rejected)} rejected`;
}

/** The corpus to merge into; with --replace, what it held (for the counts), or nothing when it cannot be read. */
async function loadExisting(out: string, replace: boolean): Promise<Paper[]> {
  try {
    return await readCorpus(out);
  } catch (err) {
    if (replace) return [];
    if (err instanceof CitebotError && err.code === 'CORPUS_INVALID') {
      throw new CitebotError(
        err.code,
        `cannot merge into ${err.message}\nFix those lines, or use --replace to overwrite the corpus.`,
        err.problems,
      );
    }
    throw err;
  }
}

async function sameContent(out: string, papers: readonly Paper[]): Promise<boolean> {
  if (out.endsWith('.gz')) return false;
  try {
    return (await readFile(out, 'utf8')) === serializeCorpus(papers);
  } catch {
    return false;
  }
}

function describeChanges(changes: readonly MergeChange[]): string[] {
  const lines: string[] = [];
  const listed = { added: 0, updated: 0 };
  const more = { added: 0, updated: 0 };
  for (const c of changes) {
    if (c.kind === 'unchanged') continue;
    if (listed[c.kind] >= MAX_LISTED_CHANGES) {
      more[c.kind]++;
      continue;
    }
    listed[c.kind]++;
    const title = c.paper.title.length > 70 ? `${c.paper.title.slice(0, 67)}...` : c.paper.title;
    if (c.kind === 'added') lines.push(`would add     ${c.paper.id}  ${title}  (${c.where})`);
    else
      lines.push(
        `would update  ${c.paper.id}  ${title}: ${c.fields.join(', ')} (same ${c.matchedBy === 'id' ? 'id' : c.matchedBy === 'doi' ? 'DOI' : 'title'}; ${c.where})`,
      );
  }
  if (more.added > 0) lines.push(`... and ${more.added} more to add`);
  if (more.updated > 0) lines.push(`... and ${more.updated} more to update`);
  return lines;
}

interface Progress {
  update: (done: number, total: number) => void;
  done: () => void;
}

/**
 * Progress for one large input: a redrawn bar on a terminal, a plain line every 10% otherwise.
 * Small files get none.
 */
async function createProgress(out: IngestIo['stderr'], file: string, minBytes: number): Promise<Progress> {
  let size = 0;
  try {
    size = (await stat(file)).size;
  } catch {
    // readSource reports the unreadable file
  }
  const none: Progress = { update: () => {}, done: () => {} };
  if (size < minBytes) return none;
  const name = displayPath(file);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  if (out.isTTY) {
    let last = 0;
    let drawn = false;
    return {
      update: (done, total) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        const frac = total > 0 ? Math.min(1, done / total) : 1;
        const width = Math.max(10, Math.min(40, (out.columns ?? 80) - name.length - 40));
        const fill = Math.round(frac * width);
        out.write(
          `\r${name} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${String(Math.floor(frac * 100)).padStart(3)}%  ${mb(done)}/${mb(total)} MB\x1b[K`,
        );
        drawn = true;
      },
      done: () => {
        if (drawn) out.write('\r\x1b[K');
      },
    };
  }
  let step = 0;
  return {
    update: (done, total) => {
      const pct = total > 0 ? Math.floor((done / total) * 10) * 10 : 100;
      if (pct > step && pct < 100) {
        step = pct;
        out.write(`${name}: ${pct}% read (${mb(done)} of ${mb(total)} MB)\n`);
      }
    },
    done: () => {},
  };
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new CitebotError('CORPUS_UNREADABLE', explainFsError(err, file, 'read'));
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runIngest(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, fetch: globalThis.fetch }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
      process.exitCode = 1;
    },
  );
}
