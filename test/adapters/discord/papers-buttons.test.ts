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
});
