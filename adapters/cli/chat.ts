import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Library } from '../../src/index.js';
import { answerView, askLibrary } from '../shared/commands.js';
import { HELP } from '../shared/messages.js';
import { ANSI, PLAIN, renderAnswer, type TermStyle } from './render.js';

/**
 * Answer questions from a stream, one per line. Interactive (a prompt, help, quit) when `interactive`;
 * otherwise each non-blank line is answered and the function returns at end of input.
 */
export async function runTerminalChat(
  library: { readonly current: Library },
  input: Readable,
  output: Writable,
  interactive: boolean,
  style?: TermStyle,
): Promise<void> {
  const st = style ?? (interactive ? ANSI : PLAIN);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  const write = (s: string) => output.write(`${s}\n`);
  if (interactive) {
    rl.setPrompt('ask> ');
    rl.prompt();
  }
  let first = true;
  for await (const raw of rl) {
    const line = raw.trim();
    if (interactive && /^(quit|exit|\/quit|\/exit)$/i.test(line)) break;
    if (line === '') {
      if (interactive) rl.prompt();
      continue;
    }
    if (interactive && /^(help|\/help|\?)$/i.test(line)) write(HELP.terminal);
    else {
      if (!interactive && !first) write('\n---\n');
      write(renderAnswer(answerView(askLibrary(library.current, line)), st));
    }
    first = false;
    if (interactive) {
      write('');
      rl.prompt();
    }
  }
  rl.close();
}
