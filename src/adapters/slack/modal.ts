/**
 * A neutral Form as a Slack modal (views.open), and back: its `view_submission` state as the
 * form's values, and where the click that opened it happened (kept in `private_metadata`, since
 * the submission carries no channel).
 *
 * Limits (docs.slack.dev, views/modal-views and Block Kit plain-text input): title, submit and
 * close ≤ 24 characters; input label ≤ 2,000; placeholder ≤ 150; max_length 1–3,000;
 * private_metadata ≤ 3,000. Labels and placeholders are plain text, escaped like every other
 * text the adapter sends; `initial_value` is not a text object but the box's content, sent as is.
 */
import type { types } from '@slack/bolt';
import type { Place } from '../../contract/inbound.js';
import type { Form } from '../../contract/reply.js';
import { plain } from './render.js';

export const MODAL_LIMITS = {
  title: 24,
  button: 24,
  label: 2000,
  placeholder: 150,
  inputLength: 3000,
  fields: 5,
} as const;

/** `place` is where the click that opened the form happened; the submission's reply is shown there. */
export function renderModal(form: Form, place: Place): types.ModalView {
  const blocks: types.InputBlock[] = form.fields.slice(0, MODAL_LIMITS.fields).map((f) => {
    const max = Math.min(Math.max(1, Math.floor(f.maxLength) || 1), MODAL_LIMITS.inputLength);
    const element: types.PlainTextInput = { type: 'plain_text_input', action_id: f.id, multiline: f.long === true, max_length: max };
    if (f.value) element.initial_value = [...f.value].slice(0, max).join('');
    if (f.placeholder?.trim()) element.placeholder = plain(f.placeholder, MODAL_LIMITS.placeholder);
    return { type: 'input', block_id: f.id, label: plain(f.label, MODAL_LIMITS.label), element, optional: !f.required };
  });
  return {
    type: 'modal',
    callback_id: form.actionId.slice(0, 255),
    title: plain(form.title, MODAL_LIMITS.title),
    submit: plain(form.submitLabel, MODAL_LIMITS.button),
    close: plain('Cancel', MODAL_LIMITS.button),
    private_metadata: JSON.stringify(placeJson(place)),
    blocks,
  };
}

/** The view's `private_metadata` back as the place the form was opened from; undefined when it isn't ours. */
export function placeOfView(privateMetadata: string | undefined): Place | undefined {
  try {
    const o = JSON.parse(privateMetadata ?? '') as Record<string, unknown>;
    if (typeof o.w !== 'string' || typeof o.c !== 'string' || !o.w || !o.c) return undefined;
    const place: Place = { platform: 'slack', workspaceId: o.w, channelId: o.c, isDirect: o.d === true };
    if (typeof o.t === 'string' && o.t) place.threadId = o.t;
    return place;
  } catch {
    return undefined;
  }
}

/** A view_submission's `state.values` (block_id → action_id → input) as the form's field values. */
export function submittedValues(state: Record<string, Record<string, { type?: string; value?: string | null }>>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const inputs of Object.values(state)) {
    for (const [actionId, input] of Object.entries(inputs)) {
      if (input.type === 'plain_text_input') values[actionId] = input.value ?? '';
    }
  }
  return values;
}

/** Short keys: private_metadata is capped at 3,000 characters. */
function placeJson(p: Place): Record<string, unknown> {
  return { w: p.workspaceId, c: p.channelId, ...(p.threadId ? { t: p.threadId } : {}), ...(p.isDirect ? { d: true } : {}) };
}
