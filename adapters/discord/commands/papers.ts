import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Library } from '../../../src/index.js';
import { DISCORD_LIMITS, PAGE_SIZE } from '../limits.js';
import { NO_MENTIONS, renderPapersPage, STALE_BUTTON_TEXT, type PapersPageView } from '../render.js';
import type { SlashCommand } from './types.js';

/** Longest topic `/papers` accepts: its page buttons carry it in their custom_id (100 characters at most). */
export const MAX_TOPIC_CHARS = 60;

const BUTTON_PREFIX = 'papers:v1:';

/** The state of a page button: which page, of which collection, for which topic. */
export interface PageButtonState {
  page: number;
  /** `corpusFingerprint` of the library the page was computed from. */
  fingerprint: string;
  topic: string;
}

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

/** A short hash of the library's paper ids in order: changes when the collection does. */
export function corpusFingerprint(library: Library): string {
  return library.fingerprint();
}

/** One page of the papers (all, or on a topic), clamped to the pages that exist, with its buttons' custom_ids. */
export function papersPage(library: Library, topic: string, requestedPage: number, note?: string): PapersPageView {
  const t = topic.replace(/\s+/g, ' ').trim();
  let list = library.list(t || undefined, requestedPage * PAGE_SIZE, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const page = Math.min(Math.max(0, requestedPage), pages - 1);
  if (page !== requestedPage) list = library.list(t || undefined, page * PAGE_SIZE, PAGE_SIZE);
  const fingerprint = corpusFingerprint(library);
  const previous = pageButtonId({ page: Math.max(0, page - 1), fingerprint, topic: t });
  const next = pageButtonId({ page: Math.min(pages - 1, page + 1), fingerprint, topic: t });
  return {
    topic: t || undefined,
    page,
    pages,
    total: list.total,
    offset: page * PAGE_SIZE,
    items: list.items,
    ...(pages > 1 && previous && next ? { buttons: { previous, next } } : {}),
    ...(note ? { note } : {}),
  };
}

/** `/papers [topic:<text>]`: the papers, five per page, with Previous/Next buttons that survive restarts. */
export const papers = {
  data: new SlashCommandBuilder()
    .setName('papers')
    .setDescription('List the papers, all or on a topic, five per page')
    .addStringOption((o) => o.setName('topic').setDescription('Optional words to filter by, e.g. quantization').setMaxLength(MAX_TOPIC_CHARS))
    .toJSON(),

  async execute(interaction, ctx) {
    const topic = interaction.options.getString('topic') ?? '';
    await interaction.reply(renderPapersPage(papersPage(ctx.holder.current, topic, 0)));
  },

  async button(interaction, ctx) {
    const state = parsePageButtonId(interaction.customId);
    if (!state) {
      await interaction.reply({ content: STALE_BUTTON_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    const library = ctx.holder.current;
    const changed = corpusFingerprint(library) !== state.fingerprint;
    const note = changed ? 'The collection has changed since this list was posted, so its pages have moved: this is the current list.' : undefined;
    const page = renderPapersPage(papersPage(library, state.topic, changed ? 0 : state.page, note));
    await interaction.update({ ...page, content: page.content ?? '' });
  },
} satisfies SlashCommand;
