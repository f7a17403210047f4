import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announceCorpusVersion,
  createDatabase,
  type Database,
  listenForCorpusVersions,
  migrate,
  readCorpusVersion,
  SharedRateLimiter,
} from '../../adapters/shared/store/index.js';
import { startTestCluster, type TestCluster } from './postgres.js';
import { recordingLog } from './recording-log.js';

const ada = { platform: 'slack' as const, workspace: 'T1', userId: 'U1' };
const bob = { platform: 'slack' as const, workspace: 'T1', userId: 'U2' };

let cluster: TestCluster;
const cleanups: (() => Promise<unknown>)[] = [];
beforeAll(async () => {
  cluster = await startTestCluster();
}, 60_000);
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await cluster?.destroy();
});

/** One replica's connection pool to the shared database, migrated. */
async function replicaDatabase(url: string): Promise<Database> {
  const database = createDatabase({ dataDir: '', databaseUrl: url });
  cleanups.push(() => database.db.destroy());
  await migrate(database.db, database.engine);
  return database;
}

describe('shared rate limits (PostgreSQL)', () => {
  it('two replicas spend one bucket per user: the burst is shared, other users are unaffected', async () => {
    const url = await cluster.createDatabase();
    const limits = { burst: 2, perMinute: 1 }; // one token a minute: nothing refills during the test
    const one = new SharedRateLimiter((await replicaDatabase(url)).db, { limits, log: recordingLog().log });
    const two = new SharedRateLimiter((await replicaDatabase(url)).db, { limits, log: recordingLog().log });
    cleanups.push(async () => {
      one.close();
      two.close();
    });
    expect(await one.take(ada)).toEqual({ ok: true });
    expect(await two.take(ada)).toEqual({ ok: true });
    const refused = await one.take(ada);
    expect(refused).toMatchObject({ ok: false, first: true });
    // About a minute to the next token (the database's clock has moved a few ms since the last refill).
    expect(refused.ok === false && refused.retryAfterMs).toBeGreaterThan(55_000);
    expect(await two.take(ada)).toMatchObject({ ok: false, first: false });
    expect(await two.take(bob)).toEqual({ ok: true });
  });

  it('a refilled bucket lets the user in again, and is swept away once full', async () => {
    const url = await cluster.createDatabase();
    const limits = { burst: 1, perMinute: 600_000 }; // a token every 0.1 ms: refilled by the next query
    const database = await replicaDatabase(url);
    const limiter = new SharedRateLimiter(database.db, { limits, log: recordingLog().log });
    cleanups.push(async () => limiter.close());
    expect(await limiter.take(ada)).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 5));
    expect(await limiter.take(ada)).toEqual({ ok: true });
    await new Promise((r) => setTimeout(r, 5));
    expect(await limiter.sweep()).toBe(1);
    expect(await database.db.selectFrom('citebot_rate_buckets').selectAll().execute()).toEqual([]);
  });

  it('while the database is down, each replica limits on its own (logged once) instead of refusing or waiting', async () => {
    const own = await startTestCluster();
    cleanups.push(() => own.destroy());
    const url = await own.createDatabase();
    const recorded = recordingLog();
    const limiter = new SharedRateLimiter((await replicaDatabase(url)).db, {
      limits: { burst: 1, perMinute: 1 },
      log: recorded.log,
      timeoutMs: 300,
      retryEveryMs: 0, // every question tries the database (the default spaces the tries 2 s apart)
    });
    cleanups.push(async () => limiter.close());
    expect(await limiter.take(ada)).toEqual({ ok: true });
    await own.stop();
    // The local bucket is fresh: one question in, the next refused, each decided without the database.
    expect(await limiter.take(ada)).toEqual({ ok: true });
    expect(await limiter.take(ada)).toMatchObject({ ok: false });
    expect(recorded.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'shared rate limits unavailable: each replica limits its users on its own until the database is back',
    ]);
    await own.start();
    const back = recorded.next('info');
    await limiter.take(bob);
    expect((await back).msg).toBe('shared rate limits: the database answers again');
  });
});

describe('shared rate limits while the database is failing', () => {
  it('try the database again only every retryEveryMs: the questions between are decided locally at once', async () => {
    const own = await startTestCluster();
    cleanups.push(() => own.destroy());
    const url = await own.createDatabase();
    const recorded = recordingLog();
    const limiter = new SharedRateLimiter((await replicaDatabase(url)).db, {
      limits: { burst: 1, perMinute: 1 },
      log: recorded.log,
      timeoutMs: 300,
      retryEveryMs: 600_000,
    });
    cleanups.push(async () => limiter.close());
    await own.stop();
    expect(await limiter.take(bob)).toEqual({ ok: true }); // the failed try: decided locally
    await own.start();
    // The database is back, but the next try is minutes away: bob's local bucket, spent, decides (the shared one is full).
    expect(await limiter.take(bob)).toMatchObject({ ok: false });
    expect(recorded.lines.map((l) => l.msg)).toEqual([
      'shared rate limits unavailable: each replica limits its users on its own until the database is back',
    ]);
  });
});

describe('corpus versions: NOTIFY and LISTEN', () => {
  it('an announced version reaches every listening replica, and a replica that was disconnected reads it on reconnecting', async () => {
    const url = await cluster.createDatabase();
    await replicaDatabase(url);
    const seen: { replica: string; hash: string; cause: string }[] = [];
    const listen = (replica: string, retryMinMs = 50) => {
      const listener = listenForCorpusVersions({
        databaseUrl: url,
        log: recordingLog().log,
        retryMinMs,
        onVersion: (hash, cause) => void seen.push({ replica, hash, cause }),
      });
      cleanups.push(() => listener.close());
      return listener;
    };
    const a = listen('a');
    const b = listen('b', 2000);
    await Promise.all([a.ready, b.ready]);
    expect(a.listening() && b.listening()).toBe(true);
    expect(seen).toEqual([]); // nothing recorded yet

    const v1 = 'a'.repeat(64);
    await announceCorpusVersion(url, v1);
    await expect.poll(() => seen.length).toBe(2);
    expect(seen).toEqual(
      expect.arrayContaining([
        { replica: 'a', hash: v1, cause: 'notify' },
        { replica: 'b', hash: v1, cause: 'notify' },
      ]),
    );

    // Cut both connections and announce while b is away (its first retry is 2 s later; a's 50 ms): b reads the version on
    // reconnecting; a gets it either way.
    seen.length = 0;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    cleanups.push(() => admin.end());
    await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'citebot-listen'");
    await expect.poll(() => b.listening()).toBe(false);
    const v2 = 'b'.repeat(64);
    await announceCorpusVersion(url, v2);
    await expect.poll(() => seen.some((s) => s.replica === 'b'), { timeout: 10_000 }).toBe(true);
    expect(seen.filter((s) => s.replica === 'b')).toEqual([{ replica: 'b', hash: v2, cause: 'connected' }]);
    expect(seen.filter((s) => s.replica === 'a').map((s) => s.hash)).toContain(v2);
    const database = await replicaDatabase(url);
    expect(await readCorpusVersion(database.db)).toBe(v2);
  });

  it('an ingest whose database cannot be reached says so in one line, naming the server but not the password', async () => {
    const url = `postgres://citebot:s3cret-pass@127.0.0.1:${cluster.port + 1}/none`;
    const failure = await announceCorpusVersion(url, 'c'.repeat(64), 500).then(
      () => 'resolved',
      (err: Error) => err.message,
    );
    expect(failure).toMatch(/^cannot record the corpus version at postgres:\/\/127\.0\.0\.1:\d+\/none: /);
    expect(failure).not.toContain('s3cret-pass');
  });
});
