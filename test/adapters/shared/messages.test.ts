/** All user-facing wording lives in adapters/shared/messages.ts, and every message there is used. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as messages from '../../../adapters/shared/messages.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const sources = readdirSync(join(ROOT, 'adapters'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => ({ file: relative(ROOT, join(e.parentPath, e.name)), text: readFileSync(join(e.parentPath, e.name), 'utf8') }))
  .filter((s) => s.file !== 'adapters/shared/messages.ts');
const used = (needle: string) => sources.some((s) => s.text.includes(needle));

describe('messages', () => {
  const groups = Object.entries(messages).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v)) as [
    string,
    Record<string, unknown>,
  ][];

  it.each(groups.filter(([name]) => name !== 'NO_ANSWER_DETAIL'))('every key of %s is used by an adapter', (name, group) => {
    expect(Object.keys(group).filter((key) => !used(`${name}.${key}`))).toEqual([]);
  });

  it('has a text for every reason an answer abstains, used by each renderer', () => {
    expect(Object.keys(messages.NO_ANSWER_DETAIL).sort()).toEqual([
      'no-match',
      'no-searchable-terms',
      'not-in-collection',
      'small-talk',
      'unknown-author',
      'weak-match',
    ]);
    for (const file of ['adapters/discord/render.ts', 'adapters/slack/render.ts', 'adapters/cli/render.ts']) {
      expect(sources.find((s) => s.file === file)!.text).toMatch(/NO_ANSWER_DETAIL\[view\.reason\]|view\.detail/);
    }
  });

  it('every other export is used by an adapter', () => {
    const names = Object.keys(messages).filter((n) => !groups.some(([g]) => g === n));
    expect(names.filter((n) => !used(n))).toEqual([]);
  });

  it('is the only place the platforms take their wording from', () => {
    const phrases = [
      'No paper in the collection',
      'No paper matches',
      'something went wrong',
      'no longer works',
      'collection has changed',
      'Also relevant',
    ];
    const platformFiles = sources.filter((s) => /^adapters\/(discord|slack|cli)\//.test(s.file));
    const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const phrase of phrases)
      expect(
        platformFiles.filter((s) => code(s.text).includes(phrase)).map((s) => s.file),
        phrase,
      ).toEqual([]);
  });
});
