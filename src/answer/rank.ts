/**
 * Ranking and abstention: candidates from the retriever are ranked in two passes (lexical score and coverage
 * of the question for all of them, then passage and title for the leaders), and the best one decides whether
 * the question is answered at all. Every tuned constant is in `RANKING`, each with the reason for its value.
 */
import { coverage, type QueryWord } from '../retrieval/query.js';
import type { Candidate } from '../retrieval/retriever.js';
import type { Evidence } from './types.js';

/** The tuned constants of ranking and abstention (tuned on test/eval/questions.jsonl, checked on heldout.jsonl). */
export const RANKING = {
  // First pass, over all candidates.
  /** Candidates taken from the retriever before reranking. */
  candidates: 100,
  /** How much coverage of the question's informative words counts against the normalised lexical score (0..1). */
  coverageWeight: 1,
  /** Added to a paper whose several-word name the question contains ("Me LLaMA"): the question asks about it. */
  nameBonus: 0.5,

  // Second pass, over the leaders.
  /** Leading candidates (at least; `top` when larger) whose passages are scored for the final order. */
  rerank: 10,
  /** How much the best passage's coverage counts: one passage answering beats words spread over an abstract. */
  passageWeight: 0.5,
  /** How much the share of the question's weight found in the title counts. */
  titleWeight: 0.25,

  // The answered / abstain decision, on the best paper.
  /** Least coverage of the question's informative weight for a confident answer. */
  minCoverage: 0.5,
  /** A long question may be answered with less coverage when `minMatchedWeight` of specific weight matched… */
  minPartialCoverage: 0.33,
  /** …about three rare words' IDF. */
  minMatchedWeight: 10,
  /** An answer needs at least one matched word at least this informative (background IDF): "model" alone is not evidence. */
  minInformativeWeight: 2.5,
  /**
   * Without background statistics, "informative" means rarer than this share of the corpus's papers (one in
   * four), as a BM25 IDF over the corpus itself.
   */
  informativeShare: 0.25,
} as const;

/** A candidate after the first pass. */
export interface Ranked {
  hit: Candidate;
  /** Coverage of the question by the terms the paper matched. */
  ev: ReturnType<typeof coverage>;
  score: number;
}

/**
 * First pass: each candidate's lexical score (normalised by the best), plus its coverage of the question's
 * informative words, plus the name bonus; best first, ties in corpus order.
 */
export function firstPass(
  hits: readonly Candidate[],
  words: readonly QueryWord[],
  named: ReadonlySet<number>,
  weightOf: (t: string) => number,
): Ranked[] {
  const maxScore = hits[0]!.score;
  const ranked = hits.map((hit) => {
    const ev = coverage(words, new Set(hit.matched), weightOf);
    return { hit, ev, score: hit.score / maxScore + RANKING.coverageWeight * ev.coverage + (named.has(hit.doc) ? RANKING.nameBonus : 0) };
  });
  ranked.sort((a, b) => b.score - a.score || a.hit.doc - b.hit.doc);
  return ranked;
}

/** What the second pass learns of a leader: its best passage's coverage and its title's. */
export interface LeaderEvidence {
  passageCoverage: number;
  titleCoverage: number;
}

/**
 * Second pass on the leaders (the first `max(top, RANKING.rerank)`): how well one passage answers, and the
 * title. `inspect` picks each leader's passage; what it returns rides along with the leader.
 */
export function rerankLeaders<T extends LeaderEvidence>(ranked: readonly Ranked[], top: number, inspect: (r: Ranked) => T): (Ranked & T)[] {
  const leaders = ranked.slice(0, Math.max(top, RANKING.rerank)).map((r) => {
    const seen = inspect(r);
    return { ...r, ...seen, score: r.score + RANKING.passageWeight * seen.passageCoverage + RANKING.titleWeight * seen.titleCoverage };
  });
  leaders.sort((a, b) => b.score - a.score || a.hit.doc - b.hit.doc);
  return leaders;
}

/**
 * Whether the best paper answers the question, with the evidence: at least one informative word matched, and
 * either most of the question covered or, for a long question, several specific words.
 * @param corpusSize papers in the corpus, for the informative threshold without background statistics
 */
export function decide(
  best: Ranked,
  words: readonly QueryWord[],
  background: boolean,
  corpusSize: number,
): { answered: boolean; evidence: Evidence } {
  const minInformative = background
    ? RANKING.minInformativeWeight
    : Math.log(1 + ((1 - RANKING.informativeShare) * corpusSize + 0.5) / (RANKING.informativeShare * corpusSize + 0.5));
  const informative = words.some(
    (w) => w.known.length > 0 && w.weight >= minInformative && w.known.some((t) => best.hit.matched.includes(t)),
  );
  const { ev } = best;
  const answered =
    informative &&
    (ev.coverage >= RANKING.minCoverage || (ev.coverage >= RANKING.minPartialCoverage && ev.matchedWeight >= RANKING.minMatchedWeight));
  return {
    answered,
    evidence: { coverage: round(ev.coverage), matchedWeight: round(ev.matchedWeight), totalWeight: round(ev.totalWeight) },
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
