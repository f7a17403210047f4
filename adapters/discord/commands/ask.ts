import { SlashCommandBuilder } from 'discord.js';
import { MAX_QUESTION_CHARS } from '../../../src/index.js';
import { type AnswerView, answerView, askLibrary } from '../../shared/commands.js';
import { type AnswerRef, answerRecorder, recordVote, type VoteChoice } from '../../shared/feedback.js';
import { nextPassage, type Span } from '../../shared/layout.js';
import { PROBLEMS } from '../../shared/messages.js';
import { requesterKey } from '../../shared/rate-limit.js';
import { DISCORD_LIMITS } from '../limits.js';
import { type AnswerControls, notice, type PaperActions, questionOf, renderAsk, renderNextPassage } from '../render.js';
import { paperActionId, paperActions } from './paper.js';
import { booleanOption, type ClickedMessage, type DiscordReply, reply, type SlashCommand, stringOption } from './types.js';

const NEXT_PREFIX = 'ask:v1:next:';

/**
 * The custom_id of Next passage: `ask:v1:next:<start-end,…>:<paper id>`, the spans of the abstract already shown
 * (the question is read back from the message's "**Q:**" line); undefined past 100 characters.
 */
export function nextPassageId(paperId: string, shown: readonly Span[]): string | undefined {
  const id = `${NEXT_PREFIX}${shown.map((s) => `${s.start}-${s.end}`).join(',')}:${paperId}`;
  return shown.length > 0 && paperId !== '' && id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** Parse a Next passage custom_id; undefined for anything this version did not make. */
export function parseNextPassageId(customId: string): { paperId: string; shown: Span[] } | undefined {
  const m = /^ask:v1:next:(\d{1,6}-\d{1,6}(?:,\d{1,6}-\d{1,6})*):(.+)$/s.exec(customId);
  if (!m) return undefined;
  const shown = m[1]!.split(',').map((p) => {
    const [start, end] = p.split('-').map(Number) as [number, number];
    return { start, end };
  });
  return { paperId: m[2]!, shown };
}

/** The buttons under an answer's paper: Cite, Related, Whole abstract, and Next passage after the excerpt shown. */
export function answerActions(view: AnswerView): PaperActions {
  if (view.kind !== 'single') return {};
  const { citation, excerpt } = view.best;
  const next = nextPassageId(citation.id, [{ start: excerpt.offset, end: excerpt.offset + excerpt.text.length }]);
  return { ...paperActions(citation.id), next };
}

const CONTROL_PREFIX = 'ask:v1:';

/** What a feedback control's custom_id carries: which control, the answer id and the collection's fingerprint. */
export interface ControlState {
  control: 'up' | 'down' | 'wrong';
  answerId: string;
  fingerprint: string;
}

/** The custom_id of a feedback control: `ask:v1:<up|down|wrong>:<answer id>:<fingerprint>`, about 34 characters. */
export function controlId(state: ControlState): string | undefined {
  const id = `${CONTROL_PREFIX}${state.control}:${state.answerId}:${state.fingerprint}`;
  return id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** Parse a feedback control's custom_id; undefined for anything this version did not make. */
export function parseControlId(customId: string): ControlState | undefined {
  const m = /^ask:v1:(up|down|wrong):([A-Za-z0-9_-]{1,40}):([0-9a-f]{8})$/.exec(customId);
  if (!m) return undefined;
  return { control: m[1] as ControlState['control'], answerId: m[2]!, fingerprint: m[3]! };
}

/** The three controls of one answer; none when an id would not fit. */
export function answerControls(ref: AnswerRef): AnswerControls | undefined {
  const id = (control: ControlState['control']) => controlId({ control, answerId: ref.answerId, fingerprint: ref.fingerprint });
  const [up, down, wrongPaper] = [id('up'), id('down'), id('wrong')];
  return up && down && wrongPaper ? { up, down, wrongPaper } : undefined;
}

/**
 * The answer a clicked control is on, read back from its message: the question from the "**Q:**" line (as shown,
 * so possibly shortened), the cited papers from the "wrong paper" menu's options (none on an abstention).
 */
export function answerOfMessage(state: ControlState, message: ClickedMessage): AnswerRef | undefined {
  const shown = questionOf(message.embeds);
  if (!shown) return undefined;
  const wrongId = controlId({ ...state, control: 'wrong' });
  const citedIds: string[] = [];
  for (const row of message.components) {
    const components = (row as { components?: unknown }).components;
    for (const c of Array.isArray(components) ? components : []) {
      const menu = c as { custom_id?: unknown; options?: unknown };
      if (menu.custom_id !== wrongId || !Array.isArray(menu.options)) continue;
      for (const o of menu.options) if (typeof (o as { value?: unknown }).value === 'string') citedIds.push((o as { value: string }).value);
    }
  }
  return {
    answerId: state.answerId,
    fingerprint: state.fingerprint,
    question: shown.question,
    citedIds,
    ...(shown.shortened ? { questionShortened: true } : {}),
  };
}

/** `/ask question:<text> [private:<boolean>]`: a quoted, linked answer from the papers, with 👍/👎 and "wrong paper". */
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

  async run(options, { library, queue, store }, caller) {
    const question = stringOption(options, 'question');
    const record = answerRecorder(store, { platform: 'discord', workspace: caller.workspace });
    const current = library.current;
    // In the asker's turn: users take turns on the queue, so one user's flood does not delay another's answer.
    const owner = requesterKey({ platform: 'discord', workspace: caller.workspace, userId: caller.userId });
    const view = await queue.run(() => answerView(askLibrary(current, question)), owner);
    const ref = record(view, current.fingerprint());
    return reply(renderAsk(view, ref && answerControls(ref), answerActions(view)), booleanOption(options, 'private'));
  },

  // A vote, or the next passage, is told only to the clicker; the answer message stays as it is.
  async button({ customId, values, caller, message }, { library, store, queue }): Promise<DiscordReply> {
    const more = parseNextPassageId(customId);
    if (more) {
      const question = questionOf(message.embeds)?.question;
      if (!question) return reply(notice(PROBLEMS.staleButton), true);
      const current = library.current;
      const next = await queue.run(() => nextPassage(current, question, more.paperId, more.shown));
      const actions = {
        next: next.kind === 'passage' ? nextPassageId(more.paperId, next.shown) : undefined,
        abstract: paperActionId('abstract', more.paperId),
      };
      return reply(renderNextPassage(next, actions), true);
    }
    const state = parseControlId(customId);
    const ref = state && answerOfMessage(state, message);
    const choice: VoteChoice | undefined =
      state?.control === 'wrong' ? (values[0] ? { vote: 'wrong-paper', paperId: values[0] } : undefined) : state && { vote: state.control };
    if (!ref || !choice) return reply(notice(PROBLEMS.staleButton), true);
    const voter = { platform: 'discord' as const, workspace: caller.workspace, userId: caller.userId };
    return reply(notice(recordVote(store, ref, choice, voter, library.current)), true);
  },
} satisfies SlashCommand;
