import { App, HTTPReceiver, LogLevel, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { PlatformState } from '../shared/platform.js';
import type { Services } from '../shared/services.js';
import type { SlackCollection } from './collection.js';
import { DEFAULT_SLACK_API_URL } from './config.js';
import { EVENTS_PATH, eventsRoute, MAX_SLACK_BODY_BYTES } from './http.js';
import { slackErrorCode } from './listeners/guard.js';
import { registerListeners } from './listeners/index.js';
import { boltLogger, redactingLogger } from './logging.js';
import { type RespondOptions, responders } from './respond.js';

/** How to connect the Slack app. Exactly one of `signingSecret` (HTTP mode) or `appToken` (Socket Mode) is needed. */
export interface SlackAppOptions {
  /** Bot User OAuth Token (`xoxb-…`). */
  botToken: string;
  /** Signing Secret: HTTP mode, where Slack POSTs to `/slack/events` and every request's signature is checked. */
  signingSecret?: string;
  /** App-level token (`xapp-…`): Socket Mode, for development behind a firewall. Takes precedence. */
  appToken?: string;
  /** Slack Web API base URL. Default `https://slack.com/api/`. */
  apiUrl?: string;
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
  /** How posts to `response_url` are retried (`RESPONSE_URL_RETRY`); tests shorten the waits. */
  responseUrl?: Omit<RespondOptions, 'log'>;
  /** Where `/add` and `/remove` change the collection, and who may. Without it nobody may. */
  collection?: SlackCollection;
}

/** A started Slack app. */
export interface RunningSlackApp {
  app: App;
  mode: 'http' | 'socket';
  state(): PlatformState;
  stop(): Promise<void>;
}

/** Web API calls give up after this long (Slack answers in well under a second). */
const API_TIMEOUT_MS = 10_000;

/**
 * Build the Bolt app, register the listeners, check the token (`auth.test`, unless the bot ids are given)
 * and start serving: in HTTP mode by mounting `POST /slack/events` on `services.http`, in Socket Mode by
 * opening the socket. Throws when Slack rejects the token or cannot be reached.
 */
export async function createSlackApp(options: SlackAppOptions, services: Services): Promise<RunningSlackApp> {
  const log = redactingLogger(services.log, [options.botToken, options.signingSecret, options.appToken]);
  const logger = boltLogger(log);
  const apiUrl = options.apiUrl ?? DEFAULT_SLACK_API_URL;
  const clientOptions = {
    slackApiUrl: apiUrl,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: API_TIMEOUT_MS,
  };

  let receiver: Receiver;
  let http: HTTPReceiver | undefined;
  if (options.appToken) {
    // A copy: the Socket Mode client adds its own defaults to the options object it is given.
    receiver = new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions: { ...clientOptions } } });
  } else if (options.signingSecret) {
    http = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: EVENTS_PATH, logger, bodyLimit: MAX_SLACK_BODY_BYTES });
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
  registerListeners(app, { ...services, log }, responders({ ...options.responseUrl, log }), options.collection);
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

  let stopped = false;
  if (http) {
    const events = http.requestListener;
    const route = eventsRoute(events, log, { signingSecret: options.signingSecret!, ...(options.now ? { now: options.now } : {}) });
    // Once stopped, Slack's requests get 503 (Slack retries them) instead of reaching a stopped app.
    services.http.mount('POST', EVENTS_PATH, (req, res) => {
      if (!stopped) return route(req, res);
      req.resume();
      res.writeHead(503).end();
    });
  } else {
    try {
      await app.start();
    } catch (err) {
      throw new Error(`could not open a Socket Mode connection: ${(err as Error).message}`);
    }
  }

  const mode = http ? 'http' : 'socket';
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      stopped = true;
      if (mode === 'socket') await app.stop().catch((err: unknown) => log.warn('Socket Mode did not close cleanly', { error: err }));
    })());
  return { app, mode, state: () => (stopped ? 'down' : 'ok'), stop };
}
