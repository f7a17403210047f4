import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FacetSource, nameMatches, nameWords, PaperFacets } from '../../src/retrieval/facets.js';
import { runSteps } from '../../src/retrieval/lazy.js';
import type { IndexSnapshot } from '../../src/retrieval/snapshot.js';

/**
 * The author lookups as they were computed before the compact tables: a `Map` from surname to author ids, a
 * sorted array of (word, id) pairs walked from a binary search. The tables must give the same ids in the same order.
 */
function reference(papers: readonly FacetSource[]) {
  const key = new Map<string, number>();
  const names: string[] = [];
  const papersOf: Set<number>[] = [];
  papers.forEach((p, d) => {
    for (const name of p.authors) {
      const k = nameWords(name).join(' ');
      if (k === '') continue;
      let id = key.get(k);
      if (id === undefined) {
        id = names.length;
        key.set(k, id);
        names.push(name.replace(/\s+/g, ' ').trim());
        papersOf.push(new Set());
      }
      papersOf[id]!.add(d);
    }
  });
  const count = (id: number) => papersOf[id]!.size;
  const order = (ids: number[]) => ids.sort((a, b) => count(b) - count(a) || a - b);
  const bySurname = new Map<string, number[]>();
  names.forEach((n, id) => {
    const w = nameWords(n);
    const last = w[w.length - 1]!;
    bySurname.set(last, [...(bySurname.get(last) ?? []), id]);
  });
  const pairs = names.flatMap((n, id) => [...new Set(nameWords(n))].map((w) => ({ w, id })));
  pairs.sort((a, b) => (a.w < b.w ? -1 : a.w > b.w ? 1 : a.id - b.id));
  return {
    authorIds(typed: string): number[] {
      const words = nameWords(typed);
      if (words.length === 0) return [];
      return order((bySurname.get(words[words.length - 1]!) ?? []).filter((id) => nameMatches(words, nameWords(names[id]!))));
    },
    authorsByPrefix(typed: string, limit: number): { name: string; papers: number }[] {
      const words = nameWords(typed);
      let ids: number[];
      if (words.length === 0) ids = names.map((_, i) => i);
      else {
        const last = words[words.length - 1]!;
        const found = new Set(pairs.filter((p) => p.w.startsWith(last)).map((p) => p.id));
        const given = words.slice(0, -1);
        ids = [...found].filter((id) => {
          const theirs = nameWords(names[id]!);
          let j = 0;
          for (const g of given) {
            while (
              j < theirs.length - 1 &&
              !(g === theirs[j] || (g.length === 1 ? theirs[j]!.startsWith(g) : theirs[j]!.length === 1 && g.startsWith(theirs[j]!)))
            )
              j++;
            if (j >= theirs.length - 1) return false;
            j++;
          }
          return theirs.slice(j).some((w) => w.startsWith(last));
        });
      }
      return order(ids)
        .slice(0, limit)
        .map((id) => ({ name: names[id]!, papers: count(id) }));
    },
  };
}

const given = fc.constantFrom('Tri', 'T.', 'Trí', 'Jean-Baptiste', 'J.', 'Ana', 'Ann', 'A', 'Zoë', 'Li', 'Ł.', 'van');
const surname = fc.constantFrom('Dao', 'Dào', 'Li', 'Lin', 'Linden', 'Smith', 'Smíth', 'Müller', 'Muller', 'Ng', 'Łukasz', 'D');
const name = fc.tuple(fc.array(given, { maxLength: 2 }), surname).map(([g, s]) => [...g, s].join(' '));
const papers = fc.array(fc.record({ authors: fc.array(name, { maxLength: 4 }), year: fc.constant(null) }), { minLength: 1, maxLength: 25 });
/** What a user types: a name or part of one, a prefix of a word, an initial, other case. */
const typed = fc.oneof(
  name,
  surname,
  fc.tuple(name, fc.nat(8)).map(([n, k]) => n.slice(0, Math.max(1, n.length - k))),
  fc.tuple(given, surname).map(([g, s]) => `${g.toLowerCase()} ${s.slice(0, 2)}`),
  fc.constantFrom('', 'd', 'xyz', 'dao li'),
);

describe('paper facets: author tables', () => {
  it('find the same authors, in the same order, as a Map per surname and a sorted array of name words did', () => {
    fc.assert(
      fc.property(papers, fc.array(typed, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 10 }), (ps, queries, limit) => {
        const built = runSteps(PaperFacets.buildSteps(ps));
        const restored = PaperFacets.fromSnapshot({
          format: 0,
          papers: ps.length,
          sections: { facets: built.toSection() },
        } as IndexSnapshot);
        const ref = reference(ps);
        for (const facets of [built, restored]) {
          for (const q of queries) {
            expect(facets.authorIds(q)).toEqual(ref.authorIds(q));
            expect(facets.authorsByPrefix(q, limit)).toEqual(ref.authorsByPrefix(q, limit));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('match across case, diacritics and initials, most papers first', () => {
    const facets = runSteps(
      PaperFacets.buildSteps([
        { authors: ['Tri Dao', 'Albert Gu'], year: 2023 },
        { authors: ['Trí Dào'], year: 2024 },
        { authors: ['Tom Dao'], year: 2024 },
      ]),
    );
    expect(facets.authorIds('T. Dao').map((id) => facets.authorName(id))).toEqual(['Tri Dao', 'Tom Dao']);
    expect(facets.authorsByPrefix('da', 5)).toEqual([
      { name: 'Tri Dao', papers: 2 },
      { name: 'Tom Dao', papers: 1 },
    ]);
    expect(facets.authorIds('Nobody')).toEqual([]);
  });
});
