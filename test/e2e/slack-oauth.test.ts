/**
 * Slack for many workspaces, on SQLite and on PostgreSQL: the real Bolt app, started by the Slack platform with
 * SLACK_CLIENT_ID set, on the shared HTTP server, against a loopback Slack. A browser's install (GET /slack/install,
 * Slack's redirect back with a code, oauth.v2.access at the peer) stores the workspace's installation in the database;
 * a second replica on the same database then answers that workspace with its own bot token, a retried event reaching
 * the other replica is answered once, and an uninstall forgets the workspace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../adapters/shared/log.js';
import type { RunningPlatform } from '../../adapters/shared/platform.js';
import { createDatabase } from '../../adapters/shared/store/database.js';
import { slack } from '../../adapters/slack/platform.js';
import type { Library } from '../../src/index.js';
import { seedLibrary, testServices } from '../adapters/support.js';
import { ENGINES } from '../store/engines.js';
import { eventEnvelope, postSigned, type SlackPeer, signEvent, signSlashCommand, startSlackPeer } from './fakes/slack-peer.js';

const TEAM = 'T0002';
const TEAM_TOKEN = 'xoxb-2222-3333-teamtwotoken';
const SIGNING_SECRET = 'ab'.repeat(16);
const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = 'cd'.repeat(16);
const STATE_SECRET = 'a state secret every replica shares, 32+ chars';
const KIVI_LINK = '<https://arxiv.org/abs/2402.02750|KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache>';

interface Replica {
  url: string;
  logs: string[];
  platform: RunningPlatform;
  close(): Promise<void>;
}

/** Resolves once `done()` holds, checking every 20 ms; fails after 5 s. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (done()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting');
}

/** An event envelope from workspace T0002. */
function teamEvent(event: Record<string, unknown>, eventId: string) {
  const envelope = eventEnvelope(event, eventId);
  return {
    ...envelope,
    team_id: TEAM,
    authorizations: [{ enterprise_id: null, team_id: TEAM, user_id: 'UBOT2', is_bot: true, is_enterprise_install: false }],
  };
}

describe.each(ENGINES)('Slack OAuth on $name', (engine) => {
  let peer: SlackPeer;
  let library: Library;
  let env: Record<string, string>;
  const replicas: Replica[] = [];

  async function startReplica(): Promise<Replica> {
    const logs: string[] = [];
    const services = testServices({ current: library }, createLogger({ write: (line) => logs.push(line) }));
    const platform = await slack.configure(env).start(services);
    const port = await services.server.listen(0, '127.0.0.1');
    const replica = {
      url: `http://127.0.0.1:${port}`,
      logs,
      platform,
      close: async () => {
        await platform.stop();
        await services.server.close();
      },
    };
    replicas.push(replica);
    return replica;
  }

  beforeAll(async () => {
    await engine.setup();
    const target = await engine.fresh();
    library = await seedLibrary();
    peer = await startSlackPeer({ botToken: TEAM_TOKEN, botUserId: 'UBOT2', botId: 'BBOT2' });
    peer.setResponder('oauth.v2.access', (call) =>
      call.args.code === 'the-code' && call.args.client_secret === CLIENT_SECRET
        ? {
            ok: true,
            app_id: 'A0001',
            authed_user: { id: 'U0001' },
            scope: 'commands,chat:write,chat:write.public,app_mentions:read,im:history,channels:history,groups:history,mpim:history',
            token_type: 'bot',
            access_token: TEAM_TOKEN,
            bot_user_id: 'UBOT2',
            team: { id: TEAM, name: 'Team Two' },
            enterprise: null,
            is_enterprise_install: false,
          }
        : { ok: false, error: 'invalid_code' },
    );
    env = {
      ...target.env,
      SLACK_CLIENT_ID: CLIENT_ID,
      SLACK_CLIENT_SECRET: CLIENT_SECRET,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: peer.apiUrl,
    };
  });

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
    await peer?.close();
    await engine.teardown();
  });

  it('installs through one replica: /slack/install redirects to Slack with a signed state, the redirect back stores the installation', async () => {
    const one = await startReplica();
    const install = await fetch(`${one.url}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const authorize = new URL(install.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('scope')).toBe(
      'commands,chat:write,chat:write.public,app_mentions:read,im:history,channels:history,groups:history,mpim:history',
    );
    const state = authorize.searchParams.get('state')!;
    const cookie = install.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toContain(state);

    // A forged state is refused and stores nothing.
    const forged = await fetch(`${one.url}/slack/oauth_redirect?code=the-code&state=forged`, { headers: { cookie }, redirect: 'manual' });
    expect(forged.status).not.toBe(200);

    // The browser comes back (through the load balancer: here to the same replica) with Slack's code.
    const back = await fetch(`${one.url}/slack/oauth_redirect?code=the-code&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
      redirect: 'manual',
    });
    expect(back.status).toBe(200);
    const exchange = await peer.call('oauth.v2.access');
    expect(exchange.args).toMatchObject({ code: 'the-code', client_id: CLIENT_ID });

    const check = createDatabase({ dataDir: env.CITEBOT_DATA_DIR!, databaseUrl: env.DATABASE_URL || undefined });
    try {
      const rows = await check.db
        .withTables<{ citebot_installations: { platform: string; key: string; team_id: string | null; installation: string } }>()
        .selectFrom('citebot_installations')
        .selectAll()
        .execute();
      expect(rows.map((r) => [r.platform, r.key, r.team_id])).toEqual([['slack', `T:${TEAM}`, TEAM]]);
      expect(JSON.parse(rows[0]!.installation).bot.token).toBe(TEAM_TOKEN);
    } finally {
      await check.db.destroy();
    }
  });

  it('another replica on the same database answers a signed /ask from that workspace', async () => {
    const two = await startReplica();
    const sent = await postSigned(
      `${two.url}/slack/events`,
      signSlashCommand(SIGNING_SECRET, {
        command: '/ask',
        text: 'How does KIVI quantize the key cache?',
        team_id: TEAM,
        response_url: peer.responseUrl('ask-2'),
      }),
    );
    expect(sent.status).toBe(200);
    const answer = await peer.response('ask-2');
    expect(JSON.stringify(answer.body)).toContain(KIVI_LINK);
  });

  it('a mention is answered with the workspace’s own token, once, though its retry reaches the other replica', async () => {
    const [one, two] = replicas as [Replica, Replica];
    const mention = teamEvent(
      {
        type: 'app_mention',
        user: 'U0001',
        text: '<@UBOT2> How does KIVI quantize the key cache?',
        ts: '1700000000.000200',
        channel: 'C0001',
      },
      'EvMention1',
    );
    expect((await postSigned(`${one.url}/slack/events`, signEvent(SIGNING_SECRET, mention))).status).toBe(200);
    const retry = signEvent(SIGNING_SECRET, mention);
    retry.headers['x-slack-retry-num'] = '1';
    retry.headers['x-slack-retry-reason'] = 'http_timeout';
    expect((await postSigned(`${two.url}/slack/events`, retry)).status).toBe(200);

    const posted = await peer.call('chat.postMessage');
    expect(posted.authorization).toBe(`Bearer ${TEAM_TOKEN}`);
    expect(JSON.stringify(posted.args)).toContain(KIVI_LINK);
    // A later, different mention is answered: the first is done and the retry was skipped, not still pending.
    const next = teamEvent(
      { type: 'app_mention', user: 'U0001', text: '<@UBOT2> What is KIVI?', ts: '1700000000.000300', channel: 'C0001' },
      'EvMention2',
    );
    await postSigned(`${two.url}/slack/events`, signEvent(SIGNING_SECRET, next));
    await peer.call('chat.postMessage', 2);
    expect(peer.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.args.thread_ts)).toEqual([
      '1700000000.000200',
      '1700000000.000300',
    ]);
  });

  it('app_uninstalled forgets the workspace on every replica: its next command is refused by authorization', async () => {
    const [one, two] = replicas as [Replica, Replica];
    const uninstalled = teamEvent({ type: 'app_uninstalled' }, 'EvUninstall');
    expect((await postSigned(`${one.url}/slack/events`, signEvent(SIGNING_SECRET, uninstalled))).status).toBe(200);
    // The deletion runs after the ack: wait (bounded) until the row is gone.
    const check = createDatabase({ dataDir: env.CITEBOT_DATA_DIR!, databaseUrl: env.DATABASE_URL || undefined });
    try {
      const rows = () =>
        check.db.withTables<{ citebot_installations: { key: string } }>().selectFrom('citebot_installations').select('key').execute();
      for (let i = 0; i < 200 && (await rows()).length > 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await rows()).toEqual([]);
    } finally {
      await check.db.destroy();
    }
    const sent = await postSigned(
      `${two.url}/slack/events`,
      signSlashCommand(SIGNING_SECRET, { command: '/ask', text: 'What is KIVI?', team_id: TEAM, response_url: peer.responseUrl('gone') }),
    );
    expect(sent.status).toBe(200); // acked, so Slack does not retry
    await until(() => two.logs.some((l) => l.includes('Authorization of incoming event did not succeed')));
    expect(peer.responses.filter((r) => r.id === 'gone')).toEqual([]);
  });
});
