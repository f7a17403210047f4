/**
 * Whether a paper is about a topic, not merely using its words in passing: the rule a "papers on X" list keeps a
 * paper by. The topic's phrases (question words that stand together in the question and in two leading papers or more:
 * "machine translation") must stand together in the paper too (or all be in its title, or in one sentence); a
 * paper that says "machine learning model" once and "translates to 16K tokens/s" elsewhere is not about machine
 * translation. Other question words are left to ranking.
 */
import { analyze, tokenize } from '../retrieval/analyzer.js';
import { sentences } from './sentences.js';

/**
 * A topic: each word's index terms (any counts for it), and its phrases as runs of word positions, by alternative
 * ("quantization or sparse attention" has two alternatives: a paper about either is about the topic).
 */
export interface Topic {
  words: readonly (readonly string[])[];
  alternatives: readonly (readonly (readonly number[])[])[];
}

/** Per token of a text, the topic word it is (or -1). */
function wordAt(text: string, words: Topic['words']): { tokens: ReturnType<typeof tokenize>; at: number[] } {
  const tokens = tokenize(text);
  return { tokens, at: tokens.map((tok) => words.findIndex((w) => w.some((t) => tok.terms.includes(t)))) };
}

/** Whether the words of a run stand together, in order, somewhere in the token sequence. */
function together(at: readonly number[], run: readonly number[]): boolean {
  for (let i = 0; i + run.length <= at.length; i++) {
    let k = 0;
    while (k < run.length && at[i + k] === run[k]) k++;
    if (k === run.length) return true;
  }
  return false;
}

/**
 * The topic of a question: its words in question order (`words`, the index terms of each), with the runs of two or
 * more adjacent ones that also stand together in at least two of `texts` (the leading papers' titles and abstracts).
 */
export function topicOf(searchText: string, words: readonly (readonly string[])[], texts: readonly string[]): Topic {
  const { tokens, at } = wordAt(searchText, words);
  // The leading papers' texts are read only when the question has adjacent topic words at all.
  let seenTexts: number[][] | undefined;
  const seen = () => (seenTexts ??= texts.map((t) => wordAt(t, words).at));
  const alternatives: number[][][] = [[]];
  let run: number[] = [];
  const close = () => {
    if (run.length > 1) alternatives[alternatives.length - 1]!.push(...phrasesIn(run, seen()));
    run = [];
  };
  tokens.forEach((tok, i) => {
    const gap = i > 0 ? searchText.slice(tokens[i - 1]!.end, tok.start) : '';
    if (/\bor\b|[,;/]/i.test(gap)) {
      close();
      alternatives.push([]);
    } else if (/[^\s-]/.test(gap)) close();
    const w = at[i]!;
    if (w >= 0 && !run.includes(w)) run.push(w);
    else {
      close();
      if (w >= 0) run = [w];
    }
  });
  close();
  return { words, alternatives };
}

/** Leading papers that must have words together for them to be a phrase of the topic ("machine translation"). */
const PHRASE_PAPERS = 2;
/** …and at least this share of the leading papers that have all of them: a collocation, not two common words. */
const PHRASE_SHARE = 0.5;

/** The longest stretches of a run of adjacent question words that some leading paper has together (pairs at least). */
function phrasesIn(run: readonly number[], seen: readonly (readonly number[])[]): number[][] {
  const phrases: number[][] = [];
  for (let i = 0; i + 1 < run.length; i++) {
    let best = 0;
    for (let j = run.length; j >= i + 2 && best === 0; j--) {
      const words = run.slice(i, j);
      const all = seen.filter((a) => words.every((w) => a.includes(w)));
      const joined = all.filter((a) => together(a, words)).length;
      if (joined >= PHRASE_PAPERS && joined >= PHRASE_SHARE * all.length) best = j;
    }
    if (best > 0) {
      phrases.push(run.slice(i, best));
      i = best - 2;
    }
  }
  return phrases;
}

/** Whether a topic has any phrase a paper must hold (else every paper is about it as far as this rule goes). */
export function hasPhrases(topic: Topic): boolean {
  return topic.alternatives.every((a) => a.length > 0);
}

/** Whether a paper (title, abstract) is about the topic: each phrase together, or all in the title, or in one sentence. */
export function isAbout(title: string, abstract: string, topic: Topic): boolean {
  if (!hasPhrases(topic)) return true;
  const inTitle = new Set(analyze(title));
  const { tokens, at } = wordAt(abstract, topic.words);
  const spans = sentences(abstract);
  const holds = (phrase: readonly number[]) => {
    if (phrase.every((w) => topic.words[w]!.some((t) => inTitle.has(t)))) return true;
    if (together(at, phrase) || together(wordAt(title, topic.words).at, phrase)) return true;
    return spans.some((s) => {
      const here = new Set<number>();
      tokens.forEach((tok, i) => {
        if (tok.start >= s.start && tok.end <= s.end && at[i]! >= 0) here.add(at[i]!);
      });
      return phrase.every((w) => here.has(w));
    });
  };
  return topic.alternatives.some((phrases) => phrases.every(holds));
}
