import { z } from 'zod';
import { PAGE_SIZE, type PageState } from '../shared/commands.js';
import type { AnswerRef, VoteChoice } from '../shared/feedback.js';
import { MAX_BUTTON_VALUE } from './rules.js';

/**
 * Button action ids and the state carried in each button's `value`. All state lives in the value, so a
 * button keeps working after the app restarts.
 */

/** "Share in channel" on an ephemeral answer or card. */
export const SHARE_ACTION = 'citebot_share';
/** "Previous" and "Next" on a `/papers` page. */
export const PAPERS_PREV_ACTION = 'citebot_papers_prev';
export const PAPERS_NEXT_ACTION = 'citebot_papers_next';
/** Matches both paging actions, for registering one listener. */
export const PAPERS_PAGE_ACTION = /^citebot_papers_(?:prev|next)$/;

/** 👍/👎: the `feedback_buttons` element of an answer (each button's value says which it is). */
export const FEEDBACK_ACTION = 'citebot_feedback';
/** "Wrong paper" beside each paper an answer cites. */
export const WRONG_PAPER_ACTION = 'citebot_wrong_paper';
/** Matches both vote actions, for registering one listener (a comparison's second side is `…_wrong_paper_2`). */
export const VOTE_ACTION = /^citebot_(?:feedback|wrong_paper(?:_\d)?)$/;

/** True for an action id one of citebot's listeners serves (a click on anything else is acked and logged). */
export function isCitebotAction(actionId: string): boolean {
  return CITEBOT_ACTIONS.some((a) => (typeof a === 'string' ? a === actionId : a.test(actionId)));
}

/** What a share button shares: the answer to a question (and the answer id its votes refer to), or a paper's card. */
export type ShareValue = { kind: 'ask'; q: string; a?: string } | { kind: 'paper'; id: string };

const ShareValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ask'), q: z.string().min(1), a: z.string().min(1).max(200).optional() }),
  z.object({ kind: z.literal('paper'), id: z.string().min(1) }),
]);

const PageValueSchema = z.union([
  z.object({
    t: z.string(),
    p: z.int().min(0),
    f: z
      .string()
      .regex(/^[0-9a-f]{8}$/)
      .optional(),
  }),
  // Buttons from before pages were numbered carry the offset of the page's first paper (ten per page then).
  z.object({ t: z.string(), o: z.int().min(0) }),
]);

/** Longest topic kept in a paging button's value. */
export const MAX_TOPIC_CHARS = 200;

/** The share button's value, or null when it would exceed Slack's value limit. */
export function encodeShare(value: ShareValue): string | null {
  const s = JSON.stringify(value);
  return s.length <= MAX_BUTTON_VALUE ? s : null;
}

/** Read a share button's value; null for anything malformed. */
export function decodeShare(raw: string | undefined): ShareValue | null {
  return decode(raw, ShareValueSchema);
}

/** A paging button's value: the topic (cut to `MAX_TOPIC_CHARS`), the page and the collection's fingerprint. */
export function encodePage(state: PageState): string {
  return JSON.stringify({
    t: [...state.topic].slice(0, MAX_TOPIC_CHARS).join(''),
    p: state.page,
    ...(state.fingerprint ? { f: state.fingerprint } : {}),
  });
}

/** Read a paging button's value; null for anything malformed. */
export function decodePage(raw: string | undefined): PageState | null {
  const v = decode(raw, PageValueSchema);
  if (!v) return null;
  if ('o' in v) return { topic: v.t, page: Math.floor(v.o / PAGE_SIZE) };
  return { topic: v.t, page: v.p, ...(v.f ? { fingerprint: v.f } : {}) };
}

/** A vote button's state: which vote, and the answer it is on (id, fingerprint, citations, question). */
export interface VoteValue {
  ref: AnswerRef;
  choice: VoteChoice;
}

const VoteValueSchema = z
  .object({
    v: z.literal(1),
    k: z.enum(['up', 'down', 'wp']),
    a: z.string().min(1).max(200),
    f: z.string().max(64),
    c: z.array(z.string().max(200)).max(25),
    q: z.string().max(4000),
    p: z.string().min(1).max(200).optional(),
    s: z.literal(1).optional(),
  })
  .refine((v) => (v.k === 'wp') === (v.p !== undefined));

/** Most cited ids a vote button carries (an answer shows at most five papers). */
const MAX_CARRIED_IDS = 10;

/**
 * A vote button's value, within Slack's 2,000 characters: the vote, the answer id, the fingerprint, the cited
 * ids and the question (shortened, and marked so, in the rare case it does not fit). Null when even that cannot
 * fit (a paper id of hundreds of characters).
 */
export function encodeVote(ref: AnswerRef, choice: VoteChoice): string | null {
  const head = {
    v: 1,
    k: choice.vote === 'wrong-paper' ? 'wp' : choice.vote,
    a: ref.answerId,
    f: ref.fingerprint,
    c: ref.citedIds.filter((id) => id.length <= 200).slice(0, MAX_CARRIED_IDS),
    ...(choice.vote === 'wrong-paper' ? { p: choice.paperId } : {}),
  };
  let q = ref.question;
  let shortened = ref.questionShortened === true;
  for (;;) {
    const s = JSON.stringify({ ...head, q, ...(shortened ? { s: 1 } : {}) });
    if (s.length <= MAX_BUTTON_VALUE) return decodeVote(s) ? s : null;
    if (q === '') return null;
    // Escapes can make a character cost up to six: cut by the overshoot and measure again.
    q = [...q].slice(0, Math.max(0, [...q].length - Math.ceil((s.length - MAX_BUTTON_VALUE) / 2) - 1)).join('');
    shortened = true;
  }
}

/** Read a vote button's value; null for anything this version did not make. */
export function decodeVote(raw: string | undefined): VoteValue | null {
  const v = decode(raw, VoteValueSchema);
  if (!v) return null;
  const ref: AnswerRef = { answerId: v.a, fingerprint: v.f, question: v.q, citedIds: v.c, ...(v.s ? { questionShortened: true } : {}) };
  const choice: VoteChoice = v.k === 'wp' ? { vote: 'wrong-paper', paperId: v.p! } : { vote: v.k };
  return { ref, choice };
}

function decode<T>(raw: string | undefined, schema: z.ZodType<T>): T | null {
  if (!raw) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Cite, Related and Whole abstract under an answer or a card: each value carries the paper id. */
export const CITE_ACTION = 'citebot_cite';
export const RELATED_ACTION = 'citebot_related';
export const ABSTRACT_ACTION = 'citebot_abstract';
/** All authors, under an answer whose byline shortens the author list. */
export const AUTHORS_ACTION = 'citebot_authors';
/** Matches the four, for registering one listener. */
export const PAPER_ACTION = /^citebot_(?:cite|related|abstract|authors)$/;
/** Next passage: its value carries the question, the paper id and the spans of its abstract already shown. */
export const NEXT_PASSAGE_ACTION = 'citebot_next_passage';
/** The paper and Code link buttons: Slack still sends their clicks, which are only acknowledged. */
export const LINK_ACTION = /^citebot_link_(?:paper|code)$/;

const PaperActionSchema = z.object({ v: z.literal(1), p: z.string().min(1).max(1000) });

/** A paper button's value (`{"v":1,"p":"2402.02750"}`), or null when the id would not fit. */
export function encodePaperAction(paperId: string): string | null {
  const s = JSON.stringify({ v: 1, p: paperId });
  return paperId !== '' && s.length <= MAX_BUTTON_VALUE && decodePaperAction(s) ? s : null;
}

/** Read a paper button's value: the paper id, or null for anything this version did not make. */
export function decodePaperAction(raw: string | undefined): string | null {
  return decode(raw, PaperActionSchema)?.p ?? null;
}

/** What Next passage carries: the question, the paper and the spans of its abstract already shown. */
export interface NextPassageValue {
  question: string;
  paperId: string;
  shown: { start: number; end: number }[];
}

const NextPassageSchema = z.object({
  v: z.literal(1),
  p: z.string().min(1).max(1000),
  q: z.string().min(1).max(4000),
  x: z
    .array(z.tuple([z.int().min(0), z.int().min(0)]))
    .min(1)
    .max(50),
});

/** Next passage's value, within Slack's 2,000 characters; null when it would not fit (then no button is shown). */
export function encodeNextPassage(value: NextPassageValue): string | null {
  const s = JSON.stringify({ v: 1, p: value.paperId, q: value.question, x: value.shown.map((s) => [s.start, s.end]) });
  return s.length <= MAX_BUTTON_VALUE && decodeNextPassage(s) ? s : null;
}

/** Read Next passage's value; null for anything this version did not make. */
export function decodeNextPassage(raw: string | undefined): NextPassageValue | null {
  const v = decode(raw, NextPassageSchema);
  return v && { question: v.q, paperId: v.p, shown: v.x.map(([start, end]) => ({ start, end })) };
}

/** Every action a citebot listener serves: a new button's action id must be listed here, or the stray-click
 * listener acks it first and its own listener's ack fails. */
const CITEBOT_ACTIONS: readonly (string | RegExp)[] = [
  SHARE_ACTION,
  PAPERS_PAGE_ACTION,
  VOTE_ACTION,
  PAPER_ACTION,
  NEXT_PASSAGE_ACTION,
  LINK_ACTION,
];
