import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Library, PaperCard } from '../../../src/index.js';
import { DISCORD_LIMITS } from '../limits.js';
import { paperChoices, renderCard, renderPaperNotFound } from '../render.js';
import type { SlashCommand } from './types.js';

/** The card for an exact paper id (what autocomplete sends), else for the best title/acronym/id match. */
export function findCard(library: Library, query: string): PaperCard | undefined {
  const q = query.trim();
  if (q === '') return undefined;
  const exact = library.card(q);
  if (exact) return exact;
  const best = library.lookup(q, 1)[0];
  return best ? library.card(best.id) : undefined;
}

/** `/paper title:<autocomplete>`: a paper's card, found by title, acronym or arXiv id. */
export const paper = {
  data: new SlashCommandBuilder()
    .setName('paper')
    .setDescription('Show a paper: linked title, authors, year, the start of its abstract, code')
    .addStringOption((o) =>
      o.setName('title').setDescription('Title, acronym (e.g. KIVI) or arXiv id; pick a suggestion').setRequired(true).setAutocomplete(true).setMaxLength(200),
    )
    .toJSON(),

  async autocomplete(interaction, ctx) {
    const typed = interaction.options.getFocused();
    await interaction.respond(paperChoices(ctx.holder.current.lookup(typed, DISCORD_LIMITS.autocompleteChoices)));
  },

  async execute(interaction, ctx) {
    const query = interaction.options.getString('title', true);
    const card = findCard(ctx.holder.current, query);
    if (!card) {
      await interaction.reply({ ...renderPaperNotFound(query), flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.reply(renderCard(card));
  },
} satisfies SlashCommand;
