import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunks, deadlineText, renderReply } from '../../../src/adapters/slack/render.js';
import type { Reply } from '../../../src/contract/reply.js';
import { validateBlocks } from '../../fakes/slack/blocks.js';

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
