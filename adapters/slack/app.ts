import { App, HTTPReceiver, type InstallationStore, LogLevel, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { PlatformState } from '../shared/platform.js';
import type { Services } from '../shared/services.js';
import { type EventDedupe, memoryEventDedupe } from '../shared/store/event-dedupe.js';
import type { SlackCollection } from './collection.js';
import { DEFAULT_SLACK_API_URL, SLACK_INSTALL_PATH, SLACK_REDIRECT_PATH, type SlackOAuthConfig } from './config.js';
import { EVENTS_PATH, eventsRoute, MAX_SLACK_BODY_BYTES } from './http.js';
import { registerUninstallListeners } from './installation-store.js';
import { slackErrorCode } from './listeners/guard.js';
import { registerListeners } from './listeners/index.js';
import { boltLogger, redactingLogger } from './logging.js';
import { type RespondOptions, responders } from './respond.js';

/** The bot scopes citebot asks a workspace for when it is installed (the manifests declare the same). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'chat:write.public',
  'app_mentions:read',
  'im:history',
  'channels:history',
  'groups:history',
  'mpim:history',
] as const;

/**
 * How to connect the Slack app. Exactly one of `signingSecret` (HTTP mode) or `appToken` (Socket Mode) is needed;
 * `oauth` (with `signingSecret`) serves every workspace that installs the app, each with its own bot token.
 */
export interface SlackAppOptions {
  /** Bot User OAuth Token (`xoxb-…`) of the one workspace served; unused with `oauth`. */
  botToken?: string;
  /** Many workspaces: the OAuth installation flow on `GET /slack/install` and `GET /slack/oauth_redirect`, and where
   * installations are kept (shared by replicas). HTTP mode only. */
  oauth?: SlackOAuthConfig & { installationStore: InstallationStore };
  /** Decides once whether an event (by `event_id`) is handled, across replicas when it is shared. Default: this
   * process's memory. */
  eventDedupe?: EventDedupe;
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
  const { oauth } = options;
  const log = redactingLogger(services.log, [
    options.botToken,
    options.signingSecret,
    options.appToken,
    oauth?.clientSecret,
    oauth?.stateSecret,
  ]);
  const logger = boltLogger(log);
  const apiUrl = options.apiUrl ?? DEFAULT_SLACK_API_URL;
  const clientOptions = {
    slackApiUrl: apiUrl,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: API_TIMEOUT_MS,
  };

  let receiver: Receiver;
  let http: HTTPReceiver | undefined;
  if (oauth) {
    if (!options.signingSecret) throw new Error('createSlackApp with oauth needs the signingSecret (HTTP mode).');
    http = new HTTPReceiver({
      signingSecret: options.signingSecret,
      endpoints: EVENTS_PATH,
      logger,
      bodyLimit: MAX_SLACK_BODY_BYTES,
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      // The state is a JWT signed with this secret and checked against a cookie: nothing is kept on the server, so
      // the install can start on one replica and come back to another.
      stateSecret: oauth.stateSecret,
      installationStore: oauth.installationStore,
      scopes: [...BOT_SCOPES],
      ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
      installerOptions: {
        installPath: SLACK_INSTALL_PATH,
        redirectUriPath: SLACK_REDIRECT_PATH,
        directInstall: true, // /slack/install redirects to Slack's consent page at once
        clientOptions: { ...clientOptions },
      },
    });
    receiver = http;
  } else if (options.appToken) {
    // A copy: the Socket Mode client adds its own defaults to the options object it is given.
    receiver = new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions: { ...clientOptions } } });
  } else if (options.signingSecret) {
    http = new HTTPReceiver({ signingSecret: options.signingSecret, endpoints: EVENTS_PATH, logger, bodyLimit: MAX_SLACK_BODY_BYTES });
    receiver = http;
  } else {
    throw new Error('createSlackApp needs a signingSecret (HTTP mode) or an appToken (Socket Mode).');
  }

  if (!oauth && !options.botToken) throw new Error('createSlackApp needs a botToken, or oauth for many workspaces.');
  const knownIds = Boolean(options.botId && options.botUserId);
  const app = new App({
    // With OAuth, Bolt authorizes each request from the installation store (the workspace's own bot token).
    ...(oauth ? {} : { token: options.botToken }),
    ...(knownIds && !oauth ? { botId: options.botId, botUserId: options.botUserId } : {}),
    receiver,
    logger,
    logLevel: LogLevel.WARN,
    clientOptions,
    // With known ids Bolt never calls auth.test; otherwise `init()` calls it once, here, not per request.
    deferInitialization: true,
    tokenVerificationEnabled: !knownIds && !oauth,
  });
  // Before every listener: an event seen already (a retry, perhaps delivered to another replica) is not answered again.
  // Events are acknowledged before global middleware runs, so this never delays the ack.
  const dedupe = options.eventDedupe ?? memoryEventDedupe();
  app.use(async ({ body, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId === 'string' && !(await dedupe.firstTime(eventId))) {
      log.info('skipped a Slack event already handled', { eventId });
      return;
    }
    await next();
  });
  if (oauth) registerUninstallListeners(app, oauth.installationStore, log);
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
    // The install page and Slack's redirect back are Bolt's installer's (state and cookie checked there).
    if (oauth)
      for (const path of [SLACK_INSTALL_PATH, SLACK_REDIRECT_PATH]) services.http.mount('GET', path, (req, res) => events(req, res));
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
