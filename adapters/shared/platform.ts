import type { Env } from './env.js';
import type { LibraryHolder } from './library-holder.js';
import type { Logger } from './log.js';

/** A running platform adapter. */
export interface RunningPlatform {
  /** Disconnect and release resources (graceful shutdown). */
  stop(): Promise<void>;
}

/** A chat platform `npm start` can run: started when its credentials are configured. */
export interface Platform {
  name: string;
  /** True when the environment holds this platform's credentials (the primary variable is set). */
  isConfigured(env: Env): boolean;
  /** Validate config (throwing `ConfigError` naming each bad variable), connect and start serving. */
  start(env: Env, holder: LibraryHolder, log: Logger): Promise<RunningPlatform>;
}
