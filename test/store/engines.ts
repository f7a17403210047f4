import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Kysely } from 'kysely';
import { createDatabase, type Engine, SQLITE_FILE } from '../../adapters/shared/store/database.js';
import { loadNodeSqlite } from '../../adapters/shared/store/node-sqlite-dialect.js';
import type { StoreTables } from '../../adapters/shared/store/schema.js';
import { startTestCluster, type TestCluster } from './postgres.js';

/** A fresh, empty database for one test: what `openStore` and the CLI take. */
export interface Target {
  dataDir: string;
  databaseUrl: string | undefined;
  /** The same as environment variables (`DATABASE_URL` empty for SQLite, so a .env cannot set it). */
  env: Record<string, string>;
}

/** One engine the shared suite runs on. */
export interface EngineUnderTest {
  name: Engine;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  fresh(): Promise<Target>;
  /** Make the database refuse writes (PostgreSQL: stop the server; SQLite: hold its write lock); `restore` ends it. */
  outage(target: Target): Promise<{ restore(): Promise<void> }>;
}

/** A query builder on the target for checks (closed by the caller). */
export function inspect(target: Target): Kysely<StoreTables> {
  return createDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl }).db;
}

/** Every row of every table, for scans. */
export async function allRows(target: Target): Promise<Record<string, Record<string, unknown>[]>> {
  const db = inspect(target);
  try {
    const out: Record<string, Record<string, unknown>[]> = {};
    for (const t of await db.introspection.getTables()) {
      // biome-ignore lint/suspicious/noExplicitAny: any table the migrations created.
      out[t.name] = await (db as Kysely<any>).selectFrom(t.name).selectAll().execute();
    }
    return out;
  } finally {
    await db.destroy();
  }
}

const tempDirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'citebot-store-'));
  tempDirs.push(d);
  return d;
}
function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

const sqlite: EngineUnderTest = {
  name: 'sqlite',
  async setup() {},
  async teardown() {
    removeTempDirs();
  },
  async fresh() {
    const dataDir = join(tempDir(), 'state');
    return { dataDir, databaseUrl: undefined, env: { CITEBOT_DATA_DIR: dataDir, DATABASE_URL: '' } };
  },
  async outage(target) {
    const { DatabaseSync } = loadNodeSqlite();
    const holder: DatabaseSync = new DatabaseSync(join(target.dataDir, SQLITE_FILE));
    holder.exec('BEGIN EXCLUSIVE');
    return {
      async restore() {
        holder.exec('ROLLBACK');
        holder.close();
      },
    };
  },
};

let cluster: TestCluster | undefined;
const postgres: EngineUnderTest = {
  name: 'postgres',
  async setup() {
    cluster = await startTestCluster();
  },
  async teardown() {
    await cluster?.destroy();
    cluster = undefined;
    removeTempDirs();
  },
  async fresh() {
    const databaseUrl = await cluster!.createDatabase();
    // A data folder too, to show PostgreSQL leaves it untouched.
    const dataDir = join(tempDir(), 'state');
    return { dataDir, databaseUrl, env: { CITEBOT_DATA_DIR: dataDir, DATABASE_URL: databaseUrl } };
  },
  async outage() {
    await cluster!.stop();
    return { restore: () => cluster!.start() };
  },
};

/** The engines every store test runs on. */
export const ENGINES: EngineUnderTest[] = [sqlite, postgres];
