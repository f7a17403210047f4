import type { Platform } from '../shared/platform.js';

/** Placeholder until the Discord adapter lands: never configured. */
export const discord: Platform = {
  name: 'discord',
  isConfigured: () => false,
  start: () => Promise.reject(new Error('The Discord adapter is not built yet.')),
};
