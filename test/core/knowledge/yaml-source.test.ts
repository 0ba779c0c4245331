import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainIssues } from '../../../src/core/knowledge/issues.js';
import { describeField } from '../../../src/core/knowledge/problems.js';
import { parseYaml } from '../../../src/core/knowledge/yaml-source.js';

const errors = (source: string) => {
  const parsed = parseYaml(source);
  return parsed.ok ? [] : parsed.errors;
};

describe('YAML syntax errors point at the line where the trouble starts', () => {
  it.each([
    ['a double quote never closed', 'id: a\ntitle: "Title\nanswer: x\nsales: y\n', 2, 8, 'the quote " opens here'],
    ['a single quote never closed', "id: a\ntitle: 'Title\nanswer: x\n", 2, 8, "the quote ' opens here"],
    ['a quote ending in an escaped quote', 'a: "x\\"\nb: 1\n', 1, 4, 'the quote " opens here'],
    ["a single quote ending in an escaped ''", "a: 'it''s'\nb: 'x''\nc: 1\n", 2, 4, "the quote ' opens here"],
    ['a list never closed', 'id: a\nrelated: [b, c\nanswer: x\n', 2, 10, 'the list [ opens here'],
    ['a group never closed, inside a list', 'examples:\n  - {text: "hi", kind: topic\n  - {text: "x"}\n', 2, 5, 'the group { opens here'],
    [
      'a quote never closed inside a group: the quote, not the group',
      'examples:\n  - {text: "hi, kind: topic}\n  - {text: "x"}\n',
      2,
      12,
      'the quote " opens here',
    ],
  ])('%s', (_, source, line, column, what) => {
    expect(errors(source)).toEqual([{ line, column, message: `not valid YAML: ${what} and is never closed` }]);
  });

  it('keeps an unrelated later error at its own line', () => {
    expect(errors('a: [b, c\nd: e\nf: g\n\th: i\n')).toEqual([
      { line: 1, column: 4, message: 'not valid YAML: the list [ opens here and is never closed' },
      { line: 4, column: 1, message: 'not valid YAML: Tabs are not allowed as indentation (indent with spaces, not tabs)' },
    ]);
  });

  it('accepts closed quotes with escapes', () => {
    expect(parseYaml("a: \"x\\\\\"\nb: 'it''s'\n")).toMatchObject({ ok: true, data: { a: 'x\\', b: "it's" } });
  });

  it('finds the line of a value, or of the entry when the field is missing', () => {
    const parsed = parseYaml('id: a\nquiz:\n  - type: x\n    answer: yes\n  - {type: y, b: 2}\nnote: >-\n  long\n');
    if (!parsed.ok) throw new Error('expected valid YAML');
    expect([['id'], ['quiz', 0, 'answer'], ['quiz', 1, 'b'], ['quiz', 1, 'missing'], ['note'], ['nope']].map(parsed.lineOf)).toEqual([
      1, 4, 5, 5, 6, 1,
    ]);
  });
});

describe('zod issues in plain English', () => {
  const messages = (schema: z.ZodType, value: unknown) => {
    const r = schema.safeParse(value, { reportInput: true });
    return r.success ? [] : plainIssues(r.error).map((i) => `${describeField(i.path) ?? '(value)'}: ${i.message}`);
  };

  it.each<[string, z.ZodType, unknown, string[]]>([
    [
      'text too long',
      z.strictObject({ name: z.string().max(3) }),
      { name: 'abcdef' },
      ['field `name`: is too long: at most 3 characters, found 6'],
    ],
    [
      'number below its minimum',
      z.strictObject({ alpha: z.number().min(0) }),
      { alpha: -1 },
      ['field `alpha`: must be at least 0, found the number -1'],
    ],
    [
      'whole object of the wrong type',
      z.strictObject({ a: z.string() }),
      [1],
      ['(value): must be a group of fields (`name: value` lines), found a list of 1 item'],
    ],
    [
      'one wrong type, no follow-up length complaint',
      z.array(z.array(z.string()).min(2)),
      ['b'],
      ['item 1: must be a list, found the text "b"'],
    ],
    [
      'a missing choice',
      z.strictObject({ verdict: z.enum(['sales', 'marketing']) }),
      {},
      ['field `verdict`: is missing (it must be sales or marketing)'],
    ],
    [
      'a missing discriminator',
      z.array(
        z.discriminatedUnion('type', [z.strictObject({ type: z.literal('choice') }), z.strictObject({ type: z.literal('truefalse') })]),
      ),
      [{}],
      ['item 1, field `type`: is missing (it must be choice or truefalse)'],
    ],
    [
      'a union without discriminator',
      z.strictObject({ v: z.union([z.string(), z.number()]) }),
      { v: true },
      ['field `v`: does not match any of the forms allowed here, found true'],
    ],
    [
      'a string format',
      z.strictObject({ mail: z.email() }),
      { mail: 'nope' },
      ['field `mail`: is not in the form this field needs (email), found the text "nope"'],
    ],
    [
      'two unknown fields, one problem each',
      z.strictObject({ a: z.string() }),
      { a: 'x', b: 1, c: 2 },
      ['field `b`: is not a known field (check its spelling)', 'field `c`: is not a known field (check its spelling)'],
    ],
  ])('%s', (_, schema, value, expected) => {
    expect(messages(schema, value)).toEqual(expected);
  });
});
