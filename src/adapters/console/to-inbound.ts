import type { Command } from '../../contract/inbound.js';
import { readCommandLine, unknownCommand, usageOf } from '../../contract/parse-command.js';

export type ConsoleInput =
  | { kind: 'command'; command: Command }
  | { kind: 'quit' }
  /** `/wrong [what you were after]`: rate the last answer not helpful (buttons elsewhere). */
  | { kind: 'wrong'; wanted: string }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

/** Console-only words: they leave the console rather than reach the core. */
const QUIT_WORDS = new Set(['quit', 'exit']);

/**
 * One console line → a core command. Lines starting with `/` are commands in the
 * catalogue's words (`/quiz start topic:funnel questions:3`); anything else is a question.
 * Button labels are resolved by the caller (it knows which buttons are on screen).
 */
export function parseConsoleLine(line: string): ConsoleInput {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (!text.startsWith('/')) return { kind: 'command', command: { name: 'ask', question: text } };
  const body = text.slice(1).trim();
  if (QUIT_WORDS.has(body.toLowerCase())) return { kind: 'quit' };
  const wrong = /^wrong(?:\s+(.*))?$/is.exec(body);
  if (wrong) return { kind: 'wrong', wanted: (wrong[1] ?? '').trim() };
  // A bare "/" is the console's empty mention: what can I do here?
  if (!body) return { kind: 'command', command: { name: 'help' } };
  const read = readCommandLine(body, { surface: 'console', mode: 'strict' });
  if (read.kind === 'command') return read;
  if (read.kind === 'usage') return { kind: 'error', message: `${read.message}\nUsage: ${usageOf(read.spec, 'console', '/')}` };
  return { kind: 'error', message: unknownCommand(body.split(/\s+/)[0] ?? '', '/') };
}

/** The console's own commands, listed after the core's help. */
export const CONSOLE_HELP = [
  '/wrong [what you were after] — my last answer missed: tell the trainers (the buttons under answers elsewhere)',
  '/quit — leave the console (Ctrl-D works too)',
].join('\n');
