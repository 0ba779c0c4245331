/**
 * Block Kit validation as strict as Slack's own for the blocks the app sends: a
 * message Slack would refuse with `invalid_blocks` is refused here too, with a
 * reason naming the path (like Slack's `response_metadata.messages`).
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
} as const;

type Json = Record<string, unknown>;

export function validateBlocks(raw: unknown): string[] {
  const errors: string[] = [];
  if (!Array.isArray(raw)) return ['blocks must be an array'];
  if (raw.length > LIMITS.blocks) errors.push(`no more than ${LIMITS.blocks} items allowed [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  raw.forEach((block, i) => {
    const at = `/blocks/${i}`;
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
  if (block.accessory !== undefined) checkButton(block.accessory, `${at}/accessory`, errors, new Set());
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
  elements.forEach((e, j) => checkButton(e, `${at}/elements/${j}`, errors, actionIds));
}

function checkButton(el: unknown, at: string, errors: string[], actionIds: Set<string>): void {
  if (!isObject(el) || el.type !== 'button') {
    errors.push(`unsupported element (only buttons are used) [json-pointer:${at}]`);
    return;
  }
  checkText(el.text, `${at}/text`, LIMITS.buttonText, errors, ['plain_text']);
  if (el.action_id !== undefined) {
    const id = el.action_id;
    if (typeof id !== 'string' || id.length === 0) errors.push(`invalid action_id [json-pointer:${at}/action_id]`);
    else if (id.length > LIMITS.actionId) errors.push(`must be less than ${LIMITS.actionId + 1} characters [json-pointer:${at}/action_id]`);
    else if (actionIds.has(id)) errors.push(`duplicate action_id [json-pointer:${at}/action_id]`);
    else actionIds.add(id);
  }
  if (el.value !== undefined && (typeof el.value !== 'string' || el.value.length > LIMITS.buttonValue)) {
    errors.push(`must be less than ${LIMITS.buttonValue + 1} characters [json-pointer:${at}/value]`);
  }
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
    errors.push(`must be one of primary, danger [json-pointer:${at}/style]`);
  }
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
