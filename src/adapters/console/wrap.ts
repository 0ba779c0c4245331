/**
 * Word wrapping and table layout for a fixed-width terminal. Pure functions of the
 * text and the width, so they are tested without a terminal.
 *
 * Widths count code points (not UTF-16 units), which is right for the Latin text the
 * bot writes; double-width CJK and emoji may make a line a column or two wider.
 */

/** Columns assumed when the output is not a terminal (a pipe, a file, a test). */
export const DEFAULT_WIDTH = 80;
/** Narrower than this nothing reads well; wrap as if the terminal were this wide. */
const MIN_WIDTH = 20;

/** The width to wrap at: the terminal's columns on a TTY, else 80. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } | undefined): number {
  const columns = stream?.isTTY ? stream.columns : undefined;
  return columns && columns > 0 ? Math.max(MIN_WIDTH, columns) : DEFAULT_WIDTH;
}

export function textWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `A) `, `- `, `• `, `1. `: the start of an option or a list item. */
const LIST_MARKER = /^(?:[A-Z]\)|[-•*]|\d{1,2}[.)]) /;

export interface WrapOptions {
  /** Written before the first line (e.g. `  Sales:     `); counts towards the width. */
  first?: string;
  /** Written before every following line; defaults to spaces as wide as `first`. */
  rest?: string;
  /**
   * A word longer than a whole line: `overflow` keeps it whole on a line of its own (a URL
   * stays clickable and copyable; the terminal folds it), `break` cuts it at the width (table cells).
   */
  long?: 'overflow' | 'break';
}

/**
 * Wraps text at word boundaries to `width` columns. Each line break in the text is kept;
 * leading spaces of a line are kept as its indent, for its continuation lines too, and
 * an option or list item (`A) …`, `- …`) continues under its text.
 */
export function wrapText(text: string, width: number, opts: WrapOptions = {}): string[] {
  const first = opts.first ?? '';
  const rest = opts.rest ?? ' '.repeat(textWidth(first));
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const indent = /^ */.exec(line)![0];
    const text = line.slice(indent.length);
    // A lettered option or a list item continues under its text, not under its marker.
    const hang = ' '.repeat(LIST_MARKER.exec(text)?.[0].length ?? 0);
    const words = text.split(/ +/).filter(Boolean);
    const lead = i === 0 ? first : rest;
    out.push(...wrapWords(words, width, `${lead}${indent}`, `${rest}${indent}${hang}`, opts.long ?? 'overflow'));
  });
  return out;
}

/**
 * Lays words out in lines of at most `width` columns, separated by single spaces.
 * A word is never split except under `long: 'break'` when it is wider than a line.
 */
export function wrapWords(words: readonly string[], width: number, first: string, rest: string, long: 'overflow' | 'break'): string[] {
  const lines: string[] = [];
  let line = first;
  let lineWidth = textWidth(first);
  let empty = true;
  const newLine = () => {
    lines.push(line.trimEnd());
    line = rest;
    lineWidth = textWidth(rest);
    empty = true;
  };
  for (const word of words) {
    const w = textWidth(word);
    if (!empty && lineWidth + 1 + w > width) newLine();
    if (long === 'break' && w > width - lineWidth) {
      // Wider than a whole line: cut it, a full line at a time, and go on after its last piece.
      let chars = [...word];
      let room = Math.max(1, width - lineWidth);
      while (chars.length > room) {
        lines.push(`${line}${chars.slice(0, room).join('')}`);
        chars = chars.slice(room);
        line = rest;
        room = Math.max(1, width - textWidth(rest));
      }
      line += chars.join('');
      lineWidth = textWidth(line);
      empty = false;
      continue;
    }
    line += empty ? word : ` ${word}`;
    lineWidth += empty ? w : w + 1;
    empty = false;
  }
  if (!empty || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}

const INDENT = '  ';
const GAP = '  ';
/** Text columns are not squeezed narrower than this (unless their content is narrower). */
const MIN_COLUMN = 8;
/** Counts, percentages, dates, "3×", "–": shown whole, never wrapped or cut. */
const NUMERIC = /^(?:[-+]?[\d.,:%×/ -]*\d[\d.,:%×/ -]*|[–-])$/;

/**
 * A table that fits `width`: number columns keep their full width; text columns share the
 * rest, the widest narrowed first, and their cells wrap at word boundaries within the column
 * (a word wider than the column is cut). When any row takes several lines, rows are
 * separated by a blank line so each reads as one entry.
 */
export function layoutTable(columns: readonly string[], rows: readonly (readonly string[])[], width: number): string[] {
  const cell = (r: readonly string[], i: number) => (r[i] ?? '').replace(/\s+/g, ' ').trim();
  const natural = columns.map((c, i) => Math.max(textWidth(c), ...rows.map((r) => textWidth(cell(r, i)))));
  const numeric = columns.map((_, i) => rows.length > 0 && rows.every((r) => NUMERIC.test(cell(r, i))));
  const widths = fitWidths(natural, numeric, width - textWidth(INDENT) - textWidth(GAP) * (columns.length - 1));

  const block = (cells: readonly string[]): string[] => {
    const wrapped = widths.map((w, i) =>
      numeric[i] ? [cells[i] ?? ''] : wrapWords((cells[i] ?? '').split(' ').filter(Boolean), w, '', '', 'break'),
    );
    const height = Math.max(...wrapped.map((c) => c.length));
    const lines: string[] = [];
    for (let k = 0; k < height; k++) {
      lines.push(
        `${INDENT}${wrapped.map((c, i) => (c[k] ?? '').padEnd(widths[i]! + (c[k] ?? '').length - textWidth(c[k] ?? ''))).join(GAP)}`.trimEnd(),
      );
    }
    return lines;
  };
  const header = block(columns.map((c) => c.replace(/\s+/g, ' ').trim()));
  const rule = `${INDENT}${widths.map((w) => '-'.repeat(w)).join(GAP)}`;
  const bodies = rows.map((r) => block(columns.map((_, i) => cell(r, i))));
  const tall = bodies.some((b) => b.length > 1);
  return [...header, rule, ...bodies.flatMap((b, i) => (tall && i > 0 ? ['', ...b] : b))];
}

/**
 * Column widths within `room`: if the natural widths fit they are kept; otherwise text columns
 * are capped at one common width (so the widest give way first), never below MIN_COLUMN, and
 * what is left over goes back to the capped columns. Number columns are never narrowed.
 */
function fitWidths(natural: readonly number[], numeric: readonly boolean[], room: number): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= room) return [...natural];
  const floor = natural.map((w, i) => (numeric[i] ? w : Math.min(w, MIN_COLUMN)));
  const widthsAt = (cap: number) => natural.map((w, i) => (numeric[i] ? w : Math.max(floor[i]!, Math.min(w, cap))));
  const sum = (ws: number[]) => ws.reduce((a, b) => a + b, 0);
  let cap = Math.max(...natural.filter((_, i) => !numeric[i]), 0);
  while (cap > MIN_COLUMN && sum(widthsAt(cap)) > room) cap--;
  const widths = widthsAt(cap);
  // What is left (less than one column each, since cap + 1 did not fit) widens capped columns.
  let spare = room - sum(widths);
  for (let i = 0; i < widths.length && spare > 0; i++) {
    if (!numeric[i] && widths[i]! < natural[i]!) {
      widths[i]!++;
      spare--;
    }
  }
  return widths;
}
