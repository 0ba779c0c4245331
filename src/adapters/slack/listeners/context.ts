import type { SlackConfig } from '../../../config.js';
import type { Bot } from '../../../core/bot.js';
import type { Logger } from '../../../logger.js';
import type { SlackApi } from '../api.js';
import type { EventDedupe } from '../dedupe.js';
import type { SlackDirectory } from '../directory.js';
import type { SlackReplies } from '../replies.js';

/** What every listener needs: the core, Slack's Web API, and how to reply. */
export interface ListenerContext {
  config: SlackConfig;
  bot: Bot;
  log: Logger;
  api: SlackApi;
  directory: SlackDirectory;
  dedupe: EventDedupe;
  replies: SlackReplies;
  botUserId: string | undefined;
  /** Runs work after the ack: failures are logged, and shutdown waits for it. */
  track(work: Promise<void>): Promise<void>;
}
