/**
 * The fake's little world: one application and bot user, one guild with roles, text
 * channels and members, DM channels made on demand, and builders for the payloads
 * Discord sends (READY, GUILD_CREATE, INTERACTION_CREATE, MESSAGE_CREATE) in the v10
 * wire format.
 */

import { randomBytes } from 'node:crypto';
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIGuildMember,
  type APIInteraction,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
  type APIMessageComponentSelectMenuInteraction,
  type APIModalSubmissionComponent,
  type APIModalSubmitInteraction,
  type APIRole,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type ApplicationFlags,
  ChannelType,
  ComponentType,
  type GatewayGuildCreateDispatchData,
  type GatewayMessageCreateDispatchData,
  type GatewayReadyDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  type GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageType,
  PermissionFlagsBits,
  type RESTPutAPIApplicationCommandsJSONBody,
  type RoleFlags,
  type UserFlags,
} from 'discord-api-types/v10';
import { snowflake } from './snowflake.js';

export interface FakeChannel {
  id: string;
  type: ChannelType;
  name?: string;
  guildId?: string;
  parentId?: string;
  /** DM recipient. */
  recipient?: APIUser;
}

export interface FakeMember {
  user: APIUser;
  roles: string[];
  nick: string | null;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: APIRole[];
  channels: FakeChannel[];
  members: FakeMember[];
  /** Role ids by purpose, for tests. */
  roleIds: { everyone: string; trainer: string; admin: string };
  /** Channel ids by purpose, for tests. */
  channelIds: { general: string; quiz: string };
}

/** Default permissions for @everyone: read, write, react, threads. */
export const EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.UseApplicationCommands;

export function makeUser(username: string, opts: { bot?: boolean; id?: string } = {}): APIUser {
  return {
    id: opts.id ?? snowflake(),
    username,
    discriminator: '0',
    global_name: opts.bot ? null : username.charAt(0).toUpperCase() + username.slice(1),
    avatar: null,
    bot: opts.bot ?? false,
    public_flags: 0 as UserFlags,
  };
}

function makeRole(id: string, name: string, permissions: bigint, position: number): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

/** A realistic-looking bot token (three dot-separated parts), made fresh per fake. */
export function makeToken(appId: string): string {
  const b64 = (b: Buffer) => b.toString('base64url');
  return `${b64(Buffer.from(appId))}.${b64(randomBytes(5)).slice(0, 6)}.${b64(randomBytes(28)).slice(0, 38)}`;
}

export class World {
  readonly appId = snowflake();
  readonly botUser: APIUser;
  readonly guild: FakeGuild;
  readonly dmChannels = new Map<string, FakeChannel>();
  /** Registered commands (global and per guild), for ids and option types in interactions. */
  commands: RESTPutAPIApplicationCommandsJSONBody & { id?: string }[] = [];
  readonly commandIds = new Map<string, string>();
  /** Roles and extra people tests add. */
  constructor(opts: { trainerRoleName?: string } = {}) {
    this.botUser = makeUser('funnelbot', { bot: true, id: this.appId });
    const guildId = snowflake();
    const everyone = guildId;
    const trainer = snowflake();
    const admin = snowflake();
    const owner = makeUser('owen');
    this.guild = {
      id: guildId,
      name: 'Acme Revenue Team',
      ownerId: owner.id,
      roles: [
        makeRole(everyone, '@everyone', EVERYONE_PERMISSIONS, 0),
        makeRole(trainer, opts.trainerRoleName ?? 'Trainer', 0n, 1),
        makeRole(admin, 'Admin', PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ManageRoles, 2),
      ],
      channels: [],
      members: [{ user: owner, roles: [], nick: null }],
      roleIds: { everyone, trainer, admin },
      channelIds: { general: snowflake(), quiz: snowflake() },
    };
    this.guild.channels.push(
      { id: this.guild.channelIds.general, type: ChannelType.GuildText, name: 'general', guildId },
      { id: this.guild.channelIds.quiz, type: ChannelType.GuildText, name: 'quiz-night', guildId },
    );
    this.guild.members.push({ user: this.botUser, roles: [], nick: null });
  }

  /** Adds a person to the guild (roles by id). */
  addMember(username: string, roles: string[] = []): APIUser {
    const user = makeUser(username);
    this.guild.members.push({ user, roles, nick: null });
    return user;
  }

  member(userId: string): FakeMember | undefined {
    return this.guild.members.find((m) => m.user.id === userId);
  }

  channel(id: string): FakeChannel | undefined {
    return this.guild.channels.find((c) => c.id === id) ?? this.dmChannels.get(id);
  }

  /** The DM channel with a person, if one was opened. */
  existingDmChannel(userId: string): FakeChannel | undefined {
    for (const ch of this.dmChannels.values()) if (ch.recipient?.id === userId) return ch;
    return undefined;
  }

  dmChannelFor(user: APIUser): FakeChannel {
    const existing = this.existingDmChannel(user.id);
    if (existing) return existing;
    const ch: FakeChannel = { id: snowflake(), type: ChannelType.DM, recipient: user };
    this.dmChannels.set(ch.id, ch);
    return ch;
  }

  /** Guild-level permissions of a member: @everyone plus each role; owners and administrators get everything. */
  permissionsOf(userId: string): bigint {
    const m = this.member(userId);
    if (!m) return 0n;
    if (userId === this.guild.ownerId) return ALL_PERMISSIONS;
    let bits = 0n;
    for (const role of this.guild.roles) {
      if (role.id === this.guild.id || m.roles.includes(role.id)) bits |= BigInt(role.permissions);
    }
    return bits & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : bits;
  }

  apiChannel(ch: FakeChannel): Record<string, unknown> {
    if (ch.type === ChannelType.DM) {
      return { id: ch.id, type: ch.type, last_message_id: null, flags: 0, recipients: ch.recipient ? [ch.recipient] : [] };
    }
    return {
      id: ch.id,
      type: ch.type,
      guild_id: ch.guildId,
      name: ch.name,
      position: 0,
      permission_overwrites: [],
      parent_id: ch.parentId ?? null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      ...(ch.type === ChannelType.PublicThread
        ? {
            owner_id: this.botUser.id,
            thread_metadata: { archived: false, auto_archive_duration: 60, archive_timestamp: new Date().toISOString(), locked: false },
            message_count: 0,
            member_count: 1,
            total_message_sent: 0,
          }
        : {}),
    };
  }

  apiMember(m: FakeMember): APIGuildMember {
    return {
      user: m.user,
      nick: m.nick,
      avatar: null,
      banner: null,
      roles: m.roles,
      joined_at: '2025-11-03T09:00:00.000000+00:00',
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  interactionMember(userId: string): APIInteractionGuildMember {
    const m = this.member(userId);
    if (!m) throw new Error(`fake discord: ${userId} is not a member of the guild`);
    return { ...this.apiMember(m), user: m.user, permissions: this.permissionsOf(userId).toString() };
  }

  ready(sessionId: string, resumeUrl: string, shard: [number, number]): GatewayReadyDispatchData {
    return {
      v: 10,
      user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 as UserFlags },
      guilds: this.guildsForShard(shard).map((g) => ({ id: g.id, unavailable: true })),
      session_id: sessionId,
      resume_gateway_url: resumeUrl,
      shard,
      application: { id: this.appId, flags: 0 as ApplicationFlags, flags_new: '0' },
    };
  }

  guildsForShard([id, count]: [number, number]): FakeGuild[] {
    return [this.guild].filter((g) => Number((BigInt(g.id) >> 22n) % BigInt(count)) === id);
  }

  apiGuild(): Record<string, unknown> {
    const g = this.guild;
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: GuildVerificationLevel.Low,
      default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
      explicit_content_filter: GuildExplicitContentFilter.AllMembers,
      roles: g.roles,
      emojis: [],
      features: [],
      mfa_level: GuildMFALevel.None,
      application_id: null,
      system_channel_id: g.channelIds.general,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: GuildPremiumTier.None,
      premium_subscription_count: 0,
      preferred_locale: Locale.EnglishUS,
      public_updates_channel_id: null,
      nsfw_level: GuildNSFWLevel.Default,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      stickers: [],
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      hub_type: null,
      incidents_data: null,
    };
  }

  guildCreate(): GatewayGuildCreateDispatchData {
    const g = this.guild;
    return {
      ...this.apiGuild(),
      joined_at: '2025-11-03T09:00:00.000000+00:00',
      large: false,
      unavailable: false,
      member_count: g.members.length,
      voice_states: [],
      members: g.members.map((m) => this.apiMember(m)),
      channels: g.channels.filter((c) => c.type !== ChannelType.PublicThread).map((c) => this.apiChannel(c)),
      threads: g.channels.filter((c) => c.type === ChannelType.PublicThread).map((c) => this.apiChannel(c)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    } as unknown as GatewayGuildCreateDispatchData;
  }

  // ---- interactions -------------------------------------------------------------

  private baseInteraction(user: APIUser, where: InteractionPlace) {
    const id = snowflake();
    const token = Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
    const ch = where.dm ? this.dmChannelFor(user) : this.channel(where.channelId ?? this.guild.channelIds.general);
    if (!ch) throw new Error(`fake discord: unknown channel ${where.channelId}`);
    const guildPart = where.dm
      ? { user, context: InteractionContextType.BotDM }
      : {
          guild_id: this.guild.id,
          guild: { id: this.guild.id, locale: Locale.EnglishUS, features: [] },
          guild_locale: Locale.EnglishUS,
          member: this.interactionMember(user.id),
          context: InteractionContextType.Guild,
        };
    return {
      id,
      application_id: this.appId,
      token,
      version: 1 as const,
      channel: this.apiChannel(ch) as APIChatInputApplicationCommandInteraction['channel'],
      channel_id: ch.id,
      app_permissions: (where.appPermissions ?? (where.dm ? DM_APP_PERMISSIONS : EVERYONE_PERMISSIONS)).toString(),
      locale: Locale.EnglishUS,
      entitlements: [],
      authorizing_integration_owners: { '0': this.guild.id },
      attachment_size_limit: 10_485_760,
      ...guildPart,
    };
  }

  slashCommand(input: SlashInput): APIChatInputApplicationCommandInteraction {
    const user = input.user;
    const options = this.commandOptions(input);
    const resolved = this.resolvedFor(input.options ?? {});
    return {
      ...this.baseInteraction(user, input),
      type: InteractionType.ApplicationCommand,
      data: {
        id: this.commandIdFor(input.name),
        name: input.name,
        type: ApplicationCommandType.ChatInput,
        ...(input.dm ? {} : { guild_id: this.guild.id }),
        ...(options.length ? { options } : {}),
        ...(resolved ? { resolved } : {}),
      },
    } as APIChatInputApplicationCommandInteraction;
  }

  autocomplete(input: SlashInput & { focused: string; value: string }): APIApplicationCommandAutocompleteInteraction {
    const options = this.commandOptions({ ...input, options: { ...input.options, [input.focused]: input.value } }, input.focused);
    return {
      ...this.baseInteraction(input.user, input),
      type: InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: this.commandIdFor(input.name),
        name: input.name,
        type: ApplicationCommandType.ChatInput,
        ...(input.dm ? {} : { guild_id: this.guild.id }),
        options,
      },
    } as APIApplicationCommandAutocompleteInteraction;
  }

  buttonClick(input: {
    user: APIUser;
    message: APIMessage;
    customId: string;
    appPermissions?: bigint;
  }): APIMessageComponentButtonInteraction {
    const ch = this.channel(input.message.channel_id);
    return {
      ...this.baseInteraction(input.user, {
        dm: ch?.type === ChannelType.DM,
        channelId: input.message.channel_id,
        appPermissions: input.appPermissions,
      }),
      type: InteractionType.MessageComponent,
      message: input.message,
      data: { custom_id: input.customId, component_type: ComponentType.Button },
    } as APIMessageComponentButtonInteraction;
  }

  /** A choice in a string select on a message: `data.component_type: 3` with the chosen `values`. */
  selectMenu(input: {
    user: APIUser;
    message: APIMessage;
    customId: string;
    values: string[];
    appPermissions?: bigint;
  }): APIMessageComponentSelectMenuInteraction {
    return {
      ...this.baseInteraction(input.user, this.placeOf(input.message, input.appPermissions)),
      type: InteractionType.MessageComponent,
      message: input.message,
      data: { custom_id: input.customId, component_type: ComponentType.StringSelect, values: input.values },
    } as APIMessageComponentSelectMenuInteraction;
  }

  /**
   * A MODAL_SUBMIT from the person who saw the modal, in the place of the interaction that opened it
   * (with its message when that was a component click), with a fresh id and token.
   */
  modalSubmit(input: { user: APIUser; source: APIInteraction; customId: string; components: unknown[] }): APIModalSubmitInteraction {
    const message = 'message' in input.source ? input.source.message : undefined;
    const place: InteractionPlace = {
      dm: !input.source.guild_id,
      channelId: input.source.channel?.id ?? input.source.channel_id,
      appPermissions: input.source.app_permissions ? BigInt(input.source.app_permissions) : undefined,
    };
    return {
      ...this.baseInteraction(input.user, place),
      type: InteractionType.ModalSubmit,
      ...(message ? { message } : {}),
      data: { custom_id: input.customId, components: input.components as APIModalSubmissionComponent[] },
    } as APIModalSubmitInteraction;
  }

  private placeOf(message: APIMessage, appPermissions?: bigint): InteractionPlace {
    const ch = this.channel(message.channel_id);
    return { dm: ch?.type === ChannelType.DM, channelId: message.channel_id, appPermissions };
  }

  commandIdFor(name: string): string {
    let id = this.commandIds.get(name);
    if (!id) {
      id = snowflake();
      this.commandIds.set(name, id);
    }
    return id;
  }

  /** Option type as registered, else guessed from the JS value. */
  private optionType(command: string, sub: string | undefined, option: string, value: unknown): ApplicationCommandOptionType {
    type Opt = { name: string; type: number; options?: Opt[] };
    const cmd = this.commands.find((c) => c.name === command) as { options?: Opt[] } | undefined;
    const scope = sub ? cmd?.options?.find((o) => o.name === sub)?.options : cmd?.options;
    const registered = scope?.find((o) => o.name === option)?.type;
    if (registered) return registered;
    if (typeof value === 'number') return ApplicationCommandOptionType.Integer;
    if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
    if (typeof value === 'object' && value && 'role' in value) return ApplicationCommandOptionType.Role;
    if (typeof value === 'object' && value && 'user' in value) return ApplicationCommandOptionType.User;
    return ApplicationCommandOptionType.String;
  }

  private commandOptions(input: SlashInput, focused?: string): APIApplicationCommandInteractionDataOption[] {
    const leaf = Object.entries(input.options ?? {}).map(([name, raw]) => {
      const type = this.optionType(input.name, input.subcommand, name, raw);
      const value = typeof raw === 'object' && raw ? ('role' in raw ? raw.role : raw.user) : raw;
      return { name, type, value, ...(name === focused ? { focused: true } : {}) };
    }) as APIApplicationCommandInteractionDataOption[];
    if (!input.subcommand) return leaf;
    return [
      { name: input.subcommand, type: ApplicationCommandOptionType.Subcommand, options: leaf },
    ] as APIApplicationCommandInteractionDataOption[];
  }

  private resolvedFor(options: Record<string, OptionValue>) {
    const roles: Record<string, APIRole> = {};
    const users: Record<string, APIUser> = {};
    for (const v of Object.values(options)) {
      if (typeof v !== 'object' || !v) continue;
      if ('role' in v) {
        const role = this.guild.roles.find((r) => r.id === v.role);
        if (role) roles[role.id] = role;
      } else {
        const m = this.member(v.user);
        if (m) users[m.user.id] = m.user;
      }
    }
    if (!Object.keys(roles).length && !Object.keys(users).length) return undefined;
    return { ...(Object.keys(roles).length ? { roles } : {}), ...(Object.keys(users).length ? { users } : {}) };
  }

  // ---- messages ---------------------------------------------------------------

  messageCreate(input: MessageInput): GatewayMessageCreateDispatchData {
    const ch = input.dm ? this.dmChannelFor(input.user) : this.channel(input.channelId ?? this.guild.channelIds.general);
    if (!ch) throw new Error(`fake discord: unknown channel ${input.channelId}`);
    const mentioned = /<@!?(\d+)>/g;
    const mentionIds = [...input.content.matchAll(mentioned)].map((m) => m[1]!);
    const mentions = mentionIds
      .map((id) => this.member(id))
      .filter((m): m is FakeMember => !!m)
      .map((m) => (input.dm ? m.user : { ...m.user, member: this.apiMemberNoUser(m) }));
    const member = input.dm ? undefined : this.member(input.user.id);
    return {
      id: snowflake(),
      channel_id: ch.id,
      author: input.user,
      content: input.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: /@(everyone|here)/.test(input.content),
      mentions,
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: MessageType.Default,
      flags: 0,
      components: [],
      nonce: snowflake(),
      ...(input.dm
        ? { channel_type: ChannelType.DM }
        : {
            guild_id: this.guild.id,
            channel_type: ch.type as ChannelType.GuildText,
            ...(member ? { member: this.apiMemberNoUser(member) } : {}),
          }),
    } as unknown as GatewayMessageCreateDispatchData;
  }

  private apiMemberNoUser(m: FakeMember) {
    const { user: _user, ...rest } = this.apiMember(m);
    return rest;
  }
}

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

/** What a bot may do in a DM with someone. */
const DM_APP_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions;

export type OptionValue = string | number | boolean | { role: string } | { user: string };

export interface InteractionPlace {
  /** A guild text channel; #general by default. */
  channelId?: string;
  /** From the person's DM with the bot. */
  dm?: boolean;
  /** The bot's permissions in the channel (`app_permissions`). */
  appPermissions?: bigint;
}

export interface SlashInput extends InteractionPlace {
  user: APIUser;
  name: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

export interface MessageInput {
  user: APIUser;
  content: string;
  channelId?: string;
  dm?: boolean;
}

export type AnyInteraction = APIInteraction;
