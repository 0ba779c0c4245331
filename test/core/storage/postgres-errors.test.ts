import { describe, expect, it } from 'vitest';
import { describeTarget, explainPostgresError } from '../../../src/core/storage/postgres-errors.js';

const URL_WITH_PASSWORD = 'postgres://funnel:s3cr3t-pw@db.internal:6432/funnelbot';
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('PostgreSQL start-up errors in plain words', () => {
  it('names user, host, port and database but never the password', () => {
    expect(describeTarget(URL_WITH_PASSWORD)).toBe('funnel@db.internal:6432/funnelbot');
    expect(describeTarget('not a url')).toBe('the DATABASE_URL server');
  });

  it('calls a refused or timed-out connection unreachable (worth retrying), including Node’s multi-address AggregateError', () => {
    const refused = new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], '');
    for (const err of [pgError('ECONNREFUSED', 'connect ECONNREFUSED'), refused, new Error('timeout exceeded when trying to connect')]) {
      const out = explainPostgresError(err, URL_WITH_PASSWORD);
      expect(out?.kind).toBe('unreachable');
      expect(out?.message).toMatch(/^Cannot reach PostgreSQL at funnel@db\.internal:6432\/funnelbot/);
      expect(out?.message).not.toContain('s3cr3t');
    }
  });

  it('calls a refused login, a missing database or missing rights unusable (needs a person)', () => {
    const cases: [string, RegExp][] = [
      ['28P01', /refused the login .*check the user and password in DATABASE_URL/],
      ['3D000', /does not exist on funnel@db\.internal:6432\/funnelbot: create it/],
      ['42501', /may not create Funnelbot's tables/],
    ];
    for (const [code, says] of cases) {
      const out = explainPostgresError(pgError(code, `server said ${code}`), URL_WITH_PASSWORD);
      expect(out?.kind).toBe('unusable');
      expect(out?.message).toMatch(says);
      expect(out?.message).not.toContain('s3cr3t');
    }
  });

  it('leaves anything else alone, so it is not dressed up as a database problem', () => {
    expect(explainPostgresError(new TypeError('x is not a function'), URL_WITH_PASSWORD)).toBeUndefined();
    expect(explainPostgresError(null, URL_WITH_PASSWORD)).toBeUndefined();
  });
});
