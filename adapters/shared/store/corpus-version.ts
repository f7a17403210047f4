/**
 * The corpus version replicas answer from, kept in PostgreSQL: whoever writes the corpus (`npm run ingest`, `/add`,
 * `/remove`) records the new file's SHA-256 in `citebot_settings` and sends `NOTIFY citebot_corpus, '<hash>'` (the
 * hash only: a payload over 8,000 bytes fails); every replica `LISTEN`s and reloads through its corpus watcher. A
 * replica that lost its connection reads the recorded version again once reconnected, so a change made meanwhile
 * is not missed.
 */
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { createDatabase, describePostgresUrl, reasonOf } from './database.js';
import { migrate } from './migrations.js';
import type { StoreTables } from './schema.js';
import type { StoreLogger } from './types.js';

/** The channel of corpus changes. */
export const CORPUS_CHANNEL = 'citebot_corpus';
/** The `citebot_settings` row holding the current corpus version (the corpus file's SHA-256, hex). */
export const CORPUS_VERSION_SETTING = 'corpus_version';

/** Record `hash` as the corpus version and notify every listening replica, in one transaction (sent at commit). */
export async function publishCorpusVersion(db: Kysely<StoreTables>, hash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('citebot_settings')
      .values({ name: CORPUS_VERSION_SETTING, value: hash })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: hash }))
      .execute();
    await sql`select pg_notify(${CORPUS_CHANNEL}, ${hash})`.execute(trx);
  });
}

/** The corpus version last recorded, if any. */
export async function readCorpusVersion(db: Kysely<StoreTables>): Promise<string | undefined> {
  const row = await db.selectFrom('citebot_settings').select('value').where('name', '=', CORPUS_VERSION_SETTING).executeTakeFirst();
  return row?.value;
}

/**
 * For a one-off writer (`npm run ingest`): connect, migrate if needed, publish, disconnect. Rejects with a one-line
 * reason naming the server (never a password) when the database cannot be reached within `connectTimeoutMs`.
 */
export async function announceCorpusVersion(databaseUrl: string, hash: string, connectTimeoutMs = 3000): Promise<void> {
  const database = createDatabase({ dataDir: '', databaseUrl, connectTimeoutMs });
  try {
    await migrate(database.db, database.engine);
    await publishCorpusVersion(database.db, hash);
  } catch (err) {
    throw new Error(`cannot record the corpus version at ${database.where}: ${reasonOf(err)}`);
  } finally {
    await database.db.destroy().catch(() => {});
  }
}

/** Why `onVersion` was called. */
export type VersionCause = 'notify' | 'connected';

/** Options for `listenForCorpusVersions`. */
export interface CorpusListenerOptions {
  databaseUrl: string;
  log: StoreLogger;
  /** A version was announced, or read after (re)connecting. Errors it throws are logged. */
  onVersion(hash: string, cause: VersionCause): void | Promise<void>;
  /** First wait before reconnecting; doubled after each failure up to `retryMaxMs`. Default 500 (ms). */
  retryMinMs?: number;
  /** Default 30,000 (ms). */
  retryMaxMs?: number;
  /** Default 3000 (ms). */
  connectTimeoutMs?: number;
}

/** A running listener. */
export interface CorpusListener {
  /** Resolves once listening for the first time (or after the first attempt failed, then retrying). */
  readonly ready: Promise<void>;
  /** True while connected and listening. */
  listening(): boolean;
  close(): Promise<void>;
}

/**
 * Listen on `CORPUS_CHANNEL` with a dedicated connection (a pooled one cannot keep a LISTEN). After every connect it
 * reads the recorded version and reports it (`connected`), so nothing announced while disconnected is missed; a lost
 * connection is logged once and retried with backoff.
 */
export function listenForCorpusVersions(options: CorpusListenerOptions): CorpusListener {
  const { log } = options;
  const where = describePostgresUrl(options.databaseUrl);
  const retryMin = options.retryMinMs ?? 500;
  const retryMax = Math.max(retryMin, options.retryMaxMs ?? 30_000);
  let retryMs = retryMin;
  let client: pg.Client | undefined;
  let closed = false;
  let connected = false;
  let downSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;

  const deliver = async (hash: string, cause: VersionCause) => {
    try {
      await options.onVersion(hash, cause);
    } catch (err) {
      log.error('corpus version handler failed', { cause, error: reasonOf(err) });
    }
  };

  const lost = (err: unknown) => {
    connected = false;
    const c = client;
    client = undefined;
    c?.removeAllListeners();
    c?.on('error', () => {});
    void c?.end().catch(() => {});
    if (closed) return;
    if (downSince === undefined) {
      downSince = Date.now();
      log.warn('corpus change listener lost its database connection; reconnecting (changes are re-checked then)', {
        where,
        error: reasonOf(err),
      });
    }
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), retryMs);
    timer.unref();
    retryMs = Math.min(retryMs * 2, retryMax);
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({
      connectionString: options.databaseUrl,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
      application_name: 'citebot-listen',
      keepAlive: true,
    });
    client = c;
    c.on('error', (err) => lost(err));
    c.on('end', () => {
      if (client === c) lost(new Error('connection ended'));
    });
    try {
      await c.connect();
      c.on('notification', (n) => {
        if (n.channel === CORPUS_CHANNEL && n.payload) void deliver(n.payload, 'notify');
      });
      await c.query(`LISTEN ${CORPUS_CHANNEL}`);
      const row = await c.query<{ value: string }>('select value from citebot_settings where name = $1', [CORPUS_VERSION_SETTING]).catch(
        // The store creates the table; before its first migration there is no version to read.
        () => ({ rows: [] as { value: string }[] }),
      );
      if (closed || client !== c) return;
      connected = true;
      retryMs = retryMin;
      if (downSince !== undefined) {
        log.info('corpus change listener reconnected', { where, downForMs: Date.now() - downSince });
        downSince = undefined;
      }
      const hash = row.rows[0]?.value;
      if (hash) await deliver(hash, 'connected');
    } catch (err) {
      if (client === c) lost(err);
    }
  };

  const ready = connect();
  return {
    ready,
    listening: () => connected,
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      connected = false;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}
