import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadDotenv } from '../shared/env.js';
import { formatReport, parseStoreConfig, readReport, StoreUnavailableError, toEvalCases } from '../shared/store/index.js';

const USAGE = `Usage: npm run report -- [options]

Summarises the question log and the feedback votes: questions per day, unanswered questions, thumbs-down with
the question and the cited paper, wrong-paper votes, the most cited papers. Reads the same settings as the bot
(CITEBOT_DATA_DIR, DATABASE_URL; .env is read when present).

Options:
  --days N             how many days back (default 30)
  --json               print one JSON object instead of text
  --export-eval FILE   also write thumbs-down, wrong-paper and unanswered questions to FILE as JSON Lines
                       evaluation cases (test/eval/questions.jsonl format, "expected" left for you to fill)
  -h, --help           show this help`;

function parseReportArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      days: { type: 'string' },
      json: { type: 'boolean', default: false },
      'export-eval': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
}
type ReportArgs = ReturnType<typeof parseReportArgs>;

async function main(argv: string[]): Promise<number> {
  let values: ReportArgs;
  try {
    values = parseReportArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const days = values.days === undefined ? 30 : Number(values.days);
  if (!Number.isInteger(days) || days < 1) {
    process.stderr.write(`--days must be a whole number of days, 1 or more, got "${values.days}"\n\n${USAGE}\n`);
    return 2;
  }
  loadDotenv();
  const config = parseStoreConfig(process.env);
  const report = await readReport({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, days });
  process.stdout.write(`${values.json ? JSON.stringify(report) : formatReport(report)}\n`);
  const file = values['export-eval'];
  if (file) {
    const cases = toEvalCases(report);
    try {
      writeFileSync(file, cases.map((c) => `${JSON.stringify(c)}\n`).join(''));
    } catch (err) {
      process.stderr.write(`citebot report: cannot write ${file}: ${(err as Error).message}\n`);
      return 1;
    }
    process.stderr.write(`Wrote ${cases.length} evaluation cases to ${file}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Expected failures are one readable line; anything else is a bug worth its stack.
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
    } else if (err instanceof StoreUnavailableError) {
      process.stderr.write(`citebot report: ${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
      process.exitCode = 1;
    }
  },
);
