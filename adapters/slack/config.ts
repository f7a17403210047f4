import { z } from 'zod';
import { type Env, isSet, parseEnv } from '../shared/env.js';

/** Slack's Web API, used unless `SLACK_API_URL` says otherwise. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** The Slack adapter's settings, read once from the environment. */
export type SlackConfig = (
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl: string }
) & {
  /** Users who may /add and /remove papers (`CITEBOT_EDITORS`); none when unset. */
  editors: string[];
};

const botToken = z.string().regex(/^xoxb-\S+$/, 'must be a bot token starting with "xoxb-" (OAuth & Permissions > Bot User OAuth Token)');
const appToken = z.string().regex(/^xapp-\S+$/, 'must be an app-level token starting with "xapp-" (Basic Information > App-Level Tokens)');
const signingSecret = z
  .string()
  .regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hex Signing Secret (Basic Information > App Credentials)');
const apiUrl = z
  .string()
  .refine((s) => /^https?:\/\/[^\s/]+/.test(s) && URL.canParse(s), 'must be an http(s) URL, e.g. https://slack.com/api/')
  .transform((s) => (s.endsWith('/') ? s : `${s}/`));

const editors = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
  )
  .refine(
    (ids) => ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)),
    'must be Slack user ids like U024BE7LH, comma-separated (profile > ⋮ > Copy member ID)',
  );

const common = {
  SLACK_BOT_TOKEN: botToken,
  SLACK_API_URL: apiUrl.optional(),
  CITEBOT_EDITORS: editors.optional(),
};
const HttpSchema = z.object({ ...common, SLACK_SIGNING_SECRET: signingSecret });
const SocketSchema = z.object({ ...common, SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret.optional() });

/** True when the environment asks for the Slack adapter (`SLACK_BOT_TOKEN` is set). */
export function isSlackConfigured(env: Env): boolean {
  return isSet(env, 'SLACK_BOT_TOKEN');
}

/**
 * Read and validate the Slack settings. HTTP mode (the default) needs `SLACK_BOT_TOKEN` and
 * `SLACK_SIGNING_SECRET`; setting `SLACK_APP_TOKEN` switches to Socket Mode. (`PORT` is shared: `adapters/shared/config.ts`.)
 * Throws `ConfigError` naming every missing or invalid variable (never its value).
 */
export function readSlackConfig(env: Env): SlackConfig {
  if (isSet(env, 'SLACK_APP_TOKEN')) {
    const v = parseEnv('Slack', SocketSchema, env);
    return {
      mode: 'socket',
      botToken: v.SLACK_BOT_TOKEN,
      appToken: v.SLACK_APP_TOKEN,
      ...(v.SLACK_SIGNING_SECRET ? { signingSecret: v.SLACK_SIGNING_SECRET } : {}),
      apiUrl: v.SLACK_API_URL ?? DEFAULT_SLACK_API_URL,
      editors: v.CITEBOT_EDITORS ?? [],
    };
  }
  const v = parseEnv('Slack', HttpSchema, env);
  return {
    mode: 'http',
    botToken: v.SLACK_BOT_TOKEN,
    signingSecret: v.SLACK_SIGNING_SECRET,
    apiUrl: v.SLACK_API_URL ?? DEFAULT_SLACK_API_URL,
    editors: v.CITEBOT_EDITORS ?? [],
  };
}
