import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCORD_API_URL, parseDiscordConfig } from '../../../adapters/discord/config.js';
import { ConfigError } from '../../../adapters/shared/env.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';

function problems(env: Record<string, string>): string[] {
  try {
    parseDiscordConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('Discord configuration', () => {
  it('needs only the token, and defaults the API URL to Discord', () => {
    expect(parseDiscordConfig({ DISCORD_TOKEN: TOKEN })).toEqual({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: DEFAULT_DISCORD_API_URL });
  });

  it('treats empty values as unset', () => {
    expect(
      parseDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_GUILD_ID: '', DISCORD_APPLICATION_ID: '  ', DISCORD_API_URL: '' })
        .DISCORD_GUILD_ID,
    ).toBeUndefined();
  });

  it('accepts a token pasted with its "Bot " prefix, and an API URL with a version or trailing slash', () => {
    const config = parseDiscordConfig({ DISCORD_TOKEN: `Bot ${TOKEN}`, DISCORD_API_URL: 'http://127.0.0.1:8080/api/v10/' });
    expect(config.DISCORD_TOKEN).toBe(TOKEN);
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:8080/api');
  });

  it('names every missing or invalid variable, never its value', () => {
    const found = problems({ DISCORD_APPLICATION_ID: 'citebot', DISCORD_GUILD_ID: '12', DISCORD_API_URL: 'discord.com' });
    expect(found).toEqual([
      'DISCORD_TOKEN is not set',
      expect.stringMatching(/^DISCORD_APPLICATION_ID: must be the application ID/),
      expect.stringMatching(/^DISCORD_GUILD_ID: must be the server \(guild\) ID/),
      expect.stringMatching(/^DISCORD_API_URL: must be an http\(s\) URL/),
    ]);
  });

  it('tells a client secret apart from a bot token', () => {
    const secret = 'q1W2e3R4t5Y6u7I8o9P0a1S2d3F4g5H6';
    const found = problems({ DISCORD_TOKEN: secret });
    expect(found).toEqual([expect.stringMatching(/^DISCORD_TOKEN: must be the bot token .* not the client secret/)]);
    expect(found.join()).not.toContain(secret);
  });
});
