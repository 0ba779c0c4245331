import { describe, expect, it } from 'vitest';
import { parseSubcommand, SLACK_COMMANDS, usage, usageLines } from '../../../src/adapters/slack/subcommands.js';
import { COMMANDS, isRequired, QUIZ_LIMITS } from '../../../src/contract/commands.js';
import { quizStart } from '../../helpers/commands.js';

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
    expect(command('ask what is the funnel?')).toEqual({ name: 'ask', question: 'what is the funnel?' });
    expect(command('explain funnel')).toEqual({ name: 'explain', topic: 'funnel' });
    expect(command('Explain Four-Ps')).toEqual({ name: 'explain', topic: 'Four-Ps' });
    expect(command('explain topic:scope')).toEqual({ name: 'explain', topic: 'scope' });
  });

  it('treats text whose arguments do not parse as a question', () => {
    expect(command('is cold calling sales?')).toEqual({ name: 'ask', question: 'is cold calling sales?' });
    expect(command('explain the funnel to me')).toEqual({ name: 'ask', question: 'explain the funnel to me' });
    expect(command('help me tell sales from marketing')).toEqual({ name: 'ask', question: 'help me tell sales from marketing' });
    expect(command('topics about branding')).toEqual({ name: 'ask', question: 'topics about branding' });
    expect(command('quiz')).toEqual({ name: 'ask', question: 'quiz' });
    expect(command('what does marketing do')).toEqual({ name: 'ask', question: 'what does marketing do' });
  });

  it('parses quiz start with named options, bare numbers (questions then seconds) and named topics', () => {
    expect(command('quiz start')).toEqual(quizStart({}));
    expect(command('quiz start 5 30')).toEqual(quizStart({ questions: 5, seconds: 30 }));
    expect(command('quiz start topic:funnel,four-ps questions:3 seconds:15 speed_bonus:off')).toEqual(
      quizStart({ topics: ['funnel', 'four-ps'], questions: 3, seconds: 15, speedBonus: false }),
    );
    expect(command('QUIZ START speed_bonus:on 7')).toEqual(quizStart({ questions: 7, speedBonus: true }));
  });

  it('refuses out-of-range or unknown quiz options with a usage line from the catalogue', () => {
    const msg = usageOf('quiz start questions:100');
    expect(msg).toContain(`questions must be a whole number from ${QUIZ_LIMITS.questions.min} to ${QUIZ_LIMITS.questions.max}`);
    expect(msg).toContain('/funnel quiz start [topic:<id,id>] [questions:1-50] [seconds:5-300] [speed_bonus:on|off]');
    expect(usageOf('quiz start 10 2')).toContain('seconds must be a whole number from 5 to 300');
    expect(usageOf('quiz start speed_bonus:maybe')).toContain('speed_bonus must be on or off');
    expect(usageOf('quiz start colour:red')).toContain('has no option "colour"');
    // A bare word is a topic (the core says when it is not one); a second one does not fit.
    expect(command('quiz start funnel')).toEqual(quizStart({ topics: ['funnel'] }));
    expect(usageOf('quiz start funnel please')).toContain('I don\'t understand "please" in quiz start.');
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
    expect(usageOf('leaderboard period:1y')).toContain('period must be one of 7d, 30d, all; you gave "1y".');
    expect(usageOf('leaderboard scope:galaxy')).toContain('scope must be one of channel, workspace; you gave "galaxy".');
  });

  it('parses stats, forget-me, practice, report and gaps', () => {
    expect(command('stats')).toEqual({ name: 'stats' });
    expect(command('forget-me')).toEqual({ name: 'forget-me' });
    expect(command('practice')).toEqual({ name: 'practice' });
    expect(command('report')).toEqual({ name: 'report', period: '30d' });
    expect(command('report period:7d')).toEqual({ name: 'report', period: '7d' });
    expect(command('gaps')).toEqual({ name: 'gaps.list', clear: false });
    expect(command('gaps clear')).toEqual({ name: 'gaps.list', clear: true });
  });

  it('parses trainers add/remove with mentions as Slack sends them (escaped or not)', () => {
    expect(command('trainers add <@U123ABC|dana>')).toEqual({ name: 'trainers.add', user: 'U123ABC' });
    expect(command('trainers remove <@W0XYZ>')).toEqual({ name: 'trainers.remove', user: 'W0XYZ' });
    expect(command('trainers list')).toEqual({ name: 'trainers.list' });
    // Who to add is checked by the core, which answers "Say which role or person" on every platform.
    expect(command('trainers add')).toEqual({ name: 'trainers.add' });
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
        .filter(isRequired)
        .map((o) => (spec.name === 'trainers add' || spec.name === 'trainers remove' ? '' : o.kind === 'integer' ? '1' : 'x'));
      const extra = spec.name.startsWith('trainers ') && spec.name !== 'trainers list' ? ' <@U1>' : required.join(' ');
      const parsed = parseSubcommand(`${spec.name} ${extra}`.trim());
      expect(parsed.kind, spec.name).toBe('command');
    }
    // Roles don't exist on Slack; the Discord-only thread option isn't offered.
    expect(usage(SLACK_COMMANDS.find((c) => c.name === 'trainers add')!)).toBe('/funnel trainers add [@person]');
    expect(usage(SLACK_COMMANDS.find((c) => c.name === 'quiz start')!)).not.toContain('thread');
  });
});
