import { tokenize } from '../retrieval/analyzer.js';
import { sentences, type Span } from './sentences.js';

/** Default cap on an excerpt's length, in characters. */
export const MAX_EXCERPT_CHARS = 400;

/** A verbatim piece of an abstract that answers the question. */
export interface Excerpt {
  /** Verbatim text of the abstract: whole sentences, or a cut of one over-long sentence. */
  text: string;
  /** Where `text` starts in the abstract. */
  offset: number;
  /** True when `text` starts or ends inside a sentence (a renderer shows "…" there). */
  cutStart: boolean;
  cutEnd: boolean;
  /** Words of `text` that match the question, as offsets into `text`, in order and non-overlapping. */
  highlights: Span[];
  /** The question's index terms found in `text`. */
  matchedTerms: string[];
  /** Share of the question's term weight that `text` covers (0..1). */
  coverage: number;
}

/** How to pick an excerpt. */
export interface ExcerptOptions {
  /** Cap on the excerpt's length in characters. Default 400. */
  maxChars?: number;
  /** Prefer sentences that carry a figure ("how much / how many" questions). Default false. */
  preferFigures?: boolean;
}

interface ScoredSpan extends Span {
  score: number;
  terms: Set<string>;
}

/**
 * The sentence (or two adjacent sentences) of `text` that best answer a question whose index terms have the
 * given weights (usually IDF): scored by weighted coverage of the question's terms.
 */
export function bestExcerpt(text: string, weights: ReadonlyMap<string, number>, options: ExcerptOptions = {}): Excerpt {
  const maxChars = options.maxChars ?? MAX_EXCERPT_CHARS;
  const total = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
  const tokens = tokenize(text);
  const spans = sentences(text);
  if (spans.length === 0) spans.push({ start: 0, end: text.length });

  const scoreOf = (terms: Set<string>, span: Span): number => {
    let s = 0;
    for (const t of terms) s += weights.get(t) ?? 0;
    let score = s / total;
    if (options.preferFigures && /\d/.test(text.slice(span.start, span.end).replace(/\b(?:19|20)\d\d\b/g, ''))) score += 0.25;
    return score;
  };
  const termsIn = (span: Span): Set<string> => {
    const set = new Set<string>();
    for (const tok of tokens) {
      if (tok.start >= span.end) break;
      if (tok.start >= span.start) for (const t of tok.terms) if (weights.has(t)) set.add(t);
    }
    return set;
  };

  const scored: ScoredSpan[] = spans.map((span) => {
    const terms = termsIn(span);
    return { ...span, terms, score: scoreOf(terms, span) };
  });
  let best = scored[0]!;
  for (const s of scored) if (s.score > best.score) best = s; // ties keep the earlier sentence

  // Join the neighbour when it adds question terms the best sentence lacks and both fit.
  let chosen: ScoredSpan = best;
  const i = scored.indexOf(best);
  for (const j of [i + 1, i - 1]) {
    const other = scored[j];
    if (!other) continue;
    const adds = [...other.terms].some((t) => !chosen.terms.has(t));
    const span = { start: Math.min(chosen.start, other.start), end: Math.max(chosen.end, other.end) };
    if (adds && span.end - span.start <= maxChars) {
      const terms = new Set([...chosen.terms, ...other.terms]);
      chosen = { ...span, terms, score: scoreOf(terms, span) };
      break;
    }
  }

  let { start, end } = chosen;
  let cutStart = false;
  let cutEnd = false;
  if (end - start > maxChars) {
    // One over-long sentence: a window at word boundaries around its densest run of matches.
    const inside = tokens.filter((t) => t.start >= start && t.end <= end && t.terms.some((x) => weights.has(x)));
    const anchor = inside.length > 0 ? densest(inside, maxChars) : start;
    let ws = Math.max(start, Math.min(anchor - Math.floor(maxChars / 5), end - maxChars));
    let we = Math.min(end, ws + maxChars);
    if (ws > start) {
      const sp = text.indexOf(' ', ws);
      ws = sp >= 0 && sp < we ? sp + 1 : ws;
      cutStart = true;
    }
    if (we < end) {
      const sp = text.lastIndexOf(' ', we);
      we = sp > ws ? sp : we;
      cutEnd = true;
    }
    start = ws;
    end = we;
  }

  const excerptText = text.slice(start, end);
  const highlights: Span[] = [];
  const matched = new Set<string>();
  for (const tok of tokens) {
    if (tok.start < start || tok.end > end) continue;
    const hit = tok.terms.filter((t) => weights.has(t));
    if (hit.length === 0) continue;
    hit.forEach((t) => matched.add(t));
    highlights.push({ start: tok.start - start, end: tok.end - start });
  }
  let covered = 0;
  for (const t of matched) covered += weights.get(t) ?? 0;
  return { text: excerptText, offset: start, cutStart, cutEnd, highlights, matchedTerms: [...matched], coverage: covered / total };
}

function densest(tokens: { start: number }[], width: number): number {
  let bestStart = tokens[0]!.start;
  let bestCount = 0;
  let j = 0;
  for (let i = 0; i < tokens.length; i++) {
    while (tokens[j]!.start < tokens[i]!.start - width / 2) j++;
    if (i - j + 1 > bestCount) {
      bestCount = i - j + 1;
      bestStart = tokens[j]!.start;
    }
  }
  return bestStart;
}

/** The first sentences of a text, up to `maxChars` (at least one sentence, cut at a word if it is longer). */
export function leadSentences(text: string, maxChars: number): { text: string; cut: boolean } {
  const spans = sentences(text);
  let end = 0;
  for (const s of spans) {
    if (s.end > maxChars) break;
    end = s.end;
  }
  if (end > 0) return { text: text.slice(0, end), cut: end < text.length };
  const sp = text.lastIndexOf(' ', maxChars);
  return { text: text.slice(0, sp > 0 ? sp : maxChars), cut: true };
}
