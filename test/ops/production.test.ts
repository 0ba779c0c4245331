/**
 * A production start as the Dockerfile does it, without Docker: `npm run build`, then a
 * copy of what the image holds (package files, node_modules, dist, knowledge; no src, no
 * test) with dev dependencies pruned offline, run with `node dist/src/main.js`.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { cleanUp, ROOT, removeDir, spawnProduct, tempDir, waitUntilReady } from './process.js';
import { startSlackProduct, textOf, USERS } from './slack.js';

const run = promisify(execFile);
const PROD_COMMAND = [process.execPath, 'dist/src/main.js'];

let image: string;
beforeAll(async () => {
  image = await tempDir('funnelbot-ops-prod-');
  // Build stage: compile with the dev dependencies present (into the copy, leaving ./dist alone).
  await run('npm', ['run', 'build', '--', '--outDir', path.join(image, 'dist')], { cwd: ROOT });
  for (const file of ['package.json', 'package-lock.json']) await cp(path.join(ROOT, file), path.join(image, file));
  await cp(path.join(ROOT, 'knowledge'), path.join(image, 'knowledge'), { recursive: true });
  // A real copy, not hard links: prune deletes and rewrites files in its tree. From the real path:
  // where node_modules is a symlink (a git worktree sharing one install), `cp -a` would copy the
  // link, and the prune would then delete the dev dependencies of the shared install.
  await run('cp', ['-a', await realpath(path.join(ROOT, 'node_modules')), path.join(image, 'node_modules')]);
  await run('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: image });
  await mkdir(path.join(image, 'data'));
}, 60_000);
afterEach(cleanUp);
afterAll(async () => {
  await removeDir(image);
});

const exists = (p: string) =>
  stat(path.join(image, p)).then(
    () => true,
    () => false,
  );

describe('process: production start from the compiled output, dev dependencies pruned', () => {
  it('has only the runtime dependencies, and no TypeScript sources beside the build', async () => {
    for (const dev of ['vitest', 'tsx', 'typescript', 'fast-check', 'esbuild'])
      expect({ dev, present: await exists(`node_modules/${dev}`) }).toEqual({ dev, present: false });
    for (const dep of ['@slack/bolt', 'discord.js', 'better-sqlite3', 'pg', 'pino', 'zod'])
      expect({ dep, present: await exists(`node_modules/${dep}`) }).toEqual({ dep, present: true });
    expect(await exists('src')).toBe(false);
    expect(await exists('dist/src/main.js')).toBe(true);
  });

  it('answers in the console: echo "is cold calling sales or marketing?" | node dist/src/main.js', async () => {
    const proc = await spawnProduct({
      command: PROD_COMMAND,
      cwd: image,
      env: { NODE_ENV: 'production', DATA_DIR: path.join(image, 'data') },
      input: 'is cold calling sales or marketing?\n',
    });
    expect(await proc.exitWithin(20_000)).toEqual({ code: 0, signal: null });
    const out = proc.stdout();
    expect(out.toLowerCase()).toContain('cold calling');
    expect(out.split('\n')[0]).toMatch(/\bsales\b/i);
    expect(proc.stderr()).toBe('');
  });

  it('refuses a bad environment variable with the configuration error, non-zero, without echoing the value', async () => {
    const proc = await spawnProduct({
      command: PROD_COMMAND,
      cwd: image,
      env: { HEALTH_PORT: 'banana', SLACK_BOT_TOKEN: 'not-a-real-token-4242' },
    });
    const exit = await proc.exitWithin(10_000);
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBeNull();
    const err = proc.stderr();
    expect(err).toContain('Configuration problems');
    expect(err).toMatch(/HEALTH_PORT must be a port number/);
    expect(err).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(err).not.toContain('not-a-real-token-4242');
    expect(err).not.toContain('banana');
  });

  describe('serving Slack', () => {
    let fake: FakeSlack;
    beforeAll(async () => {
      fake = await startFakeSlack({ users: USERS });
    });
    afterAll(async () => {
      await fake?.close();
    });

    it('is ready, passes the image HEALTHCHECK command, answers a slash command, and stops on SIGTERM', async () => {
      const { proc, healthPort } = await startSlackProduct(
        fake,
        { NODE_ENV: 'production', KNOWLEDGE_DIR: 'knowledge', DATA_DIR: path.join(image, 'data') },
        { command: PROD_COMMAND, cwd: image },
      );
      const ready = await waitUntilReady(healthPort);
      expect(Object.keys(ready.body.components).sort()).toEqual(['knowledge', 'slack', 'store']);

      // The Dockerfile's own HEALTHCHECK script, read from the file: passes when ready, and with HEALTH_PORT=off.
      const healthcheck = /^HEALTHCHECK .* CMD node -e "(.+)"$/m.exec(await readFile(path.join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
      expect(healthcheck).toBeDefined();
      await run(process.execPath, ['-e', healthcheck!], { env: { HEALTH_PORT: String(healthPort), PATH: process.env.PATH } });
      await run(process.execPath, ['-e', healthcheck!], { env: { HEALTH_PORT: 'off', PATH: process.env.PATH } });
      await expect(run(process.execPath, ['-e', healthcheck!], { env: { HEALTH_PORT: '1', PATH: process.env.PATH } })).rejects.toThrow();

      const mark = fake.mark();
      expect((await fake.slashCommand({ text: 'ask is cold calling sales or marketing?', user: 'U0ANA', channel: 'C0SALES' })).status).toBe(
        200,
      );
      const reply = await fake.waitForCall('response_url', (c) => c.args._user === 'U0ANA', { after: mark, timeoutMs: 10_000 });
      expect(textOf(reply.args).toLowerCase()).toContain('cold calling');

      proc.signalGroup('SIGTERM');
      expect(await proc.exitWithin(10_000)).toEqual({ code: 0, signal: null });
      expect(proc.logs.map((l) => l.msg)).toContain('shutdown complete');
    });
  });

  it("retrains a workspace's knowledge in a worker thread from the compiled worker script (no tsx)", async () => {
    // The live knowledge as the bot makes it (default trainer), over the shipped knowledge and a store.
    const script = `
      const { pino } = await import('pino');
      const { loadKnowledge } = await import('./dist/src/core/knowledge/load.js');
      const { LiveKnowledge } = await import('./dist/src/core/knowledge/live.js');
      const { createMatcher } = await import('./dist/src/core/matching/index.js');
      const { openStore } = await import('./dist/src/core/storage/index.js');
      const { systemClock } = await import('./dist/src/core/clock.js');
      const lines = [];
      const log = pino({ level: 'debug' }, { write: (l) => lines.push(JSON.parse(l)) });
      const kb = await loadKnowledge('knowledge');
      const store = await openStore({ dataDir: ':memory:', log: pino({ level: 'silent' }) });
      const live = new LiveKnowledge({ kb, matcher: createMatcher(kb) }, store, systemClock, log);
      const question = 'how many days of parental leave do contractors get?';
      await live.add([{ platform: 'console', workspaceId: 'w', createdAt: 0, author: 'Tina', kind: 'answer', topic: 'team-1',
        title: 'Parental leave', text: 'Ask the office manager.', examples: [question] }]);
      const view = await live.for('console', 'w');
      await live.close();
      await store.close();
      console.log(JSON.stringify({ topic: view.matcher.match(question).topic, log: lines.map((l) => [l.level, l.msg]) }));`;
    // A file, run as \`node file.mjs\` like the image's entry point (a worker would inherit \`--input-type\` from \`-e\` and refuse its file).
    await writeFile(path.join(image, 'retrain-check.mjs'), script);
    const { stdout, stderr } = await run(process.execPath, ['retrain-check.mjs'], { cwd: image });
    expect(stderr).toBe('');
    const out = JSON.parse(stdout) as { topic: string; log: [number, string][] };
    expect(out.topic).toBe('team-1');
    expect(out.log.map(([, msg]) => msg)).toEqual(['matcher trained in a worker thread', 'knowledge updated']);
  });

  it('loads the Discord adapter too (only imported when configured, so the runs above never touch it)', async () => {
    const { stderr } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "await import('./dist/src/adapters/discord/index.js'); await import('./dist/src/adapters/slack/index.js');",
      ],
      {
        cwd: image,
      },
    );
    expect(stderr).toBe('');
  });
});
