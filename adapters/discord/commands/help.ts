import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { renderHelp } from '../render.js';
import type { SlashCommand } from './types.js';

/** `/help`: what the bot does, its commands and an example, shown privately. */
export const help = {
  data: new SlashCommandBuilder().setName('help').setDescription('What citebot does, its commands, and an example').toJSON(),

  async execute(interaction, ctx) {
    await interaction.reply({ ...renderHelp(ctx.holder.current.size), flags: MessageFlags.Ephemeral });
  },
} satisfies SlashCommand;
