import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
  type MessageMentionOptions,
} from 'discord.js';
import type { Answer, AskResult, Citation, CitedResult, Excerpt, PaperCard } from '../../src/index.js';
import { ALSO_RELEVANT, BUDGET, DISCORD_LIMITS, EMBED_COLOR } from './limits.js';
import { blockQuote, escapeMarkdown, fit, maskedLink, plain, safeUrl } from './markdown.js';

/** A message citebot sends: always with mentions disabled. */
export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: MessageMentionOptions;
}

/** Mentions in citebot's messages never ping anyone. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [] });

/** The short, private reply when handling an interaction failed. */
export const ERROR_TEXT = 'Sorry, something went wrong while answering that. It has been logged; please try again in a moment.';

/** The reply to a button that no longer works (an unknown or outdated custom_id). */
export const STALE_BUTTON_TEXT = 'This button is from an older message and no longer works. Run the command again (see `/help`).';

/** The reply to a command this version of the bot does not know (registered by an older version). */
export const UNKNOWN_COMMAND_TEXT = 'That command is no longer available. Run `npm run discord:register` to update the commands; `/help` lists them.';

/** A message with text only. */
export function textMessage(text: string): DiscordMessage {
  return { content: fit(text, DISCORD_LIMITS.content, (s) => s), embeds: [], components: [], allowedMentions: NO_MENTIONS };
}

/** Total characters of an embed as Discord counts them against its 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

/** "Zirui Liu et al. · 2024 · arXiv 2402.02750", escaped for markdown. */
export function byline(c: Citation): string {
  return fit(`${authorList(c, 3)} · ${c.year} · ${idLabel(c)}`, 400);
}

function authorList(c: Citation, max: number): string {
  if (c.authors.length === 0) return 'Unknown authors';
  if (c.authors.length > max) return `${c.authors.slice(0, max).join(', ')} et al.`;
  return `${c.authors.join(', ')}${c.etAl ? ' et al.' : ''}`;
}

function idLabel(c: Citation): string {
  return c.url?.includes('arxiv.org') ? `arXiv ${c.id}` : c.id;
}

/**
 * The excerpt with its matched words in bold and "…" where it cuts a sentence, escaped and within `max`
 * characters. Adjacent matched words share one bold run ("**KV cache**").
 */
export function renderExcerpt(excerpt: Excerpt, max: number): string {
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
    const line = `• ${maskedLink(c.title, c.url, BUDGET.linkedTitle)} · ${c.year}`;
    if (length + line.length + 1 > max) break;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

/** Link buttons to the paper and, where known, its code. */
export function linkButtons(c: Citation): APIActionRowComponent<APIButtonComponent>[] {
  const buttons: APIButtonComponent[] = [];
  const paper = safeUrl(c.url, DISCORD_LIMITS.linkUrl);
  const code = safeUrl(c.codeUrl, DISCORD_LIMITS.linkUrl);
  if (paper) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Link, label: fit(idLabel(c) === c.id ? 'Paper' : idLabel(c), DISCORD_LIMITS.buttonLabel, plain), url: paper });
  if (code) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Link, label: 'Code', url: code });
  return buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [];
}

function questionLine(question: string): string {
  return `**Q:** ${fit(question, BUDGET.question)}`;
}

function message(embed: APIEmbed, components: APIActionRowComponent<APIButtonComponent>[] = []): DiscordMessage {
  return { embeds: [{ color: EMBED_COLOR, ...embed }], components, allowedMentions: NO_MENTIONS };
}

/** The reply to `/ask`: an answer embed, a list of papers, the closest papers when none answers, or the question's problem. */
export function renderAsk(result: AskResult): DiscordMessage {
  if (!result.ok) return textMessage(escapeMarkdown(result.error.message));
  const answer = result.answer;
  const best = answer.results[0];
  if (!answer.answered || !best) return renderAbstention(answer);
  if (answer.kind === 'list') return renderPaperList(answer);
  return renderSingle(answer, best);
}

function renderSingle(answer: Answer, best: CitedResult): DiscordMessage {
  const c = best.citation;
  const also = answer.results.slice(1, 1 + ALSO_RELEVANT).map((r) => r.citation);
  const fields: APIEmbedField[] = also.length > 0 ? [{ name: 'Also relevant', value: linkedLines(also, DISCORD_LIMITS.embedFieldValue) }] : [];
  return message(
    {
      title: fit(c.title, DISCORD_LIMITS.embedTitle),
      ...urlOf(c),
      description: [questionLine(answer.question), '', blockQuote(renderExcerpt(best.excerpt, BUDGET.excerpt)), byline(c)].join('\n'),
      fields,
      footer: { text: 'Quoted verbatim from the abstract; words matching your question in bold.' },
    },
    linkButtons(c),
  );
}

function renderPaperList(answer: Answer): DiscordMessage {
  let description = questionLine(answer.question);
  let shown = 0;
  for (const [i, r] of answer.results.entries()) {
    const chunk = `\n\n**${i + 1}.** ${maskedLink(r.citation.title, r.citation.url, BUDGET.linkedTitle)} · ${r.citation.year}\n${blockQuote(renderExcerpt(r.excerpt, BUDGET.listExcerpt))}`;
    if (description.length + chunk.length > BUDGET.description) break;
    description += chunk;
    shown++;
  }
  return message({
    title: `Papers on that (${shown})`,
    description,
    footer: { text: 'Each quote is verbatim from the paper’s abstract; words matching your question in bold.' },
  });
}

function renderAbstention(answer: Answer): DiscordMessage {
  const closest = answer.results.slice(0, ALSO_RELEVANT).map((r) => r.citation);
  let body: string;
  if (closest.length > 0) body = `No paper in the collection answers that. The closest papers, in case they help:\n${linkedLines(closest, 1500)}`;
  else if (answer.reason === 'no-searchable-terms') body = 'That question has no words to search for. Ask about a method, model or result, for example: How does KIVI quantize the key cache?';
  else body = 'No paper in the collection matches those words. Try other words, or browse the collection with `/papers`.';
  return message({ title: 'No paper in the collection covers that', description: `${questionLine(answer.question)}\n\n${body}` });
}

function urlOf(c: Citation): { url?: string } {
  const url = safeUrl(c.url);
  return url ? { url } : {};
}

/** A paper's card for `/paper`: linked title, authors, year, the abstract's lead, code link. */
export function renderCard(card: PaperCard): DiscordMessage {
  const c = card.citation;
  const fields: APIEmbedField[] = [
    { name: 'Authors', value: fit(authorList(c, 40), BUDGET.authors) },
    { name: 'Year', value: String(c.year), inline: true },
    { name: c.url?.includes('arxiv.org') ? 'arXiv' : 'ID', value: fit(c.id, 100), inline: true },
  ];
  const code = safeUrl(c.codeUrl);
  if (code) fields.push({ name: 'Code', value: maskedLink(code.replace(/^https?:\/\//, ''), code, 200), inline: true });
  const lead = fit(card.lead.replace(/\s+/g, ' '), BUDGET.lead - 2);
  return message(
    {
      title: fit(c.title, DISCORD_LIMITS.embedTitle),
      ...urlOf(c),
      ...(lead ? { description: card.leadCut && !lead.endsWith('…') ? `${lead} …` : lead } : {}),
      fields,
      footer: { text: 'The opening of the abstract. Ask about this paper with /ask.' },
    },
    linkButtons(c),
  );
}

/** The reply when `/paper` finds nothing for what the user typed. */
export function renderPaperNotFound(query: string): DiscordMessage {
  return textMessage(`No paper matches “${fit(query, 200)}”. Pick one of the suggestions as you type, or browse with \`/papers\`.`);
}

/** What a `/papers` page shows. */
export interface PapersPageView {
  topic: string | undefined;
  /** Zero-based page number, and the page count. */
  page: number;
  pages: number;
  total: number;
  /** Position of the page's first paper in the whole list (zero-based). */
  offset: number;
  items: Citation[];
  /** custom_ids of the Previous and Next buttons (omitted when everything fits on one page). */
  buttons?: { previous: string; next: string };
  /** A sentence shown above the list, e.g. that the collection changed since the buttons were made. */
  note?: string;
}

/** A page of `/papers`: numbered linked titles with authors and year, and Previous/Next buttons. */
export function renderPapersPage(view: PapersPageView): DiscordMessage {
  const topic = view.topic ? fit(view.topic, 100) : undefined;
  const title = topic ? `Papers on “${topic}”` : 'Papers in the collection';
  if (view.total === 0) {
    return {
      ...message({ title, description: `No paper matches “${topic ?? ''}”. Try fewer or other words, or run \`/papers\` with no topic to see them all.` }),
      ...(view.note ? { content: view.note } : {}),
    };
  }
  const description = view.items
    .map((c, i) => `**${view.offset + i + 1}.** ${maskedLink(c.title, c.url, BUDGET.linkedTitle)}\n${fit(`${authorList(c, 2)} · ${c.year}`, 200)}`)
    .join('\n');
  const components: APIActionRowComponent<APIButtonComponent>[] = view.buttons
    ? [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.Button, style: ButtonStyle.Secondary, label: '◀ Previous', custom_id: view.buttons.previous, disabled: view.page === 0 },
            { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next ▶', custom_id: view.buttons.next, disabled: view.page >= view.pages - 1 },
          ],
        },
      ]
    : [];
  return {
    ...message({ title, description, footer: { text: `Page ${view.page + 1} of ${view.pages} · ${view.total} paper${view.total === 1 ? '' : 's'}` } }, components),
    ...(view.note ? { content: view.note } : {}),
  };
}

/** `/help`: what the bot does, the commands, an example. */
export function renderHelp(paperCount: number): DiscordMessage {
  return message({
    title: 'citebot: answers about research papers, quoted and linked',
    description: [
      `I answer questions about a collection of ${paperCount} research papers by quoting the sentence of an abstract that answers, with a link to the paper. I never make text up: every answer is a verbatim quote, and when no paper covers a question I say so.`,
      '',
      '**Commands**',
      '`/ask question:` ask anything; add `private: True` to see the answer alone',
      '`/paper title:` look a paper up by title, acronym or arXiv id (suggestions appear as you type)',
      '`/papers topic:` list the papers, all or on a topic, five per page',
      '`/help` this message',
      '',
      '**Example**',
      '`/ask question: How does KIVI quantize the key cache?`',
      '→ a quote from the KIVI paper (arXiv 2402.02750) with the matching words in bold, its authors and year, and buttons to the paper and its code.',
    ].join('\n'),
  });
}

/** Autocomplete choices for `/paper`: "Title (year)" within Discord's 100 characters, the paper id as the value. */
export function paperChoices(citations: readonly Citation[]): APIApplicationCommandOptionChoice<string>[] {
  return citations
    .filter((c) => c.id.length > 0 && c.id.length <= DISCORD_LIMITS.choiceValue)
    .slice(0, DISCORD_LIMITS.autocompleteChoices)
    .map((c) => {
      const year = ` (${c.year})`;
      return { name: `${fit(c.title.replace(/\s+/g, ' ').trim() || c.id, DISCORD_LIMITS.choiceName - year.length, plain)}${year}`, value: c.id };
    });
}
