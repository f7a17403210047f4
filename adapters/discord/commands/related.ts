import { SlashCommandBuilder } from 'discord.js';
import { relatedChoice } from '../../shared/commands.js';
import { notice, paperButtons, renderPaperNotFound, renderRelated } from '../render.js';
import { paperActionId, paperTitleChoices, titleOption } from './paper.js';
import { reply, type SlashCommand, stringOption } from './types.js';

/** `/related title:<autocomplete>`: the papers closest to one paper, each with the sentence that matched. */
export const related = {
  data: new SlashCommandBuilder()
    .setName('related')
    .setDescription('Papers like one paper: the closest by its distinctive words, each with its sentence')
    .addStringOption(titleOption)
    .toJSON(),

  autocomplete: paperTitleChoices,

  async run(options, { library, queue }) {
    const current = library.current;
    // Ranked on the work queue like the Related button (not deferred: a usage or not-found reply stays private).
    const choice = await queue.run(() => relatedChoice(current, stringOption(options, 'title')));
    switch (choice.kind) {
      case 'usage':
        return reply(notice(choice.usage), true);
      case 'not-found':
        return reply(renderPaperNotFound(choice.query, choice.closest), true);
      case 'related': {
        const { view } = choice;
        const id = view.paper.id;
        const message = renderRelated(view);
        // Under the list, the paper's own buttons (its links, Cite, Whole abstract).
        const actions = { cite: paperActionId('cite', id), abstract: paperActionId('abstract', id) };
        return reply(view.related.length > 0 ? { ...message, components: paperButtons(view.paper, actions) } : message);
      }
    }
  },
} satisfies SlashCommand;
