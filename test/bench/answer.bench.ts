/**
 * Per-question latency side by side at 10k papers (`npm run bench`): one op = one question from the mixed set
 * (eval questions + generic ones), cycling. citebot's op is a full `ask` (ranking, abstention, excerpts);
 * the other engines return ranked ids only. Build cost, memory and larger corpora: `test/bench/run-bench.ts`.
 */
import { test } from 'vitest';
import { DEFAULT_CORPUS } from '../../adapters/shared/corpus.js';
import { loadCorpusFile } from '../../src/index.js';
import { loadDistractors, loadQuestions } from '../eval/evaluate.js';
import { ENGINE_NAMES, type Engine, loadBundledTermStats, makeEngine, mixedQuestions } from './engines.js';

const DISTRACTORS = 10_000;

const papers = [...(await loadCorpusFile(DEFAULT_CORPUS)), ...(await loadDistractors(DISTRACTORS))];
const questions = mixedQuestions(loadQuestions());
const termStats = await loadBundledTermStats();
const engines: Engine[] = [];
for (const name of ENGINE_NAMES) {
  const engine = await makeEngine(name, termStats);
  await engine.build(papers);
  engines.push(engine);
}

test(`answer latency, ${papers.length.toLocaleString('en-US')} papers, ${questions.length} mixed questions (one question per op)`, async ({
  bench,
}) => {
  const cases = engines.map((engine) => {
    let i = 0;
    return bench(engine.name, () => {
      engine.query(questions[i++ % questions.length]!);
    });
  });
  // Exactly one pass over the set after a short warm-up, so every engine answers the same questions.
  await bench.compare(...cases, { time: 0, iterations: questions.length, warmupTime: 0, warmupIterations: 30 });
});
