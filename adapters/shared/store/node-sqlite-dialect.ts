import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import {
  CompiledQuery,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteStatement,
} from 'kysely';

type NodeSqlite = typeof import('node:sqlite');
let nodeSqlite: NodeSqlite | undefined;

/**
 * `node:sqlite`, loaded on first use. Node 22 prints an ExperimentalWarning when the module loads; that one warning
 * is filtered out while it loads, every other warning still reaches the default handler.
 */
export function loadNodeSqlite(): NodeSqlite {
  if (nodeSqlite) return nodeSqlite;
  const emitWarning = process.emitWarning;
  process.emitWarning = function filtered(this: NodeJS.Process, warning: string | Error, ...rest: unknown[]) {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    const name = warning instanceof Error ? warning.name : type;
    const text = warning instanceof Error ? warning.message : warning;
    if (name === 'ExperimentalWarning' && /\bSQLite\b/.test(text)) return;
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    nodeSqlite = process.getBuiltinModule('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
  return nodeSqlite;
}

/** Values SQLite can bind: Node 22 refuses booleans and Dates, so they become 0/1 and ISO-8601 strings. */
function bindable(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  return value as SQLInputValue;
}

/** better-sqlite3's statement interface (what Kysely's SQLite driver calls) over a `node:sqlite` DatabaseSync. */
export function asKyselySqliteDatabase(db: DatabaseSync): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const stmt = db.prepare(sql);
      return {
        // A statement that yields columns (SELECT, RETURNING, some PRAGMAs) is read with all().
        reader: stmt.columns().length > 0,
        all: (params) => stmt.all(...params.map(bindable)),
        run: (params) => stmt.run(...params.map(bindable)),
        iterate: (params) => stmt.iterate(...params.map(bindable)) as IterableIterator<unknown>,
      };
    },
  };
}

/**
 * Kysely's SQLite driver with write transactions that take the write lock when they begin (`BEGIN IMMEDIATE`):
 * a deferred transaction that reads and then writes can fail with SQLITE_BUSY at once instead of waiting for
 * busy_timeout, when another process committed in between.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: Parameters<SqliteDriver['beginTransaction']>[0]): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/**
 * A Kysely dialect over `node:sqlite` (Node 22.13+ and 24). `open` runs on the first query (and again after it
 * failed), so an unopenable file surfaces as a failed query the caller can retry.
 */
export class NodeSqliteDialect implements Dialect {
  constructor(private readonly open: () => DatabaseSync) {}

  createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: async () => asKyselySqliteDatabase(this.open()) });
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own dialects take Kysely<any> here.
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
