/**
 * The term weights an excerpt is picked with, for one paper: the question's words, less for the words that
 * merely name this paper, more for the focus word of a "how <adjective>" question, with synonyms at a share.
 */
import { analyze } from '../retrieval/analyzer.js';
import type { QueryWord } from '../retrieval/query.js';
import type { ExcerptQuery } from './excerpt.js';
import { SYNONYM_SHARE, synonymsOf } from './synonyms.js';

/** Weight kept by question words that only name the paper when choosing its excerpt. */
export const NAMING_DISCOUNT = 0.1;
/** Weight multiplier of the focus word of a "how <adjective>" question when choosing the excerpt. */
export const FOCUS_FACTOR = 2.5;
/** Share of a word's weight its compound's parts earn in excerpts. */
export const PART_SHARE = 0.8;

/** What the excerpt query of one paper is built from. */
export interface ExcerptQueryInput {
  words: readonly QueryWord[];
  /** The question's focus word (see `QuestionAnalysis.focus`). */
  focus: string | undefined;
  /** The paper's title and names, as one text. */
  naming: string;
  /** A term's weight (IDF). */
  weightOf: (term: string) => number;
}

/**
 * Term weights for picking a paper's excerpt: the question's words, with the words that merely name this
 * paper (its title and names) weighing less, so the sentence that answers wins over the one that names.
 * `named` tells whether any question word names the paper.
 */
export function excerptQuery({ words, focus, naming, weightOf }: ExcerptQueryInput): {
  groups: ExcerptQuery;
  named: boolean;
  /** Per group, the full weight of a word that only names the paper, else 0 (see `ExcerptOptions.naming`). */
  fullNaming: number[];
} {
  const namingTerms = new Set(analyze(naming));
  let named = false;
  const fullNaming: number[] = [];
  const groups = words.map((w) => {
    const isName = w.terms.some((t) => namingTerms.has(t));
    named ||= isName;
    const focused = focus !== undefined && w.text.toLowerCase() === focus ? FOCUS_FACTOR : 1;
    // A compound's parts ("LASP-2H" → lasp, 2h) credit less than the whole, so "LASP-2H" finds the sentence
    // naming it before one naming "LASP-2".
    const group = new Map(
      w.terms.map((t, k) => [
        t,
        Math.min(w.weight, weightOf(t)) * focused * (isName ? NAMING_DISCOUNT : 1) * (k > 0 && w.terms.length > 2 ? PART_SHARE : 1),
      ]),
    );
    fullNaming.push(isName ? Math.max(0, ...w.terms.map((t) => Math.min(w.weight, weightOf(t)) * focused)) : 0);
    if (!isName) {
      for (const t of w.terms) {
        const base = group.get(t)!;
        for (const s of synonymsOf(t)) if (!group.has(s)) group.set(s, SYNONYM_SHARE * base);
      }
    }
    return group;
  });
  return { groups, named, fullNaming };
}
