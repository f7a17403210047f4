/**
 * Papers related to one paper: the collection ranked for the paper's distinctive terms (its title after a leading
 * "Name:", and the words its abstract repeats that are rarest in the collection), the paper itself excluded.
 */
import { analyze } from '../retrieval/analyzer.js';
import type { DocFilter } from '../retrieval/facets.js';
import { citationOf } from './citation.js';
import { rerankLeaders } from './rank.js';
import { type AnswerSources, rankingInputs } from './ranking-inputs.js';
import type { Citation, CitedResult } from './types.js';

/** Words of the abstract asked with the title. */
const RELATED_WORDS = 8;

/** A paper and the papers closest to it, each with the excerpt that matched. */
export interface Related {
  paper: Citation;
  results: CitedResult[];
}

/** The papers closest to the paper at `doc` by its distinctive terms, best first, itself excluded (and only `filter`'s). */
export function relatedTo(sources: AnswerSources, doc: number, top = 5, filter?: DocFilter): Related {
  const paper = sources.papers.at(doc);
  const question = relatedQuestion(paper.title, paper.abstract, (t) => sources.retriever.idf(t));
  const inputs = rankingInputs(sources, question, {}, filter ? { filter } : {});
  const results: CitedResult[] = [];
  if (inputs.ok && 'ranked' in inputs) {
    const others = inputs.ranked.filter((r) => r.hit.doc !== doc);
    for (const r of rerankLeaders(others, top, inputs.inspect).slice(0, top))
      results.push({ citation: citationOf(r.paper), score: Number(r.score.toFixed(4)), excerpt: r.excerpt });
  }
  return { paper: citationOf(paper), results };
}

/**
 * The words that stand for a paper: its title (without a leading "Name:") and the words its abstract repeats,
 * the rarest in the collection first (repeats × IDF).
 */
export function relatedQuestion(title: string, abstract: string, idf: (term: string) => number = () => 1): string {
  const lead = title.replace(/^[^:]{1,40}:\s+(?=\S)/, '');
  const inTitle = new Set(analyze(title));
  const counts = new Map<string, { word: string; n: number; first: number; key: string }>();
  let i = 0;
  for (const m of abstract.matchAll(/[\p{L}][\p{L}\d-]{3,}/gu)) {
    const key = analyze(m[0]).join(' ');
    if (key === '' || inTitle.has(key)) continue;
    const entry = counts.get(key) ?? { word: m[0].toLowerCase(), n: 0, first: i++, key };
    entry.n++;
    counts.set(key, entry);
  }
  const score = (e: { n: number; key: string }) => e.n * Math.max(0.1, ...e.key.split(' ').map(idf));
  const repeated = [...counts.values()]
    .filter((e) => e.n >= 2)
    .sort((a, b) => score(b) - score(a) || a.first - b.first)
    .slice(0, RELATED_WORDS)
    .map((e) => e.word);
  return `${lead} ${repeated.join(' ')}`.slice(0, 480).trim();
}
