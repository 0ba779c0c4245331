import type { z } from 'zod';
import { type DataPath, describeValue, itemNouns } from './problems.js';

/**
 * zod's issues in plain English, from the issue objects (code, expected type, limits,
 * allowed values, the input found), never from zod's own wording. The field is named by the
 * caller, so a message reads after it: "field `answer`: must be true or false, found the text \"yes\"".
 */

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
  array: 'a list',
  object: 'a group of fields (`name: value` lines)',
  null: 'left empty',
};

/** One plain problem per issue: the path (from the parsed value's root) and the message. */
export interface PlainIssue {
  path: DataPath;
  message: string;
}

/**
 * Every issue of a failed parse, in plain English. An unknown field becomes one problem per
 * field, at the field itself; once a value has the wrong type, further issues about the same
 * value (zod may add a length check on it) are left out.
 */
export function plainIssues(error: z.ZodError): PlainIssue[] {
  const out: PlainIssue[] = [];
  const wrongType = new Set<string>();
  for (const issue of error.issues) {
    const key = JSON.stringify(issue.path.map(String));
    if (wrongType.has(key)) continue;
    if (issue.code === 'invalid_type') wrongType.add(key);
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out.push({ path: [...issue.path, k], message: 'is not a known field (check its spelling)' });
      continue;
    }
    if (issue.code === 'invalid_union' && issue.discriminator !== undefined && !issue.path.includes(issue.discriminator)) {
      // zod names the object; the discriminating field is what the trainer must fix.
      out.push({ path: [...issue.path, issue.discriminator], message: plainMessage(issue) });
      continue;
    }
    out.push({ path: issue.path, message: plainMessage(issue) });
  }
  return out;
}

export function plainMessage(issue: z.core.$ZodIssue): string {
  const found = `found ${describeValue(issue.input)}`;
  const list = lastField(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `is missing (it must be ${typeName(issue.expected)})`;
      return `must be ${typeName(issue.expected)}, ${found}`;
    case 'too_small':
      return tooSmall(issue, list);
    case 'too_big':
      return tooBig(issue, list);
    case 'invalid_value':
      if (issue.input === undefined) return `is missing (it must be ${oneOf(issue.values)})`;
      return `must be ${oneOf(issue.values)}, ${found}`;
    case 'invalid_union': {
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        const value = (issue.input as Record<string, unknown> | null | undefined)?.[issue.discriminator];
        if (value === undefined) return `is missing (it must be ${oneOf(issue.options)})`;
        return `must be ${oneOf(issue.options)}, found ${describeValue(value)}`;
      }
      return `does not match any of the forms allowed here, ${found}`;
    }
    case 'invalid_format':
      return `is not in the form this field needs (${issue.format}), ${found}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}, ${found}`;
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `\`${k}\``).join(', ')} (check the spelling)`;
    case 'invalid_key':
      return `has a name that is not allowed here, ${found}`;
    case 'invalid_element':
      return `has a value that is not allowed here, ${found}`;
    case 'custom':
      // Custom issues come only from the schema's own refinements, which are written in plain English.
      return issue.message;
  }
}

function tooSmall(issue: z.core.$ZodIssueTooSmall, list: string | undefined): string {
  const min = Number(issue.minimum);
  const input = issue.input;
  if (issue.origin === 'string') {
    const length = typeof input === 'string' ? input.trim().length : undefined;
    if (min <= 1) return 'must not be empty';
    return `is too short: at least ${min} characters, found ${length ?? 'fewer'}`;
  }
  if (issue.origin === 'array') {
    const count = Array.isArray(input) ? input.length : undefined;
    return `needs at least ${min} ${itemNouns(list ?? '')}, found ${count ?? 'fewer'}`;
  }
  return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${min}, found ${describeValue(input)}`;
}

function tooBig(issue: z.core.$ZodIssueTooBig, list: string | undefined): string {
  const max = Number(issue.maximum);
  const input = issue.input;
  if (issue.origin === 'string') {
    const length = typeof input === 'string' ? input.trim().length : undefined;
    return `is too long: at most ${max} characters, found ${length ?? 'more'}`;
  }
  if (issue.origin === 'array') {
    const count = Array.isArray(input) ? input.length : undefined;
    return `allows at most ${max} ${itemNouns(list ?? '')}, found ${count ?? 'more'}`;
  }
  return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${max}, found ${describeValue(input)}`;
}

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** `sales, marketing or both`; a single value on its own. */
function oneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => (typeof v === 'string' ? v : String(v)));
  if (shown.length <= 1) return shown[0] ?? 'something else';
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/** The field a path ends in: what a count is of (a list inside a list has no name). */
function lastField(path: DataPath): string | undefined {
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : undefined;
}
