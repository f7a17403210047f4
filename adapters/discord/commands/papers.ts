import { SlashCommandBuilder } from 'discord.js';
import type { Library } from '../../../src/index.js';
import { type PageState, type PapersPage, papersPage } from '../../shared/commands.js';
import { PROBLEMS } from '../../shared/messages.js';
import { DISCORD_LIMITS } from '../limits.js';
import { notice, type PageButtons, renderPapersPage } from '../render.js';
import { type DiscordReply, reply, type SlashCommand, stringOption } from './types.js';

/** Longest topic `/papers` accepts: its page buttons carry it in their custom_id (100 characters at most). */
export const MAX_TOPIC_CHARS = 60;

const BUTTON_PREFIX = 'papers:v1:';

/** The state a page button carries: which page, of which collection, for which topic. */
export type PageButtonState = Required<PageState>;

/** The custom_id of a page button, or undefined when it would exceed Discord's 100 characters. */
export function pageButtonId(state: PageButtonState): string | undefined {
  const id = `${BUTTON_PREFIX}${state.page}:${state.fingerprint}:${state.topic}`;
  return id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** Parse a page button's custom_id; undefined for anything this version did not make. */
export function parsePageButtonId(customId: string): PageButtonState | undefined {
  const m = /^papers:v1:(\d{1,6}):([0-9a-f]{8}):(.*)$/s.exec(customId);
  if (!m) return undefined;
  return { page: Number(m[1]), fingerprint: m[2]!, topic: m[3]! };
}

/** Previous and Next of a page (a disabled end button points at the page itself); none when either would not fit. */
export function pageButtons(view: PapersPage, fingerprint: string): PageButtons | undefined {
  const topic = view.topic ?? '';
  const previous = pageButtonId({ page: Math.max(0, view.page - 1), fingerprint, topic });
  const next = pageButtonId({ page: Math.min(view.pages - 1, view.page + 1), fingerprint, topic });
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
    .toJSON(),

  async run(options, { library }) {
    return reply(page(library.current, { topic: stringOption(options, 'topic'), page: 0 }));
  },

  async button({ customId }, { library }): Promise<DiscordReply> {
    const state = parsePageButtonId(customId);
    if (!state) return reply(notice(PROBLEMS.staleButton), true);
    return { kind: 'update', message: page(library.current, state) };
  },
} satisfies SlashCommand;

function page(library: Library, state: PageState) {
  const view = papersPage(library, state);
  return renderPapersPage(view, pageButtons(view, library.fingerprint()));
}
