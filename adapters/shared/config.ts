import { z } from 'zod';
import { ARXIV_API_URL } from '../../src/index.js';
import type { CollectionSettings } from './collection.js';
import { DEFAULT_CORPUS } from './corpus.js';
import { ConfigError, ConfigErrors, type Env, parseEnv } from './env.js';
import type { ConfiguredPlatform, Platform } from './platform.js';
import { RATE_LIMITS, type RateLimits } from './rate-limit.js';
import { parseStoreConfig, type StoreConfig } from './store/index.js';
import { QUEUE_LIMITS } from './work-queue.js';

/** Port of the HTTP server (`/healthz`, `POST /slack/events`) unless `PORT` says otherwise. */
export const DEFAULT_PORT = 3000;

const SharedEnvSchema = z.object({
  CITEBOT_CORPUS: z.string().optional(),
  CITEBOT_CACHE_DIR: z.string().optional(),
  PORT: z
    .string()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .pipe(z.int().min(0).max(65535, 'must be a port number (0-65535)'))
    .optional(),
  CITEBOT_RATE_PER_MINUTE: count('a number of questions per minute (0 turns the limit off)', 0, 100_000),
  CITEBOT_RATE_BURST: count('a number of questions (1 or more)', 1, 100_000),
  CITEBOT_QUEUE_MAX: count('a number of queued questions (1 or more)', 1, 1_000_000),
  ARXIV_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://export.arxiv.org/api/query' }).optional(),
});

/** A whole number between `min` and `max`, from its decimal digits. */
function count(what: string, min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, `must be ${what}`)
    .transform(Number)
    .pipe(z.int().min(min, `must be ${what}`).max(max, `must be at most ${max}`))
    .optional();
}

/** Settings every platform shares, read once from the environment. */
export interface SharedConfig {
  /** Corpus file to answer from; undefined for the bundled `data/papers.jsonl`. */
  corpus: string | undefined;
  /** Folder for saved indexes; undefined for the default (`.cache/index`). */
  cacheDir: string | undefined;
  /** Port of the HTTP server; 0 picks a free one. */
  port: number;
  /** The per-user rate limit (`CITEBOT_RATE_BURST`, `CITEBOT_RATE_PER_MINUTE`). */
  rate: RateLimits;
  /** Questions queued or being answered at most (`CITEBOT_QUEUE_MAX`). */
  maxBacklog: number;
}

/** Read the shared settings; throws `ConfigError` naming each invalid variable. */
export function parseSharedConfig(env: Env): SharedConfig {
  const v = parseEnv('citebot', SharedEnvSchema, env);
  return {
    corpus: v.CITEBOT_CORPUS,
    cacheDir: v.CITEBOT_CACHE_DIR,
    port: v.PORT ?? DEFAULT_PORT,
    rate: { burst: v.CITEBOT_RATE_BURST ?? RATE_LIMITS.burst, perMinute: v.CITEBOT_RATE_PER_MINUTE ?? RATE_LIMITS.perMinute },
    maxBacklog: v.CITEBOT_QUEUE_MAX ?? QUEUE_LIMITS.maxBacklog,
  };
}

/** Just `CITEBOT_CACHE_DIR` (for `npm run ask`, which needs no other shared setting). */
export function readCacheDir(env: Env): string | undefined {
  return parseEnv('citebot', SharedEnvSchema.pick({ CITEBOT_CACHE_DIR: true }), env).CITEBOT_CACHE_DIR;
}

/** Everything `npm start` needs to know before it connects anywhere. */
export interface StartupConfig {
  shared: SharedConfig;
  /** Where the question log and votes are kept (opened only when a platform runs: the terminal chat keeps nothing). */
  store: StoreConfig;
  /** The platforms whose token is set, configured, in the order given. Empty: chat in the terminal. */
  platforms: ConfiguredPlatform[];
}

/**
 * Validate the shared settings, the store's and the configuration of every platform the environment asks for, before
 * any of them connects. Throws one `ConfigErrors` listing every problem of every part.
 */
export function readStartupConfig(env: Env, platforms: readonly Platform[]): StartupConfig {
  const errors: ConfigError[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (err instanceof ConfigError) errors.push(err);
      else throw err;
      return undefined;
    }
  };
  const shared = attempt(() => parseSharedConfig(env));
  const store = attempt(() => parseStoreConfig(env));
  const configured = platforms.filter((p) => p.isConfigured(env)).map((p) => attempt(() => p.configure(env)));
  if (errors.length > 0 || !shared || !store) throw new ConfigErrors(errors);
  return { shared, store, platforms: configured.filter((p): p is ConfiguredPlatform => p !== undefined) };
}

/**
 * Where `/add` and `/remove` change the collection: the corpus the bot answers from (`CITEBOT_CORPUS`, else the
 * bundled one) and the arXiv API to fetch from (`ARXIV_API_URL`). Throws `ConfigError` naming a bad variable.
 */
export function readCollectionSettings(env: Env): CollectionSettings {
  const v = parseEnv('citebot', SharedEnvSchema.pick({ CITEBOT_CORPUS: true, ARXIV_API_URL: true }), env);
  return { file: v.CITEBOT_CORPUS ?? DEFAULT_CORPUS, arxivApiUrl: v.ARXIV_API_URL ?? ARXIV_API_URL };
}
