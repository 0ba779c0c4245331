/**
 * The product in Slack HTTP mode against the loopback fake Slack: the fake's Web API is
 * given as SLACK_API_URL, the product listens on PORT=0 and HEALTH_PORT=0, and the fake is
 * pointed at whatever port the product logged.
 */
import type { FakeSlack } from '../fakes/slack/index.js';
import { KNOWLEDGE_DIR, loggedPort, type ProductProcess, type SpawnOptions, spawnProduct } from './process.js';

export const USERS = [
  { id: 'U0TRAINER', name: 'tess', displayName: 'Tess Trainer' },
  { id: 'U0ANA', name: 'ana', displayName: 'Ana' },
  { id: 'U0BO', name: 'bo', displayName: 'Bo' },
  { id: 'U0CY', name: 'cy', displayName: 'Cy' },
  { id: 'U0SLOW', name: 'slow', displayName: 'Slow' },
];

export interface SlackProduct {
  proc: ProductProcess;
  slackPort: number;
  healthPort: number;
}

export function slackEnv(fake: FakeSlack, env: Record<string, string> = {}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: fake.botToken,
    SLACK_SIGNING_SECRET: fake.signingSecret,
    SLACK_API_URL: fake.apiUrl,
    SLACK_TRAINERS: 'U0TRAINER',
    LOG_LEVEL: 'info',
    PORT: '0',
    HEALTH_PORT: '0',
    KNOWLEDGE_DIR,
    ...env,
  };
}

/** Starts the product, waits until it listens for Slack, and points the fake at it. */
export async function startSlackProduct(
  fake: FakeSlack,
  env: Record<string, string>,
  spawn: Omit<SpawnOptions, 'env'> = {},
): Promise<SlackProduct> {
  const proc = await spawnProduct({ ...spawn, env: slackEnv(fake, env) });
  const healthPort = await loggedPort(proc, 'health checks on /healthz and /readyz');
  const slackPort = await loggedPort(proc, 'listening for Slack on /slack/events');
  fake.setAppUrl(`http://127.0.0.1:${slackPort}/slack/events`);
  return { proc, slackPort, healthPort };
}

/** Visible text of a recorded call: fallback text and blocks. */
export function textOf(args: Record<string, any>): string {
  let blocks: unknown = args.blocks;
  if (typeof blocks === 'string') blocks = JSON.parse(blocks);
  return `${String(args.text ?? '')}\n${JSON.stringify(blocks ?? [])}`;
}
