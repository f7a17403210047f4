import type { App } from '@slack/bolt';
import type { Services } from '../../shared/services.js';
import { registerCollectionCommands, type SlackCollection } from '../collection.js';
import { ANSWER_COMMANDS, COMMANDS } from '../commands.js';
import type { Respond } from '../respond.js';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import { registerEvents } from './events.js';
import { registerPaperActions } from './paper-actions.js';
import { registerStrays } from './strays.js';

/** Register every listener, explicitly, in one place. `respondTo` posts to a request's `response_url`, with retries. */
export function registerListeners(
  app: App,
  services: Services,
  respondTo: (responseUrl: string) => Respond,
  collection?: SlackCollection,
): void {
  registerCommands(app, services, ANSWER_COMMANDS, respondTo);
  registerCollectionCommands(app, services, collection);
  registerActions(app, services, respondTo);
  registerPaperActions(app, services, respondTo);
  registerEvents(app, services);
  registerStrays(app, services, COMMANDS);
}
