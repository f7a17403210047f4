import {
  type APIModalInteractionResponseCallbackData,
  ComponentType,
  SlashCommandBuilder,
  type SlashCommandStringOption,
  TextInputStyle,
} from 'discord.js';
import { type Library, MAX_QUESTION_CHARS, MAX_TURNS, type Turn } from '../../../src/index.js';
import {
  type AnswerView,
  answerView,
  askLibrary,
  authorChoices as authorSuggestions,
  bylineShortens,
  type FilterOptions,
  readFilterOptions,
} from '../../shared/commands.js';
import { type AnswerRef, answerRecorder, recordVote, type VoteChoice } from '../../shared/feedback.js';
import { nextPassage, type Span } from '../../shared/layout.js';
import { FOLLOW_UP, PROBLEMS } from '../../shared/messages.js';
import { requesterKey } from '../../shared/rate-limit.js';
import { DISCORD_LIMITS } from '../limits.js';
import { fit, plain, plainFromDiscord } from '../markdown.js';
import {
  type AnswerControls,
  authorChoices,
  type DiscordMessage,
  followsOnOf,
  notice,
  type PaperActions,
  questionOf,
  renderAsk,
  renderNextPassage,
} from '../render.js';
import { paperActionId, paperActions } from './paper.js';
import {
  booleanOption,
  type Caller,
  type ClickedMessage,
  type CommandOptions,
  type DiscordReply,
  type ModalSubmission,
  reply,
  type SlashCommand,
  stringOption,
} from './types.js';

const NEXT_PREFIX = 'ask:v1:next:';

/** Longest `author` option (a name; suggestions are the collection's authors). */
export const MAX_AUTHOR_CHARS = 100;
/** Longest `year` option: "2023", "2022..2024", ">=2022" (the shared filters read it). */
export const MAX_YEAR_CHARS = 20;
/** How `/ask` and `/papers` describe their `year` option. */
export const YEAR_OPTION_DESCRIPTION = 'Only papers from a year or range: 2023, 2022..2024, >=2022';

/** The `author` option of /ask and /papers: only papers by one author, autocompleted from the collection's authors. */
export const authorOption = (o: SlashCommandStringOption) =>
  o.setName('author').setDescription('Only papers by this author; pick a suggestion').setAutocomplete(true).setMaxLength(MAX_AUTHOR_CHARS);

/** The `year` option of /ask and /papers: only papers from a year or a range. */
export const yearOption = (o: SlashCommandStringOption) =>
  o.setName('year').setDescription(YEAR_OPTION_DESCRIPTION).setMaxLength(MAX_YEAR_CHARS);

/** The `author` and `year` options, as the shared filters read them (absent when not given). */
export function filterOptions(options: CommandOptions): FilterOptions {
  const author = stringOption(options, 'author').trim();
  const year = stringOption(options, 'year').trim();
  return { ...(author ? { author } : {}), ...(year ? { year } : {}) };
}

/** Suggestions for an `author` option: the collection's authors matching what is typed, most papers first. */
export function authorOptionChoices(library: Library, typed: string) {
  return authorChoices(authorSuggestions(library, typed, DISCORD_LIMITS.autocompleteChoices));
}

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
  // All authors only when the byline shortens the list ("et al."): otherwise it shows them all already.
  const authors = bylineShortens(citation) ? paperActionId('authors', citation.id) : undefined;
  return { ...paperActions(citation.id), next, ...(authors ? { authors } : {}) };
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

/** The three controls of one answer, and Follow up when its id is given; none when an id would not fit. */
export function answerControls(ref: AnswerRef, followUp?: string): AnswerControls | undefined {
  const id = (control: ControlState['control']) => controlId({ control, answerId: ref.answerId, fingerprint: ref.fingerprint });
  const [up, down, wrongPaper] = [id('up'), id('down'), id('wrong')];
  return up && down && wrongPaper ? { up, down, wrongPaper, ...(followUp ? { followUp } : {}) } : undefined;
}

/** The custom_id of the modal's one text input. */
export const FOLLOW_UP_FIELD = 'question';

/** What Follow up carries: the answer's paper ('' after a list or an abstention) and that of the turn it followed. */
export interface FollowUpState {
  paperId: string;
  /** The paper of the question the answer followed up on, when it was a follow-up itself. */
  previousPaperId?: string;
}

/**
 * A Follow up custom_id for the button (`follow`) or the form it opens (`followup`): `ask:v1:follow:<paper id>`, or,
 * with the previous turn's paper, `ask:v1:follow2:<length of the paper id>:<paper id><previous paper id>`.
 */
function followUpCustomId(kind: 'follow' | 'followup', state: FollowUpState): string {
  const previous = state.previousPaperId ?? '';
  return previous === '' ? `ask:v1:${kind}:${state.paperId}` : `ask:v1:${kind}2:${state.paperId.length}:${state.paperId}${previous}`;
}

/**
 * The custom_id of Follow up (the questions are read back from the message): the previous turn's paper is left out
 * when it would not fit, and the button too when even the form's id for its own paper would pass 100 characters.
 */
export function followUpId(state: FollowUpState): string | undefined {
  const fits = (s: FollowUpState) => followUpCustomId('followup', s).length <= DISCORD_LIMITS.customId; // the longer one
  if (fits(state)) return followUpCustomId('follow', state);
  const own = { paperId: state.paperId };
  return fits(own) ? followUpCustomId('follow', own) : undefined;
}

/** Follow up under an answer that cites papers (an abstention has no paper or topic to continue from). */
export function followUpFor(view: AnswerView, previous?: Turn): string | undefined {
  if (view.kind === 'none' || view.kind === 'problem') return undefined;
  return followUpId({ paperId: view.turn.paperId ?? '', ...(previous?.paperId ? { previousPaperId: previous.paperId } : {}) });
}

/** Parse a Follow up button's or form's custom_id; undefined for anything this version did not make. */
export function parseFollowUpId(customId: string): (FollowUpState & { modal: boolean }) | undefined {
  const two = /^ask:v1:(follow|followup)2:(\d{1,3}):(.*)$/s.exec(customId);
  if (two) {
    const length = Number(two[2]);
    const rest = two[3]!;
    if (length > rest.length || length === rest.length) return undefined;
    return { paperId: rest.slice(0, length), previousPaperId: rest.slice(length), modal: two[1] === 'followup' };
  }
  const m = /^ask:v1:(follow|followup):(.*)$/s.exec(customId);
  return m ? { paperId: m[2]!, modal: m[1] === 'followup' } : undefined;
}

/**
 * The thread an answer message belongs to, oldest first, read back from the message and its Follow up state: the
 * question it followed ("Following up on:" above its title) with that turn's paper, then its own question (its
 * "**Q:**" line) with its paper.
 */
export function threadOf(message: ClickedMessage, state: FollowUpState): Turn[] | undefined {
  const asked = questionOf(message.embeds);
  if (!asked) return undefined;
  const before = followsOnOf(message.embeds);
  const paper = (id: string | undefined) => (id ? { paperId: id } : {});
  return [
    ...(before ? [{ question: before, ...paper(state.previousPaperId) }] : []),
    { question: asked.question, ...paper(state.paperId) },
  ];
}

/** The thread a submitted Follow up form continues: its custom_id's papers and the message it was opened from. */
function threadOfSubmission({ customId, message }: ModalSubmission): Turn[] | undefined {
  const follow = parseFollowUpId(customId);
  return follow?.modal && message ? threadOf(message, follow) : undefined;
}

/** The form Follow up opens: one line for the question, with what it follows under its label. */
function followUpModal(state: FollowUpState, previous: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: followUpCustomId('followup', state),
    title: FOLLOW_UP.modalTitle,
    components: [
      {
        type: ComponentType.Label,
        label: FOLLOW_UP.inputLabel,
        description: fit(FOLLOW_UP.about(previous), DISCORD_LIMITS.labelDescription, plain),
        component: {
          type: ComponentType.TextInput,
          custom_id: FOLLOW_UP_FIELD,
          style: TextInputStyle.Short,
          required: true,
          min_length: 1,
          max_length: MAX_QUESTION_CHARS,
          placeholder: fit(FOLLOW_UP.inputPlaceholder, DISCORD_LIMITS.textInputPlaceholder, plain),
        },
      },
    ],
  };
}

/** Answer a question (a new one, or a follow-up in a thread), log it, and render it with its controls. */
async function answer(
  question: string,
  thread: readonly Turn[],
  { library, queue, store }: Parameters<SlashCommand['run']>[1],
  caller: Caller,
  filters: FilterOptions = {},
): Promise<DiscordMessage> {
  const record = answerRecorder(store, { platform: 'discord', workspace: caller.workspace });
  const current = library.current;
  // In the asker's turn: users take turns on the queue, so one user's flood does not delay another's answer.
  const owner = requesterKey({ platform: 'discord', workspace: caller.workspace, userId: caller.userId });
  const context = { today: new Date(), filters, turns: thread.slice(-MAX_TURNS) };
  const asked = plainFromDiscord(question);
  const view = await queue.run(() => answerView(askLibrary(current, asked, context)), owner);
  const ref = record(view, current.fingerprint());
  const previous = thread[thread.length - 1]?.question;
  const controls = ref && answerControls(ref, followUpFor(view, thread[thread.length - 1]));
  return renderAsk(view, controls, answerActions(view), previous ? { followsOn: previous } : {});
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
    .addStringOption(authorOption)
    .addStringOption(yearOption)
    .addBooleanOption((o) => o.setName('private').setDescription('Only you see the answer (default: False)'))
    .toJSON(),

  // Deferred: under a burst, every interaction is acknowledged (Discord's 3-second rule) before answers are computed.
  // A year option it cannot read is answered privately (the deferral decides who sees the reply).
  defer: (options) => ({ ephemeral: booleanOption(options, 'private') || !readFilterOptions(filterOptions(options)).ok }),

  autocomplete: async (focused, { library }) => (focused.name === 'author' ? authorOptionChoices(library.current, focused.value) : []),

  async run(options, services, caller) {
    const message = await answer(stringOption(options, 'question'), [], services, caller, filterOptions(options));
    return reply(message, booleanOption(options, 'private'));
  },

  // A follow-up's answer is as private as the answer it follows; a form whose thread cannot be read back is told privately.
  modal: {
    ephemeral: (submission) => submission.message?.ephemeral === true || !threadOfSubmission(submission),
    async run(submission, services) {
      const thread = threadOfSubmission(submission);
      const question = submission.fields[FOLLOW_UP_FIELD]?.trim() ?? '';
      if (!thread) return reply(notice(FOLLOW_UP.gone), true);
      return reply(await answer(question, thread, services, submission.caller), submission.message?.ephemeral === true);
    },
  },

  // A vote, or the next passage, is told only to the clicker; the answer message stays as it is. Follow up opens a form.
  async button({ customId, values, caller, message }, { library, store, queue }): Promise<DiscordReply> {
    const follow = parseFollowUpId(customId);
    if (follow && !follow.modal) {
      const asked = questionOf(message.embeds);
      if (!asked) return reply(notice(FOLLOW_UP.gone), true);
      return { kind: 'modal', modal: followUpModal(follow, asked.question) };
    }
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
