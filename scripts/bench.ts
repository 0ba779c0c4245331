/**
 * `npm run bench [part…]`: runs each benchmark in its own process (so one's memory and
 * JIT state don't colour the next) and prints their tables. Parts: matcher, store, discord, slack, slack-flood, knowledge.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const PARTS = ['matcher', 'store', 'discord', 'slack', 'slack-flood', 'knowledge'];
const wanted = process.argv.slice(2).length ? process.argv.slice(2) : PARTS;
let failed = 0;
for (const part of wanted) {
  const script = `scripts/bench-${part}.ts`;
  if (!existsSync(script)) {
    console.error(`No benchmark named "${part}" (expected ${script}).`);
    failed++;
    continue;
  }
  console.log(`\n### ${part}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', script], { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: 'silent' } });
  if (run.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
