/**
 * The parameters of the lexical score (BM25F over names, title and abstract), fitted data:
 * `data/bm25-parameters.json`, written with its provenance by `npm run fit:bm25` (test/eval/fit-bm25.ts). BM25's k1
 * and b are applied when an index is loaded (the length norms); the field weights are what an index is built with.
 */
import data from '../../data/bm25-parameters.json' with { type: 'json' };

/** BM25 parameters: k1, the term-frequency saturation; b, the length normalisation (0 none, 1 full). */
export interface Bm25Parameters {
  readonly k1: number;
  readonly b: number;
}

/** How much a match in each field counts, relative to the abstract (BM25F field weights). */
export interface FieldBoosts {
  readonly names: number;
  readonly title: number;
  readonly abstract: number;
}

/** The lexical score's parameters. */
export interface LexicalParameters {
  bm25: Bm25Parameters;
  fields: FieldBoosts;
}

/**
 * Check a parameters object: k1 > 0, b in [0, 1], field weights ≥ 0 in steps of 0.25 (an index keeps frequencies
 * in quarters, so those are exact), the abstract's 1 (the scale).
 */
export function parseLexicalParameters(value: unknown, where = 'BM25 parameters'): LexicalParameters {
  const obj = (value ?? {}) as Record<string, unknown>;
  const num = (v: unknown, name: string, ok: (x: number) => boolean, rule: string) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) throw new Error(`${where}: "${name}" must be ${rule}`);
    return v;
  };
  const k1 = num(obj.k1, 'k1', (x) => x > 0, 'a number above 0');
  const b = num(obj.b, 'b', (x) => x >= 0 && x <= 1, 'a number from 0 to 1');
  const f = obj.fields as Record<string, unknown> | undefined;
  if (typeof f !== 'object' || f === null) throw new Error(`${where}: "fields" must be an object`);
  const weight = (name: string) =>
    num(f[name], `fields.${name}`, (x) => x >= 0 && Number.isInteger(x * 4), 'a number ≥ 0 in steps of 0.25');
  const fields = { names: weight('names'), title: weight('title'), abstract: weight('abstract') };
  if (fields.abstract !== 1) throw new Error(`${where}: "fields.abstract" must be 1 (the other weights are relative to it)`);
  return { bm25: { k1, b }, fields };
}

/** The parameters answering and indexing use: fitted by `npm run fit:bm25` (see the file's `provenance`). */
export const LEXICAL: LexicalParameters = parseLexicalParameters(data, 'data/bm25-parameters.json');
