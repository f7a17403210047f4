import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Where Debian's chromium lives, unless `CITEBOT_CHROMIUM` says otherwise. Never a downloaded browser. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless chromium that stays offline and quiet: no sandbox (containers), GPU, QUIC, sync or updates. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** The chromium binary to drive: `CITEBOT_CHROMIUM`, else /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv): string {
  return env.CITEBOT_CHROMIUM || DEFAULT_CHROMIUM;
}

/** A running headless chromium with a new, empty profile, removed again by `close`. */
export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launch the system chromium through playwright-core (a dev dependency, loaded only here) with a fresh
 * user-data dir. Throws, naming the path, when the binary is missing.
 */
export async function launchChromium(executablePath: string): Promise<Browser> {
  if (!existsSync(executablePath))
    throw new Error(`chromium not found at ${executablePath}: install it (apt-get install chromium) or set CITEBOT_CHROMIUM.`);
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'citebot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 760, height: 900 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
