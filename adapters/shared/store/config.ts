import { z } from 'zod';
import { type Env, parseEnv } from '../env.js';

/** Where the embedded database lives when `CITEBOT_DATA_DIR` is unset. */
export const DEFAULT_DATA_DIR = 'data/state/';
/** How long question-log rows are kept when `CITEBOT_RETENTION_DAYS` is unset. */
export const DEFAULT_RETENTION_DAYS = 90;

function isPostgresUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'postgres:' || u.protocol === 'postgresql:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/** The store's environment (the bot and `npm run report` read the same), empty values counting as unset. */
export const StoreEnvSchema = z.object({
  CITEBOT_DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, {
      error: 'must be a postgres:// or postgresql:// URL such as postgres://citebot:PASSWORD@db.example.org:5432/citebot',
    })
    .optional(),
  CITEBOT_LOG_QUESTIONS: z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['on', 'off'], { error: 'must be on or off' }))
    .default('on'),
  CITEBOT_RETENTION_DAYS: z
    .string()
    .regex(/^\d+$/, { error: 'must be a whole number of days, 1 or more' })
    .transform(Number)
    .pipe(z.number().int().min(1, { error: 'must be a whole number of days, 1 or more' }))
    .default(DEFAULT_RETENTION_DAYS),
});

/** Validated store settings, ready for `openStore` (add `log`) and `readReport`. */
export interface StoreConfig {
  dataDir: string;
  databaseUrl: string | undefined;
  logQuestions: boolean;
  retentionDays: number;
}

/** Read the store's variables; throws `ConfigError` naming each bad one (never its value: DATABASE_URL may hold a password). */
export function parseStoreConfig(env: Env): StoreConfig {
  const c = parseEnv('Store', StoreEnvSchema, env);
  return {
    dataDir: c.CITEBOT_DATA_DIR,
    databaseUrl: c.DATABASE_URL,
    logQuestions: c.CITEBOT_LOG_QUESTIONS === 'on',
    retentionDays: c.CITEBOT_RETENTION_DAYS,
  };
}
