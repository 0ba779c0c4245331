/**
 * Discord payloads (raw v10 wire format) -> Inbound. Pure: what the adapter knows
 * about roles comes in through `GuildDirectory`, so tests feed plain objects.
 */
import {
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIGuildMember,
  type APIInteractionGuildMember,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIUser,
  ApplicationCommandOptionType,
  ChannelType,
  ComponentType,
  type GatewayMessageCreateDispatchData,
  PermissionFlagsBits,
} from 'discord-api-types/v10';
import { findCommand } from '../../contract/commands.js';
import type { Actor, Command, Inbound, Place, Privileges } from '../../contract/inbound.js';
import { commandFrom, type Parsed, type RawValue, unknownCommand } from '../../contract/parse-command.js';

/** What the adapter knows about a guild from its cache. */
export interface GuildDirectory {
  /** Role name and permission bits, by role id (the @everyone role's id is the guild id). */
  role(guildId: string, roleId: string): { name: string; permissions: bigint } | undefined;
  ownerId(guildId: string): string | undefined;
}

export interface InboundContext {
  botUserId: string;
  /** Holders of a role with this name (any case) are default trainers (DISCORD_TRAINER_ROLE). */
  trainerRoleName: string;
  directory: GuildDirectory;
}

/** The workspace id of a DM, which belongs to no server. */
export const DM_WORKSPACE = '@me';

const THREAD_TYPES = new Set<number>([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

export type ParsedCommand = Parsed;

type Interaction = APIChatInputApplicationCommandInteraction | APIMessageComponentInteraction | APIModalSubmitInteraction;

export function actorOf(user: APIUser, member?: Pick<APIGuildMember, 'nick'>): Actor {
  return { platform: 'discord', id: user.id, displayName: member?.nick || user.global_name || user.username };
}

export function placeOfInteraction(i: Interaction): Place {
  const channel = i.channel;
  const channelId = channel?.id ?? i.channel_id ?? '';
  const parent = channel && 'parent_id' in channel ? channel.parent_id : undefined;
  const inThread = channel ? THREAD_TYPES.has(channel.type) : false;
  return {
    platform: 'discord',
    workspaceId: i.guild_id ?? DM_WORKSPACE,
    channelId: inThread && parent ? parent : channelId,
    ...(inThread ? { threadId: channelId } : {}),
    isDirect: !i.guild_id,
  };
}

/** Privileges from an interaction member: `permissions` there are already computed by Discord for the channel. */
export function interactionPrivileges(
  member: APIInteractionGuildMember | undefined,
  guildId: string | undefined,
  ctx: InboundContext,
): Privileges {
  if (!member || !guildId) return { isAdmin: false, isDefaultTrainer: false, roleIds: [] };
  const bits = BigInt(member.permissions);
  return {
    isAdmin: hasAdmin(bits),
    isDefaultTrainer: holdsTrainerRole(member.roles, guildId, ctx),
    roleIds: [...member.roles],
  };
}

/** Privileges from a message author: permissions computed from the cached roles (messages carry none). */
export function messagePrivileges(userId: string, roles: readonly string[], guildId: string | undefined, ctx: InboundContext): Privileges {
  if (!guildId) return { isAdmin: false, isDefaultTrainer: false, roleIds: [] };
  let bits = ctx.directory.role(guildId, guildId)?.permissions ?? 0n;
  for (const id of roles) bits |= ctx.directory.role(guildId, id)?.permissions ?? 0n;
  return {
    isAdmin: ctx.directory.ownerId(guildId) === userId || hasAdmin(bits),
    isDefaultTrainer: holdsTrainerRole(roles, guildId, ctx),
    roleIds: [...roles],
  };
}

function hasAdmin(bits: bigint): boolean {
  return (bits & (PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild)) !== 0n;
}

function holdsTrainerRole(roles: readonly string[], guildId: string, ctx: InboundContext): boolean {
  const wanted = ctx.trainerRoleName.trim().toLowerCase();
  return !!wanted && roles.some((id) => ctx.directory.role(guildId, id)?.name.trim().toLowerCase() === wanted);
}

function actorOfInteraction(i: Interaction): Actor {
  const user = i.member?.user ?? i.user;
  if (!user) throw new Error('interaction without a user');
  return actorOf(user, i.member);
}

/** A slash command; `ok: false` explains an option Discord let through that we can't use. */
export function slashCommandToInbound(
  i: APIChatInputApplicationCommandInteraction,
  ctx: InboundContext,
): { inbound: Inbound } | { error: string } {
  const parsed = parseSlashCommand(i.data.name, i.data.options ?? []);
  if (!parsed.ok) return { error: parsed.error };
  return { inbound: build(i, parsed.command, ctx) };
}

/**
 * A button click or a menu choice: the custom_id is the core's action id, passed back untouched;
 * a string select's chosen value comes along as `values.choice` (one value: min and max are 1).
 */
export function componentToInbound(i: APIMessageComponentInteraction, ctx: InboundContext): Inbound {
  const { data } = i;
  const choice = data.component_type === ComponentType.StringSelect ? data.values[0] : undefined;
  const command: Command = { name: 'action', id: data.custom_id, ...(choice !== undefined ? { values: { choice } } : {}) };
  return build(i, command, ctx);
}

/** A form's submission (MODAL_SUBMIT): the modal's custom_id is the form's action id, the texts its values. */
export function modalSubmitToInbound(i: APIModalSubmitInteraction, ctx: InboundContext): Inbound {
  return build(i, { name: 'action', id: i.data.custom_id, values: modalValues(i.data.components) }, ctx);
}

type SubmittedComponent = { type: ComponentType; custom_id?: string; value?: unknown; values?: unknown };

/**
 * The values of a submitted modal by field id: text inputs in Label components (what the adapter
 * sends) and in the older action rows; a string select inside a Label gives its first value.
 */
export function modalValues(components: APIModalSubmitInteraction['data']['components'] | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  const take = (c: SubmittedComponent) => {
    if (!c.custom_id) return;
    if (c.type === ComponentType.TextInput && typeof c.value === 'string') values[c.custom_id] = c.value;
    else if (c.type === ComponentType.StringSelect && Array.isArray(c.values)) values[c.custom_id] = String(c.values[0] ?? '');
  };
  for (const top of components ?? []) {
    if (top.type === ComponentType.ActionRow) for (const c of top.components ?? []) take(c);
    else if (top.type === ComponentType.Label) take(top.component);
  }
  return values;
}

function build(i: Interaction, command: Command, ctx: InboundContext): Inbound {
  const privileges = interactionPrivileges(i.member, i.guild_id, ctx);
  return { actor: actorOfInteraction(i), place: placeOfInteraction(i), command, privileges: async () => privileges };
}

/** Splits `quiz start …` into the subcommand and its options. */
export function flattenOptions(options: readonly APIApplicationCommandInteractionDataOption[]): {
  sub?: string;
  values: Map<string, APIApplicationCommandInteractionDataBasicOption>;
} {
  const first = options[0];
  if (first && (first.type === ApplicationCommandOptionType.Subcommand || first.type === ApplicationCommandOptionType.SubcommandGroup)) {
    const inner = flattenOptions(first.options ?? []);
    return { sub: inner.sub ? `${first.name} ${inner.sub}` : first.name, values: inner.values };
  }
  return { values: new Map(options.map((o) => [o.name, o as APIApplicationCommandInteractionDataBasicOption])) };
}

/** Discord's typed option values -> the core's Command, through the one shared parser. */
export function parseSlashCommand(name: string, options: readonly APIApplicationCommandInteractionDataOption[]): ParsedCommand {
  const { sub, values } = flattenOptions(options);
  const full = sub ? `${name} ${sub}` : name;
  const spec = findCommand(full);
  if (!spec || (spec.platforms && !spec.platforms.includes('discord'))) {
    return { ok: false, error: unknownCommand(full, '/') };
  }
  const raw = new Map<string, RawValue>();
  for (const [key, option] of values) {
    if (typeof option.value === 'string' || typeof option.value === 'number' || typeof option.value === 'boolean')
      raw.set(key, option.value);
  }
  return commandFrom(spec, raw, 'discord');
}

/**
 * A message in a DM, or mentioning the bot in a server, is a question. Anything else
 * (bots, the bot itself, messages not for us) is `undefined`: ignored.
 */
export function messageToInbound(m: GatewayMessageCreateDispatchData, ctx: InboundContext): Inbound | undefined {
  if (m.author.bot || m.author.id === ctx.botUserId || m.webhook_id) return undefined;
  const isDirect = !m.guild_id;
  const mentioned = m.mentions.some((u) => u.id === ctx.botUserId);
  if (!isDirect && !mentioned) return undefined;
  const text = stripBotMention(m.content, ctx.botUserId);
  const command: Command = text ? { name: 'ask', question: text } : { name: 'help' };
  const roles = m.member?.roles ?? [];
  return {
    actor: actorOf(m.author, m.member),
    place: {
      platform: 'discord',
      workspaceId: m.guild_id ?? DM_WORKSPACE,
      channelId: m.channel_id,
      ...(m.channel_type !== undefined && THREAD_TYPES.has(m.channel_type) ? { threadId: m.channel_id } : {}),
      isDirect,
    },
    command,
    privileges: async () => messagePrivileges(m.author.id, roles, m.guild_id, ctx),
  };
}

/** The question without the bot's own `<@id>` / `<@!id>` tag. */
export function stripBotMention(content: string, botUserId: string): string {
  return content
    .replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
