import { describe, expect, it } from 'vitest';
import { createLibrary, type Paper } from '../../src/index.js';
import { parseTermStats } from '../../src/retrieval/term-stats.js';

/** A synthetic paper: only what retrieval looks at is meaningful. */
function paper(id: string, title: string, abstract: string): Paper {
  return { id, title, abstract, authors: ['A. Author'], year: 2024, url: null, codeUrl: null, source: 'test' };
}

function topId(lib: ReturnType<typeof createLibrary>, q: string): string | undefined {
  const r = lib.ask(q, { top: 3 });
  if (!r.ok) throw new Error(r.error.message);
  return r.answer.results[0]?.citation.id;
}

describe('retrieval', () => {
  it('finds a paper that writes "pre-training" for a question typed "pretraining", and the other way round', () => {
    const papers = [
      paper('hyphen', 'Pre-training recipes', 'We study pre-training recipes for speech.'),
      paper('plain', 'Finetuning for translation', 'We study finetuning for translation.'),
      paper('recipes', 'Recipes, recipes, recipes', 'Recipes for speech synthesis and more recipes for translation.'),
      ...Array.from({ length: 20 }, (_, i) =>
        paper(`other${i}`, `Unrelated study ${i}`, `Graph neural networks for molecules, variant ${i}.`),
      ),
    ];
    const lib = createLibrary(papers);
    expect(topId(lib, 'pretraining recipes')).toBe('hyphen');
    expect(topId(lib, 'fine-tuning for translation')).toBe('plain');
  });

  it('picks candidates with several of the rarest words, not only the rarest one, in a large collection', () => {
    // 4,000 papers: "gap" and "continual" are in 2,500 (very common), "stability" in 1,000, mostly several
    // times. The one paper with all three mentions "stability" once and must still be found.
    const papers: Paper[] = [];
    for (let i = 0; i < 1000; i++)
      papers.push(paper(`s${i}`, `Stability study ${i}`, `Stability of training, stability of models, stability everywhere ${i}.`));
    for (let i = 0; i < 2500; i++)
      papers.push(paper(`g${i}`, `Continual study ${i}`, `A generalization gap of continual learners, case ${i}.`));
    papers.push(paper('target', 'Mitigating the stability gap', 'Continual learning shows a stability gap early in training.'));
    for (let i = 0; i < 499; i++) papers.push(paper(`x${i}`, `Other ${i}`, `Protein folding ${i}.`));
    const lib = createLibrary(papers);
    expect(topId(lib, 'stability gap continual')).toBe('target');
  });

  it('takes a word typed in a paper name\'s own mixed case ("SoFT") as naming that paper, though folded it is common', () => {
    const papers = [
      paper(
        'sorted',
        'Sorted LLaMA: dynamic inference using Sorted Fine-Tuning (SoFT)',
        'We replace standard supervised fine-tuning with Sorted Fine-Tuning (SoFT) in the training pipeline.',
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        paper(
          `soft${i}`,
          `Soft labels ${i}`,
          `Soft label smoothing replaces hard targets in the training pipeline; soft targets, soft losses, case ${i}.`,
        ),
      ),
    ];
    const lib = createLibrary(papers);
    expect(topId(lib, 'what does SoFT replace in the training pipeline?')).toBe('sorted');
  });

  it('reads a rare misspelling that some abstract also contains as the common word one letter away', () => {
    const papers = [
      paper('typo', 'Notes on vision', 'Notes on pretraning for vision.'),
      paper('target', 'Pretraining recipes', 'Pretraining recipes for speech.'),
      ...Array.from({ length: 150 }, (_, i) => paper(`p${i}`, `Pretraining study ${i}`, `Pretraining vision models, case ${i}.`)),
    ];
    // Background statistics: "pretrain" is common in the field, "pretran" unknown.
    const stats = parseTermStats('# documents\t1000\npretrain\t300\nrecip\t10\nvision\t200\nnote\t100\n');
    const lib = createLibrary(papers, { termStats: stats });
    expect(topId(lib, 'pretraning recipes')).toBe('target');
    // A name typed with inner capitals is not "corrected", however rare.
    const named = createLibrary([paper('loram', 'Train small, infer large', 'LoRAM trains a pruned model.'), ...papers], {
      termStats: stats,
    });
    expect(topId(named, 'what is LoRAM')).toBe('loram');
  });
});

describe('warming a large library in the background', () => {
  const many = (): Paper[] => [
    paper(
      '2402.02750',
      'KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache',
      'We quantize the key cache per-channel and the value cache per-token.',
    ),
    ...Array.from({ length: 6000 }, (_, i) =>
      paper(`x${i}`, `Unrelated study number ${i}`, `Graph neural networks for molecules, variant ${i}.`),
    ),
  ];

  it('serves lookups by a plain scan until prepare() has built the title index in slices, then tolerates typos', async () => {
    const lib = createLibrary(many());
    const ids = (q: string) => lib.lookup(q, 5).map((c) => c.id);
    expect(ids('kivi')).toEqual(['2402.02750']);
    expect(ids('asymmetric quantization')).toEqual(['2402.02750']);
    expect(ids('kivvi asymetric')).toEqual([]); // no typo tolerance in the scan
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    await lib.prepare({ sliceMs: 5 });
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(3); // it yielded to the event loop along the way
    expect(ids('kivvi asymetric')).toEqual(['2402.02750']);
    expect(ids('kivi')[0]).toBe('2402.02750');
  });

  it('answers the same before and after prepare()', async () => {
    const cold = createLibrary(many());
    const warm = createLibrary(many());
    await warm.prepare();
    for (const q of ['how is the key cache quantized?', 'kivvi quantisation', 'graph neural networks for molecules']) {
      expect(JSON.stringify(warm.ask(q))).toBe(JSON.stringify(cold.ask(q)));
    }
  });

  it('corrects a typo that swaps two neighbouring letters ("cahce", "gaurd"): one Damerau edit, two Levenshtein', () => {
    const papers = [
      paper('cache', 'Cache eviction', 'We evict the cache of a language model.'),
      paper('guard', 'Guard models', 'A guard model filters unsafe prompts.'),
      ...Array.from({ length: 30 }, (_, i) => paper(`p${i}`, `Vision study ${i}`, `Vision models for images, case ${i}.`)),
    ];
    const lib = createLibrary(papers);
    const first = (q: string) => {
      const r = lib.ask(q);
      if (!r.ok) throw new Error(r.error.message);
      return r.answer.results[0]!;
    };
    expect(first('cahce of a language model')).toMatchObject({
      citation: { id: 'cache' },
      excerpt: { matchedTerms: expect.arrayContaining(['cach']) },
    });
    expect(first('gaurd for images')).toMatchObject({ citation: { id: 'guard' } });
  });
});
