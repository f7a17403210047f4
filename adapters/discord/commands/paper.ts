import { SlashCommandBuilder, type SlashCommandStringOption } from 'discord.js';
import { authorsOf, choosePaper } from '../../shared/commands.js';
import { abstractOf, bibtex, relatedPapers } from '../../shared/layout.js';
import { MORE, PAPER, PROBLEMS } from '../../shared/messages.js';
import type { Services } from '../../shared/services.js';
import { DISCORD_LIMITS } from '../limits.js';
import {
  notice,
  type PaperActions,
  paperChoices,
  renderAbstract,
  renderAuthors,
  renderCard,
  renderCite,
  renderPaperNotFound,
  renderRelated,
} from '../render.js';
import { type DiscordReply, reply, type SlashCommand, stringOption } from './types.js';

const ACTION_PREFIX = 'paper:v1:';

/** What a paper's button does: its BibTeX, the papers related to it, its whole abstract or author list (each shown privately). */
export type PaperAction = 'cite' | 'related' | 'abstract' | 'authors';

/** The custom_id of a paper's button: `paper:v1:<cite|related|abstract|authors>:<paper id>`; undefined past 100 characters. */
export function paperActionId(action: PaperAction, paperId: string): string | undefined {
  const id = `${ACTION_PREFIX}${action}:${paperId}`;
  return id.length <= DISCORD_LIMITS.customId && paperId !== '' ? id : undefined;
}

/** Parse a paper button's custom_id; undefined for anything this version did not make. */
export function parsePaperActionId(customId: string): { action: PaperAction; paperId: string } | undefined {
  const m = /^paper:v1:(cite|related|abstract|authors):(.+)$/s.exec(customId);
  return m ? { action: m[1] as PaperAction, paperId: m[2]! } : undefined;
}

/** Cite, Related and Whole abstract for one paper. */
export function paperActions(paperId: string): PaperActions {
  return { cite: paperActionId('cite', paperId), related: paperActionId('related', paperId), abstract: paperActionId('abstract', paperId) };
}

/** The `title` option of /paper and /related: one paper by title, acronym or arXiv id, autocompleted. */
export const titleOption = (o: SlashCommandStringOption) =>
  o
    .setName('title')
    .setDescription('Title, acronym (e.g. KIVI) or arXiv id; pick a suggestion')
    .setRequired(true)
    .setAutocomplete(true)
    .setMaxLength(200);

/** Suggestions for a `title` option: the collection's papers matching what is typed. */
export async function paperTitleChoices(focused: { value: string }, { library }: Services) {
  return paperChoices(library.current.lookup(focused.value, DISCORD_LIMITS.autocompleteChoices));
}

/** `/paper title:<autocomplete>`: a paper's card, found by title, acronym or arXiv id. */
export const paper = {
  data: new SlashCommandBuilder()
    .setName('paper')
    .setDescription('Show a paper: linked title, authors, year, the start of its abstract, code')
    .addStringOption(titleOption)
    .toJSON(),

  autocomplete: paperTitleChoices,

  async run(options, { library }) {
    const choice = choosePaper(library.current, stringOption(options, 'title'));
    switch (choice.kind) {
      case 'usage':
        return reply(notice(PAPER.usage), true);
      case 'not-found':
        return reply(renderPaperNotFound(choice.query, choice.closest), true);
      case 'card':
        return reply(renderCard(choice.card, choice.others, paperActions(choice.card.citation.id)));
    }
  },

  // Cite, Related and Whole abstract answer only the clicker; the message stays as it is.
  async button({ customId }, { library, queue }): Promise<DiscordReply> {
    const action = parsePaperActionId(customId);
    if (!action) return reply(notice(PROBLEMS.staleButton), true);
    const current = library.current;
    const paper = current.get(action.paperId);
    if (!paper) return reply(notice(MORE.paperGone), true);
    switch (action.action) {
      case 'cite':
        return reply(renderCite(current.card(paper.id)!.citation, bibtex(paper)), true);
      case 'abstract':
        return reply(renderAbstract(abstractOf(current, paper.id)!), true);
      case 'authors':
        return reply(renderAuthors(authorsOf(current, paper.id)!), true);
      case 'related': {
        const related = await queue.run(() => relatedPapers(current, paper.id));
        return reply(related ? renderRelated(related) : notice(MORE.paperGone), true);
      }
    }
  },
} satisfies SlashCommand;
