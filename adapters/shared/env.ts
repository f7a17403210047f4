import { config } from 'dotenv';
import type { z } from 'zod';

/** Load `.env` (if any) into process.env without overriding variables already set. Quiet. */
export function loadDotenv(path?: string): void {
  config({ quiet: true, ...(path ? { path } : {}) });
}

/** Environment variables as strings, with empty strings treated as missing. */
export type Env = Record<string, string | undefined>;

/** A configuration problem: each line names a variable and what is wrong with it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(
    readonly platform: string,
    readonly problems: string[],
  ) {
    super(`${platform} configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validate environment variables with a zod object schema, treating empty strings as missing.
 * Throws a `ConfigError` that names every bad or missing variable (never its value, which may be a secret).
 */
export function parseEnv<S extends z.ZodObject>(platform: string, schema: S, env: Env): z.output<S> {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key]?.trim();
    if (v) cleaned[key] = v;
  }
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = issue.path.map(String).join('.') || '(environment)';
    if (cleaned[name] === undefined && issue.code === 'invalid_type') return `${name} is not set`;
    return `${name}: ${issue.message}`;
  });
  throw new ConfigError(platform, problems);
}

/** True when the variable has a non-blank value. */
export function isSet(env: Env, name: string): boolean {
  return Boolean(env[name]?.trim());
}

/** Configuration problems of several parts (the shared settings, each platform), reported together. */
export class ConfigErrors extends Error {
  override name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}
