import type { Library } from '../../src/index.js';
import type { AnswerRecorder } from '../shared/feedback.js';
import { renderHelp, type SlackMessage } from './render.js';
import { answerQuestion, paperCard, paperPage, relatedReply } from './replies.js';

/** A slash command as the manifest declares it and help lists it. */
export interface CommandDeclaration {
  /** As typed in Slack, with the slash. Must match `adapters/slack/manifest*.json`. */
  name: `/${string}`;
  description: string;
  usageHint: string;
}

/** A slash command that answers from the library: its declaration, and the reply it gives for the text typed after it. */
export interface SlashCommandSpec extends CommandDeclaration {
  /** The (private) reply for the plain text after the command. No I/O: an answer is handed to `record`, which
   * queues it for the question log and returns the reference its feedback buttons carry; `today` reads "last year". */
  reply(text: string, library: Library, record?: AnswerRecorder, today?: Date): SlackMessage;
}

const isHelp = (text: string) => text === '' || /^(?:help|-h|--help|\?)$/i.test(text);

/** `/ask <question>`: the cited answer, with a Share button. Empty or `help` shows usage. */
export const ask = {
  name: '/ask',
  description: 'Ask a question about the papers; get a verbatim excerpt and a linked citation',
  usageHint: '<question>',
  reply: (text, library, record, today) => (isHelp(text) ? help() : answerQuestion(library, text, true, record, today ? { today } : {})),
} satisfies SlashCommandSpec;

/** `/paper <title, acronym or arXiv id>`: the paper's card. */
export const paper = {
  name: '/paper',
  description: 'Show a paper by title, acronym or arXiv id',
  usageHint: '<title, acronym or arXiv id>',
  reply: (text, library) => paperCard(library, text, true),
} satisfies SlashCommandSpec;

/** `/papers [topic]`: a paged list of the collection, or of the papers on a topic. */
export const papers = {
  name: '/papers',
  description: 'List the papers in the collection, optionally on a topic',
  usageHint: '[topic]',
  reply: (text, library) => paperPage(library, { topic: text, page: 0 }),
} satisfies SlashCommandSpec;

/** `/related <title, acronym or arXiv id>`: the papers closest to one paper, each with the sentence that matched. */
export const related = {
  name: '/related',
  description: 'Papers like one paper: the closest by its distinctive words',
  usageHint: '<title, acronym or arXiv id>',
  reply: (text, library) => relatedReply(library, text),
} satisfies SlashCommandSpec;

/** `/add <arXiv ids or links>`: editors add papers (`adapters/slack/collection.ts` answers it). */
export const add = {
  name: '/add',
  description: 'Editors: add papers to the collection by arXiv id or link',
  usageHint: '<arXiv ids or links>',
} satisfies CommandDeclaration;

/** `/remove <ids>`: editors remove papers. */
export const remove = {
  name: '/remove',
  description: 'Editors: remove papers from the collection',
  usageHint: '<arXiv ids or paper ids>',
} satisfies CommandDeclaration;

/** The commands that answer from the library. */
export const ANSWER_COMMANDS: readonly SlashCommandSpec[] = [ask, paper, papers, related];

/** Every slash command, in the order help lists them (and the manifests declare them). */
export const COMMANDS: readonly CommandDeclaration[] = [...ANSWER_COMMANDS, add, remove];

/** Help: what citebot does and every command (for `/ask help`, an empty `/ask`, a bare mention). */
export function help(): SlackMessage {
  return renderHelp(COMMANDS.map((c) => ({ usage: `${c.name}${c.usageHint ? ` ${c.usageHint}` : ''}`, description: c.description })));
}
