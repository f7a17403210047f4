import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLibrary, loadCorpusFile, loadTermStats, type Paper, type TermStats } from '../../src/index.js';
import {
  type BenchmarkRun,
  CHAT_136K_FILE,
  CHAT_136K_MIXED_FILE,
  CHAT_136K_MORE_FILE,
  CHAT_136K_STYLES_FILE,
  hasLitsearch,
  hasSciFact,
  LITSEARCH_FILE,
  LITSEARCH_HARD_FILE,
  loadLitsearch,
  loadSciFactCorpus,
  loadSciFactTrain,
  runBenchmark,
} from './benchmarks.js';
import { PlainBm25, vocabularyOf } from './bm25.js';
import { evaluate, loadDistractors, loadQuestions, SHARED_CORPUS } from './evaluate.js';

// Floors a little below what the eval reaches (see README "Retrieval quality"): a regression fails the build.
const SEED_FLOORS = { top1: 0.98, top3: 0.98, answerInExcerpt: 0.89, listRecall5: 0.95, oosAbstention: 0.95 };
const SEED_MAX_FALSE_ABSTENTION = 0.02;
const DISTRACTOR_FLOORS = { top1: 0.93, answerInExcerpt: 0.89 };
// The held-out set (test/eval/heldout.jsonl) was written separately from the tuning, by someone who had not seen
// the development questions or the bot's answers; its floors guard generalisation, not the examples.
const HELDOUT_FLOORS = { top1: 0.95, answerInExcerpt: 0.77, listRecall5: 0.9, oosAbstention: 0.9 };
const HELDOUT_MAX_FALSE_ABSTENTION = 0.04;
// The second chat set, written apart on 2026-12-01 from the abstracts alone: its dev half is a training set of
// `npm run fit:abstention`; its test half (fresh-test.jsonl) is never tuned on and has no floor.
const FRESH_DEV_FLOORS = { top1: 0.97, oosAbstention: 1, maxFalseAbstention: 0.03 };
// SciFact's training claims (read from ../shared; its dev split is withheld): floors on the training split only.
const SCIFACT_TRAIN_FLOORS = { ndcg10: 0.7, recall5: 0.75 };
const SCIFACT_TRAIN_RATIONALE = 0.81;
// Literature-search questions (test/eval/litsearch.jsonl), split train only, over the 136k corpus plus the seed.
const LITSEARCH_TRAIN_FLOORS = { top1: 0.94, recall5: 0.95, mrr: 0.95 };
// The harder literature-search questions (test/eval/litsearch-hard.jsonl), split train only: a training set of
// `npm run fit` from now on; its test split is never tuned on and has no floor.
const LITSEARCH_HARD_TRAIN_FLOORS = { top1: 0.67, recall5: 0.79, ndcg10: 0.74 };
// Chat questions about 200 papers of the 136k corpus (test/eval/chat-136k.jsonl), split train only (a training
// set of `npm run fit`); its test split is never tuned on and has no floor.
const CHAT_136K_TRAIN_FLOORS = { top1: 0.83, recall5: 0.9 };
const CHAT_136K_TRAIN_SENTENCE = 0.7;
// The same for test/eval/chat-136k-mixed.jsonl's train split (session 13): top-1 0.850, recall@5 0.980, answer in
// excerpt 0.694. Its top-1 is below the plain BM25's (0.910) on these 100 questions, so only the floors are gated.
const CHAT_136K_MIXED_TRAIN_FLOORS = { top1: 0.83, recall5: 0.95 };
const CHAT_136K_MIXED_TRAIN_SENTENCE = 0.65;
// The same for test/eval/chat-136k-more.jsonl's train split (session 15, measured before anything was fitted on it):
// top-1 0.927 (BM25 0.893), recall@5 0.960, answer in excerpt 0.741.
const CHAT_136K_MORE_TRAIN_FLOORS = { top1: 0.9, recall5: 0.93 };
const CHAT_136K_MORE_TRAIN_SENTENCE = 0.7;

// Questions about papers of the 136k corpus over the seed papers alone, where the paper each asks about is absent
// (their train splits are a training set of `npm run fit:abstention`; session 16's fit: chat 0.963, literature
// search 0.955): the share that abstains, listing the closest papers, rather than answering with another paper.
const ABSENT_TRAIN_FLOORS = { chat: 0.94, litsearch: 0.93 };

let seed: Paper[];
let termStats: TermStats;
const questions = loadQuestions();

beforeAll(async () => {
  seed = await loadCorpusFile(new URL('../../data/papers.jsonl', import.meta.url).pathname);
  termStats = await loadTermStats(new URL('../../data/term-stats.tsv.gz', import.meta.url).pathname);
});

describe('retrieval quality', () => {
  it(`seed corpus: ${questions.length} chat-style questions meet the floors`, () => {
    const m = evaluate(createLibrary(seed, { termStats }), questions);
    for (const [metric, floor] of Object.entries(SEED_FLOORS))
      expect(m[metric as keyof typeof SEED_FLOORS], metric).toBeGreaterThanOrEqual(floor);
    expect(m.falseAbstention).toBeLessThanOrEqual(SEED_MAX_FALSE_ABSTENTION);
  });

  it('seed corpus: the fresh development half (fresh-dev.jsonl, a training set of the abstention fit) abstains on every out-of-scope question and on almost no other', () => {
    const m = evaluate(createLibrary(seed, { termStats }), loadQuestions(fileURLToPath(new URL('./fresh-dev.jsonl', import.meta.url))));
    expect(m.oosAbstention).toBeGreaterThanOrEqual(FRESH_DEV_FLOORS.oosAbstention);
    expect(m.falseAbstention).toBeLessThanOrEqual(FRESH_DEV_FLOORS.maxFalseAbstention);
    expect(m.top1).toBeGreaterThanOrEqual(FRESH_DEV_FLOORS.top1);
  });

  it('seed corpus: the held-out questions meet their floors', () => {
    const heldout = loadQuestions(fileURLToPath(new URL('./heldout.jsonl', import.meta.url)));
    const m = evaluate(createLibrary(seed, { termStats }), heldout);
    for (const [metric, floor] of Object.entries(HELDOUT_FLOORS))
      expect(m[metric as keyof typeof HELDOUT_FLOORS], metric).toBeGreaterThanOrEqual(floor);
    expect(m.falseAbstention).toBeLessThanOrEqual(HELDOUT_MAX_FALSE_ABSTENTION);
  });

  it('seed corpus: a question about a paper it lacks abstains and lists the closest papers instead of answering with another paper', () => {
    const library = createLibrary(seed, { termStats });
    const abstains = (files: readonly string[]) => {
      const asked = files.filter((f) => existsSync(f)).flatMap((f) => loadLitsearch(f).filter((i) => i.split === 'train'));
      let abstained = 0;
      for (const { q } of asked) {
        const res = library.ask(q, { top: 5 });
        expect(res.ok, q).toBe(true);
        if (!res.ok || res.answer.answered) continue;
        abstained++;
        // Too little matched, or the paper it names is not in the collection: either way the closest are listed.
        expect(['weak-match', 'not-in-collection'], q).toContain(res.answer.reason);
        expect(res.answer.results.length, `${q}: closest papers listed`).toBeGreaterThan(0);
      }
      return asked.length > 0 ? abstained / asked.length : 1;
    };
    expect(abstains([CHAT_136K_FILE, CHAT_136K_MIXED_FILE, CHAT_136K_MORE_FILE]), 'chat').toBeGreaterThanOrEqual(ABSENT_TRAIN_FLOORS.chat);
    expect(abstains([LITSEARCH_FILE, LITSEARCH_HARD_FILE]), 'literature search').toBeGreaterThanOrEqual(ABSENT_TRAIN_FLOORS.litsearch);
  });

  it('seed corpus: a short question naming its paper among chat words no abstract uses is still answered', () => {
    // Why the short-question threshold was kept when the long-question rule was refitted (README "Session 16").
    const library = createLibrary(seed, { termStats });
    for (const [q, id] of [
      ['arxiv link for bone', '2409.15371'],
      ['key takeaways from the lora safety paper', '2310.20624'],
      ['explain like im 5: kivi', '2402.02750'],
      ['is there work showing safety training can be cheaply removed if you have the weights?', '2310.20624'],
      // Chat slang is filler, not an unmatched topic word that weakens the match.
      ['wat is kivi tbh', '2402.02750'],
      ['kinda curious, wat does hedgehog do btw', '2402.04347'],
    ] as const) {
      const res = library.ask(q, { top: 5 });
      expect(res.ok && res.answer.answered, q).toBe(true);
      expect(res.ok && res.answer.results[0]?.citation.id, q).toBe(id);
    }
  });

  it('seed corpus: the words a question asks with weigh less than its topic when the excerpt is chosen', () => {
    // "way", "keep", "vs": rare in abstracts, so by IDF alone they outweighed the topic (README "Session 18").
    const library = createLibrary(seed, { termStats });
    for (const [q, id, shown] of [
      ['whats the cheapest way to finetune a sparse llm', '2310.08915', 'fine-tune sparse LLMs in an efficient training-free manner'],
      ['how many languages does the alma translation model cover', '2309.11674', '10 translation directions'],
    ] as const) {
      const res = library.ask(q, { top: 5 });
      expect(res.ok && res.answer.answered, q).toBe(true);
      const top = res.ok ? res.answer.results[0] : undefined;
      expect(top?.citation.id, q).toBe(id);
      expect(top?.excerpt.text, q).toContain(shown);
    }
  });

  it.runIf(existsSync(SHARED_CORPUS))(
    'the 33 papers hidden among 10k real distractors are still found',
    async () => {
      const distractors = await loadDistractors(10_000);
      const m = evaluate(
        createLibrary([...seed, ...distractors], { termStats }),
        questions.filter((q) => q.kind !== 'list' && q.kind !== 'out-of-scope'),
      );
      for (const [metric, floor] of Object.entries(DISTRACTOR_FLOORS))
        expect(m[metric as keyof typeof DISTRACTOR_FLOORS], metric).toBeGreaterThanOrEqual(floor);
    },
    120_000,
  );

  it.runIf(hasSciFact())(
    'SciFact training claims: ranking and gold sentences meet the floors, above plain BM25',
    async () => {
      const corpus = await loadSciFactCorpus();
      const train = loadSciFactTrain();
      const bm25 = new PlainBm25(
        corpus.map((p) => ({ id: p.id, text: `${p.title} ${p.abstract}` })),
        vocabularyOf(train.map((t) => t.q)),
      );
      const run = runBenchmark(createLibrary(corpus, { termStats }), bm25, train);
      for (const [metric, floor] of Object.entries(SCIFACT_TRAIN_FLOORS))
        expect(run.citebot[metric as keyof typeof SCIFACT_TRAIN_FLOORS], metric).toBeGreaterThanOrEqual(floor);
      expect(run.citebot.ndcg10).toBeGreaterThan(run.bm25.ndcg10);
      expect(run.rationale.citebot).toBeGreaterThanOrEqual(SCIFACT_TRAIN_RATIONALE);
    },
    60_000,
  );

  it.runIf(existsSync(SHARED_CORPUS) && hasLitsearch())(
    'literature-search training questions over 136k papers (and the harder set, and the chat questions about its papers): the floors, and top-1 above plain BM25',
    async () => {
      const papers = [...seed, ...(await loadDistractors())];
      // The chat sets about its papers can be scored: each key marks one place in its paper's abstract, and no
      // paper is asked about twice (in one set or across them).
      const abstractOf = new Map(papers.map((p) => [p.id, p.abstract]));
      const asked = new Set<string>();
      for (const file of [CHAT_136K_FILE, CHAT_136K_STYLES_FILE, CHAT_136K_MIXED_FILE, CHAT_136K_MORE_FILE].filter((f) => existsSync(f))) {
        for (const item of loadLitsearch(file)) {
          const id = item.relevant[0]!;
          expect(item.relevant, item.q).toHaveLength(1);
          expect(abstractOf.get(id)?.split(item.key ?? '\u0000').length, `${id}: "${item.key}" once in its abstract`).toBe(2);
          expect(asked.has(id), `${id} asked about twice`).toBe(false);
          asked.add(id);
        }
      }
      const library = createLibrary(papers, { termStats });
      // A set's train split, beside the plain BM25 over the same papers keeping its questions' words.
      const trainRun = (file: string) => {
        const train = loadLitsearch(file).filter((i) => i.split === 'train');
        const bm25 = new PlainBm25(
          papers.map((p) => ({ id: p.id, text: `${p.title} ${p.abstract}` })),
          vocabularyOf(train.map((t) => t.q)),
        );
        return runBenchmark(library, bm25, train);
      };
      const meets = (run: BenchmarkRun, floors: Readonly<Record<string, number>>, set: string) => {
        for (const [metric, floor] of Object.entries(floors))
          expect(run.citebot[metric as keyof BenchmarkRun['citebot']], `${set} ${metric}`).toBeGreaterThanOrEqual(floor);
        expect(run.citebot.top1, `${set} top-1 above BM25`).toBeGreaterThan(run.bm25.top1);
      };
      meets(trainRun(LITSEARCH_FILE), LITSEARCH_TRAIN_FLOORS, 'litsearch');
      if (existsSync(LITSEARCH_HARD_FILE)) meets(trainRun(LITSEARCH_HARD_FILE), LITSEARCH_HARD_TRAIN_FLOORS, 'litsearch-hard');
      if (!existsSync(CHAT_136K_FILE)) return;
      const chatRun = trainRun(CHAT_136K_FILE);
      meets(chatRun, CHAT_136K_TRAIN_FLOORS, 'chat-136k');
      expect(chatRun.rationale.citebot).toBeGreaterThanOrEqual(CHAT_136K_TRAIN_SENTENCE);
      expect(chatRun.abstained).toBe(0);
      if (!existsSync(CHAT_136K_MIXED_FILE)) return;
      const mixedRun = trainRun(CHAT_136K_MIXED_FILE);
      for (const [metric, floor] of Object.entries(CHAT_136K_MIXED_TRAIN_FLOORS))
        expect(mixedRun.citebot[metric as keyof BenchmarkRun['citebot']], `chat-136k-mixed ${metric}`).toBeGreaterThanOrEqual(floor);
      expect(mixedRun.rationale.citebot).toBeGreaterThanOrEqual(CHAT_136K_MIXED_TRAIN_SENTENCE);
      expect(mixedRun.abstained).toBe(0);
      if (!existsSync(CHAT_136K_MORE_FILE)) return;
      const moreRun = trainRun(CHAT_136K_MORE_FILE);
      meets(moreRun, CHAT_136K_MORE_TRAIN_FLOORS, 'chat-136k-more');
      expect(moreRun.rationale.citebot).toBeGreaterThanOrEqual(CHAT_136K_MORE_TRAIN_SENTENCE);
      expect(moreRun.abstained).toBe(0);
    },
    240_000,
  );
});
