import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../../adapters/shared/http-server.js';
import { createLogger } from '../../../adapters/shared/log.js';
import { EVENTS_PATH, eventsRoute, MAX_SLACK_BODY_BYTES } from '../../../adapters/slack/http.js';

// Issue 18, failure 3: with a valid timestamp and a garbage signature, Bolt read up to 4 MB of body before
// checking; 600 such requests took RSS from 160 MB to 2.07 GB. Idle connections were not capped (19,000
// held) and a stalled body stayed open until Node's 300 s request timeout.

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1_800_000_000;

let server: HttpServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

/** The events route on a real server, with a stand-in for Bolt's listener that records what reached it. */
async function start(limits: Parameters<typeof createHttpServer>[0]['limits'] = {}) {
  const reached: string[] = [];
  const logs: string[] = [];
  const bolt = (req: IncomingMessage, res: ServerResponse) => {
    reached.push(String((req as IncomingMessage & { rawBody?: Buffer }).rawBody));
    res.writeHead(200);
    res.end();
  };
  server = createHttpServer({ log: createLogger({ write: (l) => logs.push(l) }), limits });
  server.mount(
    'POST',
    EVENTS_PATH,
    eventsRoute(bolt, createLogger({ write: (l) => logs.push(l) }), { signingSecret: SECRET, now: () => NOW }),
  );
  const port = await server.listen(0, '127.0.0.1');
  return { port, reached, logs };
}

const sign = (ts: number, body: string) => `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;

/** Open a raw connection and send `head` (request line and headers); resolves with what the server answers first. */
function rawRequest(port: number, head: string, body = ''): Promise<{ socket: Socket; reply: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.on('error', () => {}); // the server may close it mid-write: that is the point
      socket.write(head + body);
      const reply = new Promise<string>((r) => {
        let text = '';
        socket.on('data', (d) => {
          text += d.toString();
          if (text.includes('\r\n\r\n')) r(text);
        });
        socket.on('close', () => r(text));
      });
      resolve({ socket, reply });
    });
    sockets.push(socket);
  });
}

const head = (headers: Record<string, string | number>) =>
  `POST ${EVENTS_PATH} HTTP/1.1\r\nHost: x\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('hostile requests to POST /slack/events', () => {
  it('a signed request still reaches Bolt with its body', async () => {
    const { port, reached } = await start();
    const body = 'command=%2Fask&text=kivi';
    const res = await fetch(`http://127.0.0.1:${port}${EVENTS_PATH}`, {
      method: 'POST',
      headers: {
        'x-slack-request-timestamp': String(NOW),
        'x-slack-signature': sign(NOW, body),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(reached).toEqual([body]);
  });

  it('a garbage signature is refused with 401 before any of the body is sent, so nothing is buffered', async () => {
    const { port, reached } = await start();
    // 4 MB declared, none of it sent: the answer must come anyway.
    const { reply } = await rawRequest(
      port,
      head({ 'x-slack-request-timestamp': NOW, 'x-slack-signature': 'v0=garbage', 'content-length': 4 << 20 }),
    );
    expect(await reply).toMatch(/^HTTP\/1\.1 401/);
    expect(reached).toEqual([]);
  });

  it('600 concurrent requests with garbage signatures and 4 MB bodies are all refused without reading them', async () => {
    const { port, reached } = await start();
    const before = process.memoryUsage().rss;
    const requests = await Promise.all(
      Array.from({ length: 600 }, () =>
        rawRequest(port, head({ 'x-slack-request-timestamp': NOW, 'x-slack-signature': 'v0=not-a-signature', 'content-length': 4 << 20 })),
      ),
    );
    const answers = await Promise.all(requests.map((r) => r.reply));
    expect(answers.every((a) => /^HTTP\/1\.1 401/.test(a))).toBe(true);
    expect(reached).toEqual([]);
    // The bodies would be 2.4 GB; nothing near that was held.
    expect(process.memoryUsage().rss - before).toBeLessThan(200 << 20);
  });

  it('a well-shaped signature with a declared body over the limit is refused with 413 before it is read', async () => {
    const { port } = await start();
    const { reply } = await rawRequest(
      port,
      head({ 'x-slack-request-timestamp': NOW, 'x-slack-signature': `v0=${'0'.repeat(64)}`, 'content-length': 4 << 20 }),
    );
    expect(await reply).toMatch(/^HTTP\/1\.1 413/);
  });

  it('a body over the limit is refused with 413 once the limit is passed, and a stale or future timestamp with 401', async () => {
    const { port, reached } = await start();
    const big = 'x'.repeat(MAX_SLACK_BODY_BYTES + 1);
    // No content-length (chunked): the limit is enforced while reading.
    const res = await fetch(`http://127.0.0.1:${port}${EVENTS_PATH}`, {
      method: 'POST',
      headers: { 'x-slack-request-timestamp': String(NOW), 'x-slack-signature': sign(NOW, big) },
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    for (const ts of [NOW - 301, NOW + 301]) {
      const r = await fetch(`http://127.0.0.1:${port}${EVENTS_PATH}`, {
        method: 'POST',
        headers: { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(ts, 'a=1') },
        body: 'a=1',
      });
      expect(r.status).toBe(401);
    }
    expect(reached).toEqual([]);
  });

  it('a stalled body is closed after the request timeout, not after 300 s', async () => {
    const { port } = await start({ requestTimeoutMs: 300, headersTimeoutMs: 300 });
    const t0 = performance.now();
    const { reply } = await rawRequest(
      port,
      head({ 'x-slack-request-timestamp': NOW, 'x-slack-signature': `v0=${'1'.repeat(64)}`, 'content-length': 1000 }),
      'only-part-of-it',
    );
    const answer = await reply;
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('connections past the cap are closed at once, and the refusals are logged without flooding the log', async () => {
    const { port, logs } = await start({ maxConnections: 20 });
    const held = await Promise.all(Array.from({ length: 20 }, () => rawRequest(port, '')));
    expect(held).toHaveLength(20);
    const extra = await Promise.all(Array.from({ length: 30 }, () => rawRequest(port, '')));
    const closed = await Promise.all(extra.map(({ socket }) => new Promise<boolean>((r) => socket.on('close', () => r(true)))));
    expect(closed.every(Boolean)).toBe(true);
    expect(logs.filter((l) => l.includes('refused a connection'))).toHaveLength(1);
  });
});
