import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../../src/index.js';
import { answerView, askLibrary } from '../../shared/commands.js';
import { renderAsk } from '../render.js';
import { booleanOption, reply, type SlashCommand, stringOption } from './types.js';

/** `/ask question:<text> [private:<boolean>]`: a quoted, linked answer from the papers. */
export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask about the papers: get the answering sentence, quoted and linked')
    .addStringOption((o) =>
      o
        .setName('question')
        .setDescription('For example: How does KIVI quantize the key cache?')
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_CHARS),
    )
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default: False)'))
    .toJSON(),

  // Deferred: under a burst, every interaction is acknowledged (Discord's 3-second rule) before answers are computed.
  defer: (options) => ({ ephemeral: booleanOption(options, 'private') }),

  async run(options, { library, queue }) {
    const question = stringOption(options, 'question');
    const result = await queue.run(() => askLibrary(library.current, question));
    return reply(renderAsk(answerView(result)), booleanOption(options, 'private'));
  },
} satisfies SlashCommand;
