import { describe, expect, it } from 'vitest';
import {
  analyzeSentences,
  bestExcerpt,
  excerptSpan,
  parseSentenceWeights,
  SENTENCE_FEATURES,
  SENTENCE_WEIGHTS,
} from '../../src/answer/excerpt.js';
import { LEADER_FEATURES, leaderFeatures } from '../../src/answer/features.js';
import type { QueryWord } from '../../src/retrieval/query.js';

const word = (text: string, term: string, weight: number): QueryWord => ({ text, terms: [term], known: [term], weight });
const idf = () => 3;

describe('leader features', () => {
  const words = [word('graph', 'graph', 4), word('attention', 'attent', 4), word('speech', 'speech', 2)];
  const read = (title: string, abstract: string) => leaderFeatures(words, idf, { title, names: '', abstract, passageCoverage: 0.5 });

  it('are shares of the question in 0..1, one per named feature', () => {
    const f = read('Graph attention', 'We study graph attention. Speech is not covered.');
    expect(Object.keys(f).sort()).toEqual([...LEADER_FEATURES].sort());
    for (const v of Object.values(f)) expect(v).toBeGreaterThanOrEqual(0);
    expect(f.passage).toBe(0.5);
    expect(f.title).toBeCloseTo(0.6); // graph and attention, each credited min(its weight 4, its IDF 3), of 10
  });

  it('phrase counts adjacent question words only where they stand together', () => {
    expect(read('x', 'graph attention for speech').phrase).toBeGreaterThan(read('x', 'attention on a graph, and speech').phrase);
  });

  it('phrase counts the parts of a compound written whole as standing together', () => {
    const parts = [word('noise', 'nois', 4), word('removal', 'remov', 4)];
    const f = (abstract: string) => leaderFeatures(parts, idf, { title: 'x', names: '', abstract, passageCoverage: 0 });
    expect(f('Noise-removal filters.').phrase).toBe(1);
    expect(f('Noise removal filters.').phrase).toBe(1);
    expect(f('Noise filters for removal.').phrase).toBe(0);
  });

  it('sentence scores the one sentence holding most of the question higher than words spread over several', () => {
    expect(read('x', 'Graph attention for speech. Other things.').sentence).toBeGreaterThan(
      read('x', 'Graph models. Attention heads. Speech data.').sentence,
    );
  });
});

describe('sentence weights', () => {
  it('are data with one finite weight per feature; a malformed file is refused by name', () => {
    expect(Object.keys(SENTENCE_WEIGHTS).sort()).toEqual([...SENTENCE_FEATURES].sort());
    expect(() => parseSentenceWeights({ sentence: { coverage: 1 } }, 'w.json')).toThrow(/w.json: "sentence.phrase" must be a number/);
    expect(() => parseSentenceWeights({ sentence: { ...SENTENCE_WEIGHTS, bogus: 1 } }, 'w.json')).toThrow(/unknown features bogus/);
  });

  it('choosing from the analysis gives the excerpt bestExcerpt gives, and other weights choose other sentences', () => {
    const text = 'We propose a fast cache. It reduces memory by 40%. Results on speech are strong.';
    const query = [new Map([['memori', 3]]), new Map([['speech', 3]])];
    const analysis = analyzeSentences(text, query, { maxChars: 30 });
    const { start, end } = excerptSpan(analysis, SENTENCE_WEIGHTS);
    expect(bestExcerpt(text, query, { maxChars: 30 }).text).toBe(text.slice(start, end));
    const late = { ...SENTENCE_WEIGHTS, position: 10 };
    expect(bestExcerpt(text, query, { maxChars: 30, weights: late }).text).toBe('Results on speech are strong.');
  });
});

describe('sentence features of structured abstracts and claims', () => {
  const text =
    'BACKGROUND Folate may matter. METHODS Serum folate, homocysteine and deficiency markers were measured. RESULTS Low folate went with high homocysteine. VEGF rose as well.';
  const query = [new Map([['folat', 3]]), new Map([['homocystein', 3]]), new Map([['defici', 3]])];
  const column = (a: ReturnType<typeof analyzeSentences>, f: (typeof SENTENCE_FEATURES)[number]) =>
    Array.from({ length: a.spans.length }, (_, i) => a.features[i * SENTENCE_FEATURES.length + SENTENCE_FEATURES.indexOf(f)]);

  it('a findings label marks its sentence and the ones after it, until another label; capitals that are no label do not', () => {
    const a = analyzeSentences(text, query, { allFeatures: true });
    expect(a.spans).toHaveLength(4);
    expect(column(a, 'findingSection')).toEqual([0, 0, 1, 1]);
    expect(column(a, 'last')).toEqual([0, 0, 0, 1]);
    expect(column(analyzeSentences('VEGF levels rose. RESULTS were mixed.', query, { allFeatures: true }), 'findingSection')).toEqual([
      0, 1,
    ]);
  });

  it('claim features are set only for a statement to check', () => {
    expect(column(analyzeSentences(text, query, { allFeatures: true }), 'claimMethod')).toEqual([0, 0, 0, 0]);
    const claim = analyzeSentences(text, query, { allFeatures: true, statesClaim: true });
    expect(column(claim, 'claimMethod')).toEqual([0, 1, 0, 0]);
    expect(column(claim, 'claimCoverage')).toEqual(column(claim, 'coverage'));
  });

  it('for a claim, the fitted weights show the finding rather than the method sentence with the same words', () => {
    expect(bestExcerpt(text, query, { maxChars: 60, statesClaim: true }).text).toMatch(/^RESULTS Low folate/);
    const blind = { ...SENTENCE_WEIGHTS, claimCoverage: 0, claimMethod: 0, findingSection: 0 };
    expect(bestExcerpt(text, query, { maxChars: 60, statesClaim: true, weights: blind }).text).toMatch(/deficiency markers/);
  });

  it('for a claim, its words that are in the paper title count as its topic: the sentence holding them shows', () => {
    // "Ly49Q prevents neutrophil polarization." over a paper titled with Ly49Q, neutrophils and polarization: those
    // words weigh a tenth in coverage (for a question they often only name the paper), their full weight in naming.
    const abstract =
      'Ly49Q was crucial for the polarization of neutrophils. Ly49Q inhibited adhesion by preventing complex formation. Mice were used.';
    const claim = [new Map([['ly49q', 0.5]]), new Map([['prevent', 1]]), new Map([['neutrophil', 0.4]]), new Map([['polar', 0.4]])];
    const naming = [5, 0, 4, 4];
    const a = analyzeSentences(abstract, claim, { allFeatures: true, statesClaim: true, naming });
    expect(column(a, 'claimNaming')).toEqual(column(a, 'naming'));
    expect(column(analyzeSentences(abstract, claim, { allFeatures: true, naming }), 'claimNaming')).toEqual([0, 0, 0]);
    expect(bestExcerpt(abstract, claim, { maxChars: 60, statesClaim: true, naming }).text).toMatch(/^Ly49Q was crucial/);
    // A question with the same words, or a claim under weights blind to it, takes the sentence with the other word.
    expect(bestExcerpt(abstract, claim, { maxChars: 60, naming }).text).toMatch(/^Ly49Q inhibited/);
    const blind = { ...SENTENCE_WEIGHTS, claimNaming: 0 };
    expect(bestExcerpt(abstract, claim, { maxChars: 60, statesClaim: true, naming, weights: blind }).text).toMatch(/^Ly49Q inhibited/);
  });
});

describe('background sentences', () => {
  const abstract =
    'Previous works on multi-turn dialogue extend single-turn RLHF to long contexts. We introduce REFUEL, which learns multi-turn dialogue policies.';
  const query = [new Map([['multi', 3]]), new Map([['turn', 3]]), new Map([['dialogu', 3]]), new Map([['rlhf', 3]])];

  it('mark what others did, for a question only', () => {
    const column = (opts: Parameters<typeof analyzeSentences>[2]) => {
      const a = analyzeSentences(abstract, query, { allFeatures: true, ...opts });
      return Array.from(
        { length: a.spans.length },
        (_, i) => a.features[i * SENTENCE_FEATURES.length + SENTENCE_FEATURES.indexOf('background')],
      );
    };
    expect(column({})).toEqual([1, 0]);
    expect(column({ statesClaim: true })).toEqual([0, 0]);
  });

  it('are not the authors speaking of their own work, whatever the opening word ("While our methods…, we found…")', () => {
    const own =
      'While existing methods adapt Llama-2 well, they stall on Llama-3. While our adaptation enhanced Llama-2, we found limited gains on Llama-3.';
    const a = analyzeSentences(own, query, { allFeatures: true });
    const at = (i: number) => a.features[i * SENTENCE_FEATURES.length + SENTENCE_FEATURES.indexOf('background')];
    expect([at(0), at(1)]).toEqual([1, 0]);
  });

  it('lose to the sentence about the paper under the fitted weights, though they hold one more question word', () => {
    expect(bestExcerpt(abstract, query, { maxChars: 90 }).text).toMatch(/^We introduce REFUEL/);
    const blind = { ...SENTENCE_WEIGHTS, background: 0 };
    expect(bestExcerpt(abstract, query, { maxChars: 90, weights: blind }).text).toMatch(/^Previous works/);
  });
});

describe('questions that describe their paper before they ask', () => {
  // "that quantization-aware training paper with frozen layers — how do they pick the layers?"
  const abstract =
    'Quantization-aware training with frozen layers keeps accuracy on vision tasks. The layers are picked by their gradient norm at each step.';
  const query = [
    new Map([['quantiz', 3]]),
    new Map([['awar', 2]]),
    new Map([['frozen', 3]]),
    new Map([['layer', 2]]),
    new Map([['pick', 2]]),
  ];
  const asking = [false, false, false, true, true];
  const at = (a: ReturnType<typeof analyzeSentences>, f: (typeof SENTENCE_FEATURES)[number]) =>
    Array.from({ length: a.spans.length }, (_, i) => a.features[i * SENTENCE_FEATURES.length + SENTENCE_FEATURES.indexOf(f)]);

  it('askCoverage is the share of the asking words a sentence holds, and 0 for a question with no describing clause', () => {
    expect(at(analyzeSentences(abstract, query, { allFeatures: true, asking }), 'askCoverage')).toEqual([0.5, 1]);
    expect(at(analyzeSentences(abstract, query, { allFeatures: true }), 'askCoverage')).toEqual([0, 0]);
  });

  it('under the fitted weights the sentence answering the asking clause shows, not the one restating the description', () => {
    expect(bestExcerpt(abstract, query, { maxChars: 90, asking }).text).toMatch(/^The layers are picked/);
    expect(bestExcerpt(abstract, query, { maxChars: 90 }).text).toMatch(/^Quantization-aware/);
  });

  it('howCue marks a sentence giving the means, for a "how" question only; aspectSummaryCue a contribution asked about as "they"', () => {
    const text = 'Pruning large models is costly. Specifically, we prune heads by using their attention entropy. We propose ENTRO.';
    const q = [new Map([['prune', 3]])];
    expect(at(analyzeSentences(text, q, { allFeatures: true, asksHow: true }), 'howCue')).toEqual([0, 1, 0]);
    expect(at(analyzeSentences(text, q, { allFeatures: true }), 'howCue')).toEqual([0, 0, 0]);
    const about = { allFeatures: true, asksForPaper: true } as const;
    expect(at(analyzeSentences(text, q, { ...about, refersToPaper: true }), 'aspectSummaryCue')).toEqual([0, 0, 1]);
    expect(at(analyzeSentences(text, q, about), 'aspectSummaryCue')).toEqual([0, 0, 0]);
    expect(at(analyzeSentences(text, q, about), 'paperSummaryCue')).toEqual([0, 0, 1]);
  });
});

describe("questions about a term, about others' work, asking why, or asking yes or no", () => {
  const at = (a: ReturnType<typeof analyzeSentences>, f: (typeof SENTENCE_FEATURES)[number]) =>
    Array.from({ length: a.spans.length }, (_, i) => a.features[i * SENTENCE_FEATURES.length + SENTENCE_FEATURES.indexOf(f)]);

  it('definitionCue marks the sentence that defines the term asked about, not every one that mentions it', () => {
    const text = 'OPERA audits agents at scale. We introduce OPERA, a benchmark suite for misalignment. OPERA scores rise with size.';
    const q = [new Map([['opera', 3]]), new Map([['audit', 2]])];
    expect(at(analyzeSentences(text, q, { allFeatures: true, defines: 'OPERA' }), 'definitionCue')).toEqual([0, 1, 0]);
    expect(at(analyzeSentences(text, q, { allFeatures: true }), 'definitionCue')).toEqual([0, 0, 0]);
    // "we call a …", "… is …", "… - …", and a term of several words, matched in a row.
    const named = 'Models recall facts late. We find a pattern that we call a lookback mechanism, which binds entities.';
    expect(at(analyzeSentences(named, [new Map([['lookback', 3]])], { allFeatures: true, defines: 'lookback' }), 'definitionCue')).toEqual([
      0, 1,
    ]);
    const dashed = 'We focus on Agentic Communities - frameworks of agents and humans. Agentic tools and communities vary.';
    const groups = [new Map([['agent', 2]]), new Map([['commun', 3]])];
    expect(at(analyzeSentences(dashed, groups, { allFeatures: true, defines: 'Agentic Community' }), 'definitionCue')).toEqual([1, 0]);
  });

  it('priorWorkCue marks what others did, whyCue a cause, yesNoCue a finding, each for its kind of question only', () => {
    const prior = 'Existing methods merge all prototypes into one. We propose FedX, which keeps one prototype per domain.';
    const q = [new Map([['prototyp', 3]])];
    expect(at(analyzeSentences(prior, q, { allFeatures: true, asksPriorWork: true }), 'priorWorkCue')).toEqual([1, 0]);
    expect(at(analyzeSentences(prior, q, { allFeatures: true }), 'priorWorkCue')).toEqual([0, 0]);
    const why = 'Clients differ in resources. This heterogeneity motivates different ranks across clients. We propose raFLoRA.';
    const r = [new Map([['rank', 3]])];
    expect(at(analyzeSentences(why, r, { allFeatures: true, asksWhy: true }), 'whyCue')).toEqual([0, 1, 0]);
    expect(at(analyzeSentences(why, r, { allFeatures: true }), 'whyCue')).toEqual([0, 0, 0]);
    const yes = 'We study emoji as lies. Results show that emoji can be lies, but not uniformly.';
    const e = [new Map([['emoji', 3]])];
    expect(at(analyzeSentences(yes, e, { allFeatures: true, asksYesNo: true }), 'yesNoCue')).toEqual([0, 1]);
    expect(at(analyzeSentences(yes, e, { allFeatures: true }), 'yesNoCue')).toEqual([0, 0]);
  });

  it('under the fitted weights, "what is OPERA?" shows the sentence defining it, where the words alone show another', () => {
    const text = 'OPERA audits agents at scale. We introduce OPERA, a benchmark suite for misalignment. OPERA scores rise with size.';
    const q = [new Map([['opera', 3]]), new Map([['audit', 2]])];
    expect(bestExcerpt(text, q, { maxChars: 60 }).text).toMatch(/^OPERA audits/);
    expect(bestExcerpt(text, q, { maxChars: 60, defines: 'OPERA' }).text).toMatch(/^We introduce OPERA/);
  });
});
