import { afterEach, describe, expect, it } from 'vitest';
import { discord } from '../../../adapters/discord/platform.js';
import { readStartupConfig } from '../../../adapters/shared/config.js';
import { ConfigErrors } from '../../../adapters/shared/env.js';
import { createHttpServer, type HttpServer, sendJson } from '../../../adapters/shared/http-server.js';
import { createLogger } from '../../../adapters/shared/log.js';
import { slack } from '../../../adapters/slack/platform.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the shared HTTP server', () => {
  it('serves mounted routes, HEAD for GET, 404 for the rest, and 500 when a route fails', async () => {
    const lines: string[] = [];
    let arrivals = 0;
    server = createHttpServer({ log: createLogger({ write: (l) => lines.push(l) }), onArrival: () => arrivals++ });
    server.mount('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
    server.mount('POST', '/boom', async () => {
      throw new Error('route exploded');
    });
    expect(() => server!.mount('GET', '/healthz', () => {})).toThrow('GET /healthz is already mounted');
    expect(server.routes()).toEqual(['GET /healthz', 'POST /boom']);
    const port = await server.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    expect(await (await fetch(`${base}/healthz?x=1`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${base}/healthz`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/healthz`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
    expect((await fetch(`${base}/boom`, { method: 'POST', body: 'x' })).status).toBe(500);
    expect(lines.some((l) => l.includes('HTTP route failed') && l.includes('route exploded'))).toBe(true);
    // Each request (and each new connection) tells the work queue something arrived.
    expect(arrivals).toBeGreaterThanOrEqual(5);
  });

  it('closes with an idle keep-alive connection open', async () => {
    server = createHttpServer({ log: createLogger({ write: () => {} }) });
    server.mount('GET', '/healthz', (_req, res) => sendJson(res, 200, {}));
    const port = await server.listen(0, '127.0.0.1');
    await fetch(`http://127.0.0.1:${port}/healthz`, { headers: { connection: 'keep-alive' } });
    const t0 = performance.now();
    await server.close();
    expect(performance.now() - t0).toBeLessThan(2000);
    server = undefined;
  });
});

describe('start-up configuration', () => {
  const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';

  it('configures only the platforms whose token is set, with the shared port', () => {
    const config = readStartupConfig({ DISCORD_TOKEN: TOKEN, PORT: '8080' }, [discord, slack]);
    expect(config.platforms.map((p) => p.name)).toEqual(['discord']);
    expect(config.shared).toEqual({
      corpus: undefined,
      cacheDir: undefined,
      port: 8080,
      rate: { burst: 5, perMinute: 20 },
      maxBacklog: 2000,
    });
    expect(readStartupConfig({}, [discord, slack])).toMatchObject({ platforms: [], shared: { port: 3000 } });
  });

  it('reads the limits from CITEBOT_RATE_BURST, CITEBOT_RATE_PER_MINUTE and CITEBOT_QUEUE_MAX, naming each bad one', () => {
    const config = readStartupConfig({ CITEBOT_RATE_BURST: '10', CITEBOT_RATE_PER_MINUTE: '0', CITEBOT_QUEUE_MAX: '50' }, []);
    expect(config.shared).toMatchObject({ rate: { burst: 10, perMinute: 0 }, maxBacklog: 50 });
    expect(() => readStartupConfig({ CITEBOT_RATE_BURST: '0', CITEBOT_RATE_PER_MINUTE: 'fast', CITEBOT_QUEUE_MAX: '-1' }, [])).toThrow(
      /CITEBOT_RATE_PER_MINUTE: must be a number of questions per minute[\s\S]*CITEBOT_RATE_BURST: must be a number of questions \(1 or more\)[\s\S]*CITEBOT_QUEUE_MAX: must be a number of queued questions/,
    );
  });

  it('lists every problem of every part in one error', () => {
    let error: unknown;
    try {
      readStartupConfig({ DISCORD_TOKEN: 'nope', SLACK_BOT_TOKEN: 'xoxb-1-2-abc', PORT: '70000' }, [discord, slack]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigErrors);
    const e = error as ConfigErrors;
    expect(e.errors.map((x) => x.platform)).toEqual(['citebot', 'Discord', 'Slack']);
    expect(e.message).toMatch(
      /PORT: must be a port number \(0-65535\)[\s\S]*DISCORD_TOKEN: must be the bot token[\s\S]*SLACK_SIGNING_SECRET is not set/,
    );
    expect(e.message).not.toContain('xoxb-1-2-abc');
  });

  it('checks the store’s settings with the platforms’, naming each bad one and never DATABASE_URL’s value', () => {
    const env = {
      DISCORD_TOKEN: 'nope',
      DATABASE_URL: 'mysql://u:hunter22@db/x',
      CITEBOT_RETENTION_DAYS: '0',
      CITEBOT_LOG_QUESTIONS: 'maybe',
    };
    const e = (() => {
      try {
        readStartupConfig(env, [discord, slack]);
      } catch (err) {
        return err as ConfigErrors;
      }
      throw new Error('expected a ConfigErrors');
    })();
    expect(e.errors.map((x) => x.platform)).toEqual(['Store', 'Discord']);
    expect(e.message).toMatch(
      /DATABASE_URL[\s\S]*CITEBOT_LOG_QUESTIONS: must be on or off[\s\S]*CITEBOT_RETENTION_DAYS[\s\S]*DISCORD_TOKEN/,
    );
    expect(e.message).not.toContain('hunter22');
    const ok = readStartupConfig({ CITEBOT_DATA_DIR: '/var/lib/citebot', CITEBOT_LOG_QUESTIONS: 'OFF' }, [discord, slack]);
    expect(ok.store).toEqual({ dataDir: '/var/lib/citebot', databaseUrl: undefined, logQuestions: false, retentionDays: 90 });
  });
});
