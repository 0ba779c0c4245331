/**
 * Block Kit validation as strict as Slack's own for the blocks the app sends: a
 * message Slack would refuse with `invalid_blocks` (or a modal view refused with
 * `invalid_arguments`) is refused here too, with a reason naming the path (like
 * Slack's `response_metadata.messages`).
 *
 * Limits for selects, inputs and modals, from docs.slack.dev/reference:
 * - block-kit/block-elements/select-menu-element (static_select): placeholder plain_text
 *   max 150, options max 100, action_id max 255, initial_option one of the options;
 * - block-kit/composition-objects/option-object: text max 75 (plain_text in selects), value
 *   max 150 ("a unique string value"), description max 75;
 * - block-kit/block-elements/plain-text-input-element: action_id max 255, min_length 0-3000,
 *   max_length 1-3000, placeholder max 150, multiline boolean;
 * - block-kit/blocks/input-block: label plain_text max 2000, hint plain_text max 2000,
 *   optional boolean;
 * - views/modal-views: type modal, title plain_text max 24, blocks max 100, close and submit
 *   plain_text max 24 (submit required when there is an input block), private_metadata max
 *   3000, callback_id max 255; external_id max 255 (methods/views.open).
 */

export const LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  blockId: 255,
  messageText: 40_000,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  inputLength: 3000,
  modalBlocks: 100,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

/** Where blocks are going: a message (50 blocks, no inputs) or a modal view (100 blocks, inputs). */
interface Surface {
  maxBlocks: number;
  /** JSON pointer of the blocks array in Slack's messages. */
  pointer: string;
  inputs: boolean;
}
const MESSAGE: Surface = { maxBlocks: LIMITS.blocks, pointer: '/blocks', inputs: false };
const MODAL: Surface = { maxBlocks: LIMITS.modalBlocks, pointer: '/view/blocks', inputs: true };

type Json = Record<string, unknown>;

export function validateBlocks(raw: unknown, surface: Surface = MESSAGE): string[] {
  const errors: string[] = [];
  if (!Array.isArray(raw)) return [`must be an array [json-pointer:${surface.pointer}]`];
  if (raw.length > surface.maxBlocks) errors.push(`no more than ${surface.maxBlocks} items allowed [json-pointer:${surface.pointer}]`);
  const blockIds = new Set<string>();
  raw.forEach((block, i) => {
    const at = `${surface.pointer}/${i}`;
    if (!isObject(block)) {
      errors.push(`must be an object [json-pointer:${at}]`);
      return;
    }
    if (block.block_id !== undefined) {
      const id = block.block_id;
      if (typeof id !== 'string' || id.length === 0 || id.length > LIMITS.blockId)
        errors.push(`invalid block_id [json-pointer:${at}/block_id]`);
      else if (blockIds.has(id)) errors.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      else blockIds.add(id);
    }
    switch (block.type) {
      case 'header':
        checkText(block.text, `${at}/text`, LIMITS.headerText, errors, ['plain_text']);
        break;
      case 'section':
        checkSection(block, at, errors);
        break;
      case 'context':
        checkContext(block, at, errors);
        break;
      case 'actions':
        checkActions(block, at, errors);
        break;
      case 'divider':
        break;
      case 'input':
        if (surface.inputs) checkInput(block, at, errors);
        else errors.push(`input blocks are for modals [json-pointer:${at}/type]`);
        break;
      default:
        errors.push(`unsupported block type "${String(block.type)}" [json-pointer:${at}/type]`);
    }
  });
  return errors;
}

function checkSection(block: Json, at: string, errors: string[]): void {
  if (block.text === undefined && block.fields === undefined) {
    errors.push(`must provide text or fields [json-pointer:${at}]`);
    return;
  }
  if (block.text !== undefined) checkText(block.text, `${at}/text`, LIMITS.sectionText, errors);
  if (block.fields !== undefined) {
    if (!Array.isArray(block.fields) || block.fields.length === 0) {
      errors.push(`fields must be a non-empty array [json-pointer:${at}/fields]`);
      return;
    }
    if (block.fields.length > LIMITS.sectionFields)
      errors.push(`no more than ${LIMITS.sectionFields} items allowed [json-pointer:${at}/fields]`);
    block.fields.forEach((f, j) => checkText(f, `${at}/fields/${j}`, LIMITS.fieldText, errors));
  }
  if (block.accessory !== undefined) checkInteractive(block.accessory, `${at}/accessory`, errors, new Set());
}

function checkContext(block: Json, at: string, errors: string[]): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    errors.push(`elements must be a non-empty array [json-pointer:${at}/elements]`);
    return;
  }
  if (elements.length > LIMITS.contextElements)
    errors.push(`no more than ${LIMITS.contextElements} items allowed [json-pointer:${at}/elements]`);
  elements.forEach((e, j) => checkText(e, `${at}/elements/${j}`, LIMITS.contextText, errors));
}

function checkActions(block: Json, at: string, errors: string[]): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    errors.push(`elements must be a non-empty array [json-pointer:${at}/elements]`);
    return;
  }
  if (elements.length > LIMITS.actionsElements)
    errors.push(`no more than ${LIMITS.actionsElements} items allowed [json-pointer:${at}/elements]`);
  const actionIds = new Set<string>();
  elements.forEach((e, j) => checkInteractive(e, `${at}/elements/${j}`, errors, actionIds));
}

/** A button or a static_select (the interactive elements the bot uses in messages). */
function checkInteractive(el: unknown, at: string, errors: string[], actionIds: Set<string>): void {
  if (isObject(el) && el.type === 'static_select') checkStaticSelect(el, at, errors, actionIds);
  else checkButton(el, at, errors, actionIds);
}

function checkActionId(el: Json, at: string, errors: string[], actionIds: Set<string>): void {
  if (el.action_id === undefined) return;
  const id = el.action_id;
  if (typeof id !== 'string' || id.length === 0) errors.push(`invalid action_id [json-pointer:${at}/action_id]`);
  else if (id.length > LIMITS.actionId) errors.push(`must be less than ${LIMITS.actionId + 1} characters [json-pointer:${at}/action_id]`);
  else if (actionIds.has(id)) errors.push(`duplicate action_id [json-pointer:${at}/action_id]`);
  else actionIds.add(id);
}

function checkButton(el: unknown, at: string, errors: string[], actionIds: Set<string>): void {
  if (!isObject(el) || el.type !== 'button') {
    errors.push(`unsupported element (only buttons and static_select are used) [json-pointer:${at}]`);
    return;
  }
  checkText(el.text, `${at}/text`, LIMITS.buttonText, errors, ['plain_text']);
  checkActionId(el, at, errors, actionIds);
  if (el.value !== undefined && (typeof el.value !== 'string' || el.value.length > LIMITS.buttonValue)) {
    errors.push(`must be less than ${LIMITS.buttonValue + 1} characters [json-pointer:${at}/value]`);
  }
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
    errors.push(`must be one of primary, danger [json-pointer:${at}/style]`);
  }
}

function checkStaticSelect(el: Json, at: string, errors: string[], actionIds: Set<string>): void {
  checkActionId(el, at, errors, actionIds);
  if (el.placeholder !== undefined) checkText(el.placeholder, `${at}/placeholder`, LIMITS.placeholder, errors, ['plain_text']);
  if (el.option_groups !== undefined) {
    errors.push(`option_groups is not supported by the fake Slack; use options [json-pointer:${at}/option_groups]`);
    return;
  }
  const options = el.options;
  if (!Array.isArray(options) || options.length === 0) {
    errors.push(`options must be a non-empty array [json-pointer:${at}/options]`);
    return;
  }
  if (options.length > LIMITS.selectOptions) errors.push(`no more than ${LIMITS.selectOptions} items allowed [json-pointer:${at}/options]`);
  const values = new Set<string>();
  options.forEach((o, j) => {
    const op = `${at}/options/${j}`;
    if (!isObject(o)) {
      errors.push(`must be an object [json-pointer:${op}]`);
      return;
    }
    checkText(o.text, `${op}/text`, LIMITS.optionText, errors, ['plain_text']);
    if (o.description !== undefined) checkText(o.description, `${op}/description`, LIMITS.optionDescription, errors, ['plain_text']);
    if (typeof o.value !== 'string' || o.value.length === 0) errors.push(`must be more than 0 characters [json-pointer:${op}/value]`);
    else if (o.value.length > LIMITS.optionValue)
      errors.push(`must be less than ${LIMITS.optionValue + 1} characters [json-pointer:${op}/value]`);
    else if (values.has(o.value)) errors.push(`duplicate option value [json-pointer:${op}/value]`);
    else values.add(o.value);
  });
  if (el.initial_option !== undefined) {
    const initial = el.initial_option;
    if (!isObject(initial) || typeof initial.value !== 'string' || !values.has(initial.value))
      errors.push(`initial_option must match one of the options [json-pointer:${at}/initial_option]`);
  }
}

function checkPlainTextInput(el: Json, at: string, errors: string[]): void {
  checkActionId(el, at, errors, new Set());
  if (el.placeholder !== undefined) checkText(el.placeholder, `${at}/placeholder`, LIMITS.placeholder, errors, ['plain_text']);
  if (el.multiline !== undefined && typeof el.multiline !== 'boolean') errors.push(`must be a boolean [json-pointer:${at}/multiline]`);
  if (el.initial_value !== undefined && typeof el.initial_value !== 'string')
    errors.push(`must be a string [json-pointer:${at}/initial_value]`);
  const bound = (key: 'min_length' | 'max_length', min: number) => {
    const v = el[key];
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isInteger(v)) errors.push(`must be an integer [json-pointer:${at}/${key}]`);
    else if (v < min) errors.push(`must be at least ${min} [json-pointer:${at}/${key}]`);
    else if (v > LIMITS.inputLength) errors.push(`must be at most ${LIMITS.inputLength} [json-pointer:${at}/${key}]`);
  };
  bound('min_length', 0);
  bound('max_length', 1);
}

function checkInput(block: Json, at: string, errors: string[]): void {
  checkText(block.label, `${at}/label`, LIMITS.inputLabel, errors, ['plain_text']);
  if (block.hint !== undefined) checkText(block.hint, `${at}/hint`, LIMITS.inputHint, errors, ['plain_text']);
  if (block.optional !== undefined && typeof block.optional !== 'boolean') errors.push(`must be a boolean [json-pointer:${at}/optional]`);
  const el = block.element;
  if (isObject(el) && el.type === 'plain_text_input') checkPlainTextInput(el, `${at}/element`, errors);
  else if (isObject(el) && el.type === 'static_select') checkStaticSelect(el, `${at}/element`, errors, new Set());
  else errors.push(`unsupported element (only plain_text_input and static_select are used) [json-pointer:${at}/element]`);
}

/** A modal view for views.open / views.update; messages point below `/view`. */
export function validateView(raw: unknown): string[] {
  if (!isObject(raw)) return ['must be an object [json-pointer:/view]'];
  const errors: string[] = [];
  if (raw.type !== 'modal') errors.push(`must be one of modal [json-pointer:/view/type]`);
  checkText(raw.title, '/view/title', LIMITS.modalTitle, errors, ['plain_text']);
  for (const key of ['close', 'submit'] as const) {
    if (raw[key] !== undefined) checkText(raw[key], `/view/${key}`, LIMITS.modalButton, errors, ['plain_text']);
  }
  const hasInput = Array.isArray(raw.blocks) && raw.blocks.some((b) => isObject(b) && b.type === 'input');
  if (hasInput && raw.submit === undefined) errors.push('submit is required when a view has input blocks [json-pointer:/view/submit]');
  const bounded = (key: string, max: number) => {
    const v = raw[key];
    if (v === undefined) return;
    if (typeof v !== 'string') errors.push(`must be a string [json-pointer:/view/${key}]`);
    else if (v.length > max) errors.push(`must be less than ${max + 1} characters [json-pointer:/view/${key}]`);
  };
  bounded('private_metadata', LIMITS.privateMetadata);
  bounded('callback_id', LIMITS.callbackId);
  bounded('external_id', LIMITS.callbackId);
  if (raw.blocks === undefined) errors.push('missing required field: blocks [json-pointer:/view/blocks]');
  else errors.push(...validateBlocks(raw.blocks, MODAL));
  return errors;
}

function checkText(obj: unknown, at: string, max: number, errors: string[], types = ['plain_text', 'mrkdwn']): void {
  if (!isObject(obj) || typeof obj.type !== 'string' || !types.includes(obj.type)) {
    errors.push(`must be a text object of type ${types.join(' or ')} [json-pointer:${at}]`);
    return;
  }
  if (typeof obj.text !== 'string' || obj.text.length === 0) {
    errors.push(`must be more than 0 characters [json-pointer:${at}/text]`);
    return;
  }
  if (obj.text.length > max) errors.push(`must be less than ${max + 1} characters [json-pointer:${at}/text]`);
  if (obj.type === 'plain_text' && obj.verbatim !== undefined)
    errors.push(`verbatim is only allowed on mrkdwn [json-pointer:${at}/verbatim]`);
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
