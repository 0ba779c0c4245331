/**
 * `/funnel <subcommand> [arguments]`: Slack has one slash command, so the catalogue's
 * commands become its subcommands. Everything here derives from COMMANDS (names,
 * options, ranges, choices); only the mapping onto core Command shapes is per command.
 *
 * Text is a subcommand only when its first word(s) name one AND its arguments parse;
 * anything else is a question (`/funnel explain the funnel to me` asks). Arguments
 * that clearly address a command but are wrong (`questions:100`) get a usage message.
 */
import { COMMANDS, type CommandSpec, type OptionSpec } from '../../contract/commands.js';
import type { Command, LeaderboardScope, Period } from '../../contract/inbound.js';

export type ParsedText =
  | { kind: 'command'; command: Command }
  /** The text addresses a subcommand but its arguments are wrong: tell the person how to write it. */
  | { kind: 'usage'; message: string };

/** Slack calls a Discord "server" a workspace; both spellings are accepted. */
const CHOICE_ALIASES: Record<string, string> = { workspace: 'server' };
const CHOICE_SPELLING: Record<string, string> = { server: 'workspace' };

type Value = string | number | boolean;

/** Catalogue commands available on Slack, longest names first so `quiz start` wins over `quiz`. */
export const SLACK_COMMANDS: readonly CommandSpec[] = COMMANDS.filter((c) => !c.platforms || c.platforms.includes('slack')).sort(
  (a, b) => b.name.split(' ').length - a.name.split(' ').length,
);

export function slackOptions(spec: CommandSpec): OptionSpec[] {
  // The catalogue marks what Slack can't offer (roles, threads for rounds).
  return spec.options.filter((o) => !o.platforms || o.platforms.includes('slack'));
}

/** Parses the text after the slash command. */
export function parseSubcommand(text: string, slash = '/funnel'): ParsedText {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'command', command: { name: 'help' } };
  const words = trimmed.split(/\s+/);
  const spec = matchSpec(words);
  if (!spec) return ask(trimmed);
  const args = words.slice(spec.name.split(' ').length);
  const parsed = parseArgs(spec, args);
  if (parsed.kind === 'question') return ask(trimmed);
  if (parsed.kind === 'usage') return { kind: 'usage', message: `${parsed.message}\nUsage: ${usage(spec, slash)}` };
  return { kind: 'command', command: toCommand(spec.name, parsed.values) };
}

function ask(text: string): ParsedText {
  return { kind: 'command', command: { name: 'ask', text } };
}

function matchSpec(words: string[]): CommandSpec | undefined {
  return SLACK_COMMANDS.find((spec) => {
    const parts = spec.name.split(' ');
    return parts.every((p, i) => words[i]?.toLowerCase() === p);
  });
}

type ArgResult = { kind: 'ok'; values: Map<string, Value> } | { kind: 'question' } | { kind: 'usage'; message: string };

function parseArgs(spec: CommandSpec, args: string[]): ArgResult {
  const options = slackOptions(spec);
  const values = new Map<string, Value>();
  const freeText = options.find((o) => o.kind === 'string' && !o.autocomplete);
  if (freeText) {
    // A free-text option (the question) takes the rest of the line.
    const rest = args.join(' ').trim();
    if (rest) values.set(freeText.name, rest);
    return finish(spec, options, values);
  }
  const bareIntegers = options.filter((o) => o.kind === 'integer');
  for (const arg of args) {
    const named = /^([a-z_]+):(.*)$/i.exec(arg);
    if (named) {
      const option = options.find((o) => o.name === named[1]!.toLowerCase());
      if (!option) return { kind: 'usage', message: `${spec.name} has no option "${named[1]}".` };
      const v = readValue(option, named[2]!);
      if (typeof v === 'object') return v;
      values.set(option.name, v);
      continue;
    }
    const v = readBare(options, bareIntegers, values, arg);
    if (v === undefined) return { kind: 'question' };
    if ('kind' in v) return v;
    values.set(v.option.name, v.value);
  }
  return finish(spec, options, values);
}

function finish(spec: CommandSpec, options: OptionSpec[], values: Map<string, Value>): ArgResult {
  const missing = options.find((o) => o.required && !values.has(o.name));
  if (missing) return { kind: 'usage', message: `${spec.name} needs ${article(missing)}.` };
  // `trainers add|remove` needs a person on Slack (the catalogue makes role or user optional).
  if (/^trainers (add|remove)$/.test(spec.name) && !values.has('user')) {
    return { kind: 'usage', message: `${spec.name} needs a person: mention them.` };
  }
  return { kind: 'ok', values };
}

function article(o: OptionSpec): string {
  return o.kind === 'string' ? `a ${o.name}` : `a value for ${o.name}`;
}

/** A bare word: a number (the next integer option in catalogue order), a choice, a boolean option's name, a mention, an identifier. */
function readBare(
  options: OptionSpec[],
  bareIntegers: OptionSpec[],
  values: Map<string, Value>,
  arg: string,
): { option: OptionSpec; value: Value } | { kind: 'usage'; message: string } | undefined {
  const lower = arg.toLowerCase();
  if (/^\d+$/.test(arg)) {
    const option = bareIntegers.find((o) => !values.has(o.name));
    if (!option) return undefined;
    const v = readValue(option, arg);
    return typeof v === 'object' ? v : { option, value: v };
  }
  for (const o of options) {
    if (values.has(o.name)) continue;
    if (o.kind === 'choice' && o.choices.includes(CHOICE_ALIASES[lower] ?? lower))
      return { option: o, value: CHOICE_ALIASES[lower] ?? lower };
    if (o.kind === 'boolean' && lower === o.name) return { option: o, value: true };
    if (o.kind === 'user') {
      const id = userId(arg);
      if (id) return { option: o, value: id };
    }
  }
  // One identifier-like word fills a required single-token option (`explain funnel`); optional ones are always named (`topic:funnel`).
  const ident = options.find((o) => o.kind === 'string' && o.autocomplete && o.required && !values.has(o.name));
  if (ident && /^[a-z0-9][a-z0-9,-]*$/i.test(arg)) return { option: ident, value: lower };
  return undefined;
}

function readValue(option: OptionSpec, raw: string): Value | { kind: 'usage'; message: string } {
  const text = raw.trim();
  const lower = text.toLowerCase();
  switch (option.kind) {
    case 'integer': {
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isInteger(n) || n < option.min || n > option.max) {
        return { kind: 'usage', message: `${option.name} must be a whole number from ${option.min} to ${option.max}.` };
      }
      return n;
    }
    case 'boolean':
      if (['on', 'true', 'yes'].includes(lower)) return true;
      if (['off', 'false', 'no'].includes(lower)) return false;
      return { kind: 'usage', message: `${option.name} must be on or off.` };
    case 'choice': {
      const v = CHOICE_ALIASES[lower] ?? lower;
      if (!option.choices.includes(v))
        return { kind: 'usage', message: `${option.name} must be one of: ${option.choices.map(spellChoice).join(', ')}.` };
      return v;
    }
    case 'user': {
      const id = userId(text);
      return id ?? { kind: 'usage', message: `${option.name} must be a mention such as @name.` };
    }
    case 'string':
      if (!text) return { kind: 'usage', message: `${option.name} needs a value.` };
      return option.autocomplete ? lower : text;
    case 'role':
      return { kind: 'usage', message: 'Slack has no roles.' };
  }
}

/** `<@U123>`, `<@U123|name>` (slash commands with escaping on), or a bare user id. */
function userId(text: string): string | undefined {
  const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text) ?? /^([UW][A-Z0-9]{2,})$/.exec(text);
  return m?.[1];
}

function spellChoice(choice: string): string {
  return CHOICE_SPELLING[choice] ?? choice;
}

const str = (v: Value | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: Value | undefined): number | undefined => (typeof v === 'number' ? v : undefined);
const bool = (v: Value | undefined): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/** Catalogue name + parsed option values → the core's Command. */
function toCommand(name: string, v: Map<string, Value>): Command {
  switch (name) {
    case 'ask':
      return { name: 'ask', text: str(v.get('question')) ?? '' };
    case 'explain':
      return { name: 'explain', topic: str(v.get('topic')) ?? '' };
    case 'quiz start': {
      const topics = str(v.get('topic'))
        ?.split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      return {
        name: 'quiz.start',
        options: { topics, questions: num(v.get('questions')), seconds: num(v.get('seconds')), speedBonus: bool(v.get('speed_bonus')) },
      };
    }
    case 'quiz stop':
      return { name: 'quiz.stop' };
    case 'quiz next':
      return { name: 'quiz.next' };
    case 'quiz status':
      return { name: 'quiz.status' };
    case 'leaderboard':
      return {
        name: 'leaderboard',
        scope: (str(v.get('scope')) ?? 'channel') as LeaderboardScope,
        period: (str(v.get('period')) ?? 'all') as Period,
      };
    case 'report':
      return { name: 'report', period: (str(v.get('period')) ?? '30d') as Period };
    case 'gaps':
      return { name: 'gaps', clear: bool(v.get('clear')) ?? false };
    case 'trainers add':
    case 'trainers remove':
    case 'trainers list': {
      const user = str(v.get('user'));
      const action = name.split(' ')[1] as 'add' | 'remove' | 'list';
      return user ? { name: 'trainers', action, target: { kind: 'user', id: user } } : { name: 'trainers', action };
    }
    case 'topics':
    case 'help':
    case 'stats':
    case 'forget-me':
    case 'practice':
      return { name };
    default:
      throw new Error(`catalogue command "${name}" has no Slack mapping`);
  }
}

/** `/funnel quiz start [topic:…] [questions:N] [seconds:S] [speed_bonus:on|off]`, from the catalogue. */
export function usage(spec: CommandSpec, slash = '/funnel'): string {
  const parts = slackOptions(spec).map((o) => {
    const shape = optionShape(o);
    return o.required ? shape : `[${shape}]`;
  });
  return [`${slash} ${spec.name}`, ...parts].join(' ');
}

function optionShape(o: OptionSpec): string {
  switch (o.kind) {
    case 'string':
      return o.autocomplete ? `${o.name}:<${o.name}>` : `<${o.name}>`;
    case 'integer':
      return `${o.name}:${o.min}-${o.max}`;
    case 'boolean':
      return `${o.name}:on|off`;
    case 'choice':
      return `${o.name}:${o.choices.map(spellChoice).join('|')}`;
    case 'user':
      return '@person';
    case 'role':
      return '';
  }
}

/** One line per subcommand, for the app manifest's usage hint and usage messages. */
export function usageLines(slash = '/funnel'): string[] {
  return COMMANDS.filter((c) => SLACK_COMMANDS.includes(c)).map((c) => usage(c, slash));
}
