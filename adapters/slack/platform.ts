import type { Platform } from '../shared/platform.js';
import { createSlackApp } from './app.js';
import { isSlackConfigured, readSlackConfig } from './config.js';

/**
 * The Slack adapter for `npm start`: runs when `SLACK_BOT_TOKEN` is set. HTTP mode (Slack POSTs to
 * `/slack/events` on `PORT`) unless `SLACK_APP_TOKEN` selects Socket Mode.
 */
export const slack: Platform = {
  name: 'slack',
  isConfigured: isSlackConfigured,
  async start(env, holder, log) {
    const config = readSlackConfig(env);
    const running = await createSlackApp({
      botToken: config.botToken,
      ...(config.mode === 'socket' ? { appToken: config.appToken } : { signingSecret: config.signingSecret }),
      apiUrl: config.apiUrl,
      holder,
      log,
      port: config.port,
    });
    log.info(
      running.mode === 'http'
        ? `listening on port ${running.port} (POST /slack/events, GET /healthz)`
        : `connected in Socket Mode; GET /healthz on port ${running.port}`,
      { port: running.port, mode: running.mode },
    );
    return { stop: () => running.stop() };
  },
};
