/**
 * The command catalogue, declared once. Discord builds its slash-command
 * registration from it, Slack its `/funnel` subcommand parser and help, the console
 * its help. Limits (ranges, choices) live here so every surface agrees with the core.
 */

export type Surface = 'discord' | 'slack' | 'console';

export type OptionSpec = (
  | { name: string; kind: 'string'; description: string; required?: boolean; autocomplete?: boolean; maxLength?: number }
  | { name: string; kind: 'integer'; description: string; required?: boolean; min: number; max: number }
  | { name: string; kind: 'boolean'; description: string; required?: boolean }
  | { name: string; kind: 'choice'; description: string; required?: boolean; choices: readonly string[] }
  | { name: string; kind: 'role'; description: string; required?: boolean }
  | { name: string; kind: 'user'; description: string; required?: boolean }
) & {
  /** Only on some platforms (threads and roles exist only on Discord). */
  platforms?: readonly Surface[];
};

export interface CommandSpec {
  /** Space-separated path: `ask`, `quiz start`, `trainers add`. */
  name: string;
  description: string;
  options: readonly OptionSpec[];
  /** Only trainers may run it (enforced by the core, listed here for help texts). */
  trainerOnly?: boolean;
  /** Replies are private (ephemeral / DM). */
  private?: boolean;
  /** Only on some platforms (e.g. a `thread` option exists only on Discord). */
  platforms?: readonly Surface[];
}

export const QUIZ_LIMITS = {
  questions: { min: 1, max: 50, default: 10 },
  seconds: { min: 5, max: 300, default: 20 },
} as const;

export const PERIODS = ['7d', '30d', 'all'] as const;

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'ask',
    description: 'Ask a question about sales and marketing',
    options: [{ name: 'question', kind: 'string', description: 'Your question', required: true, maxLength: 4000 }],
  },
  {
    name: 'explain',
    description: 'Explain one topic',
    options: [{ name: 'topic', kind: 'string', description: 'Topic id or title', required: true, autocomplete: true }],
  },
  { name: 'topics', description: 'List the topics I know', options: [] },
  {
    name: 'quiz start',
    description: 'Start a quiz round in this channel',
    trainerOnly: true,
    options: [
      { name: 'topic', kind: 'string', description: 'Topic id(s), comma-separated; all by default', autocomplete: true },
      { name: 'questions', kind: 'integer', description: 'Number of questions (1–50)', ...QUIZ_LIMITS.questions },
      { name: 'seconds', kind: 'integer', description: 'Seconds per question (5–300)', ...QUIZ_LIMITS.seconds },
      { name: 'speed_bonus', kind: 'boolean', description: 'Faster correct answers score more (on by default)' },
      { name: 'thread', kind: 'boolean', description: 'Run the round in a new thread', platforms: ['discord'] },
    ],
  },
  { name: 'quiz stop', description: 'End the running round now (scores are kept)', trainerOnly: true, options: [] },
  { name: 'quiz next', description: 'Close the current question and reveal the answer', trainerOnly: true, options: [] },
  { name: 'quiz status', description: 'Show the running round', options: [] },
  {
    name: 'leaderboard',
    description: 'Show the leaderboard',
    options: [
      { name: 'scope', kind: 'choice', description: 'This channel or the whole server', choices: ['channel', 'server'] },
      { name: 'period', kind: 'choice', description: 'Time window', choices: PERIODS },
    ],
  },
  { name: 'stats', description: 'Your own results, privately', private: true, options: [] },
  { name: 'forget-me', description: 'Erase your quiz and practice history', private: true, options: [] },
  { name: 'practice', description: 'Practise alone, aimed at your weak topics', private: true, options: [] },
  {
    name: 'report',
    description: "The team's weakest topics and common misconceptions",
    trainerOnly: true,
    private: true,
    options: [{ name: 'period', kind: 'choice', description: 'Time window', choices: PERIODS }],
  },
  {
    name: 'gaps',
    description: "Questions I couldn't answer, most frequent first",
    trainerOnly: true,
    private: true,
    options: [{ name: 'clear', kind: 'boolean', description: 'Clear the list' }],
  },
  {
    name: 'trainers add',
    description: 'Let a role or person run quizzes here (admins only)',
    private: true,
    options: [
      { name: 'role', kind: 'role', description: 'Role to add', platforms: ['discord'] },
      { name: 'user', kind: 'user', description: 'Person to add' },
    ],
  },
  {
    name: 'trainers remove',
    description: 'Stop a role or person running quizzes here (admins only)',
    private: true,
    options: [
      { name: 'role', kind: 'role', description: 'Role to remove', platforms: ['discord'] },
      { name: 'user', kind: 'user', description: 'Person to remove' },
    ],
  },
  { name: 'trainers list', description: 'Who may run quizzes here', private: true, options: [] },
  { name: 'help', description: 'What I can do', options: [] },
];

export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
