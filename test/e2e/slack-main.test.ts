/**
 * `npm start` (adapters/main.ts) as a child process: it refuses a half-configured Slack adapter, and with
 * full credentials it serves Slack over HTTP (here against the loopback fake Slack).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { postSigned, type SlackPeer, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const MAIN = fileURLToPath(new URL('../../adapters/main.ts', import.meta.url));
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const BOT_TOKEN = 'xoxb-9999-8888-maintestvalue';
const SIGNING_SECRET = 'c0ffee'.padEnd(32, '7');

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Run adapters/main.ts with only the given variables (no DISCORD_*), from an empty directory (no .env). */
function startMain(env: Record<string, string>): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const cwd = mkdtempSync(join(tmpdir(), 'citebot-slack-main-'));
  cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
  const child = spawn(process.execPath, ['--import', TSX, MAIN], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: cwd, CITEBOT_CACHE_DIR: join(cwd, 'cache'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

describe('npm start with Slack credentials', () => {
  it('exits non-zero naming SLACK_SIGNING_SECRET when only SLACK_BOT_TOKEN is set', async () => {
    const main = startMain({ SLACK_BOT_TOKEN: BOT_TOKEN });
    expect(await main.exited).not.toBe(0);
    expect(main.stderr()).toMatch(/SLACK_SIGNING_SECRET is not set/);
    expect(main.stderr()).not.toContain(BOT_TOKEN);
  });

  it('starts the Slack adapter over HTTP: healthz, a signed /ask answered, clean exit on SIGTERM', async () => {
    const peer: SlackPeer = await startSlackPeer({ botToken: BOT_TOKEN });
    cleanups.push(() => peer.close());
    const main = startMain({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: peer.apiUrl, PORT: '0' });
    const port = await new Promise<number>((resolve, reject) => {
      const check = () => {
        const m = /listening on port (\d+) \(GET \/healthz, POST \/slack\/events, GET \/metrics\)/.exec(main.stderr());
        if (m) resolve(Number(m[1]));
      };
      main.child.stderr!.on('data', check);
      main.exited.then((code) => reject(new Error(`main exited (${code}): ${main.stderr()}`)));
    });

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const report = (await health.json()) as { papers: number; platforms: Record<string, string> };
    expect(report.papers).toBeGreaterThan(0);
    expect(report.platforms).toEqual({ slack: 'ok' });

    const ask = signSlashCommand(SIGNING_SECRET, {
      command: '/ask',
      text: 'How does KIVI quantize the key cache?',
      response_url: peer.responseUrl('main'),
    });
    expect((await postSigned(`http://127.0.0.1:${port}/slack/events`, ask)).status).toBe(200);
    expect(JSON.stringify((await peer.response('main')).body)).toContain('arxiv.org/abs/2402.02750');

    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.stderr()).not.toContain(BOT_TOKEN);
    expect(main.stderr()).not.toContain(SIGNING_SECRET);
  });
});
