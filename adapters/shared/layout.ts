/**
 * What every platform's answer layout shows beyond the answer itself, decided once: the passage as displayed
 * (LaTeX as Unicode, the first occurrence of each matched word emphasised), the one-line reason of an "also
 * relevant" paper, the paper's BibTeX, the papers related to it, its next best passage and its whole abstract.
 * Renderers only format these values.
 */

import {
  analyze,
  type Citation,
  createLibrary,
  displaySpan,
  displayText,
  type Excerpt,
  fold,
  type Library,
  type Paper,
} from '../../src/index.js';

/** Sizes of the layout's parts, on every platform. */
export const LAYOUT = {
  /** Longest "also relevant" reason, in characters: one line in a chat window. */
  reasonChars: 140,
  /** Papers listed by Related. */
  related: 5,
  /** Longest passage Next passage shows, as the answer's excerpt (the core's default). */
  passageChars: 400,
} as const;

/** `[start, end)` offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A passage as displayed: display text, the highlights that fall in it, and "…" marks where it cuts a sentence. */
export interface Passage {
  text: string;
  highlights: Span[];
  cutStart: boolean;
  cutEnd: boolean;
}

/** What a passage is made from: an excerpt of the core, or any verbatim text with highlights. */
export type PassageSource = Pick<Excerpt, 'text' | 'highlights' | 'cutStart' | 'cutEnd'>;

/**
 * The passage as every platform shows it: the display text (`displayText`) of the verbatim excerpt, with only
 * the first occurrence of each matched word emphasised (a repeat of "cache" is not bold again), the
 * highlights moved onto the display text.
 */
export function passageOf(excerpt: PassageSource): Passage {
  const display = displayText(excerpt.text);
  const seen = new Set<string>();
  const highlights: Span[] = [];
  for (const h of excerpt.highlights) {
    const word = excerpt.text.slice(h.start, h.end);
    const key = analyze(word).join(' ') || fold(word);
    if (seen.has(key)) continue;
    seen.add(key);
    const s = displaySpan(display, h.start, h.end);
    if (s.end > s.start) highlights.push(s);
  }
  return { text: display.text, highlights, cutStart: excerpt.cutStart, cutEnd: excerpt.cutEnd };
}

/** Display text with white space collapsed: for titles, leads and abstracts, which show no highlights. */
export function shownText(text: string): string {
  return displayText(text).text.replace(/\s+/g, ' ').trim();
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Why an "also relevant" paper is listed, in one line: the sentence of its excerpt with the most matched words
 * (the first, on a tie), as display text, cut at a word within `max` characters.
 */
export function reasonOf(excerpt: PassageSource, max: number = LAYOUT.reasonChars): string {
  let best = { start: 0, end: excerpt.text.length, hits: -1, first: true };
  let first = true;
  for (const seg of sentenceSegmenter.segment(excerpt.text)) {
    const start = seg.index;
    const end = seg.index + seg.segment.length;
    const hits = excerpt.highlights.filter((h) => h.start >= start && h.start < end).length;
    if (seg.segment.trim() !== '' && hits > best.hits) best = { start, end, hits, first };
    first = false;
  }
  const sentence = shownText(excerpt.text.slice(best.start, best.end));
  const lead = best.first && excerpt.cutStart ? '…' : '';
  return clipWords(`${lead}${sentence}`, max);
}

/** Cut text at a word boundary to at most `max` characters, ending with "…" when cut. */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const kept = space > max / 2 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s,;:.–—-]+$/, '').replace(/[\uD800-\uDBFF]$/, '')}…`;
}

/**
 * The paper's BibTeX entry (`@misc`, with `eprint` and `archivePrefix` for an arXiv paper, `doi` when known).
 * The key is the first author's surname, the year and the title's first word (`liu2024kivi`); a missing author
 * or year is left out, never invented.
 */
export function bibtex(paper: Paper): string {
  const arxiv = /^\d{4}\.\d{4,5}$/.test(paper.id);
  const names = paper.authors.map(bibValue);
  const author = names.length > 0 ? `${names.join(' and ')}${paper.etAl ? ' and others' : ''}` : undefined;
  const fields: [string, string | undefined][] = [
    ['title', `{${bibValue(paper.title)}}`],
    ['author', author],
    ['year', paper.year ? String(paper.year) : undefined],
    ['eprint', arxiv ? paper.id : undefined],
    ['archivePrefix', arxiv ? 'arXiv' : undefined],
    ['doi', paper.doi],
    ['url', paper.url ?? undefined],
  ];
  const body = fields
    .filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '')
    .map(([k, v]) => `  ${k} = {${v}}`)
    .join(',\n');
  return `@misc{${citeKey(paper)},\n${body}\n}`;
}

/** A BibTeX field value: one line, braces balanced (unbalanced ones dropped), `&`, `%`, `#` escaped, no backslash before a brace. */
function bibValue(s: string): string {
  let depth = 0;
  let out = '';
  for (const ch of s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\\+(?=[{}]|$)/g, '')) {
    if (ch === '{') depth++;
    if (ch === '}' && depth === 0) continue;
    if (ch === '}') depth--;
    out += ch;
  }
  for (; depth > 0; depth--) out = out.replace(/\{(?=[^{]*$)/, '');
  return out.replace(/(?<!\\)([&%#])/g, '\\$1');
}

function citeKey(p: Paper): string {
  const ascii = (s: string) => fold(s).replace(/[^a-z0-9]/g, '');
  const surname = ascii(p.authors[0]?.split(/\s+/).pop() ?? '');
  const word = ascii(p.title.split(/[\s:]+/).find((w) => ascii(w).length > 2 && !/^(?:the|and|for|with)$/i.test(w)) ?? '');
  return `${surname}${p.year ?? ''}${word}` || ascii(p.id) || 'paper';
}

/** A paper and the papers closest to it, each with the sentence that brought it up. */
export interface RelatedView {
  paper: Citation;
  related: { citation: Citation; reason: string }[];
}

/**
 * Papers related to one paper by its distinctive terms, itself excluded (the core's `Library.related`), each with
 * the sentence that brought it up. Undefined for an unknown id. CPU-bound like an answer: run it on the work queue.
 */
export function relatedPapers(library: Library, id: string, count: number = LAYOUT.related): RelatedView | undefined {
  const related = library.related(id, count);
  if (!related) return undefined;
  return { paper: related.paper, related: related.results.map((r) => ({ citation: r.citation, reason: reasonOf(r.excerpt) })) };
}

/** The next best passage of a paper for a question, after the ones already shown. */
export type NextPassage =
  | { kind: 'passage'; citation: Citation; question: string; passage: Passage; span: Span; shown: Span[] }
  /** Every sentence of the abstract has been shown. */
  | { kind: 'none'; citation: Citation; question: string }
  | { kind: 'gone' };

/**
 * The paper's best passage for the question outside the `shown` spans (offsets into its abstract): the core
 * picks it as it picks an answer's excerpt, from the stretches of the abstract not shown yet; when none of them
 * matches the question, the stretch after the last shown passage. `shown` in the result includes the new one.
 */
export function nextPassage(library: Library, question: string, id: string, shown: readonly Span[]): NextPassage {
  const card = library.card(id);
  if (!card) return { kind: 'gone' };
  const abstract = card.abstract;
  const gaps = unshown(abstract, shown);
  if (gaps.length === 0) return { kind: 'none', citation: card.citation, question };
  const pieces: Paper[] = gaps.map((g, i) => ({
    id: String(i),
    title: '-',
    abstract: abstract.slice(g.start, g.end),
    authors: [],
    year: card.citation.year,
    url: null,
    codeUrl: null,
    source: 'passage',
  }));
  let excerpt: PassageSource & { offset: number };
  let gap: Span;
  const asked = createLibrary(pieces).ask(question, { top: pieces.length, maxExcerptChars: LAYOUT.passageChars });
  const best = asked.ok ? asked.answer.results[0] : undefined;
  if (best && best.excerpt.highlights.length > 0) {
    excerpt = best.excerpt;
    gap = gaps[Number(best.citation.id)]!;
  } else {
    const last = Math.max(0, ...shown.map((s) => s.end));
    gap = gaps.find((g) => g.start >= last) ?? gaps[0]!;
    excerpt = leadOf(abstract.slice(gap.start, gap.end), LAYOUT.passageChars);
  }
  const span = { start: gap.start + excerpt.offset, end: gap.start + excerpt.offset + excerpt.text.length };
  return { kind: 'passage', citation: card.citation, question, passage: passageOf(excerpt), span, shown: mergeSpans([...shown, span]) };
}

/** The stretches of `text` outside `shown`, trimmed, that hold a word. */
function unshown(text: string, shown: readonly Span[]): Span[] {
  const gaps: Span[] = [];
  let at = 0;
  for (const s of mergeSpans(shown)) {
    if (s.start > at) gaps.push({ start: at, end: Math.min(s.start, text.length) });
    at = Math.max(at, s.end);
  }
  if (at < text.length) gaps.push({ start: at, end: text.length });
  return gaps
    .map((g) => {
      const piece = text.slice(g.start, g.end);
      const lead = piece.length - piece.trimStart().length;
      return { start: g.start + lead, end: g.start + piece.trimEnd().length };
    })
    .filter((g) => g.end > g.start && /[\p{L}\d]/u.test(text.slice(g.start, g.end)));
}

/** Spans sorted and merged where they overlap or touch. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const s of [...spans].filter((x) => x.end > x.start).sort((a, b) => a.start - b.start)) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** The leading whole sentences of `text` within `max` characters (a cut of the first when it alone is longer). */
function leadOf(text: string, max: number): PassageSource & { offset: number } {
  let end = 0;
  for (const seg of sentenceSegmenter.segment(text)) {
    const next = seg.index + seg.segment.trimEnd().length;
    if (next > max && end > 0) break;
    end = next;
    if (end >= max) break;
  }
  const cut = end > max;
  return { text: text.slice(0, cut ? max : end), offset: 0, highlights: [], cutStart: false, cutEnd: cut };
}

/** A paper's whole abstract, as displayed. */
export interface AbstractView {
  citation: Citation;
  text: string;
}

/** The paper's whole abstract as display text, or undefined for an unknown id. */
export function abstractOf(library: Library, id: string): AbstractView | undefined {
  const card = library.card(id);
  return card ? { citation: card.citation, text: shownText(card.abstract) } : undefined;
}
