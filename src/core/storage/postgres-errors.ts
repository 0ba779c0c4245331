/**
 * PostgreSQL start-up failures in plain words. "unreachable" (refused, timed out, unknown
 * host, the server starting up) may pass on its own, so a supervisor may retry; "unusable"
 * (wrong password, no such database, missing rights) needs a person. Never shows the password.
 */
import { StoreStartupError } from './startup-error.js';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);

export function explainPostgresError(err: unknown, databaseUrl: string): StoreStartupError | undefined {
  const where = describeTarget(databaseUrl);
  const e = (err ?? {}) as { code?: unknown; message?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : firstCode(e.errors);
  const message = typeof e.message === 'string' ? e.message : '';

  if (code === 'ENOTFOUND') {
    return new StoreStartupError('unusable', `PostgreSQL host not found (${where}): check the host name in DATABASE_URL.`, { cause: err });
  }
  if ((code && UNREACHABLE_CODES.has(code)) || /timeout|terminated unexpectedly|Connection terminated/i.test(message)) {
    return new StoreStartupError(
      'unreachable',
      `Cannot reach PostgreSQL at ${where} (${code ?? message}): is the server running and accepting connections there? ` +
        'Check the host and port in DATABASE_URL and any firewall in between. Funnelbot will connect once it answers (restart it).',
      { cause: err },
    );
  }
  if (code === '57P03') {
    return new StoreStartupError('unreachable', `PostgreSQL at ${where} is starting up or shutting down: try again shortly.`, {
      cause: err,
    });
  }
  if (code === '53300') {
    return new StoreStartupError(
      'unreachable',
      `PostgreSQL at ${where} has no free connections (too many clients): raise max_connections or stop idle clients.`,
      { cause: err },
    );
  }
  if (code === '28P01' || code === '28000') {
    return new StoreStartupError(
      'unusable',
      `PostgreSQL at ${where} refused the login (${message}): check the user and password in DATABASE_URL, and pg_hba.conf on the server.`,
      { cause: err },
    );
  }
  if (code === '3D000') {
    return new StoreStartupError(
      'unusable',
      `The database in DATABASE_URL does not exist on ${where}: create it (createdb) or fix its name in the URL.`,
      { cause: err },
    );
  }
  if (code === '42501') {
    return new StoreStartupError(
      'unusable',
      `The PostgreSQL user in DATABASE_URL may not create Funnelbot's tables on ${where} (${message}): ` +
        'grant it CREATE on the schema, or use the database owner.',
      { cause: err },
    );
  }
  if (/SSL|certificate/i.test(message)) {
    return new StoreStartupError(
      'unusable',
      `PostgreSQL at ${where}: the secure connection failed (${message}). Check sslmode in DATABASE_URL against the server's settings.`,
      { cause: err },
    );
  }
  return undefined;
}

/** "user@host:port/database", never the password. */
export function describeTarget(databaseUrl: string): string {
  try {
    const u = new URL(databaseUrl);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${user}${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || ''}`;
  } catch {
    return 'the DATABASE_URL server';
  }
}

function firstCode(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  const code = (errors[0] as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
