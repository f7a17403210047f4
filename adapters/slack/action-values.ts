import { z } from 'zod';
import { PAGE_SIZE, type PageState } from '../shared/commands.js';
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

/** What a share button shares: the answer to a question, or a paper's card. */
export type ShareValue = { kind: 'ask'; q: string } | { kind: 'paper'; id: string };

const ShareValueSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ask'), q: z.string().min(1) }),
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

function decode<T>(raw: string | undefined, schema: z.ZodType<T>): T | null {
  if (!raw) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
