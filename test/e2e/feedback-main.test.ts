/**
 * The done-when, end to end: `npm start` (adapters/main.ts) as a child process serving Slack and Discord
 * (the loopback peers), answers and votes through both, SIGTERM, a restart that changes a vote, SIGTERM again, then
 * `npm run report -- --json` (adapters/cli/report.ts) over the same CITEBOT_DATA_DIR shows all of it.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK } from '../../adapters/shared/messages.js';
import type { Report } from '../../adapters/shared/store/index.js';
import { FEEDBACK_ACTION } from '../../adapters/slack/action-values.js';
import { answered, type FakeDiscord, OptionType, startFakeDiscord } from './fakes/discord-peer.js';
import { buttonClick, postSigned, type SlackPeer, signAction, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const MAIN = fileURLToPath(new URL('../../adapters/main.ts', import.meta.url));
const REPORT = fileURLToPath(new URL('../../adapters/cli/report.ts', import.meta.url));
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTheRestart';
const SLACK_BOT_TOKEN = 'xoxb-5555-6666-restartvalue';
const SIGNING_SECRET = 'ba5eba11'.padEnd(32, '3');
const KIVI_QUESTION = 'How does KIVI quantize the key cache?';
const UNANSWERABLE = 'What is the best recipe for sourdough bread?';

let discord: FakeDiscord;
let slack: SlackPeer;
let dir: string;
let env: Record<string, string>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  discord = await startFakeDiscord({ token: DISCORD_TOKEN });
  slack = await startSlackPeer({ botToken: SLACK_BOT_TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'citebot-feedback-main-')); // no .env here: the children see only `env`
  env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    PORT: '0',
    CITEBOT_CACHE_DIR: join(dir, 'cache'),
    CITEBOT_DATA_DIR: join(dir, 'state'),
    DISCORD_TOKEN,
    DISCORD_API_URL: discord.apiUrl,
    SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
  };
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await discord?.close();
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Start `npm start`; resolves once it serves, with its Slack events URL and a SIGTERM that resolves with the exit code. */
async function startMain() {
  const child = spawn(process.execPath, ['--import', TSX, MAIN], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const m = /listening on port (\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    void exited.then((code) => reject(new Error(`main exited (${code}): ${stderr}`)));
  });
  return {
    events: `http://127.0.0.1:${port}/slack/events`,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `npm run report -- --json` over the same data directory. */
async function report(): Promise<Report> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', TSX, REPORT, '--json'], { cwd: dir, env });
  return JSON.parse(stdout) as Report;
}

let seq = 0;
async function slackAsk(events: string, text: string) {
  const id = `main${++seq}`;
  await postSigned(events, signSlashCommand(SIGNING_SECRET, { command: '/ask', text, response_url: slack.responseUrl(id) }));
  const body = (await slack.response(id)).body as { blocks: { type: string; elements?: Record<string, { value: string }>[] }[] };
  const buttons = body.blocks.find((b) => b.type === 'context_actions')!.elements![0]!;
  return { up: buttons.positive_button!.value, down: buttons.negative_button!.value };
}

async function slackVote(events: string, value: string) {
  const id = `vote${++seq}`;
  const click = buttonClick({ actionId: FEEDBACK_ACTION, value, responseUrl: slack.responseUrl(id), elementType: 'feedback_buttons' });
  await postSigned(events, signAction(SIGNING_SECRET, click));
  return (await slack.response(id)).body.text;
}

async function discordAsk(question: string) {
  const i = discord.dispatchInteraction(discord.slashCommand('ask', [{ name: 'question', type: OptionType.String, value: question }]));
  return discord.messageFrom((await discord.waitForRequest(answered.edit(i), 'answer edit')).body);
}

async function discordVote(message: Record<string, unknown>, kind: 'up' | 'down') {
  const rows = message.components as { components: { custom_id?: string }[] }[];
  const customId = rows.flatMap((r) => r.components).find((c) => c.custom_id?.startsWith(`ask:v1:${kind}:`))!.custom_id!;
  const i = discord.dispatchInteraction(discord.buttonClick(customId, message));
  return (await discord.waitForRequest(answered.callback(i), 'vote acknowledgement')).body.data.content;
}

describe('answers and votes through Slack and Discord survive a restart', () => {
  it('npm run report -- --json shows the questions, the answered ones and the votes, a changed vote replacing the old', async () => {
    const first = await startMain();
    const kivi = await slackAsk(first.events, KIVI_QUESTION);
    await slackAsk(first.events, UNANSWERABLE);
    expect(await slackVote(first.events, kivi.up)).toBe(FEEDBACK.thanks('up'));
    const answer = await discordAsk(KIVI_QUESTION);
    expect(await discordVote(answer, 'up')).toBe(FEEDBACK.thanks('up'));
    expect(await first.stop()).toBe(0);

    expect(await report()).toMatchObject({ questions: 3, answered: 2, unanswered: [UNANSWERABLE], feedback: { up: 2, down: 0 } });

    // After the restart, the Slack voter changes their mind on the answer from before it.
    const second = await startMain();
    expect(await slackVote(second.events, kivi.down)).toBe(FEEDBACK.thanks('down'));
    expect(await second.stop()).toBe(0);
    expect(second.stderr()).not.toContain(SLACK_BOT_TOKEN);
    expect(second.stderr()).not.toContain(DISCORD_TOKEN);

    const after = await report();
    expect(after).toMatchObject({ questions: 3, answered: 2, unanswered: [UNANSWERABLE], feedback: { up: 1, down: 1, wrongPaper: 0 } });
    expect(after.thumbsDown).toEqual([expect.objectContaining({ question: KIVI_QUESTION, platform: 'slack' })]);
    expect(after.thumbsDown[0]!.cited[0]).toBe('2402.02750');
    expect(after.perDay.reduce((n, d) => n + d.questions, 0)).toBe(3);
  });
});
