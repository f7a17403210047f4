import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashUserId, openStore, type Store, type StoreOptions } from '../../adapters/shared/store/index.js';
import { MIGRATIONS, USER_HASH_KEY } from '../../adapters/shared/store/migrations.js';
import { loadNodeSqlite } from '../../adapters/shared/store/node-sqlite-dialect.js';
import { allRows, ENGINES, inspect, type Target } from './engines.js';
import { recordingLog } from './recording-log.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY = 86_400_000;
const quiet = { info() {}, warn() {}, error() {} };

/** Run a TypeScript entry as a child process through tsx, as `npm run` would. */
function runTs(file: string, args: string[], env: Record<string, string>) {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function runToEnd(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runTs(file, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe.each(ENGINES)('store on $name', (engine) => {
  const opened: Store[] = [];
  const open = async (target: Target, options: Partial<StoreOptions> = {}) => {
    const store = await openStore({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, log: quiet, ...options });
    opened.push(store);
    return store;
  };

  beforeAll(() => engine.setup(), 60_000);
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    await engine.teardown();
  });

  it('applies migrations once, even when several processes open the same empty database at once', async () => {
    const target = await engine.fresh();
    // Separate processes, as replicas are; each loads first, then all open together on "go".
    const children = [0, 1, 2].map((i) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join('test', 'store', 'fixtures', 'open-and-vote.ts'), JSON.stringify({ ...target, i })],
        {
          cwd: ROOT,
          stdio: ['pipe', 'pipe', 'inherit'],
        },
      );
      let out = '';
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d) => {
          out += d;
          if (out.startsWith('ready\n')) resolve();
        }),
      );
      const done = new Promise<string>((resolve) => child.on('close', () => resolve(out.slice('ready\n'.length))));
      return { child, ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.end('go\n');
    const results = (await Promise.all(children.map((c) => c.done))).map((o) => JSON.parse(o));
    expect(results.map((r) => [r.status, r.flushed])).toEqual([
      ['ok', true],
      ['ok', true],
      ['ok', true],
    ]);
    const again = await open(target);
    expect(again.health().status).toBe('ok');
    await again.close();

    const rows = await allRows(target);
    expect(rows.citebot_migrations!.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version)); // each applied once
    expect(rows.citebot_settings!.filter((r) => r.name === USER_HASH_KEY)).toHaveLength(1);
    // Every replica hashes a user the same way: one shared key.
    expect(rows.citebot_feedback).toHaveLength(3);
    expect(new Set(rows.citebot_feedback!.map((r) => r.user_hash)).size).toBe(1);
  });

  it('writes questions and votes, filling a vote’s question and citations from the log when the button had none', async () => {
    const target = await engine.fresh();
    const store = await open(target);
    const at = new Date('2026-11-30T10:00:00.000Z');
    const answerId = store.logQuestion({
      platform: 'discord',
      workspace: 'G1',
      question: 'what is DSnoT?',
      answered: true,
      citedIds: ['2310.08915', '2306.11695'],
      corpusFingerprint: 'fp1',
      latencyMs: 12.4,
      at,
    });
    store.logQuestion({
      id: 'q2',
      platform: 'slack',
      question: 'how long to boil an egg',
      answered: false,
      abstentionReason: 'no-match',
      latencyMs: 3,
      at,
    });
    store.recordFeedback({ answerId, vote: 'down', platform: 'discord', workspace: 'G1', userId: '123456789012345678', at });
    expect(await store.flush()).toEqual({ ok: true, pending: 0 });

    const db = inspect(target);
    const questions = await db.selectFrom('citebot_questions').selectAll().orderBy('id').execute();
    const feedback = await db.selectFrom('citebot_feedback').selectAll().execute();
    await db.destroy();
    const first = questions.find((q) => q.id === answerId)!;
    expect(answerId).toMatch(/^[\w-]{12}$/);
    expect({ ...first, answered: Boolean(first.answered), asked_at: new Date(first.asked_at).toISOString() }).toEqual({
      id: answerId,
      asked_at: at.toISOString(),
      platform: 'discord',
      workspace: 'G1',
      question: 'what is DSnoT?',
      answered: true,
      abstention_reason: null,
      cited_ids: '["2310.08915","2306.11695"]',
      corpus_fingerprint: 'fp1',
      latency_ms: 12,
    });
    const second = questions.find((q) => q.id === 'q2')!;
    expect([Boolean(second.answered), second.abstention_reason, second.workspace, second.cited_ids]).toEqual([false, 'no-match', '', '[]']);
    expect(feedback).toHaveLength(1);
    expect(feedback[0]).toMatchObject({
      answer_id: answerId,
      vote: 'down',
      paper_id: '',
      question: 'what is DSnoT?',
      cited_ids: '["2310.08915","2306.11695"]',
      corpus_fingerprint: 'fp1',
    });
  });

  it('replaces a user’s vote when they change it, in one batch or across batches', async () => {
    const target = await engine.fresh();
    const store = await open(target);
    const vote = { answerId: 'a1', platform: 'slack', workspace: 'T1', question: 'q', citedIds: ['p1'], corpusFingerprint: 'fp' } as const;
    store.recordFeedback({ ...vote, vote: 'up', userId: 'U1' });
    store.recordFeedback({ ...vote, vote: 'down', userId: 'U1' });
    store.recordFeedback({ ...vote, vote: 'up', userId: 'U2' });
    await store.flush();
    store.recordFeedback({ ...vote, vote: 'up', userId: 'U1' });
    await store.flush();
    store.recordFeedback({ ...vote, vote: 'down', userId: 'U1' });
    await store.flush();
    const db = inspect(target);
    const rows = await db.selectFrom('citebot_feedback').select(['user_hash', 'vote']).execute();
    await db.destroy();
    expect(rows.map((r) => r.vote).sort()).toEqual(['down', 'up']);
    const report = await store.report();
    expect(report.feedback).toEqual({ up: 1, down: 1, wrongPaper: 0 });
  });

  it('keeps one wrong-paper vote per paper, apart from the up/down vote', async () => {
    const target = await engine.fresh();
    const store = await open(target);
    const base = {
      answerId: 'a1',
      platform: 'discord',
      workspace: 'G1',
      userId: 'U1',
      question: 'which paper',
      citedIds: ['p1', 'p2'],
      corpusFingerprint: 'fp',
    };
    store.recordFeedback({ ...base, vote: 'wrong-paper', paperId: 'p1' });
    store.recordFeedback({ ...base, vote: 'wrong-paper', paperId: 'p2' });
    store.recordFeedback({ ...base, vote: 'down' });
    await store.flush();
    store.recordFeedback({ ...base, vote: 'wrong-paper', paperId: 'p1' });
    store.recordFeedback({ ...base, userId: 'U2', vote: 'wrong-paper', paperId: 'p1' });
    await store.flush();
    const report = await store.report();
    expect(report.feedback).toEqual({ up: 0, down: 1, wrongPaper: 3 });
    expect(report.wrongPaper).toEqual([
      { paperId: 'p1', question: 'which paper', answerId: 'a1', votes: 2 },
      { paperId: 'p2', question: 'which paper', answerId: 'a1', votes: 1 },
    ]);
  });

  it('purges question-log rows past the retention, at open and on demand, and keeps feedback', async () => {
    const target = await engine.fresh();
    const now = new Date('2026-12-01T00:00:00.000Z');
    const store = await open(target, { retentionDays: 90, now: () => now });
    for (const daysAgo of [0, 10, 89, 91, 200]) {
      store.logQuestion({
        id: `d${daysAgo}`,
        platform: 'cli',
        question: `asked ${daysAgo} days ago`,
        answered: true,
        latencyMs: 1,
        at: new Date(now.getTime() - daysAgo * DAY),
      });
    }
    store.recordFeedback({ answerId: 'd200', vote: 'up', platform: 'cli', userId: 'u' });
    await store.flush();
    expect(await store.purge(now)).toBe(2);
    expect(await store.purge(now)).toBe(0);
    await store.close();

    // A store opened 30 days later purges at open what has aged past 90 days since.
    const later = await open(target, { retentionDays: 90, now: () => new Date(now.getTime() + 30 * DAY) });
    await later.flush();
    const rows = await allRows(target);
    expect(rows.citebot_questions!.map((r) => r.id).sort()).toEqual(['d0', 'd10']);
    expect(rows.citebot_feedback).toHaveLength(1);
  });

  it('stores no question when the log is off, and still stores feedback', async () => {
    const target = await engine.fresh();
    const store = await open(target, { logQuestions: false });
    const answerId = store.logQuestion({ platform: 'slack', question: 'secret question', answered: true, latencyMs: 1 });
    expect(answerId).toMatch(/^[\w-]{12}$/);
    store.recordFeedback({ answerId, vote: 'down', platform: 'slack', userId: 'U1', question: 'secret question', citedIds: ['p1'] });
    await store.flush();
    const rows = await allRows(target);
    expect(rows.citebot_questions).toEqual([]);
    expect(rows.citebot_feedback).toHaveLength(1);
    expect((await store.report()).feedback.down).toBe(1);
  });

  it('never stores a user id, only HMAC-SHA256(key, "platform:workspace:user")', async () => {
    const target = await engine.fresh();
    const rawUser = 'U0RAWUSERID42';
    // The first vote is queued before the key is loaded (open still connecting), the second after.
    const pending = openStore({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, log: quiet });
    const store = await pending;
    opened.push(store);
    store.recordFeedback({ answerId: 'a1', vote: 'up', platform: 'slack', workspace: 'T9', userId: rawUser, question: 'q', citedIds: [] });
    store.recordFeedback({ answerId: 'a2', vote: 'wrong-paper', paperId: 'p1', platform: 'slack', workspace: 'T9', userId: rawUser });
    await store.flush();
    const rows = await allRows(target);
    const key = String(rows.citebot_settings!.find((r) => r.name === USER_HASH_KEY)!.value);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(rows.citebot_feedback!.map((r) => r.user_hash)).toEqual([
      hashUserId(key, 'slack', 'T9', rawUser),
      hashUserId(key, 'slack', 'T9', rawUser),
    ]);
    // Scan every text value of every table.
    for (const [table, tableRows] of Object.entries(rows)) {
      for (const row of tableRows) for (const value of Object.values(row)) expect(String(value), table).not.toContain(rawUser);
    }
  });

  it('never throws into the caller on a malformed entry: it is dropped, counted and logged', async () => {
    const target = await engine.fresh();
    const { log, lines } = recordingLog();
    const store = await open(target, { log });
    const bad = [
      { platform: 'slack', question: 42, answered: true, latencyMs: 1 },
      { platform: '', question: 'q', answered: 'yes', latencyMs: 1 },
      null,
    ];
    for (const entry of bad) expect(() => store.logQuestion(entry as never)).not.toThrow();
    expect(() => store.recordFeedback({ answerId: 'a', vote: 'sideways', platform: 'slack', userId: 'U' } as never)).not.toThrow();
    expect(() => store.recordFeedback({ answerId: 'a', vote: 'wrong-paper', platform: 'slack', userId: 'U' } as never)).not.toThrow();
    expect(await store.flush()).toEqual({ ok: true, pending: 0 });
    expect(store.health()).toMatchObject({ status: 'ok', dropped: 5 });
    expect(lines.map((l) => l.level)).toEqual(['error', 'error', 'error', 'error', 'error']);
  });

  it('reports, through the store and through `npm run report` (--json, --export-eval)', async () => {
    const target = await engine.fresh();
    const store = await open(target);
    const now = new Date();
    const a = store.logQuestion({
      platform: 'slack',
      workspace: 'T1',
      question: 'what is DSnoT?',
      answered: true,
      citedIds: ['2310.08915'],
      latencyMs: 5,
      at: now,
    });
    store.logQuestion({
      platform: 'discord',
      question: 'who won the 2018 world cup',
      answered: false,
      abstentionReason: 'no-match',
      latencyMs: 2,
      at: now,
    });
    store.logQuestion({
      platform: 'discord',
      question: 'who won the 2018 world cup',
      answered: false,
      abstentionReason: 'no-match',
      latencyMs: 2,
      at: now,
    });
    const b = store.logQuestion({
      platform: 'slack',
      question: 'pruning without retraining',
      answered: true,
      citedIds: ['2301.00774', '2310.08915'],
      latencyMs: 7,
      at: now,
    });
    store.recordFeedback({ answerId: a, vote: 'up', platform: 'slack', workspace: 'T1', userId: 'U1' });
    store.recordFeedback({ answerId: b, vote: 'down', platform: 'slack', userId: 'U1' });
    store.recordFeedback({ answerId: b, vote: 'wrong-paper', paperId: '2301.00774', platform: 'slack', userId: 'U2' });
    const report = await store.report({ days: 7 });
    expect(report).toMatchObject({
      days: 7,
      questions: 4,
      answered: 2,
      unanswered: ['who won the 2018 world cup'],
      feedback: { up: 1, down: 1, wrongPaper: 1 },
      perDay: [{ day: now.toISOString().slice(0, 10), questions: 4, answered: 2 }],
      thumbsDown: [{ answerId: b, question: 'pruning without retraining', cited: ['2301.00774', '2310.08915'] }],
      mostCited: [
        { paperId: '2310.08915', citations: 2 },
        { paperId: '2301.00774', citations: 1 },
      ],
    });
    expect(report.unansweredDetails[0]).toMatchObject({ reason: 'no-match', times: 2 });
    await store.close();

    const exportFile = join(dirname(target.dataDir), 'cases.jsonl');
    const cli = await runToEnd('adapters/cli/report.ts', ['--json', '--days', '7', '--export-eval', exportFile], target.env);
    expect(cli.stderr).toBe(`Wrote 2 evaluation cases to ${exportFile}\n`);
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout);
    expect(json).toEqual(JSON.parse(JSON.stringify({ ...report, since: json.since, until: json.until })));
    const cases = readFileSync(exportFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(cases).toEqual([
      { q: 'pruning without retraining', kind: 'fact', expected: [], key: '', not: ['2301.00774'], from: 'thumbs-down' },
      { q: 'who won the 2018 world cup', kind: 'out-of-scope', expected: [], key: '', from: 'unanswered', reason: 'no-match' },
    ]);
    const text = await runToEnd('adapters/cli/report.ts', [], target.env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Questions: 4 (2 answered, 2 unanswered)');
    expect(text.stdout).toContain('"pruning without retraining" cited 2301.00774, 2310.08915');
  });

  it('degrades with one warn line while the database is unavailable, keeps the newest entries, and recovers', async () => {
    const target = await engine.fresh();
    const { log, lines, next } = recordingLog();
    const store = await open(target, { log, busyTimeoutMs: 20, retryMinMs: 20, retryMaxMs: 200, maxPending: 150 });
    const outage = await engine.outage(target);
    const warned = next('warn');
    for (let i = 0; i < 200; i++) {
      expect(store.logQuestion({ id: `o${i}`, platform: 'cli', question: `during outage ${i}`, answered: true, latencyMs: 1 })).toBe(
        `o${i}`,
      );
      store.recordFeedback({ answerId: `o${i}`, vote: 'up', platform: 'cli', userId: `u${i}` });
    }
    expect((await warned).context).toMatchObject({ engine: engine.name });
    expect(store.health()).toMatchObject({ status: 'degraded', pending: 150, dropped: 250 });
    // Still answering: the calls return at once and flush reports failure instead of throwing.
    expect((await store.flush()).ok).toBe(false);
    const recovered = next('info');
    await outage.restore();
    expect((await recovered).context).toMatchObject({ engine: engine.name, dropped: 250 });
    expect(await store.flush()).toEqual({ ok: true, pending: 0 });
    expect(store.health()).toMatchObject({ status: 'ok', pending: 0 });
    expect(lines.map((l) => l.level)).toEqual(['warn', 'info']);
    const rows = await allRows(target);
    // The 150 newest entries survive: votes for o125..o199 and the questions o125..o199.
    expect(rows.citebot_questions!.map((r) => r.id).sort()).toEqual(Array.from({ length: 75 }, (_, i) => `o${125 + i}`).sort());
    expect(rows.citebot_feedback).toHaveLength(75);
  });

  it('loses nothing it reported committed when killed mid-write (SIGKILL), and the database stays consistent', async () => {
    const target = await engine.fresh();
    const batch = 25;
    const child = runTs(
      join('test', 'store', 'fixtures', 'writer.ts'),
      [JSON.stringify({ dataDir: target.dataDir, databaseUrl: target.databaseUrl, batch })],
      {},
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (d) => {
        buffered += d;
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const m = /^committed (\d+)$/.exec(buffered.slice(0, nl));
          buffered = buffered.slice(nl + 1);
          if (m) committed = Number(m[1]);
          // Kill while it is busy writing: it starts the next round at once.
          if (committed >= 20 && !child.killed) {
            child.kill('SIGKILL');
            resolve();
          }
        }
      });
      child.on('exit', () => reject(new Error(`writer exited before it was killed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    if (engine.name === 'sqlite') {
      const { DatabaseSync } = loadNodeSqlite();
      const db = new DatabaseSync(join(target.dataDir, 'citebot.sqlite'));
      expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
      db.close();
    }
    const rows = await allRows(target);
    const questions = rows.citebot_questions!.length;
    // Every round reported committed is there; a round is one transaction, so none is there in part.
    expect(questions).toBeGreaterThanOrEqual(committed * batch);
    expect(questions % batch).toBe(0);
    expect(rows.citebot_feedback!.length).toBe(questions);
    for (let round = 1; round <= committed; round++)
      expect(rows.citebot_questions!.some((r) => r.id === `r${round}-${batch - 1}`)).toBe(true);
    // And it opens and writes again.
    const store = await open(target);
    store.logQuestion({ platform: 'cli', question: 'after the crash', answered: true, latencyMs: 1 });
    expect(await store.flush()).toEqual({ ok: true, pending: 0 });
  });
});
