/**
 * Questions about a paper's record on the seed corpus: "who wrote KIVI?" is answered with KIVI alone, `asks` naming
 * the field and the excerpt the sentence saying what KIVI is; a topic question with the same words is answered as
 * before.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Answer, createLibrary, type Library, type Paper, type TermStats } from '../../src/index.js';
import { loadSeed } from '../fixtures/corpus.js';

const KIVI = '2402.02750';
const HEDGEHOG = '2402.04347';
let seed: Paper[];
let termStats: TermStats;
let lib: Library;

beforeAll(async () => {
  ({ papers: seed, termStats } = await loadSeed());
  lib = createLibrary(seed, { termStats });
});

function answer(q: string, options: Parameters<Library['ask']>[1] = {}, library = lib): Answer {
  const r = library.ask(q, options);
  if (!r.ok) throw new Error(r.error.message);
  return r.answer;
}
const ids = (a: Answer) => a.results.map((r) => r.citation.id);

describe('questions about a paper’s record (seed corpus)', () => {
  it('"when was KIVI published?" asks for the year of KIVI alone, quoting what KIVI is, not "The source code is available…"', () => {
    const a = answer('when was KIVI published?');
    expect(a).toMatchObject({ kind: 'single', answered: true, asks: 'year' });
    expect(ids(a)).toEqual([KIVI]);
    expect(a.results[0]!.citation).toMatchObject({ year: 2024, authors: ['Zirui Liu'], etAl: true });
    expect(a.results[0]!.excerpt.text).toContain('we developed a tuning-free 2bit KV cache quantization algorithm, named KIVI');
    expect(a.results[0]!.excerpt.text).not.toContain('source code');
  });

  it('names the paper by its name, by words of its title, or by a several-word name', () => {
    expect(answer('who wrote KIVI?')).toMatchObject({ asks: 'authors', results: [{ citation: { id: KIVI } }] });
    const hedgehog = answer('who are the authors of the hedgehog paper');
    expect(hedgehog).toMatchObject({ asks: 'authors', results: [{ citation: { id: HEDGEHOG, authors: ['Michael Zhang'] } }] });
    expect(hedgehog.results[0]!.excerpt.text).toMatch(/^We thus propose Hedgehog/);
    expect(answer('who wrote the paper on linear attention with softmax mimicry?')).toMatchObject({
      asks: 'authors',
      results: [{ citation: { id: HEDGEHOG } }],
    });
    expect(answer('what year is the LLaMA-Adapter V2 paper from?')).toMatchObject({
      asks: 'year',
      results: [{ citation: { id: '2304.15010', year: 2023 } }],
    });
    expect(answer('where was SwiftKV published?')).toMatchObject({ asks: 'venue', results: [{ citation: { id: '2410.03960' } }] });
    expect(answer('who wrote What Matters in Transformers?')).toMatchObject({
      asks: 'authors',
      results: [{ citation: { id: '2406.15786' } }],
    });
    expect(answer('who wrote Bone?')).toMatchObject({ asks: 'authors', results: [{ citation: { id: '2409.15371' } }] });
    // A lead of several words typed as one.
    expect(answer('where is the code for MeLLaMA?')).toMatchObject({ asks: 'code', results: [{ citation: { id: '2402.12749' } }] });
  });

  it('"is there a github repo for Me LLaMA?" finds Me LLaMA and its code link (it abstained: "github repo" diluted the name)', () => {
    const a = answer('is there a github repo for Me LLaMA?');
    expect(a).toMatchObject({ answered: true, asks: 'code' });
    expect(a.results.map((r) => r.citation.codeUrl)).toEqual(['https://github.com/BIDS-Xu-Lab/Me-LLaMA']);
  });

  it('asks for the code of a paper whose record has none: the answer says which paper, the record says there is none', () => {
    const a = answer("where's the code for the hedgehog paper?");
    expect(a).toMatchObject({ asks: 'code', results: [{ citation: { id: HEDGEHOG, codeUrl: null } }] });
  });

  it('a follow-up asks about the thread’s paper', () => {
    const turns = [{ question: 'How does KIVI quantize the key cache?', paperId: KIVI }];
    for (const [q, field] of [
      ['who wrote it?', 'authors'],
      ['where is the code?', 'code'],
      ['and when was it published?', 'year'],
      ['who wrote this method?', 'authors'],
    ] as const) {
      const a = answer(q, { turns });
      expect(a, q).toMatchObject({ asks: field, followUp: { paperId: KIVI }, turn: { question: q, paperId: KIVI } });
      expect(ids(a), q).toEqual([KIVI]);
    }
    // A later follow-up's topic keeps the thread's words, not "where is the code" or "who wrote".
    const later = answer('and the value cache?', {
      turns: [...turns, { question: 'where is the code?', paperId: KIVI }, { question: 'who wrote it?', paperId: KIVI }],
    });
    expect(later.followUp).toEqual({ paperId: KIVI, topic: 'How does KIVI quantize the key cache? it' });
    // A record question naming another paper is about that paper, not the thread's.
    expect(ids(answer('who wrote the hedgehog paper?', { turns }))).toEqual([HEDGEHOG]);
  });

  it('takes a name the index knows for one paper only when it is no word of the field', () => {
    expect(answer('who wrote DSnoT?')).toMatchObject({ asks: 'authors', results: [{ citation: { id: '2310.08915' } }] });
    // "LoRA" leads a seed title ("LoRA Fine-tuning Efficiently Undoes…") and is in several papers' names, but it is
    // the field's word for a method many papers use: which paper is meant is not said. Nor is "BERT" a paper that uses it.
    expect(answer('where is the code for LoRA?').asks).toBeUndefined();
    const user: Paper = {
      id: 'x-bert',
      title: 'Merged Corpora for Relation Extraction',
      abstract: 'We fine-tune BERT on two merged corpora of chemical relations. BERT gains four points of F1.',
      authors: ['Ada Lind'],
      etAl: false,
      year: 2024,
      url: null,
      codeUrl: null,
      source: 'test',
    };
    expect(answer('who wrote BERT?', {}, createLibrary([...seed, user], { termStats })).asks).toBeUndefined();
  });

  it('is answered as any question when it names no one paper: none, several, or one the filters exclude', () => {
    expect(answer('who wrote it?').asks).toBeUndefined();
    expect(answer('LLaMA code').asks).toBeUndefined();
    expect(answer('code for generating sql queries').asks).toBeUndefined();
    expect(answer('who wrote KIVI?', { filters: { years: { to: 2023 } } }).asks).toBeUndefined();
    const twin = { ...seed.find((p) => p.id === KIVI)!, id: 'kivi-twin', title: 'KIVI for Vision Transformers' };
    const shared = answer('who wrote KIVI?', {}, createLibrary([...seed, twin]));
    expect(shared).toMatchObject({ ambiguous: { name: 'KIVI' } });
    expect(shared.asks).toBeUndefined();
  });

  it('leaves topic questions with such words as they were', () => {
    for (const q of ['code generation with llms', 'papers from 2024 on kv cache', 'which papers release code for kv cache quantization']) {
      const a = answer(q);
      expect(a.asks, q).toBeUndefined();
    }
    const byAuthor = answer('what did Zirui Liu write about memory');
    expect(byAuthor).toMatchObject({ filters: { authors: ['Zirui Liu'] } });
    expect(byAuthor.asks).toBeUndefined();
  });
});
