import type { Logger } from '../../shared/log.js';
import { BUSY, PROBLEMS } from '../../shared/messages.js';
import { QueueFullError } from '../../shared/work-queue.js';

/** Who and where, for log lines (ids only: never tokens, never message text). */
export type RequestContext = Record<string, string | undefined>;

/**
 * Run one interaction's work, catching any failure once: it is logged with context and the user gets a
 * short private message, so the app keeps serving. A failure to tell the user is logged too, never thrown.
 */
export async function guard(
  ctx: RequestContext,
  log: Logger,
  tellUser: (error: unknown) => Promise<unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof QueueFullError) log.warn('Slack request refused: the answer queue is full', ctx);
    else log.error('Slack request failed', { ...ctx, error: err });
    try {
      await tellUser(err);
    } catch (tellErr) {
      log.warn('could not tell the user about a failure', { ...ctx, error: tellErr });
    }
  }
}

/** The Slack API error code of a failed Web API call (`not_in_channel`…), if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const data = (err as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** What to tell a user whose request failed: the queue was full (try later), or something went wrong (logged). */
export function failureText(error: unknown): string {
  return error instanceof QueueFullError ? BUSY.full : PROBLEMS.error;
}
