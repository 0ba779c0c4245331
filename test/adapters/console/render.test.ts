import { describe, expect, it } from 'vitest';
import { renderPlain } from '../../../src/adapters/console/render.js';
import type { Reply } from '../../../src/contract/reply.js';

describe('renderPlain', () => {
  it('renders title, body with command references, comparison, suggestions and footer', () => {
    const reply: Reply = {
      visibility: 'public',
      title: 'The funnel',
      body: ['Marketing is the wide top; see ', { cmd: { command: 'explain', args: 'scope' } }, '.'],
      comparison: { sales: 'Closes the deal.', marketing: 'Reaches the market.' },
      suggestions: [{ topic: 'scope', title: 'Scope', actionId: 'ex:scope' }],
      footer: [{ strong: 'Tip:' }, ' try ', { cmd: { command: 'quiz start' } }],
    };
    expect(renderPlain(reply)).toBe(
      [
        '== The funnel ==',
        'Marketing is the wide top; see /explain scope.',
        '  Sales:     Closes the deal.',
        '  Marketing: Reaches the market.',
        'See also: /explain scope (Scope)',
        'Tip: try /quiz start',
      ].join('\n'),
    );
  });

  it('shows enabled buttons as labels to type and the time left', () => {
    const reply: Reply = {
      visibility: 'public',
      body: ['Q1'],
      deadline: 21_500,
      buttons: [
        [
          { actionId: 'qz:a', label: 'A' },
          { actionId: 'qz:b', label: 'B', disabled: true },
        ],
        [{ actionId: 'qz:skip', label: 'Skip' }],
      ],
    };
    expect(renderPlain(reply, 1_000)).toBe('Q1\n(closes in 21 s)\nType one: A | Skip');
  });

  it('aligns tables', () => {
    const reply: Reply = {
      visibility: 'private',
      body: [],
      table: {
        columns: ['Name', 'Pts'],
        rows: [
          ['Ada', '12'],
          ['Bartholomew', '3'],
        ],
      },
    };
    expect(renderPlain(reply)).toBe(['  Name         Pts', '  -----------  ---', '  Ada          12', '  Bartholomew  3'].join('\n'));
  });
});

describe('renderPlain at a terminal width', () => {
  const answer: Reply = {
    visibility: 'public',
    title: 'The funnel (where sales and marketing sit)',
    body: [
      'Picture a funnel that is wide at the top and narrow at the bottom. In the big picture, marketing is the whole funnel, top to bottom, while sales works at the lower, narrow end.',
    ],
    comparison: {
      sales: 'The lower end of the funnel: the decision and closing stages, turning prospects into completed sales.',
      marketing: 'The whole funnel from the top down as the overall plan.',
    },
    suggestions: [
      { topic: 'what-is-sales', title: 'What sales is', actionId: 'ex:what-is-sales' },
      { topic: 'common-goal', title: 'Why people mix them up (the shared goal)', actionId: 'ex:common-goal' },
    ],
  };

  it.each([80, 32])('wraps every line at word boundaries within %i columns', (width) => {
    const lines = renderPlain(answer, 0, width).split('\n');
    expect(lines.every((l) => [...l].length <= width)).toBe(true);
    // No word of the answer was split across lines.
    const words = new Set(renderPlain(answer, 0, 10_000).split(/\s+/));
    expect(lines.flatMap((l) => l.trim().split(/ +/)).every((w) => words.has(w))).toBe(true);
  });

  it('indents the comparison’s continuation lines under its text and keeps "/explain topic" together', () => {
    const lines = renderPlain(answer, 0, 66).split('\n');
    const sales = lines.findIndex((l) => l.startsWith('  Sales:     '));
    expect(lines[sales + 1]).toMatch(/^ {13}\S/);
    const seeAlso = lines.slice(lines.findIndex((l) => l.startsWith('See also: ')));
    expect(seeAlso).toEqual([
      'See also: /explain what-is-sales (What sales is),',
      '  /explain common-goal (Why people mix them up (the shared goal))',
    ]);
  });

  it('fits a gaps table with a 270-character question into 80 columns, counts and dates whole', () => {
    const question = `is ${'writing a very long and winding question about sales '.repeat(5)}really marketing?`;
    expect(question.length).toBeGreaterThanOrEqual(270);
    const reply: Reply = {
      visibility: 'private',
      title: "Questions I couldn't answer",
      body: ['Most frequent first.'],
      table: {
        columns: ['Question', 'Times', 'Last asked'],
        rows: [
          [question, '1024', '2026-12-06'],
          ['weather tomorrow?', '2', '2026-12-05'],
        ],
      },
    };
    const lines = renderPlain(reply, 0, 80).split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines.filter((l) => /\b1024 +2026-12-06$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /\b2 {6}2026-12-05$/.test(l))).toHaveLength(1);
    // Every word of the long question is there, whole.
    const text = lines.join(' ');
    for (const w of question.split(' ')) expect(text).toContain(w);
  });
});
