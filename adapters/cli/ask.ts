import { createInterface } from 'node:readline';
import { answerView } from '../shared/commands.js';
import { readCacheDir } from '../shared/config.js';
import { loadLibrary } from '../shared/corpus.js';
import { ASK_USAGE, type AskArgs, parseAskArgs } from './args.js';
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
  const ask = (q: string) => library.ask(q, { top: args.top });
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
    process.stdout.write(`${JSON.stringify(answerJson(line, ask(line)))}\n`);
  }
  return 0;
}

runEntry(() => main(process.argv.slice(2)));
