import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/**
 * Bolt, the Web API client and Socket Mode log through our pino logger (which scrubs
 * tokens). Bolt's `info` lines are routine connection chatter, so they go to debug.
 */
export function boltLogger(log: Logger): BoltLogger {
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : safeJson(m))).join(' ');
  return {
    debug: (...msg) => log.debug({ source: 'bolt' }, text(msg)),
    info: (...msg) => log.debug({ source: 'bolt' }, text(msg)),
    warn: (...msg) => log.warn({ source: 'bolt' }, text(msg)),
    error: (...msg) => log.error({ source: 'bolt' }, text(msg)),
    setLevel: () => undefined,
    getLevel: () =>
      log.isLevelEnabled('debug')
        ? LogLevel.DEBUG
        : log.isLevelEnabled('info')
          ? LogLevel.INFO
          : log.isLevelEnabled('warn')
            ? LogLevel.WARN
            : LogLevel.ERROR,
    setName: () => undefined,
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
