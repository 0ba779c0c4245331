/**
 * Reply → Block Kit plus a plain-text fallback (`text`, used for notifications and
 * when blocks are refused). Every Reply string is plain text, so all of it is
 * escaped (&, <, >) and mrkdwn objects are `verbatim`: nothing a person typed can
 * become a mention, a channel ping or a disguised link. Slack's limits are respected
 * by cutting gracefully, never by failing.
 */
import type { types } from '@slack/bolt';
import { findCommand } from '../../contract/commands.js';
import { usageOf } from '../../contract/parse-command.js';
import type { AnswerControls, Button, CommandRef, Reply, RichText, Select } from '../../contract/reply.js';
import { escapeSlack, truncate } from './text.js';

type Block = types.KnownBlock;
type ButtonElement = types.Button;

export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  /** static_select: at most 100 options, placeholder ≤ 150; option text ≤ 75, value ≤ 150 (Block Kit reference). */
  selectOptions: 100,
  selectPlaceholder: 150,
  optionText: 75,
  optionValue: 150,
  /** Fallback text: far below Slack's 40,000 so notifications stay readable. */
  fallbackText: 3000,
} as const;

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export interface RenderOptions {
  /** The slash command, for command references: `/funnel explain funnel`. */
  slash?: string;
}

/** How Slack spells a command reference: `/funnel explain funnel`. */
export function spellSlack(ref: CommandRef, slash = '/funnel'): string {
  const spec = ref.usage ? findCommand(ref.command) : undefined;
  if (spec) return usageOf(spec, 'slack', `${slash} `);
  return `${slash} ${ref.command}${ref.args ? ` ${ref.args}` : ''}`;
}

export function renderReply(reply: Reply, opts: RenderOptions = {}): SlackMessage {
  const slash = opts.slash ?? '/funnel';
  const content: Block[] = [];
  const tail: Block[] = [];

  if (reply.title?.trim()) content.push({ type: 'header', text: plain(reply.title, SLACK_LIMITS.headerText) });
  for (const chunk of chunks(mrkdwn(reply.body, slash), SLACK_LIMITS.sectionText)) content.push(section(chunk));
  if (reply.comparison) {
    content.push({
      type: 'section',
      fields: [field('Sales', reply.comparison.sales), field('Marketing', reply.comparison.marketing)],
    });
  }
  const fields = reply.fields ?? [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.sectionFields) {
    content.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.sectionFields).map((f) => field(f.name, f.value)) });
  }
  if (reply.table) for (const chunk of tableChunks(reply.table.columns, reply.table.rows)) content.push(section(chunk));

  if (reply.deadline !== undefined) tail.push(context(deadlineText(reply.deadline)));
  for (const [i, s] of (reply.selects ?? []).slice(0, 2).entries()) {
    const menu = staticSelect(s);
    if (menu) tail.push({ type: 'actions', block_id: `select-${i}`, elements: [menu] });
  }
  for (const [i, row] of (reply.buttons ?? []).slice(0, 5).entries()) {
    const elements = dedupeIds(row.filter((b) => !b.disabled).map(button)).slice(0, SLACK_LIMITS.actionsElements);
    if (elements.length) tail.push({ type: 'actions', block_id: `buttons-${i}`, elements });
  }
  const suggestions = dedupeIds((reply.suggestions ?? []).map((s) => button({ actionId: s.actionId, label: s.title }))).slice(
    0,
    SLACK_LIMITS.actionsElements,
  );
  if (suggestions.length) tail.push({ type: 'actions', block_id: 'suggestions', elements: suggestions });
  const controls = dedupeIds(controlButtons(reply.controls));
  if (controls.length) tail.push({ type: 'actions', block_id: 'controls', elements: controls });
  const footer = mrkdwn(reply.footer, slash);
  if (footer) tail.push(context(footer));

  const room = SLACK_LIMITS.blocks - tail.length;
  const kept = content.length > room ? [...content.slice(0, room - 1), context('_(shortened: too long for one Slack message)_')] : content;
  const blocks = [...kept, ...tail];
  return { text: fallbackText(reply, slash), blocks: blocks.length ? blocks : [section('\u200b')] };
}

/** Rich text → mrkdwn: plain strings escaped, `strong` bold, command references as inline code. */
export function mrkdwn(text: RichText | undefined, slash = '/funnel'): string {
  if (!text) return '';
  return text
    .map((seg) => {
      if (typeof seg === 'string') return escapeSlack(seg);
      if ('strong' in seg) {
        const inner = escapeSlack(seg.strong.replace(/\*/g, '')).trim();
        return inner ? `*${inner}*` : '';
      }
      return `\`${escapeSlack(spellSlack(seg.cmd, slash).replace(/`/g, "'"))}\``;
    })
    .join('')
    .trim();
}

function plainText(text: RichText | undefined, slash: string): string {
  if (!text) return '';
  return text.map((seg) => (typeof seg === 'string' ? seg : 'strong' in seg ? seg.strong : spellSlack(seg.cmd, slash))).join('');
}

/** A plain_text object: one line, escaped, cut to `max`, never empty (Slack refuses empty text). */
export function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(escapeSlack(oneLine(text)), max) || '\u200b', emoji: true };
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: text || '\u200b', verbatim: true } };
}

function context(text: string): types.ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, SLACK_LIMITS.contextText) || '\u200b', verbatim: true }] };
}

function field(name: string, value: string): types.MrkdwnElement {
  const head = `*${escapeSlack(oneLine(name).replace(/\*/g, ''))}*\n`;
  return { type: 'mrkdwn', text: truncate(head + escapeSlack(value), SLACK_LIMITS.fieldText), verbatim: true };
}

function button(b: Pick<Button, 'actionId' | 'label' | 'style'>): ButtonElement {
  const el: ButtonElement = {
    type: 'button',
    text: plain(b.label, SLACK_LIMITS.buttonText),
    action_id: b.actionId.slice(0, SLACK_LIMITS.actionId),
  };
  // Slack buttons are default, primary or danger.
  if (b.style === 'primary' || b.style === 'success') el.style = 'primary';
  if (b.style === 'danger') el.style = 'danger';
  return el;
}

/**
 * A menu as a static_select. Values are opaque ids that must come back untouched, so they are
 * never escaped; an option whose value Slack would refuse (empty, too long, a repeat) is left out.
 */
function staticSelect(s: Select): types.StaticSelect | undefined {
  const seen = new Set<string>();
  const options: types.PlainTextOption[] = [];
  for (const o of s.options) {
    if (!o.value || o.value.length > SLACK_LIMITS.optionValue || seen.has(o.value)) continue;
    seen.add(o.value);
    options.push({ text: plain(o.label, SLACK_LIMITS.optionText), value: o.value });
  }
  if (!options.length || !s.actionId) return undefined;
  return {
    type: 'static_select',
    action_id: s.actionId.slice(0, SLACK_LIMITS.actionId),
    placeholder: plain(s.placeholder, SLACK_LIMITS.selectPlaceholder),
    options: options.slice(0, SLACK_LIMITS.selectOptions),
  };
}

/** Helpful / Not helpful / the follow-up offer as plain buttons (Slack's feedback_buttons need a context_actions block). */
function controlButtons(controls: AnswerControls | undefined): ButtonElement[] {
  if (!controls) return [];
  const out: ButtonElement[] = [];
  if (controls.feedback) {
    out.push(button({ actionId: controls.feedback.helpful, label: 'Helpful' }));
    out.push(button({ actionId: controls.feedback.notHelpful, label: 'Not helpful' }));
  }
  if (controls.followUp) out.push(button({ actionId: controls.followUp, label: 'Tell me when someone answers' }));
  return out;
}

/** Slack refuses two elements with one action_id in a block; the core never mints those, but be safe. */
function dedupeIds(buttons: ButtonElement[]): ButtonElement[] {
  const seen = new Set<string>();
  return buttons.filter((b) => {
    if (!b.action_id || seen.has(b.action_id)) return false;
    seen.add(b.action_id);
    return true;
  });
}

/** `<!date^…>` shows the closing time in each reader's own time zone; the fallback is UTC. */
export function deadlineText(deadline: number): string {
  const sec = Math.floor(deadline / 1000);
  const fallback = `${new Date(sec * 1000).toISOString().slice(11, 19)} UTC`;
  return `:stopwatch: Closes at <!date^${sec}^{time_secs}|${fallback}>`;
}

/**
 * A table as monospace text in code blocks, split between sections when long. Columns are at most
 * `TABLE_COLUMN` wide; a table with a longer cell (an inbox question, why it is listed) is shown
 * as one line per row instead, so nothing in it is cut (what Discord does with a wide table).
 */
function tableChunks(columns: string[], rows: string[][]): string[] {
  const cell = (s: string | undefined) => oneLine(s ?? '').replace(/`/g, 'ˋ');
  const all = [columns.map(cell), ...rows.map((r) => columns.map((_, i) => cell(r[i])))];
  if (all.some((r) => r.some((c) => c.length > TABLE_COLUMN))) return chunks(rowLines(columns, rows), SLACK_LIMITS.sectionText);
  const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [line(all[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].map(escapeSlack);
  const out: string[] = [];
  let current: string[] = [];
  const size = (ls: string[]) => ls.reduce((n, l) => n + l.length + 1, 8);
  for (const l of lines) {
    const piece = truncate(l, SLACK_LIMITS.sectionText - 10);
    if (current.length && size([...current, piece]) > SLACK_LIMITS.sectionText) {
      out.push(`\`\`\`\n${current.join('\n')}\n\`\`\``);
      current = [];
    }
    current.push(piece);
  }
  if (current.length) out.push(`\`\`\`\n${current.join('\n')}\n\`\`\``);
  return out;
}

/** Widest column of a code-block table: wider ones wrap in Slack and the columns no longer line up. */
const TABLE_COLUMN = 40;
/** A cell in a row line: far beyond any the core sends (an inbox question is ≤ 300), so one row never fills a section. */
const ROW_CELL = 1000;

/** `*first cell* · Column: cell · …`, one mrkdwn line per row, every cell escaped. */
function rowLines(columns: string[], rows: string[][]): string {
  const text = (s: string | undefined) => truncate(escapeSlack(oneLine(s ?? '')), ROW_CELL);
  return rows
    .map((r) => {
      const head = text(r[0]).replace(/\*/g, '');
      const rest = columns.slice(1).map((c, i) => `${text(c)}: ${text(r[i + 1])}`);
      return [head ? `*${head}*` : '', ...rest].filter(Boolean).join(' · ');
    })
    .join('\n');
}

/** Splits at paragraph, then line, then word boundaries so every piece fits. */
export function chunks(text: string, max: number): string[] {
  const out: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = Math.max(window.lastIndexOf('\n\n'), window.lastIndexOf('\n'));
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) cut = max;
    // Never split an entity such as &amp;.
    const amp = window.lastIndexOf('&', cut);
    if (amp >= 0 && amp > cut - 5 && !window.slice(amp, cut).includes(';')) cut = amp;
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
  return out;
}

function fallbackText(reply: Reply, slash: string): string {
  const lines: string[] = [];
  if (reply.title) lines.push(reply.title);
  const body = plainText(reply.body, slash).trim();
  if (body) lines.push(body);
  if (reply.comparison) lines.push(`Sales: ${reply.comparison.sales}`, `Marketing: ${reply.comparison.marketing}`);
  for (const f of reply.fields ?? []) lines.push(`${f.name}: ${f.value}`);
  if (reply.table) for (const row of reply.table.rows) lines.push(row.join(' · '));
  const buttons = (reply.buttons ?? []).flat().filter((b) => !b.disabled);
  if (buttons.length) lines.push(buttons.map((b) => `[${b.label}]`).join(' '));
  const footer = plainText(reply.footer, slash).trim();
  if (footer) lines.push(footer);
  const text = truncate(escapeSlack(lines.join('\n')), SLACK_LIMITS.fallbackText - 80) || ' ';
  return reply.deadline === undefined ? text : `${text}\n${deadlineText(reply.deadline)}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
