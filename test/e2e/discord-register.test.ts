/** `npm run discord:register` against the fake Discord REST API: bulk overwrite, idempotent, clear failures. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainRegisterFailure, inviteUrl, registerCommands } from '../../adapters/discord/register-commands.js';
import { type FakeDiscord, startFakeDiscord } from './fakes/discord-peer.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const GUILD = '900000000000000777';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let peer: FakeDiscord;
let emptyDir: string;

beforeAll(async () => {
  peer = await startFakeDiscord({ token: TOKEN });
  emptyDir = mkdtempSync(join(tmpdir(), 'citebot-register-'));
});

afterAll(async () => {
  await peer?.close();
  rmSync(emptyDir, { recursive: true, force: true });
});

const writes = () => peer.requests.filter((r) => r.method !== 'GET');

describe('registerCommands', () => {
  it('overwrites the guild commands in one PUT, idempotently', async () => {
    const before = writes().length;
    const first = await registerCommands({ token: TOKEN, apiUrl: peer.apiUrl, applicationId: peer.applicationId, guildId: GUILD });
    const second = await registerCommands({ token: TOKEN, apiUrl: peer.apiUrl, applicationId: peer.applicationId, guildId: GUILD });
    expect(first.names).toEqual(['ask', 'paper', 'papers', 'related', 'help', 'add', 'remove']);
    expect(second.names).toEqual(first.names);
    const sent = writes().slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${peer.applicationId}/guilds/${GUILD}/commands`,
      `PUT /applications/${peer.applicationId}/guilds/${GUILD}/commands`,
    ]);
    expect(sent[0]!.body).toEqual(sent[1]!.body);
    expect(peer.registered.get(GUILD)).toHaveLength(7);
  });

  it('registers globally, asking Discord for the application id when it is not configured', async () => {
    const result = await registerCommands({ token: TOKEN, apiUrl: peer.apiUrl });
    expect(result.applicationId).toBe(peer.applicationId);
    expect(peer.registered.get('global')!.map((c) => c.name)).toEqual(['ask', 'paper', 'papers', 'related', 'help', 'add', 'remove']);
  });

  it('sends command definitions Discord accepts: options, limits and autocomplete', async () => {
    await registerCommands({ token: TOKEN, apiUrl: peer.apiUrl, applicationId: peer.applicationId });
    const byName = new Map(peer.registered.get('global')!.map((c) => [c.name, c]));
    expect(byName.get('ask').options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, max_length: 500 }),
      expect.objectContaining({ name: 'author', type: 3, required: false, autocomplete: true, max_length: 100 }),
      expect.objectContaining({ name: 'year', type: 3, required: false, max_length: 20 }),
      expect.objectContaining({ name: 'private', type: 5, required: false }),
    ]);
    expect(byName.get('paper').options[0]).toMatchObject({ name: 'title', type: 3, required: true, autocomplete: true });
    expect(byName.get('papers').options).toEqual([
      expect.objectContaining({ name: 'topic', type: 3, required: false, max_length: 60 }),
      expect.objectContaining({ name: 'author', type: 3, required: false, autocomplete: true }),
      expect.objectContaining({ name: 'year', type: 3, required: false }),
    ]);
    expect(byName.get('related').options[0]).toMatchObject({ name: 'title', type: 3, required: true, autocomplete: true });
    // Only Manage Server members see /add and /remove unless a server admin opens them to a role; servers only.
    for (const name of ['add', 'remove']) {
      expect(byName.get(name)).toMatchObject({ default_member_permissions: '32', contexts: [0] });
      expect(byName.get(name).options[0]).toMatchObject({ name: 'ids', type: 3, required: true });
    }
    expect(byName.get('ask').default_member_permissions ?? null).toBeNull();
    for (const c of byName.values()) {
      expect(c.description.length).toBeGreaterThan(0);
      expect(c.description.length).toBeLessThanOrEqual(100);
      for (const o of c.options ?? []) expect(o.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('explains a rejected token', async () => {
    const error = await registerCommands({
      token: 'MTIzNDU2Nzg5MDEyMzQ1Njc5.GfakeB.thisTokenWasRevokedLongAgoReally',
      apiUrl: peer.apiUrl,
    }).catch((e: unknown) => e);
    expect(explainRegisterFailure(error, {})).toMatch(/^Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/);
  });

  it('builds an invite URL with the bot and applications.commands scopes', () => {
    const url = new URL(inviteUrl('900000000000000001'));
    expect(url.origin + url.pathname).toBe('https://discord.com/oauth2/authorize');
    expect(url.searchParams.get('client_id')).toBe('900000000000000001');
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    expect(url.searchParams.get('permissions')).toBe(String(1024 + 2048 + 16384)); // View Channel, Send Messages, Embed Links
  });
});

function runRegister(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'adapters/discord/register.ts')], {
    cwd: emptyDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? emptyDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`discord:register did not exit; stderr:\n${stderr}`));
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run discord:register', () => {
  it('exits non-zero naming DISCORD_TOKEN when it is missing', async () => {
    const { code, stderr } = await runRegister({ DISCORD_GUILD_ID: 'not-a-number' });
    expect(code).toBe(1);
    expect(stderr).toContain('DISCORD_TOKEN is not set');
    expect(stderr).toContain('DISCORD_GUILD_ID: must be the server (guild) ID');
  });

  it('registers to the configured server and prints the invite URL', async () => {
    const { code, stdout } = await runRegister({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl, DISCORD_GUILD_ID: GUILD });
    expect(code).toBe(0);
    expect(stdout).toContain(`Registered /ask, /paper, /papers, /related, /help, /add, /remove to server ${GUILD} (available now).`);
    expect(stdout).toContain(`https://discord.com/oauth2/authorize?client_id=${peer.applicationId}&scope=bot+applications.commands`);
  });
});
