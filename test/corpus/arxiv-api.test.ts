import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { queryUrl } from '../../src/corpus/formats/arxiv-api.js';
import { ArxivApiError, fetchArxivPapers } from '../../src/index.js';

const RECORDED = readFileSync(fileURLToPath(new URL('../fixtures/ingest/arxiv-3-papers.xml', import.meta.url)), 'utf8');
const [HEAD, ...ENTRIES] = RECORDED.replace('</feed>\n', '').split(/(?= {2}<entry>)/);

/** The recorded response cut down to the requested ids, the way the API answers an id_list. */
function feedFor(ids: string[]): string {
  return `${HEAD}${ENTRIES.filter((e) => ids.some((id) => e.includes(`/abs/${id}v`))).join('')}</feed>\n`;
}

interface Served {
  base: string;
  requests: URL[];
  server: Server;
}

let servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  servers = [];
});

/** A loopback arXiv API: answers `statuses` in turn for the first requests, then the recorded feed. */
async function serve(statuses: { status: number; headers?: Record<string, string> }[] = []): Promise<Served> {
  const requests: URL[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const next = statuses.shift();
    if (next) {
      res.writeHead(next.status, next.headers ?? {}).end('busy');
      return;
    }
    const ids = (url.searchParams.get('id_list') ?? '').split(',');
    res.writeHead(200, { 'content-type': 'application/atom+xml; charset=utf-8' }).end(feedFor(ids));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`, requests, server };
}

/** Records the waits instead of waiting. */
function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('fetchArxivPapers against a loopback API', () => {
  it('asks for the ids in batches with max_results, pausing between batches', async () => {
    const api = await serve();
    const { waits, sleep } = fakeSleep();
    const r = await fetchArxivPapers(['2402.02750', 'arXiv:2310.08915v2', 'http://arxiv.org/abs/2310.15747v1'], {
      baseUrl: api.base,
      fetch,
      sleep,
      batchSize: 2,
    });
    expect(api.requests.map((u) => u.search)).toEqual([
      '?id_list=2402.02750,2310.08915&max_results=2',
      '?id_list=2310.15747&max_results=1',
    ]);
    expect(waits).toEqual([3000]);
    expect(r.papers.map((p) => [p.paper.id, p.where])).toEqual([
      ['2402.02750', 'arXiv API: 2402.02750'],
      ['2310.08915', 'arXiv API: 2310.08915'],
      ['2310.15747', 'arXiv API: 2310.15747'],
    ]);
    expect(r.rejected).toEqual([]);
  });

  it('retries a 503 after a backoff, then succeeds', async () => {
    const api = await serve([{ status: 503 }, { status: 503 }]);
    const { waits, sleep } = fakeSleep();
    const retries: string[] = [];
    const r = await fetchArxivPapers(['2402.02750'], { baseUrl: api.base, fetch, sleep, onRetry: (i) => retries.push(i.reason) });
    expect(r.papers).toHaveLength(1);
    expect(api.requests).toHaveLength(3);
    expect(waits).toEqual([3000, 6000]);
    expect(retries).toEqual(['HTTP 503 Service Unavailable', 'HTTP 503 Service Unavailable']);
  });

  it('honours Retry-After', async () => {
    const api = await serve([{ status: 429, headers: { 'retry-after': '7' } }]);
    const { waits, sleep } = fakeSleep();
    await fetchArxivPapers(['2402.02750'], { baseUrl: api.base, fetch, sleep });
    expect(waits).toEqual([7000]);
  });

  it('gives up with a clear error when the API keeps failing', async () => {
    const api = await serve([{ status: 503 }, { status: 503 }, { status: 503 }]);
    const { sleep } = fakeSleep();
    const err = await fetchArxivPapers(['2402.02750'], { baseUrl: api.base, fetch, sleep, retries: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArxivApiError);
    expect(err).toMatchObject({
      code: 'ARXIV_HTTP_ERROR',
      message: `the arXiv API at ${api.base} answered HTTP 503 Service Unavailable 3 times; try again later`,
    });
  });

  it('does not retry a 400', async () => {
    const api = await serve([{ status: 400 }]);
    const err = await fetchArxivPapers(['2402.02750'], { baseUrl: api.base, fetch, sleep: fakeSleep().sleep }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ARXIV_HTTP_ERROR' });
    expect(api.requests).toHaveLength(1);
  });

  it('rejects malformed ids without asking, and ids the API does not return', async () => {
    const api = await serve();
    const r = await fetchArxivPapers(['2402.0275', '2402.02750', '2412.99999'], { baseUrl: api.base, fetch, sleep: fakeSleep().sleep });
    expect(api.requests.map((u) => u.searchParams.get('id_list'))).toEqual(['2402.02750,2412.99999']);
    expect(r.papers.map((p) => p.paper.id)).toEqual(['2402.02750']);
    expect(r.rejected).toEqual([
      { where: 'arXiv id "2402.0275"', reason: 'not an arXiv id (expected e.g. 2402.02750 or hep-th/9711200)' },
      { where: 'arXiv API: 2412.99999', reason: 'not returned by the arXiv API (no such paper?)' },
    ]);
  });

  it('says the API is unreachable when nothing listens, after retrying', async () => {
    const api = await serve();
    await new Promise((r) => api.server.close(r));
    servers = [];
    const { waits, sleep } = fakeSleep();
    const err = await fetchArxivPapers(['2402.02750'], { baseUrl: api.base, fetch, sleep, retries: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ARXIV_UNREACHABLE',
      message: `cannot reach the arXiv API at ${api.base} (ECONNREFUSED) after 2 attempts: are you offline? (ARXIV_API_URL sets another endpoint)`,
    });
    expect(waits).toEqual([3000]);
  });

  it('fails at once, without retrying, when the host name does not resolve (offline)', async () => {
    let calls = 0;
    const offline = (async () => {
      calls++;
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('getaddrinfo ENOTFOUND export.arxiv.org'), { code: 'ENOTFOUND' }),
      });
    }) as typeof fetch;
    const err = await fetchArxivPapers(['2402.02750'], {
      baseUrl: 'https://export.arxiv.org/api/query',
      fetch: offline,
      sleep: fakeSleep().sleep,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'ARXIV_UNREACHABLE',
      message:
        'cannot reach the arXiv API at https://export.arxiv.org/api/query (ENOTFOUND): are you offline? (ARXIV_API_URL sets another endpoint)',
    });
    expect(calls).toBe(1);
  });

  it('refuses an answer that is not an Atom feed', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Rate limited</body></html>'),
    );
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`;
    await expect(fetchArxivPapers(['2402.02750'], { baseUrl: base, fetch, sleep: fakeSleep().sleep })).rejects.toMatchObject({
      code: 'ARXIV_BAD_RESPONSE',
    });
  });
});

describe('queryUrl', () => {
  it('appends to a base URL that already has a query', () => {
    expect(queryUrl('http://proxy.local/arxiv?key=1', ['2402.02750'])).toBe(
      'http://proxy.local/arxiv?key=1&id_list=2402.02750&max_results=1',
    );
  });
});
