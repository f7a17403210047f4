import { createHmac } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { FeedbackRow, QuestionRow, StoreTables } from './schema.js';

/** The keyed hash that stands for a user: HMAC-SHA256(key, "platform:workspace:user") in hex. */
export function hashUserId(key: string, platform: string, workspace: string, userId: string): string {
  return createHmac('sha256', key).update(`${platform}:${workspace}:${userId}`).digest('hex');
}

/** A question row ready to insert. */
export type QuestionInsert = Insertable<QuestionRow>;

/** A vote ready to upsert; `question`, `cited_ids` and `corpus_fingerprint` are filled from the log when undefined. */
export interface VoteInsert {
  answer_id: string;
  /** Hashed already, or raw when the key was not known yet at enqueue time (hashed here, before writing). */
  user: { hash: string } | { platform: string; workspace: string; raw: string };
  paper_id: string;
  vote: FeedbackRow['vote'];
  question: string | undefined;
  cited_ids: string | undefined;
  corpus_fingerprint: string | undefined;
  platform: string;
  workspace: string;
  voted_at: Date;
}

/** What one flush writes, in the order it was queued. */
export type PendingWrite = { kind: 'question'; row: QuestionInsert } | { kind: 'vote'; row: VoteInsert };

/**
 * Write a batch in the caller's transaction: questions first (so a vote can copy its question from the log), then
 * votes as upserts on (answer, user, paper): a later vote by the same user replaces the earlier one.
 * Re-running a batch whose commit was lost is harmless: questions are keyed by id, votes are upserts.
 */
export async function writeBatch(trx: Transaction<StoreTables>, batch: readonly PendingWrite[], key: string): Promise<void> {
  const questions = batch.flatMap((w) => (w.kind === 'question' ? [w.row] : []));
  if (questions.length > 0) {
    await trx
      .insertInto('citebot_questions')
      .values(questions)
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  // One row per key, the last vote winning: PostgreSQL refuses an upsert that touches the same row twice.
  const votes = new Map<string, { row: Insertable<FeedbackRow>; from: VoteInsert }>();
  for (const w of batch) {
    if (w.kind !== 'vote') continue;
    const v = w.row;
    const user_hash = 'hash' in v.user ? v.user.hash : hashUserId(key, v.user.platform, v.user.workspace, v.user.raw);
    const row = {
      answer_id: v.answer_id,
      user_hash,
      paper_id: v.paper_id,
      vote: v.vote,
      question: v.question ?? '',
      cited_ids: v.cited_ids ?? '[]',
      corpus_fingerprint: v.corpus_fingerprint ?? '',
      platform: v.platform,
      workspace: v.workspace,
      voted_at: v.voted_at,
    };
    votes.set(JSON.stringify([row.answer_id, row.user_hash, row.paper_id]), { row, from: v });
  }
  if (votes.size === 0) return;
  const needContext = [...votes.values()].filter(
    ({ from }) => from.question === undefined || from.cited_ids === undefined || from.corpus_fingerprint === undefined,
  );
  if (needContext.length > 0) {
    const logged = await trx
      .selectFrom('citebot_questions')
      .select(['id', 'question', 'cited_ids', 'corpus_fingerprint'])
      .where('id', 'in', [...new Set(needContext.map(({ row }) => row.answer_id))])
      .execute();
    const byId = new Map(logged.map((r) => [r.id, r]));
    for (const { row, from } of needContext) {
      const logRow = byId.get(row.answer_id);
      if (!logRow) continue;
      if (from.question === undefined) row.question = logRow.question;
      if (from.cited_ids === undefined) row.cited_ids = logRow.cited_ids;
      if (from.corpus_fingerprint === undefined) row.corpus_fingerprint = logRow.corpus_fingerprint;
    }
  }
  await trx
    .insertInto('citebot_feedback')
    .values([...votes.values()].map(({ row }) => row))
    .onConflict((oc) =>
      oc.columns(['answer_id', 'user_hash', 'paper_id']).doUpdateSet((eb) => ({
        vote: eb.ref('excluded.vote'),
        voted_at: eb.ref('excluded.voted_at'),
      })),
    )
    .execute();
}
