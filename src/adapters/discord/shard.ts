/**
 * `npm run start:sharded`: one process per Discord shard, each running the whole bot
 * (src/main.ts) with the Discord adapter on its share of the servers.
 *
 * Discord requires sharding from 2,500 servers per connection (and recommends about
 * 1,000 servers per shard); below that, plain `npm start` is simpler. The shard count
 * is explicit (SHARD_COUNT) and never 'auto': a fixed count keeps restarts predictable
 * and needs no extra API call. Shards share state through the database, so use
 * PostgreSQL (DATABASE_URL) when sharding. Slack is not started in shards: run it in a
 * separate `npm start` without DISCORD_TOKEN.
 */
import { fileURLToPath } from 'node:url';
import { ShardingManager } from 'discord.js';
import { configFromEnvironment } from '../../config.js';
import { createLogger } from '../../logger.js';

/** Variables a shard process must not inherit: it serves Discord only and opens no health port of its own. */
export function shardEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, HEALTH_PORT: 'off' };
  for (const key of Object.keys(out)) if (key.startsWith('SLACK_')) delete out[key];
  return out;
}

async function main(): Promise<number> {
  const config = configFromEnvironment();
  if (!config) return 2;
  const log = createLogger(config.logLevel);
  if (!config.discord) {
    process.stderr.write('start:sharded needs DISCORD_TOKEN.\n');
    return 2;
  }
  if (!config.discord.shardCount) {
    process.stderr.write("start:sharded needs SHARD_COUNT (a whole number; 'auto' is not used). One shard serves up to 2,500 servers.\n");
    return 2;
  }

  // Shards inherit process.env: strip what they must not use before spawning.
  const childEnv = shardEnvironment(process.env);
  for (const key of Object.keys(process.env)) if (!(key in childEnv)) delete process.env[key];
  Object.assign(process.env, childEnv);

  // Shards run the same entry point as this file: main.ts under tsx in development, main.js when built.
  const fromSource = import.meta.url.endsWith('.ts');
  const manager = new ShardingManager(fileURLToPath(new URL(fromSource ? '../../main.ts' : '../../main.js', import.meta.url)), {
    token: config.discord.token,
    totalShards: config.discord.shardCount,
    mode: 'process',
    respawn: true,
    // Resolved from here, so shards start whatever the working directory is.
    execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [],
  });
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, of: manager.totalShards }, 'discord shard starting');
    shard.on('death', () => log.error({ shard: shard.id }, 'discord shard process exited; respawning'));
  });
  await manager.spawn({ amount: config.discord.shardCount, delay: 5500, timeout: 60_000 });
  log.info({ shards: config.discord.shardCount }, 'all discord shards ready');

  return await new Promise<number>((resolve) => {
    const shutdown = () => {
      for (const shard of manager.shards.values()) shard.kill();
      resolve(0);
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}

// Run only as the entry point, so tests can import shardEnvironment.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`Sharding manager stopped: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
