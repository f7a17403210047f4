import { randomBytes } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Engine } from './database.js';
import type { StoreTables } from './schema.js';

/** One schema change. Applied once, in order, inside the transaction that records it. */
export interface StoreMigration {
  version: number;
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: a migration creates tables the typed schema does not know yet.
  up(trx: Transaction<any>, engine: Engine): Promise<void>;
}

/** The name of the settings row that holds the key for hashing user ids. */
export const USER_HASH_KEY = 'user_hash_key';

/** Any constant works; it keeps concurrent migrations of replicas sharing one PostgreSQL database in turn. */
const MIGRATION_LOCK = 0x63697465626f74n; // "citebot"

/** Every migration, oldest first. Append new ones; never edit one that shipped. */
export const MIGRATIONS: readonly StoreMigration[] = [
  {
    version: 1,
    name: 'question log, feedback, settings with a random user-hash key',
    async up(trx, engine) {
      const time = engine === 'postgres' ? 'timestamptz' : 'text';
      await trx.schema
        .createTable('citebot_questions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('asked_at', time, (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('workspace', 'text', (c) => c.notNull())
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('answered', 'boolean', (c) => c.notNull())
        .addColumn('abstention_reason', 'text')
        .addColumn('cited_ids', 'text', (c) => c.notNull())
        .addColumn('corpus_fingerprint', 'text', (c) => c.notNull())
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .execute();
      await trx.schema.createIndex('citebot_questions_asked_at').on('citebot_questions').column('asked_at').execute();
      await trx.schema
        .createTable('citebot_feedback')
        .addColumn('answer_id', 'text', (c) => c.notNull())
        .addColumn('user_hash', 'text', (c) => c.notNull())
        .addColumn('paper_id', 'text', (c) => c.notNull())
        .addColumn('vote', 'text', (c) => c.notNull().check(sql`vote in ('up', 'down', 'wrong-paper')`))
        .addColumn('question', 'text', (c) => c.notNull())
        .addColumn('cited_ids', 'text', (c) => c.notNull())
        .addColumn('corpus_fingerprint', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('workspace', 'text', (c) => c.notNull())
        .addColumn('voted_at', time, (c) => c.notNull())
        .addPrimaryKeyConstraint('citebot_feedback_pk', ['answer_id', 'user_hash', 'paper_id'])
        .execute();
      await trx.schema.createIndex('citebot_feedback_voted_at').on('citebot_feedback').column('voted_at').execute();
      await trx.schema
        .createTable('citebot_settings')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      // One key for every replica sharing the database, so each hashes a user id the same way.
      await trx
        .insertInto('citebot_settings')
        .values({ name: USER_HASH_KEY, value: randomBytes(32).toString('hex') })
        .execute();
    },
  },
  {
    version: 2,
    name: 'shared rate-limit buckets, one per user, for replicas sharing PostgreSQL',
    async up(trx, engine) {
      const real = engine === 'postgres' ? 'double precision' : 'real';
      await trx.schema
        .createTable('citebot_rate_buckets')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('tokens', real, (c) => c.notNull())
        .addColumn('at_ms', real, (c) => c.notNull())
        .addColumn('refusals', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    version: 3,
    name: 'app installations (Slack OAuth), one per workspace or org, shared by replicas',
    async up(trx, engine) {
      await trx.schema
        .createTable('citebot_installations')
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('team_id', 'text')
        .addColumn('enterprise_id', 'text')
        .addColumn('installation', 'text', (c) => c.notNull())
        .addColumn('updated_at', engine === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('citebot_installations_pk', ['platform', 'key'])
        .execute();
    },
  },
  {
    version: 4,
    name: 'ids of platform events already handled (Slack retries reach any replica)',
    async up(trx, engine) {
      await trx.schema
        .createTable('citebot_event_ids')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('seen_at', engine === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
        .execute();
      await trx.schema.createIndex('citebot_event_ids_seen_at').on('citebot_event_ids').column('seen_at').execute();
    },
  },
];

/**
 * Bring the schema up to date: every pending migration in one transaction. Safe when several processes start at
 * once: PostgreSQL serialises them on an advisory lock, SQLite on its write lock (`BEGIN IMMEDIATE`). A database
 * already migrated by newer code (versions this code does not know) is left as it is.
 * @returns the versions applied now (empty when already up to date)
 */
export async function migrate(
  db: Kysely<StoreTables>,
  engine: Engine,
  migrations: readonly StoreMigration[] = MIGRATIONS,
): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    if (engine === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(trx);
    await trx.schema
      .createTable('citebot_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', engine === 'postgres' ? 'timestamptz' : 'text', (c) => c.notNull())
      .execute();
    const done = new Set((await trx.selectFrom('citebot_migrations').select('version').execute()).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await m.up(trx, engine);
      await trx.insertInto('citebot_migrations').values({ version: m.version, name: m.name, applied_at: new Date() }).execute();
      applied.push(m.version);
    }
    return applied;
  });
}
