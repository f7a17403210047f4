import { SlashCommandBuilder } from 'discord.js';
import type { Library } from '../../../src/index.js';
import { type FilterOptions, type PageState, type PapersPage, papersPage } from '../../shared/commands.js';
import { PROBLEMS } from '../../shared/messages.js';
import { DISCORD_LIMITS } from '../limits.js';
import { type DiscordMessage, notice, type PageButtons, renderPapersPage } from '../render.js';
import { authorOption, authorOptionChoices, filterOptions, yearOption } from './ask.js';
import { type DiscordReply, reply, type SlashCommand, stringOption } from './types.js';

/** Longest topic `/papers` accepts: its page buttons carry it in their custom_id (100 characters at most). */
export const MAX_TOPIC_CHARS = 60;

const BUTTON_PREFIX = 'papers:v1:';

const FILTERED_PREFIX = 'papers:v2:';

/** The state a page button carries: which page, of which collection, for which topic, author and year. */
export type PageButtonState = Required<Pick<PageState, 'topic' | 'page' | 'fingerprint'>> & Pick<PageState, 'author' | 'year'>;

/**
 * The custom_id of a page button, or undefined when it would exceed Discord's 100 characters: unfiltered
 * `papers:v1:<page>:<fingerprint>:<topic>` (as before); with an author or year
 * `papers:v2:<page>:<fingerprint>:<year>:<author length>:<author><topic>` (the year option holds no colon).
 */
export function pageButtonId(state: PageButtonState): string | undefined {
  const author = state.author ?? '';
  const year = state.year ?? '';
  if (year.includes(':')) return undefined;
  const id =
    author === '' && year === ''
      ? `${BUTTON_PREFIX}${state.page}:${state.fingerprint}:${state.topic}`
      : `${FILTERED_PREFIX}${state.page}:${state.fingerprint}:${year}:${author.length}:${author}${state.topic}`;
  return id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** Parse a page button's custom_id; undefined for anything this version did not make. */
export function parsePageButtonId(customId: string): PageButtonState | undefined {
  const v1 = /^papers:v1:(\d{1,6}):([0-9a-f]{8}):(.*)$/s.exec(customId);
  if (v1) return { page: Number(v1[1]), fingerprint: v1[2]!, topic: v1[3]! };
  const v2 = /^papers:v2:(\d{1,6}):([0-9a-f]{8}):([^:]*):(\d{1,3}):(.*)$/s.exec(customId);
  if (!v2) return undefined;
  const length = Number(v2[4]);
  const rest = v2[5]!;
  if (length > rest.length) return undefined;
  const author = rest.slice(0, length);
  const year = v2[3]!;
  return { page: Number(v2[1]), fingerprint: v2[2]!, topic: rest.slice(length), ...(author ? { author } : {}), ...(year ? { year } : {}) };
}

/** Previous and Next of a page (a disabled end button points at the page itself); none when either would not fit. */
export function pageButtons(view: PapersPage, fingerprint: string, filters: FilterOptions = {}): PageButtons | undefined {
  const topic = view.topic ?? '';
  const previous = pageButtonId({ page: Math.max(0, view.page - 1), fingerprint, topic, ...filters });
  const next = pageButtonId({ page: Math.min(view.pages - 1, view.page + 1), fingerprint, topic, ...filters });
  return previous && next ? { previous, next } : undefined;
}

/** `/papers [topic:<text>]`: the papers, five per page, with Previous/Next buttons that survive restarts. */
export const papers = {
  data: new SlashCommandBuilder()
    .setName('papers')
    .setDescription('List the papers, all or on a topic, five per page')
    .addStringOption((o) =>
      o.setName('topic').setDescription('Optional words to filter by, e.g. quantization').setMaxLength(MAX_TOPIC_CHARS),
    )
    .addStringOption(authorOption)
    .addStringOption(yearOption)
    .toJSON(),

  autocomplete: async (focused, { library }) => (focused.name === 'author' ? authorOptionChoices(library.current, focused.value) : []),

  async run(options, { library }) {
    const shown = page(library.current, { topic: stringOption(options, 'topic'), page: 0, ...filterOptions(options) });
    return reply(shown.message, shown.problem); // a year it cannot read is told privately
  },

  async button({ customId }, { library }): Promise<DiscordReply> {
    const state = parsePageButtonId(customId);
    if (!state) return reply(notice(PROBLEMS.staleButton), true);
    return { kind: 'update', message: page(library.current, state).message };
  },
} satisfies SlashCommand;

function page(library: Library, state: PageState): { message: DiscordMessage; problem: boolean } {
  const view = papersPage(library, state);
  const filters = { ...(state.author ? { author: state.author } : {}), ...(state.year ? { year: state.year } : {}) };
  return { message: renderPapersPage(view, pageButtons(view, library.fingerprint(), filters)), problem: view.problem !== undefined };
}
