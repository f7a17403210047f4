/**
 * `/add` and `/remove` on Discord (issue 19): the real discord.js Client against the fake Discord, a loopback
 * arXiv API, and a corpus copy the bot watches and reloads, as `npm start` runs it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REST } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestIo, runIngest } from '../../adapters/cli/ingest.js';
import { createDiscordBot, type DiscordBot } from '../../adapters/discord/bot.js';
import { servedCommands } from '../../adapters/discord/commands/index.js';
import { discordEditorCheck } from '../../adapters/discord/editors.js';
import { createLogger } from '../../adapters/shared/log.js';
import { loadCorpusFile, writeFileAtomic } from '../../src/index.js';
import { testServices } from '../adapters/support.js';
import { type WatchedCorpus, watchedCorpus } from './collection-support.js';
import { type FakeArxiv, startFakeArxiv } from './fakes/arxiv-peer.js';
import { ALICE, answered, type FakeDiscord, type FakeUser, OptionType, startFakeDiscord } from './fakes/discord-peer.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeA.thisIsNotARealTokenItIsForTests';
const EPHEMERAL = 64;
const BOB: FakeUser = { id: '222222222222222222', username: 'bob' };
const CAROL: FakeUser = { id: '333333333333333333', username: 'carol' };
const LIBRARIANS = '800000000000000001';
const MODS = '800000000000000002';

let peer: FakeDiscord;
let arxiv: FakeArxiv;
let corpus: WatchedCorpus;
let bot: DiscordBot;
const logs: string[] = [];

beforeAll(async () => {
  [peer, arxiv, corpus] = await Promise.all([startFakeDiscord({ token: TOKEN }), startFakeArxiv(), watchedCorpus()]);
  // The server and its members as the REST API gives them: Alice has the editor role (named in the
  // setting), Carol a role with Manage Server, Bob none.
  const roles = { [ALICE.id]: [LIBRARIANS], [BOB.id]: [], [CAROL.id]: [MODS] } as Record<string, string[]>;
  peer.intercept((req) => {
    if (req.method !== 'GET') return undefined;
    if (req.path === `/guilds/${peer.guildId}`)
      return {
        status: 200,
        body: {
          id: peer.guildId,
          owner_id: '999999999999999999',
          roles: [
            { id: peer.guildId, name: '@everyone', permissions: '2048' },
            { id: LIBRARIANS, name: 'Librarians', permissions: '0' },
            { id: MODS, name: 'Mods', permissions: String(1 << 5) },
          ],
        },
      };
    const member = new RegExp(`^/guilds/${peer.guildId}/members/(\\d+)$`).exec(req.path);
    if (member) return { status: 200, body: { user: { id: member[1] }, roles: roles[member[1]!] ?? [] } };
    return undefined;
  });
  const rest = new REST({ api: peer.apiUrl, retries: 0 }).setToken(TOKEN);
  // The commands as the platform serves them: /add and /remove with the settings read when it was configured.
  const commands = servedCommands({
    settings: { file: corpus.file, arxivApiUrl: arxiv.url, sleep: async () => {} },
    isEditor: discordEditorCheck(rest, ['librarians']),
  });
  const services = testServices(corpus.holder, createLogger({ secrets: [TOKEN], write: (line) => logs.push(line) }));
  bot = createDiscordBot({ token: TOKEN, apiUrl: peer.apiUrl, commands }, services);
  await bot.ready;
});

afterAll(async () => {
  await bot?.stop();
  await corpus?.watcher.stop();
  await Promise.all([peer?.close(), arxiv?.close()]);
});

async function run(name: 'add' | 'remove', ids: string, user: FakeUser = ALICE) {
  const i = peer.dispatchInteraction(peer.slashCommand(name, [{ name: 'ids', type: OptionType.String, value: ids }], user));
  const deferral = await peer.waitForRequest(answered.callback(i), `${name} deferral`);
  const edit = await peer.waitForRequest(answered.edit(i), `${name} reply`, 20_000);
  return { deferral: deferral.body, content: String(edit.body.content) };
}

const ids = async () => (await loadCorpusFile(corpus.file)).map((p) => p.id);

describe('/add and /remove on Discord', () => {
  it('an editor role adds papers by id and pdf link, is told what was added and not found, once the bot answers from them', async () => {
    const r = await run('add', 'arXiv:1706.03762v5, https://arxiv.org/pdf/1810.04805v2.pdf 2501.00001 not-an-id');
    expect(r.deferral).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(r.content).toContain('Added (2):');
    expect(r.content).toContain('Attention Is All You Need (1706.03762)');
    expect(r.content).toContain('Not found on arXiv: 2501.00001');
    expect(r.content).toContain('Not an arXiv id or link: not-an-id');
    expect(r.content).toContain('I answer from the new collection now (35 papers)');
    expect(arxiv.asked.at(-1)).toEqual(['1706.03762', '1810.04805', '2501.00001']);
    expect((await ids()).slice(-2)).toEqual(['1706.03762', '1810.04805']);
    expect(corpus.holder.current.get('1706.03762')?.authors).toEqual(['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar']);
    const change = logs.find((l) => l.includes('collection changed'))!;
    expect(change).toContain(`"platform":"discord","workspace":"${peer.guildId}","user":"${ALICE.id}"`);
    expect(change).toContain('"added":["1706.03762","1810.04805"]');
  });

  it('refuses, privately and politely, a member with neither Manage Server nor an editor role, and changes nothing', async () => {
    const before = readFileSync(corpus.file, 'utf8');
    const asked = arxiv.asked.length;
    const r = await run('remove', '1706.03762', BOB);
    expect(r.deferral).toMatchObject({ data: { flags: EPHEMERAL } });
    expect(r.content).toMatch(/^Sorry, only the collection’s editors can add or remove papers\. .*Manage Server/);
    expect(readFileSync(corpus.file, 'utf8')).toBe(before);
    expect(arxiv.asked.length).toBe(asked);
    expect(logs.some((l) => l.includes('/remove refused') && l.includes(BOB.id))).toBe(true);
  });

  it('Manage Server is enough: a moderator removes a paper; one not in the collection is named', async () => {
    const r = await run('remove', '1810.04805 2501.00002', CAROL);
    expect(r.content).toContain('Removed (1):');
    expect(r.content).toContain('Not in the collection: 2501.00002');
    expect(await ids()).not.toContain('1810.04805');
    expect(corpus.holder.current.get('1810.04805')).toBeUndefined();
  });

  it('an /add while another ingest holds the corpus loses nothing: both papers are there after', async () => {
    const dir = join(corpus.file, '..');
    const input = join(dir, 'one.jsonl');
    writeFileSync(input, `${JSON.stringify({ title: 'A Paper Ingested From A Shell Meanwhile', abstract: 'It says something.' })}\n`);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let writing!: () => void;
    const started = new Promise<void>((r) => (writing = r));
    const io: IngestIo = {
      stdout: { write: () => true },
      stderr: { write: () => true },
      env: {},
      fetch,
      // The ingest holds the lock while it writes; the write waits until /add has fetched and is waiting.
      writeFile: async (file, data) => {
        writing();
        await gate;
        await writeFileAtomic(file, data);
      },
    };
    const ingest = runIngest([input, '--out', corpus.file], io);
    await started;
    const asked = arxiv.asked.length;
    const add = run('add', '1810.04805');
    while (arxiv.asked.length === asked) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100)); // /add now waits for the lock
    release();
    expect(await ingest).toBe(0);
    const r = await add;
    expect(r.content).toContain('Added (1):');
    const after = await ids();
    expect(after).toContain('a-paper-ingested-from-a-shell-meanwhile');
    expect(after).toContain('1810.04805');
  });
});
