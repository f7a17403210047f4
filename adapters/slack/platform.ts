import type { Platform } from '../shared/platform.js';

/** Placeholder until the Slack adapter lands: never configured. */
export const slack: Platform = {
  name: 'slack',
  isConfigured: () => false,
  start: () => Promise.reject(new Error('The Slack adapter is not built yet.')),
};
