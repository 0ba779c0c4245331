import type { Inbound } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import type { CoreContext } from '../commands/types.js';
import { itemMenu } from '../inbox/cards.js';
import { redactPersonal } from './redact.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_TEXT = 300;

/** The same question typed differently ("What's CRM?" / "whats crm") counts together. */
export function normaliseGap(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Remembers a question the bot abstained on, never who asked. In a channel: the text with
 * mentions, e-mail addresses, long numbers and link paths stripped (`redactPersonal`). In a
 * direct message: no text at all, only that one was asked and its nearest topic, so trainers
 * see a count per topic. Off when settings.gaps.enabled is false. Never fails the answer it belongs to.
 */
export async function recordGap(ctx: CoreContext, inbound: Inbound, question: string, nearestTopic?: string | null): Promise<void> {
  if (!ctx.settings.gaps.enabled) return;
  const gap = inbound.place.isDirect ? directMessageGap(ctx, nearestTopic) : channelGap(question);
  if (!gap) return;
  try {
    await ctx.store.recordGap({
      platform: inbound.place.platform,
      workspaceId: inbound.place.workspaceId,
      ...gap,
      askedAt: ctx.clock.now(),
    });
  } catch (err) {
    ctx.log.warn({ err }, 'could not record an unanswered question');
  }
}

function channelGap(question: string): { text: string; norm: string } | undefined {
  const text = redactPersonal(question.replace(/\s+/g, ' ').trim()).slice(0, MAX_TEXT);
  const norm = normaliseGap(text);
  return norm ? { text, norm } : undefined;
}

/** Grouped by nearest topic; the `:` keeps these apart from any normalised question. */
function directMessageGap(ctx: CoreContext, topicId: string | null | undefined): { text: string; norm: string } {
  const topic = topicId ? ctx.kb.byId.get(topicId) : undefined;
  const near = topic ? `nearest topic: ${topic.title}` : 'no close topic';
  return { text: `(direct messages, text not kept; ${near})`, norm: `dm:${topic?.id ?? ''}` };
}

export async function gapsReply(ctx: CoreContext, inbound: Inbound, clear: boolean): Promise<Reply> {
  const { platform, workspaceId } = inbound.place;
  if (clear) {
    const n = await ctx.store.clearGaps(platform, workspaceId);
    return { visibility: 'private', title: 'Unanswered questions cleared', body: [`Removed ${n} recorded question${n === 1 ? '' : 's'}.`] };
  }
  const { enabled, retentionDays } = ctx.settings.gaps;
  const now = ctx.clock.now();
  const since = now - retentionDays * DAY_MS;
  await ctx.store.purgeGaps(since);
  const rows = await ctx.store.listGaps(platform, workspaceId, since, 25);
  const off = enabled ? '' : ' Recording is switched off (GAPS_ENABLED), so no new ones are added.';
  const kept = `Kept ${retentionDays} days, without who asked; mentions, e-mail addresses and numbers removed, direct messages counted only.`;
  if (rows.length === 0) {
    return { visibility: 'private', title: "Questions I couldn't answer", body: [`None recorded. ${kept}${off}`] };
  }
  const menu = itemMenu(rows);
  return {
    visibility: 'private',
    title: "Questions I couldn't answer",
    body: [`Most frequent first. ${kept}${off}`],
    table: {
      columns: ['#', 'Question', 'Times', 'Last asked'],
      // Redacted again on display: rows recorded before redaction existed are shown stripped too.
      rows: rows.map((r) => [String(r.id), redactPersonal(r.text), String(r.count), new Date(r.lastAsked).toISOString().slice(0, 10)]),
    },
    ...(menu ? { selects: [menu] } : {}),
    footer: [
      menu ? 'Choose one above to act on it, or type ' : 'Act on one by its number: ',
      { cmd: { command: 'gaps teach', usage: true } },
      ', ',
      { cmd: { command: 'gaps answer', usage: true } },
      ' or ',
      { cmd: { command: 'gaps dismiss', usage: true } },
      '. Empty the list with ',
      { cmd: { command: 'gaps list', usage: true } },
      '.',
    ],
  };
}
