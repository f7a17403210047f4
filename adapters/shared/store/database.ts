import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { loadNodeSqlite, NodeSqliteDialect } from './node-sqlite-dialect.js';
import type { StoreTables } from './schema.js';

/** Which database engine a store writes to. */
export type Engine = 'sqlite' | 'postgres';

/** The embedded database's file name inside the data directory. */
export const SQLITE_FILE = 'citebot.sqlite';

/** An open (lazily connecting) database: the query builder, its engine, and where it is, without credentials. */
export interface Database {
  db: Kysely<StoreTables>;
  engine: Engine;
  /** The SQLite file path, or `postgres://host:port/database` (user and password left out). */
  where: string;
}

/** Connection settings shared by both engines. */
export interface DatabaseOptions {
  /** Folder of the SQLite file, created when missing. Used when `databaseUrl` is unset. */
  dataDir: string;
  /** A `postgres://` or `postgresql://` URL: use PostgreSQL instead of the SQLite file. */
  databaseUrl?: string | undefined;
  /** How long a SQLite write waits for another process's lock before it fails. Default 250 (ms). */
  busyTimeoutMs?: number;
  /** How long opening a PostgreSQL connection may take before it fails. Default 3000 (ms). */
  connectTimeoutMs?: number;
}

/** A database that could not be reached, opened or read; the message names where, never a password. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly where: string,
    readonly reason: string,
  ) {
    super(`cannot use the database at ${where}: ${reason}`);
  }
}

/** A PostgreSQL URL with any user name and password removed, for messages. */
export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'the PostgreSQL server in DATABASE_URL';
  }
}

/** A short reason for a failure, from the driver's error (a code such as ECONNREFUSED, or its message). */
export function reasonOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return reasonOf(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message || String(code ?? err.name);
  }
  return String(err);
}

/** Open the embedded file in WAL mode: readers never block the writer, and a crash loses no committed write. */
function openSqliteFile(dataDir: string, busyTimeoutMs: number): DatabaseSync {
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true });
    // Keep the state out of version control when the folder sits inside a checkout (the default data/state/).
    writeFileSync(join(dataDir, '.gitignore'), '*\n');
  }
  const { DatabaseSync } = loadNodeSqlite();
  const db = new DatabaseSync(join(dataDir, SQLITE_FILE));
  try {
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    // Switching a new file to WAL while another process does the same can fail at once with "database is locked"
    // (SQLite does not call the busy handler there): replicas starting together would come up degraded. Retry it.
    retryWhileLocked(() => db.exec('PRAGMA journal_mode = WAL'), busyTimeoutMs);
    // NORMAL in WAL mode: a power loss may drop the last commits but never corrupts; a process crash loses nothing.
    db.exec('PRAGMA synchronous = NORMAL');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** Run `fn`, again every 10 ms while it fails with SQLITE_BUSY ("database is locked"), for at most `forMs`. */
function retryWhileLocked(fn: () => void, forMs: number): void {
  const until = performance.now() + forMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fn();
      return;
    } catch (err) {
      if (!/database is locked|SQLITE_BUSY/i.test(String((err as Error).message)) || performance.now() >= until) throw err;
      Atomics.wait(pause, 0, 0, 10); // opening is synchronous here; this runs only while another process holds the lock
    }
  }
}

/** Create the query builder for the configured engine. Nothing connects until the first query. */
export function createDatabase(options: DatabaseOptions): Database {
  const busyTimeoutMs = options.busyTimeoutMs ?? 250;
  if (!options.databaseUrl) {
    const where = join(options.dataDir, SQLITE_FILE);
    return {
      db: new Kysely<StoreTables>({ dialect: new NodeSqliteDialect(() => openSqliteFile(options.dataDir, busyTimeoutMs)) }),
      engine: 'sqlite',
      where,
    };
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    application_name: 'citebot',
    // UTC sessions make `cast(timestamptz as text)` start with the UTC date, as SQLite's ISO strings do.
    options: '-c TimeZone=UTC -c statement_timeout=15000',
  });
  // A server restart makes idle and checked-out clients emit 'error'; without listeners that would end the process.
  // The failed query itself still rejects, which is where the store notices.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    db: new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) }),
    engine: 'postgres',
    where: describePostgresUrl(options.databaseUrl),
  };
}
