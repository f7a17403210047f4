import { z } from 'zod';
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

/** A `/papers` page: the topic (empty for all papers) and the offset of its first item. */
export interface PageValue {
  topic: string;
  offset: number;
}

const PageValueSchema = z.object({ t: z.string(), o: z.int().min(0) });

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

/** A paging button's value (the topic is cut to `MAX_TOPIC_CHARS`). */
export function encodePage(value: PageValue): string {
  return JSON.stringify({ t: [...value.topic].slice(0, MAX_TOPIC_CHARS).join(''), o: value.offset });
}

/** Read a paging button's value; null for anything malformed. */
export function decodePage(raw: string | undefined): PageValue | null {
  const v = decode(raw, PageValueSchema);
  return v ? { topic: v.t, offset: v.o } : null;
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
