import { describe, expect, it } from 'vitest';
import { synonymsOf } from '../../src/answer/synonyms.js';
import { termsOfWord } from '../../src/retrieval/analyzer.js';

const term = (w: string) => termsOfWord(w)[0]!;
const credits = (a: string, b: string) => synonymsOf(term(a)).includes(term(b));

describe('synonym groups for excerpt choice', () => {
  it('credit a word with another of its group, both ways, and not with the words of other groups', () => {
    expect(credits('loss', 'objective')).toBe(true);
    expect(credits('objective', 'loss')).toBe(true);
    expect(credits('pick', 'selected')).toBe(true);
    expect(credits('shortage', 'lack')).toBe(true);
    expect(credits('loss', 'selected')).toBe(false);
    expect(synonymsOf(term('transformer'))).toEqual([]);
  });

  it('join the forms of one word that the stemmer keeps apart ("classification" / "classify", "frozen" / "freezing")', () => {
    expect(term('classification')).not.toBe(term('classify'));
    expect(credits('classification', 'classify')).toBe(true);
    expect(credits('frozen', 'freezing')).toBe(true);
    expect(credits('accuracy', 'accurate')).toBe(true);
    expect(credits('reduction', 'reduce')).toBe(true);
  });

  it('read the abbreviations people type in chat as the words abstracts write ("doc" / "document", "img" / "images")', () => {
    expect(credits('doc', 'document')).toBe(true);
    expect(credits('docs', 'documents')).toBe(true);
    expect(credits('img', 'images')).toBe(true);
    expect(credits('attn', 'attention')).toBe(true);
    expect(credits('sota', 'state-of-the-art')).toBe(true);
    expect(credits('doc', 'images')).toBe(false);
  });
});
