/**
 * Modals for the fake Slack: trigger ids (minted on the payloads the fake sends, one use each,
 * expiring 3 seconds after minting on the fake's clock), the views the app opened (stored the way
 * Slack returns them, with generated block_id and action_id), and what the Slack client lets a
 * person type or pick before it sends a `view_submission`.
 *
 * Sources: docs.slack.dev/reference/methods/views.open (errors invalid_trigger_id,
 * expired_trigger_id, exchanged_trigger_id, view_too_large at 250 kB; trigger format
 * "12345.98765.abcd2358fdea"), docs.slack.dev/tools/bolt-js/concepts/creating-modals ("pass a
 * valid trigger_id within 3 seconds of receiving it"), reference/interaction-payloads/views
 * (view_submission: type, team, user, view with state.values keyed block_id → action_id, and the
 * response_action answers), and @slack/bolt's ViewOutput / ViewStateValue types.
 */
import { randomBytes } from 'node:crypto';

/** How long a trigger_id may be exchanged after Slack sends it. */
export const TRIGGER_TTL_MS = 3000;
/** views.open refuses a view larger than this (view_too_large). */
export const MAX_VIEW_BYTES = 250 * 1024;

const TRIGGER_FORMAT = /^\d+\.\d+\.[0-9a-f]+$/;

interface Trigger {
  userId: string;
  mintedAt: number;
  exchanged: boolean;
}

export class Triggers {
  private readonly byId = new Map<string, Trigger>();
  private counter = 0;

  constructor(private readonly now: () => number) {}

  mint(userId: string): string {
    const at = this.now();
    const id = `${Math.floor(at / 1000)}.${++this.counter}${String(at % 1000).padStart(3, '0')}.${randomBytes(16).toString('hex')}`;
    this.byId.set(id, { userId, mintedAt: at, exchanged: false });
    return id;
  }

  /** The error views.open would answer for this trigger, if any (the trigger is not used up). */
  problem(id: unknown): 'invalid_trigger_id' | 'expired_trigger_id' | 'exchanged_trigger_id' | undefined {
    if (typeof id !== 'string' || !TRIGGER_FORMAT.test(id)) return 'invalid_trigger_id';
    const t = this.byId.get(id);
    if (!t) return 'invalid_trigger_id';
    if (t.exchanged) return 'exchanged_trigger_id';
    if (this.now() - t.mintedAt > TRIGGER_TTL_MS) return 'expired_trigger_id';
    return undefined;
  }

  /** Uses a valid trigger up; returns whose it was. */
  exchange(id: string): string {
    const t = this.byId.get(id)!;
    t.exchanged = true;
    return t.userId;
  }
}

type Json = Record<string, any>;

export interface ViewSubmission {
  /** The `view_submission` payload sent to the app. */
  payload: Json;
  status: number;
  /** The app's answer: undefined for an empty body (the modal closes), else the parsed JSON. */
  response?: { response_action?: string; errors?: Record<string, string>; view?: unknown };
  /** What Slack would not accept in the answer (errors for unknown blocks, an invalid updated view). */
  problems: string[];
}

export interface FakeView {
  id: string;
  /** Who sees the modal: the person whose trigger opened it. */
  userId: string;
  triggerId: string;
  /** The view as Slack returns it (ViewOutput): the app's view with ids filled in, hash, state. */
  view: Json;
  /** False once a submission closed it (empty answer or `clear`). */
  open: boolean;
  /** Every views.update applied. */
  updates: number;
  submissions: ViewSubmission[];
}

const shortId = () => randomBytes(3).toString('base64url').replace(/[-_]/g, 'x');

/** The app's view as Slack stores and returns it: block_id / action_id generated where missing. */
export function viewOutput(
  raw: Json,
  ids: { id: string; teamId: string; appId: string; botId: string; hash: string; rootViewId?: string },
): Json {
  const blocks = (raw.blocks as Json[]).map((b) => {
    const block: Json = { ...b, block_id: b.block_id ?? shortId() };
    if (block.type === 'input' && block.element) block.element = { ...block.element, action_id: block.element.action_id ?? shortId() };
    if (block.type === 'actions') block.elements = (block.elements as Json[]).map((e) => ({ ...e, action_id: e.action_id ?? shortId() }));
    return block;
  });
  return {
    id: ids.id,
    team_id: ids.teamId,
    type: raw.type,
    blocks,
    private_metadata: raw.private_metadata ?? '',
    callback_id: raw.callback_id ?? '',
    state: { values: {} },
    hash: ids.hash,
    title: { emoji: true, ...raw.title },
    clear_on_close: raw.clear_on_close ?? false,
    notify_on_close: raw.notify_on_close ?? false,
    close: raw.close ? { emoji: true, ...raw.close } : null,
    submit: raw.submit ? { emoji: true, ...raw.submit } : null,
    previous_view_id: null,
    root_view_id: ids.rootViewId ?? ids.id,
    app_id: ids.appId,
    external_id: raw.external_id ?? '',
    app_installed_team_id: ids.teamId,
    bot_id: ids.botId,
  };
}

/** A select option as Slack echoes it in state and actions. */
export function selectedOption(option: Json): Json {
  return {
    text: { emoji: true, ...option.text },
    value: option.value,
    ...(option.description ? { description: { emoji: true, ...option.description } } : {}),
  };
}

/**
 * `view.state.values` for a submission: every input block, keyed block_id → action_id, with what
 * the person typed or picked (by block_id or action_id; untouched fields keep their initial value).
 * Throws where the Slack client would stop the submission.
 */
export function fillView(view: Json, values: Record<string, string | undefined> = {}): Json {
  const state: Json = {};
  const used = new Set<string>();
  for (const block of view.blocks as Json[]) {
    if (block.type !== 'input') continue;
    const el = block.element as Json;
    const key = [block.block_id, el.action_id].find((k) => k in values);
    if (key) used.add(key);
    const given = key ? values[key] : undefined;
    const what = `input "${block.block_id}" in view "${view.callback_id || view.id}"`;
    const required = block.optional !== true;
    if (el.type === 'plain_text_input') {
      const typed = given ?? el.initial_value ?? '';
      const length = [...typed].length;
      if (required && length === 0) throw new Error(`fake Slack: ${what} is required`);
      const max = el.max_length ?? 3000;
      if (length > max) throw new Error(`fake Slack: ${what} allows at most ${max} characters, got ${length}`);
      if (length > 0 && length < (el.min_length ?? 0)) throw new Error(`fake Slack: ${what} needs at least ${el.min_length} characters`);
      state[block.block_id] = { [el.action_id]: { type: 'plain_text_input', value: length ? typed : null } };
    } else {
      const options = el.options as Json[];
      const pick = given ?? el.initial_option?.value;
      const option = pick === undefined ? undefined : options.find((o) => o.value === pick);
      if (pick !== undefined && !option) throw new Error(`fake Slack: ${what} offers no option "${pick}"`);
      if (required && !option) throw new Error(`fake Slack: ${what} is required`);
      state[block.block_id] = { [el.action_id]: { type: 'static_select', selected_option: option ? selectedOption(option) : null } };
    }
  }
  const unknown = Object.keys(values).filter((k) => !used.has(k));
  if (unknown.length) throw new Error(`fake Slack: view "${view.callback_id || view.id}" has no input ${unknown.join(', ')}`);
  return state;
}

/** Where Slack would refuse an app's answer to a view_submission. */
export function answerProblems(view: Json, response: ViewSubmission['response']): string[] {
  if (response === undefined) return [];
  const action = response.response_action;
  if (action === undefined) return Object.keys(response).length ? ['an answer with fields needs a response_action'] : [];
  if (action === 'errors') {
    const inputs = new Set((view.blocks as Json[]).filter((b) => b.type === 'input').map((b) => b.block_id as string));
    const errors = response.errors;
    if (!errors || typeof errors !== 'object' || !Object.keys(errors).length)
      return ['response_action errors needs a non-empty errors object'];
    return Object.entries(errors).flatMap(([blockId, message]) => [
      ...(inputs.has(blockId) ? [] : [`errors names "${blockId}", which is not an input block of the view`]),
      ...(typeof message === 'string' && message ? [] : [`the error for "${blockId}" must be a non-empty string`]),
    ]);
  }
  if (action === 'clear' || action === 'update' || action === 'push') return [];
  return [`unknown response_action "${action}"`];
}
