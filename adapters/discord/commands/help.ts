import { SlashCommandBuilder } from 'discord.js';
import { renderHelp } from '../render.js';
import { reply, type SlashCommand } from './types.js';

/** `/help`: what the bot does, its commands and an example, shown privately. */
export const help = {
  data: new SlashCommandBuilder().setName('help').setDescription('What citebot does, its commands, and an example').toJSON(),

  async run(_options, { library }) {
    return reply(renderHelp(library.current.size), true);
  },
} satisfies SlashCommand;
