/** SIGKILL mid-round and restart on PostgreSQL (a throwaway database; needs TEST_DATABASE_URL). */
import { afterAll, afterEach, beforeAll, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/index.js';
import { describePg, type Throwaway, throwawayDatabase } from '../helpers/pg.js';
import { cleanUp } from './process.js';
import { killMidRoundAndRestart } from './quiz-restart.js';
import { USERS } from './slack.js';

describePg('process: killed with SIGKILL mid-round, on PostgreSQL', () => {
  let fake: FakeSlack;
  let db: Throwaway;
  beforeAll(async () => {
    fake = await startFakeSlack({ users: USERS });
    db = await throwawayDatabase();
  });
  afterEach(cleanUp);
  afterAll(async () => {
    await fake?.close();
    await db?.drop();
  });

  it('is resumed by the restarted process with the acknowledged scores intact', async () => {
    await killMidRoundAndRestart(fake, { env: { DATABASE_URL: db.url }, open: { dataDir: 'unused', databaseUrl: db.url } });
  }, 50_000);
});
