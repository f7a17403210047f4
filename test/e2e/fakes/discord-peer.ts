/**
 * A fake Discord on 127.0.0.1: the REST API (`/api/v10/...`) and the gateway (WebSocket, plain JSON) on one
 * HTTP server, enough for the real discord.js Client to log in, receive interactions and answer them.
 * Every REST request is recorded so tests can assert what the bot sent. See
 * /work/shared/notes/platform-fakes.md for the protocol facts this follows.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A REST request the bot made. `path` is relative to `/api/v10`, e.g. `/interactions/1/tok/callback`. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it is not JSON, or undefined when empty. */
  body: any;
}

/** A canned response for `intercept`. */
export interface FakeResponse {
  status: number;
  body?: unknown;
}

/** Options for `startFakeDiscord`. */
export interface FakeDiscordOptions {
  /** The one bot token the fake accepts (REST `Authorization: Bot …` and gateway IDENTIFY). */
  token: string;
  applicationId?: string;
  /** Answer every authenticated REST request with 401, like Discord does for a revoked token. */
  rejectAllTokens?: boolean;
}

/** A user that clicks and types in the tests. */
export interface FakeUser {
  id: string;
  username: string;
}

/** The running fake. */
export interface FakeDiscord {
  /** Give this to discord.js as `rest.api` (no trailing slash, no version). */
  apiUrl: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  requests: RecordedRequest[];
  /** Commands registered by bulk overwrite, per scope: `global` or a guild id. */
  registered: Map<string, any[]>;
  /** Answer matching requests yourself; return undefined to fall through. Returns a remover. */
  intercept(handler: (req: RecordedRequest) => FakeResponse | undefined): () => void;
  /** The first request (already made or still to come) matching `match`; rejects after `timeoutMs` listing what arrived. */
  waitForRequest(match: (req: RecordedRequest) => boolean, label: string, timeoutMs?: number): Promise<RecordedRequest>;
  /** Send an INTERACTION_CREATE to every identified gateway session. Returns its id and token. */
  dispatchInteraction(payload: Record<string, unknown> & { id: string; token: string }): { id: string; token: string };
  /** Build interaction payloads with this fake's application, guild and channel. */
  slashCommand(
    name: string,
    options?: { name: string; type: number; value: unknown; focused?: boolean }[],
    user?: FakeUser,
  ): InteractionPayload;
  autocomplete(
    name: string,
    options: { name: string; type: number; value: unknown; focused?: boolean }[],
    user?: FakeUser,
  ): InteractionPayload;
  buttonClick(customId: string, message: Record<string, unknown>, user?: FakeUser): InteractionPayload;
  /** A choice in a string select menu (component type 3) on a message. */
  selectChoice(customId: string, values: string[], message: Record<string, unknown>, user?: FakeUser): InteractionPayload;
  /**
   * A submitted modal (interaction type 5): each field a Label (18) around a text input (4) with its value, and the
   * message whose button opened it, when there is one.
   */
  modalSubmit(customId: string, fields: Record<string, string>, message?: Record<string, unknown>, user?: FakeUser): InteractionPayload;
  /** The message object the fake returned for a webhook edit or a callback's data: usable as a button's `message`. */
  messageFrom(data: Record<string, any>, id?: string): Record<string, unknown>;
  /** Gateway sessions that have sent a valid IDENTIFY and are open. */
  readonly sessions: number;
  /** IDENTIFY attempts received (valid or not). */
  readonly identifies: number;
  /** Close every identified session with a gateway close code (4004 token revoked, 4014 disallowed intents…). */
  closeSessions(code: number, reason?: string): void;
  /** Answer each IDENTIFY by closing with this code (4014…) instead of READY; undefined restores READY. */
  refuseIdentify(code: number | undefined): void;
  /** Revoke the token: every authenticated REST request gets 401 and IDENTIFY is closed with 4004 (true), or restore it. */
  revokeToken(revoked: boolean): void;
  /** Resolves once exactly `count` sessions are open (closing sockets are noticed a moment after the client lets go). */
  sessionsBecome(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** An interaction payload and the ids a test needs to find what the bot sent for it. */
export type InteractionPayload = Record<string, unknown> & { id: string; token: string };

/** Option types of application commands. */
export const OptionType = { String: 3, Boolean: 5 } as const;

/** The default user of the tests. */
export const ALICE: FakeUser = { id: '111111111111111111', username: 'alice' };

/** Start the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeDiscord(options: FakeDiscordOptions): Promise<FakeDiscord> {
  const applicationId = options.applicationId ?? '900000000000000001';
  const guildId = '900000000000000002';
  const channelId = '900000000000000003';
  const requests: RecordedRequest[] = [];
  const registered = new Map<string, any[]>();
  const interceptors: ((req: RecordedRequest) => FakeResponse | undefined)[] = [];
  const waiters = new Set<{ match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void }>();
  const sessions = new Set<WebSocket>();
  const sessionWatchers = new Set<() => void>();
  const sessionsChanged = () => {
    for (const w of sessionWatchers) w();
  };
  let seq = 1;
  let identifies = 0;
  let identifyCloseCode: number | undefined;
  let revoked = options.rejectAllTokens ?? false;
  let nextId = 1_200_000_000_000_000_000n;
  const snowflake = () => String(nextId++);

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { message: String(err), code: 0 }));
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => onGateway(ws)));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;

  function send(res: ServerResponse, status: number, body?: unknown): void {
    if (body === undefined) {
      res.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
  }

  function messageFrom(data: Record<string, any>, id = snowflake()): Record<string, unknown> {
    return {
      id,
      channel_id: channelId,
      guild_id: guildId,
      author: { id: applicationId, username: 'citebot', discriminator: '0000', global_name: null, avatar: null, bot: true },
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: '2024-01-01T00:00:00.000Z',
      edited_timestamp: null,
      flags: data.flags ?? 0,
      type: 0,
      webhook_id: applicationId,
      application_id: applicationId,
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, query: url.searchParams, headers: req.headers, body };
    requests.push(recorded);
    for (const w of waiters) {
      if (w.match(recorded)) {
        waiters.delete(w);
        w.resolve(recorded);
      }
    }
    for (const intercept of interceptors) {
      const canned = intercept(recorded);
      if (canned) return send(res, canned.status, canned.body);
    }
    if (!url.pathname.startsWith('/api/v10/')) return send(res, 404, { message: '404: Not Found', code: 0 });

    // Interaction callbacks and webhooks are authorized by the interaction token in the path.
    const m = (re: RegExp) => re.exec(path);
    let match = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/);
    if (match && recorded.method === 'POST') {
      if (url.searchParams.get('with_response') === 'true') {
        return send(res, 200, {
          interaction: { id: match[1], type: 2 },
          resource: { type: body?.type, message: messageFrom(body?.data ?? {}) },
        });
      }
      return send(res, 204);
    }
    match = m(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/);
    if (match) {
      if (recorded.method === 'DELETE') return send(res, 204);
      return send(res, 200, messageFrom(body ?? {}));
    }

    if (req.headers.authorization !== `Bot ${options.token}` || revoked) return send(res, 401, { message: '401: Unauthorized', code: 0 });
    if (path === '/gateway/bot') {
      return send(res, 200, {
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (path === '/applications/@me')
      return send(res, 200, { id: applicationId, name: 'citebot', bot_public: false, bot_require_code_grant: false, flags: 0 });
    match = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/);
    if (match) {
      if (match[1] !== applicationId) return send(res, 404, { message: 'Unknown Application', code: 10002 });
      const scope = match[2] ?? 'global';
      if (recorded.method === 'PUT') {
        const saved = (body as any[]).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: applicationId,
          version: snowflake(),
          ...(match![2] ? { guild_id: match![2] } : {}),
        }));
        registered.set(scope, saved);
        return send(res, 200, saved);
      }
      if (recorded.method === 'GET') return send(res, 200, registered.get(scope) ?? []);
    }
    return send(res, 404, { message: '404: Not Found', code: 0 });
  }

  function onGateway(ws: WebSocket): void {
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number; d: any };
      if (packet.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        identifies++;
        if (packet.d?.token !== options.token || revoked) {
          ws.close(4004, 'Authentication failed.');
          return;
        }
        if (identifyCloseCode !== undefined) {
          ws.close(identifyCloseCode, 'Refused.');
          return;
        }
        sessions.add(ws);
        sessionsChanged();
        ws.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: seq++,
            d: {
              v: 10,
              user: { id: applicationId, username: 'citebot', discriminator: '0000', global_name: null, avatar: null, bot: true },
              guilds: [],
              session_id: `session-${seq}`,
              resume_gateway_url: `ws://127.0.0.1:${port}`,
              application: { id: applicationId, flags: 0 },
            },
          }),
        );
      }
    });
    ws.on('close', () => {
      sessions.delete(ws);
      sessionsChanged();
    });
  }

  function interaction(
    type: number,
    data: Record<string, unknown>,
    user: FakeUser,
    extra: Record<string, unknown> = {},
  ): InteractionPayload {
    const permissions = '2248473465835073';
    return {
      id: snowflake(),
      application_id: applicationId,
      type,
      token: `interaction-token-${snowflake()}`,
      version: 1,
      guild_id: guildId,
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: guildId, name: 'papers' },
      member: {
        user: { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null },
        roles: [],
        joined_at: '2024-01-01T00:00:00.000Z',
        permissions,
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: permissions,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      data,
      ...extra,
    };
  }

  const commandIds = new Map<string, string>();
  const commandId = (name: string) => {
    if (!commandIds.has(name)) commandIds.set(name, snowflake());
    return commandIds.get(name)!;
  };

  return {
    apiUrl: `${base}/api`,
    applicationId,
    guildId,
    channelId,
    requests,
    registered,
    get sessions() {
      return sessions.size;
    },
    get identifies() {
      return identifies;
    },
    closeSessions(code, reason = 'Closed by the test.') {
      for (const ws of sessions) ws.close(code, reason);
    },
    refuseIdentify(code) {
      identifyCloseCode = code;
    },
    revokeToken(value) {
      revoked = value;
    },
    sessionsBecome(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (sessions.size !== count) return;
          sessionWatchers.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          sessionWatchers.delete(check);
          reject(new Error(`fake Discord: expected ${count} gateway sessions, have ${sessions.size}`));
        }, timeoutMs);
        sessionWatchers.add(check);
        check();
      });
    },
    intercept(handler) {
      interceptors.push(handler);
      return () => {
        const i = interceptors.indexOf(handler);
        if (i >= 0) interceptors.splice(i, 1);
      };
    },
    waitForRequest(match, label, timeoutMs = 5000) {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          match,
          resolve: (r: RecordedRequest) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`fake Discord: no ${label} request; saw:\n${requests.map((r) => `  ${r.method} ${r.path}`).join('\n')}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    dispatchInteraction(payload) {
      if (sessions.size === 0) throw new Error('fake Discord: no identified gateway session to dispatch to');
      const frame = JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: seq++, d: payload });
      for (const ws of sessions) ws.send(frame);
      return { id: payload.id, token: payload.token };
    },
    slashCommand(name, opts = [], user = ALICE) {
      return interaction(2, { id: commandId(name), name, type: 1, options: opts }, user);
    },
    autocomplete(name, opts, user = ALICE) {
      return interaction(4, { id: commandId(name), name, type: 1, options: opts }, user);
    },
    buttonClick(customId, message, user = ALICE) {
      return interaction(3, { custom_id: customId, component_type: 2 }, user, { message });
    },
    selectChoice(customId, values, message, user = ALICE) {
      return interaction(3, { custom_id: customId, component_type: 3, values }, user, { message });
    },
    modalSubmit(customId, fields, message, user = ALICE) {
      const components = Object.entries(fields).map(([id, value], i) => ({
        type: 18,
        id: 2 * i + 1,
        component: { type: 4, id: 2 * i + 2, custom_id: id, value },
      }));
      return interaction(5, { custom_id: customId, components }, user, message ? { message } : {});
    },
    messageFrom,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Predicates for the requests the bot makes while answering one interaction. */
export const answered = {
  /** The interaction callback (defer, reply, update, autocomplete result). */
  callback: (i: { id: string; token: string }) => (r: RecordedRequest) =>
    r.method === 'POST' && r.path === `/interactions/${i.id}/${i.token}/callback`,
  /** The edit of the original (deferred) response. */
  edit: (i: { token: string }) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${i.token}/messages/@original`),
  /** A follow-up message. */
  followUp: (i: { token: string }) => (r: RecordedRequest) =>
    r.method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(r.path) && r.path.endsWith(`/${i.token}`),
  /** Deleting the original response. */
  deleteOriginal: (i: { token: string }) => (r: RecordedRequest) =>
    r.method === 'DELETE' && r.path.endsWith(`/${i.token}/messages/@original`),
};
