import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../src/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger('debug', stream), text: () => lines.join('') };
}

const SLACK = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const DISCORD = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';

describe('logger', () => {
  it('redacts secret fields at any depth we log', () => {
    const { log, text } = capture();
    log.info(
      { token: DISCORD, config: { slack: { botToken: SLACK, signingSecret: 'shh-signing' }, databaseUrl: 'postgres://u:pw@h/db' } },
      'starting',
    );
    log.info({ headers: { authorization: `Bot ${DISCORD}` } }, 'request');
    const out = text();
    expect(out).toContain('[redacted]');
    for (const secret of [DISCORD, SLACK, 'shh-signing', 'postgres://u:pw@h/db']) expect(out).not.toContain(secret);
  });

  it('scrubs token-shaped text inside messages and errors', () => {
    const { log, text } = capture();
    log.warn(`call failed with ${SLACK}`);
    log.error({ err: new Error(`bad token ${DISCORD} for postgres://admin:hunter2@db:5432/x`) }, 'failed');
    const out = text();
    expect(out).not.toContain(SLACK);
    expect(out).not.toContain(DISCORD);
    expect(out).not.toContain('hunter2');
    expect(out).toContain('postgres://admin:[redacted]@db:5432/x');
  });

  it('leaves ordinary text alone', () => {
    expect(scrubSecrets('is cold calling sales or marketing?')).toBe('is cold calling sales or marketing?');
  });
});
