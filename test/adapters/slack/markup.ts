import fc from 'fast-check';

/** Strings made of the characters and sequences that break or abuse mrkdwn. */
export const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom('<', '>', '&', '@', '!', '#', '|', '*', '_', '~', '`', '\n', '\t', ' ', '\u0007', 'a', 'Z', 'é', '😀'),
      fc.constantFrom(
        '@here',
        '@channel',
        '@Everyone',
        '<!channel>',
        '<!here|here>',
        '<@U123>',
        '<#C1|general>',
        '<https://evil.example|click>',
        '&amp;',
        '&lt;',
      ),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** What Slack would act on in mrkdwn, other than our own `<http…|label>` links and line-start quotes. */
export function unsafeMarkup(text: string): string[] {
  const rest = text.replace(/<https?:\/\/[^\s|<>]+\|[^<>]*>/g, '').replace(/^>/gm, '');
  const found: string[] = [];
  if (/[<>]/.test(rest)) found.push('raw < or >');
  if (/&(?!amp;|lt;|gt;)/.test(rest)) found.push('bare &');
  if (/@(?:here|channel|everyone)\b/i.test(rest)) found.push('bare @mention');
  return found;
}
