/**
 * `npm start` (adapters/main.ts), the composition root, as a child process against the loopback Discord and
 * Slack: every platform's configuration is checked before anything connects, and the shared HTTP server
 * reports each platform's state on /healthz.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from './fakes/discord-peer.js';
import { type SlackPeer, startSlackPeer } from './fakes/slack-peer.js';
import { startMainProcess } from './support/main-process.js';

const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const SLACK_BOT_TOKEN = 'xoxb-4444-3333-mainrootvalue';

let discord: FakeDiscord;
let slack: SlackPeer;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  discord = await startFakeDiscord({ token: DISCORD_TOKEN });
  slack = await startSlackPeer({ botToken: SLACK_BOT_TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'citebot-main-')); // no .env here: the child sees only what we pass
});

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

afterAll(async () => {
  await discord?.close();
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  const base = { PATH: process.env.PATH ?? '', HOME: dir, PORT: '0', CITEBOT_CACHE_DIR: join(dir, 'cache') };
  const main = startMainProcess(dir, { ...base, ...env });
  children.push(main.child);
  return main;
}

describe('npm start checks every platform before connecting any', () => {
  it('reports a bad Discord token and a missing Slack signing secret together, and connects to neither', async () => {
    const before = { discord: discord.requests.length, slack: slack.calls.length };
    const main = startMain({
      DISCORD_TOKEN: 'a-client-secret',
      DISCORD_API_URL: discord.apiUrl,
      SLACK_BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      PORT: 'eighty',
    });
    expect(await main.exited).toBe(1);
    const stderr = main.stderr();
    expect(stderr).toContain('citebot configuration is invalid:\n  - PORT: must be a port number');
    expect(stderr).toMatch(/Discord configuration is invalid:\n {2}- DISCORD_TOKEN: must be the bot token/);
    expect(stderr).toContain('Slack configuration is invalid:\n  - SLACK_SIGNING_SECRET is not set');
    expect(stderr).not.toContain('a-client-secret');
    expect(stderr).not.toContain(SLACK_BOT_TOKEN);
    expect(discord.requests.length).toBe(before.discord);
    expect(slack.calls.length).toBe(before.slack);
  });

  it('does not log in to Discord when only the Slack settings are wrong', async () => {
    const before = discord.requests.length;
    const main = startMain({ DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl, SLACK_BOT_TOKEN, SLACK_API_URL: slack.apiUrl });
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toContain('SLACK_SIGNING_SECRET is not set');
    expect(main.stderr()).not.toContain('Discord configuration');
    expect(discord.requests.length).toBe(before);
    expect(discord.sessions).toBe(0);
  });
});

describe('the shared HTTP server', () => {
  it('serves /healthz for a Discord-only bot, reporting the platform, and 404 for everything else', async () => {
    const main = startMain({ DISCORD_TOKEN, DISCORD_API_URL: discord.apiUrl });
    const port = Number((await main.logged(/listening on port (\d+) \(GET \/healthz, GET \/metrics\)/))[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; papers: number; platforms: Record<string, string> };
    expect(body).toMatchObject({ status: 'ok', platforms: { discord: 'ok' }, store: 'ok' });
    expect(body.papers).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(404);
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    await discord.sessionsBecome(0);
  });
});
