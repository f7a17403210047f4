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

/**
 * The topic words of a text in order, one entry per word a token stands for (or -1): a hyphenated compound is each
 * of its parts ("Visual-Attention" is "visual", "attention"), `tokenOf` the token of each entry.
 */
function wordAt(text: string, words: Topic['words']): { tokens: ReturnType<typeof tokenize>; at: number[]; tokenOf: number[] } {
  const tokens = tokenize(text);
  const at: number[] = [];
  const tokenOf: number[] = [];
  tokens.forEach((tok, i) => {
    const found: number[] = [];
    for (const term of tok.terms) {
      const w = words.findIndex((ws) => ws.includes(term));
      if (w >= 0 && !found.includes(w)) found.push(w);
    }
    for (const w of found.length > 0 ? found : [-1]) {
      at.push(w);
      tokenOf.push(i);
    }
  });
  return { tokens, at, tokenOf };
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
 * more adjacent ones that also stand together in at least two of `texts` (the leading papers' titles and abstracts),
 * or (`asWritten`) every such run as the question has it.
 */
export function topicOf(searchText: string, words: readonly (readonly string[])[], texts: readonly string[], asWritten = false): Topic {
  const { tokens, at, tokenOf } = wordAt(searchText, words);
  // The leading papers' texts are read only when the question has adjacent topic words at all.
  let seenTexts: number[][] | undefined;
  const seen = () => (seenTexts ??= texts.map((t) => wordAt(t, words).at));
  const alternatives: number[][][] = [[]];
  let run: number[] = [];
  const close = () => {
    if (run.length > 1) alternatives[alternatives.length - 1]!.push(...(asWritten ? [run] : phrasesIn(run, seen())));
    run = [];
  };
  at.forEach((w, i) => {
    const tok = tokens[tokenOf[i]!]!;
    const gap = i > 0 && tokenOf[i - 1] !== tokenOf[i] ? searchText.slice(tokens[tokenOf[i - 1]!]!.end, tok.start) : '';
    if (/\bor\b|[,;/]/i.test(gap)) {
      close();
      alternatives.push([]);
    } else if (/[^\s-]/.test(gap)) close();
    if (w >= 0 && !run.includes(w)) run.push(w);
    else {
      close();
      if (w >= 0) run = [w];
    }
  });
  close();
  return { words, alternatives };
}

/** The longest stretches of a run of adjacent question words that some leading paper has together (pairs at least). */
function phrasesIn(run: readonly number[], seen: readonly (readonly number[])[]): number[][] {
  const phrases: number[][] = [];
  for (let i = 0; i + 1 < run.length; i++) {
    let best = 0;
    for (let j = run.length; j >= i + 2 && best === 0; j--) {
      const words = run.slice(i, j);
      const all = seen.filter((a) => words.every((w) => a.includes(w)));
      const joined = all.filter((a) => together(a, words)).length;
      if (joined >= ABOUT.phrasePapers && joined >= ABOUT.phraseShare * all.length) best = j;
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

/**
 * How a list decides aboutness, fitted on the training split of issue 13's list topics (`npx tsx
 * test/eval/issue13-fit.ts`: a grid, scored by list purity and title recall together, the chat set's list recall
 * kept). The question's adjacent topic words are first taken as written ("visual attention"): when at least
 * `strictPapers` of the candidates hold them so (0: never), a paper is about the topic only when it does, by
 * `gap` and `titleAll`; else (the collection says it otherwise: "quantizing LLMs" beside "quantization of LLMs")
 * the phrases are those the leading papers share (`phrasePapers`, `phraseShare`), held anywhere in one sentence or
 * in the title.
 * - `gap`: words that may stand between two of the phrase's words, in the title or the abstract (-1: anywhere in
 *   one sentence);
 * - `titleAll`: whether a title with every word of the phrase, wherever, is about it;
 * - `titleFirst`: whether, with the topic as written, papers whose title has it come first;
 * - `scan`: candidates a list reads past its leaders to fill the page with papers about the topic (and counts
 *   holders among);
 * - `phrasePapers`: leading papers that must have adjacent question words together for them to be a phrase of the
 *   topic ("machine translation"), and `phraseShare`: at least this share of the leading papers that have all of
 *   them (a collocation, not two common words);
 * - `wordWeight`: least informative weight (IDF) of a topic word: "machine translation" (2.4, 2.7) is a phrase,
 *   "fine-tuning methods" or "non-english language" are not ("method" 0.8, "language" 0.8 are in most abstracts).
 */
export const ABOUT = {
  strictPapers: 5,
  gap: 0,
  titleAll: false,
  titleFirst: true,
  scan: 100,
  phrasePapers: 2,
  phraseShare: 0.5,
  wordWeight: 1,
};

/** The rule of phrases the leading papers share: anywhere in one sentence, or all in the title. */
export const SHARED_RULE = { gap: -1, titleAll: true } as const;

/** Whether the phrase's words all stand within `gap` words of one another somewhere in a token sequence. */
function near(at: readonly number[], phrase: readonly number[], gap: number): boolean {
  if (gap === 0) return together(at, phrase);
  // A window of the phrase's length plus the gaps between its words: each word in it.
  const width = phrase.length + gap * (phrase.length - 1);
  for (let i = 0; i < at.length; i++) {
    if (!phrase.includes(at[i]!)) continue;
    const here = new Set(at.slice(i, i + width));
    if (phrase.every((w) => here.has(w))) return true;
  }
  return false;
}

/** Whether a paper (title, abstract) is about the topic: each phrase's words close together, or all in the title. */
export function isAbout(title: string, abstract: string, topic: Topic, rule: { gap: number; titleAll: boolean }): boolean {
  if (!hasPhrases(topic)) return true;
  const inTitle = new Set(analyze(title));
  const { tokens, at, tokenOf } = wordAt(abstract, topic.words);
  const titleAt = wordAt(title, topic.words).at;
  const spans = sentences(abstract);
  const holds = (phrase: readonly number[]) => {
    if (rule.titleAll && phrase.every((w) => topic.words[w]!.some((t) => inTitle.has(t)))) return true;
    if (together(at, phrase) || together(titleAt, phrase)) return true;
    if (rule.gap > 0) return near(at, phrase, rule.gap) || near(titleAt, phrase, rule.gap);
    if (rule.gap === 0) return false;
    return spans.some((s) => {
      const here = new Set<number>();
      at.forEach((w, i) => {
        const tok = tokens[tokenOf[i]!]!;
        if (tok.start >= s.start && tok.end <= s.end && w >= 0) here.add(w);
      });
      return phrase.every((w) => here.has(w));
    });
  };
  return topic.alternatives.some((phrases) => phrases.every(holds));
}
