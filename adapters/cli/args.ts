import { parseArgs } from 'node:util';

/** Parsed `ask` arguments. */
export interface AskArgs {
  question: string | undefined;
  top: number;
  data: string | undefined;
  json: boolean;
  help: boolean;
}

export const ASK_USAGE = `Usage: npm run ask -- [options] "question"

Answers a question from the papers corpus with cited, verbatim excerpts.

Options:
  --top N       how many papers to show (1-25, default 5)
  --data FILE   answer from this corpus (.jsonl or .jsonl.gz; default data/papers.jsonl)
  --json        print one JSON object per question (see README "JSON output");
                with no question, read questions from stdin, one per line
  -h, --help    show this help`;

/** Parse `ask` arguments; throws an Error with a user-facing message for bad ones. */
export function parseAskArgs(argv: string[]): AskArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      top: { type: 'string' },
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  let top = 5;
  if (values.top !== undefined) {
    top = Number(values.top);
    if (!Number.isInteger(top) || top < 1 || top > 25) throw new Error(`--top must be a whole number from 1 to 25, got "${values.top}"`);
  }
  const question = positionals.join(' ').trim() || undefined;
  return { question, top, data: values.data, json: values.json ?? false, help: values.help ?? false };
}
