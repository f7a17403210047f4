import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answerJson } from '../../adapters/cli/render.js';
import { MAX_QUESTION_CHARS } from '../../src/index.js';
import { seedLibrary } from '../adapters/support.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CACHE = mkdtempSync(join(tmpdir(), 'citebot-cli-cache-'));

// Issue 18, failure 8: `ask --json` echoed a 100 MB question back whole.
describe('issue 18, failure 8: ask --json caps the question it echoes', () => {
  it('a too-long question is echoed cut to MAX_QUESTION_CHARS, with questionLength the full length', async () => {
    const library = await seedLibrary();
    const question = `${'why '.repeat(2_500_000)}?`; // 10 MB
    const json = answerJson(question, library.ask(question));
    expect(json).toMatchObject({ answered: false, error: { code: 'QUESTION_TOO_LONG' }, results: [], questionLength: question.length });
    expect(json.question).toBe(question.slice(0, MAX_QUESTION_CHARS));
    expect(JSON.stringify(json).length).toBeLessThan(2000);
  });

  it('never cuts a surrogate pair in half', async () => {
    const library = await seedLibrary();
    const question = `${'a'.repeat(MAX_QUESTION_CHARS - 1)}😀 and more`;
    const json = answerJson(question, library.ask(question));
    expect(json.question).toBe('a'.repeat(MAX_QUESTION_CHARS - 1));
  });

  it('normal and empty questions are unchanged: no questionLength', async () => {
    const library = await seedLibrary();
    expect(answerJson('  What is KIVI?  ', library.ask('What is KIVI?'))).not.toHaveProperty('questionLength');
    const long = 'x'.repeat(MAX_QUESTION_CHARS);
    expect(answerJson(long, library.ask(long)).question).toBe(long);
    expect(answerJson('   ', library.ask('   '))).toEqual({ question: '', answered: false, error: expect.anything(), results: [] });
  });

  it('npm run ask -- --json over a 5 MB line prints a small object', async () => {
    const line = 'k'.repeat(5_000_000);
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        TSX,
        ['adapters/cli/ask.ts', '--json'],
        {
          cwd: ROOT,
          timeout: 60_000,
          maxBuffer: 64 * 1024 * 1024,
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CITEBOT_CACHE_DIR: CACHE },
        },
        (err, out) => (err ? reject(err) : resolve(out)),
      );
      child.stdin!.end(`${line}\nWhat is KIVI?\n`);
    });
    const [first, second] = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(stdout.length).toBeLessThan(20_000);
    expect(first).toMatchObject({ questionLength: 5_000_000, error: { code: 'QUESTION_TOO_LONG' } });
    expect((first!.question as string).length).toBe(MAX_QUESTION_CHARS);
    expect(second).toMatchObject({ question: 'What is KIVI?', answered: true });
  });
});
