import { describe, expect, it } from 'vitest';
import { FEEDBACK, feedbackModel, feedbackScore } from '../../src/answer/feedback.js';
import { tokenize } from '../../src/retrieval/analyzer.js';

const doc = (text: string, score: number) => ({ tokens: [tokenize(text)], score });
// A corpus of 100 papers: "network" is in 40 of them (too common to be feedback), the others in a few.
const docShare = (t: string) => (t === 'network' ? 0.4 : 0.02);
const idf = () => 2;

describe('RM3 feedback model', () => {
  it("keeps the words the best papers share beyond the question's own, weighed by the papers' scores", () => {
    const docs = [
      doc('Hallucination detection with retrieval grounding: retrieval grounding network', 10),
      doc('Grounding answers in retrieved evidence reduces hallucination', 8),
      doc('A survey of factuality and grounding', 1),
    ];
    const model = feedbackModel(docs, new Set(['hallucin']), docShare, idf);
    // Neither the question's own term nor the corpus-wide "network" is an expansion term.
    expect(model.terms).not.toContain('hallucin');
    expect(model.terms).not.toContain('network');
    // "grounding" is in all three papers, "retrieval" twice in the best one: they lead.
    expect(model.terms.slice(0, 2)).toEqual(['ground', 'retriev']);
    expect(model.terms.length).toBeLessThanOrEqual(FEEDBACK.terms);
    // Probabilities sum to 1: the weights sum to the IDF.
    expect(model.total).toBeCloseTo(2, 10);
  });

  it('reads only the first FEEDBACK.docs papers', () => {
    const docs = [...Array.from({ length: FEEDBACK.docs }, () => doc('alpha', 1)), doc('omega', 100)];
    expect(feedbackModel(docs, new Set(), docShare, idf).terms).toEqual(['alpha']);
  });

  it('scores a paper by how much of the feedback vocabulary it holds, 0..1, saturating repeats', () => {
    const model = feedbackModel([doc('grounding evidence', 1), doc('grounding evidence', 1)], new Set(), docShare, idf);
    const all = feedbackScore(model, [tokenize('grounding evidence')]);
    const half = feedbackScore(model, [tokenize('grounding method')]);
    const none = feedbackScore(model, [tokenize('unrelated method')]);
    const repeated = feedbackScore(model, [tokenize('grounding grounding grounding evidence')]);
    expect(none).toBe(0);
    expect(half).toBeGreaterThan(0);
    expect(all).toBeGreaterThan(half);
    expect(all).toBeLessThanOrEqual(1);
    expect(repeated).toBeLessThan(1);
  });

  it('is empty, scoring 0, when the papers share nothing but the question', () => {
    const model = feedbackModel([doc('hallucination', 3)], new Set(['hallucin']), docShare, idf);
    expect(model.terms).toEqual([]);
    expect(feedbackScore(model, [tokenize('hallucination grounding')])).toBe(0);
  });

  it('is deterministic: equal weights break ties by the term', () => {
    const a = feedbackModel([doc('zeta beta', 1)], new Set(), docShare, idf);
    const b = feedbackModel([doc('beta zeta', 1)], new Set(), docShare, idf);
    expect(a.terms).toEqual(['beta', 'zeta']);
    expect(b).toEqual(a);
  });
});
