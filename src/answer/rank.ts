/**
 * Ranking and abstention: candidates from the retriever are ranked in two passes (a weighted sum of features
 * known from the index for all of them, then features of the leaders' text), and the best one decides whether
 * the question is answered at all. The feature weights are data (`data/ranking-weights.json`, written by
 * `npm run fit`); the other constants are in `RANKING`, each with the reason for its value.
 */
import abstention from '../../data/abstention.json' with { type: 'json' };
import weights from '../../data/ranking-weights.json' with { type: 'json' };
import { coverage, type QueryWord } from '../retrieval/query.js';
import type { Candidate } from '../retrieval/retriever.js';
import { LEADER_FEATURES, type LeaderFeatures } from './features.js';
import { numberFields } from './number-fields.js';
import type { Evidence } from './types.js';

/** The first-pass features, known from the index for every candidate. */
export const FIRST_FEATURES = ['lexical', 'coverage', 'corpusCoverage', 'named', 'namedTitle'] as const;
export type FirstFeatures = Record<(typeof FIRST_FEATURES)[number], number>;

/** The weight of each feature in each pass. */
export interface RankingWeights {
  first: FirstFeatures;
  leaders: LeaderFeatures;
}

/** Check that a weights object has a finite number for every feature (and nothing else). */
export function parseWeights(data: unknown, where = 'ranking weights'): RankingWeights {
  return { first: numberFields(data, 'first', FIRST_FEATURES, where), leaders: numberFields(data, 'leaders', LEADER_FEATURES, where) };
}

/** The weights answering uses: fitted by `npm run fit` (see the file's `provenance`). */
export const RANKING_WEIGHTS: RankingWeights = parseWeights(weights, 'data/ranking-weights.json');

/** Weighted sum of features. */
export function dot<K extends string>(features: Readonly<Record<K, number>>, w: Readonly<Record<K, number>>): number {
  let s = 0;
  for (const k in w) s += w[k] * features[k];
  return s;
}

/** The constants of ranking and abstention that are not feature weights (tuned on test/eval/questions.jsonl, checked on heldout.jsonl). */
export const RANKING = {
  // First pass, over all candidates.
  /** Candidates taken from the retriever before reranking. */
  candidates: 100,

  // Second pass, over the leaders.
  /** Leading candidates (at least; `top` when larger) whose passages are scored for the final order. */
  rerank: 10,

  // The answered / abstain decision, on the best paper (its thresholds are fitted: `ABSTENTION`).
  /**
   * Without background statistics, "informative" means rarer than this share of the corpus's papers (one in
   * four), as a BM25 IDF over the corpus itself.
   */
  informativeShare: 0.25,
} as const;

/** The thresholds of the answered / abstain decision (see `confident`). */
export interface AbstentionThresholds {
  /** Least coverage of the question's informative weight for a confident answer. */
  minCoverage: number;
  /** A long question may be answered with less coverage when `minMatchedWeight` of specific weight matched… */
  minPartialCoverage: number;
  /** …of IDF, summed over the matched words. */
  minMatchedWeight: number;
  /** An answer needs at least one matched word at least this informative (background IDF): "model" alone is not evidence. */
  minInformativeWeight: number;
}

const THRESHOLDS = ['minCoverage', 'minPartialCoverage', 'minMatchedWeight', 'minInformativeWeight'] as const;

/** Check that an abstention file has a finite number for every threshold (and nothing else). */
export function parseAbstention(data: unknown, where = 'abstention thresholds'): AbstentionThresholds {
  return numberFields(data, 'thresholds', THRESHOLDS, where, 'fields');
}

/** The thresholds answering uses: fitted by `npm run fit:abstention` (see the file's `provenance`). */
export const ABSTENTION: AbstentionThresholds = parseAbstention(abstention, 'data/abstention.json');

/**
 * Whether evidence makes a confident answer: the question names the paper by its title's name, or a matched word
 * is informative enough and either most of the question is covered or, for a long question, enough specific
 * weight matched. `minInformative` replaces the threshold of that name without background statistics.
 */
export function confident(e: Evidence, t: AbstentionThresholds = ABSTENTION, minInformative: number = t.minInformativeWeight): boolean {
  if (e.namedByTitle) return true;
  return (
    e.informativeWeight >= minInformative &&
    (e.coverage >= t.minCoverage || (e.coverage >= t.minPartialCoverage && e.matchedWeight >= t.minMatchedWeight))
  );
}

/** A candidate after the first pass. */
export interface Ranked {
  hit: Candidate;
  /**
   * Coverage of the question by the terms the paper matched: what answering or abstaining is decided on, with
   * each word's weight before the discount of the language of asking (`QueryWord.informative`).
   */
  ev: ReturnType<typeof coverage>;
  features: FirstFeatures;
  score: number;
}

/**
 * First pass: each candidate's features (lexical score normalised by the best, coverage of the question's
 * informative weight by background and by corpus IDF, whether the question names it, and whether by the coined
 * name its title leads with: `namedByTitle`), weighted; best first, ties in corpus order.
 * @param corpusWeightOf a term's IDF in the indexed corpus (default: `weightOf`)
 * @param byTitle the papers the question names by their title's name (a subset of `named`)
 */
export function firstPass(
  hits: readonly Candidate[],
  words: readonly QueryWord[],
  named: ReadonlySet<number>,
  weightOf: (t: string) => number,
  corpusWeightOf: (t: string) => number = weightOf,
  w: FirstFeatures = RANKING_WEIGHTS.first,
  byTitle: ReadonlySet<number> = new Set(),
): Ranked[] {
  const maxScore = hits[0]!.score;
  // A question without the language of asking is decided on the coverage it is ranked by.
  const full = words.some((w) => w.informative !== undefined) ? words.map((w) => ({ ...w, weight: w.informative ?? w.weight })) : undefined;
  const ranked = hits.map((hit) => {
    const matched = new Set(hit.matched);
    const ranking = coverage(words, matched, weightOf);
    const ev = full ? coverage(full, matched, weightOf) : ranking;
    const features: FirstFeatures = {
      lexical: hit.score / maxScore,
      coverage: ranking.coverage,
      corpusCoverage: corpusWeightOf === weightOf ? ranking.coverage : coverage(words, matched, corpusWeightOf).coverage,
      named: named.has(hit.doc) ? 1 : 0,
      namedTitle: byTitle.has(hit.doc) ? 1 : 0,
    };
    return { hit, ev, features, score: dot(features, w) };
  });
  ranked.sort((a, b) => b.score - a.score || a.hit.doc - b.hit.doc);
  return ranked;
}

/**
 * Second pass on the leaders (the first `max(top, RANKING.rerank)`): the weighted features of their text
 * (`features.ts`). `inspect` reads each leader; what it returns rides along with the leader.
 */
export function rerankLeaders<T extends { leader: LeaderFeatures }>(
  ranked: readonly Ranked[],
  top: number,
  inspect: (r: Ranked) => T,
  w: LeaderFeatures = RANKING_WEIGHTS.leaders,
): (Ranked & T)[] {
  const leaders = ranked.slice(0, Math.max(top, RANKING.rerank)).map((r) => {
    const seen = inspect(r);
    return { ...r, ...seen, score: r.score + dot(seen.leader, w) };
  });
  leaders.sort((a, b) => b.score - a.score || a.hit.doc - b.hit.doc);
  return leaders;
}

/**
 * Whether the best paper answers the question, with the evidence: the question names it by its title's name
 * (`namedTitle`: it asks about that paper, whatever its other words match), or at least one informative word
 * matched, and either most of the question covered or, for a long question, several specific words.
 * @param corpusSize papers in the corpus, for the informative threshold without background statistics
 */
export function decide(
  best: Ranked,
  words: readonly QueryWord[],
  background: boolean,
  corpusSize: number,
): { answered: boolean; evidence: Evidence } {
  const minInformative = background
    ? ABSTENTION.minInformativeWeight
    : Math.log(1 + ((1 - RANKING.informativeShare) * corpusSize + 0.5) / (RANKING.informativeShare * corpusSize + 0.5));
  let informativeWeight = 0;
  for (const w of words)
    if (w.known.length > 0 && w.known.some((t) => best.hit.matched.includes(t)))
      informativeWeight = Math.max(informativeWeight, w.informative ?? w.weight);
  const { ev } = best;
  const evidence: Evidence = {
    coverage: round(ev.coverage),
    matchedWeight: round(ev.matchedWeight),
    totalWeight: round(ev.totalWeight),
    informativeWeight: round(informativeWeight),
    ...(best.features.namedTitle === 1 ? { namedByTitle: true } : {}),
  };
  // Decided on the unrounded figures.
  const answered = confident(
    { ...evidence, coverage: ev.coverage, matchedWeight: ev.matchedWeight, informativeWeight },
    ABSTENTION,
    minInformative,
  );
  return { answered, evidence };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
