import { createInterface } from 'node:readline';
import { answerView, ThreadMemory } from '../shared/commands.js';
import { readCacheDir } from '../shared/config.js';
import { loadLibrary } from '../shared/corpus.js';
import { ASK_USAGE, type AskArgs, parseAskArgs, readInputLine } from './args.js';
import { runEntry } from './entry.js';
import { ANSI, answerJson, PLAIN, renderAnswer } from './render.js';

/** `npm run ask`: answer one question, or (with --json and no question) every line of stdin. */
async function main(argv: string[]): Promise<number> {
  let args: AskArgs;
  try {
    args = parseAskArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${ASK_USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${ASK_USAGE}\n`);
    return 0;
  }
  if (!args.question && !args.json) {
    process.stderr.write(`Give a question, or use --json to read questions from stdin.\n\n${ASK_USAGE}\n`);
    return 2;
  }
  const cacheDir = readCacheDir(process.env);
  const { library } = await loadLibrary(args.data, cacheDir ? { cacheDir } : {});
  const today = new Date();
  const threads = new ThreadMemory(Number.POSITIVE_INFINITY);
  const ask = (q: string, thread?: string) => {
    const turns = thread !== undefined ? threads.turns(thread) : [];
    const result = library.ask(q, { top: args.top, today, ...(turns.length > 0 ? { turns } : {}) });
    if (thread !== undefined && result.ok && result.answer.turn) threads.add(thread, result.answer.turn);
    return result;
  };
  if (args.question) {
    const result = ask(args.question);
    // Text output shows all `--top` papers the core returned.
    const sizes = { alsoRelevant: args.top - 1, listResults: args.top, closest: args.top };
    const out = args.json
      ? JSON.stringify(answerJson(args.question, result))
      : renderAnswer(answerView(result, sizes), process.stdout.isTTY ? ANSI : PLAIN);
    process.stdout.write(`${out}\n`);
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const input = readInputLine(line);
    if ('error' in input) {
      process.stdout.write(
        `${JSON.stringify({ question: line.trim().slice(0, 500), answered: false, error: input.error, results: [] })}\n`,
      );
      continue;
    }
    process.stdout.write(`${JSON.stringify(answerJson(input.question, ask(input.question, input.thread), input.thread))}\n`);
  }
  return 0;
}

runEntry(() => main(process.argv.slice(2)));
