/**
 * The one neutral reply every adapter renders natively (Discord embeds and buttons,
 * Slack Block Kit, plain text in the console). All strings are plain text, never
 * markup: adapters escape them for their platform, so user text (display names,
 * echoed questions) can never ping anyone or inject formatting.
 */

export type Visibility = 'public' | 'private';

/** A command the reader can type, spelled by each adapter in its own syntax (`/explain topic:funnel`, `/funnel explain funnel`). */
export interface CommandRef {
  /** Catalogue name, e.g. `explain`, `quiz start`, `practice`. */
  command: string;
  /** Positional argument text, e.g. a topic id. */
  args?: string;
  /** Spell the command with the shapes of all its arguments (help), instead of `args`. */
  usage?: boolean;
}

export type Segment = string | { cmd: CommandRef } | { strong: string };
export type RichText = Segment[];

export interface Field {
  name: string;
  value: string;
  inline?: boolean;
}

export interface Button {
  /** Opaque id minted by the core (≤ 100 characters). A click comes back as `{ name: 'action', id }`. */
  actionId: string;
  /** Short label (≤ 40 characters): a letter for quiz choices. */
  label: string;
  style?: 'primary' | 'secondary' | 'success' | 'danger';
  /**
   * Words that mean this button where people type instead of click (the console): `a` for
   * "A · sure", `true` for the letter whose option is True, `yes` for a confirmation.
   */
  aliases?: string[];
  disabled?: boolean;
}

export interface Suggestion {
  topic: string;
  title: string;
  /** Action id that explains this topic when clicked. */
  actionId: string;
}

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface Reply {
  visibility: Visibility;
  title?: string;
  body: RichText;
  /** Side-by-side distinction, rendered as two fields/columns. */
  comparison?: { sales: string; marketing: string };
  fields?: Field[];
  table?: Table;
  /** "Did you mean…" topics, rendered as buttons where the platform has them. */
  suggestions?: Suggestion[];
  /** Rows of buttons (quiz letters, Skip/Stop, confirmations). At most 5 rows of 5. */
  buttons?: Button[][];
  footer?: RichText;
  /** Epoch ms when a running question closes; rendered as a relative time where the platform can. */
  deadline?: number;
  /** For a button click: replace the message the button sat on rather than sending a new one. */
  replaceSource?: boolean;
  /**
   * The person just went over the rate limit: this is their one notice for the window. Adapters
   * answer as quietly as the platform allows (ephemeral where possible; a ⏳ reaction on a Discord mention).
   */
  throttled?: boolean;
  /**
   * Send nothing (the person was already told they are over the rate limit). Adapters make no
   * platform call beyond the acknowledgement the platform requires; see `NO_REPLY`.
   */
  silent?: boolean;
}

/** The reply that is not sent: checked by adapters (`reply.silent`) before rendering anything. */
export const NO_REPLY: Reply = Object.freeze({ visibility: 'private', body: [], silent: true }) as Reply;

/** Plain-text rendering of rich text; `spell` writes a command reference in the platform's syntax. */
export function flattenText(text: RichText | undefined, spell: (ref: CommandRef) => string): string {
  if (!text) return '';
  return text.map((seg) => (typeof seg === 'string' ? seg : 'cmd' in seg ? spell(seg.cmd) : seg.strong)).join('');
}

/** A short private answer: the one helper for notes, refusals and usage messages on every surface. */
export function privateNote(text: string): Reply {
  return { visibility: 'private', body: [text] };
}
