import { type Logger, pino } from 'pino';

export type { Logger };

/** Field names whose values never reach a log line, at any depth we log. */
const SECRET_KEYS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'authorization',
  'databaseUrl',
  'DATABASE_URL',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'connectionString',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`, `*.headers.${k}`]);

/**
 * Token-shaped text inside free strings (error messages, URLs with passwords).
 * Slack tokens, Discord bot tokens (three dot-separated base64url parts), and URL credentials.
 */
const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\bxapp-[A-Za-z0-9-]+/g,
  /\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,40}\b/g,
  /(?<=:\/\/[^:/@\s]+:)[^@\s]+(?=@)/g,
];

export function scrubSecrets(text: string): string {
  return SECRET_PATTERNS.reduce((s, re) => s.replace(re, '[redacted]'), text);
}

/** Structured JSON logs on stderr (stdout belongs to `ask --json` and the console). */
export function createLogger(
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  return pino(
    {
      level,
      base: { app: 'funnelbot' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        // Messages and error texts can carry tokens (a library echoing a URL): scrub them too.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error);
          return { ...s, message: scrubSecrets(s.message ?? ''), stack: s.stack ? scrubSecrets(s.stack) : undefined };
        },
      },
    },
    destination,
  );
}
