import { tokenize, type Token } from '../retrieval/analyzer.js';
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
  /** Prefer the sentence stating the paper's contribution (for topic questions that do not name it). Default false. */
  preferSummary?: boolean;
}

/** A figure: a percentage, a multiple, a decimal, a count with a unit, or "twice"/"N times". */
const FIGURE = /(?<![\p{L}\d.-])\d+(?:[.,]\d+)?\s?(?:\\?%|x\b|×|times\b|-?fold\b|points?\b|[kKMB]\b|GB\b|hours?\b|GPUs?\b|tokens\b)|(?<![\p{L}\d.-])\d+\.\d+(?![\p{L}\d-])|\b(?:twice|thrice|half|(?:two|three|four|five|ten|\d+)\s+times)\b/u;
/** A sentence that states what the paper contributes. */
const SUMMARY = /\b(?:we|this (?:paper|work|study))\s+(?:\w+\s+)?(?:propose|present|introduce|develop|design)|\b(?:called|named|dubbed)\b/i;
const FIGURE_BONUS = 0.25;
const SUMMARY_BONUS = 0.15;
/** Adjacent question words adjacent in the passage add this share of the lighter word's weight. */
const PHRASE_BONUS = 0.5;
/** A best sentence shorter than this is joined with the next one. */
const SHORT_SENTENCE = 110;
/** Also grow with neighbours that mention question words already covered. */
const GROW_RELATED = true;

interface ScoredSpan extends Span {
  score: number;
  terms: Set<string>;
}

/**
 * The question as excerpt scoring sees it: one map per question word, from the word's index terms to their
 * weights. A word counts once, with its best term present ("Llama-2-7B" is one word, not five terms).
 */
export type ExcerptQuery = readonly ReadonlyMap<string, number>[];

/**
 * The sentence (or two adjacent sentences) of `text` that best answer a question: scored by the weighted
 * share of the question's words they contain (weights are usually IDF).
 */
export function bestExcerpt(text: string, query: ExcerptQuery | ReadonlyMap<string, number>, options: ExcerptOptions = {}): Excerpt {
  const maxChars = options.maxChars ?? MAX_EXCERPT_CHARS;
  const groups: ExcerptQuery = query instanceof Map ? [...query].map(([t, w]) => new Map([[t, w]])) : (query as ExcerptQuery);
  const weights = new Map<string, number>();
  for (const g of groups) for (const [t, w] of g) weights.set(t, Math.max(weights.get(t) ?? 0, w));
  const groupWeight = (g: ReadonlyMap<string, number>) => Math.max(0, ...g.values());
  const credit = (terms: Set<string>) => {
    let s = 0;
    for (const g of groups) {
      let best = 0;
      for (const [t, w] of g) if (terms.has(t) && w > best) best = w;
      s += best;
    }
    return s;
  };
  const total = groups.reduce((a, g) => a + groupWeight(g), 0) || 1;
  const tokens = tokenize(text);
  const spans = sentences(text);
  if (spans.length === 0) spans.push({ start: 0, end: text.length });

  const tokensIn = (span: Span) => tokens.filter((t) => t.start >= span.start && t.end <= span.end);
  // Stems that differ only in a derivational ending ("reduct"/"reduc", "generaliz"/"general") match too.
  const alias = new Map<string, string>();
  for (const tok of tokens) {
    for (const t of tok.terms) {
      if (weights.has(t) || alias.has(t) || !/^[a-z]{5,}$/.test(t)) continue;
      for (const q of weights.keys()) {
        if (q.length >= 5 && Math.abs(q.length - t.length) <= 3 && (t.startsWith(q) || q.startsWith(t)) && /^[a-z]+$/.test(q)) {
          alias.set(t, q);
          break;
        }
      }
    }
  }
  const termsOf = (toks: readonly Token[]): Set<string> => {
    const set = new Set<string>();
    for (const tok of toks) {
      for (const t of tok.terms) {
        if (weights.has(t)) set.add(t);
        else {
          const a = alias.get(t);
          if (a) set.add(a);
        }
      }
    }
    return set;
  };
  // Adjacent question words that stand adjacent in the passage too ("source models", "soft mask").
  const phraseCredit = (toks: readonly Token[]): number => {
    let s = 0;
    for (let g = 0; g + 1 < groups.length; g++) {
      const a = groups[g]!;
      const b = groups[g + 1]!;
      for (let k = 0; k + 1 < toks.length; k++) {
        if (toks[k]!.terms.some((t) => a.has(t)) && toks[k + 1]!.terms.some((t) => b.has(t))) {
          s += Math.min(groupWeight(a), groupWeight(b));
          break;
        }
      }
    }
    return s;
  };
  const scoreOf = (span: Span): ScoredSpan => {
    const toks = tokensIn(span);
    const terms = termsOf(toks);
    const passage = text.slice(span.start, span.end);
    let score = (credit(terms) + PHRASE_BONUS * phraseCredit(toks)) / total;
    if (options.preferFigures && FIGURE.test(passage)) score += FIGURE_BONUS;
    if (options.preferSummary && SUMMARY.test(passage)) score += SUMMARY_BONUS;
    return { ...span, terms, score };
  };

  const scored: ScoredSpan[] = spans.map(scoreOf);
  let best = scored[0]!;
  for (const s of scored) if (s.score > best.score) best = s; // ties keep the earlier sentence

  // Grow the passage around the best sentence while it fits: first with neighbours that add question words,
  // then (when the best sentence is short) with the next sentence, which usually carries the detail.
  let chosen: ScoredSpan = best;
  let lo = scored.indexOf(best);
  let hi = lo;
  for (;;) {
    const options = [scored[hi + 1], scored[lo - 1]].filter((o): o is ScoredSpan => o !== undefined);
    let pick: ScoredSpan | undefined;
    for (const o of options) {
      const span = { start: Math.min(chosen.start, o.start), end: Math.max(chosen.end, o.end) };
      if (span.end - span.start > maxChars) continue;
      const gain = credit(new Set([...chosen.terms, ...o.terms])) - credit(chosen.terms);
      const useful = gain > 0 || (o.score > 0 && GROW_RELATED) || (o === scored[hi + 1] && chosen.end - chosen.start < SHORT_SENTENCE);
      if (useful && (!pick || o.score > pick.score)) pick = o;
    }
    if (!pick) break;
    if (pick === scored[hi + 1]) hi++;
    else lo--;
    chosen = scoreOf({ start: scored[lo]!.start, end: scored[hi]!.end });
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
    const hit = tok.terms.flatMap((t) => (weights.has(t) ? [t] : alias.has(t) ? [alias.get(t)!] : []));
    if (hit.length === 0) continue;
    hit.forEach((t) => matched.add(t));
    highlights.push({ start: tok.start - start, end: tok.end - start });
  }
  return { text: excerptText, offset: start, cutStart, cutEnd, highlights, matchedTerms: [...matched], coverage: credit(matched) / total };
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
