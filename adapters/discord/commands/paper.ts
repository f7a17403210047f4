import { SlashCommandBuilder } from 'discord.js';
import { choosePaper } from '../../shared/commands.js';
import { PAPER } from '../../shared/messages.js';
import { DISCORD_LIMITS } from '../limits.js';
import { notice, paperChoices, renderCard, renderPaperNotFound } from '../render.js';
import { reply, type SlashCommand, stringOption } from './types.js';

/** `/paper title:<autocomplete>`: a paper's card, found by title, acronym or arXiv id. */
export const paper = {
  data: new SlashCommandBuilder()
    .setName('paper')
    .setDescription('Show a paper: linked title, authors, year, the start of its abstract, code')
    .addStringOption((o) =>
      o
        .setName('title')
        .setDescription('Title, acronym (e.g. KIVI) or arXiv id; pick a suggestion')
        .setRequired(true)
        .setAutocomplete(true)
        .setMaxLength(200),
    )
    .toJSON(),

  async autocomplete(focused, { library }) {
    return paperChoices(library.current.lookup(focused.value, DISCORD_LIMITS.autocompleteChoices));
  },

  async run(options, { library }) {
    const choice = choosePaper(library.current, stringOption(options, 'title'));
    switch (choice.kind) {
      case 'usage':
        return reply(notice(PAPER.usage), true);
      case 'not-found':
        return reply(renderPaperNotFound(choice.query, choice.closest), true);
      case 'card':
        return reply(renderCard(choice.card, choice.others));
    }
  },
} satisfies SlashCommand;
