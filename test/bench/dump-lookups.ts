/**
 * Lookups and typo corrections of one corpus, written as JSON lines: to prove that a change to the title index
 * or the typo vocabulary changes no `/paper` lookup, autocomplete or correction (dump-answers.ts does the same
 * for answers). Queries are drawn deterministically from the papers: title prefixes of one and two words, whole
 * titles, words with a letter dropped, doubled or swapped, ids and id prefixes, names; corrections are asked for
 * misspelt title words at distances 1 and 2.
 *
 *   npx tsx test/bench/dump-lookups.ts --corpus /work/bench-data/wt-mem/corpus-136575.jsonl --out /tmp/before.jsonl
 *   (change the code)
 *   npx tsx test/bench/dump-lookups.ts --corpus … --out /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl
 *
 * The library is opened from the corpus's current saved index (--index, default the corpus file +
 * `.citebot-index`) and warmed with `prepare`, as the bot serves it.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { hashFile, loadIndex, openLibrary } from '../../src/index.js';
import { loadBundledTermStats } from './engines.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    index: { type: 'string' },
    out: { type: 'string' },
    /** Every how many papers one is drawn from. */
    every: { type: 'string', default: '97' },
  },
});
if (!values.corpus || !values.out) throw new Error('give --corpus FILE --out FILE');

const indexFile = values.index ?? `${values.corpus}.citebot-index`;
const saved = await loadIndex(indexFile, await hashFile(values.corpus));
if ('miss' in saved) throw new Error(`${indexFile}: saved index not loaded (${saved.miss})`);
const library = openLibrary({ ...saved, termStats: await loadBundledTermStats() });
await library.prepare({ sliceMs: 50 });
// The typo vocabulary is not part of the public API: read through the library's index, as answering does.
const index = (library as unknown as { index: { closestTerm(w: string, d: number, minDf?: number): string | undefined } }).index;

/** A deterministic misspelling of a word: a letter dropped, doubled or two neighbours swapped. */
function misspelt(word: string, n: number): string {
  const i = n % Math.max(1, word.length - 1);
  if (n % 3 === 0) return word.slice(0, i) + word.slice(i + 1);
  if (n % 3 === 1) return word.slice(0, i) + word[i] + word.slice(i);
  return word.slice(0, i) + (word[i + 1] ?? '') + word[i] + word.slice(i + 2);
}

const lines: string[] = [];
const every = Number(values.every);
const t0 = performance.now();
let lookups = 0;
let corrections = 0;
for (let doc = 0; doc < library.size; doc += every) {
  const id = library.papers.ids.at(doc);
  const title = library.papers.titles.at(doc);
  const words = title.split(/\s+/).filter((w) => w !== '');
  const long = words.filter((w) => /^\p{L}{5,}$/u.test(w));
  const queries = [
    words[0]?.slice(0, 3) ?? '',
    words.slice(0, 2).join(' '),
    words.slice(0, 3).join(' ').slice(0, -2),
    title,
    id,
    id.slice(0, 6),
    ...long.slice(0, 2).map((w, n) => misspelt(w.toLowerCase(), doc + n)),
    long.length >= 2 ? `${misspelt(long[0]!.toLowerCase(), doc)} ${long[1]!.slice(0, 4)}` : '',
  ].filter((q) => q !== '');
  for (const q of queries) {
    lines.push(JSON.stringify({ lookup: q, ids: library.lookup(q, 25).map((c) => c.id) }));
    lookups++;
  }
  for (const [n, w] of long.slice(0, 3).entries()) {
    const typo = misspelt(w.toLowerCase(), doc + n);
    for (const d of [1, 2]) {
      lines.push(JSON.stringify({ correct: typo, distance: d, term: index.closestTerm(typo, d) ?? null }));
      corrections++;
    }
  }
}
const seconds = (performance.now() - t0) / 1000;
console.error(`${lookups} lookups and ${corrections} corrections in ${seconds.toFixed(1)} s`);
writeFileSync(values.out, `${lines.join('\n')}\n`);
