/**
 * Inbox click ids: `ib:<verb>:<item>` for an inbox item (item numbers are gap row ids),
 * `ib:<verb>:<topic>` for a team answer. Menus and forms carry their chosen or typed values
 * beside the id (`Command.values`), so ids stay short whatever was typed.
 */
export const INBOX_NS = 'ib';

export type InboxVerb =
  /** The list's menu: open one item's card (`values.choice` is the item number). */
  | 'open'
  /** The card's topic menu: teach the item to a topic (`values.choice` is the topic id). */
  | 'teach'
  /** The card's Answer button: opens the team-answer form. */
  | 'answer'
  /** The team-answer form's submission (`values.answer`). */
  | 'answered'
  | 'dismiss'
  /** "Make a quiz question" on a team answer (a topic id): opens the quiz-question form. */
  | 'quiz'
  /** The quiz-question form's submission (`values.statement`, `values.truth`). */
  | 'quizzed'
  /** A team answer's Edit button (trainers, under `/explain`): opens the form filled in. */
  | 'edit'
  /** The edit form's submission (`values.answer`). */
  | 'edited'
  /** A team answer's Remove button: asks to confirm. */
  | 'remove'
  /** The confirmation. */
  | 'removed';

export const inboxAction = (verb: InboxVerb, target: number | string = '') => `${INBOX_NS}:${verb}${target === '' ? '' : `:${target}`}`;

const VERBS = new Set<string>(['open', 'teach', 'answer', 'answered', 'dismiss', 'quiz', 'quizzed', 'edit', 'edited', 'remove', 'removed']);

/** Parses the payload after `ib:`; undefined for anything malformed. */
export function parseInboxAction(payload: string): { verb: InboxVerb; target: string } | undefined {
  const m = /^([a-z]+)(?::([A-Za-z0-9_-]{1,60}))?$/.exec(payload);
  if (!m || !VERBS.has(m[1]!)) return undefined;
  return { verb: m[1] as InboxVerb, target: m[2] ?? '' };
}
