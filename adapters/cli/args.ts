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

/**
 * One line of `--json` input: a plain question, or a JSON object `{"question": string, "thread": string}` (lines
 * with the same `thread` are one conversation, in order). A line that starts with "{" but is not such an object
 * is an error for that line only.
 */
export function readInputLine(line: string): { question: string; thread?: string } | { error: { code: 'INVALID_INPUT'; message: string } } {
  const t = line.trim();
  if (!t.startsWith('{')) return { question: line };
  let v: unknown;
  try {
    v = JSON.parse(t);
  } catch {
    return {
      error: { code: 'INVALID_INPUT', message: 'A line starting with "{" must be a JSON object {"question": string, "thread": string}.' },
    };
  }
  const o = v as { question?: unknown; thread?: unknown };
  if (typeof o !== 'object' || o === null || typeof o.question !== 'string' || (o.thread !== undefined && typeof o.thread !== 'string'))
    return { error: { code: 'INVALID_INPUT', message: '"question" must be a string and "thread", when given, a string.' } };
  return { question: o.question, ...(typeof o.thread === 'string' ? { thread: o.thread } : {}) };
}
