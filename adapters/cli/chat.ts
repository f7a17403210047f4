import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Library, Turn } from '../../src/index.js';
import {
  answerView,
  askLibrary,
  authorsOf,
  choosePaper,
  MAX_CHAT_TURNS,
  type PageState,
  papersPage,
  relatedChoice,
} from '../shared/commands.js';
import { HELP, PAPER } from '../shared/messages.js';
import {
  ANSI,
  PLAIN,
  renderAnswer,
  renderAuthors,
  renderCard,
  renderHelp,
  renderPaperNotFound,
  renderPapersPage,
  renderRelated,
  type TermStyle,
} from './render.js';

/** What one line of the chat does: a command (`/paper KIVI`) or, for anything else, a question. */
export type ChatLine =
  | { kind: 'question'; text: string }
  | { kind: 'help' }
  | { kind: 'paper'; query: string }
  | { kind: 'papers'; topic: string }
  | { kind: 'next' }
  | { kind: 'related'; query: string }
  | { kind: 'authors'; query: string };

/** Read one line: `/help`, `/paper <q>`, `/papers [topic]`, `/next`, `/related <q>`; anything else is a question. */
export function parseChatLine(line: string): ChatLine {
  const m = /^\/(help|paper|papers|next|related|authors)(?:\s+(.*))?$/is.exec(line.trim());
  if (!m) return { kind: 'question', text: line };
  const arg = (m[2] ?? '').trim();
  switch (m[1]!.toLowerCase()) {
    case 'help':
      return { kind: 'help' };
    case 'paper':
      return { kind: 'paper', query: arg };
    case 'papers':
      return { kind: 'papers', topic: arg };
    case 'next':
      return { kind: 'next' };
    case 'authors':
      return { kind: 'authors', query: arg };
    default:
      return { kind: 'related', query: arg };
  }
}

/** What a chat session remembers: the last `/papers` list (for `/next`) and the conversation's turns (for follow-ups). */
interface Session {
  page?: PageState | undefined;
  turns: Turn[];
}

/** The reply to one line. */
function replyTo(line: ChatLine, library: Library, style: TermStyle, session: Session): string {
  switch (line.kind) {
    case 'question': {
      const view = answerView(askLibrary(library, line.text, { today: new Date(), turns: session.turns }));
      if (view.kind !== 'problem') session.turns = [...session.turns, view.turn].slice(-MAX_CHAT_TURNS);
      return renderAnswer(view, style);
    }
    case 'help':
      return renderHelp(library.size);
    case 'paper': {
      const choice = choosePaper(library, line.query);
      if (choice.kind === 'usage') return PAPER.usage;
      if (choice.kind === 'not-found') return renderPaperNotFound(choice.query, choice.closest);
      return renderCard(choice.card, choice.others, style);
    }
    case 'related': {
      const choice = relatedChoice(library, line.query);
      if (choice.kind === 'usage') return choice.usage;
      if (choice.kind === 'not-found') return renderPaperNotFound(choice.query, choice.closest);
      return renderRelated(choice.view, style);
    }
    case 'authors': {
      const choice = choosePaper(library, line.query);
      if (choice.kind === 'usage') return PAPER.usage.replaceAll('/paper', '/authors');
      if (choice.kind === 'not-found') return renderPaperNotFound(choice.query, choice.closest);
      const authors = authorsOf(library, choice.card.citation.id);
      return authors ? renderAuthors(authors, style) : PAPER.notFound(line.query);
    }
    case 'papers':
    case 'next': {
      const state = line.kind === 'papers' ? { topic: line.topic, page: 0 } : session.page;
      if (!state) return HELP.terminalNoNextPage;
      const page = papersPage(library, state, new Date());
      session.page = page.next;
      return renderPapersPage(page, style, HELP.terminalNextPage);
    }
  }
}

/**
 * Answer questions from a stream, one per line, and the commands `/help`, `/paper`, `/papers`, `/next` and
 * `/related`. Interactive (a prompt, help, quit) when `interactive`; otherwise each non-blank line is answered
 * and the function returns at end of input. Emphasis is ANSI only when the output is a terminal: piped or
 * redirected output is plain text.
 */
export async function runTerminalChat(
  library: { readonly current: Library },
  input: Readable,
  output: Writable,
  interactive: boolean,
  style?: TermStyle,
): Promise<void> {
  const st = style ?? ((output as { isTTY?: boolean }).isTTY ? ANSI : PLAIN);
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, crlfDelay: Infinity });
  const write = (s: string) => output.write(`${s}\n`);
  const session: Session = { turns: [] };
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
    if (!interactive && !first) write('\n---\n');
    const parsed = interactive && /^(help|\?)$/i.test(line) ? ({ kind: 'help' } as const) : parseChatLine(line);
    write(replyTo(parsed, library.current, st, session));
    first = false;
    if (interactive) {
      write('');
      rl.prompt();
    }
  }
  rl.close();
}
