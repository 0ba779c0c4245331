import type { App } from '@slack/bolt';
import { registerActions } from './actions.js';
import { registerCommands } from './commands.js';
import type { ListenerContext } from './context.js';
import { registerEvents } from './events.js';
import { registerViews } from './views.js';

export type { ListenerContext } from './context.js';

/** Every Slack listener, registered by kind (as in Bolt's TypeScript starter). */
export function registerListeners(app: App, ctx: ListenerContext): void {
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerEvents(app, ctx);
  registerViews(app, ctx);
}
