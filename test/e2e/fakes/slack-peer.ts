/**
 * A loopback stand-in for Slack, for driving the real Bolt app over HTTP: request signing helpers, a fake
 * Web API (`/api/<method>`) and a `response_url` sink (`/response/<id>`), on one server on 127.0.0.1.
 * Socket Mode too: `apps.connections.open` hands out a WebSocket URL on the same server, which says hello
 * and delivers envelopes. Reusable by load benchmarks: `signSlashCommand` builds a signed `/slack/events` request.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/** Unix seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Slack's request signature headers for a raw body: `v0=` HMAC-SHA256 of `v0:<ts>:<body>`. */
export function signatureHeaders(signingSecret: string, rawBody: string, timestamp: number = nowSeconds()): Record<string, string> {
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': `v0=${signature}` };
}

/** A request ready to POST to `/slack/events`. */
export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** The fields of a slash command; defaults fill in everything but the command, text and response URL. */
export interface SlashCommandFields {
  command: string;
  text: string;
  response_url: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  team_domain?: string;
  trigger_id?: string;
  api_app_id?: string;
}

/** The form body Slack sends for a slash command. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: 'C0001',
    channel_name: 'papers',
    user_id: 'U0001',
    user_name: 'ada',
    trigger_id: '1.2.abc',
    api_app_id: 'A0001',
    ...fields,
  }).toString();
}

/** A signed slash command (form-encoded), as Slack sends it. */
export function signSlashCommand(signingSecret: string, fields: SlashCommandFields, timestamp?: number): SignedRequest {
  const body = slashCommandBody(fields);
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(signingSecret, body, timestamp) } };
}

/** A signed Events API request (JSON): an `event_callback` envelope or `url_verification`. */
export function signEvent(signingSecret: string, envelope: Record<string, unknown>, timestamp?: number): SignedRequest {
  const body = JSON.stringify(envelope);
  return { body, headers: { 'content-type': 'application/json', ...signatureHeaders(signingSecret, body, timestamp) } };
}

/** A signed interactivity request (a `block_actions` payload, form-encoded as `payload=<json>`). */
export function signAction(signingSecret: string, payload: Record<string, unknown>, timestamp?: number): SignedRequest {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders(signingSecret, body, timestamp) } };
}

/** An `event_callback` envelope around one event. */
export function eventEnvelope(event: Record<string, unknown>, eventId: string): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSeconds(),
    authorizations: [{ enterprise_id: null, team_id: 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

/** A `block_actions` payload for a button click on a message (`elementType` `feedback_buttons` for Slack's 👍/👎). */
export function buttonClick(options: {
  actionId: string;
  value: string;
  responseUrl: string;
  channel?: string;
  userId?: string;
  username?: string;
  elementType?: 'button' | 'feedback_buttons';
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'example' },
    user: { id: options.userId ?? 'U0001', username: options.username ?? 'ada', name: options.username ?? 'ada', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: options.channel ?? 'C0001', is_ephemeral: true },
    trigger_id: '1.2.abc',
    channel: { id: options.channel ?? 'C0001', name: 'papers' },
    response_url: options.responseUrl,
    actions: [
      {
        type: options.elementType ?? 'button',
        action_id: options.actionId,
        block_id: 'b',
        text: { type: 'plain_text', text: 'x' },
        value: options.value,
        action_ts: '1700000001.000200',
      },
    ],
  };
}

/** POST a signed request to the app; resolves with the status and body text. */
export async function postSigned(url: string, request: SignedRequest): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { method: 'POST', headers: request.headers, body: request.body });
  return { status: res.status, body: await res.text() };
}

/** One call the app made to the fake Web API. */
export interface ApiCall {
  method: string;
  /** Arguments, with JSON-valued form fields (`blocks`…) parsed. */
  args: Record<string, unknown>;
  authorization: string | undefined;
}

/** One message the app POSTed to a response URL. */
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
}

/** A message in a conversation as the fake keeps it: posted by the app (`chat.postMessage`) or added by a test. */
export interface StoredMessage {
  channel: string;
  ts: string;
  /** The thread it is in (its parent's ts); absent for a message outside threads. */
  thread_ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  blocks?: unknown;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

/** What the fake Web API answers for a method: a JSON body (HTTP 200). */
export type ApiResponder = (call: ApiCall) => Record<string, unknown>;

/** The running fake. */
export interface SlackPeer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Web API base for `SLACK_API_URL` / `slackApiUrl`: `http://127.0.0.1:<port>/api/` */
  apiUrl: string;
  /** A fresh response URL on the sink. */
  responseUrl(id: string): string;
  calls: ApiCall[];
  responses: ResponsePost[];
  /** Every POST to a response URL, answered or refused, with its status and when it arrived (performance.now()). */
  responseAttempts: { id: string; status: number; at: number }[];
  /** Answer the next posts to a response URL id with these statuses (and Retry-After), in order, before the usual 200. */
  failResponses(id: string, answers: { status: number; retryAfter?: string }[]): void;
  /** Resolves with the `n`-th (1-based) call of a method, waiting for it if needed. */
  call(method: string, n?: number): Promise<ApiCall>;
  /** Resolves with the `n`-th (1-based) message POSTed to a response URL id, waiting for it if needed. */
  response(id: string, n?: number): Promise<ResponsePost>;
  /** Socket Mode: resolves once an app has connected and been sent `hello`. */
  socketConnected(): Promise<void>;
  /** Socket Mode: deliver an envelope (`{ envelope_id, type, payload, accepts_response_payload }`). */
  socketSend(envelope: Record<string, unknown>): void;
  /** Socket Mode: resolves with the acknowledgement the app sent for an envelope id. */
  socketAck(envelopeId: string): Promise<Record<string, unknown>>;
  /** Messages of every conversation, oldest first: what `conversations.replies` reads threads from. */
  messages: StoredMessage[];
  /** Add a message someone else wrote (a user's mention, say), as Slack would have stored it. */
  addMessage(message: StoredMessage): void;
  /** Answer a method differently (e.g. `{ ok: false, error: 'not_in_channel' }`); `undefined` restores the default. */
  setResponder(method: string, responder: ApiResponder | undefined): void;
  close(): Promise<void>;
}

/** Options for the fake. */
export interface SlackPeerOptions {
  /** The bot token the Web API accepts; other tokens get `invalid_auth`. */
  botToken: string;
  botUserId?: string;
  botId?: string;
  /** The app-level token `apps.connections.open` accepts (Socket Mode). */
  appToken?: string;
}

/** Start the fake Slack on 127.0.0.1 (a free port). */
export async function startSlackPeer(options: SlackPeerOptions): Promise<SlackPeer> {
  const calls: ApiCall[] = [];
  const responses: ResponsePost[] = [];
  const responseAttempts: SlackPeer['responseAttempts'] = [];
  const scripted = new Map<string, { status: number; retryAfter?: string }[]>();
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  const until = <T>(find: () => T | undefined): Promise<T> =>
    new Promise((resolve) => {
      const check = () => {
        const found = find();
        if (found === undefined) return;
        waiters.delete(check);
        resolve(found);
      };
      waiters.add(check);
      check();
    });

  const responders = new Map<string, ApiResponder>();
  const messages: StoredMessage[] = [];
  let port = 0;
  let ts = 1_700_000_000;
  const defaults: Record<string, ApiResponder> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://example.slack.com/',
      team: 'Example',
      user: 'citebot',
      team_id: 'T0001',
      user_id: options.botUserId ?? 'UBOT',
      bot_id: options.botId ?? 'BBOT',
    }),
    'chat.postMessage': (c) => {
      const posted: StoredMessage = {
        channel: String(c.args.channel),
        ts: `${++ts}.000100`,
        ...(c.args.thread_ts ? { thread_ts: String(c.args.thread_ts) } : {}),
        text: c.args.text as string,
        bot_id: options.botId ?? 'BBOT',
        blocks: c.args.blocks,
        ...(c.args.metadata ? { metadata: c.args.metadata as StoredMessage['metadata'] } : {}),
      };
      messages.push(posted);
      return {
        ok: true,
        channel: c.args.channel,
        ts: posted.ts,
        message: { type: 'message', text: c.args.text, bot_id: posted.bot_id, ts: posted.ts },
      };
    },
    // A thread: its parent and replies, oldest first; metadata only when asked for (include_all_metadata), as Slack does.
    'conversations.replies': (c) => {
      const parent = String(c.args.ts);
      const withMetadata = c.args.include_all_metadata === true || c.args.include_all_metadata === 'true';
      const thread = messages
        .filter((m) => m.channel === c.args.channel && (m.ts === parent || m.thread_ts === parent))
        .sort((a, b) => Number(a.ts) - Number(b.ts))
        .map(({ channel: _channel, metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
      if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
      return { ok: true, messages: thread, has_more: false };
    },
    'chat.postEphemeral': () => ({ ok: true, message_ts: `${++ts}.000100` }),
    'apps.connections.open': () => ({ ok: true, url: `ws://127.0.0.1:${port}/socket` }),
  };

  const sockets = new Set<WebSocket>();
  const acks: Record<string, unknown>[] = [];
  const wss = new WebSocketServer({ noServer: true });
  wss.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      acks.push(JSON.parse(String(data)) as Record<string, unknown>);
      notify();
    });
    socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' }, debug_info: { host: 'fake' } }));
    notify();
  });

  const server: Server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && path.startsWith('/response/')) {
      const id = decodeURIComponent(path.slice('/response/'.length));
      const failure = scripted.get(id)?.shift();
      responseAttempts.push({ id, status: failure?.status ?? 200, at: performance.now() });
      if (failure) {
        res.writeHead(failure.status, failure.retryAfter ? { 'retry-after': failure.retryAfter } : {}).end('failed');
        return notify();
      }
      responses.push({ id, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {} });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return notify();
    }
    if (path.startsWith('/api/')) {
      const call: ApiCall = { method: path.slice('/api/'.length), args: parseArgs(req, raw), authorization: req.headers.authorization };
      calls.push(call);
      const token = call.authorization?.replace(/^Bearer /, '') ?? (call.args.token as string | undefined);
      const expected = call.method === 'apps.connections.open' ? options.appToken : options.botToken;
      // oauth.v2.access is authenticated by the client id and secret in its arguments, not by a token.
      const open = call.method === 'oauth.v2.access';
      const answer =
        !open && (!expected || token !== expected)
          ? { ok: false, error: 'invalid_auth' }
          : (responders.get(call.method) ?? defaults[call.method] ?? (() => ({ ok: true })))(call);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      return notify();
    }
    res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/socket') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    apiUrl: `${url}/api/`,
    responseUrl: (id) => `${url}/response/${encodeURIComponent(id)}`,
    calls,
    responses,
    responseAttempts,
    failResponses: (id, answers) => void scripted.set(id, [...answers]),
    call: (method, n = 1) => until(() => calls.filter((c) => c.method === method)[n - 1]),
    response: (id, n = 1) => until(() => responses.filter((r) => r.id === id)[n - 1]),
    messages,
    addMessage: (message) => {
      messages.push(message);
    },
    socketConnected: () => until(() => (sockets.size > 0 ? true : undefined)).then(() => undefined),
    socketSend: (envelope) => {
      for (const socket of sockets) socket.send(JSON.stringify(envelope));
    },
    socketAck: (envelopeId) => until(() => acks.find((a) => a.envelope_id === envelopeId)),
    setResponder: (method, responder) => {
      if (responder) responders.set(method, responder);
      else responders.delete(method);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if (!raw) return {};
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    args[k] = /^[[{]/.test(v) ? tryJson(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return args;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
