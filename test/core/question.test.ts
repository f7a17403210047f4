import { describe, expect, it } from 'vitest';
import { analyzeQuestion, MAX_QUESTION_CHARS, readQuestion, withoutFraming } from '../../src/answer/question.js';

const cuesOf = (q: string) =>
  Object.entries(analyzeQuestion(q).cues)
    .filter(([, on]) => on)
    .map(([cue]) => cue);

describe('question analysis', () => {
  it('reads the intent: a list for any question about "papers" or "which works/studies", else one paper', () => {
    expect(analyzeQuestion('papers on sparse attention').kind).toBe('list');
    expect(analyzeQuestion('which studies measure energy?').kind).toBe('list');
    expect(analyzeQuestion('what does the owl paper propose?').kind).toBe('single');
  });

  it('reads what kind of sentence answers, one cue per kind', () => {
    expect(cuesOf('how much faster is FROST?')).toEqual(['preferFigures']);
    expect(cuesOf('which datasets was it tested on?')).toEqual(['preferEntities', 'refersToPaper']);
    expect(cuesOf('what is wrong with dense retrievers?')).toEqual(['preferProblems']);
    expect(cuesOf('does it work at night?')).toEqual(['preferResults', 'refersToPaper', 'asksYesNo']);
    expect(cuesOf('is there a paper that counts birds?')).toEqual(['asksForPaper']);
    // Asking for an overview of a paper: the sentence saying what it is answers.
    for (const q of ['tl;dr of FROST?', 'summarize the owl paper', 'give me the gist of FROST', 'FROST in a nutshell', 'eli5 FROST'])
      expect(cuesOf(q), q).toEqual(['asksForPaper']);
    expect(cuesOf('reducing prefill cost for summarization')).toEqual([]);
    expect(cuesOf('what does FROST freeze?')).toEqual([]);
    // Asking how it is done: the sentence giving the mechanism answers; "how much / how well" ask for others.
    expect(cuesOf('how does FROST freeze layers?')).toEqual(['asksHow']);
    expect(cuesOf('frost layer freezing how')).toEqual(['asksHow']);
    expect(cuesOf('how well does FROST do?')).toEqual(['preferResults']);
    // Which one came out best: a result answers, whatever the superlative.
    expect(cuesOf('which flow model ended up best?')).toEqual(['preferEntities', 'preferResults']);
    expect(cuesOf('which groups of variables gained the most?')).toEqual(['preferResults']);
    expect(cuesOf('WoundAmbit wound segmentation best generalization')).toEqual(['preferResults']);
    expect(cuesOf("what's the best way to freeze layers?")).toEqual([]);
    // A paper asked for, then spoken of as "they": the question is about one part of it.
    expect(cuesOf('that paper on frozen layers — how do they pick them?')).toEqual(['asksForPaper', 'asksHow', 'refersToPaper']);
    // Why, others' work, yes or no (a request for a paper is no yes/no question).
    expect(cuesOf('why do FROST clients end up with different ranks?')).toEqual(['preferProblems', 'asksWhy']);
    expect(cuesOf('what was wrong with earlier merging methods?')).toEqual(['preferProblems', 'asksPriorWork']);
    expect(cuesOf('can FROST run without retraining?')).toEqual(['asksYesNo']);
    expect(cuesOf('can you find FROST?')).toEqual([]);
  });

  it('finds the term a question asks the meaning of, and none in a question about an aspect or a figure', () => {
    const defines = (q: string) => analyzeQuestion(q).defines;
    expect(defines('what is OPERA in the verifiability-first agents paper?')).toBe('OPERA');
    expect(defines("what do the PyVision authors mean by 'dynamic tooling' for agents?")).toBe('dynamic tooling');
    expect(defines("what exactly is the 'lookback' thing in the belief tracking paper?")).toBe('lookback');
    expect(defines("what's Crowd-ViT in the platform crowding study")).toBe('Crowd-ViT');
    expect(defines('what is the main idea of FROST?')).toBeUndefined();
    expect(defines('what is the speedup of FROST?')).toBeUndefined();
    expect(defines('what are the limitations of FROST?')).toBeUndefined();
  });

  it('finds the clause that asks when the question first describes its paper, and none when it asks from its first word', () => {
    const asks = (q: string) => analyzeQuestion(q).asks;
    expect(asks('that QAT paper with sharp minima — how do they pick the frozen layers?')).toBe('how do they pick the frozen layers?');
    expect(asks('in the entity typing paper, did their denoised data beat cleaned data?')).toBe(
      'did their denoised data beat cleaned data?',
    );
    expect(asks('steady-forcing paper: did they say anything about vbench?')).toBe('did they say anything about vbench?');
    expect(asks('hey, the crew planning paper (metro data) -- how do they model crews?')).toBe('how do they model crews?');
    // A phrase that only says which paper, anywhere; a question after the asker's situation.
    expect(asks('what is OPERA in the verifiability-first agents paper?')).toBe('what is OPERA ?');
    expect(asks('how does the masked face backbone paper (the one with the erratum) reach its advice?')).toBe('how does reach its advice?');
    expect(asks("I'm pruning 3DGS scenes without retraining. is that a known issue?")).toBe('is that a known issue?');
    expect(asks('what is the owl paper?')).toBeUndefined();
    // A greeting is no description; a question that asks from its first word, or a claim, has no asking clause.
    expect(asks('hi — what does KIVI quantize?')).toBeUndefined();
    expect(asks('how many scripts does proscript have, and is it bigger than earlier ones?')).toBeUndefined();
    expect(asks('Folate deficiency raises homocysteine: what follows is known.')).toBeUndefined();
    expect(asks('kv cache quantization to 2 bits')).toBeUndefined();
  });

  it('reads what kind of sentence answers from the asking clause, not from the description', () => {
    // "speedup" describes the paper; the question asks how, not how much.
    expect(cuesOf('the speedup paper — how do they check drafted tokens?')).toEqual(['asksForPaper', 'asksHow', 'refersToPaper']);
    expect(cuesOf('the speedup paper — how much faster is it?')).toEqual(['preferFigures', 'asksForPaper', 'refersToPaper']);
    expect(cuesOf('what speedup does the recommendation model reach?')).toEqual(['preferFigures']);
  });

  it('finds the focus of a "how <adjective>" question, not of "how much / how well"', () => {
    expect(analyzeQuestion('how cheap is the verifier?').focus).toBe('cheap');
    expect(analyzeQuestion('How Robust is it?').focus).toBe('robust');
    expect(analyzeQuestion('how much memory?').focus).toBeUndefined();
    expect(analyzeQuestion('how well does it do?').focus).toBeUndefined();
  });

  it('collapses white space, and refuses an empty or over-long question as a value', () => {
    expect(readQuestion('  what   is\nFROST? ')).toMatchObject({ ok: true, question: { text: 'what is FROST?' } });
    expect(readQuestion(' \n ')).toMatchObject({ ok: false, error: { code: 'EMPTY_QUESTION' } });
    expect(readQuestion('x'.repeat(MAX_QUESTION_CHARS))).toMatchObject({ ok: true });
    expect(readQuestion('x'.repeat(MAX_QUESTION_CHARS + 1))).toMatchObject({ ok: false, error: { code: 'QUESTION_TOO_LONG' } });
  });

  it('blanks the request framing of a literature question, keeping offsets, and nothing of a question about one paper', () => {
    const searched = (q: string) => withoutFraming(q).trim();
    expect(searched('Are there any papers that explore graph-based modeling of modalities?')).toBe('graph-based modeling of modalities?');
    expect(searched('What research has been conducted on robust speech recognition?')).toBe('robust speech recognition?');
    expect(searched("I'm looking for a paper that uses sparse attention")).toBe('sparse attention');
    expect(searched('Can you recommend some studies on protein folding?')).toBe('protein folding?');
    expect(searched('which papers report gsm8k results')).toBe('gsm8k results');
    expect(searched('list the medical llm papers pls')).toBe('medical llm papers pls');
    expect(searched('show me something on kv cache eviction')).toBe('something on kv cache eviction');
    expect(searched('is there work showing safety training can be removed?')).toBe('safety training can be removed?');
    expect(searched('What does the owl paper propose?')).toBe('What does the owl paper propose?');
    expect(searched('research on')).toBe('research on'); // nothing else left: the words are all there is
    // Chat's openers and sign-offs, before and after any framing.
    expect(searched('hi! quick q: what does KIVI quantize?')).toBe('what does KIVI quantize?');
    expect(searched('question - which papers report gsm8k results')).toBe('gsm8k results');
    expect(searched('ok so is there work on kv cache eviction? thx!')).toBe('kv cache eviction?');
    expect(searched('quick question answering benchmarks')).toBe('quick question answering benchmarks');
    expect(searched('Q: kv cache 2bit')).toBe('kv cache 2bit');
    expect(searched('thanks')).toBe('thanks');
    // Asking the room, or for advice.
    expect(searched('has anyone combined lip video and audio with an llm?')).toBe('combined lip video and audio with an llm?');
    expect(searched('anyone know of work on kv cache eviction')).toBe('kv cache eviction');
    expect(searched('tips for domain-adaptive continual pretraining')).toBe('domain-adaptive continual pretraining');
    expect(searched('anyone')).toBe('anyone');
    // Asking for a summary: its words say what kind of answer, not which paper.
    expect(searched('tldr of the llama guard paper')).toBe('the llama guard paper');
    expect(searched('key takeaways from the lora safety paper')).toBe('the lora safety paper');
    expect(searched('explain like im 5: kivi')).toBe('kivi');
    expect(searched('give me a quick summary of the hedgehog paper')).toBe('the hedgehog paper');
    expect(searched('summarize bone')).toBe('bone');
    expect(searched('summarization with llamas')).toBe('summarization with llamas');
    expect(searched('summary')).toBe('summary');
    expect(searched('summary statistics of kv caches')).toBe('summary statistics of kv caches'); // a topic, not a request
    expect(searched('overview of kv cache compression')).toBe('kv cache compression');
    expect(searched('main ideas of the hedgehog paper')).toBe('the hedgehog paper');
    expect(searched('points on a manifold')).toBe('points on a manifold');
    const q = 'Is there a study that investigates whether LLMs can plan?';
    expect(withoutFraming(q)).toHaveLength(q.length);
  });

  it('reads a statement to check as a claim, never a question or a request ending in a full stop', () => {
    expect(analyzeQuestion('Folate deficiency increases blood levels of homocysteine.').cues.statesClaim).toBe(true);
    expect(analyzeQuestion('Does folate deficiency increase homocysteine?').cues.statesClaim).toBe(false);
    expect(analyzeQuestion("I'm looking for a comparison of batching strategies.").cues.statesClaim).toBe(false);
    expect(analyzeQuestion('Papers on sparse attention.').cues.statesClaim).toBe(false);
    expect(analyzeQuestion('kv cache quantization').cues.statesClaim).toBe(false);
  });
});
