/**
 * Starting and stopping the Discord adapter: configuration errors, a rejected token, the start-up check for
 * unregistered commands, and `npm start` (adapters/main.ts) as a child process against the fake Discord.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { discord } from '../../adapters/discord/platform.js';
import { registerCommands } from '../../adapters/discord/register-commands.js';
import { ConfigError } from '../../adapters/shared/env.js';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import type { Services } from '../../adapters/shared/services.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { type FakeDiscord, startFakeDiscord } from './fakes/discord-peer.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const OTHER_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc5.GfakeB.thisTokenWasRevokedLongAgoReally';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

let peer: FakeDiscord;
let holder: LibraryHolder;
let emptyDir: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  peer = await startFakeDiscord({ token: TOKEN });
  holder = new LibraryHolder(await seedLibrary());
  emptyDir = mkdtempSync(join(tmpdir(), 'citebot-discord-')); // no .env here: the child sees only what we pass
});

afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
});

afterAll(async () => {
  await peer?.close();
  rmSync(emptyDir, { recursive: true, force: true });
});

/** Run a TypeScript entry with a clean environment; killed if it outlives `timeoutMs`. */
function runEntry(entry: string, env: Record<string, string>, timeoutMs = 20_000) {
  // PORT 0: the shared HTTP server on a free port; the saved index in a temporary folder, not the repository.
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? emptyDir, PORT: '0', CITEBOT_CACHE_DIR: join(emptyDir, 'cache') };
  const child = spawn(TSX, [join(ROOT, entry)], { cwd: emptyDir, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  const stderrListeners = new Set<() => void>();
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const l of stderrListeners) l();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  exited.catch(() => {});
  const stderrMatches = (re: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (re.test(stderr)) {
          stderrListeners.delete(check);
          resolve();
        }
      };
      stderrListeners.add(check);
      check();
      exited.then(() => reject(new Error(`${entry} exited before printing ${re}; stderr:\n${stderr}`)), reject);
    });
  return { child, exited, stderrMatches };
}

const quietLog = (lines: string[]) => createLogger({ secrets: [TOKEN, OTHER_TOKEN], write: (l) => lines.push(l) });
const servicesLogging = (lines: string[]): Services => testServices(holder, quietLog(lines));
const start = (env: Record<string, string>, lines: string[] = []) => discord.configure(env).start(servicesLogging(lines));

describe('discord platform', () => {
  it('is configured exactly when DISCORD_TOKEN has a value', () => {
    expect(discord.isConfigured({ DISCORD_TOKEN: TOKEN })).toBe(true);
    expect(discord.isConfigured({ DISCORD_TOKEN: '  ' })).toBe(false);
    expect(discord.isConfigured({ SLACK_BOT_TOKEN: 'xoxb-1' })).toBe(false);
  });

  it('refuses to configure invalid settings, naming each variable, without connecting', async () => {
    const before = peer.requests.length;
    let error: unknown;
    try {
      discord.configure({
        DISCORD_TOKEN: 'a-client-secret-not-a-token',
        DISCORD_GUILD_ID: 'my-server',
        DISCORD_API_URL: 'ftp://example.com',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('DISCORD_TOKEN: must be the bot token');
    expect(message).toContain('DISCORD_GUILD_ID: must be the server (guild) ID');
    expect(message).toContain('DISCORD_API_URL: must be an http(s) URL');
    expect(message).not.toContain('a-client-secret-not-a-token');
    expect(peer.requests.length).toBe(before);
  });

  it('rejects start() with a clear message when Discord refuses the token', async () => {
    await expect(start({ DISCORD_TOKEN: OTHER_TOKEN, DISCORD_API_URL: peer.apiUrl })).rejects.toThrow(
      /^Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/,
    );
    expect(peer.sessions).toBe(0);
  });

  it('logs in, warns when the commands are not registered, and stops cleanly', async () => {
    const lines: string[] = [];
    const running = await start({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl }, lines);
    expect(running.state()).toBe('ok');
    expect(peer.sessions).toBe(1);
    expect(lines.join('\n')).toMatch(/logged in as citebot/);
    expect(lines.join('\n')).toMatch(
      /commands not registered with Discord: \/ask, \/paper, \/papers, \/related, \/help, \/add, \/remove\. Run `npm run discord:register`/,
    );
    await running.stop();
    await peer.sessionsBecome(0);

    await registerCommands({ token: TOKEN, apiUrl: peer.apiUrl });
    const after: string[] = [];
    const again = await start({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl }, after);
    await again.stop();
    expect(after.join('\n')).not.toMatch(/not registered/);
    expect([...lines, ...after].join('\n')).not.toContain(TOKEN);
  });
});

describe('npm start with Discord configured', () => {
  it('exits non-zero, naming DISCORD_TOKEN, when Discord answers 401', async () => {
    const { exited } = runEntry('adapters/main.ts', { DISCORD_TOKEN: OTHER_TOKEN, DISCORD_API_URL: peer.apiUrl });
    const { code, stderr } = await exited;
    expect(code).toBe(1);
    expect(stderr).toMatch(/discord failed to start: Discord rejected DISCORD_TOKEN \(401 Unauthorized\)/);
    expect(stderr).not.toContain(OTHER_TOKEN);
  });

  it('serves until SIGTERM, then disconnects and exits 0', async () => {
    const { child, exited, stderrMatches } = runEntry('adapters/main.ts', { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl });
    await stderrMatches(/discord adapter started/);
    expect(peer.sessions).toBe(1);
    child.kill('SIGTERM');
    const { code, stderr } = await exited;
    expect(stderr).toMatch(/SIGTERM received, shutting down/);
    expect(code).toBe(0);
    await peer.sessionsBecome(0);
  });
});
