import { type APIEmbed, MessageFlags } from 'discord-api-types/v10';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, relativeTime, renderReply } from '../../../src/adapters/discord/render.js';
import { escapeMarkdown, spellCommand, truncate } from '../../../src/adapters/discord/text.js';
import type { Reply } from '../../../src/contract/reply.js';
import { checkMessageBody, FormErrors, isEmptyMessage } from '../../fakes/discord/limits.js';

const discordErrors = (body: object): string[] => {
  const errors = new FormErrors();
  checkMessageBody(body, errors);
  return errors.flat;
};

describe('escapeMarkdown', () => {
  it.each([
    ['@everyone and @here', '\\@everyone and \\@here'],
    ['<@123456789012345678> <@&1> <#2> <t:1:R>', '\\<\\@123456789012345678> \\<\\@&1> \\<#2> \\<t:1:R>'],
    ['**bold** _it_ ~~s~~ ||spoiler|| `code`', '\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\|\\|spoiler\\|\\| \\`code\\`'],
    ['# Heading\n> quote\n- item\n1. first\n-# small', '\\# Heading\n\\> quote\n\\- item\n\\1. first\n\\-# small'],
    ['[click](https://evil.example)', '\\[click\\](https:\\/\\/evil.example)'],
    ['back\\slash', 'back\\\\slash'],
    ['one-to-one, 4 Ps: price & place.', 'one-to-one, 4 Ps: price & place.'],
  ])('%j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});

describe('truncate', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('x'.repeat(50), 10);
    expect([...cut]).toHaveLength(10);
    expect(cut.endsWith('…')).toBe(true);
  });
  it('never leaves a dangling escape or an unclosed bold', () => {
    expect(truncate('abcdefgh\\*ij', 10)).toBe('abcdefgh…');
    const bold = truncate('**a long bold sentence that goes on**', 12);
    expect((bold.match(/\*\*/g) ?? []).length % 2).toBe(0);
  });
  it('counts code points, as Discord does', () => {
    expect([...truncate('🙂'.repeat(20), 5)]).toHaveLength(5);
  });
});

describe('spellCommand', () => {
  it('uses the first catalogue option as the argument name', () => {
    expect(spellCommand({ command: 'explain', args: 'funnel' })).toBe('/explain topic:funnel');
    expect(spellCommand({ command: 'quiz start' })).toBe('/quiz start');
    expect(spellCommand({ command: 'topics' })).toBe('/topics');
  });
});

describe('renderReply', () => {
  const answer: Reply = {
    visibility: 'public',
    title: 'The funnel',
    body: ['Marketing is ', { strong: 'the whole funnel' }, '; sales closes.'],
    comparison: { sales: 'The narrow end.', marketing: 'The wide top.' },
    suggestions: [{ topic: 'scope', title: 'Scope', actionId: 'ex:scope' }],
    footer: ['More: ', { cmd: { command: 'explain', args: 'funnel' } }],
  };

  it('an answer: an embed with the comparison as two inline fields and a suggestion button', () => {
    const m = renderReply(answer);
    expect(m.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(m.embeds[0]).toMatchObject({
      title: 'The funnel',
      description: 'Marketing is **the whole funnel**; sales closes.',
      fields: [
        { name: 'Sales', value: 'The narrow end.', inline: true },
        { name: 'Marketing', value: 'The wide top.', inline: true },
      ],
      footer: { text: 'More: /explain topic:funnel' },
    });
    expect(m.components).toEqual([{ type: 1, components: [{ type: 2, style: 2, label: 'Scope', custom_id: 'ex:scope' }] }]);
    expect(m.flags).toBeUndefined();
  });

  it('private replies to interactions are ephemeral', () => {
    expect(renderReply({ visibility: 'private', body: ['hi'] }, { ephemeral: true }).flags).toBe(MessageFlags.Ephemeral);
  });

  it('a plain note is message content, with the footer as subtext and commands in code', () => {
    const m = renderReply({
      visibility: 'private',
      body: ['No round here.'],
      footer: ['Start one with ', { cmd: { command: 'quiz start' } }],
    });
    expect(m.embeds).toEqual([]);
    expect(m.content).toBe('No round here.\n-# Start one with `/quiz start`');
  });

  it('a deadline becomes a Discord relative timestamp', () => {
    const deadline = Date.UTC(2026, 0, 5, 9, 0, 20);
    const m = renderReply({ visibility: 'public', title: 'Question 1 of 3', body: ['Which?'], deadline });
    expect(m.embeds[0]?.description).toContain(`<t:${deadline / 1000}:R>`);
    expect(relativeTime(deadline + 999)).toBe(`<t:${deadline / 1000}:R>`);
  });

  it('user text in titles, bodies and fields cannot ping or format', () => {
    const m = renderReply({ visibility: 'public', title: '@everyone', body: ['<@&42> **x**'], fields: [{ name: '@here', value: '<@1>' }] });
    const e = m.embeds[0]!;
    expect(e.title).toBe('\\@everyone');
    expect(e.description).toBe('\\<\\@&42> \\*\\*x\\*\\*');
    expect(e.fields?.[0]).toMatchObject({ name: '\\@here', value: '\\<\\@1>' });
  });

  it('a narrow table is a code block; a wide one becomes fields', () => {
    const narrow = renderReply({
      visibility: 'public',
      title: 'Standings',
      body: [],
      table: { columns: ['Place', 'Name', 'Points'], rows: [['1st', 'Ann `x`', '30']] },
    });
    expect(narrow.embeds[0]?.description).toMatch(/^```\nPlace +Name +Points\n─+ +─+ +─+\n1st +Ann ˋxˋ +30\n```$/);
    const wide = renderReply({
      visibility: 'public',
      title: 'Topics',
      body: [],
      table: { columns: ['Topic', 'Id'], rows: [['x'.repeat(70), 'funnel']] },
    });
    expect(wide.embeds[0]?.fields?.[0]).toMatchObject({ name: 'x'.repeat(70), value: 'Id: funnel' });
  });

  it('a wide table too long for one embed keeps every row: the longest cells are cut, not the last rows', () => {
    // A full trainers' inbox: 25 items, long questions, each with why it is listed.
    const why = 'not helpful: answered as The funnel (where sales and marketing sit); meant What sales is';
    const rows = Array.from({ length: 25 }, (_, i) => [
      String(i + 1),
      `question ${i + 1} ${'about the funnel '.repeat(17)}`,
      '3',
      '2026-01-05',
      why,
    ]);
    const m = renderReply({
      visibility: 'private',
      title: "Questions I couldn't answer",
      body: ['Most frequent first. Kept 30 days, without who asked.'],
      table: { columns: ['#', 'Question', 'Times', 'Last asked', 'Why'], rows },
      footer: ['Act on one by its number.'],
    });
    expect(discordErrors(m)).toEqual([]);
    const fields = m.embeds[0]!.fields!;
    expect(fields.map((f) => f.name)).toEqual(rows.map((r) => r[0]));
    for (const [i, f] of fields.entries()) {
      expect(f.value).toMatch(new RegExp(`^Question: question ${i + 1} about the funnel .*… · Times: 3 · Last asked: 2026-01-05 · Why: `));
      expect(f.value.endsWith(`Why: ${why}`)).toBe(true);
    }
    // As much of each question as fits: the embed is nearly full.
    const size = (e: APIEmbed) =>
      [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])].join('').length;
    expect(size(m.embeds[0]!)).toBeGreaterThan(LIMITS.embedTotal - 25 * 2);
    expect(size(m.embeds[0]!)).toBeLessThanOrEqual(LIMITS.embedTotal);

    // A table that fits is not cut at all.
    const three = rows.slice(0, 3).map(([n, question]) => [n!, question!, why]);
    const few = renderReply({ visibility: 'private', title: 'Inbox', body: [], table: { columns: ['#', 'Question', 'Why'], rows: three } });
    expect(few.embeds[0]!.fields!.map((f) => f.value)).toEqual(three.map(([, question]) => `Question: ${question} · Why: ${why}`));
  });

  it('buttons: at most 5 rows of 5, labels cut to 80, over-long ids dropped and reported, duplicates dropped', () => {
    const dropped: string[] = [];
    const row = (r: number) => Array.from({ length: 7 }, (_, i) => ({ actionId: `qz:${r}:${i}`, label: `L${i}` }));
    const m = renderReply(
      {
        visibility: 'public',
        body: ['Pick'],
        buttons: [
          [
            { actionId: 'x'.repeat(101), label: 'too long id' },
            { actionId: 'ok', label: 'y'.repeat(100) },
            { actionId: 'ok', label: 'dup' },
          ],
          ...Array.from({ length: 6 }, (_, r) => row(r)),
        ],
      },
      { onDrop: (w) => dropped.push(w) },
    );
    expect(m.components).toHaveLength(5);
    expect(m.components.every((r) => r.components.length <= 5)).toBe(true);
    expect(m.components[0]?.components).toHaveLength(1);
    expect([...((m.components[0]!.components[0] as { label?: string }).label ?? '')]).toHaveLength(80);
    expect(dropped.some((d) => d.includes('longer than 100'))).toBe(true);
    expect(discordErrors(m)).toEqual([]);
  });

  it('huge content stays within every embed limit', () => {
    const big = 'word '.repeat(3000);
    const m = renderReply({
      visibility: 'public',
      title: 't'.repeat(300),
      body: [big],
      comparison: { sales: big, marketing: big },
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `n${i}`.repeat(100), value: big })),
      footer: [big],
    });
    expect(discordErrors(m)).toEqual([]);
    expect(m.embeds[0]?.fields?.length).toBeLessThanOrEqual(LIMITS.fields);
    const plainBig = renderReply({ visibility: 'public', body: [big] });
    expect([...plainBig.content]).toHaveLength(2000);
  });

  it('property: any reply renders to a body Discord accepts', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 3000 });
    const rich = fc.array(
      fc.oneof(
        text,
        text.map((s) => ({ strong: s })),
        fc.constantFrom({ cmd: { command: 'explain', args: 'funnel' } }),
      ),
      { maxLength: 4 },
    );
    const button = fc.record({
      actionId: fc.string({ minLength: 1, maxLength: 120 }),
      label: fc.string({ maxLength: 120 }),
      style: fc.constantFrom('primary', 'secondary', 'success', 'danger') as fc.Arbitrary<'primary'>,
    });
    const reply: fc.Arbitrary<Reply> = fc.record(
      {
        visibility: fc.constantFrom('public', 'private') as fc.Arbitrary<'public'>,
        title: text,
        body: rich,
        comparison: fc.record({ sales: text, marketing: text }),
        fields: fc.array(fc.record({ name: text, value: text }), { maxLength: 30 }),
        table: fc.record({
          columns: fc.array(text, { minLength: 1, maxLength: 4 }),
          rows: fc.array(fc.array(text, { maxLength: 4 }), { maxLength: 30 }),
        }),
        suggestions: fc.array(fc.record({ topic: text, title: text, actionId: fc.string({ minLength: 1, maxLength: 110 }) }), {
          maxLength: 4,
        }),
        buttons: fc.array(fc.array(button, { maxLength: 7 }), { maxLength: 7 }),
        footer: rich,
        deadline: fc.integer({ min: 0, max: 4_000_000_000_000 }),
      },
      { requiredKeys: ['visibility', 'body'] },
    );
    fc.assert(
      fc.property(reply, (r) => {
        const m = renderReply(r);
        expect(discordErrors(m)).toEqual([]);
        expect(isEmptyMessage(m)).toBe(false);
        expect(m.allowed_mentions.parse).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
