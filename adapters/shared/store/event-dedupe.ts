/**
 * Which platform events were already handled, in the shared database: Slack retries an event it thinks was not
 * acknowledged in time (at once, after 1 minute, after 5 minutes; `X-Slack-Retry-Num`), and behind a load balancer the
 * retry can reach another replica. The first replica to record an `event_id` answers it; the others skip it.
 */
import type { Kysely } from 'kysely';

/** Table `citebot_event_ids` (migration 4). */
export interface EventIdRow {
  /** `<platform>:<event id>`, e.g. `slack:Ev0123ABC`. */
  id: string;
  seen_at: Date | string;
}

type EventTables = {
  citebot_event_ids: EventIdRow;
};

/** How long an event id is remembered: longer than Slack's last retry (5 minutes after the first delivery). */
export const EVENT_ID_TTL_MS = 60 * 60_000;

/** How often expired ids are deleted (after a recording, at most this often). */
const PURGE_EVERY_MS = 5 * 60_000;

/** Decides, once across every replica, whether an event is handled. */
export interface EventDedupe {
  /**
   * True for the first delivery of `eventId` (recorded now), false for a retry already recorded by any replica.
   * When the database cannot be reached it answers true unless this process has already seen the id: a
   * duplicate answer is better than a lost one.
   */
  firstTime(eventId: string): Promise<boolean>;
}

/** Options of `sqlEventDedupe`. */
export interface SqlEventDedupeOptions {
  /** `slack` (ids are kept per platform). */
  platform: string;
  /** The clock. Default `() => new Date()`. */
  now?: () => Date;
  /** Told when the database fails (once per failure spell). */
  onError?: (error: unknown) => void;
}

/** Event ids in the store's database (`db` from `createDatabase`, migrated). Works on SQLite and PostgreSQL alike. */
export function sqlEventDedupe<DB>(db: Kysely<DB>, options: SqlEventDedupeOptions): EventDedupe {
  const events = db as unknown as Kysely<EventTables>;
  const now = options.now ?? (() => new Date());
  const local = new RecentIds(1000);
  let lastPurge = 0;
  let failing = false;
  return {
    async firstTime(eventId) {
      const fresh = local.firstTime(eventId);
      if (!fresh) return false;
      const at = now();
      try {
        // One statement decides: the insert that finds the id taken returns no row.
        const inserted = await events
          .insertInto('citebot_event_ids')
          .values({ id: `${options.platform}:${eventId}`, seen_at: at })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        failing = false;
        if (at.getTime() - lastPurge >= PURGE_EVERY_MS) {
          lastPurge = at.getTime();
          await events
            .deleteFrom('citebot_event_ids')
            .where('seen_at', '<', new Date(at.getTime() - EVENT_ID_TTL_MS))
            .execute();
        }
        return inserted.length > 0;
      } catch (error) {
        if (!failing) options.onError?.(error);
        failing = true;
        return true;
      }
    },
  };
}

/** Event ids in this process's memory only: a single replica, or a test. */
export function memoryEventDedupe(capacity = 1000): EventDedupe {
  const recent = new RecentIds(capacity);
  return { firstTime: async (id) => recent.firstTime(id) };
}

/** Remembers the last `capacity` ids it was shown. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly capacity: number) {}
  /** True the first time an id is seen. */
  firstTime(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value!);
    return true;
  }
}
