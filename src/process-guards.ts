/**
 * A promise rejected with nobody listening (a bug, here or in a library: Bolt's receiver
 * once crashed this way on `payload=null`) must not end the process and drop every other
 * conversation. It is logged and the bot keeps serving. Only the error's name, message and
 * stack are logged, scrubbed: other fields of a library's error (request configs, headers)
 * can carry tokens.
 */
import { type Logger, scrubSecrets } from './logger.js';

export function describeRejection(reason: unknown): { type: string; message: string; stack?: string } {
  if (reason instanceof Error) {
    return { type: reason.name, message: scrubSecrets(reason.message), ...(reason.stack ? { stack: scrubSecrets(reason.stack) } : {}) };
  }
  return { type: typeof reason, message: scrubSecrets(typeof reason === 'string' ? reason : safeString(reason)) };
}

export function keepServingOnUnhandledRejection(log: Logger): void {
  process.on('unhandledRejection', (reason) => {
    log.error({ rejection: describeRejection(reason) }, 'unhandled promise rejection (a bug): logged, still serving');
  });
}

function safeString(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}
