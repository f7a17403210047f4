/**
 * What replicas share for Slack, on SQLite and PostgreSQL: the ids of events already handled (a retry reaching another
 * replica is not answered twice) and the workspaces' installations, each seen through two separate connections as two
 * replicas would.
 */
import type { Installation } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../adapters/shared/store/database.js';
import { EVENT_ID_TTL_MS, sqlEventDedupe } from '../../adapters/shared/store/event-dedupe.js';
import { sqlInstallations } from '../../adapters/shared/store/installations.js';
import { migrate } from '../../adapters/shared/store/migrations.js';
import { installationKey, slackInstallationStore } from '../../adapters/slack/installation-store.js';
import { ENGINES, type Target } from './engines.js';

function installation(teamId: string | undefined, token: string, enterpriseId?: string): Installation {
  return {
    team: teamId ? { id: teamId, name: 'Team' } : undefined,
    enterprise: enterpriseId ? { id: enterpriseId, name: 'Org' } : undefined,
    isEnterpriseInstall: !teamId && Boolean(enterpriseId),
    user: { id: 'U0001', token: undefined, scopes: undefined },
    bot: { id: 'B1', userId: 'UBOT', token, scopes: ['commands'] },
    appId: 'A0001',
    tokenType: 'bot',
    authVersion: 'v2',
  } as Installation;
}

describe.each(ENGINES)('$name', (engine) => {
  let target: Target;
  const open: Database[] = [];
  const connect = async () => {
    const database = createDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
    open.push(database);
    await migrate(database.db, database.engine);
    return database;
  };

  beforeAll(async () => {
    await engine.setup();
    target = await engine.fresh();
  });
  afterAll(async () => {
    await Promise.all(open.map((d) => d.db.destroy()));
    await engine.teardown();
  });

  it('a retried event is handled once across two connections, and its id is forgotten after the TTL', async () => {
    let now = new Date('2026-12-01T10:00:00Z');
    const clock = () => now;
    const [a, b] = [await connect(), await connect()];
    const replicaA = sqlEventDedupe(a.db, { platform: 'slack', now: clock });
    const replicaB = sqlEventDedupe(b.db, { platform: 'slack', now: clock });
    expect(await replicaA.firstTime('Ev1')).toBe(true);
    expect(await replicaB.firstTime('Ev1')).toBe(false); // the retry reached the other replica
    expect(await replicaA.firstTime('Ev1')).toBe(false); // and the same one again
    expect(await replicaB.firstTime('Ev2')).toBe(true);
    expect(await replicaA.firstTime('Ev2')).toBe(false);
    // Another platform's ids are kept apart.
    expect(await sqlEventDedupe(b.db, { platform: 'discord', now: clock }).firstTime('Ev1')).toBe(true);

    // Much later, an id is purged: a third replica (with no memory of it) sees it as new.
    now = new Date(now.getTime() + EVENT_ID_TTL_MS + 60_000);
    expect(await replicaA.firstTime('Ev3')).toBe(true); // records Ev3 and purges the expired ids
    const replicaC = sqlEventDedupe((await connect()).db, { platform: 'slack', now: clock });
    expect(await replicaC.firstTime('Ev1')).toBe(true);
    expect(await replicaC.firstTime('Ev3')).toBe(false);
  });

  it('an installation stored through one connection is fetched through another, replaced, then deleted', async () => {
    const [a, b] = [await connect(), await connect()];
    const storeA = slackInstallationStore(sqlInstallations(a.db, 'slack'));
    const storeB = slackInstallationStore(sqlInstallations(b.db, 'slack'));
    await storeA.storeInstallation(installation('T0002', 'xoxb-first'));
    const query = { teamId: 'T0002', enterpriseId: undefined, isEnterpriseInstall: false };
    expect((await storeB.fetchInstallation(query)).bot?.token).toBe('xoxb-first');
    await storeB.storeInstallation(installation('T0002', 'xoxb-reinstalled')); // reinstalled: replaced, not doubled
    expect((await storeA.fetchInstallation(query)).bot?.token).toBe('xoxb-reinstalled');
    await expect(storeA.fetchInstallation({ ...query, teamId: 'T0009' })).rejects.toThrow(/not installed in T:T0009/);
    await storeA.deleteInstallation!(query);
    await expect(storeB.fetchInstallation(query)).rejects.toThrow(/not installed/);
  });

  it('an org-wide install is found for every workspace of the org; a workspace install only for its own', async () => {
    const db = await connect();
    const store = slackInstallationStore(sqlInstallations(db.db, 'slack'));
    await store.storeInstallation(installation(undefined, 'xoxb-org', 'E0001'));
    await store.storeInstallation(installation('T0003', 'xoxb-team3', 'E0002'));
    // Events from any workspace of an org-wide install carry is_enterprise_install and the org's id.
    expect((await store.fetchInstallation({ teamId: 'T0100', enterpriseId: 'E0001', isEnterpriseInstall: true })).bot?.token).toBe(
      'xoxb-org',
    );
    expect((await store.fetchInstallation({ teamId: 'T0003', enterpriseId: 'E0002', isEnterpriseInstall: false })).bot?.token).toBe(
      'xoxb-team3',
    );
    await expect(store.fetchInstallation({ teamId: 'T0100', enterpriseId: 'E0002', isEnterpriseInstall: false })).rejects.toThrow();
    expect(installationKey({ isEnterpriseInstall: true, enterpriseId: 'E0001', teamId: 'T0100' })).toBe('E:E0001');
  });
});
