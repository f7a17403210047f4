/**
 * Slack's rules in one place: Block Kit limits, mrkdwn escaping, mention neutralising, safe links, and the
 * options every outgoing message carries. Everything that reaches Slack from paper text or user text goes
 * through `escapeText` (or `linkTo`), so it can never ping anyone or inject markup.
 */

/** Most blocks in one message. */
export const MAX_BLOCKS = 50;
/** Longest text of a section block. */
export const MAX_SECTION_TEXT = 3000;
/** Longest text of one of a section's `fields` (two of them show side by side). */
export const MAX_FIELD_TEXT = 2000;
/** Longest text of one context block element. */
export const MAX_CONTEXT_TEXT = 3000;
/** Longest button label (plain text). */
export const MAX_BUTTON_TEXT = 75;
/** Longest button `value`. */
export const MAX_BUTTON_VALUE = 2000;
/** Our cap on a message's top-level `text` (the notification fallback); Slack truncates past 40,000. */
export const MAX_FALLBACK_TEXT = 3000;
/** Titles and names longer than this are cut (with "…") before escaping, so a link always fits a line. */
export const MAX_LABEL_CHARS = 200;
/** URLs longer than this are not linked (no real paper URL comes close). */
export const MAX_URL_CHARS = 1000;

/**
 * Sent with every `chat.postMessage`: no link previews, no automatic parsing of names or mentions.
 * Markup we want (links, bold) is written explicitly.
 */
export const POST_OPTIONS = { unfurl_links: false, unfurl_media: false, link_names: false, parse: 'none' } as const;

const WORD_JOINER = '\u2060';
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters from untrusted text are what this strips
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Give bare `@here`, `@channel` and `@everyone` an invisible word joiner so Slack never reads them as mentions. */
function defuseBareMentions(s: string): string {
  return s.replace(/@(here|channel|everyone)\b/gi, `@${WORD_JOINER}$1`);
}

function escapeEntities(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Escape untrusted text for mrkdwn: `&`, `<`, `>` become entities (so `<!channel>`, `<@U123>`, `<#C1>` and
 * links are shown, never acted on), bare `@here`/`@channel`/`@everyone` get an invisible word joiner, and
 * control characters are dropped.
 */
export function escapeText(s: string): string {
  return escapeEntities(defuseBareMentions(s.replace(CONTROL_CHARS, '')));
}

/** Cut plain text to at most `max` characters (code points kept whole), ending with "…" when cut. */
export function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Escape untrusted text and cut the result to at most `max` characters without splitting an entity
 * (`&amp;`) or a surrogate pair; ends with "…" when cut.
 */
export function escapeClipped(s: string, max: number): string {
  const plain = defuseBareMentions(s.replace(CONTROL_CHARS, ''));
  const full = escapeEntities(plain);
  if (full.length <= max) return full;
  let out = '';
  for (const ch of plain) {
    const piece = escapeEntities(ch);
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  // "@hereafter" is no mention, but cut to "@here…" it would be: cut before it instead.
  return `${out.replace(/@(?:here|channel|everyone)$/i, '')}…`;
}

/** An http(s) URL made safe to put inside `<…|…>`, or null when it is not a usable http(s) URL. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url || url.length > MAX_URL_CHARS) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  return parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
}

/** `<url|label>` with the label escaped and clipped; just the escaped label when the URL is unusable. */
export function linkTo(url: string | null | undefined, label: string): string {
  const text = escapeText(clip(label.replace(/\s+/g, ' ').trim(), MAX_LABEL_CHARS));
  const href = safeUrl(url);
  return href ? `<${href}|${text}>` : text;
}

/**
 * Join mrkdwn lines into one text of at most `max` characters, keeping whole lines; when some do not fit,
 * the last line says how many were left out.
 */
export function fitLines(lines: readonly string[], max: number): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  const kept: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const sep = kept.length > 0 ? 1 : 0;
    const withLine = length + sep + lines[i]!.length;
    // Keep a line only if a note about the lines after it still fits.
    if (withLine + 1 + omittedNote(lines.length - i - 1).length > max) {
      const note = omittedNote(lines.length - i);
      if (length + sep + note.length <= max) kept.push(note);
      break;
    }
    kept.push(lines[i]!);
    length = withLine;
  }
  return kept.join('\n');
}

function omittedNote(n: number): string {
  return `_…and ${n} more_`;
}

/**
 * Turn Slack-encoded incoming text (a slash command's or a message's) into the plain words the user typed:
 * user, channel and special mentions are dropped or replaced by their label, links by their label or URL,
 * and entities are decoded.
 */
export function plainFromSlack(text: string): string {
  return text
    .replace(/<([@#!])[^|>]*(?:\|([^>]*))?>/g, (_m, kind: string, label: string | undefined) =>
      label ? (kind === '!' ? label : `${kind}${label}`) : '',
    )
    .replace(/<([^|>]+)(?:\|([^>]*))?>/g, (_m, url: string, label: string | undefined) => label ?? url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
