import type { SourcedPaper } from '../merge.js';
import { normalizeArxivId } from '../normalize.js';
import { parseArxivAtom } from './arxiv-atom.js';
import type { Rejection, SourceParse } from './types.js';

/** The public arXiv API endpoint. */
export const ARXIV_API_URL = 'https://export.arxiv.org/api/query';

/** Stable codes for arXiv API failures. */
export type ArxivApiErrorCode = 'ARXIV_UNREACHABLE' | 'ARXIV_HTTP_ERROR' | 'ARXIV_BAD_RESPONSE';

/** The arXiv API could not be reached or did not answer usefully, after retries. */
export class ArxivApiError extends Error {
  override name = 'ArxivApiError';
  constructor(
    readonly code: ArxivApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** How to fetch from the arXiv API. Everything but `baseUrl` and `fetch` has a polite default. */
export interface ArxivFetchOptions {
  /** The API's query endpoint, e.g. `https://export.arxiv.org/api/query` (the adapter reads ARXIV_API_URL). */
  baseUrl: string;
  /** The fetch function (`globalThis.fetch` in production, anything fetch-shaped in tests). */
  fetch: typeof fetch;
  /** Ids per request. Default 50. */
  batchSize?: number;
  /** Retries of a request that failed with 429, 5xx or a network error. Default 4. */
  retries?: number;
  /** Delay before retry `attempt` (1-based), in ms, unless the server sent Retry-After. Default 3 s doubling: 3, 6, 12, 24 s. */
  backoffMs?: (attempt: number) => number;
  /** Pause between batches, in ms (arXiv asks for 3 s between calls). Default 3000. */
  pauseMs?: number;
  /** Waits; injectable so tests need not. Default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Per-request timeout in ms. Default 30000. */
  timeoutMs?: number;
  /** Told about each retry, for a progress line. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Told after each batch. */
  onBatch?: (done: number, total: number) => void;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
// Errors that mean "no network here" or "no such host": retrying will not help.
const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);
const USER_AGENT = 'citebot-ingest/0.1 (paper metadata for a question-answering bot)';

/**
 * Fetch papers from the arXiv API by id (`2402.02750`, `arXiv:2402.02750v2` or an abs URL), politely: ids in
 * batches (`id_list=a,b,c&max_results=n`), a pause between batches, retries with exponential backoff (honouring
 * Retry-After) on 429, 5xx and network errors. Ids that are malformed or that arXiv does not return are
 * rejected. Throws `ArxivApiError` when the API stays unreachable or keeps failing; nothing is returned then.
 */
export async function fetchArxivPapers(ids: readonly string[], options: ArxivFetchOptions): Promise<SourceParse> {
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const papers: SourcedPaper[] = [];
  const rejected: Rejection[] = [];
  const wanted: string[] = [];
  for (const raw of ids) {
    const id = normalizeArxivId(raw);
    if (!id)
      rejected.push({ where: `arXiv id ${JSON.stringify(raw)}`, reason: 'not an arXiv id (expected e.g. 2402.02750 or hep-th/9711200)' });
    else if (!wanted.includes(id)) wanted.push(id);
  }
  const batches: string[][] = [];
  for (let i = 0; i < wanted.length; i += batchSize) batches.push(wanted.slice(i, i + batchSize));
  for (const [b, batch] of batches.entries()) {
    if (b > 0) await sleep(options.pauseMs ?? 3000);
    const url = queryUrl(options.baseUrl, batch);
    const xml = await getWithRetry(url, options, sleep);
    const feed = parseArxivAtom(xml, `arXiv API (${batch.length === 1 ? batch[0] : `${batch[0]} and ${batch.length - 1} more`})`);
    if (feed.papers.length === 0 && feed.rejected.length === 1 && /not well-formed|not an Atom feed/.test(feed.rejected[0]!.reason)) {
      throw new ArxivApiError('ARXIV_BAD_RESPONSE', `${options.baseUrl} did not answer with an Atom feed: ${feed.rejected[0]!.reason}`);
    }
    for (const p of feed.papers) papers.push({ paper: p.paper, where: `arXiv API: ${p.paper.id}` });
    for (const r of feed.rejected) rejected.push(r);
    const returned = new Set(feed.ids);
    for (const id of batch) {
      if (!returned.has(id)) rejected.push({ where: `arXiv API: ${id}`, reason: 'not returned by the arXiv API (no such paper?)' });
    }
    options.onBatch?.(b + 1, batches.length);
  }
  return { format: 'arxiv-atom', papers, metadataOnly: [], rejected };
}

/** The query URL for a batch of ids: `base?id_list=a,b&max_results=2` (commas kept literal, as arXiv documents). */
export function queryUrl(baseUrl: string, ids: readonly string[]): string {
  const sep = baseUrl.includes('?') ? '&' : '?';
  return `${baseUrl}${sep}id_list=${ids.map(encodeURIComponent).join(',')}&max_results=${ids.length}`;
}

async function getWithRetry(url: string, options: ArxivFetchOptions, sleep: (ms: number) => Promise<void>): Promise<string> {
  const retries = options.retries ?? 4;
  const backoff = options.backoffMs ?? ((attempt: number) => 3000 * 2 ** (attempt - 1));
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let retryAfterMs: number | undefined;
    try {
      const res = await options.fetch(url, {
        headers: { 'user-agent': USER_AGENT, accept: 'application/atom+xml' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      if (res.ok) return await res.text();
      await res.body?.cancel().catch(() => {});
      reason = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
      if (!RETRYABLE_STATUS.has(res.status))
        throw new ArxivApiError('ARXIV_HTTP_ERROR', `the arXiv API at ${options.baseUrl} answered ${reason}`);
      const after = Number(res.headers.get('retry-after'));
      if (Number.isFinite(after) && after > 0) retryAfterMs = Math.min(after, 120) * 1000;
      if (attempt > retries)
        throw new ArxivApiError(
          'ARXIV_HTTP_ERROR',
          `the arXiv API at ${options.baseUrl} answered ${reason} ${attempt} times; try again later`,
        );
    } catch (err) {
      if (err instanceof ArxivApiError) throw err;
      const code = networkCode(err);
      reason = code ?? (err as Error).message;
      const unreachable = `cannot reach the arXiv API at ${options.baseUrl} (${reason})`;
      if (code && OFFLINE_CODES.has(code))
        throw new ArxivApiError('ARXIV_UNREACHABLE', `${unreachable}: are you offline? (ARXIV_API_URL sets another endpoint)`);
      if (attempt > retries)
        throw new ArxivApiError(
          'ARXIV_UNREACHABLE',
          `${unreachable} after ${attempt} attempts: are you offline? (ARXIV_API_URL sets another endpoint)`,
        );
    }
    const delayMs = retryAfterMs ?? backoff(attempt);
    options.onRetry?.({ attempt, delayMs, reason });
    await sleep(delayMs);
  }
}

// undici reports "fetch failed" with the system error (ECONNREFUSED, ENOTFOUND...) as its cause.
function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(?:E[A-Z_]+|UND_ERR_[A-Z_]+)$/.test(code)) return code;
    if ((e as Error).name === 'TimeoutError') return 'timed out';
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}
