/** The record-question reader: "who wrote KIVI?" asks for a field of one paper's record; a topic with such words does not. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordQuestion } from '../../src/answer/record-question.js';

/** The field and the words naming the paper, as typed; undefined when it is no record question. */
const read = (q: string) => {
  const r = recordQuestion(q);
  return r && { field: r.field, subject: q.slice(r.subject.start, r.subject.end) };
};

describe('record questions', () => {
  it('reads who wrote a paper, however it is asked', () => {
    expect(read('who wrote KIVI?')).toEqual({ field: 'authors', subject: 'KIVI' });
    expect(read('who are the authors of the hedgehog paper')).toEqual({ field: 'authors', subject: 'the hedgehog paper' });
    expect(read('Who is the first author of LLaMA-Adapter V2?')).toEqual({ field: 'authors', subject: 'LLaMA-Adapter V2' });
    expect(read("KIVI's authors")).toEqual({ field: 'authors', subject: 'KIVI' });
    expect(read('can you tell me who wrote Me LLaMA?')).toEqual({ field: 'authors', subject: 'Me LLaMA' });
    expect(read('who is SwiftKV by?')).toEqual({ field: 'authors', subject: 'SwiftKV' });
  });

  it('reads when it was published', () => {
    expect(read('when was KIVI published?')).toEqual({ field: 'year', subject: 'KIVI' });
    expect(read('what year is the LLaMA-Adapter V2 paper from?')).toEqual({ field: 'year', subject: 'the LLaMA-Adapter V2 paper' });
    expect(read('when did SwiftKV come out?')).toEqual({ field: 'year', subject: 'SwiftKV' });
    expect(read('do you know when KIVI was published?')).toEqual({ field: 'year', subject: 'KIVI' });
    expect(read('what is the publication date of Bone?')).toEqual({ field: 'year', subject: 'Bone' });
    expect(read('was KIVI published in 2024?')).toEqual({ field: 'year', subject: 'KIVI' });
  });

  it('reads where the code is', () => {
    expect(read("where's the code for KIVI?")).toEqual({ field: 'code', subject: 'KIVI' });
    expect(read('is there a github repo for Me LLaMA?')).toEqual({ field: 'code', subject: 'Me LLaMA' });
    expect(read('where can I find the implementation of A2SF?')).toEqual({ field: 'code', subject: 'A2SF' });
    expect(read('is the code for KIVI available?')).toEqual({ field: 'code', subject: 'KIVI' });
    expect(read('is Bone open source?')).toEqual({ field: 'code', subject: 'Bone' });
    expect(read('does KIVI have a GitHub repository?')).toEqual({ field: 'code', subject: 'KIVI' });
    expect(read('link to the code of SwiftKV')).toEqual({ field: 'code', subject: 'SwiftKV' });
    expect(read('KIVI code?')).toEqual({ field: 'code', subject: 'KIVI' });
  });

  it('reads where it was published', () => {
    expect(read('where was SwiftKV published?')).toEqual({ field: 'venue', subject: 'SwiftKV' });
    expect(read('which conference was KIVI published at?')).toEqual({ field: 'venue', subject: 'KIVI' });
    expect(read('what venue is the hedgehog paper from?')).toEqual({ field: 'venue', subject: 'the hedgehog paper' });
    expect(read('was KIVI peer-reviewed?')).toEqual({ field: 'venue', subject: 'KIVI' });
  });

  it('reads a follow-up that names no paper: the subject is a back-reference or nothing', () => {
    expect(read('who wrote it?')).toEqual({ field: 'authors', subject: 'it' });
    expect(read('and when was it published?')).toEqual({ field: 'year', subject: 'it' });
    expect(read('who are the authors?')).toEqual({ field: 'authors', subject: '' });
    expect(read('where is the code?')).toEqual({ field: 'code', subject: '' });
    expect(read('has the code been released?')).toEqual({ field: 'code', subject: '' });
    expect(read('did they release code?')).toEqual({ field: 'code', subject: 'they' });
  });

  it('does not fire for topic questions that merely contain such words', () => {
    for (const q of [
      'code generation with llms',
      'papers from 2024 on kv cache',
      'which papers release code for KIVI?',
      'which paper has code for kv cache quantization?',
      'what did Zirui Liu write about memory',
      'papers by Zirui Liu',
      'who wrote about kv cache quantization?',
      'what is the implementation of KIVI?',
      'how does KIVI quantize the key cache?',
      'what code does KIVI use?',
      'when does quantization fail?',
      'when is KIVI better than per-token quantization?',
      'where does KIVI store the cache?',
      'is there a paper on code generation?',
      'who uses KIVI?',
      'Which studies cast multimodal information extraction as code generation with an LLM?',
      'What research generates code-mixed text from English without parallel code-mixed data?',
    ])
      expect(read(q), q).toBeUndefined();
  });

  it('gives a subject inside the question, trimmed, for any question string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom('who wrote ', 'where is the code for ', 'when was '), (s, lead) => {
        const q = `${lead}${s}`.replace(/\s+/g, ' ').trim();
        const r = recordQuestion(q);
        if (!r) return;
        expect(r.subject.start).toBeLessThanOrEqual(r.subject.end);
        expect(r.subject.end).toBeLessThanOrEqual(q.length);
        expect(q.slice(r.subject.start, r.subject.end)).toBe(q.slice(r.subject.start, r.subject.end).trim());
      }),
      { numRuns: 500, seed: 8 },
    );
  });
});
