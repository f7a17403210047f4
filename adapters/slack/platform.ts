import { readCollectionSettings } from '../shared/config.js';
import type { Env } from '../shared/env.js';
import type { Platform } from '../shared/platform.js';
import { parseStoreConfig } from '../shared/store/config.js';
import { createDatabase, reasonOf } from '../shared/store/database.js';
import { sqlEventDedupe } from '../shared/store/event-dedupe.js';
import { sqlInstallations } from '../shared/store/installations.js';
import { migrate } from '../shared/store/migrations.js';
import { createSlackApp } from './app.js';
import { isSlackConfigured, readSlackConfig, SLACK_INSTALL_PATH } from './config.js';
import { EVENTS_PATH } from './http.js';
import { slackInstallationStore } from './installation-store.js';

/**
 * The Slack adapter for `npm start`: runs when `SLACK_BOT_TOKEN` (one workspace) or `SLACK_CLIENT_ID` (every
 * workspace that installs the app, through `GET /slack/install`) is set. HTTP mode (Slack POSTs to
 * `POST /slack/events`, mounted on the shared server on `PORT`) unless `SLACK_APP_TOKEN` selects Socket Mode,
 * which mounts nothing. Installations and the ids of events already handled are kept in the store's database
 * (`CITEBOT_DATA_DIR` or `DATABASE_URL`), so replicas sharing PostgreSQL share them.
 */
export const slack: Platform = {
  name: 'slack',
  isConfigured: isSlackConfigured,
  configure(env) {
    const config = readSlackConfig(env);
    const collection = { settings: readCollectionSettings(env), editors: config.editors };
    return {
      name: 'slack',
      async start(services) {
        const { log } = services;
        // The database `npm start` opened and migrated for every platform; without one (a test), one of our own, from
        // the same settings (read here, not in configure: `npm start` already reports a bad one once).
        const own = services.database ? undefined : ownDatabase(env);
        const database = services.database ?? own!;
        // Migrated already unless the database was down; then the first query that needs a table fails and is logged,
        // and answering goes on (a retried event may be answered twice; an install waits for the database).
        if (own)
          await migrate(own.db, own.engine).catch((error: unknown) =>
            log.warn(`Slack's installations and event ids are unavailable for now: ${reasonOf(error)}`, { where: own.where }),
          );
        const release = async () => void (await own?.db.destroy().catch(() => {}));
        const eventDedupe = sqlEventDedupe(database.db, {
          platform: 'slack',
          onError: (error) => log.warn(`could not check Slack event ids in the database: ${reasonOf(error)}`),
        });
        const connection =
          config.mode === 'oauth'
            ? {
                signingSecret: config.signingSecret,
                oauth: {
                  ...config.oauth,
                  installationStore: slackInstallationStore(sqlInstallations(database.db, 'slack')),
                },
              }
            : config.mode === 'socket'
              ? { botToken: config.botToken, appToken: config.appToken }
              : { botToken: config.botToken, signingSecret: config.signingSecret };
        let running: Awaited<ReturnType<typeof createSlackApp>>;
        try {
          running = await createSlackApp({ ...connection, apiUrl: config.apiUrl, collection, eventDedupe }, services);
        } catch (error) {
          await release();
          throw error;
        }
        const where =
          config.mode === 'oauth'
            ? `serving Slack at POST ${EVENTS_PATH}, installs at GET ${SLACK_INSTALL_PATH}`
            : running.mode === 'http'
              ? `serving Slack at POST ${EVENTS_PATH}`
              : 'connected in Socket Mode';
        log.info(where, { mode: config.mode });
        return {
          state: running.state,
          stop: async () => {
            await running.stop();
            await release();
          },
        };
      },
    };
  },
};

function ownDatabase(env: Env) {
  const { dataDir, databaseUrl } = parseStoreConfig(env);
  return createDatabase({ dataDir, databaseUrl });
}
