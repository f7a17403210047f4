import type { types } from '@slack/bolt';
import type { Citation, PaperCard } from '../../src/index.js';
import {
  type AnswerView,
  authorList,
  bylineParts,
  bylineShortens,
  idLabel,
  isArxiv,
  type PapersPage,
  type RecordLead,
  yearAfterDot,
  yearInParens,
} from '../shared/commands.js';
import type { AnswerRef } from '../shared/feedback.js';
import { type AbstractView, type NextPassage, type Passage, passageOf, type RelatedView, shownText } from '../shared/layout.js';
import {
  ANSWERS13,
  AUTHOR_BUTTON,
  AUTHORS,
  type CommandHelp,
  FEEDBACK,
  HELP,
  LABELS,
  MORE,
  PAPER,
  PAPERS,
  SHARED,
} from '../shared/messages.js';
import {
  ABSTRACT_ACTION,
  AUTHORS_ACTION,
  CITE_ACTION,
  encodeNextPassage,
  encodePage,
  encodePaperAction,
  encodeShare,
  encodeVote,
  FEEDBACK_ACTION,
  NEXT_PASSAGE_ACTION,
  PAPERS_NEXT_ACTION,
  PAPERS_PREV_ACTION,
  RELATED_ACTION,
  SHARE_ACTION,
  type ShareValue,
  WRONG_PAPER_ACTION,
} from './action-values.js';
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
  MAX_FIELD_TEXT,
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

/** How an answer is rendered: with a Share button (private replies), and with feedback controls (logged answers). */
export interface AnswerOptions {
  shareable: boolean;
  /** Restate the question under the title: a slash command's private reply does not show what was typed. Default false. */
  showQuestion?: boolean;
  /** The answer's reference: 👍/👎 under it and "Wrong paper" beside each cited paper carry it. */
  feedback?: AnswerRef | undefined;
}

/**
 * The answer to a question: excerpt, citation, "also relevant", then (with `feedback`) the 👍/👎 buttons and a
 * "Wrong paper" button beside each cited paper, and (when shareable) a Share button.
 */
export function renderAnswer(view: AnswerView, options: AnswerOptions): SlackMessage {
  if (view.kind === 'problem') return renderNotice(view.error.message);
  const { feedback } = options;
  const votes = feedback ? feedbackButtons(feedback) : [];
  const wrong = (paperId: string) => (feedback ? wrongPaperButton(feedback, paperId) : undefined);
  if (view.kind === 'none') {
    const closest = view.closest.map((c) => `• ${titleLine(c)}`);
    const text = fitLines([`*${escapeText(view.headline)}.* ${escapeText(view.detail)}`.trimEnd(), ...closest], MAX_SECTION_TEXT);
    const fallback = view.closest[0] ? `${view.headline}. Closest: ${view.closest[0].title}` : `${view.headline}. ${view.detail}`;
    return finish(fallback, [section(text), ...votes]);
  }
  const share = options.shareable ? shareButton({ kind: 'ask', q: view.question, ...(feedback ? { a: feedback.answerId } : {}) }) : [];
  const asked = options.showQuestion ? [questionContext(view.question)] : [];
  if (view.kind === 'list' || view.kind === 'ambiguous') {
    const results = view.kind === 'list' ? view.results : view.papers;
    const filters = view.kind === 'list' && view.filters ? [context(escapeText(view.filters))] : [];
    const blocks: Block[] = [section(`*${escapeText(view.heading)}*`), ...asked, ...filters];
    for (const [i, r] of results.entries()) {
      const head = `*${i + 1}. ${linkTo(r.citation.url, shownText(r.citation.title))}*${yearInParens(r.citation)}`;
      blocks.push(section(`${head}\n${quote(passageOf(r.excerpt), MAX_SECTION_TEXT - head.length - 1)}`, wrong(r.citation.id)));
      blocks.push(context(byline(r.citation)));
    }
    return finish(`${view.heading} ${results.map((r) => r.citation.title).join('; ')}`, [...blocks, ...votes, ...share]);
  }
  if (view.kind === 'compare') {
    // Side by side: one section with two fields, which Slack lays out as two columns (stacked on a phone).
    const fields = view.sides.map((side) => {
      const c = side.citation;
      const head = `*${escapeClipped(side.name, 100)}*\n${linkTo(c.url, shownText(c.title))}${yearInParens(c)}`;
      const tail = `\n${byline(c)}`;
      return {
        type: 'mrkdwn' as const,
        text: `${head}\n${quote(passageOf(side.excerpt), MAX_FIELD_TEXT - head.length - tail.length - 2)}${tail}`,
        verbatim: true,
      };
    });
    const aspect = view.aspect ? [context(escapeText(ANSWERS13.compareAspect(view.aspect)))] : [];
    // Fields take no accessory: "Wrong paper: <name>" for each side goes in a row of its own below them.
    const wrongSides = feedback
      ? view.sides.flatMap((side, i) => {
          const value = encodeVote(feedback, { vote: 'wrong-paper', paperId: side.citation.id });
          const id = i === 0 ? WRONG_PAPER_ACTION : `${WRONG_PAPER_ACTION}_${i + 1}`; // unique within the block
          return value ? [button(id, `${FEEDBACK.wrongPaper}: ${side.name}`, value)] : [];
        })
      : [];
    const wrongRow: Block[] = wrongSides.length > 0 ? [{ type: 'actions', elements: wrongSides }] : [];
    const blocks: Block[] = [section(`*${escapeText(view.heading)}*`), ...asked, ...aspect, { type: 'section', fields }, ...wrongRow];
    const fallback = `${view.heading}: ${view.sides.map((side) => `${side.name}: ${side.excerpt.text}`).join(' | ')}`;
    return finish(fallback, [...blocks, ...votes, ...share]);
  }
  const { best } = view;
  const c = best.citation;
  // A record question's answer leads (under the question, when it is restated), then the paper it is from.
  const head = view.lead ? [...asked, section(leadText(view.lead)), titleSection(c)] : [titleSection(c), ...asked];
  const blocks: Block[] = [
    ...head,
    ...(view.filters ? [context(escapeText(view.filters))] : []),
    section(quote(passageOf(best.excerpt)), wrong(c.id)),
    context(byline(c)),
    ...paperActions(c, {
      next: { question: view.question, shown: [{ start: best.excerpt.offset, end: best.excerpt.offset + best.excerpt.text.length }] },
      // All authors only when the byline shortens the list ("et al.").
      authors: bylineShortens(c),
    }),
  ];
  if (view.also.length > 0)
    blocks.push(
      ...numberedBlocks(
        `*${LABELS.alsoRelevant}*`,
        view.also.map((citation, i) => ({ citation, reason: view.reasons[i] ?? '' })),
      ),
    );
  const fallback = view.lead ? `${leadPlain(view.lead)} · ${c.title}` : `${c.title}: ${best.excerpt.text}`;
  return finish(fallback, [...blocks, ...votes, ...share]);
}

/** Longest value on a record question's lead line (forty authors fit one section). */
const MAX_LEAD_CHARS = 2000;

/**
 * "*Authors:* Zirui Liu et al. (the collection records the first author only)": the label bold, the value and note
 * escaped, a code URL a link.
 */
export function leadText(lead: RecordLead): string {
  const value = lead.url ? linkTo(lead.url, lead.text) : escapeClipped(lead.text, MAX_LEAD_CHARS);
  const note = lead.note ? ` ${escapeText(lead.note)}` : '';
  return lead.label ? `*${escapeText(lead.label)}:* ${value}${note}` : `${value}${note}`;
}

/** The lead line as plain text, for the notification (escaped by `finish`). */
function leadPlain(lead: RecordLead): string {
  return [lead.label ? `${lead.label}: ${lead.text}` : lead.text, lead.note ?? ''].filter((p) => p !== '').join(' ');
}

/** The linked title, bold, first and on its own: the most important line of an answer or card. */
function titleSection(c: Citation): Block {
  return section(`*${linkTo(c.url, shownText(c.title))}*`);
}

/** "*Q:* the question", small, under the title. */
function questionContext(question: string): Block {
  return context(`*${LABELS.question}* ${escapeClipped(question.replace(/\s+/g, ' '), 600)}`);
}

/** A heading, then per paper "*1.* <url|Title> (2024)" and its reason in a grey context line under it. */
function numberedBlocks(heading: string, items: readonly { citation: Citation; reason: string }[]): Block[] {
  const blocks: Block[] = [];
  items.forEach(({ citation: c, reason }, i) => {
    const head = `*${i + 1}.* ${linkTo(c.url, shownText(c.title))}${c.year ? ` (${c.year})` : ''}`;
    blocks.push(section(i === 0 ? `${heading}\n${head}` : head));
    if (reason) blocks.push(context(escapeClipped(reason, MAX_REASON_CHARS)));
  });
  return blocks;
}

/** Longest reason line (the shared layout already shortens it; this only guards the block). */
const MAX_REASON_CHARS = 300;

const PAPER_BLOCK_ID = 'citebot_paper';

/**
 * The buttons under a paper: the paper and its code (links), Cite, Related, then (under an answer) Next passage,
 * and Whole abstract. A button whose value would not fit is left out.
 */
function paperActions(
  c: Citation,
  options: { next?: { question: string; shown: { start: number; end: number }[] }; authors?: boolean } = {},
): Block[] {
  const elements: types.Button[] = [];
  const paper = safeUrl(c.url);
  const code = safeUrl(c.codeUrl);
  if (paper) elements.push(linkButton('citebot_link_paper', isArxiv(c) ? idLabel(c) : LABELS.paper, c.url!));
  if (code) elements.push(linkButton('citebot_link_code', LABELS.code, c.codeUrl!));
  const value = encodePaperAction(c.id);
  if (value) elements.push(button(CITE_ACTION, LABELS.cite, value), button(RELATED_ACTION, LABELS.related, value));
  const next = options.next && encodeNextPassage({ paperId: c.id, ...options.next });
  if (next) elements.push(button(NEXT_PASSAGE_ACTION, LABELS.nextPassage, next));
  if (value) elements.push(button(ABSTRACT_ACTION, LABELS.wholeAbstract, value));
  if (value && options.authors) elements.push(button(AUTHORS_ACTION, AUTHOR_BUTTON, value));
  return elements.length > 0 ? [{ type: 'actions', block_id: PAPER_BLOCK_ID, elements }] : [];
}

function linkButton(actionId: string, label: string, url: string): types.Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: clip(label, MAX_BUTTON_TEXT), emoji: true }, url };
}

/** A paper's card: linked title and byline, the lead of its abstract, other matches, and a Share button. */
export function renderCard(card: PaperCard, others: readonly Citation[], options: { shareable: boolean }): SlackMessage {
  const c = card.citation;
  const blocks: Block[] = [
    titleSection(c),
    context(byline(c)),
    section(`>${escapeClipped(shownText(card.lead), MAX_SECTION_TEXT - 3)}${card.leadCut ? '…' : ''}`),
    ...paperActions(c),
  ];
  if (others.length > 0)
    blocks.push(context(`${LABELS.alsoMatching}: ${others.map((o) => linkTo(o.url, shownText(o.title))).join(' · ')}`));
  if (options.shareable) blocks.push(...shareButton({ kind: 'paper', id: c.id }));
  return finish(`${c.title}${yearInParens(c)}`, blocks);
}

/** No paper matches a `/paper` query: say so, listing the closest titles if any. */
export function renderNoMatch(query: string, closest: readonly Citation[]): SlackMessage {
  const head = escapeText(PAPER.notFound(clip(query, MAX_LABEL_CHARS)));
  const lines =
    closest.length > 0
      ? [`${head} ${PAPER.closestTitles}`, ...closest.map((c) => `• ${titleLine(c)}`)]
      : [`${head} ${escapeText(PAPER.browseHint)}`];
  return finish(PAPER.notFound(query), [section(fitLines(lines, MAX_SECTION_TEXT))]);
}

/** One page of `/papers`: numbered linked titles with authors and year, and Previous/Next buttons carrying the page state. */
export function renderPaperPage(page: PapersPage): SlackMessage {
  if (page.problem) return renderNotice(page.problem);
  if (page.total === 0) return renderNotice(page.topic ? PAPERS.noneOnTopic(page.topic) : PAPERS.emptyCollection);
  const heading = PAPERS.heading(page.topic && clip(page.topic, MAX_LABEL_CHARS));
  const position = PAPERS.position(page.page, page.pages, page.total);
  const lines = page.items.map(
    (c, i) =>
      `*${page.offset + i + 1}.* ${linkTo(c.url, c.title)}\n${escapeText(clip(`${authorList(c)}${yearAfterDot(c)}`, MAX_LABEL_CHARS))}`,
  );
  const blocks: Block[] = [];
  if (page.changed) blocks.push(context(escapeText(PAPERS.collectionChanged)));
  blocks.push(section(`*${escapeText(heading)}* · ${position}`));
  if (page.filters) blocks.push(context(escapeText(page.filters)));
  blocks.push(section(fitLines(lines, MAX_SECTION_TEXT)));
  const buttons: types.Button[] = [];
  if (page.previous) buttons.push(button(PAPERS_PREV_ACTION, LABELS.previous, encodePage(page.previous)));
  if (page.next) buttons.push(button(PAPERS_NEXT_ACTION, LABELS.next, encodePage(page.next)));
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'citebot_papers_paging', elements: buttons });
  return finish(`${PAPERS.heading(page.topic)} · ${position}`, blocks);
}

/** Usage for `/ask help`, an empty `/ask`, and a bare mention. */
export function renderHelp(commands: readonly CommandHelp[]): SlackMessage {
  const lines = [
    `*citebot* ${escapeText(HELP.summary.replace(/^citebot /, ''))}`,
    ...commands.map((c) => `• \`${escapeText(c.usage)}\`: ${escapeText(c.description)}`),
    `• ${escapeText(HELP.slackMentions)}`,
    `${HELP.exampleHeading}: \`/ask ${escapeText(HELP.example)}\``,
  ];
  return finish(HELP.slackFallback, [section(fitLines(lines, MAX_SECTION_TEXT))]);
}

/** A short message (escaped) with no other blocks: errors, "not found", usage problems. */
export function renderNotice(message: string): SlackMessage {
  return finish(message, [section(escapeClipped(message, MAX_SECTION_TEXT))]);
}

/**
 * A shared answer for the channel: a line attributing it to the asker, then the answer without its Share
 * button. The asker is named in plain text (not `<@U…>`), so sharing notifies nobody.
 */
export function renderShared(message: SlackMessage, askerName: string, shared: ShareValue): SlackMessage {
  const who = `*${escapeClipped(askerName, 80)}*`;
  const line = shared.kind === 'ask' ? SHARED.asked(who, escapeClipped(shared.q, 600)) : SHARED.paper(who);
  const blocks = message.blocks.filter((b) => !(b.type === 'actions' && b.block_id === SHARE_BLOCK_ID));
  const plain = shared.kind === 'ask' ? SHARED.asked(askerName, shared.q) : SHARED.paper(askerName);
  return finish(plain, [context(line), ...blocks]);
}

const SHARE_BLOCK_ID = 'citebot_share';
const FEEDBACK_BLOCK_ID = 'citebot_feedback';

/** Slack's native 👍/👎 (`feedback_buttons` in a `context_actions` block); each button's value carries the vote. */
function feedbackButtons(ref: AnswerRef): Block[] {
  const up = encodeVote(ref, { vote: 'up' });
  const down = encodeVote(ref, { vote: 'down' });
  if (!up || !down) return [];
  const text = (t: string) => ({ type: 'plain_text' as const, text: t, emoji: true });
  return [
    {
      type: 'context_actions',
      block_id: FEEDBACK_BLOCK_ID,
      elements: [
        {
          type: 'feedback_buttons',
          action_id: FEEDBACK_ACTION,
          positive_button: { text: text(FEEDBACK.up), value: up, accessibility_label: clip(FEEDBACK.upDescription, MAX_BUTTON_TEXT) },
          negative_button: { text: text(FEEDBACK.down), value: down, accessibility_label: clip(FEEDBACK.downDescription, MAX_BUTTON_TEXT) },
        },
      ],
    },
  ];
}

/** "Wrong paper" as the accessory of a cited paper's section. */
function wrongPaperButton(ref: AnswerRef, paperId: string): types.Button | undefined {
  const value = encodeVote(ref, { vote: 'wrong-paper', paperId });
  return value ? button(WRONG_PAPER_ACTION, FEEDBACK.wrongPaper, value) : undefined;
}

function shareButton(value: ShareValue): Block[] {
  const encoded = encodeShare(value);
  if (!encoded) return [];
  return [{ type: 'actions', block_id: SHARE_BLOCK_ID, elements: [button(SHARE_ACTION, LABELS.share, encoded)] }];
}

function button(actionId: string, label: string, value: string): types.Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text: clip(label, MAX_BUTTON_TEXT), emoji: true }, value };
}

function section(text: string, accessory?: types.Button): Block {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: cutMarkup(text, MAX_SECTION_TEXT), verbatim: true },
    ...(accessory ? { accessory } : {}),
  };
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

/** The passage (display text, see `passageOf`) as a mrkdwn quote: matched words bold, "…" where it cuts a sentence. */
export function quote(excerpt: Passage, max = MAX_SECTION_TEXT): string {
  let body = '';
  let at = 0;
  for (const h of mergeHighlights(excerpt)) {
    body += `${escapeText(flat(excerpt.text.slice(at, h.start)))}*${escapeText(flat(excerpt.text.slice(h.start, h.end)))}*`;
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
function mergeHighlights(excerpt: Passage): { start: number; end: number }[] {
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

/** "Zirui Liu et al. · 2024 · arXiv 2402.02750" (escaped; the code link is a button beside it). Empty parts are left out. */
export function byline(c: Citation): string {
  return bylineParts(c)
    .filter((part) => part !== '')
    .map((part) => escapeText(clip(part, MAX_LABEL_CHARS)))
    .join(' · ');
}

function titleLine(c: Citation): string {
  return `${linkTo(c.url, c.title)}${yearInParens(c)}`;
}

/** Cite: the paper's BibTeX in a code block (escaped, cut to fit one section). */
export function renderCite(c: Citation, entry: string): SlackMessage {
  const code = escapeClipped(entry, MAX_SECTION_TEXT - 8).replace(/```/g, '`\u200b``');
  return finish(`BibTeX: ${c.title}`, [titleSection(c), section(`\`\`\`${code}\`\`\``), context(escapeText(LABELS.bibtexNote))]);
}

/** Related: the papers closest to one paper, numbered, each with the sentence that matched. */
export function renderRelated(view: RelatedView): SlackMessage {
  if (view.related.length === 0) return renderNotice(MORE.noRelated);
  const heading = `*${escapeText(LABELS.relatedHeading(clip(shownText(view.paper.title), MAX_LABEL_CHARS)))}*`;
  return finish(LABELS.relatedHeading(view.paper.title), [
    ...numberedBlocks(heading, view.related),
    context(escapeText(LABELS.relatedNote)),
  ]);
}

/** Most sections an abstract is spread over (3,000 characters each; the corpus caps abstracts at 20,000). */
const MAX_ABSTRACT_SECTIONS = 8;

/** Whole abstract: its display text over as many sections as it needs, cut at words, then the byline. */
export function renderAbstract(view: AbstractView): SlackMessage {
  const c = view.citation;
  // Whole words per section, each within 3,000 characters once escaped; what the last section cannot hold is cut.
  const chunks: string[] = [];
  let chunk = '';
  for (const word of view.text.split(' ')) {
    const longer = chunk === '' ? word : `${chunk} ${word}`;
    if (escapeText(longer).length <= MAX_SECTION_TEXT) chunk = longer;
    else if (chunks.length === MAX_ABSTRACT_SECTIONS - 1) {
      chunk = longer;
      break;
    } else {
      if (chunk !== '') chunks.push(escapeClipped(chunk, MAX_SECTION_TEXT));
      chunk = word;
    }
  }
  if (chunk !== '') chunks.push(escapeClipped(chunk, MAX_SECTION_TEXT));
  return finish(`${c.title}: ${view.text}`, [
    titleSection(c),
    ...chunks.map((t) => section(t)),
    context(`${byline(c)} · ${escapeText(LABELS.abstractNote)}`),
  ]);
}

/** All authors: the paper's whole author list, as the record gives it (and whether it lists only the first ones). */
export function renderAuthors(view: { citation: Citation; authors: readonly string[]; etAl: boolean }): SlackMessage {
  const c = view.citation;
  const note = view.authors.length === 0 ? AUTHORS.none : view.etAl ? AUTHORS.more : '';
  return finish(`${AUTHORS.heading(c.title)}: ${view.authors.join(', ')}`, [
    section(`*${escapeText(AUTHORS.heading(clip(shownText(c.title), MAX_LABEL_CHARS)))}*`),
    ...(view.authors.length > 0 ? [section(escapeClipped(view.authors.join(', '), MAX_SECTION_TEXT))] : []),
    ...(note ? [context(escapeText(note))] : []),
  ]);
}

/** Next passage: the paper's next best passage for the question, with buttons for the one after and the whole abstract. */
export function renderNextPassage(next: NextPassage): SlackMessage {
  if (next.kind === 'gone') return renderNotice(MORE.paperGone);
  const c = next.citation;
  const value = encodePaperAction(c.id);
  const abstract = value ? [button(ABSTRACT_ACTION, LABELS.wholeAbstract, value)] : [];
  if (next.kind === 'none') {
    return finish(MORE.noMorePassages, [
      section(escapeText(MORE.noMorePassages)),
      ...(abstract.length > 0 ? [{ type: 'actions', block_id: PAPER_BLOCK_ID, elements: abstract } satisfies Block] : []),
    ]);
  }
  const more = encodeNextPassage({ paperId: c.id, question: next.question, shown: next.shown });
  const elements = [...(more ? [button(NEXT_PASSAGE_ACTION, LABELS.nextPassage, more)] : []), ...abstract];
  return finish(`${c.title}: ${next.passage.text}`, [
    titleSection(c),
    questionContext(next.question),
    section(quote(next.passage)),
    context(`${byline(c)} · ${escapeText(LABELS.passageNote)}`),
    ...(elements.length > 0 ? [{ type: 'actions', block_id: PAPER_BLOCK_ID, elements } satisfies Block] : []),
  ]);
}
