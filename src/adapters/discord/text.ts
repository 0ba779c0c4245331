/**
 * Plain text to Discord markdown, safely. Reply strings are plain text (user text
 * included), so every character Discord would read as formatting, a mention, a
 * timestamp, an emoji tag or a link is escaped; and text is cut to Discord's limits
 * without breaking an escape in half.
 */
import { findCommand } from '../../contract/commands.js';
import { usageOf } from '../../contract/parse-command.js';
import type { CommandRef, RichText } from '../../contract/reply.js';

/** Characters that start formatting anywhere in a line. */
const INLINE = /[\\*_~`|<[\]@]/g;
/** Line starts that make headings, subtext, quotes and lists. */
const LINE_START = /^(\s*)(#{1,3}\s|-#\s|>|[-+*]\s|\d+\.\s)/gm;

export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(INLINE, (c) => `\\${c}`)
      // A bare URL becomes a link preview or a clickable link: keep it inert.
      .replace(/:\/\//g, ':\\/\\/')
      .replace(LINE_START, (_m, space: string, mark: string) => `${space}\\${mark}`)
  );
}

/** Text safe inside an inline code span or code block: a backtick can't end the span. */
export function codeSafe(text: string): string {
  return text.replace(/`/g, 'ˋ');
}

/**
 * A command as a Discord user types it: `/explain topic:funnel`. The argument goes to the
 * command's first option in the catalogue, so the spelling follows the registration.
 */
export function spellCommand(ref: CommandRef): string {
  const spec = findCommand(ref.command);
  if (ref.usage && spec) return usageOf(spec, 'discord', '/');
  const option = spec?.options[0]?.name;
  if (!ref.args) return `/${ref.command}`;
  return option ? `/${ref.command} ${option}:${ref.args}` : `/${ref.command} ${ref.args}`;
}

/** Rich text as Discord markdown: text escaped, `strong` bold, commands as inline code. */
export function markdown(text: RichText | undefined): string {
  if (!text) return '';
  return text
    .map((seg) => {
      if (typeof seg === 'string') return escapeMarkdown(seg);
      if ('cmd' in seg) return `\`${codeSafe(spellCommand(seg.cmd))}\``;
      return seg.strong.trim() ? `**${escapeMarkdown(seg.strong)}**` : escapeMarkdown(seg.strong);
    })
    .join('');
}

/** Rich text where Discord shows text as-is (embed footers, button labels): no markup at all. */
export function plain(text: RichText | undefined): string {
  if (!text) return '';
  return text.map((seg) => (typeof seg === 'string' ? seg : 'cmd' in seg ? spellCommand(seg.cmd) : seg.strong)).join('');
}

const length = (s: string): number => [...s].length;

/**
 * Cuts `text` to at most `max` characters (code points, as Discord counts), ending in "…".
 * Never leaves a dangling backslash (it would escape the ellipsis) or an open `**`.
 */
export function truncate(text: string, max: number): string {
  if (length(text) <= max) return text;
  if (max <= 0) return '';
  let cut = [...text].slice(0, Math.max(0, max - 1)).join('');
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2 === 1) cut = cut.slice(0, -1);
  if ((cut.match(/(?<!\\)\*\*/g)?.length ?? 0) % 2 === 1) {
    cut = length(cut) + 3 <= max ? `${cut}**` : cut.slice(0, cut.lastIndexOf('**'));
  }
  return `${cut.trimEnd()}…`;
}

export { length as textLength };
