/**
 * Raw option values -> the core's `Command`, for every surface. Adapters only extract raw
 * values from their payloads (Discord's typed options, the words after `/funnel` or a
 * console `/command`); defaults, limits and readable errors live here, once.
 */
import { type CommandSpec, findCommand, isRequired, type OptionSpec, optionsOn, type Surface } from './commands.js';
import type { Command } from './inbound.js';
import { clip } from './text.js';

export type RawValue = string | number | boolean;

export type Parsed = { ok: true; command: Command } | { ok: false; error: string };

/** Slack calls a Discord "server" a workspace; both spellings are accepted, and each surface shows its own. */
const CHOICE_ALIASES: Record<string, string> = { workspace: 'server' };
const CHOICE_SPELLING: Partial<Record<Surface, Record<string, string>>> = { slack: { server: 'workspace' } };
const spellChoice = (choice: string, surface: Surface) => CHOICE_SPELLING[surface]?.[choice] ?? choice;
const TRUE_WORDS = ['on', 'true', 'yes'];
const FALSE_WORDS = ['off', 'false', 'no'];

/** Checks and completes raw values: unknown options, bad values and missing required ones become a readable error. */
export function commandFrom(spec: CommandSpec, raw: ReadonlyMap<string, RawValue>, surface: Surface): Parsed {
  const options = optionsOn(spec, surface);
  for (const name of raw.keys()) {
    if (!options.some((o) => o.name === name)) {
      return fail(`${spec.name} has no option "${clip(name, 40)}". ${takes(spec, surface)}`);
    }
  }
  const args: Record<string, unknown> = {};
  // Options this surface does not offer still get their defaults (a Slack round never runs in a thread).
  for (const option of spec.options) {
    const value = readValue(option, raw.get(option.name), surface);
    if (isError(value)) return fail(value.error);
    if (value === MISSING) return fail(`${spec.name} needs ${describeMissing(option)}.`);
    args[option.name] = value;
  }
  return { ok: true, command: { name: spec.id, ...args } as Command };
}

const MISSING = Symbol('missing');

function isError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value;
}

function readValue(option: OptionSpec, raw: RawValue | undefined, surface: Surface): unknown {
  const text = typeof raw === 'string' ? raw.trim() : raw;
  const given = text !== undefined && text !== '';
  switch (option.kind) {
    case 'text':
      // Not cut here: the core answers an over-long question's first part and says so.
      return given ? String(text) : MISSING;
    case 'topic': {
      if (option.list) {
        return given
          ? String(text)
              .split(',')
              .map((t) => t.trim())
              .filter(Boolean)
          : [];
      }
      if (!given) return option.required ? MISSING : undefined;
      return String(text);
    }
    case 'integer': {
      if (!given) return 'default' in option ? option.default : MISSING;
      const n = typeof text === 'number' ? text : /^\d+$/.test(String(text)) ? Number(text) : Number.NaN;
      if (!Number.isInteger(n) || n < option.min || n > option.max) {
        return {
          error: `${option.name} must be a whole number from ${option.min} to ${option.max}; you gave "${clip(String(text), 40)}".`,
        };
      }
      return n;
    }
    case 'boolean': {
      if (!given) return option.default;
      if (typeof text === 'boolean') return text;
      const word = String(text).toLowerCase();
      if (TRUE_WORDS.includes(word)) return true;
      if (FALSE_WORDS.includes(word)) return false;
      return { error: `${option.name} must be on or off (true/false, yes/no); you gave "${clip(String(text), 40)}".` };
    }
    case 'choice': {
      if (!given) return option.default;
      const word = String(text).toLowerCase();
      const value = CHOICE_ALIASES[word] ?? word;
      if (!option.choices.includes(value)) {
        const choices = option.choices.map((c) => spellChoice(c, surface)).join(', ');
        return { error: `${option.name} must be one of ${choices}; you gave "${clip(String(text), 40)}".` };
      }
      return value;
    }
    case 'role':
    case 'user':
      return given ? String(text) : undefined;
  }
}

function describeMissing(o: OptionSpec): string {
  return o.kind === 'text' || o.kind === 'topic' ? `a ${o.name}` : `a value for ${o.name}`;
}

function takes(spec: CommandSpec, surface: Surface): string {
  const names = optionsOn(spec, surface).map((o) => o.name);
  return names.length ? `It takes: ${names.join(', ')}.` : 'It takes no options.';
}

function fail(error: string): Parsed {
  return { ok: false, error };
}

/** How a typed line reads: a command, a command written wrongly, or not a command at all. */
export type LineReading = { kind: 'command'; command: Command } | { kind: 'usage'; spec: CommandSpec; message: string } | { kind: 'none' };

export interface LineOptions {
  surface: Surface;
  /**
   * `strict`: the line was meant as a command (the console's `/word`): anything that does not
   * fit is a usage error. `lenient`: the line may be a question that starts like a command
   * (`/funnel explain the funnel to me`): words that fit no option make it `none`.
   */
  mode: 'strict' | 'lenient';
  /** A user reference in the surface's syntax (`<@U123>`), or undefined. */
  userId?: (word: string) => string | undefined;
}

/** Reads `quiz start funnel 5 seconds:30`: the command's words, then named (`name:value`) or bare arguments. */
export function readCommandLine(line: string, opts: LineOptions): LineReading {
  const words = line.trim().split(/\s+/).filter(Boolean);
  const found = specOf(words, opts.surface);
  if (!found) return { kind: 'none' };
  const { spec, used } = found;
  const args = words.slice(used);
  const read = readArgs(spec, args, opts);
  if ('unfit' in read) {
    // A sentence that starts with a one-word command is a question; a longer command path is not.
    if (opts.mode === 'lenient' && !spec.name.includes(' ')) return { kind: 'none' };
    return { kind: 'usage', spec, message: `I don't understand "${clip(read.unfit, 40)}" in ${spec.name}.` };
  }
  if (!(read instanceof Map)) return { kind: 'usage', spec, message: read.error };
  const parsed = commandFrom(spec, read, opts.surface);
  return parsed.ok ? { kind: 'command', command: parsed.command } : { kind: 'usage', spec, message: parsed.error };
}

/** The longest command name the words start with (`quiz start` before `quiz`; a group's name alone is its default member). */
function specOf(words: string[], surface: Surface): { spec: CommandSpec; used: number } | undefined {
  for (let n = Math.min(2, words.length); n >= 1; n--) {
    const typed = words.slice(0, n).join(' ').toLowerCase();
    const spec = findCommand(typed);
    const named = spec && (spec.name === typed || (n === 1 && spec.groupDefault));
    if (named && (!spec.platforms || spec.platforms.includes(surface))) return { spec, used: n };
  }
  return undefined;
}

function readArgs(spec: CommandSpec, args: string[], opts: LineOptions): Map<string, RawValue> | { error: string } | { unfit: string } {
  const options = optionsOn(spec, opts.surface);
  const values = new Map<string, RawValue>();
  // Free text takes the rest of the line; so does a required topic where a line is surely a command
  // (a console `/explain Running Google Ads` names the topic by its title, spaces and all).
  const text =
    options.find((o) => o.kind === 'text') ??
    (opts.mode === 'strict' && !args.some((a) => /^[a-z_]+:/i.test(a)) ? options.find((o) => o.kind === 'topic' && o.required) : undefined);
  if (text) {
    // Leading numbers, choices and (declared before the text) topic ids fill their options
    // (`gaps answer 3 …`, `answers edit team-3 …`); free text takes the rest of the line.
    const others = options.filter((o) => o !== text && (o.kind !== 'topic' || options.indexOf(o) < options.indexOf(text)));
    let used = 0;
    for (const arg of args) {
      const option = bareOption(others, values, arg, opts);
      if (!option) break;
      values.set(option.name, bareValue(option, arg, opts));
      used++;
    }
    const tail = args.slice(used).join(' ').trim();
    if (tail) values.set(text.name, tail);
    return values;
  }
  for (const arg of args) {
    const named = /^([a-z_]+):(.*)$/i.exec(arg);
    if (named) {
      const name = named[1]!.toLowerCase();
      if (!options.some((o) => o.name === name))
        return { error: `${spec.name} has no option "${clip(name, 40)}". ${takes(spec, opts.surface)}` };
      values.set(name, named[2]!);
      continue;
    }
    const option = bareOption(options, values, arg, opts);
    if (!option) return { unfit: arg };
    values.set(option.name, bareValue(option, arg, opts));
  }
  return values;
}

/** A bare word's value: a boolean option's own name means on; a mention means the person's id. */
function bareValue(option: OptionSpec, arg: string, opts: LineOptions): RawValue {
  return option.kind === 'boolean' ? true : option.kind === 'user' ? (opts.userId?.(arg) ?? arg) : arg;
}

/** Which unfilled option a bare word fills: a number, a choice, a boolean's own name, a mention, a topic word. */
function bareOption(options: OptionSpec[], values: Map<string, RawValue>, arg: string, opts: LineOptions): OptionSpec | undefined {
  const word = arg.toLowerCase();
  const open = options.filter((o) => !values.has(o.name));
  if (/^\d+$/.test(arg)) return open.find((o) => o.kind === 'integer');
  return (
    open.find((o) => o.kind === 'choice' && o.choices.includes(CHOICE_ALIASES[word] ?? word)) ??
    open.find((o) => o.kind === 'boolean' && o.name === word) ??
    (opts.userId?.(arg) ? open.find((o) => o.kind === 'user') : undefined) ??
    (/^[\p{L}\p{N}][\p{L}\p{N},_-]*$/u.test(arg) ? open.find((o) => o.kind === 'topic') : undefined)
  );
}

/** `quiz start [topic:…] [questions:1-50] …`, for usage messages and help, after the surface's prefix (`/funnel `, `/`). */
export function usageOf(spec: CommandSpec, surface: Surface, prefix: string): string {
  const parts = optionsOn(spec, surface).map((o) => {
    const shape = shapeOf(o, surface);
    return isRequired(o) ? shape : `[${shape}]`;
  });
  return [`${prefix}${spec.name}`, ...parts].join(' ');
}

function shapeOf(o: OptionSpec, surface: Surface): string {
  switch (o.kind) {
    case 'text':
      return `<${o.name}>`;
    case 'topic':
      return o.list ? `${o.name}:<id,id>` : `<${o.name}>`;
    case 'integer':
      return isRequired(o) ? `<${o.name}>` : `${o.name}:${o.min}-${o.max}`;
    case 'boolean':
      return `${o.name}:on|off`;
    case 'choice':
      return `${o.name}:${o.choices.map((c) => spellChoice(c, surface)).join('|')}`;
    case 'user':
      return '@person';
    case 'role':
      return '@role';
  }
}

/** The same answer everywhere a command name can be unknown (a stale Discord registration, a console typo). */
export function unknownCommand(typed: string, prefix: string): string {
  return `There is no command ${prefix}${clip(typed, 40)}. ${prefix}help lists them all, or just ask a question.`;
}
