/**
 * Slash-command registration JSON, built from the one command catalogue: `quiz start`
 * becomes subcommand `start` of `/quiz`, option kinds map to Discord option types, and
 * limits (ranges, choices, lengths) carry over so Discord's client enforces them too.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { COMMANDS, type CommandSpec, type OptionSpec } from '../../contract/commands.js';

/** Top-level commands only a server's admins see by default (Manage Server). */
const ADMIN_ONLY = new Set(['trainers']);
/** Top-level commands that only make sense in a server (rounds, server-wide standings, trainer lists). */
const SERVER_ONLY = new Set(['quiz', 'leaderboard', 'report', 'gaps', 'trainers']);

const cap = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function buildCommands(catalogue: readonly CommandSpec[] = COMMANDS): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const specs = catalogue.filter((c) => !c.platforms || c.platforms.includes('discord'));
  const groups = new Map<string, CommandSpec[]>();
  for (const spec of specs) {
    const top = spec.name.split(' ')[0]!;
    groups.set(top, [...(groups.get(top) ?? []), spec]);
  }
  return [...groups].map(([name, members]) => {
    const single = members.length === 1 && !members[0]!.name.includes(' ') ? members[0]! : undefined;
    const options = single
      ? basicOptions(single.options)
      : members.map(
          (m): APIApplicationCommandSubcommandOption => ({
            type: ApplicationCommandOptionType.Subcommand,
            name: m.name.split(' ')[1]!,
            description: cap(m.description, 100),
            options: basicOptions(m.options),
          }),
        );
    return {
      type: ApplicationCommandType.ChatInput,
      name,
      description: cap(single?.description ?? groupDescription(name, members), 100),
      ...(options.length ? { options } : {}),
      default_member_permissions: ADMIN_ONLY.has(name) ? PermissionFlagsBits.ManageGuild.toString() : null,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: SERVER_ONLY.has(name) ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM],
    };
  });
}

function groupDescription(name: string, members: CommandSpec[]): string {
  const subs = members.map((m) => m.name.split(' ')[1]).join(', ');
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${subs}`;
}

/** Discord wants required options first; the catalogue order is kept otherwise. */
function basicOptions(options: readonly OptionSpec[]): APIApplicationCommandBasicOption[] {
  const sorted = [...options.filter((o) => o.required), ...options.filter((o) => !o.required)];
  return sorted.map((o): APIApplicationCommandBasicOption => {
    const base = { name: o.name, description: cap(o.description, 100), required: o.required ?? false };
    switch (o.kind) {
      case 'string':
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          ...(o.autocomplete ? { autocomplete: true } : {}),
          ...(o.maxLength ? { max_length: Math.min(o.maxLength, 6000) } : {}),
        };
      case 'integer':
        return { ...base, type: ApplicationCommandOptionType.Integer, min_value: o.min, max_value: o.max };
      case 'boolean':
        return { ...base, type: ApplicationCommandOptionType.Boolean };
      case 'choice':
        return { ...base, type: ApplicationCommandOptionType.String, choices: o.choices.map((c) => ({ name: c, value: c })) };
      case 'role':
        return { ...base, type: ApplicationCommandOptionType.Role };
      case 'user':
        return { ...base, type: ApplicationCommandOptionType.User };
    }
  });
}
