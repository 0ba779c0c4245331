import { PERIODS, QUIZ_LIMITS } from '../../contract/commands.js';
import type { Command, Period } from '../../contract/inbound.js';

export type ConsoleInput =
  | { kind: 'command'; command: Command }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'error'; message: string };

/**
 * One console line → a core command. Lines starting with `/` are commands in the
 * catalogue's words (`/quiz start topic:funnel questions:3`); anything else is a question.
 * Button labels are resolved by the caller (it knows which buttons are on screen).
 */
export function parseConsoleLine(line: string): ConsoleInput {
  const text = line.trim();
  if (!text) return { kind: 'empty' };
  if (!text.startsWith('/')) return { kind: 'command', command: { name: 'ask', text } };

  const [head = '', ...rest] = text.slice(1).split(/\s+/);
  const word = head.toLowerCase();
  const args = rest.join(' ');
  const named = namedArgs(rest);
  switch (word) {
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    case 'ask':
      return args ? cmd({ name: 'ask', text: args }) : error('Usage: /ask <question>');
    case 'explain':
      return args ? cmd({ name: 'explain', topic: args }) : error('Usage: /explain <topic> (see /topics)');
    case 'topics':
    case 'help':
    case 'stats':
    case 'practice':
      return cmd({ name: word });
    case 'forget-me':
      return cmd({ name: 'forget-me' });
    case 'leaderboard': {
      const scope = named.get('scope') ?? 'channel';
      const period = named.get('period') ?? 'all';
      if (scope !== 'channel' && scope !== 'server') return error('scope must be channel or server');
      if (!isPeriod(period)) return error(`period must be one of ${PERIODS.join(', ')}`);
      return cmd({ name: 'leaderboard', scope, period });
    }
    case 'report': {
      const period = named.get('period') ?? '30d';
      return isPeriod(period) ? cmd({ name: 'report', period }) : error(`period must be one of ${PERIODS.join(', ')}`);
    }
    case 'gaps':
      return cmd({ name: 'gaps', clear: rest[0]?.toLowerCase() === 'clear' || named.get('clear') === 'true' });
    case 'quiz':
      return parseQuiz(rest);
    default:
      return error(`Unknown command /${word}. Type /help for the list, or just ask a question.`);
  }
}

function parseQuiz(rest: string[]): ConsoleInput {
  const [sub = '', ...args] = rest;
  switch (sub.toLowerCase()) {
    case 'stop':
      return cmd({ name: 'quiz.stop' });
    case 'next':
    case 'skip':
      return cmd({ name: 'quiz.next' });
    case 'status':
      return cmd({ name: 'quiz.status' });
    case 'start': {
      const named = namedArgs(args);
      const bare = args.filter((a) => /^\d+$/.test(a)).map(Number);
      const questions = named.has('questions') ? Number(named.get('questions')) : bare[0];
      const seconds = named.has('seconds') ? Number(named.get('seconds')) : bare[1];
      for (const [name, value, range] of [
        ['questions', questions, QUIZ_LIMITS.questions],
        ['seconds', seconds, QUIZ_LIMITS.seconds],
      ] as const) {
        if (value !== undefined && !Number.isInteger(value))
          return error(`${name} must be a whole number from ${range.min} to ${range.max}`);
      }
      const bonus = named.get('speed_bonus');
      return cmd({
        name: 'quiz.start',
        options: {
          topics: named
            .get('topic')
            ?.split(',')
            .map((t) => t.trim())
            .filter(Boolean),
          questions,
          seconds,
          speedBonus: bonus === undefined ? undefined : ['on', 'true', 'yes'].includes(bonus),
        },
      });
    }
    default:
      return error(
        'Usage: /quiz start [topic:id,id] [questions:N] [seconds:S] [speed_bonus:on|off] | /quiz stop | /quiz next | /quiz status',
      );
  }
}

function namedArgs(words: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const w of words) {
    const m = /^([a-z_]+):(.+)$/i.exec(w);
    if (m) out.set(m[1]!.toLowerCase(), m[2]!.toLowerCase());
  }
  return out;
}

function isPeriod(p: string): p is Period {
  return (PERIODS as readonly string[]).includes(p);
}

const cmd = (command: Command): ConsoleInput => ({ kind: 'command', command });
const error = (message: string): ConsoleInput => ({ kind: 'error', message });
