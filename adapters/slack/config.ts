import { z } from 'zod';
import { ConfigError, type Env, isSet, parseEnv } from '../shared/env.js';

/** Slack's Web API, used unless `SLACK_API_URL` says otherwise. */
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

/** The Slack adapter's settings, read once from the environment. */
export type SlackConfig = (
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl: string }
  | { mode: 'oauth'; oauth: SlackOAuthConfig; signingSecret: string; apiUrl: string }
) & {
  /** Users who may /add and /remove papers (`CITEBOT_EDITORS`); none when unset. */
  editors: string[];
};

/** Installation for many workspaces (`SLACK_CLIENT_ID` set): each workspace's bot token comes from its installation. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state`; every replica must share it. */
  stateSecret: string;
  /** The Redirect URL registered with Slack, when the app has several (else Slack uses the one it has). */
  redirectUri?: string;
}

/** Where the OAuth routes are mounted (paste `<address>/slack/oauth_redirect` into OAuth & Permissions > Redirect URLs). */
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_REDIRECT_PATH = '/slack/oauth_redirect';

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
const OAuthSchema = z.object({
  SLACK_API_URL: apiUrl.optional(),
  CITEBOT_EDITORS: editors.optional(),
  SLACK_SIGNING_SECRET: signingSecret,
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^\d+\.\d+$/, 'must be the Client ID (Basic Information > App Credentials), two numbers joined by a dot'),
  SLACK_CLIENT_SECRET: z
    .string()
    .regex(/^[0-9a-f]{32}$/i, 'must be the 32-character hex Client Secret (Basic Information > App Credentials)'),
  SLACK_STATE_SECRET: z
    .string()
    .min(32, 'must be a random secret of at least 32 characters, the same on every replica (e.g. `openssl rand -hex 32`)'),
  SLACK_REDIRECT_URI: z
    .string()
    .refine(
      (s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol) && new URL(s).pathname === SLACK_REDIRECT_PATH,
      `must be the Redirect URL registered with Slack, ending in ${SLACK_REDIRECT_PATH}, e.g. https://citebot.example.com${SLACK_REDIRECT_PATH}`,
    )
    .optional(),
});
const SocketSchema = z.object({ ...common, SLACK_APP_TOKEN: appToken, SLACK_SIGNING_SECRET: signingSecret.optional() });

/** True when the environment asks for the Slack adapter (`SLACK_BOT_TOKEN`, or `SLACK_CLIENT_ID` for many workspaces, is set). */
export function isSlackConfigured(env: Env): boolean {
  return isSet(env, 'SLACK_BOT_TOKEN') || isSet(env, 'SLACK_CLIENT_ID');
}

/**
 * Read and validate the Slack settings. HTTP mode (the default) needs `SLACK_BOT_TOKEN` and
 * `SLACK_SIGNING_SECRET`; setting `SLACK_APP_TOKEN` switches to Socket Mode. (`PORT` is shared: `adapters/shared/config.ts`.)
 * Throws `ConfigError` naming every missing or invalid variable (never its value).
 */
export function readSlackConfig(env: Env): SlackConfig {
  if (isSet(env, 'SLACK_CLIENT_ID')) return readOAuthConfig(env);
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

/**
 * Many workspaces: `SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET`, `SLACK_STATE_SECRET` and `SLACK_SIGNING_SECRET`, over HTTP.
 * A bot token or app-level token beside them is refused: a token belongs to one workspace, and Socket Mode is not for
 * apps installed in many.
 */
function readOAuthConfig(env: Env): SlackConfig {
  const clash = ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'].filter((name) => isSet(env, name));
  if (clash.length > 0)
    throw new ConfigError(
      'Slack',
      clash.map(
        (name) =>
          `${name}: leave it unset with SLACK_CLIENT_ID (each workspace's token comes from its installation); unset SLACK_CLIENT_ID for one workspace`,
      ),
    );
  const v = parseEnv('Slack', OAuthSchema, env);
  return {
    mode: 'oauth',
    oauth: {
      clientId: v.SLACK_CLIENT_ID,
      clientSecret: v.SLACK_CLIENT_SECRET,
      stateSecret: v.SLACK_STATE_SECRET,
      ...(v.SLACK_REDIRECT_URI ? { redirectUri: v.SLACK_REDIRECT_URI } : {}),
    },
    signingSecret: v.SLACK_SIGNING_SECRET,
    apiUrl: v.SLACK_API_URL ?? DEFAULT_SLACK_API_URL,
    editors: v.CITEBOT_EDITORS ?? [],
  };
}
