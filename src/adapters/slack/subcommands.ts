/**
 * `/funnel <subcommand> [arguments]`: Slack has one slash command, so the catalogue's
 * commands become its subcommands, read by the shared command-line reader.
 *
 * Text is a subcommand only when its first word(s) name one AND its arguments fit;
 * anything else is a question (`/funnel explain the funnel to me` asks). Arguments
 * that clearly address a command but are wrong (`questions:100`) get a usage message.
 */
import { type CommandSpec, commandsOn } from '../../contract/commands.js';
import type { Command } from '../../contract/inbound.js';
import { readCommandLine, usageOf } from '../../contract/parse-command.js';

export type ParsedText =
  | { kind: 'command'; command: Command }
  /** The text addresses a subcommand but its arguments are wrong: tell the person how to write it. */
  | { kind: 'usage'; message: string };

/** Catalogue commands available on Slack. */
export const SLACK_COMMANDS: readonly CommandSpec[] = commandsOn('slack');

/** Parses the text after the slash command. */
export function parseSubcommand(text: string, slash = '/funnel'): ParsedText {
  const trimmed = text.trim();
  if (!trimmed) return { kind: 'command', command: { name: 'help' } };
  const read = readCommandLine(trimmed, { surface: 'slack', mode: 'lenient', userId });
  if (read.kind === 'none') return { kind: 'command', command: { name: 'ask', question: trimmed } };
  if (read.kind === 'usage') return { kind: 'usage', message: `${read.message}\nUsage: ${usage(read.spec, slash)}` };
  return read;
}

/** `<@U123>`, `<@U123|name>` (slash commands with escaping on), or a bare user id. */
function userId(text: string): string | undefined {
  const m = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text) ?? /^([UW][A-Z0-9]{2,})$/.exec(text);
  return m?.[1];
}

/** `/funnel quiz start [topic:<id,id>] [questions:1-50] …`, from the catalogue. */
export function usage(spec: CommandSpec, slash = '/funnel'): string {
  return usageOf(spec, 'slack', `${slash} `);
}

/** One line per subcommand, for the app manifest's usage hint and usage messages. */
export function usageLines(slash = '/funnel'): string[] {
  return SLACK_COMMANDS.map((c) => usage(c, slash));
}
