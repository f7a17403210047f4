/**
 * Issue 18, failure 8: an empty corpus at start-up served 0 papers without a word. It still starts (the file is
 * watched, so papers added later are served without a restart) but says so on stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../adapters/main.ts', import.meta.url));
const TSX = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const dir = mkdtempSync(join(tmpdir(), 'citebot-empty-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('issue 18, failure 8: an empty corpus', () => {
  it('npm start warns that it has no papers and how to add some, then answers (that nothing covers it)', async () => {
    const corpus = join(dir, 'empty.jsonl');
    writeFileSync(corpus, '');
    const child = spawn(process.execPath, ['--import', TSX, MAIN], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', HOME: dir, CITEBOT_CORPUS: corpus, CITEBOT_CACHE_DIR: join(dir, 'cache') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.end('What is KIVI?\n');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(stderr).toMatch(
      /warn the corpus .*empty\.jsonl has no papers: every question will be answered "no paper covers that"\. Add papers with npm run ingest/,
    );
    expect(stdout).toMatch(/No paper in the collection covers that/);
  });
});
