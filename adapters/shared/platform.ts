import type { Env } from './env.js';
import type { Services } from './services.js';

/**
 * A chat platform `npm start` can run. Starting is two steps, so the composition root can check every
 * platform's configuration (and report all problems at once) before anything connects.
 */
export interface Platform {
  name: string;
  /** True when the environment asks for this platform (its token is set). */
  isConfigured(env: Env): boolean;
  /** Read and validate the platform's settings, connecting nothing. Throws `ConfigError` naming every problem. */
  configure(env: Env): ConfiguredPlatform;
}

/** A platform whose settings are valid, ready to connect. */
export interface ConfiguredPlatform {
  name: string;
  /**
   * Mount routes on `services.http`, connect and serve until stopped. Rejects with a message saying what
   * to fix (a rejected token, an unreachable API) instead of coming up half-configured.
   */
  start(services: Services): Promise<RunningPlatform>;
}

/** What a platform reports on `GET /healthz`. */
export type PlatformState = 'starting' | 'ok' | 'down';

/** A started platform. */
export interface RunningPlatform {
  /** `ok` while it can receive and answer requests; `down` while, say, its connection is being re-established. */
  state(): PlatformState;
  /** Disconnect. Safe to call more than once. */
  stop(): Promise<void>;
}
