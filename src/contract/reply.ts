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

/**
 * A menu of choices: a Discord string select, a Slack static select. A choice comes back as
 * `{ name: 'action', id: actionId, values: { choice: <the option's value> } }`. Where people
 * type instead of click (the console) it is not shown: the core puts the typed way in the body.
 */
export interface Select {
  /** Opaque id minted by the core (≤ 100 characters). */
  actionId: string;
  /** Shown before a choice is made (≤ 100 characters). */
  placeholder: string;
  /** 1–25 options (Discord's limit): value ≤ 100 characters, label ≤ 75 (Slack's). */
  options: { value: string; label: string }[];
}

/** One text box of a form. */
export interface FormField {
  /** Key of this field's text in the submission's `values` (≤ 40 characters, `a-z` and `_`). */
  id: string;
  /** ≤ 45 characters (Discord's limit). */
  label: string;
  /** A multi-line box (an answer) rather than one line (a statement). */
  long?: boolean;
  /** 1–4,000 characters. Adapters also pass it to the platform, which enforces it while typing. */
  maxLength: number;
  required: boolean;
  /** Text already in the box (editing something that exists). */
  value?: string;
  /** ≤ 100 characters. */
  placeholder?: string;
}

/**
 * A small form the platform shows as a dialog over the chat (Discord and Slack modals). A form
 * can only open as the answer to a button click (both platforms need the click's token); the
 * submission comes back as `{ name: 'action', id: actionId, values: { <field id>: text } }`, and its
 * reply is shown like any private reply. Where a form cannot open (the console, or an answer too
 * late for the click's token) adapters render the rest of the reply instead, so the core always
 * puts the typed way to do the same in the body.
 */
export interface Form {
  /** Opaque id minted by the core (≤ 100 characters). */
  actionId: string;
  /** ≤ 24 characters (Slack's limit). */
  title: string;
  /** The submit button's label, ≤ 24 characters. */
  submitLabel: string;
  /** 1–5 fields. */
  fields: FormField[];
}

/**
 * Quiet extras under an answer to a question: not a prompt, so the console does not show them
 * (there `/wrong` rates the last answer). Rendered as one row of small buttons; a click comes back
 * as an ordinary action with the id given here.
 */
export interface AnswerControls {
  /** "Helpful" / "Not helpful": the two action ids. */
  feedback?: { helpful: string; notHelpful: string };
  /** "Tell me when someone answers" under a declined question: the action id. */
  followUp?: string;
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
  /**
   * Rows of buttons (quiz letters, Skip/Stop, confirmations). At most 5 rows of 5; on Discord
   * each select, the suggestions and the controls also take a row, so together they stay within 5.
   */
  buttons?: Button[][];
  /** Menus (an inbox item to act on, the topic a question belongs to); at most 2. */
  selects?: Select[];
  /** Answer a click by opening this form; see `Form` for where it cannot open. */
  form?: Form;
  /** Helpful / Not helpful and the follow-up offer, under answers to questions. */
  controls?: AnswerControls;
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
