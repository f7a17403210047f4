import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './log.js';
import { runInRequest } from './request-context.js';

/** Handles one request to a mounted route. May answer asynchronously; a throw or rejection answers 500. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Where platforms mount their routes (`POST /slack/events`, `POST /discord/interactions`; main.ts mounts `/healthz`, `/metrics`). */
export interface HttpRoutes {
  /** Serve `method path` (exact path, query string ignored; GET also answers HEAD). Mounting a route twice throws. */
  mount(method: 'GET' | 'POST', path: string, handler: RouteHandler): void;
  /** The mounted routes, as "METHOD /path", in mounting order. */
  routes(): string[];
}

/** The one HTTP server of a running bot, owned by the composition root. */
export interface HttpServer extends HttpRoutes {
  readonly server: Server;
  /** Listen and resolve with the bound port (0 picks a free one). */
  listen(port: number, host?: string): Promise<number>;
  /** Stop accepting connections, let requests in progress finish (closing each connection once idle), and resolve when
   * every connection is closed. */
  close(): Promise<void>;
}

/** Options for `createHttpServer`. */
export interface HttpServerOptions {
  log: Logger;
  /**
   * Told of every new connection and every request (on a kept-alive connection too): the work queue's
   * `noteArrival`, so a burst is accepted before answering takes the CPU again (see `WorkQueue`).
   */
  onArrival?: () => void;
  /** Overrides of `HTTP_LIMITS` (tests use small ones). */
  limits?: Partial<HttpLimits>;
}

/**
 * Pending connections the kernel queues for us (capped by net.core.somaxconn). Node's default, 511, overflows
 * when a burst of slash commands arrives while the loop is busy: the dropped connections retry after 1 s, then
 * 3 s, and miss Slack's 3-second ack (seen with 1,000 concurrent /ask: 415 acks late).
 */
export const LISTEN_BACKLOG = 4096;

/**
 * What one client may hold of the server. Chat platforms send small requests and answer within seconds, so the
 * limits are tight: without them 19,000 idle connections were held open, and a stalled body stayed open until
 * Node's 300 s request timeout.
 */
export const HTTP_LIMITS: HttpLimits = {
  /** Open connections at most; past it, new ones are closed at once (a 1,000-command burst fits). */
  maxConnections: 2048,
  /** A client must send its request headers within this many ms. */
  headersTimeoutMs: 10_000,
  /** …and its whole request (headers and body) within this many ms; Slack wants an ack within 3 s anyway. */
  requestTimeoutMs: 15_000,
  /** An idle kept-alive connection is closed after this many ms. */
  keepAliveTimeoutMs: 5_000,
};

/** See `HTTP_LIMITS`. */
export interface HttpLimits {
  maxConnections: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}

/** An HTTP server that serves the mounted routes and answers 404 to everything else. */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const { log } = options;
  const limits = { ...HTTP_LIMITS, ...options.limits };
  const arrival = options.onArrival ?? (() => {});
  const handlers = new Map<string, RouteHandler>();
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node looks for requests past their timeouts (default 30 s, which let a stalled body live that long).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs / 2, limits.requestTimeoutMs / 2),
    },
    (req, res) => {
      arrival(); // a request on a kept-alive connection
      // One request context per request (a proxy's X-Request-Id kept), so its log lines share a reqId.
      const header = req.headers['x-request-id'];
      runInRequest(typeof header === 'string' ? header : undefined, () => serve(req, res));
    },
  );
  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const handler = handlers.get(`${method} ${path}`);
    if (!handler) {
      req.resume();
      return empty(res, 404);
    }
    const failed = (error: unknown) => {
      log.error('HTTP route failed', { method, path, error });
      empty(res, 500);
    };
    try {
      const done = handler(req, res);
      if (done) done.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
  server.maxConnections = limits.maxConnections;
  let refused = 0;
  server.on('drop', () => {
    // One line per hundred refused connections: a flood must not flood the log too.
    if (refused++ % 100 === 0) log.warn(`refused a connection: ${limits.maxConnections} are open (${refused} refused so far)`);
  });
  // A burst of new connections gets accepted before answering takes the CPU again.
  server.on('connection', () => arrival());
  return {
    server,
    mount(method, path, handler) {
      const key = `${method} ${path}`;
      if (handlers.has(key)) throw new Error(`${key} is already mounted`);
      handlers.set(key, handler);
    },
    routes: () => [...handlers.keys()],
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
          server.off('error', reject);
          const addr = server.address();
          resolve(typeof addr === 'object' && addr ? addr.port : port);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        // Requests in progress finish; their kept-alive connections are closed as soon as they fall idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/** Answer with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Answer with a status and no body (unless headers were already sent). */
export function empty(res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status);
  res.end();
}

/** The request's body, or why it could not be had: over `max` bytes, or the client went away. */
export function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: Buffer | 'too large' | 'aborted') => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        done('too large');
      } else chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks, size));
    const onAbort = () => done('aborted');
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
}
