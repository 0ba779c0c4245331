/**
 * A contract Form as a Discord modal (the data of interaction callback type 9). Its submission
 * comes back through `modalSubmitToInbound` (to-inbound.ts).
 *
 * Limits (discord-api-docs, interactions/receiving-and-responding.mdx "Modal" and
 * components/reference.mdx "Label", "Text Input"): custom_id 1-100 characters, title 1-45,
 * 1-5 top-level components; a Label's text ≤ 45; a text input's max_length 1-4000, value ≤ 4000,
 * placeholder ≤ 100. Text inputs sit in Label components: action rows in modals are deprecated.
 */
import {
  type APILabelComponent,
  type APIModalInteractionResponseCallbackData,
  type APITextInputComponent,
  ComponentType,
  TextInputStyle,
} from 'discord-api-types/v10';
import type { Form, FormField } from '../../contract/reply.js';
import { textLength, truncate } from './text.js';

export const MODAL_LIMITS = {
  customId: 100,
  title: 45,
  fields: 5,
  label: 45,
  textLength: 4000,
  placeholder: 100,
} as const;

/**
 * The modal for a form, or undefined when Discord could not show it (an id it cannot carry, no
 * field left): the caller then answers with the rest of the reply, which spells the typed way.
 * Discord modals have no custom submit label, so `submitLabel` has nowhere to go.
 */
export function renderModal(form: Form, onDrop?: (what: string) => void): APIModalInteractionResponseCallbackData | undefined {
  if (!form.actionId || textLength(form.actionId) > MODAL_LIMITS.customId) {
    onDrop?.(`form "${form.title}": action id empty or longer than ${MODAL_LIMITS.customId} characters`);
    return undefined;
  }
  const ids = new Set<string>();
  const components: APILabelComponent[] = [];
  for (const field of form.fields) {
    if (!field.id || textLength(field.id) > MODAL_LIMITS.customId || ids.has(field.id)) {
      onDrop?.(`form "${form.title}": field "${field.label}" has an id Discord cannot carry`);
      continue;
    }
    ids.add(field.id);
    components.push(label(field));
  }
  if (components.length > MODAL_LIMITS.fields) {
    onDrop?.(`form "${form.title}": ${components.length - MODAL_LIMITS.fields} field(s) beyond Discord's ${MODAL_LIMITS.fields}`);
    components.length = MODAL_LIMITS.fields;
  }
  if (!components.length) {
    onDrop?.(`form "${form.title}": no field Discord can show`);
    return undefined;
  }
  return { custom_id: form.actionId, title: truncate(form.title, MODAL_LIMITS.title) || '…', components };
}

function label(field: FormField): APILabelComponent {
  const maxLength = Math.max(1, Math.min(MODAL_LIMITS.textLength, Math.floor(field.maxLength) || MODAL_LIMITS.textLength));
  const input: APITextInputComponent = {
    type: ComponentType.TextInput,
    custom_id: field.id,
    style: field.long ? TextInputStyle.Paragraph : TextInputStyle.Short,
    max_length: maxLength,
    required: field.required,
  };
  // A pre-filled text longer than the box allows could never be submitted unchanged: cut it to fit.
  if (field.value) input.value = [...field.value].slice(0, maxLength).join('');
  const placeholder = field.placeholder ? truncate(field.placeholder, MODAL_LIMITS.placeholder) : '';
  if (placeholder) input.placeholder = placeholder;
  return { type: ComponentType.Label, label: truncate(field.label, MODAL_LIMITS.label) || field.id.slice(0, 45), component: input };
}
