/**
 * Discord's rules for the interactive components beyond buttons: string selects (in messages
 * and in modal labels), text inputs, and the MODAL interaction callback (type 9).
 *
 * Sources (discord/discord-api-docs):
 * - docs/components/reference.mdx: custom_id 1-100 characters and unique per message/modal;
 *   String Select: options max 25, placeholder max 150, min_values 0-25 (default 1), max_values
 *   max 25 (default 1), only one select per action row and no buttons beside it, `disabled` in
 *   a modal is an error; Select Option: label, value, description max 100 each; Text Input:
 *   style 1 short / 2 paragraph, label max 45 (not allowed inside a Label), min_length 0-4000,
 *   max_length 1-4000, value max 4000, placeholder max 100, required defaults to true; Label
 *   (type 18): label max 45, description max 100, one text input or select inside; Text Display
 *   (type 10) usable in modals.
 * - docs/interactions/receiving-and-responding.mdx: MODAL callback data `custom_id` 1-100,
 *   `title` max 45, between 1 and 5 components; MODAL is not available for MODAL_SUBMIT and
 *   PING interactions.
 * Error codes follow Discord's 50035 bodies (BASE_TYPE_REQUIRED, BASE_TYPE_MAX_LENGTH,
 * BASE_TYPE_BAD_LENGTH, NUMBER_TYPE_MIN/MAX, COMPONENT_CUSTOM_ID_DUPLICATED,
 * SELECT_COMPONENT_OPTION_VALUE_DUPLICATED, COMPONENT_LAYOUT_WIDTH_EXCEEDED, UNION_TYPE_CHOICES).
 * Where the docs state a rule but not its error code (disabled in a modal, a label on a text
 * input inside a Label, min_values above max_values or the option count) the code is the
 * fake's own name; the status, 50035 and the field path are what matter to a client.
 */
import { ComponentType, TextInputStyle } from 'discord-api-types/v10';
import type { FormErrors } from './limits.js';

type Path = (string | number)[];

export const MODAL_LIMITS = {
  title: 45,
  customId: 100,
  components: 5,
  labelText: 45,
  labelDescription: 100,
  textInputLabel: 45,
  textInputLength: 4000,
  textInputPlaceholder: 100,
} as const;

export const SELECT_LIMITS = {
  options: 25,
  optionText: 100,
  placeholder: 150,
  values: 25,
} as const;

export interface LooseSelectOption {
  label?: string;
  value?: string;
  description?: string;
  default?: boolean;
  emoji?: unknown;
}

export interface LooseSelect {
  type?: number;
  custom_id?: string;
  options?: LooseSelectOption[];
  placeholder?: string;
  min_values?: number;
  max_values?: number;
  disabled?: boolean;
  required?: boolean;
}

export interface LooseTextInput {
  type?: number;
  custom_id?: string;
  style?: number;
  label?: string;
  min_length?: number;
  max_length?: number;
  required?: boolean;
  value?: string;
  placeholder?: string;
}

export interface LooseModalComponent {
  type?: number;
  id?: number;
  components?: LooseModalComponent[];
  component?: LooseModalComponent;
  label?: string;
  description?: string;
  content?: string;
  custom_id?: string;
}

export interface LooseModal {
  custom_id?: string;
  title?: string;
  components?: LooseModalComponent[];
}

const required = (errors: FormErrors, path: Path) => errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');

function requiredString(errors: FormErrors, path: Path, value: unknown, max: number): void {
  if (typeof value !== 'string' || value.length === 0) {
    required(errors, path);
    return;
  }
  errors.maxLength(path, value, max);
}

function intInRange(errors: FormErrors, path: Path, value: unknown, min: number, max: number): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.add(path, 'NUMBER_TYPE_COERCE', `Value "${String(value)}" is not int.`);
    return;
  }
  if (value < min) errors.add(path, 'NUMBER_TYPE_MIN', `int value should be greater than or equal to ${min}.`);
  if (value > max) errors.add(path, 'NUMBER_TYPE_MAX', `int value should be less than or equal to ${max}.`);
}

/** A custom_id: required, 1-100 characters, unique within the message or modal (`seen`). */
export function checkCustomId(errors: FormErrors, path: Path, customId: unknown, seen: Set<string>): void {
  requiredString(errors, path, customId, MODAL_LIMITS.customId);
  if (typeof customId !== 'string' || !customId) return;
  if (seen.has(customId)) errors.add(path, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  seen.add(customId);
}

export function checkStringSelect(select: LooseSelect, path: Path, errors: FormErrors, seen: Set<string>, inModal: boolean): void {
  checkCustomId(errors, [...path, 'custom_id'], select.custom_id, seen);
  errors.maxLength([...path, 'placeholder'], select.placeholder, SELECT_LIMITS.placeholder);
  intInRange(errors, [...path, 'min_values'], select.min_values, 0, SELECT_LIMITS.values);
  intInRange(errors, [...path, 'max_values'], select.max_values, 1, SELECT_LIMITS.values);
  if (inModal && select.disabled !== undefined)
    errors.add([...path, 'disabled'], 'COMPONENT_DISABLED_IN_MODAL', 'Modals can not have disabled components');
  const options = select.options;
  if (!Array.isArray(options)) {
    required(errors, [...path, 'options']);
    return;
  }
  if (options.length < 1 || options.length > SELECT_LIMITS.options)
    errors.add([...path, 'options'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${SELECT_LIMITS.options} in length.`);
  const values = new Set<string>();
  options.forEach((o, i) => {
    const op = [...path, 'options', i];
    requiredString(errors, [...op, 'label'], o?.label, SELECT_LIMITS.optionText);
    requiredString(errors, [...op, 'value'], o?.value, SELECT_LIMITS.optionText);
    errors.maxLength([...op, 'description'], o?.description, SELECT_LIMITS.optionText);
    if (typeof o?.value === 'string') {
      if (values.has(o.value))
        errors.add([...op, 'value'], 'SELECT_COMPONENT_OPTION_VALUE_DUPLICATED', 'The specified option value is already used');
      values.add(o.value);
    }
  });
  const min = select.min_values ?? 1;
  const max = select.max_values ?? 1;
  // Choosing more than there is, or fewer than the minimum allows, cannot be satisfied.
  if (typeof min === 'number' && typeof max === 'number' && min > max)
    errors.add([...path, 'min_values'], 'SELECT_COMPONENT_MIN_VALUES_EXCEEDS_MAX', 'min_values must be less than or equal to max_values');
  if (typeof max === 'number' && options.length >= 1 && max > options.length)
    errors.add([...path, 'max_values'], 'SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS', 'max_values must not exceed the number of options');
}

function checkTextInput(input: LooseTextInput, path: Path, errors: FormErrors, seen: Set<string>, inLabel: boolean): void {
  checkCustomId(errors, [...path, 'custom_id'], input.custom_id, seen);
  if (input.style !== TextInputStyle.Short && input.style !== TextInputStyle.Paragraph)
    errors.add([...path, 'style'], 'BASE_TYPE_CHOICES', `Value must be one of {${TextInputStyle.Short}, ${TextInputStyle.Paragraph}}.`);
  if (inLabel) {
    if (input.label !== undefined)
      errors.add([...path, 'label'], 'TEXT_INPUT_LABEL_IN_LABEL', 'A text input inside a label component cannot have its own label');
  } else {
    requiredString(errors, [...path, 'label'], input.label, MODAL_LIMITS.textInputLabel);
  }
  intInRange(errors, [...path, 'min_length'], input.min_length, 0, MODAL_LIMITS.textInputLength);
  intInRange(errors, [...path, 'max_length'], input.max_length, 1, MODAL_LIMITS.textInputLength);
  errors.maxLength([...path, 'value'], input.value, MODAL_LIMITS.textInputLength);
  errors.maxLength([...path, 'placeholder'], input.placeholder, MODAL_LIMITS.textInputPlaceholder);
}

const typeChoices = (errors: FormErrors, path: Path, allowed: number[]) =>
  errors.add(path, 'UNION_TYPE_CHOICES', `Value of field "type" must be one of (${allowed.join(', ')}).`);

/** The data of a MODAL (type 9) interaction callback, errors under `data`. */
export function checkModal(data: LooseModal | undefined, errors: FormErrors): void {
  if (!data || typeof data !== 'object') {
    required(errors, ['data']);
    return;
  }
  requiredString(errors, ['data', 'custom_id'], data.custom_id, MODAL_LIMITS.customId);
  requiredString(errors, ['data', 'title'], data.title, MODAL_LIMITS.title);
  const rows = data.components;
  if (!Array.isArray(rows)) {
    required(errors, ['data', 'components']);
    return;
  }
  if (rows.length < 1 || rows.length > MODAL_LIMITS.components)
    errors.add(['data', 'components'], 'BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${MODAL_LIMITS.components} in length.`);
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const p: Path = ['data', 'components', i];
    switch (row?.type) {
      case ComponentType.ActionRow: {
        const children = row.components ?? [];
        if (children.length !== 1) {
          errors.add([...p, 'components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 1 in length.');
          return;
        }
        const child = children[0]!;
        if (child.type !== ComponentType.TextInput) {
          typeChoices(errors, [...p, 'components', 0, 'type'], [ComponentType.TextInput]);
          return;
        }
        checkTextInput(child as LooseTextInput, [...p, 'components', 0], errors, seen, false);
        return;
      }
      case ComponentType.Label: {
        requiredString(errors, [...p, 'label'], row.label, MODAL_LIMITS.labelText);
        errors.maxLength([...p, 'description'], row.description, MODAL_LIMITS.labelDescription);
        const inner = row.component;
        if (!inner) {
          required(errors, [...p, 'component']);
          return;
        }
        if (inner.type === ComponentType.TextInput) checkTextInput(inner as LooseTextInput, [...p, 'component'], errors, seen, true);
        else if (inner.type === ComponentType.StringSelect)
          checkStringSelect(inner as LooseSelect, [...p, 'component'], errors, seen, true);
        else typeChoices(errors, [...p, 'component', 'type'], [ComponentType.StringSelect, ComponentType.TextInput]);
        return;
      }
      case ComponentType.TextDisplay:
        requiredString(errors, [...p, 'content'], row.content, 4000);
        return;
      default:
        typeChoices(errors, [...p, 'type'], [ComponentType.ActionRow, ComponentType.TextDisplay, ComponentType.Label]);
    }
  });
}
