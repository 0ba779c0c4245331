import type { Inbound, Platform } from '../../contract/inbound.js';
import type { Reply } from '../../contract/reply.js';
import { isoDay } from '../../contract/text.js';
import type { CoreContext } from '../commands/types.js';
import { itemMenu, whyListed } from '../inbox/cards.js';
import { knowledgeFor } from '../knowledge/live.js';
import { isStopWord, stem, surfaceWords } from '../matching/analyse.js';
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

/** How alike two questions' content words must be (shared / all, after stemming) to be one inbox item. */
export const SAME_QUESTION = 0.75;

/** The content words of a question, stemmed: "How many days of parental leave?" is {day, parent, leav}. */
export function contentStems(text: string): Set<string> {
  return new Set(
    surfaceWords(text)
      .filter((w) => !isStopWord(w))
      .map(stem),
  );
}

function likeness(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}

/**
 * The group a new inbox question joins: an open item that asks nearly the same thing in other
 * words ("how many days of parental leave do contractors get?" and "how much parental leave do
 * contractors get") is one item, most alike first; otherwise its own normalised text. Grouped
 * when it is recorded, so counts, numbers and actions need nothing else.
 */
async function groupOf(ctx: CoreContext, platform: Platform, workspaceId: string, text: string): Promise<string> {
  const norm = normaliseGap(text);
  const mine = contentStems(text);
  const since = ctx.clock.now() - ctx.settings.gaps.retentionDays * DAY_MS;
  // One query for the open wordings (the most recent 1,000), compared in memory.
  const open = await ctx.store.gapWordings(platform, workspaceId, since, 1000);
  let best: { norm: string; score: number } | undefined;
  for (const g of open) {
    const score = likeness(mine, contentStems(g.text));
    if (score >= SAME_QUESTION && (!best || score > best.score)) best = { norm: g.norm, score };
  }
  return best?.norm ?? norm;
}

/**
 * Remembers a question the bot abstained on, never who asked. In a channel: the text with
 * mentions, e-mail addresses, long numbers and link paths stripped (`redactPersonal`). In a
 * direct message: no text at all, only that one was asked and its nearest topic, so trainers
 * see a count per topic. Off when settings.gaps.enabled is false. Never fails the answer it belongs to.
 */
export async function recordGap(
  ctx: CoreContext,
  inbound: Inbound,
  question: string,
  nearestTopic?: string | null,
): Promise<{ id: number; countedOnly: boolean } | undefined> {
  if (!ctx.settings.gaps.enabled) return undefined;
  const gap = inbound.place.isDirect ? directMessageGap(ctx, nearestTopic) : channelGap(question);
  if (!gap) return undefined;
  const { platform, workspaceId, isDirect } = inbound.place;
  try {
    const id = isDirect
      ? await ctx.store.recordGap({ platform, workspaceId, ...gap, askedAt: ctx.clock.now() })
      : await addToInbox(ctx, platform, workspaceId, gap.text);
    return { id, countedOnly: isDirect };
  } catch (err) {
    ctx.log.warn({ err }, 'could not record an unanswered question');
    return undefined;
  }
}

/**
 * Stores a question as the inbox keeps it (`channelGap`'s text) in the open item it nearly
 * repeats, or a new one; `answeredTopic` when it comes from a "Not helpful" rating. Returns its row id.
 */
export async function addToInbox(
  ctx: CoreContext,
  platform: Platform,
  workspaceId: string,
  text: string,
  answeredTopic?: string | null,
): Promise<number> {
  const norm = await groupOf(ctx, platform, workspaceId, text);
  return ctx.store.recordGap({ platform, workspaceId, text, norm, askedAt: ctx.clock.now(), answeredTopic });
}

/** A channel question as the inbox keeps it: spacing folded, personal details stripped, cut to 300 characters. */
export function channelGap(question: string): { text: string; norm: string } | undefined {
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
  await ctx.store.purgeGaps(since, now);
  const rows = await ctx.store.listGaps(platform, workspaceId, since, 25);
  const off = enabled ? '' : ' Recording is switched off (GAPS_ENABLED), so no new ones are added.';
  const kept = `Kept ${retentionDays} days, without who asked; mentions, e-mail addresses and numbers removed, direct messages counted only.`;
  if (rows.length === 0) {
    return { visibility: 'private', title: "Questions I couldn't answer", body: [`None recorded. ${kept}${off}`] };
  }
  const menu = itemMenu(rows);
  // A trainer looking at the inbox is likely to act on it: the retrain that follows starts warm.
  ctx.knowledge?.prepare();
  const view = await knowledgeFor(ctx, inbound.place);
  return {
    visibility: 'private',
    title: "Questions I couldn't answer",
    body: [`Most frequent first. ${kept}${off}`],
    table: {
      columns: ['#', 'Question', 'Times', 'Last asked', 'Why'],
      // Redacted again on display: rows recorded before redaction existed are shown stripped too.
      rows: rows.map((r) => [String(r.id), redactPersonal(r.text), String(r.count), isoDay(r.lastAsked), whyListed(view, r)]),
    },
    ...(menu ? { selects: [menu] } : {}),
    footer: [
      'Act on one by its number: ',
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
