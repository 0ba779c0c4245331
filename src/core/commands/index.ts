import type { CommandName } from '../../contract/inbound.js';
import { EXPLAIN_NS } from '../answer/actions.js';
import { ask } from './ask.js';
import { explain, explainClicked } from './explain.js';
import { help } from './help.js';
import { topics } from './topics.js';
import type { ActionHandler, Handler } from './types.js';

/** Which handler serves which command: the one dispatch table. */
export const HANDLERS: { [N in CommandName]?: Handler<N> } = {
  ask,
  explain,
  topics,
  help,
};

/** Button clicks, by the namespace before the first `:` of the action id. */
export const ACTIONS: Record<string, ActionHandler> = {
  [EXPLAIN_NS]: explainClicked,
};
