import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RefusalLog } from '../../../src/adapters/slack/refusal-log.js';
import { checkSignatureHeaders, isPayloadObject, MAX_CLOCK_SKEW_SEC, replayMemoryMs } from '../../../src/adapters/slack/request-checks.js';

const NOW = 1_765_000_000_000;
const SIG = `v0=${'ab'.repeat(32)}`;
const headers = (ts: number | string, sig = SIG) => ({ 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig });

describe('checkSignatureHeaders', () => {
  it('accepts a timestamp up to five minutes either side of the clock, and refuses one second more', () => {
    const now = NOW / 1000;
    for (const ts of [now, now - MAX_CLOCK_SKEW_SEC, now + MAX_CLOCK_SKEW_SEC])
      expect(checkSignatureHeaders(headers(ts), NOW).ok).toBe(true);
    for (const ts of [now - MAX_CLOCK_SKEW_SEC - 1, now + MAX_CLOCK_SKEW_SEC + 1, 0]) {
      expect(checkSignatureHeaders(headers(ts), NOW)).toEqual({ ok: false, reason: 'stale' });
    }
  });

  it('calls missing or malformed headers unsigned', () => {
    const now = NOW / 1000;
    for (const h of [
      {},
      { 'x-slack-request-timestamp': String(now) },
      { 'x-slack-signature': SIG },
      headers(now, 'v0=short'),
      headers(now, `v1=${'ab'.repeat(32)}`),
      headers(now, `v0=${'AB'.repeat(32)}`),
      headers(`${now}.5`),
      headers('-1'),
      headers(' 1765000000'),
      headers('1e9'),
    ]) {
      expect(checkSignatureHeaders(h, NOW), JSON.stringify(h)).toEqual({ ok: false, reason: 'unsigned' });
    }
  });
});

describe('replayMemoryMs', () => {
  it('remembers a request until its timestamp leaves the window, plus a minute', () => {
    const now = NOW / 1000;
    expect(replayMemoryMs(now, NOW)).toBe(6 * 60_000);
    expect(replayMemoryMs(now + MAX_CLOCK_SKEW_SEC, NOW)).toBe(11 * 60_000);
    expect(replayMemoryMs(now - MAX_CLOCK_SKEW_SEC, NOW)).toBe(60_000);
  });
});

describe('isPayloadObject', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  const json = { 'content-type': 'application/json' };
  it.each([
    [form, 'payload=%7B%22type%22%3A%22block_actions%22%7D', true],
    [form, 'command=%2Ffunnel&text=help', true],
    [form, 'payload=null', false],
    [form, 'payload=1', false],
    [form, 'payload=%5B%5D', false],
    [json, '{"type":"event_callback"}', true],
    [json, 'null', false],
    [json, '"x"', false],
    [json, '', false],
    [{}, '{"type":"url_verification"}', true],
  ])('%o %s → %s', (h, body, ok) => {
    expect(isPayloadObject(h, Buffer.from(body))).toBe(ok);
  });
});

describe('RefusalLog', () => {
  it('logs the first refusal, then sums up on close', () => {
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, { write: (l: string) => lines.push(JSON.parse(l)) });
    const refusals = new RefusalLog(log, 60_000);
    refusals.note('unsigned');
    for (let i = 0; i < 5; i++) refusals.note('replay');
    expect(lines).toHaveLength(1);
    refusals.close();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ refused: { replay: 5 }, total: 5 });
    expect(Object.fromEntries(refusals.totals)).toEqual({ unsigned: 1, replay: 5 });
  });
});
