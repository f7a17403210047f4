/**
 * The typo vocabulary: plain corpus words and the index terms they stem to, searched within an edit distance
 * to correct a misspelt question word; and the terms found in titles and names, which may be names rather
 * than typos. Owns the `vocabulary` section of the snapshot. Both are compact tables over the section's own
 * texts (`word-table.ts`): a sorted word table instead of a radix tree, a hashed line index instead of a `Set`.
 * Equally close, equally common words are tried in the order the radix tree this replaced met them
 * (`radixRanks`), so every correction is the one it gave.
 */
import { Lazy } from './lazy.js';
import { type IndexSnapshot, SectionReader, type SnapshotSection } from './snapshot.js';
import { radixRanks, SortedWords, StringIndex } from './word-table.js';

/** The plain words, sorted, with each one's index term and place in radix order. */
interface FuzzyWords {
  words: SortedWords;
  /** Per sorted word: its line in `words` (and so in `terms`). */
  line: Uint32Array;
  /** Per sorted word: its place in the radix tree's order. */
  rank: Uint32Array;
  /** Where each line of `terms` starts (one more entry: the end). */
  termStarts: Uint32Array;
}

export class TypoVocabulary {
  /** Plain corpus words (folded, unstemmed) → their index term. */
  private readonly fuzzy = new Lazy(() => this.fuzzySteps());
  /** Terms in some title or name (see `inTitles`). */
  private readonly titleTermSet = new Lazy(() => this.titleTermsSteps());

  constructor(
    /** The plain words, one a line. */
    private readonly words: string,
    /** The term of each word, on the same line. */
    private readonly terms: string,
    /** Terms in some title or name, one a line. */
    private readonly titleTerms: string,
    /** How many papers contain a term (ties between equally close words go to the commonest). */
    private readonly docFrequency: (term: string) => number,
  ) {}

  /** From the indexer's word → term map and title terms. */
  static of(words: ReadonlyMap<string, string>, titleTerms: Iterable<string>, docFrequency: (term: string) => number): TypoVocabulary {
    return new TypoVocabulary([...words.keys()].join('\n'), [...words.values()].join('\n'), [...titleTerms].join('\n'), docFrequency);
  }

  /** This part's section of a snapshot. */
  toSection(): SnapshotSection {
    return { words: this.words, terms: this.terms, titleTerms: this.titleTerms };
  }

  /** Restore from a snapshot's `vocabulary` section. */
  static fromSnapshot(snapshot: IndexSnapshot, docFrequency: (term: string) => number): TypoVocabulary {
    const s = new SectionReader(snapshot, 'vocabulary');
    return new TypoVocabulary(s.text('words'), s.text('terms'), s.text('titleTerms'), docFrequency);
  }

  /** Whether a term occurs in some paper's title or names (so it may be a name, not a typo). */
  inTitles(term: string): boolean {
    return this.titleTermSet.get().find(term) >= 0;
  }

  /**
   * The corpus word closest to a (misspelt) folded word, within `maxDistance` edits (Levenshtein, and a swap of
   * two neighbouring letters counted as one edit, as Damerau's distance does), as its index term;
   * the most frequent wins among equally close ones. Undefined when none is that close.
   */
  closestTerm(word: string, maxDistance: number, minDf = 0): string | undefined {
    const k = this.closest(word, maxDistance, minDf);
    return k === undefined ? undefined : this.termOf(this.fuzzy.get(), k);
  }

  /** The corpus word itself (folded, unstemmed) that `closestTerm` would stem: "inferance" → "inference". */
  closestWord(word: string, maxDistance: number, minDf = 0): string | undefined {
    const k = this.closest(word, maxDistance, minDf);
    return k === undefined ? undefined : this.fuzzy.get().words.word(k);
  }

  /** The sorted plain word closest to `word` (see `closestTerm`). */
  private closest(word: string, maxDistance: number, minDf: number): number | undefined {
    let best: { k: number; distance: number; df: number } | undefined;
    const fuzzy = this.fuzzy.get();
    const consider = (k: number, distance: number) => {
      const df = this.docFrequency(this.termOf(fuzzy, k));
      if (df < minDf) return;
      if (!best || distance < best.distance || (distance === best.distance && df > best.df)) best = { k, distance, df };
    };
    const near: [number, number][] = [];
    fuzzy.words.within(word, maxDistance, (k, distance) => near.push([k, distance]));
    near.sort((a, b) => fuzzy.rank[a[0]]! - fuzzy.rank[b[0]]!);
    for (const [k, distance] of near) consider(k, distance);
    // Swapped neighbours ("cahce", "gaurd") are one slip of the fingers but two Levenshtein edits: Damerau
    // distance counts them as one, so each of the word's transpositions is looked up exactly.
    for (let i = 0; maxDistance >= 1 && i + 1 < word.length; i++) {
      if (word[i] === word[i + 1]) continue;
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      const k = fuzzy.words.find(swapped);
      if (k >= 0) consider(k, 1);
    }
    return (best as { k: number } | undefined)?.k;
  }

  /** Build the title-term set in steps, unless a request already needed it. */
  prepareTitleTermsSteps(): Generator<void, void> {
    return this.titleTermSet.prepare();
  }

  /** Build the fuzzy map in steps, unless a request already needed it. */
  prepareFuzzySteps(): Generator<void, void> {
    return this.fuzzy.prepare();
  }

  /** The index term of sorted word k. */
  private termOf(fuzzy: FuzzyWords, k: number): string {
    const line = fuzzy.line[k]!;
    return this.terms.slice(fuzzy.termStarts[line]!, fuzzy.termStarts[line + 1]! - 1);
  }

  // biome-ignore lint/correctness/useYield: built in one go (about 20 ms at 136k papers), a step like the others
  private *titleTermsSteps(): Generator<void, StringIndex> {
    return StringIndex.ofLines(this.titleTerms);
  }

  private *fuzzySteps(): Generator<void, FuzzyWords> {
    const list = this.words === '' ? [] : this.words.split('\n');
    yield;
    const { table: words, from: line } = SortedWords.of(list);
    yield;
    const rank = radixRanks(words, line); // the radix tree was filled line by line
    yield;
    const termStarts = new Uint32Array(list.length + 1);
    let at = 0;
    for (let i = 0; i < list.length; i++) {
      const end = this.terms.indexOf('\n', at);
      at = end < 0 ? this.terms.length + 1 : end + 1;
      termStarts[i + 1] = at;
    }
    return { words, line, rank, termStarts };
  }
}
