import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';

/**
 * The request a piece of work belongs to, so every log line about one question carries the same `reqId`. The HTTP
 * server opens one per request (taking a load balancer's `X-Request-Id`); `Gate.admit` claims it for the question,
 * or opens a fresh one where no request is open (the Discord gateway) or the open one was claimed already.
 */
interface RequestContext {
  id: string;
  claimed: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A request id as nginx's `$request_id` or our own looks: 1–64 letters, digits, `.`, `_` or `-`. */
const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A new request id: 16 hex characters. */
export function newRequestId(): string {
  return randomBytes(8).toString('hex');
}

/** Run `fn` as one request: `id` when it is a valid request id (a proxy's `X-Request-Id`), else a new one. */
export function runInRequest<T>(id: string | undefined, fn: () => T): T {
  return storage.run({ id: id && VALID_ID.test(id) ? id : newRequestId(), claimed: false }, fn);
}

/** The id of the request being served here, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.id;
}

/**
 * The id of the question being admitted now: the open request's, the first time it is claimed; otherwise a new one,
 * which becomes the current request for the rest of this call chain (its awaits and the work it queues).
 */
export function claimRequestId(): string {
  const open = storage.getStore();
  if (open && !open.claimed) {
    open.claimed = true;
    return open.id;
  }
  const fresh = { id: newRequestId(), claimed: true };
  storage.enterWith(fresh);
  return fresh.id;
}
