import type { App } from '@slack/bolt';
import type { Services } from '../../shared/services.js';
import { COMMANDS } from '../commands.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';

/** Register every listener, explicitly, in one place. */
export function registerListeners(app: App, services: Services): void {
  registerCommands(app, services, COMMANDS);
  registerActions(app, services);
  registerEvents(app, services);
}
