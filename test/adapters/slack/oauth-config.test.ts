import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../adapters/shared/env.js';
import { BOT_SCOPES } from '../../../adapters/slack/app.js';
import { isSlackConfigured, readSlackConfig } from '../../../adapters/slack/config.js';

const SIGNING = 'a'.repeat(32);
const OAUTH = {
  SLACK_CLIENT_ID: '1111111111.2222222222',
  SLACK_CLIENT_SECRET: 'b'.repeat(32),
  SLACK_STATE_SECRET: 'c'.repeat(32),
  SLACK_SIGNING_SECRET: SIGNING,
};

function problems(env: Record<string, string>): string[] {
  try {
    readSlackConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('Slack for many workspaces: configuration', () => {
  it('is configured by SLACK_CLIENT_ID without a bot token, and reads the OAuth settings', () => {
    expect(isSlackConfigured({ SLACK_CLIENT_ID: OAUTH.SLACK_CLIENT_ID })).toBe(true);
    expect(readSlackConfig(OAUTH)).toEqual({
      mode: 'oauth',
      oauth: { clientId: OAUTH.SLACK_CLIENT_ID, clientSecret: OAUTH.SLACK_CLIENT_SECRET, stateSecret: OAUTH.SLACK_STATE_SECRET },
      signingSecret: SIGNING,
      apiUrl: 'https://slack.com/api/',
      editors: [],
    });
    const uri = 'https://citebot.example.org/slack/oauth_redirect';
    expect(readSlackConfig({ ...OAUTH, SLACK_REDIRECT_URI: uri })).toMatchObject({ oauth: { redirectUri: uri } });
  });

  it('names every missing or malformed OAuth variable, never its value', () => {
    const found = problems({ SLACK_CLIENT_ID: 'not-an-id', SLACK_STATE_SECRET: 'short', SLACK_REDIRECT_URI: 'https://x.org/other' });
    expect(found.map((p) => p.split(/[: ]/)[0]).sort()).toEqual([
      'SLACK_CLIENT_ID',
      'SLACK_CLIENT_SECRET',
      'SLACK_REDIRECT_URI',
      'SLACK_SIGNING_SECRET',
      'SLACK_STATE_SECRET',
    ]);
    expect(found.join('\n')).not.toContain('not-an-id');
    expect(found.join('\n')).not.toContain('short');
  });

  it('refuses a bot or app-level token beside SLACK_CLIENT_ID, saying which to unset', () => {
    expect(problems({ ...OAUTH, SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_APP_TOKEN: 'xapp-1-A-2-abc' })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID/),
      expect.stringMatching(/^SLACK_APP_TOKEN: leave it unset with SLACK_CLIENT_ID/),
    ]);
  });
});

describe('manifest.oauth.json', () => {
  interface Manifest {
    oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
    settings: { event_subscriptions: { bot_events?: string[] }; org_deploy_enabled?: boolean };
  }
  const read = (name: string): Manifest =>
    JSON.parse(readFileSync(new URL(`../../../adapters/slack/${name}`, import.meta.url), 'utf8')) as Manifest;
  const single = read('manifest.json');
  const many = read('manifest.oauth.json');

  it('is manifest.json plus the redirect URL, the uninstall events and org-wide installs', () => {
    expect(many.oauth_config.redirect_urls).toEqual(['https://citebot.example.com/slack/oauth_redirect']);
    expect(many.settings.event_subscriptions.bot_events).toEqual([
      ...(single.settings.event_subscriptions.bot_events ?? []),
      'app_uninstalled',
      'tokens_revoked',
    ]);
    expect(many.settings.org_deploy_enabled).toBe(true);
    const strip = (m: Manifest) => {
      const copy = structuredClone(m);
      delete copy.oauth_config.redirect_urls;
      delete copy.settings.event_subscriptions.bot_events;
      delete copy.settings.org_deploy_enabled;
      return copy;
    };
    expect(strip(many)).toEqual(strip(single));
  });

  it('asks for the scopes the installer requests', () => {
    expect([...many.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect([...single.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
  });
});
