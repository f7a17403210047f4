/**
 * Discord formatting rules for untrusted text (paper text and user input): escaping for markdown fields,
 * cleaning for plain-text fields, and truncation that never cuts an escape or a bold marker in half.
 */

const ZWSP = '\u200b';

// Control characters and bidirectional overrides: never useful in a chat message, and able to disguise text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters from untrusted text are what this strips
const UNSAFE_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

// Markdown that is active anywhere in a line: emphasis, code, spoilers, masked links, mentions/emoji/timestamps (<…>).
const INLINE_SPECIALS = /[\\*_~`|[\]<>]/g;

// Markdown that is active at the start of a line: headings, subtext (-#), lists, quotes.
const LINE_START = /^(\s*)([#>+-]|\d+(?=\.\s))/;

// A bare URL: left unescaped so Discord still links it (a backslash inside would break the link).
const BARE_URL = /https?:\/\/[^\s\\*`|[\]<>()]+/g;

/**
 * Discord's markup in typed text that carries no words of a question: user, role and channel mentions (`<@id>`,
 * `<@!id>`, `<@&id>`, `<#id>`), custom emoji (`<:name:id>`, `<a:name:id>`), timestamps (`<t:1700000000:R>`) and
 * command mentions (`</ask:id>`).
 */
const DISCORD_MARKUP = /<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|\/[\w -]+:\d+)>/g;

/**
 * A question as the asker meant it: Discord's mention, emoji and timestamp markup dropped ("<@123> how does KIVI
 * work?" asks "how does KIVI work?"; the digits of an id would otherwise count as a word of it), spaces folded.
 */
export function plainFromDiscord(text: string): string {
  return text.replace(DISCORD_MARKUP, ' ').replace(/\s+/g, ' ').trim();
}

/** Text for a plain-text field (footer, author, button label, autocomplete choice): no control characters. */
export function plain(text: string): string {
  return text.replace(UNSAFE_CHARS, '').replace(/\r\n?/g, '\n');
}

/**
 * Escape untrusted text for a field Discord renders as markdown (content, description, field value, title):
 * it then shows literally, and `@everyone`, `@here`, `<@id>`, `<#id>`, `<@&id>` neither render nor ping.
 */
export function escapeMarkdown(text: string): string {
  return plain(text)
    .split('\n')
    .map((line) =>
      escapeInline(line).replace(
        LINE_START,
        (_m, space: string, mark: string) => `${space}${/^\d/.test(mark) ? `${mark}\\` : `\\${mark}`}`,
      ),
    )
    .join('\n')
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`);
}

function escapeInline(line: string): string {
  let out = '';
  let at = 0;
  for (const m of line.matchAll(BARE_URL)) {
    out += line.slice(at, m.index).replace(INLINE_SPECIALS, '\\$&') + m[0];
    at = m.index + m[0].length;
  }
  return out + line.slice(at).replace(INLINE_SPECIALS, '\\$&');
}

/** Drop a trailing lone high surrogate so a cut never splits an emoji into invalid UTF-16. */
function cutAt(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? text.slice(0, n - 1) : text.slice(0, n);
}

/**
 * Render `raw` and keep the result within `max` characters: when it does not fit, render the longest prefix
 * of `raw` (preferring a word boundary) that fits together with "…". Escapes are never cut in half because
 * the cut happens on the raw text, before rendering.
 * @param render how raw text becomes output, `escapeMarkdown` by default; must not shrink as input grows
 */
export function fit(raw: string, max: number, render: (prefix: string) => string = escapeMarkdown): string {
  const whole = render(raw);
  if (whole.length <= max) return whole;
  const ellipsis = '…';
  const fits = (n: number) => render(cutAt(raw, n).trimEnd()).length + ellipsis.length <= max;
  let lo = 0;
  let hi = raw.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  const space = raw.lastIndexOf(' ', lo);
  let n = space > 0 && lo - space <= 30 ? space : lo; // end on a whole word unless the word is very long
  while (n > 0 && !fits(n)) n--;
  const kept = render(cutAt(raw, n).trimEnd());
  return kept.length + ellipsis.length <= max ? `${kept}${ellipsis}` : ellipsis.slice(0, max);
}

/** An http(s) URL fit for a link or a link button, or null for anything else (javascript:, garbage, too long). */
export function safeUrl(url: string | null | undefined, maxLength = 512): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    const href = parsed.href.replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
    return href.length <= maxLength ? href : null;
  } catch {
    return null;
  }
}

/** `[text](url)` with the text escaped (and clipped to `maxText`); just the escaped text when the URL is unusable. */
export function maskedLink(text: string, url: string | null, maxText: number): string {
  const label = fit(text, maxText);
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}

/** Prefix every line with "> " (a Discord block quote). */
export function blockQuote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
