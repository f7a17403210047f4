import { CitebotError } from '../../src/index.js';

/**
 * Run a command-line entry: the number `main` resolves to is the exit status; a rejection is printed on stderr, a
 * `CitebotError` as its message (an expected failure: a bad corpus, a missing file), anything else with its stack.
 */
export function runEntry(main: () => Promise<number>): void {
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
