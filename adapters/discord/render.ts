import {
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIEmbedField,
  type APISelectMenuOption,
  ButtonStyle,
  ComponentType,
  type MessageMentionOptions,
} from 'discord.js';
import type { Citation, CitedResult, PaperCard } from '../../src/index.js';
import {
  type AnswerView,
  authorList,
  bylineParts,
  CARD_AUTHORS,
  idLabel,
  isArxiv,
  type PapersPage,
  type RecordLead,
  venueLabel,
  yearAfterDot,
  yearInParens,
} from '../shared/commands.js';
import { type AbstractView, type NextPassage, type Passage, passageOf, type RelatedView, shownText } from '../shared/layout.js';
import {
  ANSWERS13,
  AUTHOR_BUTTON,
  AUTHORS,
  type CommandHelp,
  FEEDBACK,
  FOLLOW_UP,
  HELP,
  LABELS,
  MORE,
  PAPER,
  PAPERS,
} from '../shared/messages.js';
import { BUDGET, DISCORD_LIMITS, EMBED_COLOR } from './limits.js';
import { blockQuote, escapeMarkdown, fit, maskedLink, plain, safeUrl } from './markdown.js';

/** An action row of buttons or one select menu. */
export type ActionRow = APIActionRowComponent<APIComponentInMessageActionRow>;

/** A message citebot sends: always with mentions disabled. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: ActionRow[];
  allowedMentions: MessageMentionOptions;
}

/** Mentions in citebot's messages never ping anyone. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [] });

/** A short plain-text message (errors, dead ends): escaped, within Discord's content limit. */
export function notice(text: string): DiscordMessage {
  return { content: fit(text, DISCORD_LIMITS.content), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** Total characters of an embed as Discord counts them against its 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  let n =
    (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** "Zirui Liu et al. · 2024 · arXiv 2402.02750", escaped for markdown. */
export function byline(c: Citation): string {
  return fit(bylineParts(c).join(' · '), 400);
}

/**
 * The passage (display text, see `passageOf`) with its matched words in bold and "…" where it cuts a sentence,
 * escaped and within `max` characters. Adjacent matched words share one bold run ("**KV cache**").
 */
export function renderExcerpt(excerpt: Passage, max: number): string {
  const text = excerpt.text.replace(/\s/g, ' '); // one-for-one, so highlight offsets still hold
  const runs: { start: number; end: number }[] = [];
  for (const h of excerpt.highlights) {
    const last = runs[runs.length - 1];
    if (last && /^\s*$/.test(text.slice(last.end, h.start))) last.end = h.end;
    else runs.push({ start: h.start, end: h.end });
  }
  const render = (prefix: string): string => {
    const n = prefix.length;
    let out = '';
    let at = 0;
    for (const r of runs) {
      if (r.start >= n) break;
      out += escapeMarkdown(text.slice(at, r.start));
      const word = text.slice(r.start, Math.min(r.end, n));
      out += word.trim() === '' ? escapeMarkdown(word) : `**${escapeMarkdown(word)}**`;
      at = Math.min(r.end, n);
    }
    return out + escapeMarkdown(text.slice(at, n));
  };
  const lead = excerpt.cutStart ? '…' : '';
  const tail = excerpt.cutEnd ? '…' : '';
  const body = fit(text, max - lead.length - tail.length, render);
  return `${lead}${body}${body.endsWith('…') ? '' : tail}`;
}

/** One line per paper, "• [Title](url) · 2024", as many as fit in `max` characters. */
function linkedLines(citations: readonly Citation[], max: number): string {
  const lines: string[] = [];
  let length = 0;
  for (const c of citations) {
    const line = `• ${maskedLink(c.title, c.url, BUDGET.linkedTitle)}${yearAfterDot(c)}`;
    if (length + line.length + 1 > max) break;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

/** The custom_ids of the buttons under an answer or a card (each absent when it would not fit, or does not apply). */
export interface PaperActions {
  cite?: string | undefined;
  related?: string | undefined;
  next?: string | undefined;
  abstract?: string | undefined;
  /** All authors: under an answer whose byline shortens the author list. */
  authors?: string | undefined;
}

/** Link buttons to the paper and, where known, its code. */
export function linkButtons(c: Citation): ActionRow[] {
  return paperButtons(c, {});
}

function actionButton(label: string, customId: string | undefined): APIButtonComponent[] {
  return customId ? [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label, custom_id: customId }] : [];
}

function buttonRows(...rows: APIButtonComponent[][]): ActionRow[] {
  return rows.filter((r) => r.length > 0).map((components) => ({ type: ComponentType.ActionRow, components }));
}

/**
 * The buttons under a paper: a first row with the paper and its code (links), Cite and Related; a second with
 * Next passage and Whole abstract. Five buttons or fewer share one row.
 */
export function paperButtons(c: Citation, actions: PaperActions): ActionRow[] {
  const links: APIButtonComponent[] = [];
  const paper = safeUrl(c.url, DISCORD_LIMITS.linkUrl);
  const code = safeUrl(c.codeUrl, DISCORD_LIMITS.linkUrl);
  if (paper)
    links.push({
      type: ComponentType.Button,
      style: ButtonStyle.Link,
      label: fit(isArxiv(c) ? idLabel(c) : LABELS.paper, DISCORD_LIMITS.buttonLabel, plain),
      url: paper,
    });
  if (code) links.push({ type: ComponentType.Button, style: ButtonStyle.Link, label: LABELS.code, url: code });
  const first = [...links, ...actionButton(LABELS.cite, actions.cite), ...actionButton(LABELS.related, actions.related)];
  const second = [
    ...actionButton(LABELS.nextPassage, actions.next),
    ...actionButton(LABELS.wholeAbstract, actions.abstract),
    ...actionButton(AUTHOR_BUTTON, actions.authors),
  ];
  // An answer keeps two rows (its votes join the second); a card's buttons share one row when they fit.
  const oneRow = !actions.next && first.length + second.length <= DISCORD_LIMITS.buttonsPerRow;
  return oneRow ? buttonRows([...first, ...second]) : buttonRows(first, second);
}

const QUESTION_PREFIX = '**Q:** ';

function questionLine(question: string): string {
  return `${QUESTION_PREFIX}${fit(question, BUDGET.question)}`;
}

/**
 * The question an answer message shows (the inverse of its "**Q:**" line), and whether the line shortened it;
 * undefined when the message has no such line.
 */
export function questionOf(embeds: readonly APIEmbed[]): { question: string; shortened: boolean } | undefined {
  const line = embeds[0]?.description?.split('\n')[0];
  if (!line?.startsWith(QUESTION_PREFIX)) return undefined;
  const shown = line.slice(QUESTION_PREFIX.length);
  const question = shown.replace(/@\u200b/g, '@').replace(/\\(.)/g, '$1');
  return { question, shortened: shown.endsWith('…') };
}

function message(embed: APIEmbed, components: ActionRow[] = []): DiscordMessage {
  return { embeds: [{ color: EMBED_COLOR, ...embed }], components, allowedMentions: NO_MENTIONS };
}

/** The custom_ids of an answer's controls: 👍, 👎, the "wrong paper" menu and Follow up. */
export interface AnswerControls {
  up: string;
  down: string;
  wrongPaper: string;
  followUp?: string;
}

/** What an answer says about the thread it belongs to. */
export interface ThreadContext {
  /** The question this one follows up on, shown above the title. */
  followsOn?: string;
}

const FOLLOWS_ON_PREFIX = `↪ ${FOLLOW_UP.followsOn} `;

/** The question an answer followed up on (the inverse of its "Following up on:" line); undefined when it followed none. */
export function followsOnOf(embeds: readonly APIEmbed[]): string | undefined {
  const name = embeds[0]?.author?.name;
  return name?.startsWith(FOLLOWS_ON_PREFIX) ? name.slice(FOLLOWS_ON_PREFIX.length) : undefined;
}

/** "↪ Following up on: <question>" as an embed author line (plain text: Discord shows no markdown there). */
function followsOnAuthor(thread: ThreadContext): Pick<APIEmbed, 'author'> {
  if (!thread.followsOn) return {};
  return {
    author: { name: `${FOLLOWS_ON_PREFIX}${fit(thread.followsOn, DISCORD_LIMITS.embedAuthorName - FOLLOWS_ON_PREFIX.length, plain)}` },
  };
}

/**
 * The reply to `/ask`: an answer embed, a list of papers, the closest papers when none answers, or the question's
 * problem. With `controls`, 👍/👎 buttons (beside the paper's link buttons) and, when papers are cited, a menu to
 * mark one as the wrong paper.
 */
export function renderAsk(
  view: AnswerView,
  controls?: AnswerControls,
  actions: PaperActions = {},
  thread: ThreadContext = {},
): DiscordMessage {
  const inThread = (msg: DiscordMessage): DiscordMessage => {
    const [first, ...rest] = msg.embeds;
    return first && thread.followsOn ? { ...msg, embeds: [{ ...followsOnAuthor(thread), ...first }, ...rest] } : msg;
  };
  switch (view.kind) {
    case 'problem':
      return notice(view.error.message);
    case 'none':
      return withControls(inThread(renderAbstention(view)), controls, []);
    case 'list':
      return withControls(
        inThread(renderPaperList(view.question, view.heading, view.results, view.filters)),
        controls,
        view.results.map((r) => r.citation),
      );
    case 'ambiguous':
      return withControls(
        inThread(renderPaperList(view.question, view.heading, view.papers)),
        controls,
        view.papers.map((r) => r.citation),
      );
    case 'compare':
      return withControls(
        inThread(renderCompare(view)),
        controls,
        view.sides.map((side) => side.citation),
      );
    case 'single':
      return withControls(inThread(renderSingle(view, actions)), controls, [view.best.citation, ...view.also]);
  }
}

/**
 * Follow up at the end of the first row of buttons (else a row of its own), 👍/👎 on the last row when they fit
 * (else a row of their own), and a row with the "wrong paper" menu of the cited papers.
 */
function withControls(msg: DiscordMessage, controls: AnswerControls | undefined, cited: readonly Citation[]): DiscordMessage {
  if (!controls) return msg;
  const vote = (label: string, customId: string): APIButtonComponent => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    custom_id: customId,
  });
  const append = (rows: ActionRow[], buttons: APIButtonComponent[], at: 'first' | 'last'): ActionRow[] => {
    const i = at === 'first' ? 0 : rows.length - 1;
    const row = rows[i];
    if (row && row.components.length + buttons.length <= DISCORD_LIMITS.buttonsPerRow)
      return rows.map((r, j) => (j === i ? { ...r, components: [...r.components, ...buttons] } : r));
    return [...rows, { type: ComponentType.ActionRow, components: buttons }];
  };
  let rows = msg.components;
  if (controls.followUp)
    rows = append(
      rows,
      [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: FOLLOW_UP.button, custom_id: controls.followUp }],
      'first',
    );
  rows = append(rows, [vote(FEEDBACK.up, controls.up), vote(FEEDBACK.down, controls.down)], 'last');
  const options: APISelectMenuOption[] = cited
    .filter((c) => c.id.length > 0 && c.id.length <= DISCORD_LIMITS.selectOptionValue)
    .slice(0, DISCORD_LIMITS.selectOptions)
    .map((c) => ({
      label: fit(c.title.replace(/\s+/g, ' ').trim() || c.id, DISCORD_LIMITS.selectOptionLabel, plain),
      value: c.id,
      description: fit(c.year === null ? idLabel(c) : `${c.year} · ${idLabel(c)}`, DISCORD_LIMITS.selectOptionDescription, plain),
    }));
  if (options.length > 0)
    rows.push({
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.StringSelect,
          custom_id: controls.wrongPaper,
          placeholder: fit(FEEDBACK.wrongPaperPlaceholder, DISCORD_LIMITS.selectPlaceholder, plain),
          min_values: 1,
          max_values: 1,
          options,
        },
      ],
    });
  return { ...msg, components: rows.slice(0, DISCORD_LIMITS.actionRows) };
}

function renderSingle(view: Extract<AnswerView, { kind: 'single' }>, actions: PaperActions): DiscordMessage {
  const c = view.best.citation;
  const also = view.also.map((citation, i) => ({ citation, reason: view.reasons[i] ?? '' }));
  const fields: APIEmbedField[] =
    also.length > 0 ? [{ name: LABELS.alsoRelevant, value: numberedLines(also, DISCORD_LIMITS.embedFieldValue) }] : [];
  return message(
    {
      title: fit(shownText(c.title), DISCORD_LIMITS.embedTitle),
      ...urlOf(c),
      description: [
        questionLine(view.question),
        ...filtersLine(view.filters),
        ...(view.lead ? [leadLine(view.lead)] : []),
        '',
        blockQuote(renderExcerpt(passageOf(view.best.excerpt), BUDGET.excerpt)),
        byline(c),
      ].join('\n'),
      fields,
      footer: { text: LABELS.answerNote },
    },
    paperButtons(c, actions),
  );
}

/**
 * "**Authors:** Zirui Liu et al. (the collection records the first author only)": the label bold, the value and note
 * escaped, a code URL a masked link ("[github.com/jy-yuan/KIVI](https://github.com/jy-yuan/KIVI)").
 */
export function leadLine(lead: RecordLead): string {
  const value = lead.url
    ? maskedLink(lead.text.replace(/^https?:\/\//, ''), lead.url, BUDGET.recordLead)
    : fit(lead.text, BUDGET.recordLead);
  const note = lead.note ? ` ${escapeMarkdown(lead.note)}` : '';
  return lead.label ? `**${escapeMarkdown(lead.label)}:** ${value}${note}` : `${value}${note}`;
}

/** "**1.** [Title](url) · 2024" and, under it, the reason in italics: as many papers as fit in `max` characters. */
function numberedLines(items: readonly { citation: Citation; reason: string }[], max: number): string {
  const out: string[] = [];
  let length = 0;
  for (const [i, { citation: c, reason }] of items.entries()) {
    const head = `**${i + 1}.** ${maskedLink(shownText(c.title), c.url, BUDGET.numberedTitle)}${c.year ? ` · ${c.year}` : ''}`;
    const entry = reason ? `${head}\n*${fit(reason, BUDGET.reason)}*` : head;
    if (length + entry.length + 1 > max) break;
    out.push(entry);
    length += entry.length + 1;
  }
  return out.join('\n');
}

/** The filters an answer applied ("by Tri Dao · 2023–2024"), in italics under the question line. */
function filtersLine(filters: string | undefined): string[] {
  return filters ? [`*${fit(filters, 300)}*`] : [];
}

/** Numbered papers, each with its excerpt: a "which papers…" answer, or the papers that share a name. */
function renderPaperList(question: string, heading: string, results: readonly CitedResult[], filters?: string): DiscordMessage {
  let description = [questionLine(question), ...filtersLine(filters)].join('\n');
  for (const [i, r] of results.entries()) {
    const chunk = `\n\n**${i + 1}.** ${maskedLink(shownText(r.citation.title), r.citation.url, BUDGET.linkedTitle)}${yearAfterDot(r.citation)}\n${blockQuote(renderExcerpt(passageOf(r.excerpt), BUDGET.listExcerpt))}`;
    if (description.length + chunk.length > BUDGET.description) break;
    description += chunk;
  }
  return message({ title: fit(heading, DISCORD_LIMITS.embedTitle), description, footer: { text: LABELS.listNote } });
}

/**
 * A comparison: the two papers side by side, as two inline fields (Discord puts them in columns; a phone stacks
 * them), each its name, linked title, the sentence on the compared aspect and its byline.
 */
function renderCompare(view: Extract<AnswerView, { kind: 'compare' }>): DiscordMessage {
  const fields: APIEmbedField[] = view.sides.map((side) => {
    const c = side.citation;
    const head = `${maskedLink(shownText(c.title), c.url, BUDGET.numberedTitle)}${yearAfterDot(c)}`;
    const tail = `\n${fit(authorList(c), 200)}`;
    const room = DISCORD_LIMITS.embedFieldValue - head.length - tail.length - 3;
    return {
      name: fit(side.name, DISCORD_LIMITS.embedFieldName),
      value: `${head}\n${blockQuote(renderExcerpt(passageOf(side.excerpt), room))}${tail}`,
      inline: true,
    };
  });
  const aspect = view.aspect ? [`*${fit(ANSWERS13.compareAspect(view.aspect), 300)}*`] : [];
  return message({
    title: fit(view.heading, DISCORD_LIMITS.embedTitle),
    description: [questionLine(view.question), ...aspect].join('\n'),
    fields,
    footer: { text: LABELS.listNote },
  });
}

function renderAbstention(view: Extract<AnswerView, { kind: 'none' }>): DiscordMessage {
  const body = [escapeMarkdown(view.detail), linkedLines(view.closest, 1500)].filter((part) => part !== '').join('\n');
  const description = body === '' ? questionLine(view.question) : `${questionLine(view.question)}\n\n${body}`;
  return message({ title: fit(view.headline, DISCORD_LIMITS.embedTitle), description });
}

function urlOf(c: Citation): { url?: string } {
  const url = safeUrl(c.url);
  return url ? { url } : {};
}

/** A paper's card for `/paper`: linked title, authors, year, the abstract's lead, code link, other matches. */
export function renderCard(card: PaperCard, others: readonly Citation[] = [], actions: PaperActions = {}): DiscordMessage {
  const c = card.citation;
  const fields: APIEmbedField[] = [
    { name: LABELS.authors, value: fit(authorList(c, CARD_AUTHORS), BUDGET.authors) },
    ...(c.year === null ? [] : [{ name: LABELS.year, value: String(c.year), inline: true }]),
    ...(c.venue ? [{ name: LABELS.venue, value: fit(venueLabel(c.venue), 200), inline: true }] : []),
    { name: isArxiv(c) ? LABELS.arxiv : LABELS.id, value: fit(c.id, 100), inline: true },
  ];
  const code = safeUrl(c.codeUrl);
  if (code) fields.push({ name: LABELS.code, value: maskedLink(code.replace(/^https?:\/\//, ''), code, 200), inline: true });
  if (others.length > 0) fields.push({ name: LABELS.alsoMatching, value: linkedLines(others, DISCORD_LIMITS.embedFieldValue) });
  const lead = fit(shownText(card.lead), BUDGET.lead - 2);
  return message(
    {
      title: fit(shownText(c.title), DISCORD_LIMITS.embedTitle),
      ...urlOf(c),
      ...(lead ? { description: card.leadCut && !lead.endsWith('…') ? `${lead} …` : lead } : {}),
      fields,
      footer: { text: LABELS.cardNote },
    },
    paperButtons(c, actions),
  );
}

/** The reply when `/paper` finds nothing for what the user typed: the closest titles, if any. */
export function renderPaperNotFound(query: string, closest: readonly Citation[]): DiscordMessage {
  const head = PAPER.notFound(query.length > 200 ? `${query.slice(0, 199)}…` : query);
  const lines =
    closest.length > 0
      ? [`${head} ${PAPER.closestTitles}`, ...closest.map((c) => `• ${c.title.replace(/\s+/g, ' ')}${yearInParens(c)}`)]
      : [`${head} ${PAPER.browseHint}`];
  return notice(lines.join('\n'));
}

/** custom_ids of a page's Previous and Next buttons (both present, or no buttons). */
export interface PageButtons {
  previous: string;
  next: string;
}

/** A page of `/papers`: numbered linked titles with authors and year, and Previous/Next buttons. */
export function renderPapersPage(view: PapersPage, buttons?: PageButtons): DiscordMessage {
  if (view.problem) return notice(view.problem);
  const topic = view.topic ? fit(view.topic, 100) : undefined;
  const title = PAPERS.heading(topic);
  const note = view.changed ? { content: escapeMarkdown(PAPERS.collectionChanged) } : {};
  if (view.total === 0) {
    const description = escapeMarkdown(view.topic ? PAPERS.noneOnTopic(view.topic) : PAPERS.emptyCollection);
    return { ...message({ title, description: fit(description, BUDGET.description, (s) => s) }), ...note };
  }
  const description = [
    ...filtersLine(view.filters),
    ...view.items.map(
      (c, i) =>
        `**${view.offset + i + 1}.** ${maskedLink(c.title, c.url, BUDGET.linkedTitle)}\n${fit(`${authorList(c)}${yearAfterDot(c)}`, 200)}`,
    ),
  ].join('\n');
  const components: ActionRow[] =
    buttons && view.pages > 1
      ? [
          {
            type: ComponentType.ActionRow,
            components: [
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: LABELS.previous,
                custom_id: buttons.previous,
                disabled: view.page === 0,
              },
              {
                type: ComponentType.Button,
                style: ButtonStyle.Secondary,
                label: LABELS.next,
                custom_id: buttons.next,
                disabled: view.page >= view.pages - 1,
              },
            ],
          },
        ]
      : [];
  return { ...message({ title, description, footer: { text: PAPERS.position(view.page, view.pages, view.total) } }, components), ...note };
}

/** `/help`: what the bot does, the commands, an example. */
export function renderHelp(paperCount: number, commands: readonly CommandHelp[] = HELP.discordCommands): DiscordMessage {
  return message({
    title: HELP.title,
    description: [
      escapeMarkdown(HELP.intro(paperCount)),
      '',
      `**${HELP.commandsHeading}**`,
      ...commands.map((c) => `\`${c.usage}\` ${escapeMarkdown(c.description)}`),
      '',
      `**${HELP.exampleHeading}**`,
      `\`/ask question: ${HELP.example}\``,
      `→ ${escapeMarkdown(HELP.exampleResult)}`,
    ].join('\n'),
  });
}

/** Autocomplete choices for `/paper`: "Title (year)" within Discord's 100 characters, the paper id as the value. */
export function paperChoices(citations: readonly Citation[]): APIApplicationCommandOptionChoice<string>[] {
  return citations
    .filter((c) => c.id.length > 0 && c.id.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map((c) => {
      const year = yearInParens(c);
      return {
        name: `${fit(c.title.replace(/\s+/g, ' ').trim() || c.id, DISCORD_LIMITS.choiceName - year.length, plain)}${year}`,
        value: c.id,
      };
    });
}

/** Autocomplete choices for an `author` option: "Tri Dao (7 papers)", the name as the value. */
export function authorChoices(authors: readonly { name: string; papers: number }[]): APIApplicationCommandOptionChoice<string>[] {
  return authors
    .filter((a) => a.name.length > 0 && a.name.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map((a) => {
      const count = ` (${a.papers} paper${a.papers === 1 ? '' : 's'})`;
      return { name: `${fit(a.name, DISCORD_LIMITS.choiceName - count.length, plain)}${count}`, value: a.name };
    });
}

/** Cite: the paper's BibTeX in a code block, fitted before the fence is closed. */
export function renderCite(c: Citation, entry: string): DiscordMessage {
  const fence = (s: string) => s.replace(/`(?=``)/g, '`\u200b'); // no "```" inside can close the block
  const code = fit(plain(entry), BUDGET.description - 20, fence);
  return message({
    title: fit(shownText(c.title), DISCORD_LIMITS.embedTitle),
    ...urlOf(c),
    description: `\`\`\`bibtex\n${code}\n\`\`\``,
    footer: { text: LABELS.bibtexNote },
  });
}

/** Related: the papers closest to one paper, numbered, each with the sentence that matched. */
export function renderRelated(view: RelatedView): DiscordMessage {
  if (view.related.length === 0) return notice(MORE.noRelated);
  return message({
    title: fit(LABELS.relatedHeading(shownText(view.paper.title)), DISCORD_LIMITS.embedTitle),
    description: numberedLines(view.related, BUDGET.description),
    footer: { text: LABELS.relatedNote },
  });
}

/** All authors: the paper's whole author list, as the record gives it (and whether it lists only the first ones). */
export function renderAuthors(view: { citation: Citation; authors: readonly string[]; etAl: boolean }): DiscordMessage {
  const c = view.citation;
  const note = view.authors.length === 0 ? AUTHORS.none : view.etAl ? AUTHORS.more : '';
  const list = fit(view.authors.join(', '), BUDGET.description - note.length - 2);
  return message({
    title: fit(AUTHORS.heading(shownText(c.title)), DISCORD_LIMITS.embedTitle),
    ...urlOf(c),
    description: [list, escapeMarkdown(note)].filter((p) => p !== '').join('\n\n'),
  });
}

/** Whole abstract: the display text of the abstract, cut cleanly to the description budget, then the byline. */
export function renderAbstract(view: AbstractView): DiscordMessage {
  const c = view.citation;
  const tail = `\n\n${byline(c)}`;
  return message({
    title: fit(shownText(c.title), DISCORD_LIMITS.embedTitle),
    ...urlOf(c),
    description: `${fit(view.text, BUDGET.description - tail.length)}${tail}`,
    footer: { text: LABELS.abstractNote },
  });
}

/**
 * Next passage: the paper's next best passage for the question (the "**Q:**" line first, so a further click can
 * read the question back), with buttons for the one after and the whole abstract.
 */
export function renderNextPassage(next: NextPassage, actions: PaperActions = {}): DiscordMessage {
  if (next.kind === 'gone') return notice(MORE.paperGone);
  if (next.kind === 'none')
    return { ...notice(MORE.noMorePassages), components: buttonRows(actionButton(LABELS.wholeAbstract, actions.abstract)) };
  const c = next.citation;
  return message(
    {
      title: fit(shownText(c.title), DISCORD_LIMITS.embedTitle),
      ...urlOf(c),
      description: [questionLine(next.question), '', blockQuote(renderExcerpt(next.passage, BUDGET.excerpt)), byline(c)].join('\n'),
      footer: { text: LABELS.passageNote },
    },
    buttonRows([...actionButton(LABELS.nextPassage, actions.next), ...actionButton(LABELS.wholeAbstract, actions.abstract)]),
  );
}
