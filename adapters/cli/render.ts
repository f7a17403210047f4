import {
  type AskResult,
  type Citation,
  type CitedResult,
  displaySpan,
  displayText,
  MAX_QUESTION_CHARS,
  type PaperCard,
} from '../../src/index.js';
import {
  type AnswerView,
  authorList,
  bylineParts,
  CARD_AUTHORS,
  type PapersPage,
  type RecordLead,
  yearInParens,
} from '../shared/commands.js';
import { type Passage, passageOf, type RelatedView, shownText } from '../shared/layout.js';
import { ANSWERS13, AUTHORS, type CommandHelp, HELP, LABELS, MORE, PAPER, PAPERS } from '../shared/messages.js';

/** How terminal text is emphasised: ANSI on a terminal, nothing at all when the output is a file or a pipe. */
export interface TermStyle {
  bold(s: string): string;
  dim(s: string): string;
}

export const ANSI: TermStyle = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };
export const PLAIN: TermStyle = { bold: (s) => s, dim: (s) => s };

/** Remove terminal control characters from untrusted text so paper text cannot drive the terminal. */
export function stripControls(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters from untrusted text are what this strips
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** The passage (display text) with its matched words emphasised, "…" where it cuts a sentence. */
export function emphasise(excerpt: Passage, style: TermStyle): string {
  let out = '';
  let at = 0;
  for (const h of excerpt.highlights) {
    out += stripControls(excerpt.text.slice(at, h.start)) + style.bold(stripControls(excerpt.text.slice(h.start, h.end)));
    at = h.end;
  }
  out += stripControls(excerpt.text.slice(at));
  return `${excerpt.cutStart ? '…' : ''}${out}${excerpt.cutEnd ? '…' : ''}`;
}

/** "Zirui Liu et al. · 2024 · arXiv 2402.02750" */
export function byline(c: Citation): string {
  return bylineParts(c).map(stripControls).join(' · ');
}

/** The title first and emphasised, then the byline, the link and the code link. */
function citationLines(c: Citation, style: TermStyle, indent = ''): string[] {
  const lines = [`${indent}${style.bold(stripControls(shownText(c.title)))}`, `${indent}${byline(c)}`];
  if (c.url) lines.push(`${indent}${stripControls(c.url)}`);
  if (c.codeUrl) lines.push(`${indent}${LABELS.code.toLowerCase()}: ${stripControls(c.codeUrl)}`);
  return lines;
}

function titleLine(c: Citation): string {
  return `${stripControls(shownText(c.title))}${yearInParens(c)}${c.url ? ` ${stripControls(c.url)}` : ''}`;
}

/** "  1. Title (2024) url" and, under it, the reason in quotes. */
function numbered(items: readonly { citation: Citation; reason: string }[]): string[] {
  return items.flatMap(({ citation, reason }, i) => [
    `  ${i + 1}. ${titleLine(citation)}`,
    ...(reason ? [`     “${stripControls(reason)}”`] : []),
  ]);
}

/** A readable terminal answer: the paper's title and byline, the passage, then the other relevant papers with why. */
export function renderAnswer(view: AnswerView, style: TermStyle): string {
  if (view.kind === 'problem') return view.error.message;
  const lines: string[] = [];
  const filtered = 'filters' in view && view.filters ? [style.dim(ANSWERS13.filtered(stripControls(view.filters)))] : [];
  if (view.kind === 'none') {
    lines.push(stripControls([`${view.headline}.`, view.detail].filter((p) => p !== '').join(' ')));
    if (view.reason !== 'no-match') lines.push(...filtered); // a no-match with filters names them in its headline
    for (const c of view.closest) lines.push(`  - ${titleLine(c)}`);
    return lines.join('\n');
  }
  const numberedPapers = (results: readonly CitedResult[]) =>
    results.forEach((r, i) => {
      lines.push('');
      lines.push(
        `${i + 1}. ${style.bold(stripControls(shownText(r.citation.title)))}${yearInParens(r.citation)}${r.citation.url ? ` ${stripControls(r.citation.url)}` : ''}`,
      );
      lines.push(`   ${byline(r.citation)}`);
      lines.push(`   ${emphasise(passageOf(r.excerpt), style)}`);
    });
  if (view.kind === 'list' || view.kind === 'ambiguous') {
    lines.push(`${stripControls(view.heading).replace(/:$/, '')}:`, ...filtered);
    numberedPapers(view.kind === 'list' ? view.results : view.papers);
    return lines.join('\n');
  }
  if (view.kind === 'compare') {
    lines.push(style.bold(stripControls(view.heading)));
    if (view.aspect) lines.push(style.dim(stripControls(ANSWERS13.compareAspect(view.aspect))));
    for (const side of view.sides) {
      lines.push('', ...citationLines(side.citation, style), `"${emphasise(passageOf(side.excerpt), style)}"`);
    }
    return lines.join('\n');
  }
  if (view.lead) lines.push(leadLine(view.lead, style), '');
  lines.push(...citationLines(view.best.citation, style), ...filtered);
  lines.push('');
  lines.push(`"${emphasise(passageOf(view.best.excerpt), style)}"`);
  if (view.also.length > 0) {
    lines.push('');
    lines.push(style.dim(`${LABELS.alsoRelevant}:`));
    lines.push(...numbered(view.also.map((citation, i) => ({ citation, reason: view.reasons[i] ?? '' }))));
  }
  return lines.join('\n');
}

/** "Authors: Zirui Liu et al. (the collection records the first author only)", the label emphasised. */
export function leadLine(lead: RecordLead, style: TermStyle): string {
  const text = [lead.text, lead.note ?? '']
    .filter((p) => p !== '')
    .map(stripControls)
    .join(' ');
  return lead.label ? `${style.bold(`${stripControls(lead.label)}:`)} ${text}` : text;
}

/** `/paper`: the card (title, byline, links, the abstract's lead) and other matches. */
export function renderCard(card: PaperCard, others: readonly Citation[], style: TermStyle): string {
  const c = card.citation;
  const lines = [
    ...citationLines({ ...c, authors: c.authors.slice(0, CARD_AUTHORS) }, style),
    '',
    `${stripControls(shownText(card.lead))}${card.leadCut ? ' …' : ''}`,
  ];
  if (others.length > 0) lines.push('', style.dim(`${LABELS.alsoMatching}:`), ...others.map((o) => `  - ${titleLine(o)}`));
  return lines.join('\n');
}

/** `/paper` found nothing: the closest titles, if any. */
export function renderPaperNotFound(query: string, closest: readonly Citation[]): string {
  const head = PAPER.notFound(stripControls(query));
  return closest.length > 0
    ? [`${head} ${PAPER.closestTitles}`, ...closest.map((c) => `  - ${titleLine(c)}`)].join('\n')
    : `${head} ${PAPER.browseHint}`;
}

/** `/papers`: a numbered page with authors and year, as on Discord and Slack. */
export function renderPapersPage(page: PapersPage, style: TermStyle, nextHint: string): string {
  if (page.problem) return page.problem;
  if (page.total === 0 && page.filters) return ANSWERS13.noneWithFilters(stripControls(page.filters));
  if (page.total === 0) return page.topic ? PAPERS.noneOnTopic(stripControls(page.topic)) : PAPERS.emptyCollection;
  const lines = [
    style.bold(stripControls(PAPERS.heading(page.topic))),
    ...(page.filters ? [style.dim(ANSWERS13.filtered(stripControls(page.filters)))] : []),
    style.dim(PAPERS.position(page.page, page.pages, page.total)),
    '',
  ];
  page.items.forEach((c, i) => {
    const link = c.url ? ` ${stripControls(c.url)}` : '';
    lines.push(
      `${page.offset + i + 1}. ${stripControls(shownText(c.title))}${link}`,
      `   ${stripControls(authorList(c))}${c.year ? ` · ${c.year}` : ''}`,
    );
  });
  if (page.next) lines.push('', style.dim(nextHint));
  return lines.join('\n');
}

/** `/related`: the papers closest to one paper, each with the sentence that matched. */
export function renderRelated(view: RelatedView, style: TermStyle): string {
  if (view.related.length === 0) return MORE.noRelated;
  return [style.bold(stripControls(LABELS.relatedHeading(shownText(view.paper.title)))), ...numbered(view.related)].join('\n');
}

/** `/authors`: every author the record lists, and whether the paper has more. */
export function renderAuthors(view: { citation: Citation; authors: string[]; etAl: boolean }, style: TermStyle): string {
  if (view.authors.length === 0) return AUTHORS.none;
  const lines = [
    style.bold(stripControls(AUTHORS.heading(shownText(view.citation.title)))),
    ...view.authors.map((a) => `  ${stripControls(a)}`),
  ];
  if (view.etAl) lines.push(style.dim(AUTHORS.more));
  return lines.join('\n');
}

/** `/help`: what citebot does and the terminal's commands. */
export function renderHelp(paperCount: number, commands: readonly CommandHelp[] = HELP.terminalCommands): string {
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    HELP.intro(paperCount),
    '',
    `${HELP.commandsHeading}:`,
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.description}`),
    '',
    HELP.terminal,
  ].join('\n');
}

/** The `--json` contract: one object per question. See README "JSON output". */
export function answerJson(question: string, result: AskResult, thread?: string): Record<string, unknown> {
  const inThread = thread !== undefined ? { thread } : {};
  if (!result.ok) return { ...echoed(question.trim()), ...inThread, answered: false, error: result.error, results: [] };
  const a = result.answer;
  return {
    question: a.question,
    ...inThread,
    answered: a.answered,
    kind: a.kind,
    ...(a.reason ? { reason: a.reason } : {}),
    ...(a.name !== undefined ? { name: a.name } : {}),
    ...(a.ambiguous ? { ambiguous: a.ambiguous } : {}),
    ...(a.compare ? { compare: a.compare } : {}),
    ...(a.filters ? { filters: a.filters } : {}),
    ...(a.byAuthor ? { byAuthor: true } : {}),
    ...(a.similarTo ? { similarTo: a.similarTo } : {}),
    ...(a.newestFirst ? { newestFirst: true } : {}),
    ...(a.talk ? { talk: a.talk } : {}),
    ...(a.collectionSize !== undefined ? { collectionSize: a.collectionSize } : {}),
    ...(a.followUp ? { followUp: a.followUp } : {}),
    ...(a.asks ? { asks: a.asks } : {}),
    results: a.results.map((r) => ({
      id: r.citation.id,
      title: r.citation.title,
      url: r.citation.url,
      authors: r.citation.authors,
      ...(r.citation.etAl ? { etAl: true } : {}),
      year: r.citation.year,
      ...(r.citation.venue ? { venue: r.citation.venue } : {}),
      codeUrl: r.citation.codeUrl,
      score: Number(r.score.toFixed(4)),
      excerpt: r.excerpt.text,
      highlights: r.excerpt.highlights.map((h) => [h.start, h.end]),
      ...displayJson(r.excerpt),
    })),
  };
}

/**
 * The question as the JSON echoes it: at most `MAX_QUESTION_CHARS` characters (the longest the core answers), with
 * `questionLength` giving the full length when it was cut, so a 100 MB line is not printed back whole.
 */
function echoed(question: string): { question: string; questionLength?: number } {
  if (question.length <= MAX_QUESTION_CHARS) return { question };
  let cut = question.slice(0, MAX_QUESTION_CHARS);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1); // never half a surrogate pair
  return { question: cut, questionLength: question.length };
}

/** `display`: the excerpt as the chat platforms show it (LaTeX as Unicode) with its highlights, only when it differs. */
function displayJson(excerpt: { text: string; highlights: readonly { start: number; end: number }[] }): { display?: unknown } {
  const d = displayText(excerpt.text);
  if (d.edits.length === 0) return {};
  const highlights = excerpt.highlights.map((h) => displaySpan(d, h.start, h.end)).map((h) => [h.start, h.end]);
  return { display: { text: d.text, highlights } };
}
