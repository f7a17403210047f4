import type { App } from '@slack/bolt';
import type { Services } from '../../shared/services.js';
import { registerCollectionCommands, type SlackCollection } from '../collection.js';
import { ANSWER_COMMANDS } from '../commands.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';

/** Register every listener, explicitly, in one place. */
export function registerListeners(app: App, services: Services, collection?: SlackCollection): void {
  registerCommands(app, services, ANSWER_COMMANDS);
  registerCollectionCommands(app, services, collection);
  registerActions(app, services);
  registerEvents(app, services);
}
