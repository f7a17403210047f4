/**
 * Two citebot replicas (`npm start` as child processes) behind Debian's nginx (round robin, on loopback), sharing a
 * throwaway PostgreSQL cluster and one corpus file, as README "Running several replicas" describes. Signed Slack
 * commands and signed Discord interactions go through nginx to loopback Slack and Discord peers. Skipped, with a
 * message saying what to install, only on a machine without nginx or PostgreSQL; in CI (CI=true) that fails instead.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CORPUS } from '../../adapters/shared/corpus.js';
import { FEEDBACK } from '../../adapters/shared/messages.js';
import { readReport } from '../../adapters/shared/store/index.js';
import { FEEDBACK_ACTION } from '../../adapters/slack/action-values.js';
import { answered, type FakeDiscord, type FakeUser, OptionType, startFakeDiscord } from '../e2e/fakes/discord-peer.js';
import { buttonClick, type SlackPeer, signAction, signSlashCommand, startSlackPeer } from '../e2e/fakes/slack-peer.js';
import { type MainProcess, startMainProcess, TSX_LOADER } from '../e2e/support/main-process.js';
import { findPostgresBin, startTestCluster, type TestCluster } from '../store/postgres.js';
import { findNginx, type Nginx, startNginx } from './nginx.js';

const BOT_TOKEN = 'xoxb-4242-4343-replicastest';
const SIGNING_SECRET = 'feed5eed'.padEnd(32, '9');
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const KIVI = '2402.02750';
const KIVI_QUESTION = 'How does KIVI quantize the key cache?';
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function available(): { nginx: string; problem?: undefined } | { nginx?: undefined; problem: string } {
  const nginx = findNginx();
  let pg = true;
  try {
    findPostgresBin();
  } catch {
    pg = false;
  }
  if (nginx && pg) return { nginx };
  const missing = [nginx ? undefined : 'nginx', pg ? undefined : 'PostgreSQL'].filter(Boolean).join(' and ');
  const problem = `the multi-replica test needs ${missing}: install them with \`sudo apt-get install nginx postgresql\` (or run \`bash .ci/nginx.sh\` and \`bash .ci/postgres.sh\` as root), or set CITEBOT_NGINX / CITEBOT_PG_BIN`;
  if (process.env.CI === 'true') throw new Error(`${problem}. CI must not skip it.`);
  return { problem };
}

const tools = available();
if (tools.problem) console.warn(`test/replicas skipped: ${tools.problem}`);

/** The raw 32-byte Ed25519 public key in hex, as the Developer Portal shows it. */
const publicHex = (key: KeyObject) => Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
const keys = generateKeyPairSync('ed25519');

interface Replica {
  main: MainProcess;
  port: number;
  url: string;
}

describe.skipIf(tools.problem !== undefined)('two replicas behind nginx, sharing PostgreSQL', () => {
  let dir: string;
  let cluster: TestCluster;
  let databaseUrl: string;
  let slack: SlackPeer;
  let discord: FakeDiscord;
  let corpus: string;
  let replicas: Replica[];
  let nginx: Nginx;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'citebot-replicas-'));
    corpus = join(dir, 'papers.jsonl');
    copyFileSync(DEFAULT_CORPUS, corpus);
    [cluster, slack, discord] = await Promise.all([
      startTestCluster(),
      startSlackPeer({ botToken: BOT_TOKEN }),
      startFakeDiscord({ token: DISCORD_TOKEN }),
    ]);
    databaseUrl = await cluster.createDatabase();
    const start = async (n: number): Promise<Replica> => {
      const main = startMainProcess(dir, {
        PATH: process.env.PATH ?? '',
        HOME: dir,
        CITEBOT_CORPUS: corpus,
        CITEBOT_CACHE_DIR: join(dir, `cache-${n}`),
        CITEBOT_DATA_DIR: join(dir, `state-${n}`),
        DATABASE_URL: databaseUrl,
        PORT: '0',
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        DISCORD_TOKEN,
        DISCORD_PUBLIC_KEY: publicHex(keys.publicKey),
        DISCORD_API_URL: discord.apiUrl,
        // Three questions per user, then one a minute: no refill while the test runs.
        CITEBOT_RATE_BURST: '3',
        CITEBOT_RATE_PER_MINUTE: '1',
      });
      const port = Number((await main.logged(/listening on port (\d+)/))[1]);
      await main.logged(/sharing rate limits and corpus changes with other replicas through PostgreSQL/);
      return { main, port, url: `http://127.0.0.1:${port}` };
    };
    replicas = await Promise.all([start(1), start(2)]);
    for (const r of replicas) {
      const health = await fetch(`${r.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', platforms: { discord: 'ok', slack: 'ok' }, store: 'ok' });
    }
    nginx = await startNginx(
      tools.nginx!,
      replicas.map((r) => r.port),
    );
  }, 90_000);

  afterAll(async () => {
    for (const r of replicas ?? []) if (r.main.child.exitCode === null) r.main.child.kill('SIGKILL');
    await Promise.allSettled([nginx?.stop(), slack?.close(), discord?.close(), cluster?.destroy()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const upstreamPort = (res: Response) => Number(res.headers.get('x-upstream')?.split(':').pop());

  let seq = 0;
  /** A signed /ask through nginx; resolves with the HTTP answer, the replica that served it, and the response-url id. */
  async function slackAsk(user: string, text = KIVI_QUESTION, via = nginx.url) {
    const id = `r${++seq}`;
    const signed = signSlashCommand(SIGNING_SECRET, { command: '/ask', text, user_id: user, response_url: slack.responseUrl(id) });
    const res = await fetch(`${via}/slack/events`, { method: 'POST', headers: signed.headers, body: signed.body });
    return { status: res.status, body: await res.text(), upstream: upstreamPort(res), id };
  }

  /** An interaction signed as Discord signs it, POSTed through nginx. */
  async function discordPost(interaction: unknown, privateKey: KeyObject = keys.privateKey) {
    const body = JSON.stringify(interaction);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const res = await fetch(`${nginx.url}/discord/interactions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, upstream: upstreamPort(res) };
  }

  it('answers signed Slack commands through nginx from both replicas', async () => {
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await slackAsk(`URR${i}`));
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(sent.map((s) => s.upstream))).toEqual(new Set(replicas.map((r) => r.port)));
    for (const s of sent) expect(JSON.stringify((await slack.response(s.id)).body)).toContain(`arxiv.org/abs/${KIVI}`);
    // Each replica logged its questions as JSON lines carrying nginx's request id ($request_id: 32 hex digits).
    for (const r of replicas) {
      const line = JSON.parse((await r.main.logged(/^\{.*"msg":"question answered".*\}$/m))[0]);
      expect(line).toMatchObject({ level: 'info', name: 'questions', platform: 'slack', reqId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    }
  });

  it('answers signed Discord interactions through nginx from both replicas, and refuses a bad signature', async () => {
    expect((await discordPost({ type: 1 })).body).toEqual({ type: 1 });
    const users: FakeUser[] = [0, 1, 2, 3].map((i) => ({ id: `30000000000000000${i}`, username: `user${i}` }));
    const sent = [];
    for (const user of users) {
      const interaction = discord.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: KIVI_QUESTION }], user);
      const res = await discordPost(interaction);
      expect(res.status).toBe(200);
      sent.push({ interaction, res });
    }
    expect(new Set(sent.map((s) => s.res.upstream))).toEqual(new Set(replicas.map((r) => r.port)));
    for (const { interaction, res } of sent) {
      // Answered inline, or deferred and then edited through the webhook.
      const text =
        res.body.type === 5
          ? JSON.stringify((await discord.waitForRequest(answered.edit(interaction), 'answer edit', 10_000)).body)
          : JSON.stringify(res.body);
      expect(text).toContain(`arxiv.org/abs/${KIVI}`);
    }
    const forged = generateKeyPairSync('ed25519').privateKey;
    expect((await discordPost(discord.slashCommand('papers'), forged)).status).toBe(401);
  });

  it('shares each user’s rate limit: round robin does not double the burst', async () => {
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await slackAsk('ULIMIT'));
    // Both replicas took questions from this user, and together they let three in.
    expect(new Set(sent.map((s) => s.upstream)).size).toBe(2);
    expect(sent.slice(0, 3).map((s) => s.body)).toEqual(['', '', '']);
    expect(sent[3]!.body).toContain('faster than I can answer everyone');
  });

  it('records a vote through one replica that the other replaces, on Slack and on Discord: one shared store', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const asked = await slackAsk('UVOTER', KIVI_QUESTION, a.url);
    const blocks = (await slack.response(asked.id)).body.blocks as {
      type: string;
      elements?: { positive_button: { value: string }; negative_button: { value: string } }[];
    }[];
    const buttons = blocks.find((x) => x.type === 'context_actions')!.elements![0]!;
    const click = async (at: Replica, value: string) => {
      const id = `v${++seq}`;
      const payload = buttonClick({
        actionId: FEEDBACK_ACTION,
        value,
        responseUrl: slack.responseUrl(id),
        userId: 'UVOTER',
        elementType: 'feedback_buttons',
      });
      const signed = signAction(SIGNING_SECRET, payload);
      expect((await fetch(`${at.url}/slack/events`, { method: 'POST', headers: signed.headers, body: signed.body })).status).toBe(200);
      await slack.response(id);
    };
    const feedback = async () => (await readReport({ dataDir: join(dir, 'none'), databaseUrl, days: 1 })).feedback;
    await click(a, buttons.positive_button.value);
    await expect.poll(feedback, { timeout: 10_000 }).toMatchObject({ up: 1, down: 0 });
    await click(b, buttons.negative_button.value);
    await expect.poll(feedback, { timeout: 10_000 }).toMatchObject({ up: 0, down: 1 });

    // The same on Discord, through nginx: 👍 lands on one replica, the change to 👎 on the other.
    const voter: FakeUser = { id: '400000000000000001', username: 'voter' };
    const interaction = discord.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: KIVI_QUESTION }], voter);
    expect((await discordPost(interaction)).body).toMatchObject({ type: 5 });
    const edit = await discord.waitForRequest(answered.edit(interaction), 'answer edit', 10_000);
    const row = edit.body.components[1].components as { label?: string; custom_id?: string }[];
    const vote = (label: string) =>
      discordPost(discord.buttonClick(row.find((c) => c.label === label)!.custom_id!, discord.messageFrom(edit.body), voter));
    const up = await vote('👍');
    expect(up.body).toMatchObject({ type: 4, data: { content: FEEDBACK.thanks('up') } });
    await expect.poll(feedback, { timeout: 10_000 }).toMatchObject({ up: 1, down: 1 });
    const down = await vote('👎');
    expect(down.body).toMatchObject({ type: 4, data: { content: FEEDBACK.thanks('down') } });
    expect(down.upstream).not.toBe(up.upstream);
    await expect.poll(feedback, { timeout: 10_000 }).toMatchObject({ up: 0, down: 2 });
  });

  it('an ingest announces the new corpus version and every replica reloads it', async () => {
    const paper = {
      id: 'replica-test-0001',
      title: 'Zebrafish Lantern Routing for Sparse Mixture Gates',
      abstract: 'We introduce zebrafish lantern routing, which sends each token to the lantern expert whose gate glows brightest.',
      authors: ['Ada Lovelace'],
      year: 2026,
    };
    const input = join(dir, 'new.jsonl');
    writeFileSync(input, `${JSON.stringify(paper)}\n`);
    // Each replica's listener is connected (it would otherwise read the version only once it reconnects).
    for (const r of replicas)
      await expect
        .poll(async () => ((await (await fetch(`${r.url}/healthz`)).json()) as { corpusChanges?: string }).corpusChanges)
        .toBe('listening');
    const ingest = startTsx('adapters/cli/ingest.ts', [input, '--out', corpus], { DATABASE_URL: databaseUrl });
    expect(await ingest.exited).toBe(0);
    for (const r of replicas) {
      await r.main.logged(/"msg":"corpus change announced"/);
      await expect
        .poll(async () => ((await (await fetch(`${r.url}/healthz`)).json()) as { papers: number }).papers, { timeout: 15_000 })
        .toBe(34);
    }
    const asked = await slackAsk('UINGEST', 'What is zebrafish lantern routing?');
    expect(JSON.stringify((await slack.response(asked.id)).body)).toContain('Zebrafish Lantern Routing');
  });

  it('loses no request when one replica stops mid-load: nginx retries refused connections, the other keeps answering', async () => {
    const [a, b] = replicas as [Replica, Replica];
    const total = 40;
    // A request the stopping replica has begun to read when SIGTERM arrives: its body comes after the signal.
    const slow = signSlashCommand(SIGNING_SECRET, {
      command: '/ask',
      text: KIVI_QUESTION,
      user_id: 'USLOW',
      response_url: slack.responseUrl('slow'),
    });
    const slowRequest = request(`${a.url}/slack/events`, {
      method: 'POST',
      headers: { ...slow.headers, 'content-length': Buffer.byteLength(slow.body) },
    });
    const slowStatus = new Promise<number>((resolve, reject) => {
      slowRequest.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slowRequest.on('error', reject);
    });
    slowRequest.flushHeaders();
    const inFlight: Promise<Awaited<ReturnType<typeof slackAsk>>>[] = [];
    for (let i = 0; i < total; i++) {
      inFlight.push(slackAsk(`ULOAD${i}`));
      if (i === 14) {
        a.main.child.kill('SIGTERM');
        void a.main.logged(/SIGTERM received/).then(() => slowRequest.end(slow.body));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const sent = await Promise.all(inFlight);
    expect(sent.map((s) => s.status)).toEqual(Array(total).fill(200));
    for (const s of sent) expect(JSON.stringify((await slack.response(s.id)).body)).toContain(`arxiv.org/abs/${KIVI}`);
    expect(await slowStatus).toBe(200);
    expect(JSON.stringify((await slack.response('slow')).body)).toContain(`arxiv.org/abs/${KIVI}`);
    expect(await a.main.exited).toBe(0);
    expect(a.main.stderr()).toMatch(/SIGTERM received, shutting down/);
    // The stopping replica had served part of the load, and nginx met its failure and went on to the other
    expect(sent.slice(0, 15).some((s) => s.upstream === a.port)).toBe(true);
    // (refused: the listener was closed; reset: queued by the kernel in the instant it closed, never read).
    expect(nginx.errorLog()).toMatch(
      /\((111: Connection refused|104: Connection reset by peer)\) while (connecting to|reading response header from) upstream/,
    );
    // Everything sent after the stopped replica closed went to the other one.
    expect(sent.slice(-5).map((s) => s.upstream)).toEqual(Array(5).fill(b.port));
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);
  });
});

/** Run a TypeScript entry of the repository through tsx with the test's PATH and `env`. */
function startTsx(entry: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, entry), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return { exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))), stderr: () => stderr };
}
