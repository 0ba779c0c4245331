/**
 * The checks a request to /slack/events passes before Bolt sees it, as pure functions:
 * headers first (nothing is read from an unsigned or stale request), then the body's shape.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseQuery } from 'node:querystring';

/** Slack's replay window: a timestamp further than this from our clock, either way, is refused. */
export const MAX_CLOCK_SKEW_SEC = 5 * 60;

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

export type HeaderVerdict = { ok: true; timestampSec: number; signature: string } | { ok: false; reason: 'unsigned' | 'stale' };

/** Missing or malformed signature headers, or a timestamp outside the window (past or future). */
export function checkSignatureHeaders(headers: IncomingHttpHeaders, nowMs: number): HeaderVerdict {
  const signature = headers['x-slack-signature'];
  const timestamp = headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) return { ok: false, reason: 'unsigned' };
  if (typeof timestamp !== 'string' || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'unsigned' };
  const timestampSec = Number(timestamp);
  if (Math.abs(nowMs / 1000 - timestampSec) > MAX_CLOCK_SKEW_SEC) return { ok: false, reason: 'stale' };
  return { ok: true, timestampSec, signature };
}

/** How long a request's (timestamp, signature) must be remembered: until its timestamp leaves the window, plus a minute. */
export function replayMemoryMs(timestampSec: number, nowMs: number): number {
  return Math.max(60_000, (timestampSec + MAX_CLOCK_SKEW_SEC) * 1000 - nowMs + 60_000);
}

/** The declared body length, or undefined (chunked, or not a plain number). */
export function declaredLength(headers: IncomingHttpHeaders): number | undefined {
  const raw = headers['content-length'];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

/** Slack's SSL probe of a slash command URL (`ssl_check=1`), which comes without a signature. */
export function isSslCheck(headers: IncomingHttpHeaders, body: Buffer): boolean {
  return isForm(headers) && parseQuery(body.toString('utf8')).ssl_check === '1';
}

export function isForm(headers: IncomingHttpHeaders): boolean {
  return headers['content-type'] === 'application/x-www-form-urlencoded';
}

/**
 * Whether the body is what Bolt can dispatch: a JSON object, either the whole body or the
 * `payload` field of a form (interactivity), or a form without one (slash commands).
 * Read exactly as Bolt reads it, so what passes here parses the same way there.
 */
export function isPayloadObject(headers: IncomingHttpHeaders, body: Buffer): boolean {
  try {
    const text = body.toString('utf8');
    if (isForm(headers)) {
      const { payload } = parseQuery(text);
      if (typeof payload !== 'string') return true;
      return isPlainObject(JSON.parse(payload));
    }
    return isPlainObject(JSON.parse(text));
  } catch {
    return false;
  }
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
