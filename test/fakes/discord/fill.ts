/**
 * What the Discord client lets a person do with the components the bot sent: fill in a modal
 * and pick options in a select. A test asking for something the client would not allow (an
 * empty required field, a text over max_length, an option that is not offered) gets an
 * exception, because Discord would never send that interaction.
 *
 * The submitted shapes follow docs/components/reference.mdx ("Modal Submit Interaction Data
 * Example" for text inputs and string selects, Label and Text Display interaction responses):
 * action rows come back as `{type: 1, id, components: [{type: 4, id, custom_id, value}]}`,
 * labels as `{type: 18, id, component: {…}}`, text displays as `{type: 10, id}`.
 */
import { ComponentType } from 'discord-api-types/v10';
import { type LooseModal, type LooseModalComponent, type LooseSelect, type LooseTextInput, MODAL_LIMITS } from './components.js';

export type ModalValues = Record<string, string | string[]>;

/** The `data.components` of a MODAL_SUBMIT for `modal` with the person's `values` (by custom_id). */
export function fillModal(modal: LooseModal, values: ModalValues = {}): unknown[] {
  const where = `modal "${modal.custom_id}"`;
  const used = new Set<string>();
  let nextId = 1;
  const idOf = (c: LooseModalComponent) => c.id ?? nextId++;

  const text = (input: LooseTextInput & LooseModalComponent) => {
    const id = idOf(input);
    const customId = input.custom_id ?? '';
    used.add(customId);
    const given = values[customId];
    if (Array.isArray(given)) throw new Error(`fake discord: text input "${customId}" in ${where} takes a string, not a list`);
    const value = given ?? input.value ?? '';
    checkTyped(value, input, `text input "${customId}" in ${where}`);
    return { type: ComponentType.TextInput, id, custom_id: customId, value };
  };

  const select = (menu: LooseSelect & LooseModalComponent) => {
    const id = idOf(menu);
    const customId = menu.custom_id ?? '';
    used.add(customId);
    const given = values[customId];
    const chosen = given === undefined ? defaultsOf(menu) : Array.isArray(given) ? given : [given];
    checkChoice(menu, chosen, `select "${customId}" in ${where}`, menu.required !== false);
    return { type: ComponentType.StringSelect, id, custom_id: customId, values: chosen };
  };

  const components = (modal.components ?? []).map((row) => {
    const id = idOf(row);
    if (row.type === ComponentType.ActionRow) return { type: row.type, id, components: (row.components ?? []).map((c) => text(c)) };
    if (row.type === ComponentType.Label && row.component) {
      const inner = row.component;
      return { type: row.type, id, component: inner.type === ComponentType.StringSelect ? select(inner) : text(inner) };
    }
    return { type: row.type, id };
  });
  const unknown = Object.keys(values).filter((k) => !used.has(k));
  if (unknown.length) throw new Error(`fake discord: ${where} has no input ${unknown.map((k) => `"${k}"`).join(', ')}`);
  return components;
}

/** The client's own checks on a typed text: required, min_length, max_length (4000 at most). */
function checkTyped(value: string, input: LooseTextInput, what: string): void {
  const length = [...value].length;
  const required = input.required !== false;
  if (required && length === 0) throw new Error(`fake discord: ${what} is required`);
  const max = input.max_length ?? MODAL_LIMITS.textInputLength;
  if (length > max) throw new Error(`fake discord: ${what} allows at most ${max} characters, got ${length}`);
  const min = input.min_length ?? 0;
  if (length > 0 && length < min) throw new Error(`fake discord: ${what} needs at least ${min} characters, got ${length}`);
}

function defaultsOf(menu: LooseSelect): string[] {
  return (menu.options ?? []).filter((o) => o.default && typeof o.value === 'string').map((o) => o.value as string);
}

/** The client's checks on a choice: offered, not disabled, between min_values and max_values (both default 1). */
export function checkChoice(menu: LooseSelect, chosen: string[], what: string, required = true): void {
  if (menu.disabled) throw new Error(`fake discord: ${what} is disabled`);
  const offered = new Set((menu.options ?? []).map((o) => o.value));
  const missing = chosen.filter((v) => !offered.has(v));
  if (missing.length) throw new Error(`fake discord: ${what} offers no option ${missing.map((v) => `"${v}"`).join(', ')}`);
  if (new Set(chosen).size !== chosen.length) throw new Error(`fake discord: ${what} got the same option twice`);
  const min = required ? (menu.min_values ?? 1) : 0;
  const max = menu.max_values ?? 1;
  if (chosen.length < min || chosen.length > max)
    throw new Error(`fake discord: ${what} takes ${min === max ? min : `${min} to ${max}`} option(s), got ${chosen.length}`);
}
