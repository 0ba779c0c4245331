import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

/**
 * PostgreSQL for tests. Set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)
 * to run the PostgreSQL suites: each file gets a throwaway database, created and dropped here.
 * Without it the suites are skipped with a visible warning, except under CI=true, where a
 * missing database fails the run.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || undefined;

export function describePg(name: string, body: () => void): void {
  if (TEST_DATABASE_URL) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs TEST_DATABASE_URL under CI', () => {
        throw new Error('TEST_DATABASE_URL is not set, and CI=true requires the PostgreSQL tests to run.');
      });
    });
    return;
  }
  console.warn(`[skipped] "${name}": set TEST_DATABASE_URL=postgres://… to run the PostgreSQL tests.`);
  describe.skip(name, body);
}

export interface Throwaway {
  url: string;
  /** A fresh schema name inside the throwaway database (for per-test isolation). */
  schema(): string;
  drop(): Promise<void>;
}

/** Creates `funnelbot_test_<random>` next to TEST_DATABASE_URL's database; `drop()` removes it. */
export async function throwawayDatabase(): Promise<Throwaway> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const name = `funnelbot_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  let n = 0;
  return {
    url: url.toString(),
    schema: () => `t${++n}_${randomBytes(3).toString('hex')}`,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
