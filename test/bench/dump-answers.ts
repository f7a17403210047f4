/**
 * Every eval question (test/eval/*.jsonl) asked of one corpus, each full answer written as a JSON line: to prove
 * that a change meant to be faster or smaller changes no answer. Run it on the code before and after, then diff:
 *
 *   npx tsx test/bench/dump-answers.ts --corpus /tmp/citebot-bench/corpus-136575.jsonl --index /tmp/a.idx --out /tmp/before.jsonl
 *   (change the code)
 *   npx tsx test/bench/dump-answers.ts --corpus … --index /tmp/b.idx --out /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl
 *
 * The library is opened from the saved index at --index when it is current, else built and saved there first.
 * Both the saved and the built library are asked (`--from built,saved`), so a format change is checked too.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLibrary, hashFile, type Library, loadCorpusFile, loadIndex, openLibrary, saveIndex } from '../../src/index.js';
import { loadBundledTermStats } from './engines.js';

const { values } = parseArgs({
  options: {
    corpus: { type: 'string' },
    index: { type: 'string' },
    out: { type: 'string' },
    from: { type: 'string', default: 'saved' },
    top: { type: 'string', default: '5' },
  },
});
if (!values.corpus || !values.index || !values.out) throw new Error('give --corpus FILE --index FILE --out FILE');

const EVAL_DIR = fileURLToPath(new URL('../eval/', import.meta.url));
const questions = readdirSync(EVAL_DIR)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) =>
    readFileSync(join(EVAL_DIR, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => (JSON.parse(l) as { q: string }).q),
  );

const termStats = await loadBundledTermStats();
const hash = await hashFile(values.corpus);
const libraries: [string, Library][] = [];
const from = values.from.split(',');
let built: Library | undefined;
if (from.includes('built') || (await loadIndex(values.index, hash).then((s) => 'miss' in s))) {
  const t0 = performance.now();
  built = createLibrary(await loadCorpusFile(values.corpus), { termStats });
  console.error(`built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await saveIndex(values.index, { papers: built.papers, snapshot: built.snapshot() }, hash);
  if (from.includes('built')) libraries.push(['built', built]);
}
if (from.includes('saved')) {
  const saved = await loadIndex(values.index, hash);
  if ('miss' in saved) throw new Error(`saved index not loaded: ${saved.miss}`);
  libraries.push(['saved', openLibrary({ ...saved, termStats })]);
}
const top = Number(values.top);
const lines: string[] = [];
for (const [name, library] of libraries) {
  const t0 = performance.now();
  for (const q of questions) lines.push(JSON.stringify({ from: name, q, result: library.ask(q, { top }) }));
  console.error(`${name}: ${questions.length} questions in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}
// One file per library kind would hide a difference between them: both go in, and must agree line for line.
writeFileSync(values.out, `${lines.join('\n')}\n`);
