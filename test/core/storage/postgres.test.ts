import { afterAll, beforeAll, expect, it } from 'vitest';
import { openStore } from '../../../src/core/storage/open.js';
import { describePg, type Throwaway, throwawayDatabase } from '../../helpers/pg.js';
import { storeContract, type TestDatabase } from './contract.js';

describePg('Store contract: PostgreSQL', () => {
  let pg: Throwaway;
  beforeAll(async () => {
    pg = await throwawayDatabase();
  });
  afterAll(async () => {
    await pg?.drop();
  });

  async function postgresDatabase(): Promise<TestDatabase> {
    const schema = pg.schema();
    const startups: { applied: number[] }[] = [];
    return {
      startups,
      open: () =>
        openStore({
          databaseUrl: pg.url,
          schema,
          dataDir: 'unused',
          log: { info: (o: object) => startups.push(o as { applied: number[] }) } as never,
        }),
      done: async () => {},
    };
  }

  storeContract(postgresDatabase);

  it('two instances starting at once both migrate safely', async () => {
    const schema = pg.schema();
    const log = { info() {} };
    const stores = await Promise.all([1, 2, 3].map(() => openStore({ databaseUrl: pg.url, schema, dataDir: 'unused', log })));
    expect(stores[0]!.dialect).toBe('postgres');
    await Promise.all(stores.map((s) => s.close()));
  });
});
