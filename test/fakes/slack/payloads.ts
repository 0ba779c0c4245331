/**
 * Builders for what Slack sends an app, in Slack's own field names and shapes
 * (slash command form fields, Events API envelopes, block_actions payloads).
 */
import type { AppMentionEvent, GenericMessageEvent } from '@slack/types';

export interface TeamInfo {
  teamId: string;
  teamDomain: string;
  apiAppId: string;
  botUserId: string;
  verificationToken: string;
}

export interface SlashCommandInit {
  text: string;
  user: string;
  userName?: string;
  channel?: string;
  channelName?: string;
  command?: string;
}

/** The form fields of a slash command invocation (all strings, as Slack posts them). */
export function slashCommandFields(team: TeamInfo, init: SlashCommandInit, responseUrl: string, triggerId: string): Record<string, string> {
  return {
    token: team.verificationToken,
    team_id: team.teamId,
    team_domain: team.teamDomain,
    channel_id: init.channel ?? 'C0GENERAL',
    channel_name: init.channelName ?? 'general',
    user_id: init.user,
    user_name: init.userName ?? init.user.toLowerCase(),
    command: init.command ?? '/funnel',
    text: init.text,
    api_app_id: team.apiAppId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  };
}

export interface EventEnvelope {
  token: string;
  team_id: string;
  api_app_id: string;
  event: Record<string, unknown>;
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: { enterprise_id: null; team_id: string; user_id: string; is_bot: boolean; is_enterprise_install: boolean }[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

export function eventEnvelope(team: TeamInfo, event: Record<string, unknown>, eventId: string, eventTime: number): EventEnvelope {
  return {
    token: team.verificationToken,
    team_id: team.teamId,
    api_app_id: team.apiAppId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: eventTime,
    authorizations: [{ enterprise_id: null, team_id: team.teamId, user_id: team.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString('base64url')}`,
  };
}

export function appMentionEvent(init: {
  user: string;
  channel: string;
  text: string;
  ts: string;
  threadTs?: string;
  team: string;
}): AppMentionEvent {
  const event: AppMentionEvent = {
    type: 'app_mention',
    user: init.user,
    text: init.text,
    ts: init.ts,
    channel: init.channel,
    event_ts: init.ts,
    team: init.team,
  };
  if (init.threadTs) event.thread_ts = init.threadTs;
  return event;
}

export function directMessageEvent(init: { user: string; channel: string; text: string; ts: string; team: string }): GenericMessageEvent {
  return {
    type: 'message',
    subtype: undefined,
    channel: init.channel,
    user: init.user,
    text: init.text,
    ts: init.ts,
    event_ts: init.ts,
    channel_type: 'im',
    team: init.team,
  };
}

/** A message posted by a bot (ours or another), as Slack echoes it in `message` events. */
export function botMessageEvent(init: {
  botId: string;
  botUserId?: string;
  channel: string;
  text: string;
  ts: string;
  channelType: 'im' | 'channel';
}): Record<string, unknown> {
  const event: Record<string, unknown> = {
    type: 'message',
    channel: init.channel,
    text: init.text,
    ts: init.ts,
    event_ts: init.ts,
    bot_id: init.botId,
    channel_type: init.channelType,
    app_id: 'A0OTHER',
    bot_profile: { id: init.botId, name: 'bot', deleted: false },
  };
  // Apps posting with a bot token carry their bot user; legacy integrations arrive as subtype bot_message.
  if (init.botUserId) event.user = init.botUserId;
  else event.subtype = 'bot_message';
  return event;
}

export interface BlockActionsInit {
  user: { id: string; username: string; name: string };
  channel: { id: string; name: string };
  actionId: string;
  blockId: string;
  value?: string;
  label: string;
  /** For a static_select: the option picked (as Slack echoes it), instead of a button's value. */
  selectedOption?: Record<string, unknown>;
  placeholder?: Record<string, unknown>;
  messageTs: string;
  message?: Record<string, unknown>;
  isEphemeral: boolean;
  responseUrl: string;
  triggerId: string;
  actionTs: string;
}

/** A `block_actions` interaction payload for a button click. */
export function blockActionsPayload(team: TeamInfo, init: BlockActionsInit): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: init.user.id, username: init.user.username, name: init.user.name, team_id: team.teamId },
    api_app_id: team.apiAppId,
    token: team.verificationToken,
    container: {
      type: 'message',
      message_ts: init.messageTs,
      channel_id: init.channel.id,
      is_ephemeral: init.isEphemeral,
    },
    trigger_id: init.triggerId,
    team: { id: team.teamId, domain: team.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: init.channel.id, name: init.channel.name },
    state: {
      values: init.selectedOption
        ? { [init.blockId]: { [init.actionId]: { type: 'static_select', selected_option: init.selectedOption } } }
        : {},
    },
    response_url: init.responseUrl,
    actions: [
      init.selectedOption
        ? {
            type: 'static_select',
            action_id: init.actionId,
            block_id: init.blockId,
            selected_option: init.selectedOption,
            ...(init.placeholder ? { placeholder: init.placeholder } : {}),
            action_ts: init.actionTs,
          }
        : {
            action_id: init.actionId,
            block_id: init.blockId,
            text: { type: 'plain_text', text: init.label, emoji: true },
            value: init.value,
            type: 'button',
            action_ts: init.actionTs,
          },
    ],
  };
  // Slack includes the source message only for ordinary (non-ephemeral) messages.
  if (init.message) payload.message = init.message;
  return payload;
}

/** A `view_submission` interaction payload: the submitted view with its `state.values`. */
export function viewSubmissionPayload(
  team: TeamInfo,
  init: { user: { id: string; username: string; name: string }; view: Record<string, unknown>; triggerId: string },
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: team.teamId, domain: team.teamDomain },
    user: { id: init.user.id, username: init.user.username, name: init.user.name, team_id: team.teamId },
    api_app_id: team.apiAppId,
    token: team.verificationToken,
    trigger_id: init.triggerId,
    view: init.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
