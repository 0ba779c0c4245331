import { describe, expect, it } from 'vitest';
import { parseSubcommand, SLACK_COMMANDS, usage, usageLines } from '../../../src/adapters/slack/subcommands.js';
import { COMMANDS, QUIZ_LIMITS } from '../../../src/contract/commands.js';

const command = (text: string) => {
  const parsed = parseSubcommand(text);
  if (parsed.kind !== 'command') throw new Error(`expected a command for "${text}", got usage: ${parsed.message}`);
  return parsed.command;
};
const usageOf = (text: string) => {
  const parsed = parseSubcommand(text);
  if (parsed.kind !== 'usage') throw new Error(`expected usage for "${text}", got ${JSON.stringify(parsed.command)}`);
  return parsed.message;
};

describe('/funnel subcommand parser', () => {
  it('shows help for empty text', () => {
    expect(command('')).toEqual({ name: 'help' });
    expect(command('   ')).toEqual({ name: 'help' });
    expect(command('help')).toEqual({ name: 'help' });
  });

  it('parses ask and explain', () => {
    expect(command('ask what is the funnel?')).toEqual({ name: 'ask', text: 'what is the funnel?' });
    expect(command('explain funnel')).toEqual({ name: 'explain', topic: 'funnel' });
    expect(command('Explain Four-Ps')).toEqual({ name: 'explain', topic: 'four-ps' });
    expect(command('explain topic:scope')).toEqual({ name: 'explain', topic: 'scope' });
  });

  it('treats text whose arguments do not parse as a question', () => {
    expect(command('is cold calling sales?')).toEqual({ name: 'ask', text: 'is cold calling sales?' });
    expect(command('explain the funnel to me')).toEqual({ name: 'ask', text: 'explain the funnel to me' });
    expect(command('help me tell sales from marketing')).toEqual({ name: 'ask', text: 'help me tell sales from marketing' });
    expect(command('topics about branding')).toEqual({ name: 'ask', text: 'topics about branding' });
    expect(command('quiz')).toEqual({ name: 'ask', text: 'quiz' });
    expect(command('what does marketing do')).toEqual({ name: 'ask', text: 'what does marketing do' });
  });

  it('parses quiz start with named options, bare numbers (questions then seconds) and named topics', () => {
    expect(command('quiz start')).toEqual({ name: 'quiz.start', options: {} });
    expect(command('quiz start 5 30')).toEqual({ name: 'quiz.start', options: { questions: 5, seconds: 30 } });
    expect(command('quiz start topic:funnel,four-ps questions:3 seconds:15 speed_bonus:off')).toEqual({
      name: 'quiz.start',
      options: { topics: ['funnel', 'four-ps'], questions: 3, seconds: 15, speedBonus: false },
    });
    expect(command('QUIZ START speed_bonus:on 7')).toEqual({ name: 'quiz.start', options: { questions: 7, speedBonus: true } });
  });

  it('refuses out-of-range or unknown quiz options with a usage line from the catalogue', () => {
    const msg = usageOf('quiz start questions:100');
    expect(msg).toContain(`questions must be a whole number from ${QUIZ_LIMITS.questions.min} to ${QUIZ_LIMITS.questions.max}`);
    expect(msg).toContain('/funnel quiz start [topic:<topic>] [questions:1-50] [seconds:5-300] [speed_bonus:on|off]');
    expect(usageOf('quiz start 10 2')).toContain('seconds must be a whole number from 5 to 300');
    expect(usageOf('quiz start speed_bonus:maybe')).toContain('speed_bonus must be on or off');
    expect(usageOf('quiz start colour:red')).toContain('has no option "colour"');
    // Topics are always named: a bare word is not a topic.
    expect(command('quiz start funnel')).toEqual({ name: 'ask', text: 'quiz start funnel' });
  });

  it('parses quiz stop, next and status', () => {
    expect(command('quiz stop')).toEqual({ name: 'quiz.stop' });
    expect(command('quiz next')).toEqual({ name: 'quiz.next' });
    expect(command('quiz status')).toEqual({ name: 'quiz.status' });
  });

  it('parses leaderboard with workspace meaning the core scope server', () => {
    expect(command('leaderboard')).toEqual({ name: 'leaderboard', scope: 'channel', period: 'all' });
    expect(command('leaderboard scope:workspace period:7d')).toEqual({ name: 'leaderboard', scope: 'server', period: '7d' });
    expect(command('leaderboard workspace 30d')).toEqual({ name: 'leaderboard', scope: 'server', period: '30d' });
    expect(usageOf('leaderboard period:1y')).toContain('period must be one of: 7d, 30d, all');
    expect(usageOf('leaderboard scope:galaxy')).toContain('scope must be one of: channel, workspace');
  });

  it('parses stats, forget-me, practice, report and gaps', () => {
    expect(command('stats')).toEqual({ name: 'stats' });
    expect(command('forget-me')).toEqual({ name: 'forget-me' });
    expect(command('practice')).toEqual({ name: 'practice' });
    expect(command('report')).toEqual({ name: 'report', period: '30d' });
    expect(command('report period:7d')).toEqual({ name: 'report', period: '7d' });
    expect(command('gaps')).toEqual({ name: 'gaps', clear: false });
    expect(command('gaps clear')).toEqual({ name: 'gaps', clear: true });
  });

  it('parses trainers add/remove with mentions as Slack sends them (escaped or not)', () => {
    expect(command('trainers add <@U123ABC|dana>')).toEqual({ name: 'trainers', action: 'add', target: { kind: 'user', id: 'U123ABC' } });
    expect(command('trainers remove <@W0XYZ>')).toEqual({ name: 'trainers', action: 'remove', target: { kind: 'user', id: 'W0XYZ' } });
    expect(command('trainers list')).toEqual({ name: 'trainers', action: 'list' });
    expect(usageOf('trainers add')).toContain('needs a person');
  });

  it('asks for the question when ask has none', () => {
    expect(usageOf('ask')).toContain('ask needs a question');
    expect(usageOf('explain')).toContain('explain needs a topic');
  });

  it('derives every subcommand and usage line from the catalogue', () => {
    const slackNames = COMMANDS.filter((c) => !c.platforms || c.platforms.includes('slack')).map((c) => c.name);
    expect(SLACK_COMMANDS.map((c) => c.name).sort()).toEqual([...slackNames].sort());
    expect(usageLines()).toHaveLength(slackNames.length);
    for (const spec of SLACK_COMMANDS) {
      // Every catalogue command is reachable with its bare name (plus required arguments).
      const required = spec.options
        .filter((o) => o.required)
        .map(() => (spec.name === 'trainers add' || spec.name === 'trainers remove' ? '' : 'x'));
      const extra = spec.name.startsWith('trainers ') && spec.name !== 'trainers list' ? ' <@U1>' : required.join(' ');
      const parsed = parseSubcommand(`${spec.name} ${extra}`.trim());
      expect(parsed.kind, spec.name).toBe('command');
    }
    // Roles don't exist on Slack; the Discord-only thread option isn't offered.
    expect(usage(SLACK_COMMANDS.find((c) => c.name === 'trainers add')!)).toBe('/funnel trainers add [@person]');
    expect(usage(SLACK_COMMANDS.find((c) => c.name === 'quiz start')!)).not.toContain('thread');
  });
});
