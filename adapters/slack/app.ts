import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Receiver } from '@slack/bolt';
import type { Library } from '../../src/index.js';
import type { Logger } from '../shared/log.js';
import { DEFAULT_SLACK_API_URL } from './config.js';
import { close, createSlackServer, EVENTS_PATH, listen } from './http.js';
import { COMMANDS } from './listeners/commands.js';
import { registerListeners } from './listeners/index.js';
import { slackErrorCode } from './listeners/guard.js';
import { boltLogger, redactingLogger } from './logging.js';

/** Options for `createSlackApp`. Exactly one of `signingSecret` (HTTP mode) or `appToken` (Socket Mode) is needed. */
export interface SlackAppOptions {
  /** Bot User OAuth Token (`xoxb-…`). */
  botToken: string;
  /** Signing Secret: HTTP mode, where Slack POSTs to `/slack/events` and every request's signature is checked. */
  signingSecret?: string;
  /** App-level token (`xapp-…`): Socket Mode, for development behind a firewall. Takes precedence. */
  appToken?: string;
  /** Slack Web API base URL. Default `https://slack.com/api/`. */
  apiUrl?: string;
  /** The library to answer from; `current` is read per request. */
  holder: { readonly current: Library };
  log: Logger;
  /** Port for `/slack/events` and `/healthz`. Default 3000; 0 picks a free one. */
  port?: number;
  /** Interface to listen on. Default: all interfaces. */
  host?: string;
  /**
   * The bot's ids, when known. Without them the app calls `auth.test` once at start (which also checks the
   * token); with them it never does.
   */
  botId?: string;
  botUserId?: string;
  /** Retries for a failed Web API call. Default 2. */
  retries?: number;
  /** Clock in Unix seconds for the request timestamp check. Default: the system clock. */
  now?: () => number;
}

/** A started Slack app. */
export interface RunningSlackApp {
  app: App;
  /** The HTTP server: `/slack/events` in HTTP mode, `/healthz` in both modes. */
  server: Server;
  /** The port the server listens on. */
  port: number;
  mode: 'http' | 'socket';
  stop(): Promise<void>;
}

/** Web API calls give up after this long (Slack answers in well under a second). */
const API_TIMEOUT_MS = 10_000;

/**
 * Build the Bolt app, register the listeners, check the token (`auth.test`, unless the bot ids are given)
 * and start serving. Throws when Slack rejects the token or cannot be reached.
 */
export async function createSlackApp(options: SlackAppOptions): Promise<RunningSlackApp> {
  const log = redactingLogger(options.log, [options.botToken, options.signingSecret, options.appToken]);
  const logger = boltLogger(log);
  const apiUrl = options.apiUrl ?? DEFAULT_SLACK_API_URL;
  const clientOptions = { slackApiUrl: apiUrl, retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 }, timeout: API_TIMEOUT_MS };

  let receiver: Receiver;
  let events: HTTPReceiver['requestListener'] | undefined;
  if (options.appToken) {
    // A copy: the Socket Mode client adds its own defaults to the options object it is given.
    receiver = new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions: { ...clientOptions } } });
  } else if (options.signingSecret) {
    const http = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: EVENTS_PATH, logger });
    events = http.requestListener;
    receiver = http;
  } else {
    throw new Error('createSlackApp needs a signingSecret (HTTP mode) or an appToken (Socket Mode).');
  }

  const knownIds = Boolean(options.botId && options.botUserId);
  const app = new App({
    token: options.botToken,
    ...(knownIds ? { botId: options.botId, botUserId: options.botUserId } : {}),
    receiver,
    logger,
    logLevel: LogLevel.WARN,
    clientOptions,
    // With known ids Bolt never calls auth.test; otherwise `init()` calls it once, here, not per request.
    deferInitialization: true,
    tokenVerificationEnabled: !knownIds,
  });
  registerListeners(app, { holder: options.holder, log, commands: COMMANDS });
  app.error(async (error) => {
    log.error('unhandled Slack error', { error });
  });

  try {
    await app.init();
  } catch (err) {
    const code = slackErrorCode(err);
    if (code) throw new Error(`Slack rejected SLACK_BOT_TOKEN (${code}).`);
    throw new Error(`could not reach the Slack API at ${apiUrl}: ${(err as Error).message}`);
  }

  const server = createSlackServer({ events, papers: () => options.holder.current.size, log, ...(options.now ? { now: options.now } : {}) });
  const port = await listen(server, options.port ?? 3000, options.host);
  const mode = options.appToken ? 'socket' : 'http';
  if (mode === 'socket') {
    try {
      await app.start();
    } catch (err) {
      await close(server);
      throw new Error(`could not open a Socket Mode connection: ${(err as Error).message}`);
    }
  }

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      if (mode === 'socket') await app.stop().catch((err: unknown) => log.warn('Socket Mode did not close cleanly', { error: err }));
      await close(server);
    })());
  return { app, server, port, mode, stop };
}
