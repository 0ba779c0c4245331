/** SIGKILL mid-round and restart on SQLite (a file in a temporary DATA_DIR). */
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { cleanUp, removeDir, tempDir } from './process.js';
import { killMidRoundAndRestart } from './quiz-restart.js';
import { USERS } from './slack.js';

let fake: FakeSlack;
let dataDir: string;
beforeAll(async () => {
  fake = await startFakeSlack({ users: USERS });
  dataDir = await tempDir('funnelbot-ops-sigkill-');
});
afterEach(cleanUp);
afterAll(async () => {
  await fake?.close();
  await removeDir(dataDir);
});

describe('process: killed with SIGKILL mid-round, on SQLite', () => {
  it('is resumed by the restarted process with the acknowledged scores intact', async () => {
    await killMidRoundAndRestart(fake, { env: { DATA_DIR: dataDir }, open: { dataDir } });
  }, 50_000);
});
