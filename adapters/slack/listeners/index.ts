import type { App } from '@slack/bolt';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import type { ListenerDeps } from './guard.js';

/** Register every listener, explicitly, in one place. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerEvents(app, deps);
}
