import { findCommand } from '../../contract/commands.js';
import { usageOf } from '../../contract/parse-command.js';
import type { Button, CommandRef, Reply } from '../../contract/reply.js';
import { flattenText } from '../../contract/reply.js';
import { DEFAULT_WIDTH, layoutTable, textWidth, wrapText, wrapWords } from './wrap.js';

export { terminalWidth } from './wrap.js';

/** How the console spells a command reference: `/explain funnel`. */
export function spellConsole(ref: CommandRef): string {
  const spec = ref.usage ? findCommand(ref.command) : undefined;
  if (spec) return usageOf(spec, 'console', '/');
  return `/${ref.command}${ref.args ? ` ${ref.args}` : ''}`;
}

/**
 * A reply as plain terminal text, wrapped at word boundaries to `width` columns
 * (pass `terminalWidth(process.stdout)`). `now` turns a deadline into "closes in N s".
 * A word wider than the whole line (a long URL) is kept whole on its own line.
 */
export function renderPlain(reply: Reply, now: number = Date.now(), width: number = DEFAULT_WIDTH): string {
  const out: string[] = [];
  const wrap = (text: string, first = '', rest?: string) => out.push(...wrapText(text, width, { first, ...(rest ? { rest } : {}) }));
  if (reply.title) wrap(`${reply.title} ==`, '== ', '   ');
  const body = flattenText(reply.body, spellConsole).trim();
  if (body) wrap(body);
  if (reply.comparison) {
    wrap(reply.comparison.sales, '  Sales:     ');
    wrap(reply.comparison.marketing, '  Marketing: ');
  }
  for (const f of reply.fields ?? []) wrap(f.value, `  ${f.name}: `, '    ');
  if (reply.table) out.push(...layoutTable(reply.table.columns, reply.table.rows, width));
  if (reply.deadline !== undefined) {
    const secs = Math.max(0, Math.ceil((reply.deadline - now) / 1000));
    out.push(`(closes in ${secs} s)`);
  }
  const buttons = (reply.buttons ?? []).flat().filter((b) => !b.disabled);
  if (buttons.length) wrap(buttons.map(typedAs).join(' | '), 'Type one: ');
  if (reply.suggestions?.length) {
    const items = reply.suggestions.map(
      (s, i, all) => `${spellConsole({ command: 'explain', args: s.topic })} (${s.title})${i < all.length - 1 ? ',' : ''}`,
    );
    out.push(...wrapUnits(items, width, 'See also: ', '  '));
  }
  const footer = flattenText(reply.footer, spellConsole).trim();
  if (footer) wrap(footer);
  // The console's stand-in for the Helpful / Not helpful buttons under an answer.
  if (reply.controls?.feedback) wrap('Not what you asked? /wrong [what you were after]');
  return out.join('\n');
}

/**
 * Lines of phrases that stay together where they fit ("/explain scope (Which is broader)"),
 * so a line break never separates a command from its topic.
 */
function wrapUnits(units: readonly string[], width: number, first: string, rest: string): string[] {
  const glue = '\u0000';
  const room = width - textWidth(rest);
  const words = units.flatMap((u) => (textWidth(u) <= room ? [u.replaceAll(' ', glue)] : u.split(' ')));
  return wrapWords(words, width, first, rest, 'overflow').map((line) => line.replaceAll(glue, ' '));
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
