/**
 * The command catalogue: every command is declared once, here — its name, options with
 * defaults and limits, who may run it and whether the reply is private. The core's
 * `Command` type is derived from these declarations (see `inbound.ts`), the core's handler
 * table must cover every one of them (a missing handler is a type error), Discord builds its
 * registration from them, Slack its `/funnel` subcommands, the console its `/commands`, and
 * `parse-command.ts` turns raw option values into a `Command` for every surface.
 */

export type Surface = 'discord' | 'slack' | 'console';

interface OptionBase {
  name: string;
  description: string;
  /** Only on some platforms (threads and roles exist only on Discord). */
  platforms?: readonly Surface[];
}

export type OptionSpec = OptionBase &
  (
    | { kind: 'text'; required: true; maxLength: number }
    /** A topic id or title; `list` accepts several, comma-separated (empty means all). */
    | { kind: 'topic'; required?: boolean; list?: boolean }
    | { kind: 'integer'; min: number; max: number; default: number }
    /** A number the person must give (an inbox item's number). */
    | { kind: 'integer'; min: number; max: number; required: true }
    | { kind: 'boolean'; default: boolean }
    | { kind: 'choice'; choices: readonly string[]; default: string }
    | { kind: 'role' }
    | { kind: 'user' }
  );

/** Who may run a command. The core enforces it before the handler runs. */
export type Audience = 'anyone' | 'trainers' | 'admins';

export interface CommandDeclaration {
  description: string;
  options: readonly OptionSpec[];
  who: Audience;
  /** Replies are private (ephemeral / DM). */
  private?: boolean;
  /** Only on some platforms. */
  platforms?: readonly Surface[];
  /** Makes sense only in a server's channels, not in direct messages (rounds, server-wide lists). */
  channelsOnly?: boolean;
  /** The member of a group that its bare name runs where commands are typed (`gaps` is `gaps list`). */
  groupDefault?: boolean;
}

export const QUIZ_LIMITS = {
  questions: { min: 1, max: 50, default: 10 },
  seconds: { min: 5, max: 300, default: 20 },
} as const;

export const PERIODS = ['7d', '30d', 'all'] as const;

/** Keyed by the core's command name; a space in the typed name is a dot here (`quiz start` is `quiz.start`). */
export const DECLARATIONS = {
  ask: {
    description: 'Ask a question about sales and marketing',
    who: 'anyone',
    options: [{ name: 'question', kind: 'text', description: 'Your question', required: true, maxLength: 4000 }],
  },
  explain: {
    description: 'Explain one topic',
    who: 'anyone',
    options: [{ name: 'topic', kind: 'topic', description: 'Topic id or title', required: true }],
  },
  topics: { description: 'List the topics I know', who: 'anyone', options: [] },
  'quiz.start': {
    channelsOnly: true,
    description: 'Start a quiz round in this channel',
    who: 'trainers',
    options: [
      { name: 'topic', kind: 'topic', list: true, description: 'Topic id(s), comma-separated; all by default' },
      { name: 'questions', kind: 'integer', description: 'Number of questions (1–50)', ...QUIZ_LIMITS.questions },
      { name: 'seconds', kind: 'integer', description: 'Seconds per question (5–300)', ...QUIZ_LIMITS.seconds },
      { name: 'speed_bonus', kind: 'boolean', default: true, description: 'Faster correct answers score more (on by default)' },
      { name: 'thread', kind: 'boolean', default: false, description: 'Run the round in a new thread', platforms: ['discord'] },
    ],
  },
  'quiz.stop': { channelsOnly: true, description: 'End the running round now (scores are kept)', who: 'trainers', options: [] },
  'quiz.next': { channelsOnly: true, description: 'Close the current question and reveal the answer', who: 'trainers', options: [] },
  'quiz.status': { channelsOnly: true, description: 'Show the running round', who: 'anyone', options: [] },
  leaderboard: {
    channelsOnly: true,
    description: 'Show the leaderboard',
    who: 'anyone',
    options: [
      {
        name: 'scope',
        kind: 'choice',
        description: 'This channel or the whole server',
        choices: ['channel', 'server'],
        default: 'channel',
      },
      { name: 'period', kind: 'choice', description: 'Time window', choices: PERIODS, default: 'all' },
    ],
  },
  stats: { description: 'Your own results, privately', who: 'anyone', private: true, options: [] },
  'forget-me': { description: 'Erase your quiz and practice history', who: 'anyone', private: true, options: [] },
  practice: { description: 'Practise alone, aimed at your weak topics', who: 'anyone', private: true, options: [] },
  report: {
    channelsOnly: true,
    description: "The team's weakest topics and common misconceptions",
    who: 'trainers',
    private: true,
    options: [{ name: 'period', kind: 'choice', description: 'Time window', choices: PERIODS, default: '30d' }],
  },
  'gaps.list': {
    description: "The trainers' inbox: questions I couldn't answer, most asked first, numbered",
    who: 'trainers',
    private: true,
    channelsOnly: true,
    groupDefault: true,
    options: [{ name: 'clear', kind: 'boolean', default: false, description: 'Clear the list' }],
  },
  'gaps.teach': {
    description: 'Teach me that an inbox question belongs to a topic',
    who: 'trainers',
    private: true,
    channelsOnly: true,
    options: [
      { name: 'item', kind: 'integer', required: true, min: 1, max: 999_999_999, description: 'The number in the inbox' },
      { name: 'topic', kind: 'topic', required: true, description: 'The topic it belongs to' },
    ],
  },
  'gaps.answer': {
    description: 'Answer an inbox question for the team: it becomes a small new topic',
    who: 'trainers',
    private: true,
    channelsOnly: true,
    options: [
      { name: 'item', kind: 'integer', required: true, min: 1, max: 999_999_999, description: 'The number in the inbox' },
      { name: 'answer', kind: 'text', required: true, maxLength: 1500, description: 'The team answer (up to 1,500 characters)' },
    ],
  },
  'gaps.dismiss': {
    description: 'Mark an inbox question as off-topic, so ones like it are declined confidently',
    who: 'trainers',
    private: true,
    channelsOnly: true,
    options: [{ name: 'item', kind: 'integer', required: true, min: 1, max: 999_999_999, description: 'The number in the inbox' }],
  },
  'answers.list': {
    description: "The team answers trainers wrote for this server's questions",
    who: 'trainers',
    private: true,
    channelsOnly: true,
    groupDefault: true,
    options: [],
  },
  'answers.edit': {
    description: 'Rewrite a team answer',
    who: 'trainers',
    private: true,
    channelsOnly: true,
    options: [
      { name: 'topic', kind: 'topic', required: true, description: 'The team answer (its id, like team-12)' },
      { name: 'answer', kind: 'text', required: true, maxLength: 1500, description: 'The new answer (up to 1,500 characters)' },
    ],
  },
  'answers.remove': {
    description: 'Remove a team answer: it is no longer matched, shown or quizzed',
    who: 'trainers',
    private: true,
    channelsOnly: true,
    options: [{ name: 'topic', kind: 'topic', required: true, description: 'The team answer (its id, like team-12)' }],
  },
  'answers.quiz': {
    description: 'Add a true/false quiz question on a team answer (the answer explains it)',
    who: 'trainers',
    private: true,
    channelsOnly: true,
    options: [
      { name: 'topic', kind: 'topic', required: true, description: 'The team answer (its id, like team-12)' },
      { name: 'truth', kind: 'choice', choices: ['true', 'false'], default: 'true', description: 'Whether the statement is true' },
      { name: 'statement', kind: 'text', required: true, maxLength: 300, description: 'A statement people judge true or false' },
    ],
  },
  'trainers.add': {
    channelsOnly: true,
    description: 'Let a role or person run quizzes here (admins only)',
    who: 'admins',
    private: true,
    options: [
      { name: 'role', kind: 'role', description: 'Role to add', platforms: ['discord'] },
      { name: 'user', kind: 'user', description: 'Person to add' },
    ],
  },
  'trainers.remove': {
    channelsOnly: true,
    description: 'Stop a role or person running quizzes here (admins only)',
    who: 'admins',
    private: true,
    options: [
      { name: 'role', kind: 'role', description: 'Role to remove', platforms: ['discord'] },
      { name: 'user', kind: 'user', description: 'Person to remove' },
    ],
  },
  'trainers.list': { channelsOnly: true, description: 'Who may run quizzes here', who: 'anyone', private: true, options: [] },
  help: { description: 'What I can do', who: 'anyone', options: [] },
} as const satisfies Record<string, CommandDeclaration>;

export type CommandName = keyof typeof DECLARATIONS;

/** The value an option gives the core, after defaults. */
type ValueOf<O> = O extends { kind: 'text' }
  ? string
  : O extends { kind: 'topic'; list: true }
    ? string[]
    : O extends { kind: 'topic'; required: true }
      ? string
      : O extends { kind: 'topic' }
        ? string | undefined
        : O extends { kind: 'integer' }
          ? number
          : O extends { kind: 'boolean' }
            ? boolean
            : O extends { kind: 'choice'; choices: readonly (infer C)[] }
              ? C
              : string | undefined;

/** One field per option; options that may be absent (a role, a person) are optional fields. */
type ArgsOf<Options extends readonly OptionSpec[]> = {
  -readonly [O in Options[number] as undefined extends ValueOf<O> ? never : O['name']]: ValueOf<O>;
} & {
  -readonly [O in Options[number] as undefined extends ValueOf<O> ? O['name'] : never]?: Exclude<ValueOf<O>, undefined>;
};

/** A command as the core sees it: its name plus one field per option, defaults applied. */
export type CommandOf<N extends CommandName> = { name: N } & ArgsOf<(typeof DECLARATIONS)[N]['options']>;

/** A declaration with its names: `id` is the core's (`quiz.start`), `name` the typed one (`quiz start`). */
export interface CommandSpec extends CommandDeclaration {
  id: CommandName;
  name: string;
}

/** Every command in declaration order (help lists them in this order). */
export const COMMANDS: readonly CommandSpec[] = (Object.keys(DECLARATIONS) as CommandName[]).map((id) => ({
  ...(DECLARATIONS[id] as CommandDeclaration),
  id,
  name: id.replace('.', ' '),
}));

/** A command by its typed name (`quiz start`), its core name (`quiz.start`) or its group's name (`gaps`). */
export function findCommand(name: string): CommandSpec | undefined {
  const wanted = name.trim().toLowerCase();
  return (
    COMMANDS.find((c) => c.name === wanted || c.id === wanted) ?? COMMANDS.find((c) => c.groupDefault && c.name.split(' ')[0] === wanted)
  );
}

export function isRequired(o: OptionSpec): boolean {
  return o.kind === 'text' || ((o.kind === 'topic' || o.kind === 'integer') && 'required' in o && o.required === true);
}

/** The options a surface offers for a command (roles and threads exist only on Discord). */
export function optionsOn(spec: CommandSpec, surface: Surface): OptionSpec[] {
  return spec.options.filter((o) => !o.platforms || o.platforms.includes(surface));
}

export function commandsOn(surface: Surface): CommandSpec[] {
  return COMMANDS.filter((c) => !c.platforms || c.platforms.includes(surface));
}
