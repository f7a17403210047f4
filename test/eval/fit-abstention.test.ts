import { describe, expect, it } from 'vitest';
import { ABSTENTION, parseAbstention } from '../../src/answer/rank.js';
import { createLibrary, loadCorpusFile, loadTermStats } from '../../src/index.js';
import { loadQuestions } from './evaluate.js';
import { type Decision, fitThresholds, record, scoreSets } from './fit-abstention.js';

describe('fitting the abstention thresholds', () => {
  it('replays exactly what answering decides: each seed question answered under the thresholds iff ask answered it', async () => {
    const termStats = await loadTermStats(new URL('../../data/term-stats.tsv.gz', import.meta.url).pathname);
    const library = createLibrary(await loadCorpusFile(new URL('../../data/papers.jsonl', import.meta.url).pathname), { termStats });
    const questions = loadQuestions();
    const decisions = record(
      'chat',
      library,
      questions.map((q) => ({ q: q.q, outOfScope: q.kind === 'out-of-scope' })),
    );
    const answered = questions.map((q) => {
      const r = library.ask(q.q, { top: 5 });
      return r.ok && r.answer.answered;
    });
    const per = scoreSets(decisions, ABSTENTION).chat!;
    const inScope = questions.filter((q) => q.kind !== 'out-of-scope');
    expect(per.falseAbstention).toBeCloseTo(inScope.filter((q) => !answered[questions.indexOf(q)]).length / inScope.length, 10);
    expect(per.oosAbstention).toBeCloseTo(
      questions.filter((q, i) => q.kind === 'out-of-scope' && !answered[i]).length / (questions.length - inScope.length),
      10,
    );
  });

  it('lowers a threshold that abstains on in-scope questions only while every out-of-scope one still abstains', () => {
    const ev = (coverage: number) => ({ coverage, matchedWeight: 5, totalWeight: 10, informativeWeight: 4 });
    const decisions: Decision[] = [
      ...[0.42, 0.45, 0.6].map((c, i) => ({ set: 's', question: `in${i}`, outOfScope: false, evidence: ev(c) })),
      ...[0.1, 0.2].map((c, i) => ({ set: 's', question: `out${i}`, outOfScope: true, evidence: ev(c) })),
    ];
    const t = fitThresholds(decisions, () => true);
    expect(t.minCoverage).toBeLessThanOrEqual(0.42);
    expect(t.minCoverage).toBeGreaterThan(0.2);
    expect(scoreSets(decisions, t).s).toMatchObject({ falseAbstention: 0, oosAbstention: 1 });
  });

  it('with --only, moves the thresholds named and keeps the others where they are', () => {
    const ev = (coverage: number, matchedWeight: number) => ({ coverage, matchedWeight, totalWeight: 40, informativeWeight: 4 });
    // Long questions: in scope ones matched 20 of IDF, out of scope ones 12, all at a fifth to a quarter covered.
    const decisions: Decision[] = [
      ...[0.2, 0.22, 0.25].map((c, i) => ({ set: 's', question: `in${i}`, outOfScope: false, evidence: ev(c, 20) })),
      ...[0.2, 0.24].map((c, i) => ({ set: 's', question: `out${i}`, outOfScope: true, evidence: ev(c, 12) })),
      // A short one lowering minCoverage to 0.30 would answer: not when only minMatchedWeight may move.
      { set: 's', question: 'short', outOfScope: false, evidence: ev(0.3, 5) },
    ];
    const current = { minCoverage: 0.35, minPartialCoverage: 0.15, minMatchedWeight: 10, minInformativeWeight: 2.5 };
    const t = fitThresholds(decisions, () => true, current, new Set(['minMatchedWeight']));
    expect(t).toMatchObject({ minCoverage: 0.35, minPartialCoverage: 0.15, minInformativeWeight: 2.5 });
    expect(t.minMatchedWeight).toBeGreaterThan(12);
    expect(t.minMatchedWeight).toBeLessThanOrEqual(20);
    expect(scoreSets(decisions, t).s).toMatchObject({ falseAbstention: 0.25, oosAbstention: 1 });
    expect(fitThresholds(decisions, () => true, current).minCoverage).toBeLessThanOrEqual(0.3); // every threshold free
  });

  it('are data: a malformed file is refused by name', () => {
    expect(() => parseAbstention({})).toThrow(/"thresholds" must be an object/);
    expect(() => parseAbstention({ thresholds: { ...ABSTENTION, minCoverage: 'half' } })).toThrow(/thresholds.minCoverage/);
    expect(() => parseAbstention({ thresholds: { ...ABSTENTION, extra: 1 } })).toThrow(/unknown fields extra/);
  });
});
