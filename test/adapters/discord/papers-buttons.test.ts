import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TOPIC_CHARS, pageButtonId, pageButtons, parsePageButtonId } from '../../../adapters/discord/commands/papers.js';
import { DISCORD_LIMITS } from '../../../adapters/discord/limits.js';
import type { PapersPage } from '../../../adapters/shared/commands.js';

const page = (over: Partial<PapersPage>): PapersPage => ({
  topic: undefined,
  page: 0,
  pages: 7,
  total: 33,
  offset: 0,
  items: [],
  changed: false,
  ...over,
});

describe('/papers page buttons', () => {
  it('carry page, collection and topic in a custom_id within 100 characters, even for the longest topic', () => {
    const state = { page: 999_999, fingerprint: 'deadbeef', topic: 'é'.repeat(MAX_TOPIC_CHARS) };
    const id = pageButtonId(state)!;
    expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
    expect(parsePageButtonId(id)).toEqual(state);
  });

  it('keep colons and spaces in a topic', () => {
    const state = { page: 2, fingerprint: '0123abcd', topic: 'kv cache: quantization' };
    expect(parsePageButtonId(pageButtonId(state)!)).toEqual(state);
  });

  it('do not recognise custom_ids from other versions or commands', () => {
    for (const id of ['papers:v0:1:deadbeef:', 'papers:v1:x:deadbeef:', 'papers:v1:1:DEADBEEF:', 'ask:1', ''])
      expect(parsePageButtonId(id)).toBeUndefined();
  });

  it('lead to the neighbouring pages, the end buttons pointing at the page itself', () => {
    const first = pageButtons(page({ page: 0, topic: 'llama' }), 'deadbeef')!;
    expect(parsePageButtonId(first.previous)).toEqual({ page: 0, fingerprint: 'deadbeef', topic: 'llama' });
    expect(parsePageButtonId(first.next)).toEqual({ page: 1, fingerprint: 'deadbeef', topic: 'llama' });
    const last = pageButtons(page({ page: 6 }), 'deadbeef')!;
    expect(parsePageButtonId(last.previous)!.page).toBe(5);
    expect(parsePageButtonId(last.next)!.page).toBe(6);
  });

  it('carry an author and a year too (v2), read back exactly for any author, topic and colon-free year that fit', () => {
    fc.assert(
      fc.property(
        fc.nat(999_999),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 20 }).filter((y) => !y.includes(':')),
        (p, topic, author, year) => {
          const state = { page: p, fingerprint: 'deadbeef', topic, ...(author ? { author } : {}), ...(year ? { year } : {}) };
          const id = pageButtonId(state);
          if (id === undefined) return; // too long for Discord: the page shows no buttons
          expect(id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
          expect(parsePageButtonId(id)).toEqual(state);
        },
      ),
    );
    expect(pageButtonId({ page: 1, fingerprint: 'deadbeef', topic: 'kv', author: 'Tri Dao', year: '2023..2024' })).toBe(
      'papers:v2:1:deadbeef:2023..2024:7:Tri Daokv',
    );
    expect(pageButtonId({ page: 1, fingerprint: 'deadbeef', topic: '', year: 'a:b' })).toBeUndefined();
  });

  it('keep the filters on both neighbouring pages', () => {
    const buttons = pageButtons(page({ page: 1, topic: 'llama' }), 'deadbeef', { author: 'Zirui Liu', year: '2024' })!;
    expect(parsePageButtonId(buttons.previous)).toEqual({
      page: 0,
      fingerprint: 'deadbeef',
      topic: 'llama',
      author: 'Zirui Liu',
      year: '2024',
    });
    expect(parsePageButtonId(buttons.next)).toEqual({
      page: 2,
      fingerprint: 'deadbeef',
      topic: 'llama',
      author: 'Zirui Liu',
      year: '2024',
    });
  });
});
