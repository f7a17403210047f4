import { stemmer } from 'stemmer';
import { FNV_OFFSET, FNV_PRIME, grow, hashString } from './hash-table.js';
import { americanSpelling } from './spelling.js';
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
// A backslash before a letter starts a LaTeX command ("\times", "\textbf", "\lambda"), read as one word.
const WORD = /(?:\\(?=[A-Za-z]))?[\p{L}\p{N}]+(?:[-_/.'’][\p{L}\p{N}]+)*/gu;
const CONNECTOR = /[-_/'’]|\.(?!\d)|(?<!\d)\./;
const LETTER_DIGIT = /(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

const BACKSLASH = 92;

const ASCII_LETTERS = /^[A-Za-z]+$/;

/** Fold case and diacritics: "Ü" → "u", "ﬁ" → "fi". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Comparatives and superlatives the Porter stemmer keeps apart from their adjective ("faster" ≠ "fast"). */
const COMPARATIVES: ReadonlyMap<string, string> = new Map(
  `fast slow small large cheap high low long short deep wide strong weak easy hard great simple few new old big`.split(' ').flatMap((a) => {
    const stemBase = a.endsWith('e') ? a.slice(0, -1) : a.endsWith('y') ? `${a.slice(0, -1)}i` : /^(?:big)$/.test(a) ? `${a}g` : a;
    return [
      [`${stemBase}er`, a],
      [`${stemBase}est`, a],
    ] as [string, string][];
  }),
);

/**
 * A word's stem, of its American spelling ("behaviour" → behavior). Three-letter words are stemmed too, so they
 * meet their inflections ("key"/"keys" → kei, "use"/"uses"/"using" → us), except those ending in "s", which Porter
 * would clip ("gas" → ga); acronyms keep their letters ("VAE", "MoE", "LLM").
 */
function stem(word: string): string {
  if (word.length < 3 || (word.length === 3 && word.endsWith('s')) || !/^[a-z]+$/.test(word)) return word;
  const american = americanSpelling(word);
  return stemmer(COMPARATIVES.get(american) ?? american);
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

/** What the analyzer knows of one distinct word: its terms, and its folded form when it is a plain word. */
export interface WordEntry {
  readonly terms: string[];
  /** Folded form of a plain word (letters only, 4+ characters, not a stop word): what typo correction searches. */
  readonly plain: string | undefined;
}

// Word frequencies are Zipfian: a bounded cache of analysed words makes analysing questions and excerpts
// cheap. It is generational: when the young map fills, it becomes the old one and a fresh young map starts; a
// word found in the old map moves back to the young. Frequent words stay cached; a full clear would
// re-analyse them all. (Indexing a corpus uses a `WordTable` of its own instead.)
const CACHE_LIMIT = 50_000;
let young = new Map<string, WordEntry>();
let old = new Map<string, WordEntry>();

function entryOf(word: string): WordEntry {
  let e = young.get(word);
  if (e !== undefined) return e;
  e = old.get(word) ?? analyseWord(word);
  if (young.size >= CACHE_LIMIT) {
    old = young;
    young = new Map();
  }
  young.set(word, e);
  return e;
}

function analyseWord(word: string): WordEntry {
  const terms = computeTerms(word);
  const folded = terms.length === 1 && word.length >= 4 ? fold(word) : '';
  return { terms, plain: /^[a-z]{4,}$/.test(folded) ? folded : undefined };
}

/**
 * Greek letters written as LaTeX commands keep their name ("$\lambda$" matches "lambda"); every other command
 * is markup or a symbol ("\textbf", "\times", "\sim") and yields no term, as "×" or "∼" typed as Unicode
 * yield none. Only matching changes: the text keeps its LaTeX.
 */
const GREEK = new Set(
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega'.split(' '),
);

function latexTerms(word: string): string[] {
  const m = /^\\([A-Za-z]+)(.*)$/s.exec(word)!;
  const name = m[1]!.toLowerCase().replace(/^var(?=epsilon|theta|phi|pi|rho|sigma)/, '');
  const rest = m[2]!.replace(/^[-_/.'’]+/, ''); // "\ell_1": the command, then an ordinary word
  return [...(GREEK.has(name) ? [name] : []), ...(rest === '' ? [] : computeTerms(rest))];
}

function computeTerms(word: string): string[] {
  if (word.charCodeAt(0) === BACKSLASH) return latexTerms(word);
  // Most words are plain ASCII letters: folding is lower-casing, and there is nothing to split.
  if (ASCII_LETTERS.test(word)) {
    const lower = word.toLowerCase();
    return isStop(lower) ? [] : [stem(lower)];
  }
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
  const re = new RegExp(WORD);
  for (let m = re.exec(text); m !== null; m = re.exec(text)) for (const t of entryOf(m[0]).terms) out.push(t);
  return out;
}

// Character classes for `WordTable`: 0 not yet known, 1 letter or digit, 2 other, 3 connector (see WORD).
const WORD_CHAR = 1;
const CONNECTOR_CHAR = 3;
const SURROGATE = 4;
const charKinds = new Uint8Array(65536);
for (let c = 0; c < 128; c++) charKinds[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? WORD_CHAR : 2;
for (const c of "-_/.'’") charKinds[c.charCodeAt(0)] = CONNECTOR_CHAR;
for (let c = 0xd800; c <= 0xdfff; c++) charKinds[c] = SURROGATE;
const ONE_WORD_CHAR = /^[\p{L}\p{N}]$/u;

function charKind(c: number): number {
  let k = charKinds[c]!;
  if (k === 0) k = charKinds[c] = ONE_WORD_CHAR.test(String.fromCharCode(c)) ? WORD_CHAR : 2;
  return k;
}

/**
 * The distinct words of a corpus, each analysed once: the indexing hot path. It finds the same words as
 * `tokenize`, scanning char codes and looking each word up in an open-addressing hash table of its own, so a
 * word seen before costs no string, no regex match and no Map lookup (at 100k+ papers those were most of the
 * indexing time). Words are numbered in order of first appearance; an indexer can keep per-word data in
 * arrays by that number. Unbounded: it lives as long as one index build.
 */
export class WordTable {
  private readonly entries: WordEntry[] = [];
  // Open addressing, at most half full: slot k holds a word's number + 1 (0: empty) at 2k and its hash at 2k+1,
  // so a probe reads one cache line.
  private slots = new Int32Array(2 << 12);
  private mask = (1 << 12) - 1;
  // Every word's characters back to back: word w is chars[starts[w], starts[w + 1]).
  private chars = new Uint16Array(1 << 16);
  private starts = new Int32Array(1024);

  /** Number of distinct words seen. */
  get size(): number {
    return this.entries.length;
  }

  /** The analysis of word number `id`. */
  entry(id: number): WordEntry {
    return this.entries[id]!;
  }

  /** Stream the numbers of a text's words, in order (stop words included: their entries have no terms). */
  read(text: string, onWord: (id: number) => void): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c0 = text.charCodeAt(i);
      const k0 = c0 < 128 ? charKinds[c0]! : charKind(c0);
      if (k0 !== WORD_CHAR) {
        if (k0 === SURROGATE) {
          this.readSlowly(text, i, onWord);
          return;
        }
        i++;
        continue;
      }
      // A LaTeX command: the backslash before an ASCII letter is part of the word (see WORD).
      const command = i > 0 && text.charCodeAt(i - 1) === BACKSLASH && (c0 | 32) >= 97 && (c0 | 32) <= 122;
      const start = command ? i - 1 : i;
      let h = command ? Math.imul(FNV_OFFSET ^ BACKSLASH, FNV_PRIME) : FNV_OFFSET;
      for (;;) {
        for (; i < n; i++) {
          const c = text.charCodeAt(i);
          const k = c < 128 ? charKinds[c]! : charKind(c);
          if (k !== WORD_CHAR) {
            if (k === SURROGATE) {
              this.readSlowly(text, start, onWord);
              return;
            }
            break;
          }
          h = Math.imul(h ^ c, FNV_PRIME);
        }
        // A connector joins the next run of letters and digits to the word ("Llama-2-7B", "3.1").
        if (i + 1 < n && charKinds[text.charCodeAt(i)] === CONNECTOR_CHAR) {
          const c1 = text.charCodeAt(i + 1);
          const k1 = c1 < 128 ? charKinds[c1]! : charKind(c1);
          if (k1 === WORD_CHAR) {
            h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
            i++;
            continue;
          }
          if (k1 === SURROGATE) {
            this.readSlowly(text, start, onWord);
            return;
          }
        }
        break;
      }
      onWord(this.find(text, start, i, h));
    }
  }

  /** From `from` on, with the regex (texts with astral characters, which the scanner leaves to it). */
  private readSlowly(text: string, from: number, onWord: (id: number) => void): void {
    const re = new RegExp(WORD);
    re.lastIndex = from;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const word = m[0];
      onWord(this.find(word, 0, word.length, hashString(word)));
    }
  }

  /** The number of the word text[start, end) with hash h, adding it when new. */
  private find(text: string, start: number, end: number, h: number): number {
    const { slots, chars, starts } = this;
    const length = end - start;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = slots[2 * slot]!;
      if (stored === 0) return this.add(text, start, end, h, slot);
      if (slots[2 * slot + 1] === h) {
        const from = starts[stored - 1]!;
        if (starts[stored]! - from === length) {
          let j = 0;
          while (j < length && chars[from + j] === text.charCodeAt(start + j)) j++;
          if (j === length) return stored - 1;
        }
      }
    }
  }

  private add(text: string, start: number, end: number, h: number, slot: number): number {
    const id = this.entries.length;
    this.entries.push(analyseWord(text.slice(start, end)));
    if (id + 2 > this.starts.length) this.starts = grow(this.starts);
    const from = this.starts[id]!;
    if (from + end - start > this.chars.length) this.chars = grow(this.chars, Math.max(this.chars.length * 2, from + end - start));
    for (let j = start; j < end; j++) this.chars[from + j - start] = text.charCodeAt(j);
    this.starts[id + 1] = from + end - start;
    this.slots[2 * slot] = id + 1;
    this.slots[2 * slot + 1] = h;
    if (2 * (id + 1) > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    this.mask = this.mask * 2 + 1;
    this.slots = new Int32Array(2 * (this.mask + 1));
    for (let k = 0; k < old.length; k += 2) {
      if (old[k] === 0) continue;
      let slot = old[k + 1]! & this.mask;
      while (this.slots[2 * slot] !== 0) slot = (slot + 1) & this.mask;
      this.slots[2 * slot] = old[k]!;
      this.slots[2 * slot + 1] = old[k + 1]!;
    }
  }
}
