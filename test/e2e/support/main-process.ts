import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** `npm start`'s entry, run from source the way `npm start` runs it (tsx's loader). */
export const MAIN = fileURLToPath(new URL('../../../adapters/main.ts', import.meta.url));
export const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** A running `adapters/main.ts` child: its exit, what it has logged so far, and a wait for a log line. */
export interface MainProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr(): string;
  /** Resolves when stderr matches `re` (now or later); rejects if the process exits first. */
  logged(re: RegExp): Promise<RegExpExecArray>;
}

/** Start the bot as a child process in `cwd` with exactly `env` (nothing inherited but what is passed). */
export function startMainProcess(cwd: string, env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const logged = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(stderr);
        if (m) resolve(m);
      };
      child.stderr!.on('data', check);
      check();
      void exited.then((code) => reject(new Error(`main exited (${code}) before logging ${re}: ${stderr}`)));
    });
  return { child, exited, stderr: () => stderr, logged };
}
