/**
 * `npm run kb:export [-- --dir knowledge] [--workspace <platform>:<id>] [--dry-run]`: writes the knowledge
 * trainers added in chat (examples, out-of-scope messages, team answers) into the knowledge files.
 * Reads the database the bot uses (DATABASE_URL, else the SQLite file in DATA_DIR). Running it twice
 * adds nothing the second time. Review the change (`git diff knowledge/`), then restart the bot.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configFromEnvironment } from '../src/config.js';
import type { Platform } from '../src/contract/inbound.js';
import { exportAdditions, readAdditions, TEAM_ANSWERS_FILE, type WorkspaceRef } from '../src/core/knowledge/export.js';
import { KnowledgeError } from '../src/core/knowledge/load.js';
import { openStore, SQLITE_FILE } from '../src/core/storage/index.js';

const USAGE = `Usage: npm run kb:export -- [--dir knowledge] [--workspace <platform>:<id>] [--dry-run]
  --dir        the knowledge folder to write into (default: KNOWLEDGE_DIR, or knowledge)
  --workspace  only this server/workspace, e.g. slack:T0123ABCD or discord:81234567890 (default: all)
  --dry-run    print what would be added, change nothing`;

const PLATFORMS: readonly Platform[] = ['discord', 'slack', 'console'];

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseWorkspace(value: string): WorkspaceRef {
  const at = value.indexOf(':');
  const platform = value.slice(0, at) as Platform;
  const workspaceId = value.slice(at + 1).trim();
  if (at < 0 || !PLATFORMS.includes(platform) || !workspaceId)
    fail(`--workspace must be <platform>:<id> with platform ${PLATFORMS.join(', ')}, e.g. slack:T0123ABCD; found "${value}"`);
  return { platform, workspaceId };
}

/** The store's two listing methods, checked at run time (they belong to the storage port). */
function readArgs() {
  try {
    const options = {
      dir: { type: 'string' },
      workspace: { type: 'string' },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    } as const;
    return parseArgs({ options }).values;
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
}

const args = readArgs();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
const workspace = args.workspace === undefined ? undefined : parseWorkspace(args.workspace);
const config = configFromEnvironment();
if (!config) process.exit(1);
const dir = args.dir ?? config.knowledgeDir;
const dryRun = args['dry-run'] === true;

if (!config.databaseUrl && !existsSync(path.join(config.dataDir, SQLITE_FILE)))
  fail(`No database at ${path.join(config.dataDir, SQLITE_FILE)} (set DATA_DIR, or DATABASE_URL for PostgreSQL): nothing to export.`);

const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: { info: () => {} } });
try {
  const additions = await readAdditions(store, workspace);
  const { plan, changes } = await exportAdditions(dir, additions, { dryRun });
  const where = workspace ? `${workspace.platform}:${workspace.workspaceId}` : 'all workspaces';
  console.log(`${additions.length} addition${additions.length === 1 ? '' : 's'} in chat (${where}).`);
  for (const c of changes) {
    console.log(`${c.file}${c.created ? ' (new file)' : ''}:`);
    for (const line of c.added) console.log(`  + ${line}`);
  }
  const already = plan.skipped.filter((s) => s.reason === 'already there').length;
  if (already > 0) console.log(`${already} already in the files.`);
  for (const s of plan.skipped.filter((s) => s.reason !== 'already there')) {
    const a = s.addition;
    const what =
      a.kind === 'example'
        ? `example for topic "${a.topic}"`
        : a.kind === 'out-of-scope'
          ? 'out-of-scope message'
          : a.kind === 'quiz'
            ? `quiz question on "${a.topic}"`
            : `team answer "${a.topic}"`;
    console.log(
      `Left out: ${what} (addition ${a.id}): ${s.reason === 'unknown topic' ? 'the topic no longer exists' : 'the text is too short or empty'}.`,
    );
  }
  // Edits, removals and quiz questions on team answers exported earlier: the file is the trainers' to change.
  for (const c of plan.teamChanges) {
    const what =
      c.change === 'edit' ? 'was rewritten in chat' : c.change === 'remove' ? 'was removed in chat' : 'got a quiz question in chat';
    console.log(`Not written: team answer "${c.topic}" ${what} (addition ${c.addition.id}); change ${TEAM_ANSWERS_FILE} by hand.`);
  }
  if (changes.length === 0) console.log('Nothing new to write.');
  else if (dryRun) console.log('Dry run: nothing was written.');
  else console.log(`Written. Review with \`git diff ${dir}\`, then restart the bot.`);
} catch (err) {
  if (!(err instanceof KnowledgeError)) throw err;
  console.error(`${err.message}\nFix the knowledge files first (npm run kb:check), then export again.`);
  process.exitCode = 1;
} finally {
  await store.close();
}
