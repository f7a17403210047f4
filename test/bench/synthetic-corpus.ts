/**
 * SYNTHETIC corpora for scale benchmarks only: papers whose text is random words drawn to follow the term
 * statistics of the real 136k corpus (`../shared/corpora/ml-abstracts.jsonl.gz`), so that an index over 1M or
 * 2.6M of them has the size, posting-list lengths and vocabulary growth an arXiv-sized index would have. They
 * mean nothing: quality is measured on real data only, never on these.
 *
 *   npx tsx test/bench/synthetic-corpus.ts --papers 1000000 --out /tmp/citebot-bench/synthetic-1000000.jsonl
 *
 * What is fitted on the real corpus (each abstract and title split on spaces, as written):
 * - lengths: each synthetic paper takes the title and abstract word counts of a real paper drawn at random;
 * - words: drawn from the real corpus's word frequencies (titles and abstracts apart);
 * - burstiness: a word repeats an earlier word of the same abstract as often as in the real abstracts;
 * - vocabulary growth: past the real corpus's size, new words (made-up strings) appear at the rate Heaps' law
 *   fitted on the real corpus (vocabulary at half the corpus against the whole) gives, so a corpus 20 times
 *   larger has about 20^β times the terms, not 20 times. (Drawn from the real words alone, a corpus of the real
 *   one's size already has as many terms as it: 470k against 473k.)
 * Deterministic: the same --seed and --papers write the same file. The 33 seed papers come first (so the eval
 * questions still have their papers), then the synthetic ones, ids `syn.NNNNNNN`.
 */
import { createReadStream, createWriteStream, renameSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { DEFAULT_CORPUS } from '../../adapters/shared/corpus.js';
import { analyze, loadCorpusFile, type Paper, serializePaper } from '../../src/index.js';
import { seeded } from '../eval/coordinate-ascent.js';

const REAL_CORPUS = new URL('../../../shared/corpora/ml-abstracts.jsonl.gz', import.meta.url);

/** Words with cumulative counts, drawn by binary search. */
class WordDistribution {
  readonly words: string[];
  private readonly cumulative: Float64Array;

  constructor(counts: ReadonlyMap<string, number>) {
    // Sorted by count, then word: the draw does not depend on the order the real corpus was read in.
    const entries = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    this.words = entries.map(([w]) => w);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, c], i) => {
      sum += c;
      this.cumulative[i] = sum;
    });
  }

  draw(r: number): string {
    const x = r * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! <= x) lo = mid + 1;
      else hi = mid;
    }
    return this.words[lo]!;
  }
}

/** The most frequent words, whose repeats within an abstract are left to chance. */
const COMMON_WORDS = 500;

/** What is fitted on the real corpus. */
export interface CorpusModel {
  titleWords: WordDistribution;
  abstractWords: WordDistribution;
  /** [title words, abstract words] of each real paper. */
  lengths: [number, number][];
  /** Share of abstract words that repeat an earlier content word (not among the commonest) of the same abstract. */
  repeatShare: number;
  /** Distinct index terms of the real corpus, and Heaps' exponent of its vocabulary (half the corpus against all). */
  realTerms: number;
  heapsBeta: number;
  realWords: number;
  common: ReadonlySet<string>;
}

/** Fit the model on the real corpus. */
export async function fitModel(file: URL | string = REAL_CORPUS): Promise<CorpusModel> {
  const title = new Map<string, number>();
  const abstract = new Map<string, number>();
  const all = new Map<string, number>();
  const lengths: [number, number][] = [];
  let repeats = 0;
  let abstractTotal = 0;
  let total = 0;
  let halfVocabulary = 0;
  const records: string[] = [];
  for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })) {
    if (line.trim() !== '') records.push(line);
  }
  const parsed = records.map((line) => {
    const p = JSON.parse(line) as { title: string; abstract: string };
    return [p.title.split(' ').filter((w) => w !== ''), p.abstract.split(' ').filter((w) => w !== '')] as const;
  });
  parsed.forEach(([t, a], n) => {
    if (n === parsed.length >> 1) halfVocabulary = all.size;
    for (const w of [...t, ...a]) all.set(w, (all.get(w) ?? 0) + 1);
  });
  // Function words ("the", "of") repeat within an abstract by chance, drawn independently; a content word
  // repeats because the abstract is about it ("pruning" five times): only those repeats are modelled apart.
  const common = new Set(
    [...all]
      .sort((x, y) => y[1] - x[1])
      .slice(0, COMMON_WORDS)
      .map(([w]) => w),
  );
  for (const [t, a] of parsed) {
    lengths.push([t.length, a.length]);
    for (const w of t) title.set(w, (title.get(w) ?? 0) + 1);
    const seen = new Set<string>();
    for (const w of a) {
      if (!common.has(w) && seen.has(w)) repeats++;
      else abstract.set(w, (abstract.get(w) ?? 0) + 1);
      seen.add(w);
    }
    abstractTotal += a.length;
    total += t.length + a.length;
  }
  // Index terms of the real vocabulary (what the index's term dictionary would hold).
  const terms = new Set<string>();
  for (const w of all.keys()) for (const t of analyze(w)) terms.add(t);
  return {
    titleWords: new WordDistribution(title),
    abstractWords: new WordDistribution(abstract),
    lengths,
    repeatShare: repeats / abstractTotal,
    realTerms: terms.size,
    heapsBeta: Math.log(all.size / halfVocabulary) / Math.log(2),
    realWords: total,
    common,
  };
}

/** A made-up word: letters (and now and then a digit), a few to a dozen long, like a rare name or a typo. */
function madeUpWord(rand: () => number): string {
  const letters = 'abcdefghiklmnoprstuvwyz';
  const n = 4 + Math.floor(rand() * 9);
  let w = '';
  for (let i = 0; i < n; i++) w += rand() < 0.04 ? String(Math.floor(rand() * 10)) : letters[Math.floor(rand() * letters.length)];
  return rand() < 0.15 ? w[0]!.toUpperCase() + w.slice(1) : w;
}

/** Write `count` synthetic papers after the seed papers. */
export async function writeSynthetic(out: string, count: number, seed = 1, model?: CorpusModel): Promise<void> {
  const m = model ?? (await fitModel());
  const rand = seeded(seed); // mulberry32: the same sequence on every run and machine
  const tmp = `${out}.tmp`;
  const stream = createWriteStream(tmp);
  const write = (s: string) => (stream.write(s) ? Promise.resolve() : new Promise<void>((r) => stream.once('drain', () => r())));
  for (const p of await loadCorpusFile(DEFAULT_CORPUS)) await write(`${serializePaper(p)}\n`);
  let words = 0;
  const word = (dist: WordDistribution) => {
    words++;
    // Drawn from the real words alone, the first real-corpus-many words already have the real corpus's terms
    // (measured: 470k against 473k). Past that, Heaps' law V(n) = V0·(n/N0)^β says new terms come at the rate
    // β·(V0/N0)·(n/N0)^(β-1): made-up words supply them.
    const rate = words <= m.realWords ? 0 : m.heapsBeta * (m.realTerms / m.realWords) * (words / m.realWords) ** (m.heapsBeta - 1);
    return rand() < rate ? madeUpWord(rand) : dist.draw(rand());
  };
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const [nt, na] = m.lengths[Math.floor(rand() * m.lengths.length)]!;
    const title: string[] = [];
    for (let k = 0; k < nt; k++) title.push(word(m.titleWords));
    const abstract: string[] = [];
    const content: string[] = [];
    for (let k = 0; k < na; k++) {
      if (content.length > 0 && rand() < m.repeatShare) {
        abstract.push(content[Math.floor(rand() * content.length)]!);
        words++;
      } else {
        const w = word(m.abstractWords);
        abstract.push(w);
        if (!m.common.has(w)) content.push(w);
      }
    }
    const id = `syn.${String(i).padStart(7, '0')}`;
    const paper: Paper = {
      id,
      title: title.join(' '),
      abstract: abstract.join(' '),
      authors: ['Synthetic Author'],
      year: 2000 + (i % 26),
      url: null,
      codeUrl: null,
      source: 'synthetic',
    };
    chunk += `${serializePaper(paper)}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  renameSync(tmp, out);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { papers: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string', default: '1' } },
  });
  if (!values.papers || !values.out) throw new Error('give --papers N --out FILE');
  const t0 = performance.now();
  const model = await fitModel();
  console.error(
    `fitted on ${model.lengths.length} real papers: repeat share ${model.repeatShare.toFixed(3)}, ${model.realTerms} terms, Heaps β ${model.heapsBeta.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  await writeSynthetic(values.out, Number(values.papers), Number(values.seed), model);
  console.error(`wrote ${values.papers} synthetic papers to ${values.out} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
