import { z } from 'zod';
import { type Env, parseEnv } from '../shared/env.js';

/** Discord's REST API base (discord.js adds `/v10`). */
export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

const snowflake = (what: string) =>
  z.string().regex(/^\d{17,20}$/, { error: `must be the ${what} (a number of 17 to 20 digits; Developer Mode > right-click > Copy ID)` });

/** The Discord adapter's environment: read once at start-up, every problem named. */
export const DiscordEnvSchema = z.object({
  DISCORD_TOKEN: z
    .string()
    .regex(/^(?:Bot\s+)?[\w-]{10,}\.[\w-]{4,}\.[\w-]{20,}$/i, {
      error:
        'must be the bot token (Developer Portal > Bot > Reset Token: three parts separated by dots), not the client secret, public key or application ID',
    })
    .transform((t) => t.replace(/^Bot\s+/i, '')),
  DISCORD_APPLICATION_ID: snowflake('application ID (Developer Portal > General Information)').optional(),
  DISCORD_GUILD_ID: snowflake('server (guild) ID').optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' })
    .transform((u) => u.replace(/\/+$/, '').replace(/\/v\d+$/, ''))
    .default(DEFAULT_DISCORD_API_URL),
  /** The application's public key (General Information > Public Key): serve interactions over HTTP instead of the gateway. */
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, {
      error:
        'must be the application’s Public Key (Developer Portal > General Information: 64 hex characters), not the token or client secret',
    })
    .optional(),
  /** Roles whose members may /add and /remove papers, besides Manage Server: ids or names, comma-separated. */
  CITEBOT_EDITOR_ROLES: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .refine((roles) => roles.every((r) => r.length <= 100), 'must be role ids or names (at most 100 characters each), comma-separated')
    .optional(),
});

/** Validated Discord configuration. */
export type DiscordConfig = z.output<typeof DiscordEnvSchema>;

/** Validate the Discord variables; throws `ConfigError` naming each missing or invalid one. */
export function parseDiscordConfig(env: Env): DiscordConfig {
  return parseEnv('Discord', DiscordEnvSchema, env);
}
