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
   * to fix (a rejected token, an unreachable API) instead of coming up half-configured. `host` is asked what to
   * do when the connection is later lost for good; without one the platform tries again (`'retry'`).
   */
  start(services: Services, host?: PlatformHost): Promise<RunningPlatform>;
}

/**
 * What the composition root tells a started platform. A platform whose connection dies in a way it cannot
 * recover from by reconnecting (Discord's fatal gateway closes: a revoked token, a disallowed intent) logs what
 * happened and what to do, reports `down`, and asks `lost` what next.
 */
export interface PlatformHost {
  /**
   * `'retry'`: log in again with backoff (another platform keeps the process useful meanwhile); `'stop'`: stay
   * down, the root stops everything and exits non-zero so a supervisor set to restart on failure does.
   */
  lost(platform: string, problem: string): 'retry' | 'stop';
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
