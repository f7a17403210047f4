import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../../src/index.js';
import { ALSO_RELEVANT } from '../limits.js';
import { renderAsk } from '../render.js';
import type { SlashCommand } from './types.js';
import { answerQueue } from '../../shared/work-queue.js';

/** `/ask question:<text> [private:<boolean>]`: a quoted, linked answer from the papers. */
export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the papers: get the answering sentence, quoted and linked')
    .addStringOption((o) =>
      o.setName('question').setDescription('For example: How does KIVI quantize the key cache?').setRequired(true).setMaxLength(MAX_QUESTION_CHARS),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default: False)'))
    .toJSON(),

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    // Queued: under a burst, every interaction is deferred (Discord's 3-second rule) before answers are computed.
    const result = await answerQueue.run(() => ctx.holder.current.ask(question, { top: 1 + ALSO_RELEVANT + 1 }));
    await interaction.editReply(renderAsk(result));
  },
} satisfies SlashCommand;
