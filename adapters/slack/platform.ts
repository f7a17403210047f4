import { readCollectionSettings } from '../shared/config.js';
import type { Platform } from '../shared/platform.js';
import { createSlackApp } from './app.js';
import { isSlackConfigured, readSlackConfig } from './config.js';
import { EVENTS_PATH } from './http.js';

/**
 * The Slack adapter for `npm start`: runs when `SLACK_BOT_TOKEN` is set. HTTP mode (Slack POSTs to
 * `POST /slack/events`, mounted on the shared server on `PORT`) unless `SLACK_APP_TOKEN` selects Socket Mode,
 * which mounts nothing.
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
        const running = await createSlackApp(
          {
            botToken: config.botToken,
            ...(config.mode === 'socket' ? { appToken: config.appToken } : { signingSecret: config.signingSecret }),
            apiUrl: config.apiUrl,
            collection,
          },
          services,
        );
        services.log.info(running.mode === 'http' ? `serving Slack at POST ${EVENTS_PATH}` : 'connected in Socket Mode', {
          mode: running.mode,
        });
        return { state: running.state, stop: running.stop };
      },
    };
  },
};
