/**
 * The typo vocabulary: plain corpus words and the index terms they stem to, searched within an edit distance
 * to correct a misspelt question word; and the terms found in titles and names, which may be names rather
 * than typos. Owns the `vocabulary` section of the snapshot. Its fuzzy map (a radix tree) comes from
 * `title-lookup.ts`, so that the search library is imported in one file only.
 */
import { eachLine, Lazy } from './lazy.js';
import { type IndexSnapshot, SectionReader, type SnapshotSection } from './snapshot.js';
import { FuzzyWordMap } from './title-lookup.js';

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
    return this.titleTermSet.get().has(term);
  }

  /**
   * The corpus word closest to a (misspelt) folded word, within `maxDistance` edits (Levenshtein, and a swap of
   * two neighbouring letters counted as one edit, as Damerau's distance does), as its index term;
   * the most frequent wins among equally close ones. Undefined when none is that close.
   */
  closestTerm(word: string, maxDistance: number, minDf = 0): string | undefined {
    let best: { term: string; distance: number; df: number } | undefined;
    const consider = (term: string, distance: number) => {
      const df = this.docFrequency(term);
      if (df < minDf) return;
      if (!best || distance < best.distance || (distance === best.distance && df > best.df)) best = { term, distance, df };
    };
    const map = this.fuzzy.get();
    for (const [, [term, distance]] of map.fuzzyGet(word, maxDistance)) consider(term, distance);
    // Swapped neighbours ("cahce", "gaurd") are one slip of the fingers but two Levenshtein edits: Damerau
    // distance counts them as one, so each of the word's transpositions is looked up exactly.
    for (let i = 0; i + 1 < word.length; i++) {
      if (word[i] === word[i + 1]) continue;
      const swapped = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
      const term = map.get(swapped);
      if (term !== undefined) consider(term, 1);
    }
    return (best as { term: string } | undefined)?.term;
  }

  /** Build the title-term set in steps, unless a request already needed it. */
  prepareTitleTermsSteps(): Generator<void, void> {
    return this.titleTermSet.prepare();
  }

  /** Build the fuzzy map in steps, unless a request already needed it. */
  prepareFuzzySteps(): Generator<void, void> {
    return this.fuzzy.prepare();
  }

  private *titleTermsSteps(): Generator<void, Set<string>> {
    const set = new Set<string>();
    yield* eachLine(this.titleTerms, (term) => set.add(term));
    return set;
  }

  private *fuzzySteps(): Generator<void, FuzzyWordMap<string>> {
    const { words, terms } = this;
    const map = new FuzzyWordMap<string>();
    let at = 0; // the term of each word is on the same line of `terms`
    yield* eachLine(
      words,
      (word) => {
        let end = terms.indexOf('\n', at);
        if (end < 0) end = terms.length;
        map.set(word, terms.slice(at, end));
        at = end + 1;
      },
      4_000,
    ); // a radix-tree insert costs more than a Map's
    return map;
  }
}
