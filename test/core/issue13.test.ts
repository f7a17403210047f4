/** Issue 13: filters, names no paper mentions, names several papers share, compare, related, follow-ups, precise lists. */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseYearRange } from '../../src/answer/filters.js';
import { compareIntent, isFollowUp, namedWords } from '../../src/answer/intent.js';
import { type Answer, createLibrary, type Library, openLibrary, type Paper, type TermStats } from '../../src/index.js';
import { nameMatches, nameWords } from '../../src/retrieval/facets.js';
import { loadSeed } from '../fixtures/corpus.js';

const TODAY = new Date('2026-12-01T00:00:00Z');
let seed: Paper[];
let termStats: TermStats;
let lib: Library;

beforeAll(async () => {
  ({ papers: seed, termStats } = await loadSeed());
  lib = createLibrary(seed, { termStats });
});

function answer(library: Library, q: string, options: Parameters<Library['ask']>[1] = {}): Answer {
  const r = library.ask(q, { today: TODAY, ...options });
  if (!r.ok) throw new Error(r.error.message);
  return r.answer;
}
const ids = (a: Answer) => a.results.map((r) => r.citation.id);

/** Extra papers with full bylines, years and venues: "Tri Dao" is the last of five authors of one. */
const extra: Paper[] = [
  {
    id: 'x1',
    title: 'Fast Attention Kernels for Long Sequences',
    abstract: 'We write fused attention kernels that avoid reading the attention matrix from memory. They are fast on long sequences.',
    authors: ['Ada Lovelace', 'Bo Chen', 'Cy Young', 'Di Wu', 'Tri Dao'],
    year: 2023,
    venue: 'emnlp, findings',
    url: null,
    codeUrl: null,
    source: 'json',
  },
  {
    id: 'x2',
    title: 'State Space Models Without Attention',
    abstract: 'State space models replace attention with a recurrence and train fast on long sequences of tokens.',
    authors: ['Trí Dào', 'Albert Gu'],
    year: 2024,
    venue: 'acl',
    url: null,
    codeUrl: null,
    source: 'json',
  },
  {
    id: 'x3',
    title: 'Decentralised Autonomous Organisations on a Blockchain',
    abstract: 'A DAO is a decentralised autonomous organisation run by smart contracts on a blockchain; we study DAO voting.',
    authors: ['Mia Dao'],
    year: 2022,
    url: null,
    codeUrl: null,
    source: 'json',
  },
];

describe('author names', () => {
  it('match across case, diacritics and initials, surname first', () => {
    expect(nameMatches(nameWords('T. Dao'), nameWords('Tri Dao'))).toBe(true);
    expect(nameMatches(nameWords('tri dao'), nameWords('Trí Dào'))).toBe(true);
    expect(nameMatches(nameWords('Dao'), nameWords('Tri Dao'))).toBe(true);
    expect(nameMatches(nameWords('T. Dao'), nameWords('Mia Dao'))).toBe(false);
    expect(nameMatches(nameWords('Tri Dao'), nameWords('Tri Nguyen'))).toBe(false);
  });
});

describe('filters (regression: "papers by Tri Dao" listed blockchain DAO papers)', () => {
  let big: Library;
  beforeAll(() => {
    big = createLibrary([...seed, ...extra], { termStats });
  });

  it('"papers by Tri Dao" lists his papers, newest first, not DAO papers; the byline shows the fifth author', () => {
    const a = answer(big, 'papers by Tri Dao');
    expect(a).toMatchObject({ kind: 'list', answered: true, byAuthor: true });
    expect(ids(a)).toEqual(['x2', 'x1']);
    expect(a.results[1]!.citation.matchedAuthors).toEqual(['Tri Dao']);
    expect(ids(answer(big, 'papers by T. Dao'))).toEqual(['x2', 'x1']);
    expect(ids(answer(big, "Tri Dao's work on state space models"))[0]).toBe('x2');
    // Asked the way people ask, in any case: the name is a filter only when it is one of the collection's authors.
    expect(answer(big, 'what did Tri Dao write about state space models?')).toMatchObject({ filters: { authors: ['Tri Dao'] } });
    expect(ids(answer(big, 'what did tri dao write about state space models?'))[0]).toBe('x2');
    expect(answer(big, 'what has T. Dao published on attention')).toMatchObject({ filters: { authors: ['Tri Dao'] } }); // as the collection spells it
    expect(answer(big, 'what did the authors write about attention')).not.toHaveProperty('filters');
  });

  it('"papers by Zirui Liu" finds KIVI on the seed corpus (first authors only)', () => {
    expect(ids(answer(lib, 'papers by Zirui Liu'))).toEqual(['2402.02750']);
  });

  it('an author no paper has is said so, with the name', () => {
    expect(answer(big, 'papers by Nobody Anywhere')).toMatchObject({ answered: false, reason: 'unknown-author', name: 'Nobody Anywhere' });
  });

  it('years: "2023 papers", "since", "before", "last year" (from the date passed in), ranges and power syntax', () => {
    const years = (q: string) => answer(big, q).results.map((r) => r.citation.year);
    expect(years('2023 papers on attention').every((y) => y === 2023)).toBe(true);
    expect(years('papers on attention since 2024').every((y) => y! >= 2024)).toBe(true);
    expect(years('papers on attention before 2024').every((y) => y! <= 2023)).toBe(true);
    // Comparatives say the same: "newer than 2024" is 2025 on, not 2024 papers first.
    for (const [q, range] of [
      ['anything newer than 2024 on attention?', { from: 2025 }],
      ['attention papers more recent than 2023', { from: 2024 }],
      ['post-2023 papers on attention', { from: 2024 }],
      ['attention papers older than 2024', { to: 2023 }],
      ['attention papers earlier than 2025', { to: 2024 }],
      ['pre-2024 attention papers', { to: 2023 }],
    ] as const)
      expect(answer(big, q).filters, q).toEqual({ years: range });
    expect(answer(big, 'papers from last year').filters).toEqual({ years: { from: 2025, to: 2025 } });
    expect(answer(big, 'author:"Tri Dao" year:2023..2023').results.map((r) => r.citation.id)).toEqual(['x1']);
    expect(parseYearRange('>=2022')).toEqual({ from: 2022 });
    expect(parseYearRange('2021-2023')).toEqual({ from: 2021, to: 2023 });
    expect(parseYearRange('soon')).toBeUndefined();
  });

  it('"anything newer than 2024 on kv cache?" is a dated list: the seed has no such paper, and says so', () => {
    const a = answer(lib, 'anything newer than 2024 on kv cache?');
    expect(a).toMatchObject({ kind: 'list', filters: { years: { from: 2025 } } });
    expect(a.results.every((r) => (r.citation.year ?? 0) >= 2025)).toBe(true);
    expect(answer(lib, 'anything newer than 2023 on kv cache?').results.map((r) => r.citation.id)).toContain('2402.02750');
  });

  it('a request for what appeared in a year is a dated list, even without the word "papers"', () => {
    const years = (q: string) => answer(lib, q).results.map((r) => r.citation.year);
    for (const q of ['anything from 2025?', 'what came out in 2025?', 'anything new in 2025?']) {
      const a = answer(lib, q);
      expect(a, q).toMatchObject({ kind: 'list', answered: true, filters: { years: { from: 2025, to: 2025 } } });
      expect(ids(a).sort(), q).toEqual(['2502.07563', '2502.13533', '2503.04222']); // the seed's three 2025 papers
    }
    // "from 2024 on quantization" is 2024 (the "on" starts the topic), not "2024 onwards".
    expect(answer(lib, 'anything from 2024 on quantization?').filters).toEqual({ years: { from: 2024, to: 2024 } });
    expect(years('anything from 2024 on quantization?')).toContain(2024);
    expect(years('anything from 2024 on quantization?').every((y) => y === 2024)).toBe(true);
    expect(answer(lib, 'papers from 2024 on').filters).toEqual({ years: { from: 2024 } });
    expect(answer(lib, 'anything new this year?')).toMatchObject({
      answered: false,
      reason: 'no-match',
      filters: { years: { from: 2026, to: 2026 } },
    });
    // Without a time it stays a question about one topic.
    expect(answer(lib, 'anything on teaching llama to speak dutch?')).toMatchObject({ kind: 'single', answered: true });
  });

  it('venues: "EMNLP 2023" filters by venue and year; explicit filters apply with those read from the text', () => {
    expect(ids(answer(big, 'EMNLP 2023 papers on attention kernels'))).toEqual(['x1']);
    expect(ids(answer(big, 'ACL papers on state space models'))).toEqual(['x2']);
    expect(ids(answer(big, 'attention on long sequences', { filters: { authors: ['Albert Gu'] } }))).toEqual(['x2']);
  });

  it('a quoted phrase must be in the paper', () => {
    expect(ids(answer(big, 'papers on "fused attention kernels"'))).toEqual(['x1']);
  });

  it('authors(prefix) suggests the collection’s authors, most papers first, initials and diacritics folded', () => {
    // "Trí Dào" and "Tri Dao" fold to one author, spelt as first met.
    expect(big.authors('t. da')).toEqual([{ name: 'Tri Dao', papers: 2 }]);
    expect(big.authors('albert g')).toEqual([{ name: 'Albert Gu', papers: 1 }]);
  });

  it('the filters survive a snapshot (authors, years and venues are in the index, not read from the papers)', () => {
    const opened = openLibrary({ papers: [...seed, ...extra], snapshot: structuredClone(big.snapshot()), termStats });
    expect(ids(answer(opened, 'papers by T. Dao'))).toEqual(['x2', 'x1']);
    expect(ids(answer(opened, 'EMNLP 2023 papers on attention kernels'))).toEqual(['x1']);
  });
});

describe('names no paper mentions (regression: "what is FastViDAR?" cited an unrelated paper)', () => {
  it('answered: false, reason not-in-collection, with the name, and the closest papers', () => {
    const a = answer(lib, 'what is FastViDAR?');
    expect(a).toMatchObject({ answered: false, reason: 'not-in-collection', name: 'FastViDAR' });
    expect(answer(lib, 'How does FastViDAR quantize the KV cache?')).toMatchObject({ answered: false, name: 'FastViDAR' });
    expect(answer(lib, 'What is KIVI?')).toMatchObject({ answered: true });
  });

  it('names are words shaped like names', () => {
    expect(namedWords('how does SwiftKV compare to GPT-4 and the KV cache').map((n) => n.name)).toEqual(['SwiftKV', 'GPT-4']);
    expect(namedWords('WHAT IS THIS ALL ABOUT')).toEqual([]);
  });

  it('several papers called by one name: said, and all listed', () => {
    const twin: Paper = {
      ...seed.find((p) => p.id === '2402.02750')!,
      id: 'kivi-2',
      title: 'KIVI: Kinship Verification in Images',
      abstract: 'KIVI verifies kinship from face images with a siamese network trained on family photos.',
    };
    const a = answer(createLibrary([...seed, twin], { termStats }), 'What is KIVI?');
    expect(a.ambiguous).toEqual({ name: 'KIVI' });
    expect(ids(a).sort()).toEqual(['2402.02750', 'kivi-2']);
  });
});

describe('compare (regression: "compare KIVI and SwiftKV" cited another KIVI without saying so)', () => {
  it('reads "compare A and B", "A vs B", "difference between A and B", with an aspect', () => {
    expect(compareIntent('compare KIVI and SwiftKV')).toEqual({ sides: ['KIVI', 'SwiftKV'], aspect: undefined });
    expect(compareIntent('KIVI vs SwiftKV?')).toEqual({ sides: ['KIVI', 'SwiftKV'], aspect: undefined });
    expect(compareIntent('what is the difference between KIVI and SwiftKV in memory?')).toEqual({
      sides: ['KIVI', 'SwiftKV'],
      aspect: 'memory',
    });
    expect(compareIntent('whats the diff between kivi and swiftkv')).toEqual({ sides: ['kivi', 'swiftkv'], aspect: undefined });
    expect(compareIntent('how is KIVI different from SwiftKV?')).toEqual({ sides: ['KIVI', 'SwiftKV'], aspect: undefined });
    expect(compareIntent('which is better, KIVI or SwiftKV for memory?')).toEqual({ sides: ['KIVI', 'SwiftKV'], aspect: 'memory' });
    // Against the rest of the field, a question about one paper, not a comparison of two.
    expect(compareIntent('how is KIVI different from other quantization methods?')).toBeUndefined();
    expect(compareIntent('compare KIVI with prior work')).toBeUndefined();
    expect(compareIntent('label supervized llama text clasification vs bert and roberta')).toBeUndefined();
  });

  it('both papers, A first, each with its sentence on the aspect', () => {
    const a = answer(lib, 'compare KIVI and SwiftKV on throughput');
    expect(a).toMatchObject({ kind: 'compare', answered: true, compare: { names: ['KIVI', 'SwiftKV'], aspect: 'throughput' } });
    expect(ids(a)).toEqual(['2402.02750', '2410.03960']);
    for (const r of a.results) expect(r.excerpt.text.toLowerCase()).toContain('throughput');
  });

  it('names each side as its paper spells it, whatever the case typed; a topic side stays as typed', () => {
    expect(answer(lib, 'whats the diff between kivi and swiftkv').compare?.names).toEqual(['KIVI', 'SwiftKV']);
    expect(answer(lib, 'compare me llama and llamantino').compare?.names).toEqual(['Me LLaMA', 'LLaMAntino']);
    expect(answer(lib, 'compare hedgehog and lasp-2').compare?.names).toEqual(['Hedgehog', 'LASP-2']); // a word of its title
    expect(answer(lib, 'compare kv cache quantization and linear attention').compare?.names).toEqual([
      'kv cache quantization',
      'linear attention',
    ]);
  });

  it('a side no paper mentions: not-in-collection with its name', () => {
    expect(answer(lib, 'compare KIVI and FastViDAR')).toMatchObject({
      kind: 'compare',
      answered: false,
      reason: 'not-in-collection',
      name: 'FastViDAR',
    });
  });
});

describe('related papers', () => {
  it('the closest papers by the paper’s distinctive terms, itself excluded', () => {
    const r = lib.related('2402.02750', 5)!;
    expect(r.paper.id).toBe('2402.02750');
    expect(r.results).toHaveLength(5);
    expect(ids({ results: r.results } as Answer)).not.toContain('2402.02750');
    expect(lib.related('nope')).toBeUndefined();
  });
});

describe('follow-ups (regression: "and what about 4 bit?" after KIVI matched the digit 4)', () => {
  it('"and the value cache?" after a KIVI answer is about KIVI and the value cache', () => {
    const first = answer(lib, 'How does KIVI quantize the key cache?');
    const a = answer(lib, 'and the value cache?', { turns: [first.turn!] });
    expect(a.followUp).toMatchObject({ paperId: '2402.02750' });
    expect(a.results[0]!.citation.id).toBe('2402.02750');
    expect(a.results[0]!.excerpt.text).toContain('value cache');
  });

  it('"how much faster is it?" after SwiftKV is about SwiftKV, with a figure', () => {
    const first = answer(lib, 'What is SwiftKV?');
    const a = answer(lib, 'how much faster is it?', { turns: [first.turn!] });
    expect(a.results[0]!.citation.id).toBe('2410.03960');
    expect(a.results[0]!.excerpt.text).toMatch(/\d/);
  });

  it('a follow-up of a follow-up stays on the paper with only the last turn (its question has no topic words)', () => {
    const a = answer(lib, 'and the value cache?', { turns: [{ question: 'how much faster is it?', paperId: '2407.20485' }] });
    expect(a.results[0]!.citation.id).toBe('2407.20485');
  });

  it('a question that names its own paper is not a follow-up', () => {
    const first = answer(lib, 'What is SwiftKV?');
    const a = answer(lib, 'How does KIVI quantize the key cache?', { turns: [first.turn!] });
    expect(a.followUp).toBeUndefined();
    expect(a.results[0]!.citation.id).toBe('2402.02750');
    expect(isFollowUp('and what about 4 bit?', false)).toBe(true);
  });

  it('a short question about a new name is not a follow-up: after a KIVI answer, "what is FastViDAR?" is not in the collection', () => {
    const first = answer(lib, 'What is KIVI?');
    const a = answer(lib, 'what is FastViDAR?', { turns: [first.turn!] });
    expect(a.followUp).toBeUndefined();
    expect(a).toMatchObject({ answered: false, reason: 'not-in-collection', name: 'FastViDAR' });
    // A fragment naming nothing still leans on the thread.
    expect(answer(lib, 'and the value cache?', { turns: [first.turn!] }).followUp).toMatchObject({ paperId: '2402.02750' });
    expect(isFollowUp('what is FastViDAR?', false, true)).toBe(false);
    expect(isFollowUp('how much faster?', false, false)).toBe(true);
  });

  it('a short list request with a topic of its own starts a new topic; "any other papers?" does not', () => {
    const first = answer(lib, 'how big is Llama Guard?');
    expect(first.results[0]!.citation.id).toBe('2312.06674');
    const italian = answer(lib, 'papers about Italian', { turns: [first.turn!] });
    expect(italian.followUp).toBeUndefined();
    expect(ids(italian)).toEqual(['2312.09993']);
    expect(answer(lib, 'any other papers?', { turns: [first.turn!] }).followUp).toMatchObject({ paperId: '2312.06674' });
  });
});

describe('chat that is no question, and questions about the collection', () => {
  it('"hi", "thanks!", "what can you do?" are said to be chat, search nothing and keep the thread', () => {
    for (const [q, talk] of [
      ['hi', 'greeting'],
      ['Hello there!', 'greeting'],
      ['thanks!', 'thanks'],
      ['thank you so much', 'thanks'],
      ['help', 'help'],
      ['what can you do?', 'help'],
    ] as const)
      expect(answer(lib, q), q).toMatchObject({ answered: false, reason: 'small-talk', talk, results: [] });
    const first = answer(lib, 'What is KIVI?');
    const thanks = answer(lib, 'thanks!', { turns: [first.turn!] });
    expect(thanks.turn).toEqual(first.turn);
    const next = answer(lib, 'and the value cache?', { turns: [first.turn!, thanks.turn!] });
    expect(next.followUp).toMatchObject({ paperId: '2402.02750' });
    // Words around them make a question: these are searched as usual.
    expect(answer(lib, 'hi, what is KIVI?').results[0]!.citation.id).toBe('2402.02750');
    expect(answer(lib, 'help me quantize the kv cache').talk).toBeUndefined();
  });

  it('"what papers do you have?", "how many papers are there?": the collection\'s size and its newest papers', () => {
    for (const q of ['what papers do you have?', 'how many papers are there?', 'list all papers', "what's in the collection?"]) {
      const a = answer(lib, q);
      expect(a, q).toMatchObject({ kind: 'list', answered: true, collectionSize: seed.length, newestFirst: true });
      expect(a.results.map((r) => r.citation.year).slice(0, 3), q).toEqual([2025, 2025, 2025]);
    }
    expect(answer(lib, 'how many papers use lora?').collectionSize).toBeUndefined();
  });
});

describe('newest first', () => {
  const years = (a: Answer) => a.results.map((r) => r.citation.year ?? 0);
  const descending = (ys: number[]) => ys.every((y, i) => i === 0 || ys[i - 1]! >= y);

  it('"latest papers" with no topic: the collection, newest first', () => {
    const a = answer(lib, 'latest papers');
    expect(a).toMatchObject({ kind: 'list', answered: true, newestFirst: true });
    expect(years(a).slice(0, 3)).toEqual([2025, 2025, 2025]);
    expect(descending(years(a))).toBe(true);
    expect(answer(lib, 'newest papers').results.map((r) => r.citation.id)).toEqual(ids(a));
  });

  it('"what\'s the latest on kv cache?": the papers on it that a plain list shows, newest first', () => {
    const latest = answer(lib, "what's the latest on linear attention?");
    const plain = answer(lib, 'papers on linear attention');
    expect(latest).toMatchObject({ kind: 'list', answered: true, newestFirst: true });
    expect([...ids(latest)].sort()).toEqual([...ids(plain)].sort());
    expect(ids(latest)[0]).toBe('2502.07563'); // LASP-2 (2025) before Hedgehog (2024)
    expect(descending(years(latest))).toBe(true);
    // "latest" is an order, not a word to search for; a question about a version is no request for papers.
    expect(answer(lib, 'what is the latest version of llama used in chocollama?')).toMatchObject({ kind: 'single' });
    expect(answer(lib, 'what is the latest version of llama used in chocollama?').newestFirst).toBeUndefined();
  });
});

describe('papers like one paper', () => {
  it('"papers similar to kivi", "anything like SwiftKV?": the papers /related lists, the paper itself left out', () => {
    for (const [q, id, name] of [
      ['papers similar to kivi', '2402.02750', 'KIVI'],
      ['anything like SwiftKV?', '2410.03960', 'SwiftKV'],
      ['what are papers like llama guard', '2312.06674', 'Llama Guard'],
    ] as const) {
      const a = answer(lib, q);
      expect(a, q).toMatchObject({ kind: 'list', answered: true, similarTo: { id, name } });
      expect(ids(a), q).not.toContain(id);
      expect(ids(a), q).toEqual(lib.related(id)!.results.map((r) => r.citation.id));
    }
    // A topic is no paper: "related to kv cache" lists the papers on it, KIVI among them.
    const topic = answer(lib, 'papers related to kv cache');
    expect(topic.similarTo).toBeUndefined();
    expect(ids(topic)).toContain('2402.02750');
  });

  it('"more like this" in a thread: like the thread\'s paper; with no thread, nothing to be like', () => {
    const first = answer(lib, 'What is KIVI?');
    const a = answer(lib, 'more like this', { turns: [first.turn!] });
    expect(a).toMatchObject({ similarTo: { id: '2402.02750' }, followUp: { paperId: '2402.02750' } });
    expect(ids(a)).not.toContain('2402.02750');
    expect(answer(lib, 'similar papers?', { turns: [first.turn!] }).similarTo).toMatchObject({ id: '2402.02750' });
    expect(answer(lib, 'similar papers?')).toMatchObject({ answered: false, reason: 'no-searchable-terms', results: [] });
  });

  it('keeps to the filters asked for', () => {
    const a = answer(lib, 'papers like kivi', { filters: { years: { from: 2025 } } });
    expect(a.results.length).toBeGreaterThan(0);
    expect(a.results.every((r) => r.citation.year! >= 2025)).toBe(true);
  });
});

describe('precise lists (regression: the README example listed SwiftKV and MUSCLE)', () => {
  it('"which papers are about machine translation?" lists the translation papers only', () => {
    const a = answer(lib, 'which papers are about machine translation?');
    expect(ids(a)).not.toContain('2410.03960');
    expect(ids(a)).not.toContain('2407.09435');
    expect(ids(a)).toEqual(expect.arrayContaining(['2309.11674', '2403.11430']));
  });
});

describe('precise lists: a topic as the collection writes it', () => {
  // Six papers say "visual attention"; two only in their title (one hyphenated), and weakly. Three use both words apart, often (they
  // outrank it on the words alone, and their titles have both words): none of them is about visual attention.
  const holders: Paper[] = Array.from({ length: 6 }, (_, i) => ({
    id: `va${i}`,
    title: `Study ${i} of gaze in scenes`,
    abstract: `We model visual attention of viewers in scene ${i}. Visual attention maps predict fixations well.`,
    authors: ['A. Author'],
    year: 2024,
    url: null,
    codeUrl: null,
    source: 'json',
  }));
  const titled: Paper[] = [
    ['va-title', 'Visual Attention in Reading'],
    ['va-hyphen', 'Visual-Attention Maps of Drivers'],
  ].map(([id, title]) => ({
    id: id!,
    title: title!,
    abstract: 'Readers look at words in order; we record where.',
    authors: ['A. Author'],
    year: 2024,
    url: null,
    codeUrl: null,
    source: 'json',
  }));
  const apart: Paper[] = Array.from({ length: 3 }, (_, i) => ({
    id: `apart${i}`,
    title: `Visual Token Pruning ${i} with Rectified Attention`,
    abstract: `Visual tokens are pruned by attention scores, and attention over visual tokens is rectified; visual tokens and attention heads ${i} shrink.`,
    authors: ['B. Author'],
    year: 2025,
    url: null,
    codeUrl: null,
    source: 'json',
  }));
  let list: Library;
  beforeAll(() => {
    list = createLibrary([...seed, ...holders, ...titled, ...apart], { termStats });
  });

  it('"papers on visual attention" lists the papers that say it, not those with both words apart', () => {
    const got = ids(answer(list, 'papers on visual attention', { top: 5 }));
    expect(got.length).toBeGreaterThan(0);
    for (const id of got) expect(id.startsWith('apart')).toBe(false);
  });

  it('the papers whose title says the topic (hyphenated or not) come first, though their words score low', () => {
    const got = ids(answer(list, 'which papers are about visual attention?', { top: 5 }));
    expect(got.slice(0, 2).sort()).toEqual(['va-hyphen', 'va-title']);
  });

  it('a topic the collection says otherwise ("quantizing llms") still lists the papers about it', () => {
    expect(ids(answer(lib, 'papers on quantizing llms', { top: 5 }))).toEqual(expect.arrayContaining(['2404.14047', '2402.02750']));
  });
});
