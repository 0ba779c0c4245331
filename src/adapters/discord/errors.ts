import { DiscordAPIError, HTTPError } from 'discord.js';

/**
 * An error as we log it. discord.js errors carry the request URL and body, and for
 * interaction routes the URL holds the interaction token: log the code, not the request.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError)
    return { type: 'DiscordAPIError', code: err.code, status: err.status, method: err.method, message: err.message };
  if (err instanceof HTTPError) return { type: 'HTTPError', status: err.status, method: err.method, message: err.message };
  if (err instanceof Error) return { type: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}
