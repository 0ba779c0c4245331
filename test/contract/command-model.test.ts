import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandName, DECLARATIONS, findCommand } from '../../src/contract/commands.js';
import type { Command } from '../../src/contract/inbound.js';
import { commandFrom, readCommandLine } from '../../src/contract/parse-command.js';
import { HANDLERS } from '../../src/core/commands/index.js';
import type { Handler } from '../../src/core/commands/types.js';
import { quizStart } from '../helpers/commands.js';

// Compile-time guarantees, checked by `npm run typecheck` (an unused @ts-expect-error is itself an error):
// the handler table must cover every declared command (if its type were relaxed, this line would fail)…
const complete: { [N in CommandName]: Handler<N> } = HANDLERS;
const { help: _help, ...withoutHelp } = HANDLERS;
// @ts-expect-error a declared command without a handler does not type-check
const incomplete: { [N in CommandName]: Handler<N> } = withoutHelp;
// …and a command's fields are the declared options, with their types.
// @ts-expect-error `questions` is a number after parsing, never text
const wrongType: Command = { ...quizStart(), questions: 'ten' };
// @ts-expect-error there is no command that was not declared
const undeclared: Command = { name: 'dance' };

describe('the command model', () => {
  it('has one handler per declaration and nothing else', () => {
    void [complete, incomplete, wrongType, undeclared];
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(DECLARATIONS).sort());
  });

  it('finds a command by its typed name or its core name', () => {
    expect(findCommand('quiz start')?.id).toBe('quiz.start');
    expect(findCommand('quiz.start')?.name).toBe('quiz start');
    expect(findCommand('Trainers Add')?.id).toBe('trainers.add');
    expect(COMMANDS.every((c) => findCommand(c.name) === c)).toBe(true);
  });
});

describe('commandFrom: raw values -> Command, the same on every surface', () => {
  const spec = (name: string) => findCommand(name)!;
  const raw = (entries: Record<string, string | number | boolean>) => new Map(Object.entries(entries));

  it('applies declared defaults', () => {
    expect(commandFrom(spec('quiz start'), raw({}), 'slack')).toEqual({ ok: true, command: quizStart() });
    expect(commandFrom(spec('leaderboard'), raw({}), 'console')).toEqual({
      ok: true,
      command: { name: 'leaderboard', scope: 'channel', period: 'all' },
    });
    expect(commandFrom(spec('report'), raw({}), 'discord')).toEqual({ ok: true, command: { name: 'report', period: '30d' } });
  });

  it('accepts typed values (Discord) and their text forms (Slack, console) alike', () => {
    const typed = commandFrom(spec('quiz start'), raw({ questions: 5, speed_bonus: false, topic: 'funnel, scope' }), 'discord');
    const text = commandFrom(spec('quiz start'), raw({ questions: '5', speed_bonus: 'off', topic: 'funnel, scope' }), 'console');
    expect(typed).toEqual({ ok: true, command: quizStart({ questions: 5, speedBonus: false, topics: ['funnel', 'scope'] }) });
    expect(text).toEqual(typed);
  });

  it.each([
    ['quiz start', { questions: 51 }, 'questions must be a whole number from 1 to 50; you gave "51".'],
    ['quiz start', { seconds: 'soon' }, 'seconds must be a whole number from 5 to 300; you gave "soon".'],
    ['quiz start', { speed_bonus: 'maybe' }, 'speed_bonus must be on or off (true/false, yes/no); you gave "maybe".'],
    ['leaderboard', { scope: 'galaxy' }, 'scope must be one of channel, server; you gave "galaxy".'],
    ['gaps', { colour: 'red' }, 'gaps list has no option "colour". It takes: clear.'],
    ['stats', { x: 1 }, 'stats has no option "x". It takes no options.'],
    ['explain', {}, 'explain needs a topic.'],
    ['ask', { question: '   ' }, 'ask needs a question.'],
  ])('%s %j is refused: %s', (name, values, error) => {
    expect(commandFrom(spec(name), raw(values), 'discord')).toEqual({ ok: false, error });
  });

  it('refuses an option the surface does not offer, and defaults it instead', () => {
    expect(commandFrom(spec('quiz start'), raw({ thread: true }), 'slack')).toMatchObject({ ok: false, error: /has no option "thread"/ });
    expect(commandFrom(spec('quiz start'), raw({}), 'slack')).toMatchObject({ ok: true, command: { thread: false } });
  });
});

describe('readCommandLine: typed lines', () => {
  const strict = { surface: 'console' as const, mode: 'strict' as const };
  const lenient = { surface: 'slack' as const, mode: 'lenient' as const };

  it('reads named and bare arguments in any order', () => {
    expect(readCommandLine('quiz start seconds:30 funnel 5 speed_bonus', strict)).toEqual({
      kind: 'command',
      command: quizStart({ seconds: 30, topics: ['funnel'], questions: 5, speedBonus: true }),
    });
    expect(readCommandLine('leaderboard 7d server', strict)).toEqual({
      kind: 'command',
      command: { name: 'leaderboard', scope: 'server', period: '7d' },
    });
  });

  it('reads inbox actions: the number first, then a topic title or the answer text with spaces', () => {
    expect(readCommandLine('gaps teach 3 The Funnel', strict)).toEqual({
      kind: 'command',
      command: { name: 'gaps.teach', item: 3, topic: 'The Funnel' },
    });
    expect(readCommandLine('gaps answer 3 Ask HR: they decide.', lenient)).toEqual({
      kind: 'command',
      command: { name: 'gaps.answer', item: 3, answer: 'Ask HR: they decide.' },
    });
    expect(readCommandLine('gaps', strict)).toEqual({ kind: 'command', command: { name: 'gaps.list', clear: false } });
    expect(readCommandLine('gaps clear', lenient)).toEqual({ kind: 'command', command: { name: 'gaps.list', clear: true } });
    expect(readCommandLine('gaps dismiss', strict)).toMatchObject({ kind: 'usage', message: 'gaps dismiss needs a value for item.' });
  });

  it('tells a question that starts like a one-word command from a command written wrongly', () => {
    expect(readCommandLine('explain the funnel to me', lenient)).toEqual({ kind: 'none' });
    expect(readCommandLine('report on our brand', lenient)).toEqual({ kind: 'none' });
    expect(readCommandLine('quiz start funnel now', lenient)).toMatchObject({
      kind: 'usage',
      message: 'I don\'t understand "now" in quiz start.',
    });
    expect(readCommandLine('explain the funnel to me', strict)).toEqual({
      kind: 'command',
      command: { name: 'explain', topic: 'the funnel to me' },
    });
    expect(readCommandLine('what is a funnel', lenient)).toEqual({ kind: 'none' });
  });
});
