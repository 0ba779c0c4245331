/**
 * Start-up problems stop the process before anything connects, non-zero, saying what to fix:
 * a broken knowledge file (which file, which entry, which field), a health port in use.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { cleanUp, KNOWLEDGE_DIR, removeDir, spawnProduct, tempDir } from './process.js';
import { slackEnv, USERS } from './slack.js';

let fake: FakeSlack;
let dir: string;
beforeAll(async () => {
  fake = await startFakeSlack({ users: USERS });
  dir = await tempDir('funnelbot-ops-kb-');
});
afterEach(cleanUp);
afterAll(async () => {
  await fake?.close();
  await removeDir(dir);
});

/** A copy of the real knowledge base with one edit to one file; fails if the edit matched nothing. */
async function brokenCopy(name: string, file: string, from: RegExp, to: string): Promise<string> {
  const copy = path.join(dir, name);
  await cp(KNOWLEDGE_DIR, copy, { recursive: true });
  const target = path.join(copy, file);
  const text = await readFile(target, 'utf8');
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  await writeFile(target, edited);
  return copy;
}

/** Starts the product in Slack mode; it must stop before calling Slack at all. */
async function startWith(env: Record<string, string>) {
  const mark = fake.mark();
  const proc = await spawnProduct({ env: slackEnv(fake, { DATA_DIR: path.join(dir, 'data'), ...env }) });
  const exit = await proc.exitWithin(15_000);
  expect(fake.calls.filter((c) => c.seq > mark)).toEqual([]);
  return { exit, stderr: proc.stderr() };
}

describe('process: invalid knowledge at start-up', () => {
  it('names the topic file, the entry id and the field of a bad quiz option', async () => {
    // The first `correct: true` in the file belongs to quiz item 1, option 1.
    const kb = await brokenCopy('bad-topic', 'topics/communication.yaml', /correct: true/, 'correct: maybe');
    const { exit, stderr } = await startWith({ KNOWLEDGE_DIR: kb });
    expect(exit).toEqual({ code: 1, signal: null });
    const problem = stderr.split('\n').find((l) => l.includes('communication.yaml'));
    expect(problem).toBeDefined();
    expect(problem).toContain(path.join(kb, 'topics', 'communication.yaml'));
    expect(problem).toContain(
      'topic "communication", quiz item 1, option 1, field `correct`: must be true or false, found the text "maybe"',
    );
    expect(stderr).toContain('Funnelbot cannot start');
    expect(stderr).toContain('npm run kb:check');
  });

  it('names the activities file, the activity and the field of a bad verdict', async () => {
    const kb = await brokenCopy('bad-activity', 'activities.yaml', /(- activity: finding leads\n\s+verdict:) sales/, '$1 selling');
    const { exit, stderr } = await startWith({ KNOWLEDGE_DIR: kb });
    expect(exit).toEqual({ code: 1, signal: null });
    const problem = stderr.split('\n').find((l) => l.includes('activities.yaml'));
    expect(problem).toContain(path.join(kb, 'activities.yaml'));
    expect(problem).toContain('activity 1 "finding leads", field `verdict`: must be sales, marketing or both, found the text "selling"');
  });

  it('says which HEALTH_PORT is taken instead of crashing with a stack', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const { exit, stderr } = await startWith({ HEALTH_PORT: String(port) });
      expect(exit).toEqual({ code: 1, signal: null });
      expect(stderr).toContain(`Funnelbot cannot start: HEALTH_PORT ${port} is already in use`);
      expect(stderr).not.toContain('    at ');
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
