/**
 * The process-level guard main.ts installs: an unhandled rejection is logged without
 * secrets and the process keeps running. In a child process, since the test runner has
 * its own unhandled-rejection handling.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeRejection } from '../src/process-guards.js';
import { ROOT } from './ops/process.js';

const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

describe('keepServingOnUnhandledRejection', () => {
  it('logs an unhandled rejection (scrubbed) and the process carries on', () => {
    const script = `
      const { createLogger } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/logger.ts')).href)});
      const { keepServingOnUnhandledRejection } = await import(${JSON.stringify(pathToFileURL(path.join(ROOT, 'src/process-guards.ts')).href)});
      keepServingOnUnhandledRejection(createLogger('info'));
      const err = new TypeError("Cannot read properties of null (reading 'ssl_check') with xoxb-1234-abcd");
      err.config = { headers: { Authorization: 'Bearer xoxb-1234-abcd' } };
      Promise.reject(err);
      Promise.reject('a bare string');
      setTimeout(() => { process.stdout.write('still serving'); }, 100);
    `;
    const run = spawnSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('still serving');
    const lines = run.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 50, rejection: { type: 'TypeError' } });
    expect(lines[0].rejection.message).toContain("reading 'ssl_check'");
    expect(lines[1].rejection).toEqual({ type: 'string', message: 'a bare string' });
    expect(run.stderr).not.toContain('xoxb-1234');
  });

  it('describes non-Error reasons without throwing', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeRejection(circular).type).toBe('object');
    expect(describeRejection(undefined)).toEqual({ type: 'undefined', message: 'undefined' });
  });
});
