/**
 * What Discord refuses with 50035 Invalid Form Body, reproduced for the fake: message
 * bodies (content, embeds, components), autocomplete choices and command registrations.
 * Errors nest by JSON path the way Discord reports them:
 * `{ embeds: { 0: { title: { _errors: [{ code, message }] } } } }`.
 */
import {
  type APIApplicationCommandOptionChoice,
  ApplicationCommandOptionType,
  ButtonStyle,
  ComponentType,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { checkStringSelect, type LooseSelect } from './components.js';

export interface FieldError {
  code: string;
  message: string;
}

export type ErrorTree = { _errors?: FieldError[] } & { [key: string]: ErrorTree | FieldError[] | undefined };

export class FormErrors {
  readonly tree: ErrorTree = {};
  /** Flat list, handy for assertions: `embeds.0.title: BASE_TYPE_MAX_LENGTH`. */
  readonly flat: string[] = [];

  add(path: (string | number)[], code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      const child = (node[k] as ErrorTree | undefined) ?? ({} as ErrorTree);
      node[k] = child;
      node = child;
    }
    node._errors = [...(node._errors ?? []), { code, message }];
    this.flat.push(`${path.join('.')}: ${code}`);
  }

  maxLength(path: (string | number)[], value: unknown, max: number): void {
    if (typeof value === 'string' && [...value].length > max) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  }

  get empty(): boolean {
    return this.flat.length === 0;
  }
}

/** Character count as Discord counts it (code points). */
const len = (s: unknown): number => (typeof s === 'string' ? [...s].length : 0);

interface LooseEmbed {
  title?: string;
  description?: string;
  fields?: { name?: string; value?: string; inline?: boolean }[];
  footer?: { text?: string };
  author?: { name?: string };
}

interface LooseComponent {
  type?: number;
  components?: LooseComponent[];
  style?: number;
  label?: string;
  custom_id?: string;
  url?: string;
  emoji?: unknown;
}

export interface LooseMessageBody {
  content?: string;
  embeds?: LooseEmbed[];
  components?: LooseComponent[];
  flags?: number;
}

export function checkMessageBody(body: LooseMessageBody, errors: FormErrors, prefix: (string | number)[] = []): void {
  errors.maxLength([...prefix, 'content'], body.content, 2000);
  const embeds = body.embeds ?? [];
  if (embeds.length > 10) errors.add([...prefix, 'embeds'], 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
  let total = 0;
  embeds.forEach((e, i) => {
    const p = [...prefix, 'embeds', i];
    errors.maxLength([...p, 'title'], e.title, 256);
    errors.maxLength([...p, 'description'], e.description, 4096);
    errors.maxLength([...p, 'footer', 'text'], e.footer?.text, 2048);
    errors.maxLength([...p, 'author', 'name'], e.author?.name, 256);
    const fields = e.fields ?? [];
    if (fields.length > 25) errors.add([...p, 'fields'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    fields.forEach((f, j) => {
      for (const key of ['name', 'value'] as const) {
        if (!f[key]) errors.add([...p, 'fields', j, key], 'BASE_TYPE_REQUIRED', 'This field is required');
      }
      errors.maxLength([...p, 'fields', j, 'name'], f.name, 256);
      errors.maxLength([...p, 'fields', j, 'value'], f.value, 1024);
    });
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name);
    total += fields.reduce((n, f) => n + len(f.name) + len(f.value), 0);
  });
  if (total > 6000) errors.add([...prefix, 'embeds'], 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');

  const rows = body.components ?? [];
  if (rows.length > 5) errors.add([...prefix, 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const p = [...prefix, 'components', i];
    if (row.type !== ComponentType.ActionRow) {
      errors.add([...p, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
      return;
    }
    const children = row.components ?? [];
    if (children.length === 0) errors.add([...p, 'components'], 'BASE_TYPE_MIN_LENGTH', 'Must be 1 or more in length.');
    if (children.length > 5) errors.add([...p, 'components'], 'BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
    const selects = children.filter((c) => SELECT_TYPES.includes(c.type ?? 0)).length;
    // A select fills the whole row: one per row, no buttons beside it (components/reference.mdx, Action Row).
    if (selects > 0 && children.length > 1)
      errors.add([...p, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
    children.forEach((c, j) => {
      const cp = [...p, 'components', j];
      if (c.type === ComponentType.StringSelect) {
        checkStringSelect(c as LooseSelect, cp, errors, seen, false);
        return;
      }
      if (c.type !== ComponentType.Button) {
        // Text inputs belong in modals only (user, role, mentionable and channel selects pass unchecked).
        if (!SELECT_TYPES.includes(c.type ?? 0))
          errors.add([...cp, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).');
        return;
      }
      errors.maxLength([...cp, 'label'], c.label, 80);
      if (!c.label && !c.emoji) errors.add([...cp, 'label'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (c.style === ButtonStyle.Link) {
        if (!c.url) errors.add([...cp, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
        return;
      }
      if (!c.custom_id) {
        errors.add([...cp, 'custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
        return;
      }
      errors.maxLength([...cp, 'custom_id'], c.custom_id, 100);
      if (seen.has(c.custom_id))
        errors.add([...cp, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
      seen.add(c.custom_id);
    });
  });
}

const SELECT_TYPES: number[] = [
  ComponentType.StringSelect,
  ComponentType.UserSelect,
  ComponentType.RoleSelect,
  ComponentType.MentionableSelect,
  ComponentType.ChannelSelect,
];

/** True when Discord would answer 50006 Cannot send an empty message. */
export function isEmptyMessage(body: LooseMessageBody): boolean {
  return !body.content && !body.embeds?.length && !body.components?.length;
}

export function checkChoices(choices: unknown, errors: FormErrors): void {
  if (!Array.isArray(choices)) {
    errors.add(['data', 'choices'], 'BASE_TYPE_REQUIRED', 'This field is required');
    return;
  }
  if (choices.length > 25) errors.add(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  (choices as APIApplicationCommandOptionChoice[]).forEach((c, i) => {
    if (!c.name) errors.add(['data', 'choices', i, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.maxLength(['data', 'choices', i, 'name'], c.name, 100);
    if (typeof c.value === 'string') errors.maxLength(['data', 'choices', i, 'value'], c.value, 100);
  });
}

const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Command registration rules (names, descriptions, option counts and order, subcommand nesting). */
export function checkCommands(body: unknown, errors: FormErrors): void {
  if (!Array.isArray(body)) {
    errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return;
  }
  if (body.length > 100) errors.add([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.');
  const names = new Set<string>();
  (body as RESTPostAPIApplicationCommandsJSONBody[]).forEach((cmd, i) => {
    if (!NAME.test(cmd.name) || cmd.name !== cmd.name.toLowerCase())
      errors.add([i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    if (names.has(cmd.name)) errors.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    names.add(cmd.name);
    if ('description' in cmd) {
      if (!cmd.description) errors.add([i, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
      errors.maxLength([i, 'description'], cmd.description, 100);
    }
    const options = ('options' in cmd ? cmd.options : undefined) ?? [];
    checkOptions(options as LooseOption[], [i, 'options'], errors, 0);
  });
}

interface LooseOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  options?: LooseOption[];
  choices?: unknown[];
  autocomplete?: boolean;
}

function checkOptions(options: LooseOption[], path: (string | number)[], errors: FormErrors, depth: number): void {
  if (options.length > 25) errors.add(path, 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  let sawOptional = false;
  options.forEach((o, j) => {
    const p = [...path, j];
    if (!NAME.test(o.name) || o.name !== o.name.toLowerCase())
      errors.add([...p, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    if (!o.description) errors.add([...p, 'description'], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.maxLength([...p, 'description'], o.description, 100);
    const nesting = o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup;
    if (nesting) {
      if (depth >= 2 || (o.type === ApplicationCommandOptionType.SubcommandGroup && depth >= 1)) {
        errors.add(
          [...p, 'type'],
          'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
          'Sub-command and sub-command group option types are mutually exclusive to all other types',
        );
      }
      checkOptions(o.options ?? [], [...p, 'options'], errors, depth + 1);
      return;
    }
    if (o.required && sawOptional)
      errors.add(
        [...p, 'required'],
        'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        'Required options must be placed before non-required options',
      );
    if (!o.required) sawOptional = true;
    if (o.autocomplete && o.choices?.length)
      errors.add([...p, 'autocomplete'], 'AUTOCOMPLETE_CHOICES_INCOMPATIBLE', 'Autocomplete and choices cannot both be set');
    if ((o.choices?.length ?? 0) > 25) errors.add([...p, 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
  });
}
