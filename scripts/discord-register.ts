/**
 * `npm run discord:register`: registers the slash commands built from the command
 * catalogue. With DISCORD_GUILD_ID: in that one server (instant). Without: globally
 * (every server; Discord may take a while to show changes). `--dry-run` prints the JSON.
 */
import { REST } from 'discord.js';
import { type APIApplication, Routes } from 'discord-api-types/v10';
import { buildCommands } from '../src/adapters/discord/commands.js';
import { configFromEnvironment } from '../src/config.js';

async function main(): Promise<number> {
  const commands = buildCommands();
  if (process.argv.includes('--dry-run')) {
    process.stdout.write(`${JSON.stringify(commands, null, 2)}\n`);
    return 0;
  }
  const config = configFromEnvironment();
  if (!config) return 2;
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
