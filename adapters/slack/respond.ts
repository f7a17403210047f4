import type { Logger } from '../shared/log.js';

/**
 * How a post to a `response_url` is retried. Slack accepts up to 5 posts per `response_url` within 30 minutes,
 * so `posts` bounds every post made to one URL, retries included (a command's answer and, if that fails, the
 * error notice share them). A 5xx, a 429 or a network failure is retried after `firstDelayMs`, doubling up to
 * `maxDelayMs`, or after the response's `Retry-After` when it says longer (at most `maxRetryAfterMs`); any other
 * status (404 for an expired URL…) is not. Before it, one 500 or 429 lost the answer (issue 18, failure 7).
 */
export interface ResponseUrlRetry {
  posts: number;
  firstDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  /** Each attempt gives up after this long. */
  timeoutMs: number;
}

/** The defaults of `ResponseUrlRetry`. */
export const RESPONSE_URL_RETRY: ResponseUrlRetry = {
  posts: 5,
  firstDelayMs: 1_000,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 10_000,
};

/** Posting to a `response_url` failed for good: `status` is the last HTTP status (undefined for a network failure). */
export class ResponseUrlError extends Error {
  override name = 'ResponseUrlError';
  readonly code = 'SLACK_RESPONSE_URL_FAILED';
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** Posts a message (Bolt's `respond` arguments) to one `response_url`, retrying as `ResponseUrlRetry` says. */
export type Respond = (message: Record<string, unknown>) => Promise<void>;

/** Options of `responders`. */
export interface RespondOptions {
  log: Logger;
  retry?: Partial<ResponseUrlRetry>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Makes the `Respond` of a request's `response_url`: `responders(options)(body.response_url)`. */
export function responders(options: RespondOptions): (responseUrl: string) => Respond {
  const policy = { ...RESPONSE_URL_RETRY, ...options.retry };
  const post = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { log } = options;
  return (responseUrl) => {
    let posts = 0;
    return async (message) => {
      const body = JSON.stringify(message);
      for (let attempt = 1; ; attempt++) {
        if (posts >= policy.posts)
          throw new ResponseUrlError(`no post left on this response_url (Slack allows ${policy.posts})`, undefined);
        posts++;
        let status: number | undefined;
        let retryAfterMs: number | undefined;
        let problem: string;
        try {
          const res = await post(responseUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(policy.timeoutMs),
          });
          await res.body?.cancel().catch(() => {});
          if (res.ok) return;
          status = res.status;
          retryAfterMs = retryAfter(res.headers.get('retry-after'));
          problem = `answered ${res.status}`;
          if (!(status >= 500 || status === 429)) throw new ResponseUrlError(`the response_url answered ${status} (not retried)`, status);
        } catch (err) {
          if (err instanceof ResponseUrlError) throw err;
          problem = `failed (${(err as Error).name}: ${(err as Error).message})`;
        }
        const backoff = Math.min(policy.firstDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
        const waitMs = Math.min(Math.max(backoff, retryAfterMs ?? 0), policy.maxRetryAfterMs);
        if (posts >= policy.posts) throw new ResponseUrlError(`the response_url ${problem}, ${posts} times; giving up`, status);
        // The URL is a credential for the reply: never logged.
        log.warn(`posting to a response_url ${problem}; retrying in ${Math.round(waitMs)} ms (post ${posts + 1} of ${policy.posts})`);
        await sleep(waitMs);
      }
    };
  };
}

/** `Retry-After` in ms: seconds, or an HTTP date. */
function retryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
