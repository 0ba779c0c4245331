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
        'Related: /explain scope (Scope)',
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
