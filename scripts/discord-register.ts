/**
 * `npm run discord:register`: registers the slash commands built from the command
 * catalogue. With DISCORD_GUILD_ID: in that one server (instant). Without: globally
 * (every server; Discord may take a while to show changes). `--dry-run` prints the JSON.
 */
import { config as loadDotenv } from 'dotenv';
import { REST } from 'discord.js';
import { Routes, type APIApplication } from 'discord-api-types/v10';
import { buildCommands } from '../src/adapters/discord/commands.js';
import { ConfigError, loadConfig } from '../src/config.js';

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const commands = buildCommands();
  if (process.argv.includes('--dry-run')) {
    process.stdout.write(`${JSON.stringify(commands, null, 2)}\n`);
    return 0;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!config.discord) {
    process.stderr.write('Set DISCORD_TOKEN (Developer Portal → Bot → Reset Token) to register commands.\n');
    return 2;
  }
  const rest = new REST(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}).setToken(config.discord.token);
  const appId = config.discord.applicationId ?? ((await rest.get(Routes.currentApplication())) as APIApplication).id;
  const guildId = config.discord.guildId;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const saved = (await rest.put(route, { body: commands })) as { name: string }[];
  process.stdout.write(
    `Registered ${saved.length} commands ${guildId ? `in server ${guildId}` : 'globally'}: ${saved.map((c) => `/${c.name}`).join(' ')}\n`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`Registering commands failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
