import { CitebotError } from '../../src/index.js';

/**
 * Run a command-line entry: the number `main` resolves to is the exit status; a rejection is printed on stderr, a
 * `CitebotError` as its message (an expected failure: a bad corpus, a missing file), anything else with its stack.
 * A reader that goes away (`npm run ask -- --json < questions | head -1`) ends the command quietly with status 0,
 * as Unix tools do on a closed pipe; other write errors on standard output are reported.
 */
export function runEntry(main: () => Promise<number>): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`Could not write to standard output: ${err.message}\n`);
    process.exit(1);
  });
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof CitebotError ? err.message : String((err as Error)?.stack ?? err)}\n`);
      process.exitCode = 1;
    },
  );
}
