import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stop-words.js';

/** A word of the source text with the index terms it yields and where it stands. */
export interface Token {
  /** Offset of the word in the analysed text (UTF-16 code units). */
  start: number;
  end: number;
  /** The index terms this word yields (folded, stemmed, compounds joined and split). Never empty. */
  terms: string[];
}

// A word: letters and digits, optionally joined by -, _, /, ', or a dot (as in "3.1", "26.79", "2402.02750").
const WORD = /[\p{L}\p{N}]+(?:[-_/.'’][\p{L}\p{N}]+)*/gu;
const CONNECTOR = /[-_/'’]|\.(?!\d)|(?<!\d)\./;
const LETTER_DIGIT = /(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

/** Fold case and diacritics: "Ü" → "u", "ﬁ" → "fi". */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** Comparatives and superlatives the Porter stemmer keeps apart from their adjective ("faster" ≠ "fast"). */
const COMPARATIVES: ReadonlyMap<string, string> = new Map(
  `fast slow small large cheap high low long short deep wide strong weak easy hard great simple few new old big`
    .split(' ')
    .flatMap((a) => {
      const stemBase = a.endsWith('e') ? a.slice(0, -1) : a.endsWith('y') ? `${a.slice(0, -1)}i` : /^(?:big)$/.test(a) ? `${a}g` : a;
      return [[`${stemBase}er`, a], [`${stemBase}est`, a]] as [string, string][];
    }),
);

function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  const base = COMPARATIVES.get(word);
  return stemmer(base ?? word);
}

function isStop(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * The index terms of one word. "Llama-2-7B" → llama27b, llama, 2, 7b, 7; "2-bit" and "2bit" → 2bit, 2, bit;
 * "Quantization" → quantiz. Stop words yield nothing unless they are part of a compound.
 */
export function termsOfWord(word: string): string[] {
  return entryOf(word).terms;
}

/**
 * What the analyzer knows of one distinct word: its terms, and its folded form when it is a plain word.
 * An index builder may memoise its own term ids on the entry (`ids`, valid while `owner` is that builder),
 * which saves a dictionary lookup per term occurrence when indexing.
 */
export interface WordEntry {
  readonly terms: string[];
  /** Folded form of a plain word (letters only, 4+ characters, not a stop word): what typo correction searches. */
  readonly plain: string | undefined;
  owner: object | undefined;
  ids: number[] | undefined;
}

// Word frequencies are Zipfian: a bounded cache of analysed words makes indexing several times faster. It is
// generational: when the young map fills, it becomes the old one and a fresh young map starts; a word found
// in the old map moves back to the young. Frequent words stay cached; a full clear would re-analyse them all.
const CACHE_LIMIT = 50_000;
let young = new Map<string, WordEntry>();
let old = new Map<string, WordEntry>();

function entryOf(word: string): WordEntry {
  let e = young.get(word);
  if (e !== undefined) return e;
  e = old.get(word);
  if (e === undefined) {
    const terms = computeTerms(word);
    const folded = terms.length === 1 && word.length >= 4 ? fold(word) : '';
    e = { terms, plain: /^[a-z]{4,}$/.test(folded) ? folded : undefined, owner: undefined, ids: undefined };
  }
  if (young.size >= CACHE_LIMIT) {
    old = young;
    young = new Map();
  }
  young.set(word, e);
  return e;
}

function computeTerms(word: string): string[] {
  const folded = fold(word).replace(/['’]s$/, '');
  const parts = folded.split(CONNECTOR).filter((p) => p !== '');
  const out = new Set<string>();
  // The joined compound is stemmed like a plain word, so "pre-training" and "pretraining" meet.
  if (parts.length > 1) out.add(stem(parts.join('')));
  for (const part of parts) {
    const pieces = part.split(LETTER_DIGIT);
    if (pieces.length > 1) out.add(part);
    for (const piece of pieces) {
      if ((pieces.length > 1 || parts.length > 1) && /^\p{L}$/u.test(piece)) continue; // the "b" of "7b"
      if (isStop(piece)) continue;
      out.add(stem(piece));
    }
  }
  return [...out].filter((t) => t.length > 0);
}

/** Analyse text into tokens with offsets: the one analyzer shared by indexing, search and excerpt scoring. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = new RegExp(WORD);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const terms = entryOf(m[0]).terms;
    if (terms.length > 0) tokens.push({ start: m.index, end: m.index + m[0].length, terms });
  }
  return tokens;
}

/** All index terms of a text, in order, with repeats (for term frequencies). */
export function analyze(text: string): string[] {
  const out: string[] = [];
  analyzeInto(text, (t) => out.push(t));
  return out;
}

/** Stream the analysed words of a text, in order (stop words included, with no terms). */
export function forEachWord(text: string, onWord: (entry: WordEntry) => void): void {
  const re = new RegExp(WORD);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) onWord(entryOf(m[0]));
}

/**
 * Stream a text's index terms to `onTerm`, and its plain words (folded, unstemmed, with the term each stems
 * to) to `onPlain`: the vocabulary typo correction searches, since a misspelt word is closer to the word
 * than to its stem. One pass, no intermediate arrays: the indexing hot path.
 */
export function analyzeInto(text: string, onTerm: (term: string) => void, onPlain?: (word: string, term: string) => void): void {
  const re = new RegExp(WORD);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const e = entryOf(m[0]);
    for (const t of e.terms) onTerm(t);
    if (onPlain && e.plain !== undefined) onPlain(e.plain, e.terms[0]!);
  }
}
