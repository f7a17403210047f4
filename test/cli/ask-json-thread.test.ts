/** The JSON contract's threads: `{"question", "thread"}` lines with the same thread are one conversation, in order. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readInputLine } from '../../adapters/cli/args.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CACHE = mkdtempSync(join(tmpdir(), 'citebot-cli-cache-'));

describe('ask --json: threads', () => {
  it('reads plain lines and thread objects; a broken object is an error for that line only', () => {
    expect(readInputLine('What is KIVI?')).toEqual({ question: 'What is KIVI?' });
    expect(readInputLine('{"question": "and?", "thread": "a"}')).toEqual({ question: 'and?', thread: 'a' });
    expect(readInputLine('{"question": 3}')).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(readInputLine('{nope')).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('a follow-up in a thread is about the thread’s paper; the same words on a plain line are not', async () => {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        TSX,
        ['adapters/cli/ask.ts', '--json'],
        { cwd: ROOT, timeout: 60_000, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', CITEBOT_CACHE_DIR: CACHE } },
        (err, out) => (err ? reject(err) : resolve(out)),
      );
      child.stdin!.end(
        [
          '{"question": "What is SwiftKV?", "thread": "s"}',
          '{"question": "What is A2SF?", "thread": "a"}',
          '{"question": "how much faster is it?", "thread": "s"}',
          '{"question": "how much faster is it?", "thread": "a"}',
          '{broken',
          'how much faster is it?',
        ].join('\n'),
      );
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { thread?: string; followUp?: { paperId?: string }; results: { id: string }[]; error?: unknown });
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatchObject({ thread: 's', followUp: { paperId: '2410.03960' } });
    expect(lines[2]!.results[0]!.id).toBe('2410.03960');
    expect(lines[3]).toMatchObject({ thread: 'a', followUp: { paperId: '2407.20485' } });
    expect(lines[3]!.results[0]!.id).toBe('2407.20485');
    expect(lines[4]).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    expect(lines[5]).not.toHaveProperty('followUp');
    expect(lines[5]).not.toHaveProperty('thread');
  });
});
