import { describe, expect, it } from 'vitest';
import { parseConsoleLine } from '../../../src/adapters/console/to-inbound.js';

describe('parseConsoleLine', () => {
  it('treats plain text as a question', () => {
    expect(parseConsoleLine('  is cold calling sales or marketing? ')).toEqual({
      kind: 'command',
      command: { name: 'ask', text: 'is cold calling sales or marketing?' },
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
      command: { name: 'quiz.start', options: { topics: ['funnel', 'four-ps'], questions: 3, seconds: 30, speedBonus: false } },
    });
    expect(parseConsoleLine('/quiz start 5 40')).toMatchObject({
      command: { options: { questions: 5, seconds: 40, topics: undefined, speedBonus: undefined } },
    });
    expect(parseConsoleLine('/quiz start questions:lots')).toMatchObject({
      kind: 'error',
      message: 'questions must be a whole number from 1 to 50',
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
    expect(parseConsoleLine('/gaps clear')).toMatchObject({ command: { name: 'gaps', clear: true } });
    expect(parseConsoleLine('/report period:7d')).toMatchObject({ command: { name: 'report', period: '7d' } });
    expect(parseConsoleLine('/forget-me')).toMatchObject({ command: { name: 'forget-me' } });
  });

  it('explains unknown commands', () => {
    expect(parseConsoleLine('/dance')).toMatchObject({ kind: 'error', message: expect.stringMatching(/Unknown command \/dance/) });
  });
});
