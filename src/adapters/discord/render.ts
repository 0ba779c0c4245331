/**
 * Reply -> Discord message body (REST and interaction callbacks share the shape).
 * Everything is cut to Discord's limits here, so the API never answers 50035, and no
 * message can ping anyone: `allowed_mentions.parse` is always empty.
 */
import { type APIAllowedMentions, type APIEmbed, type APIEmbedField, MessageFlags } from 'discord-api-types/v10';
import type { Reply, Table } from '../../contract/reply.js';
import { COMPONENT_LIMITS, type MessageRow, renderComponents } from './components.js';
import { codeSafe, escapeMarkdown, markdown, plain, textLength, truncate } from './text.js';

export const LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedTotal: 6000,
  ...COMPONENT_LIMITS,
} as const;

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: MessageRow[];
  allowed_mentions: APIAllowedMentions;
  flags?: MessageFlags;
}

/** Never ping: not @everyone/@here, roles, users, nor the author of a replied-to message. */
export const NO_MENTIONS: APIAllowedMentions = { parse: [], replied_user: false };

export interface RenderOptions {
  /** Private replies to interactions become ephemeral. */
  ephemeral?: boolean;
  /** Told about anything dropped rather than sent (a button id too long to send, a sixth row). */
  onDrop?: (what: string) => void;
}

export function renderReply(reply: Reply, opts: RenderOptions = {}): DiscordMessage {
  const components = renderComponents(reply, opts.onDrop);
  const rich = reply.title !== undefined || reply.comparison || reply.fields?.length || reply.table || reply.deadline !== undefined;
  const message: DiscordMessage = rich
    ? { content: '', embeds: [renderEmbed(reply)], components, allowed_mentions: NO_MENTIONS }
    : { content: renderContent(reply), embeds: [], components, allowed_mentions: NO_MENTIONS };
  if (opts.ephemeral) message.flags = MessageFlags.Ephemeral;
  return message;
}

/** A `<t:…:R>` tag: Discord shows "in 20 seconds" in each reader's own locale, counting down. */
export function relativeTime(epochMs: number): string {
  return `<t:${Math.floor(epochMs / 1000)}:R>`;
}

function renderContent(reply: Reply): string {
  const body = markdown(reply.body).trim();
  const footer = markdown(reply.footer).trim();
  const tail = footer ? `\n-# ${footer}` : '';
  const text = truncate(body, LIMITS.content - textLength(tail)) + tail;
  // Discord refuses an empty message; a blank reply still says something.
  return text.trim() ? text : '…';
}

function renderEmbed(reply: Reply): APIEmbed {
  const embed: APIEmbed = {};
  if (reply.title !== undefined) embed.title = truncate(escapeMarkdown(reply.title), LIMITS.title);
  const fields: APIEmbedField[] = [];
  if (reply.comparison) {
    fields.push(field('Sales', reply.comparison.sales, true), field('Marketing', reply.comparison.marketing, true));
  }
  for (const f of reply.fields ?? []) fields.push(field(f.name, f.value, f.inline ?? false));

  const deadline = reply.deadline !== undefined ? `\n\n⏱ Closes ${relativeTime(reply.deadline)}` : '';
  let body = markdown(reply.body).trim();
  let wide: Table | undefined;
  if (reply.table) {
    const block = codeTable(reply.table);
    const room = LIMITS.description - textLength(body) - textLength(deadline) - 2;
    if (block && textLength(block) <= Math.min(room, 1800)) body = body ? `${body}\n\n${block}` : block;
    else wide = reply.table;
  }
  const description = truncate(body, LIMITS.description - textLength(deadline)) + deadline;
  if (description.trim()) embed.description = description;
  const footer = plain(reply.footer).trim();
  if (footer) embed.footer = { text: truncate(footer, LIMITS.footer) };
  // A wide table's rows share what the rest of the embed leaves of Discord's 6000 characters.
  if (wide) fields.push(...tableFields(wide, LIMITS.embedTotal - embedSize({ ...embed, fields }), LIMITS.fields - fields.length));
  if (fields.length) embed.fields = fields.slice(0, LIMITS.fields);
  return fitEmbed(embed);
}

function field(name: string, value: string, inline: boolean): APIEmbedField {
  return {
    name: truncate(escapeMarkdown(name), LIMITS.fieldName) || '\u200b',
    value: truncate(escapeMarkdown(value), LIMITS.fieldValue) || '\u200b',
    inline,
  };
}

/** A monospace table inside a code block (nothing in it renders, so no escaping); undefined when too wide. */
function codeTable(table: Table): string | undefined {
  const n = Math.max(table.columns.length, ...table.rows.map((r) => r.length));
  const cells = (r: string[]) => Array.from({ length: n }, (_, i) => codeSafe((r[i] ?? '').replace(/\s+/g, ' ').trim()));
  const rows = [table.columns, ...table.rows].map(cells);
  const widths = Array.from({ length: n }, (_, i) => Math.max(...rows.map((r) => textLength(r[i]!))));
  if (widths.reduce((a, b) => a + b + 2, 0) > 60) return undefined;
  const line = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat((widths[i] ?? 0) - textLength(c)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return ['```', line(rows[0]!), rule, ...rows.slice(1).map(line), '```'].join('\n');
}

/** The shortest a wide table's cells are cut to so that every row shows; below it, trailing rows are dropped (fitEmbed). */
const MIN_TABLE_CELL = 20;

/**
 * A table too wide for a code block: one field per row (at most `max`), its first cell as the
 * name. Rows too long together for `room` characters all stay: the longest cells are cut first,
 * to the widest that fits (a long inbox question, not the short "why it is listed" beside it),
 * rather than the last rows vanishing.
 */
function tableFields(table: Table, room: number, max: number): APIEmbedField[] {
  const rows = table.rows.slice(0, Math.max(0, max));
  const render = (cap: number) =>
    rows.map((row) =>
      field(
        truncate(row[0] ?? '', cap),
        row
          .slice(1)
          .map((cell, i) => `${table.columns[i + 1] ?? ''}: ${truncate(cell, cap)}`)
          .join(' · '),
        false,
      ),
    );
  const longest = Math.max(0, ...rows.flat().map(textLength));
  if (fieldsSize(render(longest)) <= room) return render(longest);
  // The widest cap that fits, between MIN_TABLE_CELL and the longest cell.
  let [fits, tooWide] = [MIN_TABLE_CELL, longest];
  while (tooWide - fits > 1) {
    const mid = Math.floor((fits + tooWide) / 2);
    if (fieldsSize(render(mid)) <= room) fits = mid;
    else tooWide = mid;
  }
  return render(fits);
}

const fieldsSize = (fields: APIEmbedField[]): number => fields.reduce((n, f) => n + textLength(f.name) + textLength(f.value), 0);

const embedSize = (e: APIEmbed): number =>
  textLength(e.title ?? '') + textLength(e.description ?? '') + textLength(e.footer?.text ?? '') + fieldsSize(e.fields ?? []);

/** Keeps the whole embed within 6000 characters: drop trailing fields, then shorten the description. */
function fitEmbed(embed: APIEmbed): APIEmbed {
  while (embedSize(embed) > LIMITS.embedTotal && (embed.fields?.length ?? 0) > 2) {
    embed.fields = embed.fields!.slice(0, -1);
  }
  const over = embedSize(embed) - LIMITS.embedTotal;
  if (over > 0 && embed.description) embed.description = truncate(embed.description, Math.max(1, textLength(embed.description) - over));
  return embed;
}
