/**
 * Answers interactions within Discord's 3-second window, exactly once: the reply itself
 * when the core is quick, otherwise a deferral at ~2 s and the reply as an edit or
 * follow-up. A quick reply carrying a form, to a component click, opens it as a modal.
 * Autocomplete is answered from the knowledge base. Nothing here throws: REST failures are logged.
 */
import { type REST, SnowflakeUtil } from 'discord.js';
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  Routes,
} from 'discord-api-types/v10';
import { findCommand } from '../../contract/commands.js';
import type { Inbound } from '../../contract/inbound.js';
import { privateNote, type Reply } from '../../contract/reply.js';
import type { Bot } from '../../core/bot.js';
import { completeTopic } from '../../core/commands/explain.js';
import type { Logger } from '../../logger.js';
import { describeError } from './errors.js';
import { renderModal } from './modal.js';
import { missingPermissionsNote, missingRoundPermissions } from './permissions.js';
import { type DiscordMessage, renderReply } from './render.js';
import { componentToInbound, flattenOptions, type InboundContext, modalSubmitToInbound, slashCommandToInbound } from './to-inbound.js';

export interface InteractionDeps {
  bot: Bot;
  rest: REST;
  log: Logger;
  ctx: InboundContext;
  applicationId: () => string;
  /** When to defer if the core hasn't answered (Discord allows 3 s; default 2000 ms). */
  deferAfterMs: number;
}

const THREAD_TYPES = new Set<number>([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

export async function handleInteraction(raw: APIInteraction, deps: InteractionDeps): Promise<void> {
  try {
    if (raw.type === InteractionType.ApplicationCommandAutocomplete) return await autocomplete(raw, deps);
    if (raw.type === InteractionType.ApplicationCommand && raw.data.type === ApplicationCommandType.ChatInput) {
      return await slashCommand(raw as APIChatInputApplicationCommandInteraction, deps);
    }
    if (raw.type === InteractionType.MessageComponent) return await component(raw, deps);
    if (raw.type === InteractionType.ModalSubmit) return await modalSubmit(raw, deps);
    deps.log.debug({ type: raw.type }, 'ignored an interaction type we do not use');
  } catch (err) {
    deps.log.error({ err: describeError(err), interaction: raw.id }, 'interaction handling failed');
  }
}

async function slashCommand(i: APIChatInputApplicationCommandInteraction, deps: InteractionDeps): Promise<void> {
  const parsed = slashCommandToInbound(i, deps.ctx);
  if ('error' in parsed) return void (await callback(i, deps, reply(privateNote(parsed.error), deps)));
  const { inbound } = parsed;
  if (inbound.command.name === 'quiz.start' && i.guild_id) {
    const missing = missingRoundPermissions(i.app_permissions, {
      thread: inbound.command.thread,
      inThread: i.channel ? THREAD_TYPES.has(i.channel.type) : false,
    });
    if (missing.length) {
      deps.log.info({ missing, channel: inbound.place.channelId }, 'refused a quiz start: missing channel permissions');
      return void (await callback(i, deps, reply(privateNote(missingPermissionsNote(missing)), deps)));
    }
  }
  const spec = findCommand(specName(i));
  await answer(i, inbound, deps, { deferPrivately: spec?.private ?? false, isClick: false });
}

async function component(i: APIMessageComponentInteraction, deps: InteractionDeps): Promise<void> {
  await answer(i, componentToInbound(i, deps.ctx), deps, { deferPrivately: true, isClick: true, canOpenForm: true });
}

/**
 * A form's submission, answered like the click that opened it: Discord lets a submission from a
 * modal opened on a message update or defer-update that message, as a click does.
 */
async function modalSubmit(i: APIModalSubmitInteraction, deps: InteractionDeps): Promise<void> {
  await answer(i, modalSubmitToInbound(i, deps.ctx), deps, { deferPrivately: true, isClick: i.message !== undefined });
}

type Answerable = APIChatInputApplicationCommandInteraction | APIMessageComponentInteraction | APIModalSubmitInteraction;

interface How {
  /** A command's "thinking…" is ephemeral (the command's replies are private). */
  deferPrivately: boolean;
  /** Sits on a message: a late answer defers an update of it, `replaceSource` updates it. */
  isClick: boolean;
  /** A reply's form may open as a modal: only the first answer to a component interaction can be one. */
  canOpenForm?: boolean;
}

/** Runs the core; acknowledges with its reply if it comes in time, otherwise defers first. */
async function answer(i: Answerable, inbound: Inbound, deps: InteractionDeps, how: How): Promise<void> {
  const work = deps.bot.handle(inbound);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deferDelay(i.id, deps.deferAfterMs));
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== 'late') {
    if (first.silent) return void (await acknowledgeSilently(i, deps, how.isClick));
    if (first.form && how.canOpenForm && (await openForm(i, deps, first))) return;
    await callback(i, deps, reply(first, deps, how.isClick));
    return;
  }
  // Too slow for a direct answer: acknowledge now, deliver later through the webhook (a form can
  // no longer open: the rest of the reply goes, and the core spelled the typed way in its body).
  const deferral = how.isClick
    ? { type: InteractionResponseType.DeferredMessageUpdate }
    : { type: InteractionResponseType.DeferredChannelMessageWithSource, data: how.deferPrivately ? { flags: MessageFlags.Ephemeral } : {} };
  const acked = await callback(i, deps, deferral);
  const result = await work;
  if (!acked) return;
  await deliverLate(i, deps, result, how);
}

/**
 * Discord's 3 s run from when it created the interaction (the id's timestamp), not from
 * when we received it: time spent queued counts. A clock running ahead only makes us
 * defer sooner, which is harmless.
 */
export function deferDelay(interactionId: string, deferAfterMs: number, now = Date.now()): number {
  const age = now - SnowflakeUtil.timestampFrom(interactionId);
  return Math.max(0, Math.min(deferAfterMs, deferAfterMs - age));
}

/** Answers with the reply's form as a modal; false when it could not open (then the caller answers with the rest). */
async function openForm(i: Answerable, deps: InteractionDeps, result: Reply): Promise<boolean> {
  const modal = result.form ? renderModal(result.form, dropLogger(deps)) : undefined;
  if (!modal) return false;
  return callback(i, deps, { type: InteractionResponseType.Modal, data: modal });
}

async function deliverLate(i: Answerable, deps: InteractionDeps, result: Reply, how: How): Promise<void> {
  if (result.silent) {
    // Nothing to say: a click's deferred update shows nothing; remove a command's "thinking…".
    if (!how.isClick)
      await deps.rest.delete(Routes.webhookMessage(deps.applicationId(), i.token, '@original'), { auth: false }).catch(() => {});
    return;
  }
  const hook = { app: deps.applicationId(), token: i.token };
  const isPrivate = result.visibility === 'private';
  const body = renderReply(result, { ephemeral: isPrivate, onDrop: dropLogger(deps) });
  const original = Routes.webhookMessage(hook.app, hook.token, '@original');
  try {
    if (how.isClick) {
      // Deferred update: @original is the message the button sat on.
      if (result.replaceSource) await deps.rest.patch(original, { body: withoutFlags(body), auth: false });
      else await deps.rest.post(Routes.webhook(hook.app, hook.token), { body, auth: false });
      return;
    }
    if (isPrivate && !how.deferPrivately) {
      // The "thinking…" message is public but the answer is private: remove it, answer privately.
      await deps.rest.delete(original, { auth: false });
      await deps.rest.post(Routes.webhook(hook.app, hook.token), { body, auth: false });
      return;
    }
    await deps.rest.patch(original, { body: withoutFlags(body), auth: false });
  } catch (err) {
    deps.log.warn({ err: describeError(err), interaction: i.id }, 'could not deliver a deferred reply');
  }
}

function withoutFlags(body: DiscordMessage): Omit<DiscordMessage, 'flags'> {
  const { flags: _flags, ...rest } = body;
  return rest;
}

/**
 * A reply the core chose not to send (over the rate limit, already told): a click is acknowledged
 * with a deferred update, which changes nothing on screen; a slash command gets no callback at
 * all, so Discord shows only its own "did not respond" to that person, at no API cost.
 */
async function acknowledgeSilently(i: APIInteraction, deps: InteractionDeps, isClick: boolean): Promise<void> {
  if (isClick) await callback(i, deps, { type: InteractionResponseType.DeferredMessageUpdate });
}

/** The first callback: reply, update or deferral. Returns false when Discord refused it. */
async function callback(
  i: APIInteraction,
  deps: InteractionDeps,
  body: { type: InteractionResponseType; data?: unknown },
): Promise<boolean> {
  try {
    await deps.rest.post(Routes.interactionCallback(i.id, i.token), { body, auth: false });
    return true;
  } catch (err) {
    deps.log.warn({ err: describeError(err), interaction: i.id, type: body.type }, 'discord refused an interaction response');
    return false;
  }
}

/** The reply as the first callback: a new message, or for a click that replaces its source, an update. */
function reply(
  result: Reply,
  deps: InteractionDeps,
  isClick = false,
): { type: InteractionResponseType; data: DiscordMessage | Omit<DiscordMessage, 'flags'> } {
  const onDrop = dropLogger(deps);
  if (isClick && result.replaceSource) {
    return { type: InteractionResponseType.UpdateMessage, data: withoutFlags(renderReply(result, { onDrop })) };
  }
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: renderReply(result, { ephemeral: result.visibility === 'private', onDrop }),
  };
}

function dropLogger(deps: InteractionDeps) {
  return (what: string) => deps.log.warn({ what }, 'dropped part of a message to fit Discord');
}

function specName(i: APIChatInputApplicationCommandInteraction): string {
  const { sub } = flattenOptions(i.data.options ?? []);
  return sub ? `${i.data.name} ${sub}` : i.data.name;
}

// ---- autocomplete -------------------------------------------------------------------

async function autocomplete(i: APIApplicationCommandAutocompleteInteraction, deps: InteractionDeps): Promise<void> {
  const { sub, values } = flattenOptions(i.data.options ?? []);
  const focused = [...values.values()].find((o) => 'focused' in o && o.focused) as
    | (APIApplicationCommandInteractionDataBasicOption & { focused?: boolean })
    | undefined;
  const typed = focused && focused.type === ApplicationCommandOptionType.String ? String(focused.value) : '';
  // Declared topic options are completed from the knowledge base; a list option completes its last entry.
  const option = findCommand(sub ? `${i.data.name} ${sub}` : i.data.name)?.options.find((o) => o.name === focused?.name);
  const choices = option?.kind === 'topic' ? topicChoices(deps.bot, typed, option.list === true) : [];
  await callback(i, deps, { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices } });
}

/** Topic suggestions; for `/quiz start` several comma-separated topics, completing the last one. */
export function topicChoices(bot: Pick<Bot, 'kb'>, typed: string, several: boolean): { name: string; value: string }[] {
  const cut = several ? typed.lastIndexOf(',') : -1;
  const done = cut >= 0 ? `${typed.slice(0, cut + 1).replace(/\s+/g, '')}` : '';
  const current = typed.slice(cut + 1).trim();
  return completeTopic(bot.kb, current, 25)
    .map((t) => ({ name: `${done ? `${done} ` : ''}${t.title}`.slice(0, 100), value: `${done}${t.id}` }))
    .filter((c) => c.value.length <= 100);
}
