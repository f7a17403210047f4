import { readFile, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import {
  ARXIV_API_URL,
  ArxivApiError,
  CitebotError,
  type FactsSource,
  fetchArxivPapers,
  loadCorpusFile,
  type MergeChange,
  type MergeResult,
  mergePapers,
  type Paper,
  type Rejection,
  readSource,
  type SourcedPaper,
  type SourceFormat,
  serializeCorpus,
  sniffFormat,
  writeFileAtomic,
} from '../../src/index.js';
import { DEFAULT_CORPUS } from '../shared/corpus.js';
import { CorpusLockedError, withCorpusLock } from '../shared/corpus-lock.js';
import { ConfigError, type Env, parseEnv } from '../shared/env.js';

export const INGEST_USAGE = `Usage: npm run ingest -- [options] FILE...
       npm run ingest -- [options] --arxiv ID...

Reads papers and merges them into the corpus (default data/papers.jsonl). A paper already there (same arXiv
id, DOI or normalised title) is updated, not duplicated; nothing else in the corpus is touched. Each input's
format is detected from its content and extension (.gz compressed too):
  papers page      title / blank line / abstract blocks (.txt); needs a facts table (--facts, or a .tsv input)
  JSON Lines/JSON  records in the corpus schema (.jsonl, .json); extra fields are ignored
  arXiv Atom feed  what the arXiv API's query?id_list=... returns (.xml)
  BibTeX           a Zotero, Better BibTeX or Mendeley export with abstracts (.bib)

Options:
  --arxiv          the arguments are arXiv ids (2402.02750, arXiv:2402.02750v2, abs URLs): fetch them from
                   the arXiv API (ARXIV_API_URL, default ${ARXIV_API_URL})
  --facts FILE     facts table (columns title, arxiv_id, first_author, year, code_url) for papers pages
  --page FILE      read FILE as a papers page (may repeat)
  --format NAME    parse every FILE as NAME: papers-page, jsonl, json-array, arxiv-atom or bibtex
  --out FILE       the corpus to merge into (.jsonl or .jsonl.gz; default data/papers.jsonl)
  --replace        write only the ingested papers (how data/papers.jsonl is built: npm run corpus:seed)
  --dry-run        show what would change; write nothing
  --strict         write nothing if any record is rejected
  --lock-timeout S while another run changes the corpus, wait at most S seconds for it (default 120)
  -h, --help       show this help

Exit status: 0 when every record was ingested; 1 when some were rejected (the rest are written unless
--strict) or the run failed (then nothing is written); 2 for bad usage.`;

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
      err instanceof CorpusLockedError;
    io.stderr.write(`ingest failed, nothing written: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`);
    return 1;
  }
}

interface IngestArgs {
  inputs: string[];
  pages: string[];
  facts: string | undefined;
  format: SourceFormat | undefined;
  arxiv: boolean;
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
  if (!values.help && positionals.length === 0 && pages.length === 0)
    throw new Error(values.arxiv ? 'Give at least one arXiv id.' : 'Give at least one file to ingest.');
  if (values.arxiv && pages.length > 0) throw new Error('--arxiv takes arXiv ids, not --page files.');
  return {
    inputs: positionals,
    pages,
    facts: values.facts,
    format: values.format as SourceFormat | undefined,
    arxiv: values.arxiv ?? false,
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
  const rejected: Rejection[] = [];

  if (args.arxiv) {
    const env = parseEnv('ingest', z.object({ ARXIV_API_URL: z.url({ protocol: /^https?$/ }).optional() }), io.env);
    const baseUrl = env.ARXIV_API_URL ?? ARXIV_API_URL;
    const fetched = await fetchArxivPapers(args.inputs, {
      baseUrl,
      fetch: io.fetch,
      ...(io.sleep ? { sleep: io.sleep } : {}),
      onRetry: ({ attempt, delayMs, reason }) =>
        io.stderr.write(`arXiv API: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s (retry ${attempt})\n`),
      onBatch: (done, total) => {
        if (total > 1) io.stderr.write(`arXiv API: batch ${done} of ${total} fetched\n`);
      },
    });
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
      io.stderr.write(
        `${show(file)}: ${format}, ${count(parsed.papers.length, 'paper')}${parsed.rejected.length ? `, ${parsed.rejected.length} rejected` : ''}\n`,
      );
      // a loop, not push(...xs): spreading 136k records overflows the stack
      for (const p of parsed.papers) incoming.push(p);
      for (const r of parsed.rejected) rejected.push(r);
    }
  }

  for (const r of rejected) io.stderr.write(`rejected: ${r.where}: ${r.reason}\n`);

  if (args.dryRun) {
    const merged = mergePapers(args.replace ? [] : await loadExisting(args.out), incoming);
    for (const line of describeChanges(merged.changes)) io.stdout.write(`${line}\n`);
    io.stdout.write(`(dry run, nothing written) ${summaryOf(args, merged, rejected.length)}\n`);
    return rejected.length > 0 ? 1 : 0;
  }
  // Read, merge and write under the corpus lock: a concurrent run waits, then merges into what this one wrote.
  return withCorpusLock(
    args.out,
    async () => {
      const merged = mergePapers(args.replace ? [] : await loadExisting(args.out), incoming);
      const summary = summaryOf(args, merged, rejected.length);
      if (args.strict && rejected.length > 0) {
        io.stderr.write(`--strict: ${count(rejected.length, 'record')} rejected, nothing written\n`);
        io.stdout.write(`(not written) ${summary}\n`);
        return 1;
      }
      // Not rewriting an identical corpus spares a running bot a reload.
      const changed = args.replace ? !(await sameContent(args.out, merged.papers)) : merged.added + merged.updated > 0;
      if (changed) await writeCorpus(args.out, merged.papers);
      io.stdout.write(`${changed ? '' : '(no change, not rewritten) '}${summary}\n`);
      return rejected.length > 0 ? 1 : 0;
    },
    {
      what: 'npm run ingest',
      ...(args.lockTimeoutMs !== undefined ? { timeoutMs: args.lockTimeoutMs } : {}),
      onWait: (owner) =>
        io.stderr.write(
          `${displayPath(args.out)} is being changed by ${owner ? `${owner.what} (pid ${owner.pid})` : 'another writer'}; waiting for it to finish\n`,
        ),
    },
  );
}

function summaryOf(args: IngestArgs, merged: MergeResult, rejected: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return `${displayPath(args.out)}: ${n(merged.added)} added, ${n(merged.updated)} updated, ${n(merged.unchanged)} unchanged, ${n(rejected)} rejected; ${count(merged.papers.length, 'paper')}`;
}

async function loadExisting(out: string): Promise<Paper[]> {
  try {
    await stat(out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CitebotError(
      'CORPUS_UNREADABLE',
      `${displayPath(out)}: cannot read the corpus (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  try {
    return await loadCorpusFile(out);
  } catch (err) {
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

async function writeCorpus(out: string, papers: readonly Paper[]): Promise<void> {
  const text = serializeCorpus(papers);
  await writeFileAtomic(out, out.endsWith('.gz') ? gzipSync(text) : text);
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
    throw new CitebotError(
      'CORPUS_UNREADABLE',
      `${displayPath(file)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), resolve(file));
  return rel && !rel.startsWith('..') ? rel : file;
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
