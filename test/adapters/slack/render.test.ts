import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOfView, renderModal } from '../../../src/adapters/slack/modal.js';
import { chunks, deadlineText, renderReply } from '../../../src/adapters/slack/render.js';
import type { Place } from '../../../src/contract/inbound.js';
import type { Form, Reply } from '../../../src/contract/reply.js';
import { validateBlocks, validateView } from '../../fakes/slack/blocks.js';

/** Every text string in a rendered message (block texts, fields, elements, fallback). */
function allTexts(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allTexts(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k === 'text' || typeof v === 'object') allTexts(v, out);
  }
  return out;
}

/** Slack markup we generate ourselves: the deadline's <!date^…> and nothing else. */
function unescapedMarkup(text: string): string[] {
  return (text.match(/<[^>]*>/g) ?? []).filter((m) => !m.startsWith('<!date^'));
}

describe('render Reply → Block Kit', () => {
  it('renders an answer: header, body, comparison fields, suggestion buttons, footer with a command reference', () => {
    const reply: Reply = {
      visibility: 'public',
      title: 'The funnel',
      body: ['Marketing is the wide top; ', { strong: 'sales' }, ' closes at the bottom.'],
      comparison: { sales: 'One-to-one', marketing: 'One-to-many' },
      suggestions: [{ topic: 'scope', title: 'Scope', actionId: 'ex:scope' }],
      footer: ['More on this: ', { cmd: { command: 'explain', args: 'funnel' } }],
    };
    const msg = renderReply(reply);
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(JSON.stringify(msg.blocks)).toContain('*sales*');
    expect(JSON.stringify(msg.blocks[2])).toContain('*Sales*\\nOne-to-one');
    expect(msg.blocks[3]).toMatchObject({ elements: [{ type: 'button', action_id: 'ex:scope', text: { text: 'Scope' } }] });
    expect(JSON.stringify(msg.blocks[4])).toContain('`/funnel explain funnel`');
    expect(msg.text).toContain('The funnel');
    expect(msg.text).toContain('/funnel explain funnel');
    expect(validateBlocks(msg.blocks)).toEqual([]);
  });

  it('escapes everything: user text can never mention, ping or link', () => {
    const evil = '<!channel> <!here> <@U123> <https://evil.test|click> & done';
    const reply: Reply = {
      visibility: 'public',
      title: evil,
      body: [evil, { strong: evil }],
      fields: [{ name: evil, value: evil }],
      table: { columns: ['#', 'Name'], rows: [['1', evil]] },
      buttons: [[{ actionId: 'qz:1:A', label: evil }]],
      footer: [evil],
    };
    const msg = renderReply(reply);
    for (const t of allTexts(msg)) expect(unescapedMarkup(t), t).toEqual([]);
    expect(JSON.stringify(msg)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(msg)).not.toMatch(/<!channel>|<!here>|<@U123>/);
    // mrkdwn is verbatim, so Slack doesn't auto-link or auto-mention either.
    const mrkdwn = JSON.stringify(msg.blocks).match(/"type":"mrkdwn"[^}]*}/g) ?? [];
    expect(mrkdwn.length).toBeGreaterThan(0);
    for (const m of mrkdwn) expect(m).toContain('"verbatim":true');
  });

  it('renders quiz buttons with Slack styles, drops disabled ones and shows the deadline as a local time', () => {
    const deadline = Date.UTC(2026, 0, 5, 9, 0, 20);
    const msg = renderReply({
      visibility: 'public',
      title: 'Question 1 of 3',
      body: ['Who runs market research?'],
      buttons: [
        [
          { actionId: 'qz:r:0:A', label: 'A' },
          { actionId: 'qz:r:0:B', label: 'B', style: 'success' },
          { actionId: 'qz:r:0:C', label: 'C', disabled: true },
        ],
        [
          { actionId: 'qz:r:skip', label: 'Skip', style: 'secondary' },
          { actionId: 'qz:r:stop', label: 'Stop', style: 'danger' },
        ],
      ],
      deadline,
    });
    const actions = msg.blocks.filter((b) => b.type === 'actions') as { elements: { action_id: string; style?: string }[] }[];
    expect(actions.map((a) => a.elements.map((e) => [e.action_id, e.style]))).toEqual([
      [
        ['qz:r:0:A', undefined],
        ['qz:r:0:B', 'primary'],
      ],
      [
        ['qz:r:skip', undefined],
        ['qz:r:stop', 'danger'],
      ],
    ]);
    expect(JSON.stringify(msg.blocks)).toContain(`<!date^${deadline / 1000}^{time_secs}|09:00:20 UTC>`);
    expect(deadlineText(deadline)).toContain('|09:00:20 UTC>');
    expect(validateBlocks(msg.blocks)).toEqual([]);
  });

  it('renders a table as an aligned code block', () => {
    const msg = renderReply({
      visibility: 'public',
      body: [],
      table: {
        columns: ['#', 'Name', 'Points'],
        rows: [
          ['1', 'Ana', '120'],
          ['2', 'Bo `x`', '90'],
        ],
      },
    });
    const text = (msg.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toBe('```\n#  Name    Points\n-  ------  ------\n1  Ana     120\n2  Bo ˋxˋ  90\n```');
  });

  it('shows a table with a cell too long for a column as one line per row, nothing cut', () => {
    const why = 'not helpful: answered as The funnel (where sales and marketing sit); meant What sales is';
    const msg = renderReply({
      visibility: 'private',
      body: [],
      table: {
        columns: ['#', 'Question', 'Why'],
        rows: [
          ['1', 'what is the sales funnel?', why],
          ['2', 'is <!channel> & *co* marketing?', 'declined'],
        ],
      },
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    const text = (msg.blocks[0] as { text: { text: string } }).text.text;
    expect(text).toBe(
      `*1* · Question: what is the sales funnel? · Why: ${why}\n*2* · Question: is &lt;!channel&gt; &amp; *co* marketing? · Why: declined`,
    );
  });

  it('keeps within Slack limits by cutting gracefully', () => {
    const long = 'word '.repeat(20_000);
    const msg = renderReply({
      visibility: 'public',
      title: 'T'.repeat(400),
      body: [long, long],
      fields: Array.from({ length: 25 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(2500) })),
      table: { columns: ['a', 'b'], rows: Array.from({ length: 400 }, (_, i) => [String(i), 'x'.repeat(60)]) },
      buttons: [[{ actionId: 'qz:1', label: 'L'.repeat(200) }]],
      suggestions: [{ topic: 't', title: 'S'.repeat(100), actionId: 'ex:t' }],
      footer: ['f'.repeat(5000)],
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg.blocks).toHaveLength(50);
    // The buttons survive the cut; the content says it was shortened.
    expect(msg.blocks.filter((b) => b.type === 'actions')).toHaveLength(2);
    expect(JSON.stringify(msg.blocks)).toContain('shortened');
    expect(msg.text.length).toBeLessThanOrEqual(3000);
  });

  it('never produces blocks Slack would refuse, nor raw markup, for any reply', () => {
    const str = fc.string({ maxLength: 300, unit: fc.constantFrom('a', ' ', '<', '>', '&', '!', '@', '*', '`', '\n', 'é', '|', 'x') });
    const reply = fc.record({
      visibility: fc.constantFrom('public' as const, 'private' as const),
      title: fc.option(str, { nil: undefined }),
      body: fc.array(
        fc.oneof(
          str,
          str.map((s) => ({ strong: s })),
          str.map((s) => ({ cmd: { command: 'explain', args: s } })),
        ),
        { maxLength: 12 },
      ),
      comparison: fc.option(fc.record({ sales: str, marketing: str }), { nil: undefined }),
      fields: fc.option(fc.array(fc.record({ name: str, value: str }), { maxLength: 30 }), { nil: undefined }),
      table: fc.option(
        fc.record({
          columns: fc.array(str, { minLength: 1, maxLength: 4 }),
          rows: fc.array(fc.array(str, { maxLength: 4 }), { maxLength: 20 }),
        }),
        { nil: undefined },
      ),
      buttons: fc.option(
        fc.array(
          fc.array(fc.record({ actionId: fc.string({ minLength: 1, maxLength: 100 }), label: str, disabled: fc.boolean() }), {
            maxLength: 5,
          }),
          { maxLength: 5 },
        ),
        { nil: undefined },
      ),
      footer: fc.option(fc.array(str, { maxLength: 3 }), { nil: undefined }),
      selects: fc.option(
        fc.array(
          fc.record({
            actionId: fc.string({ minLength: 0, maxLength: 100 }),
            placeholder: str,
            options: fc.array(fc.record({ value: fc.string({ maxLength: 160 }), label: str }), { maxLength: 120 }),
          }),
          { maxLength: 3 },
        ),
        { nil: undefined },
      ),
      controls: fc.option(
        fc.record({
          feedback: fc.option(fc.record({ helpful: fc.constant('fb:1:up'), notHelpful: fc.constant('fb:1:down') }), { nil: undefined }),
          followUp: fc.option(fc.constant('fu:1'), { nil: undefined }),
        }),
        { nil: undefined },
      ),
      deadline: fc.option(fc.integer({ min: 0, max: 4_000_000_000_000 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(reply, (r) => {
        const msg = renderReply(r as Reply);
        expect(validateBlocks(msg.blocks)).toEqual([]);
        expect(msg.text.length).toBeGreaterThan(0);
        expect(msg.text.length).toBeLessThanOrEqual(3100);
        for (const t of allTexts(msg)) expect(unescapedMarkup(t)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('splits long text at boundaries without breaking entities', () => {
    const pieces = chunks('&amp; '.repeat(1000), 3000);
    expect(pieces.every((p) => p.length <= 3000)).toBe(true);
    for (const p of pieces) expect(p).toMatch(/^(&amp; ?)+$/);
  });
});

describe('menus and answer controls → Block Kit', () => {
  it('renders a menu as a static_select in its own actions block, values untouched and labels escaped', () => {
    const msg = renderReply({
      visibility: 'private',
      body: ['Pick an item.'],
      selects: [
        {
          actionId: 'ib:pick',
          placeholder: 'Choose a question',
          options: [
            { value: 'q:1', label: 'What is <!channel> & an MQL?' },
            { value: 'q:1', label: 'a repeat, left out' },
            { value: 'q:2&<x>', label: 'L'.repeat(90) },
            { value: '', label: 'no value, left out' },
          ],
        },
      ],
      buttons: [[{ actionId: 'ib:close', label: 'Close' }]],
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg.blocks.map((b) => [b.type, b.block_id])).toEqual([
      ['section', undefined],
      ['actions', 'select-0'],
      ['actions', 'buttons-0'],
    ]);
    const select = (msg.blocks[1] as { elements: any[] }).elements[0];
    expect(select).toMatchObject({
      type: 'static_select',
      action_id: 'ib:pick',
      placeholder: { type: 'plain_text', text: 'Choose a question' },
    });
    expect(select.options.map((o: { value: string }) => o.value)).toEqual(['q:1', 'q:2&<x>']);
    expect(select.options[0].text.text).toBe('What is &lt;!channel&gt; &amp; an MQL?');
    expect(select.options[1].text.text).toHaveLength(75);
  });

  it('cuts a menu to Slack limits: 100 options, placeholder 150', () => {
    const msg = renderReply({
      visibility: 'private',
      body: [],
      selects: [
        {
          actionId: 'a',
          placeholder: 'p'.repeat(300),
          options: Array.from({ length: 130 }, (_, i) => ({ value: `v${i}`, label: `o${i}` })),
        },
      ],
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    const select = (msg.blocks.find((b) => b.type === 'actions') as { elements: any[] }).elements[0];
    expect(select.options).toHaveLength(100);
    expect(select.placeholder.text).toHaveLength(150);
  });

  it('renders the answer controls as one row of small buttons carrying the core’s action ids', () => {
    const msg = renderReply({
      visibility: 'public',
      body: ['An answer.'],
      suggestions: [{ topic: 'mql', title: 'MQL', actionId: 'ex:mql' }],
      controls: { feedback: { helpful: 'fb:9:up', notHelpful: 'fb:9:down' }, followUp: 'fu:9' },
      footer: ['A footer'],
    });
    expect(validateBlocks(msg.blocks)).toEqual([]);
    expect(msg.blocks.map((b) => b.block_id ?? b.type)).toEqual(['section', 'suggestions', 'controls', 'context']);
    const controls = (msg.blocks[2] as { elements: any[] }).elements;
    expect(controls.map((e) => [e.text.text, e.action_id, e.style])).toEqual([
      ['Helpful', 'fb:9:up', undefined],
      ['Not helpful', 'fb:9:down', undefined],
      ['Tell me when someone answers', 'fu:9', undefined],
    ]);
    const followUpOnly = renderReply({ visibility: 'public', body: ['No idea.'], controls: { followUp: 'fu:1' } });
    expect(followUpOnly.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'fu:1' }] });
  });
});

describe('forms → Slack modals', () => {
  const place: Place = { platform: 'slack', workspaceId: 'T1', channelId: 'C1', threadId: '17.5', isDirect: false };
  const form: Form = {
    actionId: 'ib:answer:42',
    title: 'Answer the question',
    submitLabel: 'Save answer',
    fields: [
      { id: 'answer', label: 'Team answer', long: true, maxLength: 2000, required: true, placeholder: 'What should people hear?' },
      { id: 'statement', label: 'Statement <@U1>', maxLength: 200, required: false, value: 'Fish & <chips>' },
    ],
  };

  it('renders a modal: callback_id is the action id, one input block per field, the place in private_metadata', () => {
    const view = renderModal(form, place);
    expect(validateView(view)).toEqual([]);
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: 'ib:answer:42',
      title: { type: 'plain_text', text: 'Answer the question' },
      submit: { type: 'plain_text', text: 'Save answer' },
    });
    expect(view.blocks).toEqual([
      {
        type: 'input',
        block_id: 'answer',
        label: { type: 'plain_text', text: 'Team answer', emoji: true },
        optional: false,
        element: {
          type: 'plain_text_input',
          action_id: 'answer',
          multiline: true,
          max_length: 2000,
          placeholder: { type: 'plain_text', text: 'What should people hear?', emoji: true },
        },
      },
      {
        type: 'input',
        block_id: 'statement',
        label: { type: 'plain_text', text: 'Statement &lt;@U1&gt;', emoji: true },
        optional: true,
        // The box's content is what the person edits and sends back: not escaped.
        element: { type: 'plain_text_input', action_id: 'statement', multiline: false, max_length: 200, initial_value: 'Fish & <chips>' },
      },
    ]);
    expect(placeOfView(view.private_metadata)).toEqual(place);
    expect(placeOfView(renderModal(form, { ...place, threadId: undefined, channelId: 'D1', isDirect: true }).private_metadata)).toEqual({
      platform: 'slack',
      workspaceId: 'T1',
      channelId: 'D1',
      isDirect: true,
    });
  });

  it('cuts to Slack limits: title and submit 24, max_length 3000 (the contract allows 4000), initial value within it', () => {
    const view = renderModal(
      {
        actionId: 'x',
        title: 'A very long title for a small modal',
        submitLabel: 'Submit this answer right now',
        fields: [{ id: 'a', label: 'A', long: true, maxLength: 4000, required: true, value: 'v'.repeat(3500) }],
      },
      place,
    );
    expect(validateView(view)).toEqual([]);
    expect(view.title.text).toHaveLength(24);
    expect(view.submit!.text).toHaveLength(24);
    const input = view.blocks[0] as { element: { max_length: number; initial_value: string } };
    expect(input.element.max_length).toBe(3000);
    expect(input.element.initial_value).toHaveLength(3000);
  });

  it('never renders a view Slack would refuse, for any form', () => {
    const str = fc.string({ maxLength: 120, unit: fc.constantFrom('a', ' ', '<', '>', '&', '\n', 'é', '*') });
    const field = fc.record({
      id: fc.stringMatching(/^[a-z_]{1,40}$/),
      label: str,
      long: fc.option(fc.boolean(), { nil: undefined }),
      maxLength: fc.integer({ min: 1, max: 4000 }),
      required: fc.boolean(),
      value: fc.option(fc.string({ maxLength: 4100 }), { nil: undefined }),
      placeholder: fc.option(str, { nil: undefined }),
    });
    const forms = fc.record({
      actionId: fc.string({ minLength: 1, maxLength: 100 }),
      title: str,
      submitLabel: str,
      fields: fc.uniqueArray(field, { minLength: 1, maxLength: 5, selector: (f) => f.id }),
    });
    fc.assert(
      fc.property(forms, (f) => {
        const view = renderModal(f, place);
        expect(validateView(view)).toEqual([]);
        for (const block of view.blocks as { element: { max_length: number; initial_value?: string } }[]) {
          expect([...(block.element.initial_value ?? '')].length).toBeLessThanOrEqual(block.element.max_length);
        }
      }),
      { numRuns: 200 },
    );
  });
});
