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
import { type CommandSpec, commandsOn, isRequired, type OptionSpec } from '../../contract/commands.js';

/** A group with an admins-only member is shown only to a server's admins by default (Manage Server). */
const adminOnly = (members: CommandSpec[]) => members.some((m) => m.who === 'admins');
/** A group is offered in DMs only when every member works there. */
const serverOnly = (members: CommandSpec[]) => members.some((m) => m.channelsOnly);

const cap = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export function buildCommands(
  catalogue: readonly CommandSpec[] = commandsOn('discord'),
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
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
      default_member_permissions: adminOnly(members) ? PermissionFlagsBits.ManageGuild.toString() : null,
      integration_types: [ApplicationIntegrationType.GuildInstall],
      contexts: serverOnly(members) ? [InteractionContextType.Guild] : [InteractionContextType.Guild, InteractionContextType.BotDM],
    };
  });
}

function groupDescription(name: string, members: CommandSpec[]): string {
  const subs = members.map((m) => m.name.split(' ')[1]).join(', ');
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}: ${subs}`;
}

/** Discord wants required options first; the catalogue order is kept otherwise. */
function basicOptions(options: readonly OptionSpec[]): APIApplicationCommandBasicOption[] {
  const sorted = [...options.filter(isRequired), ...options.filter((o) => !isRequired(o))];
  return sorted.map((o): APIApplicationCommandBasicOption => {
    const base = { name: o.name, description: cap(o.description, 100), required: isRequired(o) };
    switch (o.kind) {
      case 'text':
        return { ...base, type: ApplicationCommandOptionType.String, max_length: Math.min(o.maxLength, 6000) };
      case 'topic':
        return { ...base, type: ApplicationCommandOptionType.String, autocomplete: true };
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
