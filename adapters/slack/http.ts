import { createServer, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { answerQueue } from '../shared/work-queue.js';
import type { Logger } from '../shared/log.js';

/** Where Slack sends commands, events and interactions (one Request URL for all three). */
export const EVENTS_PATH = '/slack/events';
/** Health check: 200 while the app is serving. */
export const HEALTH_PATH = '/healthz';
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

/** What the server needs: Bolt's request listener (HTTP mode only) and the corpus size for `/healthz`. */
export interface SlackServerOptions {
  /** Bolt's `HTTPReceiver.requestListener`; without it (Socket Mode) only `/healthz` is served. */
  events?: RequestListener;
  /** Papers loaded; `/healthz` reports it. */
  papers: () => number;
  log: Logger;
  /** Clock in Unix seconds (tests may pin it). Default: the system clock. */
  now?: () => number;
}

/**
 * The HTTP server: `POST /slack/events` goes to Bolt after the timestamp check (Bolt then verifies the
 * signature), `GET /healthz` answers 200 with the paper count, anything else is 404.
 */
export function createSlackServer(options: SlackServerOptions): Server {
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const server = createServer((req, res) => {
    answerQueue.noteArrival(); // a request on a kept-alive connection
    const path = (req.url ?? '/').split('?')[0];
    if (path === HEALTH_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
      return json(res, 200, { status: 'ok', papers: options.papers() });
    }
    if (path === EVENTS_PATH && req.method === 'POST' && options.events) {
      const problem = timestampProblem(req.headers['x-slack-request-timestamp'], now());
      if (problem) {
        options.log.warn(`refused a Slack request: ${problem}`, { path, from: req.socket.remoteAddress });
        req.resume();
        return empty(res, 401);
      }
      try {
        return options.events(req, res);
      } catch (err) {
        options.log.error('Slack request listener failed', { path, error: err });
        return empty(res, 500);
      }
    }
    req.resume();
    return empty(res, 404);
  });
  // A burst of new connections gets accepted before answering takes the CPU again (see WorkQueue).
  server.on('connection', () => answerQueue.noteArrival());
  return server;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function empty(res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status);
  res.end();
}

/**
 * Pending connections the kernel queues for us (capped by net.core.somaxconn). Node's default, 511, overflows
 * when a burst of slash commands arrives while the loop is busy: the dropped connections retry after 1 s, then
 * 3 s, and miss Slack's 3-second ack (seen with 1,000 concurrent /ask: 415 acks late).
 */
const LISTEN_BACKLOG = 4096;

/** Listen and resolve with the bound port. */
export function listen(server: Server, port: number, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/** Stop accepting connections, drop idle keep-alive ones, and resolve when closed. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
