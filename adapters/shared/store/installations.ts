/**
 * App installations in the shared database (table `citebot_installations`, migration 3): what a platform's OAuth
 * flow returns for a workspace (Slack: its bot token and ids), kept so that every replica answers every workspace.
 * The platform decides the key and the document; this module only keeps them. The documents hold bot tokens:
 * protect the database (and its backups) as you would the tokens.
 */
import type { Kysely } from 'kysely';

/** Table `citebot_installations`. */
export interface InstallationRow {
  /** `slack`… */
  platform: string;
  /** The platform's key for one installation, e.g. `T0123` for a workspace, `E0456` for an org-wide install. */
  key: string;
  team_id: string | null;
  enterprise_id: string | null;
  /** The installation as the platform returned it (JSON). */
  installation: string;
  updated_at: Date | string;
}

type InstallationTables = {
  citebot_installations: InstallationRow;
};

/** What is saved for one installation. */
export interface SavedInstallation {
  key: string;
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  /** Any JSON-serialisable value. */
  installation: unknown;
}

/** Installations of one platform, by key. Every method rejects when the database fails (the caller reports it). */
export interface Installations {
  /** Insert or replace the installation with this key. */
  save(saved: SavedInstallation): Promise<void>;
  /** The installation saved under `key`, parsed, or undefined. */
  find(key: string): Promise<unknown>;
  /** Delete the installation under `key`; resolves with how many were deleted (0 or 1). */
  remove(key: string): Promise<number>;
}

/** Installations in the store's database (`db` from `createDatabase`, migrated), on SQLite or PostgreSQL. */
export function sqlInstallations<DB>(db: Kysely<DB>, platform: string, now: () => Date = () => new Date()): Installations {
  const table = db as unknown as Kysely<InstallationTables>;
  return {
    async save(saved) {
      const row = {
        platform,
        key: saved.key,
        team_id: saved.teamId ?? null,
        enterprise_id: saved.enterpriseId ?? null,
        installation: JSON.stringify(saved.installation),
        updated_at: now(),
      };
      await table
        .insertInto('citebot_installations')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['platform', 'key']).doUpdateSet({
            team_id: row.team_id,
            enterprise_id: row.enterprise_id,
            installation: row.installation,
            updated_at: row.updated_at,
          }),
        )
        .execute();
    },
    async find(key) {
      const row = await table
        .selectFrom('citebot_installations')
        .select('installation')
        .where('platform', '=', platform)
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? (JSON.parse(row.installation) as unknown) : undefined;
    },
    async remove(key) {
      const deleted = await table
        .deleteFrom('citebot_installations')
        .where('platform', '=', platform)
        .where('key', '=', key)
        .returning('key')
        .execute();
      return deleted.length;
    },
  };
}
