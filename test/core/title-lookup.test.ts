/**
 * Title lookup and typo correction over compact tables must answer exactly as the MiniSearch index and radix
 * tree they replaced (issue 14: 234 MB of heap at 136k papers for the title index alone). The references here are
 * those structures, set up as src/ set them up before: every lookup returns the same papers in the same order,
 * every typo the same correction, ties included.
 */
import fc from 'fast-check';
import MiniSearch from 'minisearch';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { fold } from '../../src/retrieval/analyzer.js';
import { TitleLookup, type TitleSource } from '../../src/retrieval/title-lookup.js';
import { TypoVocabulary } from '../../src/retrieval/vocabulary.js';
import { radixRanks, SortedWords, StringIndex } from '../../src/retrieval/word-table.js';

const tokenize = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}.]+/u)
    .map((t) => t.replace(/^\.+|\.+$/g, ''))
    .filter((t) => t !== '');

/** The title lookup as it was: MiniSearch with these options. */
function miniSearchLookup(papers: TitleSource): (query: string, limit: number) => number[] {
  const mini = new MiniSearch<{ id: number }>({
    idField: 'id',
    fields: ['names', 'title', 'paperId'],
    storeFields: [],
    extractField: (doc, field) => {
      if (field === 'id') return doc.id;
      if (field === 'title') return papers.titles.at(doc.id);
      if (field === 'paperId') return papers.ids.at(doc.id);
      return papers.namesOf(doc.id);
    },
    tokenize,
    processTerm: (t) => t,
  });
  for (let i = 0; i < papers.ids.length; i++) mini.add({ id: i });
  return (query, limit) =>
    mini
      .search(fold(query), {
        prefix: true,
        fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
        combineWith: 'AND',
        boost: { names: 3, paperId: 3, title: 1 },
      })
      .slice(0, limit)
      .map((r) => r.id as number);
}

function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), row[j]! + 1, next[j - 1]! + 1);
    row = next;
  }
  return row[b.length]!;
}

// Few letters, so words share prefixes and fall within an edit of each other, and scores tie often.
const letters = fc.constantFrom('a', 'c', 'e', 'h', 'l', 'm', 'n', 'é', '2', '.');
const word = fc.string({ unit: letters, minLength: 1, maxLength: 9 });
const words = fc.array(word, { minLength: 1, maxLength: 7 });
const corpus = fc.array(fc.record({ title: words, names: fc.array(word, { maxLength: 2 }), id: word }), { minLength: 1, maxLength: 40 });

function sourceOf(papers: { title: string[]; names: string[]; id: string }[]): TitleSource {
  return {
    ids: papers.map((p, i) => `${p.id}${i}`),
    titles: papers.map((p) => p.title.join(' ')),
    namesOf: (doc) => papers[doc]!.names.join(' ; '),
  };
}

describe('title lookup', () => {
  it('returns the papers MiniSearch returned, in its order, for any titles, names, ids and query', () => {
    fc.assert(
      fc.property(
        corpus,
        fc.array(
          fc.oneof(
            words.map((w) => w.join(' ')),
            word,
          ),
          { minLength: 1, maxLength: 8 },
        ),
        (papers, queries) => {
          const source = sourceOf(papers);
          const reference = miniSearchLookup(source);
          const lookup = new TitleLookup(source);
          for (const q of queries) expect(lookup.lookup(q, 25)).toEqual(reference(q, 25));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees on real titles: prefixes, typos of five letters and more, ids, names', () => {
    const titles = [
      'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
      'Attention Is All You Need',
      'Llama 2: Open Foundation and Fine-Tuned Chat Models',
      'LLaMA: Open and Efficient Foundation Language Models',
      'FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness',
      'Quantizing the key-value cache of large language models',
      'Cache me if you can: compressing attention caches',
      'Me LLaMA: Foundation Large Language Models for Medical Applications',
    ];
    const source: TitleSource = {
      ids: titles.map((_, i) => `2402.0275${i}`),
      titles,
      namesOf: (doc) => (titles[doc]!.includes(':') ? titles[doc]!.slice(0, titles[doc]!.indexOf(':')) : ''),
    };
    const reference = miniSearchLookup(source);
    const lookup = new TitleLookup(source);
    for (const q of [
      'kivi',
      'llama',
      'llama 2',
      'flash atention',
      'quantizng cache',
      'attention',
      '2402.02751',
      'me llama',
      'cahce',
      'foundation lang',
      'zzz',
      '',
    ])
      expect(lookup.lookup(q, 25), q).toEqual(reference(q, 25));
    expect(lookup.lookup('flash atention', 3)).toEqual([4]);
  });
});

describe('typo vocabulary', () => {
  /** closestTerm as it was, over MiniSearch's radix tree. */
  function radixClosest(list: string[], termOf: (w: string) => string, df: (t: string) => number) {
    const map = new SearchableMap<string>();
    for (const w of list) map.set(w, termOf(w));
    return (w: string, maxDistance: number, minDf = 0) => {
      let best: { term: string; distance: number; df: number } | undefined;
      const consider = (term: string, distance: number) => {
        const f = df(term);
        if (f < minDf) return;
        if (!best || distance < best.distance || (distance === best.distance && f > best.df)) best = { term, distance, df: f };
      };
      for (const [, [term, distance]] of map.fuzzyGet(w, maxDistance)) consider(term, distance);
      for (let i = 0; i + 1 < w.length; i++) {
        if (w[i] === w[i + 1]) continue;
        const term = map.get(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
        if (term !== undefined) consider(term, 1);
      }
      return best?.term;
    };
  }

  it('corrects every word as the radix tree did, ties between equally close and common words included', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 60 }),
        fc.array(word, { maxLength: 10 }),
        fc.integer({ min: 1, max: 3 }),
        (list, typos, maxDistance) => {
          // Few distinct document frequencies, so ties are common; words stem to their first four letters.
          const termOf = (w: string) => w.slice(0, 4);
          const df = (t: string) => t.length % 3;
          const vocabulary = TypoVocabulary.of(new Map(list.map((w) => [w, termOf(w)])), [], df);
          const reference = radixClosest(list, termOf, df);
          for (const w of [...typos, ...list]) {
            expect(vocabulary.closestTerm(w, maxDistance), w).toBe(reference(w, maxDistance));
            expect(vocabulary.closestTerm(w, maxDistance, 1), w).toBe(reference(w, maxDistance, 1));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('corrects "cahce" to cache: a swap of neighbours is one edit', () => {
    const vocabulary = TypoVocabulary.of(
      new Map([
        ['cache', 'cach'],
        ['caches', 'cach'],
        ['ache', 'ach'],
      ]),
      ['llama'],
      (t) => (t === 'cach' ? 50 : 1),
    );
    expect(vocabulary.closestTerm('cahce', 1)).toBe('cach');
    expect(vocabulary.inTitles('llama')).toBe(true);
    expect(vocabulary.inTitles('llam')).toBe(false);
  });
});

describe('word tables', () => {
  it('finds exactly the words within an edit distance, by prefix, and exactly', () => {
    fc.assert(
      fc.property(fc.uniqueArray(word, { minLength: 0, maxLength: 80 }), word, fc.integer({ min: 0, max: 3 }), (list, q, maxDistance) => {
        const { table, from } = SortedWords.of(list);
        const sorted = [...list].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(Array.from({ length: table.size }, (_, k) => table.word(k))).toEqual(sorted);
        expect([...from].map((i) => list[i])).toEqual(sorted);
        const found: [string, number][] = [];
        table.within(q, maxDistance, (k, d) => found.push([table.word(k), d]));
        const expected = sorted.map((w) => [w, levenshtein(q, w)] as [string, number]).filter(([, d]) => d <= maxDistance);
        expect(found).toEqual(expected);
        const [a, b] = table.prefixRange(q);
        expect(sorted.slice(a, b)).toEqual(sorted.filter((w) => w.startsWith(q)));
        expect(table.find(q)).toBe(sorted.indexOf(q));
      }),
      { numRuns: 500 },
    );
  });

  it('finds strings of a list and lines of a text, the last of duplicates', () => {
    const index = StringIndex.of(['a', 'b', 'a', '']);
    expect([index.find('a'), index.find('b'), index.find(''), index.find('c')]).toEqual([2, 1, 3, -1]);
    const lines = StringIndex.ofLines('kv\ncache\n\nkv cache');
    expect([lines.find('kv'), lines.find('cache'), lines.find(''), lines.find('kv cache'), lines.find('cach')]).toEqual([0, 1, 2, 3, -1]);
    expect(StringIndex.ofLines('').find('')).toBe(-1);
  });

  it('ranks words in the order the radix tree lists them, for any words inserted in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(word, fc.constant('')), { minLength: 0, maxLength: 80 }), (keys) => {
        const tree = new SearchableMap<number>();
        for (const [i, k] of keys.entries()) tree.set(k, i);
        const { table, from } = SortedWords.of(keys);
        const rank = radixRanks(table, from);
        const byRank = Array.from({ length: table.size }, (_, k) => k)
          .sort((a, b) => rank[a]! - rank[b]!)
          .map((k) => table.word(k));
        expect(byRank).toEqual([...tree.keys()].reverse());
        const q = keys[0] ?? 'ac';
        const near = tree.fuzzyGet(q, 2);
        expect(byRank.filter((k) => near.has(k))).toEqual([...near.keys()]);
      }),
      { numRuns: 1000 },
    );
  });
});
