/**
 * Compact tables of words, one string and a few typed arrays each instead of a `Map`, `Set` or radix tree of
 * objects (at 136k papers those cost 300+ MB of heap; these cost a few MB): a sorted table searched exactly, by
 * prefix and within an edit distance, and a hashed index of strings (the lines of a text, or a list).
 */
import type { Strings } from '../corpus/string-list.js';
import { FNV_OFFSET, FNV_PRIME } from './hash-table.js';

/**
 * Distinct words in code-unit order (as `<` compares strings), searched exactly, by prefix, or within a
 * Levenshtein distance. Word k is `text.slice(starts[k], starts[k + 1])`.
 */
export class SortedWords {
  readonly size: number;

  private constructor(
    private readonly text: string,
    private readonly starts: Uint32Array,
  ) {
    this.size = starts.length - 1;
  }

  /**
   * The table of distinct `words`, and where each sorted word was in `words`: `from[k]` is the index in `words`
   * of word k.
   */
  static of(words: readonly string[]): { table: SortedWords; from: Uint32Array } {
    const order = Array.from({ length: words.length }, (_, i) => i).sort((a, b) => {
      const x = words[a]!;
      const y = words[b]!;
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const starts = new Uint32Array(order.length + 1);
    for (let k = 0; k < order.length; k++) starts[k + 1] = starts[k]! + words[order[k]!]!.length;
    return { table: new SortedWords(order.map((i) => words[i]).join(''), starts), from: Uint32Array.from(order) };
  }

  /** The table of words already distinct and in code-unit order (as the default `sort` leaves them; not checked). */
  static ofSorted(words: readonly string[]): SortedWords {
    const starts = new Uint32Array(words.length + 1);
    for (let k = 0; k < words.length; k++) starts[k + 1] = starts[k]! + words[k]!.length;
    return new SortedWords(words.join(''), starts);
  }

  /** Word k. */
  word(k: number): string {
    return this.text.slice(this.starts[k]!, this.starts[k + 1]!);
  }

  /** Length of word k. */
  lengthOf(k: number): number {
    return this.starts[k + 1]! - this.starts[k]!;
  }

  /** The code unit at index i of word k (NaN past its end). */
  codeAt(k: number, i: number): number {
    const s = this.starts[k]!;
    return i < this.starts[k + 1]! - s ? this.text.charCodeAt(s + i) : Number.NaN;
  }

  /** Length of the common prefix of words j and k. */
  commonPrefix(j: number, k: number): number {
    const a = this.starts[j]!;
    const b = this.starts[k]!;
    const m = Math.min(this.lengthOf(j), this.lengthOf(k));
    let i = 0;
    while (i < m && this.text.charCodeAt(a + i) === this.text.charCodeAt(b + i)) i++;
    return i;
  }

  /** The position of exactly this word, or -1. */
  find(word: string): number {
    const k = this.lowerBound(word);
    return k < this.size && this.compare(word, k) === 0 ? k : -1;
  }

  /** The positions [from, to) of the words that start with `prefix` (itself included). */
  prefixRange(prefix: string): [number, number] {
    const from = this.lowerBound(prefix);
    let lo = from;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.hasPrefix(mid, prefix)) lo = mid + 1;
      else hi = mid;
    }
    return [from, lo];
  }

  /**
   * Every word within `maxDistance` Levenshtein edits of `query`, in sorted order, with its distance. Walks the
   * table as a trie: a word reuses the rows of the distance matrix for the prefix it shares with the word before,
   * and a prefix already too far skips every word that starts with it.
   */
  within(query: string, maxDistance: number, onMatch: (k: number, distance: number) => void): void {
    const n = query.length + 1;
    // Row r is the distance of the candidate's first r characters to each prefix of the query, computed only
    // within maxDistance of the diagonal (Ukkonen's band): cells outside it keep maxDistance + 1, a bound that
    // is never too low. Past row n + maxDistance every entry exceeds maxDistance, so no word gets that far.
    const height = n + maxDistance + 1;
    const rows = new Uint16Array(height * n).fill(maxDistance + 1);
    for (let j = 0; j < n; j++) rows[j] = j;
    for (let r = 1; r < height; r++) rows[r * n] = r;
    const { text, starts } = this;
    let valid = 0; // rows 1..valid hold the previous word's first `valid` characters
    let prev = 0;
    for (let k = 0; k < this.size; ) {
      const s = starts[k]!;
      const len = starts[k + 1]! - s;
      let i = 0;
      while (i < valid && i < len && text.charCodeAt(s + i) === text.charCodeAt(prev + i)) i++;
      prev = s;
      let cut = -1;
      for (; i < len; i++) {
        const c = text.charCodeAt(s + i);
        const r = i + 1;
        const row = r * n;
        const above = row - n;
        let least = r <= maxDistance ? r : maxDistance + 1;
        const last = Math.min(n - 1, r + maxDistance);
        for (let j = Math.max(1, r - maxDistance); j <= last; j++) {
          const d = Math.min(rows[above + j - 1]! + (c === query.charCodeAt(j - 1) ? 0 : 1), rows[above + j]! + 1, rows[row + j - 1]! + 1);
          rows[row + j] = d;
          if (d < least) least = d;
        }
        if (least > maxDistance) {
          cut = i;
          break;
        }
      }
      if (cut < 0) {
        valid = len;
        const distance = rows[len * n + n - 1]!;
        if (distance <= maxDistance) onMatch(k, distance);
        k++;
      } else {
        // No word starting with this word's first cut + 1 characters is close enough: skip them all.
        valid = cut;
        k = this.runEnd(k, s, cut + 1);
      }
    }
  }

  /** The first position after k whose word does not start with the `length` characters of text at `at`. */
  private runEnd(k: number, at: number, length: number): number {
    // Galloping first: most runs are short (the prefix is deep), so the end is near.
    let lo = k + 1;
    let step = 1;
    while (lo + step <= this.size && this.sharesPrefix(lo + step - 1, at, length)) {
      lo += step;
      step *= 2;
    }
    let hi = Math.min(this.size, lo + step - 1);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sharesPrefix(mid, at, length)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether word k starts with the `length` characters of text at `at`. */
  private sharesPrefix(k: number, at: number, length: number): boolean {
    const s = this.starts[k]!;
    if (this.starts[k + 1]! - s < length) return false;
    for (let i = 0; i < length; i++) if (this.text.charCodeAt(s + i) !== this.text.charCodeAt(at + i)) return false;
    return true;
  }

  private hasPrefix(k: number, prefix: string): boolean {
    return this.lengthOf(k) >= prefix.length && this.text.startsWith(prefix, this.starts[k]!);
  }

  /** The first position whose word is not less than `word`. */
  private lowerBound(word: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(word, mid) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `word` against word k, in code-unit order: negative, 0 or positive. */
  private compare(word: string, k: number): number {
    const s = this.starts[k]!;
    const len = this.starts[k + 1]! - s;
    const m = Math.min(word.length, len);
    for (let i = 0; i < m; i++) {
      const d = word.charCodeAt(i) - this.text.charCodeAt(s + i);
      if (d !== 0) return d;
    }
    return word.length - len;
  }
}

/**
 * Where each word comes in the order a radix tree of MiniSearch 7 (`SearchableMap`) lists its keys when they were
 * inserted one by one, word k at time `inserted[k]` (distinct times): its fuzzy search meets matches in this
 * order, its iterator in the reverse one. Ties between equally good lookups and corrections follow that order,
 * so it is computed here, without building the tree (a Map per node: 35 MB for 110k words, kept by the process
 * after it is dropped). The tree is the compressed trie of the words; a node's children stand in the order their
 * entries were made: a node's entry in its parent is made when the node comes to be (a word ends there, or two
 * words first part there), except that a node splitting an edge first takes over the child below it; the entry
 * of a word ending at a node is made when the word is inserted.
 */
export function radixRanks(words: SortedWords, inserted: Uint32Array): Uint32Array {
  const rank = new Uint32Array(words.size);
  let next = 0;
  /** The two least insertion times among the child groups of the node at depth d over words [a, b). */
  const leastTwo = (a: number, b: number, d: number): [number, number] => {
    let first = Number.POSITIVE_INFINITY;
    let second = Number.POSITIVE_INFINITY;
    for (let i = a; i < b; ) {
      const c = words.codeAt(i, d);
      let least = inserted[i]!;
      let j = i + 1;
      if (!Number.isNaN(c)) for (; j < b && words.codeAt(j, d) === c; j++) least = Math.min(least, inserted[j]!);
      if (least < first) {
        second = first;
        first = least;
      } else if (least < second) second = least;
      i = j;
    }
    return [first, second];
  };
  /** When the node at depth d over words [a, b) came to be. */
  const madeAt = (a: number, b: number, d: number): number => {
    if (b - a === 1) return inserted[a]!;
    const second = leastTwo(a, b, d)[1];
    return words.lengthOf(a) === d ? Math.min(inserted[a]!, second) : second;
  };
  const visit = (a: number, b: number, d: number, made: number): void => {
    const children: { a: number; b: number; d: number; made: number }[] = [];
    for (let i = a; i < b; ) {
      const c = words.codeAt(i, d);
      let j = i + 1;
      if (Number.isNaN(c))
        children.push({ a: i, b: j, d, made: inserted[i]! }); // the word ending here
      else {
        while (j < b && words.codeAt(j, d) === c) j++;
        const depth = j - i === 1 ? words.lengthOf(i) : words.commonPrefix(i, j - 1);
        children.push({ a: i, b: j, d: depth, made: madeAt(i, j, depth) });
      }
      i = j;
    }
    children.sort((x, y) => Math.max(x.made, made) - Math.max(y.made, made) || x.made - y.made);
    for (const child of children) {
      if (child.b - child.a === 1 && child.d === words.lengthOf(child.a)) rank[child.a] = next++;
      else visit(child.a, child.b, child.d, child.made);
    }
  };
  if (words.size > 0) visit(0, words.size, 0, -1);
  return rank;
}

/**
 * Strings by position, found by value through an open-addressing table of positions (FNV-1a, linear probing):
 * the lines of one text (`ofLines`), or a list (`of`). A duplicate string is found at its last position, as a
 * `Map` filled in order would give.
 */
export class StringIndex {
  private constructor(
    private readonly table: Int32Array,
    private readonly at: (position: number) => string,
    private readonly matches: (position: number, key: string) => boolean,
    /** The whole string (line) at a position. */
    readonly lineAt: (position: number) => string = at,
  ) {}

  /** Positions of the strings of a list (a `StringList`'s compared as bytes where it can: see `StringList.equals`). */
  static of(keys: Strings & { equals?(position: number, key: string): boolean }): StringIndex {
    const index = new StringIndex(
      StringIndex.tableFor(keys.length),
      (p) => keys.at(p)!,
      keys.equals ? (p, key) => keys.equals!(p, key) : (p, key) => keys.at(p) === key,
    );
    for (let p = 0; p < keys.length; p++) {
      const key = keys.at(p)!;
      index.insert(p, hashString(key, 0, key.length), key);
    }
    return index;
  }

  /**
   * Line numbers of a newline-separated text ("" has no lines). With `separator`, a line is found by its key,
   * what comes before its first separator, and a line without a key is left out.
   */
  static ofLines(text: string, separator?: string): StringIndex {
    const starts: number[] = [];
    if (text !== '')
      for (let at = 0; at <= text.length; ) {
        starts.push(at);
        const end = text.indexOf('\n', at);
        at = end < 0 ? text.length + 1 : end + 1;
      }
    const lineStarts = Uint32Array.from(starts);
    const endOf = (p: number) => (p + 1 < lineStarts.length ? lineStarts[p + 1]! - 1 : text.length);
    const keyEnd = (p: number) => {
      if (separator === undefined) return endOf(p);
      const at = text.indexOf(separator, lineStarts[p]!);
      return at > lineStarts[p]! && at < endOf(p) ? at : -1;
    };
    const index = new StringIndex(
      StringIndex.tableFor(lineStarts.length),
      (p) => text.slice(lineStarts[p]!, keyEnd(p)),
      (p, key) => keyEnd(p) - lineStarts[p]! === key.length && text.startsWith(key, lineStarts[p]!),
      (p) => text.slice(lineStarts[p]!, endOf(p)),
    );
    for (let p = 0; p < lineStarts.length; p++) {
      const end = keyEnd(p);
      if (end >= 0) index.insert(p, hashString(text, lineStarts[p]!, end), text.slice(lineStarts[p]!, end));
    }
    return index;
  }

  /** The (last) position of this string, or -1. */
  find(key: string): number {
    const mask = this.table.length - 1;
    for (let slot = hashString(key, 0, key.length) & mask; ; slot = (slot + 1) & mask) {
      const p = this.table[slot]! - 1;
      if (p < 0) return -1;
      if (this.matches(p, key)) return p;
    }
  }

  private insert(position: number, hash: number, key: string): void {
    const mask = this.table.length - 1;
    let slot = hash & mask;
    while (this.table[slot] !== 0 && !this.matches(this.table[slot]! - 1, key)) slot = (slot + 1) & mask;
    this.table[slot] = position + 1;
  }

  private static tableFor(n: number): Int32Array {
    let size = 16;
    while (size < 2 * n) size *= 2;
    return new Int32Array(size);
  }
}

/** FNV-1a over text[from, to) (the same as `hashString` of that slice). */
function hashString(text: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}
