import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize, WordTable } from '../../src/retrieval/analyzer.js';
import { americanSpelling } from '../../src/retrieval/spelling.js';

/** The terms of each word a table reads, in order: what indexing sees of a text. */
function tableTerms(table: WordTable, text: string): string[][] {
  const out: string[][] = [];
  table.read(text, (id) => {
    const { terms } = table.entry(id);
    if (terms.length > 0) out.push(terms);
  });
  return out;
}

/** The terms of each word `tokenize` finds: what questions and excerpts see of a text. */
function tokenTerms(text: string): string[][] {
  return tokenize(text).map((t) => t.terms);
}

// Characters where word boundaries are decided: connectors, a connector outside ASCII (’), letters and digits
// outside ASCII, a combining mark, a ligature, letters outside the BMP (surrogate pairs), a lone surrogate.
const TRICKY = [
  'a',
  'B',
  'z',
  '7',
  '0',
  '-',
  '_',
  '/',
  '.',
  "'",
  '’',
  ' ',
  ',',
  '(',
  ')',
  'é',
  'Ü',
  'ﬁ',
  'ß',
  '中',
  '٣',
  '\u0301',
  '𝐀',
  '𝟙',
  '\ud835',
  '\n',
  'Llama',
  'the',
  's',
  '\\',
  '$',
  '\\lambda',
  'times',
];

describe('indexing reads the same words as questions', () => {
  it('a word table finds the words and terms tokenize finds, on any text', () => {
    const table = new WordTable(); // shared across runs, so repeated words come from the table
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TRICKY), { maxLength: 40 }), (chars) => {
        const text = chars.join('');
        expect(tableTerms(table, text)).toEqual(tokenTerms(text));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('on the cases that split or join words', () => {
    const table = new WordTable();
    for (const text of [
      'Llama-2-7B reaches 26.79% on arXiv 2402.02750.',
      "state-of-the-art models' pre-training, 2-bit KV/cache's",
      'a--b a- -b .5 5. x’s',
      'Über naïve ﬁne-tuning of 中文 models',
      'math 𝐀𝐁 letters and 𝟙 digits',
      'a 1.3$\\times$ speed-up, 5\\% better, $\\lambda$, \\textbf{Bold} \\ell_1 \\𝐀 \\\\x',
    ]) {
      expect(tableTerms(table, text)).toEqual(tokenTerms(text));
    }
  });

  it('numbers a word once however often it recurs, across many distinct words', () => {
    const table = new WordTable();
    const text = Array.from({ length: 20_000 }, (_, i) => `word${i}`).join(' ');
    const first: number[] = [];
    const second: number[] = [];
    table.read(text, (id) => first.push(id));
    table.read(text, (id) => second.push(id));
    expect(table.size).toBe(20_000);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(20_000);
  });
});

describe('LaTeX in abstracts', () => {
  it('matches like the plain text: Greek letters by name, markup and symbols yield nothing, the text is unchanged', () => {
    const text = 'a 1.3$\\times$ speed-up at 5\\% cost, $\\lambda$-tuned, \\textbf{robust} and $\\varepsilon$-greedy';
    expect(tokenTerms(text)).toEqual(tokenTerms('a 1.3× speed-up at 5% cost, lambda tuned, robust and epsilon greedy'));
    expect(tokenTerms('\\times \\textbf \\sim')).toEqual([]);
  });
});

describe('stemming', () => {
  const termsOf = (text: string) => tokenTerms(text).map((t) => t[0]);

  it('meets a three-letter word and its inflections, so "keys" finds "key cache" and "use" finds "using"', () => {
    expect(new Set(termsOf('key keys'))).toEqual(new Set(['kei']));
    expect(new Set(termsOf('use uses used using'))).toEqual(new Set(['us']));
    expect(new Set(termsOf('day days'))).toEqual(new Set(['dai']));
  });

  it('keeps acronyms and three-letter words ending in "s" as written', () => {
    expect(termsOf('VAE MoE LLM GAN gas bus')).toEqual(['vae', 'moe', 'llm', 'gan', 'gas', 'bus']);
  });
});

describe('British spelling', () => {
  const termsOf = (text: string) => tokenTerms(text).map((t) => t[0]);

  it('meets the American one in questions and abstracts alike', () => {
    for (const [british, american] of [
      ['behaviour', 'behavior'],
      ['quantisation', 'quantization'],
      ['optimised', 'optimized'],
      ['tokeniser', 'tokenizer'],
      ['analysed', 'analyzed'],
      ['dialogues', 'dialogs'],
      ['centre', 'center'],
      ['neighbourhood', 'neighborhood'],
      ['artefacts', 'artifacts'],
      ['haemoglobin', 'hemoglobin'],
      ['randomised', 'randomized'],
      ['paediatric', 'pediatric'],
    ])
      expect(tokenTerms(british!), british).toEqual(tokenTerms(american!));
  });

  it('leaves the -ise words American English spells so, and Prolog', () => {
    for (const word of 'supervised unsupervised denoising noise concise precise pairwise otherwise promising surprise enterprise exercise revised advised expertise premise praise fundraising prolog'.split(
      ' ',
    ))
      expect(americanSpelling(word), word).toBe(word);
    expect(termsOf('unsupervised denoising')).toEqual(['unsupervis', 'denois']);
  });
});
