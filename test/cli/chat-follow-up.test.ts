/** The terminal chat carries its turns: a follow-up is answered about the last paper. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runTerminalChat } from '../../adapters/cli/chat.js';
import { PLAIN } from '../../adapters/cli/render.js';
import { seedLibrary } from '../adapters/support.js';

async function chat(lines: string[]): Promise<string[]> {
  const library = await seedLibrary();
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (d: Buffer) => {
    text += d.toString('utf8');
  });
  const done = runTerminalChat({ current: library }, input, output, false, PLAIN);
  input.end(`${lines.join('\n')}\n`);
  await done;
  return text.split('\n---\n').map((s) => s.trim());
}

describe('terminal chat follow-ups', () => {
  it('"how much faster is it?" after A2SF is about A2SF; after SwiftKV about SwiftKV', async () => {
    const [, afterA2sf, , afterSwift] = await chat([
      'What is A2SF?',
      'how much faster is it?',
      'What is SwiftKV?',
      'how much faster is it?',
    ]);
    expect(afterA2sf!.split('\n')[0]).toMatch(/^A2SF/);
    expect(afterSwift!.split('\n')[0]).toMatch(/^SwiftKV/);
  });

  it('/authors lists a paper’s whole author list and says when the record has only the first', async () => {
    const [out] = await chat(['/authors KIVI']);
    expect(out).toContain('Authors of “KIVI');
    expect(out).toContain('Zirui Liu');
    expect(out).toContain('et al.');
  });

  it('names, compare and author lists read as every platform decides', async () => {
    const [none, compare, by] = await chat(['what is FastViDAR?', 'compare KIVI and SwiftKV', 'papers by Zirui Liu']);
    expect(none).toMatch(/^No paper in this collection mentions FastViDAR\./);
    expect(compare!.split('\n')[0]).toBe('KIVI and SwiftKV, side by side');
    expect(by).toContain('Papers by Zirui Liu (1), newest first:');
    expect(by).toContain('Filtered: by Zirui Liu');
  });
});
