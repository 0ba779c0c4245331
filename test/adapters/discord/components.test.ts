import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTROL_LABELS } from '../../../src/adapters/discord/components.js';
import { renderReply } from '../../../src/adapters/discord/render.js';
import type { Button, Reply, Select } from '../../../src/contract/reply.js';
import { checkMessageBody, FormErrors } from '../../fakes/discord/limits.js';

const discordErrors = (body: object): string[] => {
  const errors = new FormErrors();
  checkMessageBody(body, errors);
  return errors.flat;
};

type Component = { type: number; custom_id?: string; label?: string; style?: number; placeholder?: string; options?: unknown[] };
const rowsOf = (m: { components: { components: unknown[] }[] }) => m.components.map((r) => r.components as Component[]);
const kindOf = (row: Component[]) => (row[0]?.type === 3 ? `select:${row[0].custom_id}` : row.map((c) => c.custom_id).join(','));

const menu = (actionId: string, n = 3): Select => ({
  actionId,
  placeholder: 'Pick an item',
  options: Array.from({ length: n }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` })),
});

describe('menus (string selects)', () => {
  it('one select per row, custom_id = action id, one choice, options as given', () => {
    const m = renderReply({ visibility: 'private', body: ['Your inbox'], selects: [menu('ib:pick')] });
    expect(m.components).toEqual([
      {
        type: 1,
        components: [
          {
            type: 3,
            custom_id: 'ib:pick',
            placeholder: 'Pick an item',
            options: [
              { label: 'Option 0', value: 'v0' },
              { label: 'Option 1', value: 'v1' },
              { label: 'Option 2', value: 'v2' },
            ],
          },
        ],
      },
    ]);
    expect(discordErrors(m)).toEqual([]);
  });

  it('cuts to Discord limits: 25 options, labels 100, placeholder 150; drops values it cannot carry, and says so', () => {
    const dropped: string[] = [];
    const options = [
      { value: 'x'.repeat(101), label: 'value too long' },
      { value: '', label: 'no value' },
      { value: 'dup', label: 'first' },
      { value: 'dup', label: 'second' },
      { value: 'long', label: 'l'.repeat(300) },
      { value: 'blank', label: '' },
      ...Array.from({ length: 30 }, (_, i) => ({ value: `o${i}`, label: `O${i}` })),
    ];
    const m = renderReply(
      { visibility: 'public', body: ['x'], selects: [{ actionId: 's', placeholder: 'p'.repeat(200), options }] },
      { onDrop: (w) => dropped.push(w) },
    );
    const select = rowsOf(m)[0]![0] as Component & { options: { label: string; value: string }[] };
    expect(select.options).toHaveLength(25);
    expect(select.options.slice(0, 3)).toEqual([
      { label: 'first', value: 'dup' },
      { label: `${'l'.repeat(99)}…`, value: 'long' },
      { label: 'blank', value: 'blank' },
    ]);
    expect([...select.placeholder!]).toHaveLength(150);
    expect(dropped.filter((d) => d.includes('value empty or longer than 100'))).toHaveLength(2);
    expect(dropped.some((d) => d.includes('beyond Discord'))).toBe(true);
    expect(discordErrors(m)).toEqual([]);
  });

  it('a select with no usable option, or an id Discord cannot carry, is dropped and reported', () => {
    const dropped: string[] = [];
    const m = renderReply(
      {
        visibility: 'public',
        body: ['x'],
        selects: [
          { actionId: 'empty', placeholder: 'none', options: [] },
          { ...menu('y'.repeat(101)), placeholder: 'long id' },
        ],
      },
      { onDrop: (w) => dropped.push(w) },
    );
    expect(m.components).toEqual([]);
    expect(dropped).toHaveLength(2);
    expect(m.content).toBe('x');
  });

  it('a select sharing an id with a button is dropped: Discord refuses duplicate custom_ids', () => {
    const m = renderReply({ visibility: 'public', body: ['x'], buttons: [[{ actionId: 'same', label: 'B' }]], selects: [menu('same')] });
    expect(rowsOf(m).map(kindOf)).toEqual(['same']);
    expect(discordErrors(m)).toEqual([]);
  });
});

describe('answer controls', () => {
  it('one row of small secondary buttons: Helpful, Not helpful, Tell me when someone answers', () => {
    const m = renderReply({
      visibility: 'public',
      body: ['An answer'],
      controls: { feedback: { helpful: 'fb:up:1', notHelpful: 'fb:down:1' }, followUp: 'fu:1' },
    });
    expect(rowsOf(m)).toEqual([
      [
        { type: 2, style: 2, label: CONTROL_LABELS.helpful, custom_id: 'fb:up:1' },
        { type: 2, style: 2, label: CONTROL_LABELS.notHelpful, custom_id: 'fb:down:1' },
        { type: 2, style: 2, label: 'Tell me when someone answers', custom_id: 'fu:1' },
      ],
    ]);
    expect(discordErrors(m)).toEqual([]);
  });

  it('only the parts given; nothing when empty', () => {
    const only = renderReply({ visibility: 'public', body: ['x'], controls: { followUp: 'fu:2' } });
    expect(rowsOf(only)).toEqual([[{ type: 2, style: 2, label: CONTROL_LABELS.followUp, custom_id: 'fu:2' }]]);
    expect(renderReply({ visibility: 'public', body: ['x'], controls: {} }).components).toEqual([]);
  });
});

describe('the 5-row budget', () => {
  const buttonRows = (n: number): Button[][] => Array.from({ length: n }, (_, r) => [{ actionId: `b${r}`, label: `B${r}` }]);

  it('menus first on screen, then buttons, suggestions, controls', () => {
    const m = renderReply({
      visibility: 'private',
      body: ['Item'],
      buttons: buttonRows(1),
      selects: [menu('s1')],
      suggestions: [{ topic: 't', title: 'T', actionId: 'ex:t' }],
      controls: { followUp: 'fu' },
    });
    expect(rowsOf(m).map(kindOf)).toEqual(['select:s1', 'b0', 'ex:t', 'fu']);
  });

  it('over 5 rows: controls go first, then suggestions, then menus; the core buttons stay', () => {
    const dropped: string[] = [];
    const reply: Reply = {
      visibility: 'public',
      body: ['x'],
      buttons: buttonRows(3),
      selects: [menu('s1'), menu('s2')],
      suggestions: [{ topic: 't', title: 'T', actionId: 'ex:t' }],
      controls: { followUp: 'fu' },
    };
    const m = renderReply(reply, { onDrop: (w) => dropped.push(w) });
    expect(rowsOf(m).map(kindOf)).toEqual(['select:s1', 'select:s2', 'b0', 'b1', 'b2']);
    expect(dropped).toEqual(["2 row(s) beyond Discord's 5: suggestions, controls"]);
    expect(discordErrors(m)).toEqual([]);

    const moreButtons = renderReply({ ...reply, buttons: buttonRows(4) });
    expect(rowsOf(moreButtons).map(kindOf)).toEqual(['select:s1', 'b0', 'b1', 'b2', 'b3']);
  });

  it('property: any mix of buttons, menus, suggestions and controls renders to components Discord accepts', () => {
    const id = fc.string({ minLength: 0, maxLength: 110 });
    const text = fc.string({ maxLength: 200 });
    const select = fc.record({
      actionId: id,
      placeholder: text,
      options: fc.array(fc.record({ value: fc.string({ maxLength: 110 }), label: text }), { maxLength: 30 }),
    });
    const reply: fc.Arbitrary<Reply> = fc.record(
      {
        visibility: fc.constant('public' as const),
        body: fc.constant(['x']),
        buttons: fc.array(fc.array(fc.record({ actionId: id, label: text }), { maxLength: 7 }), { maxLength: 6 }),
        selects: fc.array(select, { maxLength: 3 }),
        suggestions: fc.array(fc.record({ topic: text, title: text, actionId: id }), { maxLength: 6 }),
        controls: fc.record({ feedback: fc.record({ helpful: id, notHelpful: id }), followUp: id }, { requiredKeys: [] }) as fc.Arbitrary<
          Reply['controls']
        >,
      },
      { requiredKeys: ['visibility', 'body'] },
    );
    fc.assert(
      fc.property(reply, (r) => {
        expect(discordErrors(renderReply(r))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
