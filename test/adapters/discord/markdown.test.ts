import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockQuote, escapeMarkdown, fit, maskedLink, plain, plainFromDiscord, safeUrl } from '../../../adapters/discord/markdown.js';
import { activeMarkup, asRead } from './markdown-reader.js';

// Strings built from the pieces that matter: markup, mentions, URLs, line starts, emoji and plain words.
const PIECES = [
  '*',
  '**',
  '_',
  '__',
  '~~',
  '`',
  '```',
  '||',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '<@123456789012345678>',
  '<#1>',
  '<@&2>',
  '</ask:3>',
  '<t:1:R>',
  '@everyone',
  '@here',
  '@',
  'everyone',
  '\\',
  '#',
  '# ',
  '-# ',
  '- ',
  '+ ',
  '1. ',
  '> ',
  '\n',
  ' ',
  'a',
  'KIVI',
  'https://github.com/a_b/c',
  'https://',
  '😀',
  '\u0007',
  '\u202e',
  ':',
  '.',
];
const markdownish = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''));

describe('escapeMarkdown', () => {
  it.each([
    [
      '**bold** ||spoiler|| `code` ~~gone~~ __under__',
      '\\*\\*bold\\*\\* \\|\\|spoiler\\|\\| \\`code\\` \\~\\~gone\\~\\~ \\_\\_under\\_\\_',
    ],
    ['@everyone and @here', '@\u200beveryone and @\u200bhere'],
    ['<@123456789012345678> <#42> <@&7>', '\\<@123456789012345678\\> \\<#42\\> \\<@&7\\>'],
    ['[click](https://evil.example)', '\\[click\\](https://evil.example)'],
    ['# Heading\n-# sub\n- item\n1. first\n> quote', '\\# Heading\n\\-# sub\n\\- item\n1\\. first\n\\> quote'],
    ['code at https://github.com/snake_case/repo_name.', 'code at https://github.com/snake_case/repo_name.'],
    ['bell\u0007 and \u202eoverride', 'bell and override'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('reads back exactly as written, with no markup left active', () => {
    fc.assert(
      fc.property(markdownish, (s) => {
        const out = escapeMarkdown(s);
        expect(asRead(out)).toBe(plain(s));
        expect(activeMarkup(out)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe('plainFromDiscord', () => {
  it('drops the markup of mentions, custom emoji, timestamps and command mentions, and keeps every word typed', () => {
    expect(plainFromDiscord('<@123>  <@!456> how does <#789> KIVI work <:thinking:42> <a:wave:43> since <t:1700000000:R>? </ask:99>')).toBe(
      'how does KIVI work since ?',
    );
    expect(plainFromDiscord('<@&1> recall@5 of a <b> tag, x < y > z, @everyone')).toBe('recall@5 of a <b> tag, x < y > z, @everyone');
  });
});

describe('fit', () => {
  it('keeps text that fits as it is', () => {
    expect(fit('KIVI *quantizes*', 100)).toBe('KIVI \\*quantizes\\*');
  });

  it('cuts long text at a word, before escaping, and marks the cut', () => {
    expect(fit('one two three four five', 12)).toBe('one two…');
    expect(fit('a*b*c*d*e*f', 8)).toBe('a\\*b\\*c…');
  });

  it('stays within the limit, never splits an escape or an emoji, and keeps a readable prefix', () => {
    fc.assert(
      fc.property(markdownish, fc.integer({ min: 1, max: 60 }), (s, max) => {
        const out = fit(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no half emoji
        if (escapeMarkdown(s).length <= max) {
          expect(out).toBe(escapeMarkdown(s));
          return;
        }
        expect(out.endsWith('…')).toBe(true);
        const kept = out.slice(0, -1);
        expect(kept).not.toMatch(/(^|[^\\])(\\\\)*\\$/); // no dangling backslash
        expect(plain(s).startsWith(asRead(kept))).toBe(true);
        expect(activeMarkup(kept)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe('links', () => {
  it('accepts only http(s) URLs and keeps them from closing a masked link early', () => {
    expect(safeUrl('https://arxiv.org/abs/2402.02750')).toBe('https://arxiv.org/abs/2402.02750');
    expect(safeUrl('https://en.wikipedia.org/wiki/Foo_(bar)')).toBe('https://en.wikipedia.org/wiki/Foo_%28bar%29');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(`https://example.com/${'a'.repeat(600)}`)).toBeNull();
    expect(safeUrl(null)).toBeNull();
  });

  it('masks a link with escaped text, or shows the text alone without a usable URL', () => {
    expect(maskedLink('A [weird] *title*', 'https://arxiv.org/abs/1', 100)).toBe('[A \\[weird\\] \\*title\\*](https://arxiv.org/abs/1)');
    expect(maskedLink('Title', 'ftp://x', 100)).toBe('Title');
  });

  it('quotes every line', () => {
    expect(blockQuote('a\nb')).toBe('> a\n> b');
  });
});
