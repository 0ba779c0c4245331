import { findCommand } from '../../contract/commands.js';
import { usageOf } from '../../contract/parse-command.js';
import type { Button, CommandRef, Reply } from '../../contract/reply.js';
import { flattenText } from '../../contract/reply.js';

/** How the console spells a command reference: `/explain funnel`. */
export function spellConsole(ref: CommandRef): string {
  const spec = ref.usage ? findCommand(ref.command) : undefined;
  if (spec) return usageOf(spec, 'console', '/');
  return `/${ref.command}${ref.args ? ` ${ref.args}` : ''}`;
}

/** A reply as plain terminal text. `now` turns a deadline into "closes in N s". */
export function renderPlain(reply: Reply, now: number = Date.now()): string {
  const out: string[] = [];
  if (reply.title) out.push(`== ${reply.title} ==`);
  const body = flattenText(reply.body, spellConsole).trim();
  if (body) out.push(body);
  if (reply.comparison) {
    out.push(`  Sales:     ${reply.comparison.sales}`, `  Marketing: ${reply.comparison.marketing}`);
  }
  for (const f of reply.fields ?? []) out.push(`  ${f.name}: ${f.value}`);
  if (reply.table) out.push(formatTable(reply.table.columns, reply.table.rows));
  if (reply.deadline !== undefined) {
    const secs = Math.max(0, Math.ceil((reply.deadline - now) / 1000));
    out.push(`(closes in ${secs} s)`);
  }
  const buttons = (reply.buttons ?? []).flat().filter((b) => !b.disabled);
  if (buttons.length) out.push(`Type one: ${buttons.map(typedAs).join(' | ')}`);
  if (reply.suggestions?.length) {
    out.push(`Related: ${reply.suggestions.map((s) => `${spellConsole({ command: 'explain', args: s.topic })} (${s.title})`).join(', ')}`);
  }
  const footer = flattenText(reply.footer, spellConsole).trim();
  if (footer) out.push(footer);
  return out.join('\n');
}

function formatTable(columns: string[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '  ' +
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** A button as the console offers it: its label, and the short word that also picks it when the label is longer. */
function typedAs(b: Button): string {
  const word = b.aliases?.[0];
  return word && buttonKey(word) !== buttonKey(b.label) ? `${b.label} (${word})` : b.label;
}

/** How typed text is compared with labels and aliases: case, spaces and punctuation ignored, except a `?` (guessing). */
export function buttonKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}?]+/gu, '');
}
