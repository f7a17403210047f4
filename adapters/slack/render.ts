import type { types } from '@slack/bolt';
import type { AskResult, Citation, CitedResult, Excerpt, PaperCard, PaperPage } from '../../src/index.js';
import { encodePage, encodeShare, PAPERS_NEXT_ACTION, PAPERS_PREV_ACTION, SHARE_ACTION, type ShareValue } from './action-values.js';
import {
  clip,
  escapeClipped,
  escapeText,
  fitLines,
  linkTo,
  MAX_BLOCKS,
  MAX_BUTTON_TEXT,
  MAX_CONTEXT_TEXT,
  MAX_FALLBACK_TEXT,
  MAX_LABEL_CHARS,
  MAX_SECTION_TEXT,
  safeUrl,
} from './rules.js';

/** A Block Kit block. */
export type Block = types.KnownBlock;

/** A message ready for `respond`, `chat.postMessage` or `say`: blocks plus the notification fallback text. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** "Also relevant" papers shown under a single answer. */
export const MAX_ALSO_RELEVANT = 3;
/** Papers shown for a "which papers…" question. */
export const MAX_LIST_RESULTS = 5;
/** Closest papers listed when nothing answers a question or matches a `/paper` query. */
export const MAX_CLOSEST = 3;

/** How a command is described in help (a subset of the command objects in `listeners/commands.ts`). */
export interface CommandHelp {
  name: string;
  usageHint: string;
  description: string;
}

/** The answer to a question: excerpt, citation, "also relevant", and (when shareable) a Share button. */
export function renderAnswer(result: AskResult, options: { shareable: boolean }): SlackMessage {
  if (!result.ok) return renderNotice(result.error.message);
  const a = result.answer;
  const [first, ...rest] = a.results;
  if (!first) return renderNotice('No paper in the collection covers that. Try other words, or ask about a method, model or result.');
  if (!a.answered) {
    const closest = a.results.slice(0, MAX_CLOSEST).map((r) => `• ${titleLine(r.citation)}`);
    const text = fitLines(['No paper in the collection covers that; the closest are:', ...closest], MAX_SECTION_TEXT);
    return finish(`No paper in the collection covers that. Closest: ${first.citation.title}`, [section(text)]);
  }
  const share = options.shareable ? shareButton({ kind: 'ask', q: a.question }) : [];
  if (a.kind === 'list') {
    const blocks: Block[] = [section(`*Papers on that (${Math.min(a.results.length, MAX_LIST_RESULTS)}):*`)];
    for (const r of a.results.slice(0, MAX_LIST_RESULTS)) {
      const head = `*${linkTo(r.citation.url, r.citation.title)}* (${r.citation.year})`;
      blocks.push(section(`${head}\n${quote(r.excerpt, MAX_SECTION_TEXT - head.length - 1)}`));
      blocks.push(context(byline(r.citation)));
    }
    return finish(`Papers on that: ${a.results.map((r) => r.citation.title).join('; ')}`, [...blocks, ...share]);
  }
  const blocks: Block[] = [section(quote(first.excerpt)), context(citationLine(first.citation))];
  const also = rest.slice(0, MAX_ALSO_RELEVANT);
  if (also.length > 0) blocks.push(section(fitLines(['*Also relevant*', ...also.map((r: CitedResult) => `• ${titleLine(r.citation)}`)], MAX_SECTION_TEXT)));
  return finish(`${first.citation.title}: ${first.excerpt.text}`, [...blocks, ...share]);
}

/** A paper's card: linked title and byline, the lead of its abstract, other matches, and a Share button. */
export function renderCard(card: PaperCard, others: readonly Citation[], options: { shareable: boolean }): SlackMessage {
  const c = card.citation;
  const blocks: Block[] = [
    section(`*${linkTo(c.url, c.title)}*\n${byline(c)}`),
    section(`>${escapeClipped(card.lead.replace(/\s+/g, ' ').trim(), MAX_SECTION_TEXT - 3)}${card.leadCut ? '…' : ''}`),
  ];
  if (others.length > 0) blocks.push(context(`Also matching: ${others.slice(0, MAX_ALSO_RELEVANT).map((o) => linkTo(o.url, o.title)).join(' · ')}`));
  if (options.shareable) blocks.push(...shareButton({ kind: 'paper', id: c.id }));
  return finish(`${c.title} (${c.year})`, blocks);
}

/** No paper matches a `/paper` query: say so, listing the closest titles if any. */
export function renderNoMatch(query: string, closest: readonly Citation[]): SlackMessage {
  const head = `No paper matches “${escapeClipped(query, MAX_LABEL_CHARS)}”.`;
  const lines = closest.length > 0 ? [`${head} Closest titles:`, ...closest.slice(0, MAX_CLOSEST).map((c) => `• ${titleLine(c)}`)] : [`${head} Try /papers to browse the collection.`];
  return finish(`No paper matches “${query}”.`, [section(fitLines(lines, MAX_SECTION_TEXT))]);
}

/** One page of `/papers`: numbered linked titles and Previous/Next buttons carrying the page state. */
export function renderPaperPage(page: PaperPage, topic: string, pageSize: number): SlackMessage {
  const shown = topic ? `Papers on “${escapeClipped(topic, MAX_LABEL_CHARS)}”` : 'All papers';
  if (page.total === 0 || page.items.length === 0) {
    return renderNotice(topic ? `No papers match “${topic}”. Try /papers with no topic for the full list.` : 'The collection is empty.');
  }
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  const lines = page.items.map((c, i) => `${page.offset + i + 1}. ${titleLine(c)}`);
  const blocks: Block[] = [section(`*${shown}* (${first}–${last} of ${page.total})`), section(fitLines(lines, MAX_SECTION_TEXT))];
  const buttons: types.Button[] = [];
  if (page.offset > 0) {
    buttons.push(button(PAPERS_PREV_ACTION, '◀ Previous', encodePage({ topic, offset: Math.max(0, page.offset - pageSize) })));
  }
  if (last < page.total) buttons.push(button(PAPERS_NEXT_ACTION, 'Next ▶', encodePage({ topic, offset: last })));
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'citebot_papers_paging', elements: buttons });
  const plainTopic = topic ? `Papers on “${topic}”` : 'All papers';
  return finish(`${plainTopic} (${first}–${last} of ${page.total})`, blocks);
}

/** Usage for `/ask help`, an empty `/ask`, and a bare mention. */
export function renderHelp(commands: readonly CommandHelp[]): SlackMessage {
  const lines = [
    '*citebot* answers questions about research papers with a verbatim excerpt and a linked citation.',
    ...commands.map((c) => `• \`${c.name}${c.usageHint ? ` ${escapeText(c.usageHint)}` : ''}\`: ${escapeText(c.description)}`),
    '• Mention me in a channel, or send me a direct message, with a question: I answer in a thread.',
    'Example: `/ask How does KIVI quantize the KV cache?`',
  ];
  return finish('citebot: ask about research papers with /ask, /paper and /papers.', [section(fitLines(lines, MAX_SECTION_TEXT))]);
}

/** A short message (escaped) with no other blocks: errors, "not found", usage problems. */
export function renderNotice(message: string): SlackMessage {
  return finish(message, [section(escapeClipped(message, MAX_SECTION_TEXT))]);
}

/** The private message a user gets when handling their request failed. Never carries error details. */
export const ERROR_TEXT = 'Sorry, something went wrong while answering that. Please try again in a moment.';

/**
 * A shared answer for the channel: a line attributing it to the asker, then the answer without its Share
 * button. The asker is named in plain text (not `<@U…>`), so sharing notifies nobody.
 */
export function renderShared(message: SlackMessage, askerName: string, shared: ShareValue): SlackMessage {
  const who = escapeClipped(askerName, 80);
  const line = shared.kind === 'ask' ? `*${who}* asked: “${escapeClipped(shared.q, 600)}”` : `*${who}* shared a paper`;
  const blocks = message.blocks.filter((b) => !(b.type === 'actions' && b.block_id === SHARE_BLOCK_ID));
  const plain = shared.kind === 'ask' ? `${askerName} asked: ${shared.q}` : `${askerName} shared a paper`;
  return finish(plain, [context(line), ...blocks]);
}

const SHARE_BLOCK_ID = 'citebot_share';

function shareButton(value: ShareValue): Block[] {
  const encoded = encodeShare(value);
  if (!encoded) return [];
  return [{ type: 'actions', block_id: SHARE_BLOCK_ID, elements: [button(SHARE_ACTION, 'Share in channel', encoded)] }];
}

function button(actionId: string, label: string, value: string): types.Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: clip(label, MAX_BUTTON_TEXT), emoji: true }, value };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: cutMarkup(text, MAX_SECTION_TEXT), verbatim: true } };
}

function context(text: string): Block {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: cutMarkup(text, MAX_CONTEXT_TEXT), verbatim: true }] };
}

/** Last resort (the renderers budget their text): cut mrkdwn without leaving half an entity or link. */
function cutMarkup(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/&[a-z]*$|<[^>]*$/, '')}…`;
}

function finish(fallback: string, blocks: Block[]): SlackMessage {
  return { text: escapeClipped(fallback.replace(/\s+/g, ' ').trim(), MAX_FALLBACK_TEXT), blocks: blocks.slice(0, MAX_BLOCKS) };
}

/** The excerpt as a mrkdwn quote: matched words bold, "…" where it cuts a sentence. */
export function quote(excerpt: Excerpt, max = MAX_SECTION_TEXT): string {
  let body = '';
  let at = 0;
  for (const h of mergeHighlights(excerpt)) {
    body += escapeText(flat(excerpt.text.slice(at, h.start))) + `*${escapeText(flat(excerpt.text.slice(h.start, h.end)))}*`;
    at = h.end;
  }
  body += escapeText(flat(excerpt.text.slice(at)));
  const open = excerpt.cutStart ? '…' : '';
  const close = excerpt.cutEnd ? '…' : '';
  const text = `>${open}${body}${close}`;
  // Over-long (never with the core's excerpt cap): drop the bold rather than risk an unclosed marker.
  return text.length <= max ? text : `>${escapeClipped(`${open}${flat(excerpt.text)}`, max - 1)}`;
}

/** Highlights with only spaces between them become one bold run ("*KV cache*", not "*KV* *cache*"). */
function mergeHighlights(excerpt: Excerpt): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const h of excerpt.highlights) {
    const prev = out[out.length - 1];
    if (prev && /^ +$/.test(excerpt.text.slice(prev.end, h.start))) prev.end = h.end;
    else out.push({ start: h.start, end: h.end });
  }
  return out;
}

function flat(s: string): string {
  return s.replace(/\s/g, ' ');
}

/** "<url|Title> · Zirui Liu et al. · 2024 · arXiv 2402.02750 · <code|code>" */
export function citationLine(c: Citation): string {
  return [linkTo(c.url, c.title), byline(c)].join(' · ');
}

/** "Zirui Liu et al. · 2024 · arXiv 2402.02750 · <code|code>" (escaped). */
export function byline(c: Citation): string {
  const parts = [escapeText(clip(authorList(c), MAX_LABEL_CHARS)), String(c.year)];
  if (isArxiv(c)) parts.push(`arXiv ${escapeText(c.id)}`);
  const code = safeUrl(c.codeUrl);
  if (code) parts.push(`<${code}|code>`);
  return parts.join(' · ');
}

function authorList(c: Citation): string {
  if (c.authors.length === 0) return 'Unknown authors';
  if (c.authors.length > 3) return `${c.authors.slice(0, 3).join(', ')} et al.`;
  return `${c.authors.join(', ')}${c.etAl ? ' et al.' : ''}`;
}

function isArxiv(c: Citation): boolean {
  return /^\d{4}\.\d{4,5}$/.test(c.id) || Boolean(c.url && /(^|\.)arxiv\.org$/.test(hostOf(c.url)));
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function titleLine(c: Citation): string {
  return `${linkTo(c.url, c.title)} (${c.year})`;
}
