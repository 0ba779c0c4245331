/**
 * Slack payloads → the core's Inbound. Pure: who the person is (display name,
 * privileges) comes in as `PersonLookup`, resolved by the wiring via users.info.
 */
import type { Actor, Command, Inbound, Place, Privileges } from '../../contract/inbound.js';
import { placeOfView, submittedValues } from './modal.js';
import { parseSubcommand } from './subcommands.js';
import { slackToPlain, stripBotMention } from './text.js';

export interface PersonLookup {
  displayName: string;
  privileges(): Promise<Privileges>;
}

/** The fields of a slash command we read (Bolt's SlashCommand has them all). */
export interface SlashCommandFields {
  team_id: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  text: string;
}

/** app_mention and message events, as far as we read them. */
export interface MessageLikeEvent {
  type: string;
  user?: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  team?: string;
}

/** A block_actions payload, as far as we read it. */
export interface BlockActionsFields {
  user: { id: string; team_id?: string };
  team: { id: string } | null;
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
  message?: { ts: string; thread_ts?: string };
  actions: { action_id: string; type: string; selected_option?: { value: string } | null }[];
}

/** A view_submission payload, as far as we read it. */
export interface ViewSubmissionFields {
  user: { id: string; team_id?: string };
  team: { id: string } | null;
  view: {
    callback_id: string;
    private_metadata?: string;
    state: { values: Record<string, Record<string, { type?: string; value?: string | null }>> };
  };
}

export type CommandResult = { kind: 'inbound'; inbound: Inbound } | { kind: 'usage'; message: string };

export function slashCommandToInbound(cmd: SlashCommandFields, person: PersonLookup, slash = '/funnel'): CommandResult {
  const parsed = parseSubcommand(cmd.text, slash);
  if (parsed.kind === 'usage') return parsed;
  const place: Place = {
    platform: 'slack',
    workspaceId: cmd.team_id,
    channelId: cmd.channel_id,
    isDirect: isDirectChannel(cmd.channel_id, cmd.channel_name),
  };
  return { kind: 'inbound', inbound: build(cmd.user_id, place, plainCommand(parsed.command), person) };
}

/**
 * A mention or a direct message → a question, or undefined when it must be ignored:
 * bots (ours included), edits and other subtypes, and channel messages that aren't mentions.
 * An empty mention or message gets the help text.
 */
export function messageEventToInbound(
  event: MessageLikeEvent,
  teamId: string,
  botUserId: string | undefined,
  person: PersonLookup,
): Inbound | undefined {
  if (!shouldAnswer(event, botUserId)) return undefined;
  const text = slackToPlain(stripBotMention(event.text ?? '', botUserId)).trim();
  const place: Place = {
    platform: 'slack',
    workspaceId: event.team ?? teamId,
    channelId: event.channel,
    isDirect: event.channel_type === 'im',
  };
  if (event.thread_ts) place.threadId = event.thread_ts;
  // "@Funnelbot" alone asks what the bot can do, as on Discord.
  return build(event.user!, place, text ? { name: 'ask', question: text } : { name: 'help' }, person);
}

export function shouldAnswer(event: MessageLikeEvent, botUserId: string | undefined): boolean {
  if (event.bot_id || event.subtype) return false;
  if (!event.user || event.user === botUserId) return false;
  if (event.type === 'app_mention') return true;
  return event.type === 'message' && event.channel_type === 'im';
}

/**
 * A button click → `{ name: 'action', id }` with the action id untouched; a menu choice (a
 * static_select) → the same with `values.choice`, the chosen option's value.
 */
export function blockActionToInbound(body: BlockActionsFields, person: PersonLookup): Inbound | undefined {
  const action = body.actions[0];
  const channelId = body.channel?.id ?? body.container?.channel_id;
  const workspaceId = body.team?.id ?? body.user.team_id;
  if (!action || !channelId || !workspaceId) return undefined;
  let command: Command;
  if (action.type === 'button') command = { name: 'action', id: action.action_id };
  else if (action.type === 'static_select' && action.selected_option?.value)
    command = { name: 'action', id: action.action_id, values: { choice: action.selected_option.value } };
  else return undefined;
  const place: Place = { platform: 'slack', workspaceId, channelId, isDirect: isDirectChannel(channelId) };
  const threadId = body.message?.thread_ts ?? body.container?.thread_ts;
  if (threadId) place.threadId = threadId;
  return build(body.user.id, place, command, person);
}

/**
 * A form's submission → `{ name: 'action', id: <callback_id>, values }`, placed where the click
 * that opened it happened (our modals keep it in private_metadata). Undefined for a view that
 * isn't ours.
 */
export function viewSubmissionToInbound(body: ViewSubmissionFields, person: PersonLookup): Inbound | undefined {
  const place = placeOfView(body.view.private_metadata);
  if (!place || !body.view.callback_id) return undefined;
  // Slack hands private_metadata back untouched; a workspace mismatch means it isn't a view we opened here.
  if (place.workspaceId !== (body.team?.id ?? body.user.team_id)) return undefined;
  const values = submittedValues(body.view.state.values);
  return build(body.user.id, place, { name: 'action', id: body.view.callback_id, values }, person);
}

function build(userId: string, place: Place, command: Command, person: PersonLookup): Inbound {
  const actor: Actor = { platform: 'slack', id: userId, displayName: person.displayName };
  return { actor, place, command, privileges: () => person.privileges() };
}

/** Questions and topics reach the core as plain words, not Slack markup. */
function plainCommand(command: Command): Command {
  if (command.name === 'ask') return { name: 'ask', question: slackToPlain(command.question) };
  if (command.name === 'explain') return { name: 'explain', topic: slackToPlain(command.topic) };
  return command;
}

/** DM channel ids start with D; slash commands in DMs also say `directmessage`. */
export function isDirectChannel(channelId: string, channelName?: string): boolean {
  return channelId.startsWith('D') || channelName === 'directmessage';
}
