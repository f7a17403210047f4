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

function stem(word: string): string {
  return word.length > 3 && /^[a-z]+$/.test(word) ? stemmer(word) : word;
}

function isStop(word: string): boolean {
  return STOP_WORDS.has(word);
}

/**
 * The index terms of one word. "Llama-2-7B" → llama27b, llama, 2, 7b, 7; "2-bit" and "2bit" → 2bit, 2, bit;
 * "Quantization" → quantiz. Stop words yield nothing unless they are part of a compound.
 */
export function termsOfWord(word: string): string[] {
  let terms = cache.get(word);
  if (terms === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    terms = computeTerms(word);
    cache.set(word, terms);
  }
  return terms;
}

// Word frequencies are Zipfian: a bounded cache of analysed words makes indexing several times faster.
const CACHE_LIMIT = 200_000;
const cache = new Map<string, string[]>();

function computeTerms(word: string): string[] {
  const folded = fold(word).replace(/['’]s$/, '');
  const parts = folded.split(CONNECTOR).filter((p) => p !== '');
  const out = new Set<string>();
  if (parts.length > 1) out.add(parts.join(''));
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
  for (const m of text.matchAll(WORD)) {
    const terms = termsOfWord(m[0]);
    if (terms.length > 0) tokens.push({ start: m.index, end: m.index + m[0].length, terms });
  }
  return tokens;
}

/** All index terms of a text, in order, with repeats (for term frequencies). */
export function analyze(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) for (const t of termsOfWord(m[0])) out.push(t);
  return out;
}

/**
 * Plain words of a text (letters only, 4+ characters, folded) with the term each stems to: the vocabulary
 * that typo correction searches, since a misspelt word is closer to the word than to its stem.
 */
export function plainWords(text: string, onWord: (word: string, term: string) => void): void {
  for (const m of text.matchAll(/\p{L}{4,}/gu)) {
    const folded = fold(m[0]);
    if (/^[a-z]+$/.test(folded) && !isStop(folded)) onWord(folded, stem(folded));
  }
}
