import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { empty, type RouteHandler, readBody } from '../shared/http-server.js';
import type { Logger } from '../shared/log.js';

/** Where Slack sends commands, events and interactions (one Request URL for all three). */
export const EVENTS_PATH = '/slack/events';
/** Slack requests older or newer than this are refused (replay protection). */
export const MAX_REQUEST_SKEW_SECONDS = 5 * 60;

/**
 * Why a request's `X-Slack-Request-Timestamp` is unacceptable, or null when it is within five minutes of
 * now, in the past or the future. (Bolt only refuses old ones; a future timestamp would let a captured
 * request be replayed later.)
 */
export function timestampProblem(header: string | string[] | undefined, nowSeconds: number): string | null {
  if (typeof header !== 'string' || header === '') return 'missing timestamp';
  if (!/^\d{1,12}$/.test(header)) return 'malformed timestamp';
  const skew = Number(header) - nowSeconds;
  if (skew > MAX_REQUEST_SKEW_SECONDS) return 'timestamp in the future';
  if (-skew > MAX_REQUEST_SKEW_SECONDS) return 'stale timestamp';
  return null;
}

/**
 * Largest request body `POST /slack/events` reads, in bytes. Slack's payloads are small (a slash command is
 * under 1 KB; a button click carries its message, a few KB for citebot's answers); Bolt's own default is 10 MB,
 * which let 600 unsigned requests with garbage signatures hold 2 GB while their bodies were read.
 */
export const MAX_SLACK_BODY_BYTES = 256 * 1024;

/** A Slack signature as Slack sends it: the version, then a hex HMAC-SHA256. */
const SIGNATURE_SHAPE = /^v0=[0-9a-f]{64}$/;

/** Options of `eventsRoute`. */
export interface EventsRouteOptions {
  /** The app's Signing Secret: the signature is verified here, as soon as the body is in, before Bolt sees it. */
  signingSecret: string;
  /** Clock in Unix seconds (tests may pin it). Default: the system clock. */
  now?: () => number;
  /** Largest body read, in bytes. Default `MAX_SLACK_BODY_BYTES`. */
  maxBodyBytes?: number;
}

/**
 * The `POST /slack/events` route. Before a byte of the body is read: the timestamp (within five minutes, past or
 * future), the signature header's shape and the declared length; then the body, read up to `maxBodyBytes`; then
 * the HMAC over `v0:timestamp:body` with the Signing Secret. Only a request that passes all of them reaches
 * Bolt's request listener (given the body already read, which it checks again). A refused request gets 401
 * (413 for a body too large) and reaches no handler.
 */
export function eventsRoute(events: RequestListener, log: Logger, options: EventsRouteOptions): RouteHandler {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const maxBytes = options.maxBodyBytes ?? MAX_SLACK_BODY_BYTES;
  return async (req, res) => {
    const refuse = (status: 401 | 413, problem: string) => {
      log.warn(`refused a Slack request: ${problem}`, { path: EVENTS_PATH, from: req.socket.remoteAddress });
      // Closing the connection stops the sender from streaming the rest of a body nobody will read.
      res.setHeader('connection', 'close');
      empty(res, status);
      req.destroy();
    };
    const timestamp = req.headers['x-slack-request-timestamp'];
    const problem = timestampProblem(timestamp, now());
    if (problem) return refuse(401, problem);
    const signature = req.headers['x-slack-signature'];
    if (typeof signature !== 'string' || !SIGNATURE_SHAPE.test(signature)) return refuse(401, 'missing or malformed signature');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBytes) return refuse(413, `body of ${declared} bytes declared`);
    const body = await readBody(req, maxBytes);
    if (body === 'too large') return refuse(413, `body over ${maxBytes} bytes`);
    if (body === 'aborted') return;
    const expected = createHmac('sha256', options.signingSecret).update(`v0:${timestamp}:`).update(body).digest();
    const given = Buffer.from(signature.slice(3), 'hex');
    if (!timingSafeEqual(expected, given)) return refuse(401, 'bad signature');
    // Bolt throws (500) on an interaction without a user, before any listener: ack it and say so instead.
    const stray = userlessInteraction(req.headers['content-type'], body);
    if (stray) {
      log.warn(`ignored a Slack ${stray} without a user`, { path: EVENTS_PATH });
      return empty(res, 200);
    }
    // Bolt reads `rawBody` when it is there instead of the (already consumed) stream.
    (req as typeof req & { rawBody: Buffer }).rawBody = body;
    return events(req, res);
  };
}

/** Interactions Bolt reads `user.id` from before routing them (`block_actions`, shortcuts, view submissions…). */
const NEEDS_USER =
  /^(?:block_actions|block_suggestion|interactive_message|message_action|shortcut|view_submission|view_closed|dialog_submission)$/;

/** The type of a (signed) interaction payload that has no `user.id`, which Bolt cannot route; undefined otherwise. */
export function userlessInteraction(contentType: string | undefined, body: Buffer): string | undefined {
  if (!contentType?.startsWith('application/x-www-form-urlencoded') || !body.subarray(0, 8).equals(Buffer.from('payload=')))
    return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(new URLSearchParams(body.toString('utf8')).get('payload') ?? '');
  } catch {
    return undefined; // Bolt answers a malformed payload itself
  }
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { type, user } = payload as { type?: unknown; user?: { id?: unknown } };
  if (typeof type !== 'string' || !NEEDS_USER.test(type)) return undefined;
  return typeof user?.id === 'string' && user.id !== '' ? undefined : type;
}
