import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDiscordConfig } from '../../../adapters/discord/config.js';
import { discordPublicKey } from '../../../adapters/discord/interactions-http.js';
import { ConfigError } from '../../../adapters/shared/env.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';

describe('DISCORD_PUBLIC_KEY', () => {
  it('is read as the Developer Portal shows it, and becomes the same key node:crypto generated', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const hex = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
    expect(parseDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: hex.toUpperCase() }).DISCORD_PUBLIC_KEY).toBe(hex.toUpperCase());
    expect(discordPublicKey(hex).equals(publicKey)).toBe(true);
  });

  it('names a value that is not a public key (a token or client secret pasted by mistake), never printing it', () => {
    for (const wrong of [TOKEN, 'f'.repeat(32), 'g'.repeat(64)]) {
      try {
        parseDiscordConfig({ DISCORD_TOKEN: TOKEN, DISCORD_PUBLIC_KEY: wrong });
        throw new Error('expected a ConfigError');
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        expect(error.problems).toEqual([expect.stringMatching(/^DISCORD_PUBLIC_KEY: must be the application’s Public Key/)]);
        expect(error.message).not.toContain(wrong);
      }
    }
    expect(() => discordPublicKey('abc')).toThrow(/64 hex characters/);
  });
});
