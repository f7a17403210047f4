import { execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CorpusLockedError, lockFileFor, withCorpusLock } from '../../adapters/shared/corpus-lock.js';
import { loadCorpusFile } from '../../src/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/corpus/papers.jsonl');

function tempCorpus(): string {
  const out = join(mkdtempSync(join(tmpdir(), 'citebot-lock-')), 'papers.jsonl');
  copyFileSync(FIXTURE, out);
  return out;
}

/** A JSON Lines file of `n` new papers, distinct from every other run's. */
function newPapers(dir: string, run: number, n: number): string {
  const file = join(dir, `run-${run}.jsonl`);
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      id: `lock-test-${run}-${i}`,
      title: `Concurrent ingest run ${run} paper ${i}`,
      abstract: `Paper ${i} of run ${run}, written to check that concurrent ingest runs lose no record.`,
      authors: ['Ada Lovelace'],
      year: 2026,
      source: 'test',
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const tsx = join(ROOT, 'node_modules/.bin/tsx');

describe('corpus lock', () => {
  it('runs writers one at a time: the second starts after the first has finished', async () => {
    const out = tempCorpus();
    const events: string[] = [];
    const writer = (name: string) =>
      withCorpusLock(out, async () => {
        events.push(`${name} in`);
        await new Promise((r) => setTimeout(r, 50));
        events.push(`${name} out`);
      });
    await Promise.all([writer('a'), writer('b'), writer('c')]);
    for (let i = 0; i < events.length; i += 2) expect(events[i + 1]).toBe(events[i]!.replace('in', 'out'));
    expect(existsSync(lockFileFor(out))).toBe(false);
  });

  it('releases the lock when the work fails', async () => {
    const out = tempCorpus();
    await expect(withCorpusLock(out, async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(existsSync(lockFileFor(out))).toBe(false);
  });

  it('takes over a lock whose process has died, and waits out one that is alive, then says who holds it', async () => {
    const out = tempCorpus();
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    writeFileSync(lockFileFor(out), JSON.stringify({ pid: dead.pid, host: hostname(), since: 'earlier', what: 'a crashed ingest' }));
    await expect(withCorpusLock(out, async () => 'done', { timeoutMs: 1000 })).resolves.toBe('done');

    writeFileSync(lockFileFor(out), JSON.stringify({ pid: process.pid, host: hostname(), since: 'now', what: 'npm run ingest' }));
    let waited = false;
    const locked = withCorpusLock(out, async () => 'never', { timeoutMs: 300, onWait: () => (waited = true) });
    await expect(locked).rejects.toBeInstanceOf(CorpusLockedError);
    await expect(locked).rejects.toThrow(/held by npm run ingest \(pid \d+ on .+, since now\); waited 0 s/);
    expect(waited).toBe(true);
  });

  // Issue 18, failure 2: eight ingest runs at once lost 700 of 800 added papers, each exiting 0 with "100 added".
  it('eight ingest processes started at once lose no paper, and each reports what it added', async () => {
    const out = tempCorpus();
    const dir = join(out, '..');
    const before = (await loadCorpusFile(out)).length;
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, run) =>
        promisify(execFile)(tsx, [join(ROOT, 'adapters/cli/ingest.ts'), newPapers(dir, run, 100), '--out', out], { cwd: ROOT }).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        ),
      ),
    );
    for (const r of runs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/: 100 added, 0 updated, \d+ unchanged, 0 rejected; /);
    }
    const papers = await loadCorpusFile(out);
    expect(papers).toHaveLength(before + 800);
    expect(new Set(papers.map((p) => p.id)).size).toBe(before + 800);
    expect(existsSync(lockFileFor(out))).toBe(false);
  }, 60_000);
});
