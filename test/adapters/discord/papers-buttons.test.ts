import { beforeAll, describe, expect, it } from 'vitest';
import { corpusFingerprint, MAX_TOPIC_CHARS, pageButtonId, papersPage, parsePageButtonId } from '../../../adapters/discord/commands/papers.js';
import { DISCORD_LIMITS, PAGE_SIZE } from '../../../adapters/discord/limits.js';
import { loadLibrary } from '../../../adapters/shared/corpus.js';
import { createLibrary, type Library } from '../../../src/index.js';

let library: Library;
beforeAll(async () => {
  library = (await loadLibrary()).library;
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
    for (const id of ['papers:v0:1:deadbeef:', 'papers:v1:x:deadbeef:', 'papers:v1:1:DEADBEEF:', 'ask:1', '']) expect(parsePageButtonId(id)).toBeUndefined();
  });

  it('fingerprint the collection: stable for the same papers, different when they change', () => {
    expect(corpusFingerprint(createLibrary(library.papers))).toBe(corpusFingerprint(library));
    expect(corpusFingerprint(createLibrary(library.papers.slice(1)))).not.toBe(corpusFingerprint(library));
  });

  it('clamp a page past the end to the last page', () => {
    const pages = Math.ceil(library.size / PAGE_SIZE);
    const view = papersPage(library, '', 99);
    expect(view.page).toBe(pages - 1);
    expect(view.offset).toBe((pages - 1) * PAGE_SIZE);
    expect(view.items.map((c) => c.id)).toEqual(library.papers.slice((pages - 1) * PAGE_SIZE).map((p) => p.id));
    expect(parsePageButtonId(view.buttons!.next)!.page).toBe(pages - 1);
    expect(parsePageButtonId(view.buttons!.previous)!.page).toBe(pages - 2);
  });
});
