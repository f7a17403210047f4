import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { timestampProblem } from '../../../adapters/slack/http.js';
import { clip, escapeClipped, escapeText, fitLines, linkTo, plainFromSlack, safeUrl } from '../../../adapters/slack/rules.js';
import { hostileText, unsafeMarkup } from './markup.js';

describe('escapeText', () => {
  it('shows Slack control sequences from paper or user text instead of acting on them', () => {
    expect(escapeText('<!channel> & <@U123> <#C1|general> <https://evil.example|click>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;#C1|general&gt; &lt;https://evil.example|click&gt;',
    );
  });

  it('defuses bare @here, @channel and @everyone with an invisible word joiner', () => {
    expect(escapeText('ping @here and @Channel, not @hereafter')).toBe('ping @\u2060here and @\u2060Channel, not @hereafter');
  });

  it('leaves nothing Slack would act on, for any text', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        expect(unsafeMarkup(escapeText(s))).toEqual([]);
      }),
    );
  });
});

describe('escapeClipped and clip', () => {
  it('cut to the limit without splitting an entity, and stay safe', () => {
    fc.assert(
      fc.property(hostileText, fc.integer({ min: 2, max: 80 }), (s, max) => {
        const out = escapeClipped(s, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(unsafeMarkup(out)).toEqual([]);
        if (out !== escapeText(s)) {
          expect(out.endsWith('…')).toBe(true);
          expect(escapeText(s).startsWith(out.slice(0, -1))).toBe(true);
        }
      }),
    );
  });

  it('never leaves a bare mention where a longer word was cut (regression: "@hereafter" cut to "@here…")', () => {
    expect(escapeClipped('see @hereafter now', 10)).toBe('see …');
    expect(unsafeMarkup(escapeClipped('@channels', 9))).toEqual([]);
  });

  it('clip keeps short text and cuts long text with an ellipsis', () => {
    expect(clip('short', 10)).toBe('short');
    expect(clip('a long sentence here', 10)).toBe('a long se…');
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 100 }), (s, max) => {
        expect(clip(s, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('links', () => {
  it('link only http(s) URLs, with the characters that end a link encoded', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl(null)).toBeNull();
    expect(safeUrl('https://example.org/a|b>c?x=1&y=2')).toBe('https://example.org/a%7Cb%3Ec?x=1&amp;y=2');
  });

  it('escape the label and fall back to plain text without a usable URL', () => {
    expect(linkTo('https://arxiv.org/abs/2402.02750', 'The Hedgehog & the <Porcupine>')).toBe(
      '<https://arxiv.org/abs/2402.02750|The Hedgehog &amp; the &lt;Porcupine&gt;>',
    );
    expect(linkTo('javascript:alert(1)', 'Title')).toBe('Title');
    fc.assert(
      fc.property(
        fc.tuple(fc.constantFrom('https://example.org/', 'http://', 'javascript:', ''), hostileText).map(([a, b]) => a + b),
        hostileText,
        (url, label) => {
          expect(unsafeMarkup(linkTo(url, label))).toEqual([]);
        },
      ),
    );
  });
});

describe('fitLines', () => {
  it('keeps whole lines within the limit and says how many were left out', () => {
    expect(fitLines(['one', 'two', 'three'], 100)).toBe('one\ntwo\nthree');
    expect(fitLines(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc'], 30)).toBe('aaaaaaaaaa\n_…and 2 more_');
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 30 }), fc.integer({ min: 20, max: 400 }), (lines, max) => {
        const out = fitLines(lines, max);
        expect(out.length).toBeLessThanOrEqual(max);
        const kept = out.split('\n').filter((l) => !/^_…and \d+ more_$/.test(l));
        if (out !== lines.join('\n')) expect(lines.slice(0, kept.length)).toEqual(kept);
      }),
    );
  });
});

describe('plainFromSlack', () => {
  it('turns Slack-encoded input into the words typed', () => {
    expect(plainFromSlack('<@UBOT>  <!here> how does <https://arxiv.org/abs/2402.02750|KIVI> work &amp; why &lt;3 <#C1|papers>')).toBe(
      'how does KIVI work & why <3 #papers',
    );
    expect(plainFromSlack('<@UBOT|citebot> see <https://example.org>')).toBe('@citebot see https://example.org');
  });
});

describe('timestampProblem', () => {
  const now = 1_700_000_000;
  it('accepts timestamps within five minutes either way', () => {
    for (const skew of [0, -300, 300, -1, 1]) expect(timestampProblem(String(now + skew), now)).toBeNull();
  });
  it('refuses stale, future, missing and malformed timestamps', () => {
    expect(timestampProblem(String(now - 301), now)).toBe('stale timestamp');
    expect(timestampProblem(String(now + 301), now)).toBe('timestamp in the future');
    expect(timestampProblem(undefined, now)).toBe('missing timestamp');
    expect(timestampProblem(['1', '2'], now)).toBe('missing timestamp');
    expect(timestampProblem('17e8', now)).toBe('malformed timestamp');
  });
});
