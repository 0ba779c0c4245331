import { describe, expect, it } from 'vitest';
import { parseConsoleLine } from '../../../src/adapters/console/to-inbound.js';
import { quizStart } from '../../helpers/commands.js';

describe('parseConsoleLine', () => {
  it('treats plain text as a question', () => {
    expect(parseConsoleLine('  is cold calling sales or marketing? ')).toEqual({
      kind: 'command',
      command: { name: 'ask', question: 'is cold calling sales or marketing?' },
    });
  });

  it('ignores empty lines and understands /quit and /exit', () => {
    expect(parseConsoleLine('   ')).toEqual({ kind: 'empty' });
    expect(parseConsoleLine('/quit')).toEqual({ kind: 'quit' });
    expect(parseConsoleLine('/EXIT')).toEqual({ kind: 'quit' });
  });

  it('parses topic commands', () => {
    expect(parseConsoleLine('/explain funnel')).toEqual({ kind: 'command', command: { name: 'explain', topic: 'funnel' } });
    expect(parseConsoleLine('/topics')).toEqual({ kind: 'command', command: { name: 'topics' } });
    expect(parseConsoleLine('/explain')).toMatchObject({ kind: 'error', message: expect.stringMatching(/Usage: \/explain/) });
  });

  it('parses quiz start with named and bare arguments', () => {
    expect(parseConsoleLine('/quiz start topic:funnel,four-ps questions:3 seconds:30 speed_bonus:off')).toEqual({
      kind: 'command',
      command: quizStart({ topics: ['funnel', 'four-ps'], questions: 3, seconds: 30, speedBonus: false }),
    });
    expect(parseConsoleLine('/quiz start 5 40')).toEqual({ kind: 'command', command: quizStart({ questions: 5, seconds: 40 }) });
    expect(parseConsoleLine('/quiz start funnel 5')).toEqual({ kind: 'command', command: quizStart({ topics: ['funnel'], questions: 5 }) });
  });

  it('refuses what it cannot use, naming the option and what it accepts', () => {
    const cases: [string, RegExp][] = [
      ['/quiz start questions:lots', /^questions must be a whole number from 1 to 50; you gave "lots"\.\nUsage: \/quiz start/],
      ['/quiz start speed_bonus:maybe', /^speed_bonus must be on or off \(true\/false, yes\/no\); you gave "maybe"\./],
      ['/quiz start banana split', /^I don't understand "split" in quiz start\./],
      ['/quiz start colour:red', /^quiz start has no option "colour"\. It takes: topic, questions, seconds, speed_bonus\./],
      ['/leaderboard period:1y', /^period must be one of 7d, 30d, all; you gave "1y"\./],
      ['/ask', /^ask needs a question\.\nUsage: \/ask <question>$/],
    ];
    for (const [line, message] of cases)
      expect(parseConsoleLine(line), line).toMatchObject({ kind: 'error', message: expect.stringMatching(message) });
  });

  it('reads a multi-word topic title after /explain', () => {
    expect(parseConsoleLine('/explain Running Google Ads')).toEqual({
      kind: 'command',
      command: { name: 'explain', topic: 'Running Google Ads' },
    });
  });

  it('parses the other quiz and insight commands', () => {
    expect(parseConsoleLine('/quiz next')).toMatchObject({ command: { name: 'quiz.next' } });
    expect(parseConsoleLine('/quiz stop')).toMatchObject({ command: { name: 'quiz.stop' } });
    expect(parseConsoleLine('/quiz status')).toMatchObject({ command: { name: 'quiz.status' } });
    expect(parseConsoleLine('/leaderboard scope:server period:7d')).toMatchObject({
      command: { name: 'leaderboard', scope: 'server', period: '7d' },
    });
    expect(parseConsoleLine('/leaderboard')).toMatchObject({ command: { name: 'leaderboard', scope: 'channel', period: 'all' } });
    expect(parseConsoleLine('/leaderboard period:1y')).toMatchObject({ kind: 'error' });
    expect(parseConsoleLine('/gaps clear')).toMatchObject({ command: { name: 'gaps.list', clear: true } });
    expect(parseConsoleLine('/report period:7d')).toMatchObject({ command: { name: 'report', period: '7d' } });
    expect(parseConsoleLine('/forget-me')).toMatchObject({ command: { name: 'forget-me' } });
  });

  it('explains unknown commands', () => {
    expect(parseConsoleLine('/dance')).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/There is no command \/dance\. \/help lists them all/),
    });
  });
});
