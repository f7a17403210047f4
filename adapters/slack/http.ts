import type { RequestListener } from 'node:http';
import { empty, type RouteHandler } from '../shared/http-server.js';
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
 * The `POST /slack/events` route: the timestamp check, then Bolt's request listener (which verifies the
 * signature and acks). A refused request gets 401 and reaches no handler.
 * @param now clock in Unix seconds (tests may pin it); default the system clock
 */
export function eventsRoute(events: RequestListener, log: Logger, now: () => number = () => Math.floor(Date.now() / 1000)): RouteHandler {
  return (req, res) => {
    const problem = timestampProblem(req.headers['x-slack-request-timestamp'], now());
    if (problem) {
      log.warn(`refused a Slack request: ${problem}`, { path: EVENTS_PATH, from: req.socket.remoteAddress });
      req.resume();
      return empty(res, 401);
    }
    return events(req, res);
  };
}
