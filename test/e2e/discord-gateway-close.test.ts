/**
 * Issue 18, failure 1: after a fatal gateway close once connected (4004 token revoked, 4014 disallowed intents,
 * 4010-4013), Discord died silently: alone, `npm start` kept running (or exited 0) with no log line; with Slack
 * too, `/healthz` said 200. At start-up 4014 was reported as "Could not reach the Discord API… check the network".
 * The fake gateway closes the socket with those codes after READY.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FATAL_CLOSE_CODES } from '../../adapters/discord/bot.js';
import { discordPlatform } from '../../adapters/discord/platform.js';
import { LibraryHolder } from '../../adapters/shared/library-holder.js';
import { createLogger } from '../../adapters/shared/log.js';
import type { PlatformHost, RunningPlatform } from '../../adapters/shared/platform.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { type FakeDiscord, startFakeDiscord } from './fakes/discord-peer.js';
import { postSigned, type SlackPeer, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';
import { startMainProcess } from './support/main-process.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const SLACK_BOT_TOKEN = 'xoxb-4444-3333-gatewayclosevalue';
const SLACK_SIGNING_SECRET = '0123456789abcdef0123456789abcdef';

let peer: FakeDiscord;
let slack: SlackPeer;
let holder: LibraryHolder;
let dir: string;
const children: ChildProcess[] = [];
const running: RunningPlatform[] = [];

beforeAll(async () => {
  peer = await startFakeDiscord({ token: TOKEN });
  slack = await startSlackPeer({ botToken: SLACK_BOT_TOKEN });
  holder = new LibraryHolder(await seedLibrary());
  dir = mkdtempSync(join(tmpdir(), 'citebot-gateway-close-'));
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(running.splice(0).map((r) => r.stop()));
  peer.refuseIdentify(undefined);
  peer.revokeToken(false);
  await peer.sessionsBecome(0);
});

afterAll(async () => {
  await peer?.close();
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  const base = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    PORT: '0',
    CITEBOT_CACHE_DIR: join(dir, 'cache'),
    CITEBOT_DATA_DIR: join(dir, 'state'),
  };
  const main = startMainProcess(dir, { ...base, ...env });
  children.push(main.child);
  return main;
}

/** Start the platform in this process, with short re-login waits and a host that always says `answer`. */
async function startInProcess(answer: 'retry' | 'stop', relogin = {}) {
  const lines: string[] = [];
  const asked: string[] = [];
  const host: PlatformHost = {
    lost: (_name, problem) => {
      asked.push(problem);
      return answer;
    },
  };
  const log = createLogger({ secrets: [TOKEN], write: (l) => lines.push(l) });
  const platform = discordPlatform({ relogin: { firstDelayMs: 50, maxDelayMs: 200, ...relogin } });
  const started = await platform.configure({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl }).start(testServices(holder, log), host);
  running.push(started);
  return { started, lines, asked };
}

const until = async (what: string, check: () => boolean, timeoutMs = 5000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('issue 18, failure 1: a fatal gateway close once connected', () => {
  it('with Discord alone, npm start exits 1 with a log line naming 4014 and what to do', async () => {
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl });
    await main.logged(/discord adapter started/);
    peer.closeSessions(4014, 'Disallowed intent(s).');
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toMatch(
      /"level":"error".*"name":"discord".*"msg":"gateway connection lost: Discord closed the gateway with code 4014 \(disallowed intents\)/,
    );
    expect(main.stderr()).toMatch(/enable the intent in the Developer Portal .* or remove it from the bot’s intents/);
    expect(main.stderr()).toMatch(/no platform is serving any more, stopping with exit code 1/);
    expect(main.stderr()).not.toContain(TOKEN);
  });

  it('with Discord alone, a revoked token (4004) exits 1 and says to reset the token', async () => {
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl });
    await main.logged(/discord adapter started/);
    peer.closeSessions(4004, 'Authentication failed.');
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toMatch(/code 4004 \(authentication failed\)\. Discord rejected or revoked DISCORD_TOKEN.*Reset Token/);
  });

  it('with Slack running too, /healthz turns 503 with discord down, it is logged, and Slack keeps serving', async () => {
    const main = startMain({
      DISCORD_TOKEN: TOKEN,
      DISCORD_API_URL: peer.apiUrl,
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
    });
    const port = Number((await main.logged(/listening on port (\d+)/))[1]);
    const health = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      return { status: res.status, body: (await res.json()) as { platforms: Record<string, string> } };
    };
    expect((await health()).status).toBe(200);
    peer.refuseIdentify(4014); // the re-login is refused too, until the intent is "enabled"
    peer.closeSessions(4014);
    await main.logged(/gateway connection lost: Discord closed the gateway with code 4014/);
    await main.logged(/discord is down \(slack still serving; \/healthz reports 503\)/);
    await main.logged(/logging in to Discord again in 5 s \(attempt 1 of 10\)/);
    const after = await health();
    expect(after.status).toBe(503);
    expect(after.body.platforms).toEqual({ discord: 'down', slack: 'ok' });
    expect(main.child.exitCode).toBe(null);
    const ask = signSlashCommand(SLACK_SIGNING_SECRET, {
      command: '/ask',
      text: 'What is KIVI?',
      response_url: slack.responseUrl('still'),
    });
    expect((await postSigned(`http://127.0.0.1:${port}/slack/events`, ask)).status).toBe(200);
    expect(JSON.stringify((await slack.response('still')).body)).toContain('KIVI');
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
  });

  it.each(Object.keys(FATAL_CLOSE_CODES).map(Number))('close %i: reported down, logged with its code, the host asked', async (code) => {
    const { started, lines, asked } = await startInProcess('stop');
    expect(started.state()).toBe('ok');
    peer.closeSessions(code);
    await until('the host to be asked', () => asked.length === 1);
    expect(started.state()).toBe('down');
    expect(asked[0]).toContain(`code ${code} (${FATAL_CLOSE_CODES[code]!.name})`);
    expect(lines.join('\n')).toMatch(
      new RegExp(`"level":"error".*"msg":"gateway connection lost: Discord closed the gateway with code ${code}`),
    );
    await peer.sessionsBecome(0);
    // 'stop': no re-login.
    const identifies = peer.identifies;
    await new Promise((r) => setTimeout(r, 150));
    expect(peer.identifies).toBe(identifies);
  });

  it('when the host says retry, logs in again with backoff until the gateway accepts, then reports ok', async () => {
    const { started, lines } = await startInProcess('retry');
    peer.refuseIdentify(4014);
    const before = peer.identifies;
    peer.closeSessions(4014);
    await until('two refused re-logins', () => peer.identifies >= before + 2);
    expect(started.state()).toBe('down');
    peer.refuseIdentify(undefined); // the intent is enabled in the Developer Portal
    await until('the session to be back', () => started.state() === 'ok');
    expect(peer.sessions).toBe(1);
    const log = lines.join('\n');
    expect(log).toMatch(/logging in to Discord again in 0 s \(attempt 1 of 10\)/);
    expect(log).toMatch(/logging in to Discord again failed: Discord closed the gateway with code 4014/);
    expect(log).toMatch(/logged in to Discord again as citebot/);
  });

  it('a revoked token is not retried forever: one more login, then it gives up and stays down', async () => {
    const { started, lines } = await startInProcess('retry');
    peer.revokeToken(true);
    const before = peer.requests.length;
    peer.closeSessions(4004);
    await until('giving up', () => lines.some((l) => /giving up on Discord: Discord rejected DISCORD_TOKEN 2 times/.test(l)));
    const gatewayCalls = () => peer.requests.slice(before).filter((r) => r.path === '/gateway/bot').length;
    expect(gatewayCalls()).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(gatewayCalls()).toBe(1);
    expect(started.state()).toBe('down');
  });

  it('gives up after maxAttempts failed logins', async () => {
    const { started, lines } = await startInProcess('retry', { maxAttempts: 3, firstDelayMs: 10, maxDelayMs: 20 });
    peer.refuseIdentify(4014);
    peer.closeSessions(4014);
    await until('giving up', () => lines.some((l) => /giving up on Discord: 3 logins failed/.test(l)));
    expect(started.state()).toBe('down');
  });
});

describe('issue 18, failure 1: fatal closes at start-up', () => {
  it('4014 while logging in names the code and the Developer Portal, not the network', async () => {
    peer.refuseIdentify(4014);
    const platform = discordPlatform();
    const failed = platform.configure({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl }).start(testServices(holder));
    await expect(failed).rejects.toThrow(
      /^Discord closed the gateway with code 4014 \(disallowed intents\).*enable the intent in the Developer Portal/,
    );
    await expect(failed).rejects.not.toThrow(/Could not reach|network/);
  });

  it('npm start exits 1 naming 4014', async () => {
    peer.refuseIdentify(4014);
    const main = startMain({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: peer.apiUrl });
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toMatch(/discord failed to start: Discord closed the gateway with code 4014 \(disallowed intents\)/);
    expect(main.stderr()).not.toMatch(/Could not reach the Discord API/);
  });
});
