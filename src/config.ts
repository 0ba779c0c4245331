import { isIP } from 'node:net';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { SQLITE_SYNCHRONOUS_DEFAULT, SQLITE_SYNCHRONOUS_LEVELS, type SqliteSynchronous } from './core/storage/sqlite-settings.js';

/**
 * All configuration comes from the environment (and `.env`, loaded by main.ts).
 * One schema, a section per platform; every problem is reported at once with what
 * the variable should look like, before anything connects.
 */

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (what: string) =>
  z
    .string()
    .trim()
    .refine((v) => URL.canParse(v), `must be a full URL (${what})`);

const onOff = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (['1', 'true', 'on', 'yes'].includes(v)) return true;
      if (['0', 'false', 'off', 'no'].includes(v)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be on or off (true/false)' });
      return z.NEVER;
    });

const intIn = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const snowflake = z
  .string()
  .trim()
  .regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const env = z.object({
  LOG_LEVEL: optionalText.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  KNOWLEDGE_DIR: optionalText.pipe(z.string().default('knowledge')),
  DATA_DIR: optionalText.pipe(z.string().default('data')),
  DATABASE_URL: optionalText.pipe(url('postgres://user:password@host:5432/dbname').optional()),
  SQLITE_SYNCHRONOUS: z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .transform((v, ctx): SqliteSynchronous => {
      if (v === undefined || v === '') return SQLITE_SYNCHRONOUS_DEFAULT;
      if ((SQLITE_SYNCHRONOUS_LEVELS as readonly string[]).includes(v)) return v as SqliteSynchronous;
      ctx.addIssue({
        code: 'custom',
        message: `must be one of: ${SQLITE_SYNCHRONOUS_LEVELS.join(', ')} (full: a stored answer survives a power cut; normal: only a crash of the bot)`,
      });
      return z.NEVER;
    }),
  HEALTH_PORT: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 8080;
      if (v.toLowerCase() === 'off') return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) {
        ctx.addIssue({ code: 'custom', message: 'must be a port number (0–65535) or "off"' });
        return z.NEVER;
      }
      return n;
    }),
  // Loopback by default: readiness details are for the machine's own checks unless the operator opens them up.
  HEALTH_HOST: optionalText.pipe(
    z
      .string()
      .refine(
        (v) => v === 'localhost' || isIP(v) !== 0,
        'must be an IP address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (all interfaces)',
      )
      .default('127.0.0.1'),
  ),
  GAPS_ENABLED: onOff(true),
  GAPS_RETENTION_DAYS: intIn(1, 3650, 30),
  RATE_LIMIT_PER_MINUTE: intIn(1, 1000, 10),

  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(snowflake.optional()),
  DISCORD_GUILD_ID: optionalText.pipe(snowflake.optional()),
  DISCORD_TRAINER_ROLE: optionalText,
  DISCORD_API_URL: optionalText.pipe(url('the REST base without /v10, e.g. https://discord.com/api').optional()),
  SHARD_COUNT: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 1000) {
        ctx.addIssue({ code: 'custom', message: "must be a whole number of shards from 1 to 1000 (never 'auto')" });
        return z.NEVER;
      }
      return n;
    }),

  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional()),
  SLACK_APP_TOKEN: optionalText.pipe(
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp- (Socket Mode)').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_COMMAND: optionalText.pipe(
    z
      .string()
      .regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command such as /funnel')
      .optional(),
  ),
  SLACK_TRAINERS: optionalText.pipe(
    z
      .string()
      .regex(/^[UW][A-Z0-9]+(\s*,\s*[UW][A-Z0-9]+)*$/, 'must be comma-separated Slack user ids such as U024BE7LH,U0G9QF9C6')
      .optional(),
  ),
  SLACK_API_URL: optionalText.pipe(url("Slack's Web API base ending in /api/, e.g. https://slack.com/api/").optional()),
  PORT: intIn(0, 65535, 3000),
});

export type Env = z.infer<typeof env>;

export interface DiscordConfig {
  token: string;
  applicationId?: string;
  guildId?: string;
  trainerRole?: string;
  apiUrl?: string;
  shardCount?: number;
}

export interface SlackConfig {
  botToken: string;
  /** Socket Mode when set; HTTP mode otherwise. */
  appToken?: string;
  signingSecret?: string;
  command: string;
  trainers: string[];
  apiUrl?: string;
  port: number;
}

export interface Config {
  logLevel: Env['LOG_LEVEL'];
  knowledgeDir: string;
  dataDir: string;
  databaseUrl?: string;
  /** SQLite's `PRAGMA synchronous`: how much a stored answer survives (see README, Durability). */
  sqliteSynchronous: SqliteSynchronous;
  healthPort: number | null;
  /** Interface the health server listens on. */
  healthHost: string;
  gaps: { enabled: boolean; retentionDays: number };
  rateLimitPerMinute: number;
  discord?: DiscordConfig;
  slack?: SlackConfig;
}

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      'Configuration problems (set these in the environment or in .env; see .env.example):\n' +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws ConfigError listing every bad or missing variable. Never echoes values. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(source);
  const problems: ConfigProblem[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ variable: String(i.path[0] ?? '?'), message: plain(i) }));
  if (!parsed.success) throw new ConfigError(problems);
  const e = parsed.data;

  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push({
      variable: 'SLACK_SIGNING_SECRET',
      message:
        "is required in HTTP mode (SLACK_BOT_TOKEN set without SLACK_APP_TOKEN): copy it from your Slack app's Basic Information page",
    });
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    problems.push({ variable: 'SLACK_BOT_TOKEN', message: 'is missing: Slack settings are present but the bot token (xoxb-…) is not' });
  }
  if (!e.DISCORD_TOKEN && (e.DISCORD_APPLICATION_ID || e.DISCORD_GUILD_ID)) {
    problems.push({
      variable: 'DISCORD_TOKEN',
      message: 'is missing: Discord settings are present but the bot token is not (Developer Portal → Bot → Reset Token)',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    logLevel: e.LOG_LEVEL,
    knowledgeDir: e.KNOWLEDGE_DIR,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    healthPort: e.HEALTH_PORT,
    healthHost: e.HEALTH_HOST,
    gaps: { enabled: e.GAPS_ENABLED, retentionDays: e.GAPS_RETENTION_DAYS },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    discord: e.DISCORD_TOKEN
      ? {
          token: e.DISCORD_TOKEN,
          applicationId: e.DISCORD_APPLICATION_ID,
          guildId: e.DISCORD_GUILD_ID,
          trainerRole: e.DISCORD_TRAINER_ROLE,
          apiUrl: e.DISCORD_API_URL,
          shardCount: e.SHARD_COUNT,
        }
      : undefined,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          appToken: e.SLACK_APP_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          command: e.SLACK_COMMAND ?? '/funnel',
          trainers: e.SLACK_TRAINERS ? e.SLACK_TRAINERS.split(',').map((s) => s.trim()) : [],
          apiUrl: e.SLACK_API_URL,
          port: e.PORT,
        }
      : undefined,
  };
}

function plain(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) return `must be one of: ${issue.values.join(', ')}`;
  return issue.message;
}

/**
 * For entry points: loads `.env` quietly, validates, and on bad configuration prints every
 * problem to stderr and returns undefined (the caller exits non-zero before connecting anywhere).
 */
export function configFromEnvironment(): Config | undefined {
  loadDotenv({ quiet: true });
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return undefined;
  }
}
