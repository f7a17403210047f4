import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../adapters/shared/env.js';
import { isSlackConfigured, readSlackConfig } from '../../../adapters/slack/config.js';

const BOT = 'xoxb-123-456-abcdef';
const SECRET = 'a'.repeat(32);
const APP = 'xapp-1-A1-2-abcdef';

function problems(env: Record<string, string>): string[] {
  try {
    readSlackConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('Slack configuration', () => {
  it('is configured exactly when SLACK_BOT_TOKEN has a value', () => {
    expect(isSlackConfigured({ SLACK_BOT_TOKEN: BOT })).toBe(true);
    expect(isSlackConfigured({ SLACK_BOT_TOKEN: '  ' })).toBe(false);
    expect(isSlackConfigured({ SLACK_SIGNING_SECRET: SECRET })).toBe(false);
  });

  it('defaults to HTTP mode against slack.com', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET })).toEqual({
      mode: 'http',
      botToken: BOT,
      signingSecret: SECRET,
      apiUrl: 'https://slack.com/api/',
      editors: [],
    });
  });

  it('reads CITEBOT_EDITORS as user ids, naming a bad one', () => {
    expect(
      readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, CITEBOT_EDITORS: ' U024BE7LH, W0123ABC ' }).editors,
    ).toEqual(['U024BE7LH', 'W0123ABC']);
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, CITEBOT_EDITORS: 'ada@example.com' })).toEqual([
      expect.stringMatching(/^CITEBOT_EDITORS: must be Slack user ids/),
    ]);
  });

  it('reads SLACK_API_URL, adding the trailing slash the Web API client needs', () => {
    const c = readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect(c.apiUrl).toBe('http://127.0.0.1:9/api/');
  });

  it('switches to Socket Mode when SLACK_APP_TOKEN is set, where no signing secret is needed', () => {
    expect(readSlackConfig({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: APP })).toMatchObject({ mode: 'socket', appToken: APP });
  });

  it('names a missing signing secret in HTTP mode', () => {
    expect(problems({ SLACK_BOT_TOKEN: BOT })).toEqual(['SLACK_SIGNING_SECRET is not set']);
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_SIGNING_SECRET: '' })).toEqual(['SLACK_SIGNING_SECRET is not set']);
  });

  it('names every invalid variable at once, never printing a value', () => {
    const env = {
      SLACK_BOT_TOKEN: 'xoxp-user-token-value',
      SLACK_SIGNING_SECRET: 'not-a-secret-value',
      SLACK_API_URL: 'ftp://files.example',
    };
    const found = problems(env);
    expect(found.map((p) => p.split(':')[0])).toEqual(['SLACK_BOT_TOKEN', 'SLACK_API_URL', 'SLACK_SIGNING_SECRET']);
    for (const value of Object.values(env)) expect(found.join('\n')).not.toContain(value);
  });

  it('rejects an app token that is not one', () => {
    expect(problems({ SLACK_BOT_TOKEN: BOT, SLACK_APP_TOKEN: 'xoxb-wrong-kind' }).map((p) => p.split(':')[0])).toEqual(['SLACK_APP_TOKEN']);
  });
});
