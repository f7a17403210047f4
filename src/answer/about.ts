/**
 * Whether a paper is about a topic, not merely using its words in passing: the rule a "papers on X" list keeps a
 * paper by. "Machine translation" is the topic of a paper whose title has both words, or whose abstract says
 * "machine translation" (the words standing together) or keeps returning to both; not of a paper that says
 * "machine learning model" once and "translates to 16K tokens/s" elsewhere.
 */
import { analyze, tokenize } from '../retrieval/analyzer.js';
import { sentences } from './sentences.js';

/**
 * Whether a paper (title, abstract) is about the topic, given as the index terms of each topic word (any of a
 * word's terms counts for it).
 */
export function isAbout(title: string, abstract: string, topic: readonly (readonly string[])[]): boolean {
  const words = topic.filter((w) => w.length > 0);
  if (words.length === 0) return true;
  const has = (terms: ReadonlySet<string>, w: readonly string[]) => w.some((t) => terms.has(t));
  const inTitle = new Set(analyze(title));
  if (words.every((w) => has(inTitle, w))) return true;
  const tokens = tokenize(abstract);
  const wordAt = tokens.map((tok) => words.findIndex((w) => w.some((t) => tok.terms.includes(t))));
  // The topic's words standing together, in order (stop words between them do not count: tokens skip them).
  if (words.length > 1) {
    for (let i = 0; i + words.length <= tokens.length; i++) {
      let k = 0;
      while (k < words.length && wordAt[i + k] === k) k++;
      if (k === words.length) return true;
    }
  }
  // Else every word in at least two sentences (or in the title and one), and all of them together in one.
  const spans = sentences(abstract);
  const seen = words.map((w) => (has(inTitle, w) ? 1 : 0));
  let together = false;
  for (const s of spans) {
    const here = new Set<number>();
    tokens.forEach((tok, i) => {
      if (tok.start >= s.start && tok.end <= s.end && wordAt[i]! >= 0) here.add(wordAt[i]!);
    });
    for (const k of here) seen[k]!++;
    if (here.size === words.length) together = true;
  }
  return (together || words.length === 1) && seen.every((n) => n >= 2);
}
