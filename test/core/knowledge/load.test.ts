import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeError, type KnowledgeProblem, loadKnowledge } from '../../../src/core/knowledge/load.js';

// Line numbers below count from this template's first line (empty): `id` is on line 2.
const VALID_TOPIC = (id: string, related: string[] = []) => `
id: ${id}
title: Title of ${id}
answer: A short answer that is long enough to pass the schema's minimum.
sales: The sales side of it.
marketing: The marketing side of it.
related: [${related.join(', ')}]
examples: [one q, two q, three q, four q, five q, six q, seven q, eight q]
quiz:
  - type: truefalse
    statement: Sales is marketing.
    answer: false
    misconception: Mixes them up
    explanation: They differ.
  - type: truefalse
    statement: Marketing is broader.
    answer: true
    misconception: Thinks sales is broader
    explanation: Marketing has the 4 Ps.
  - type: truefalse
    statement: Sales closes deals.
    answer: true
    misconception: Thinks marketing closes
    explanation: Sales completes the transaction.
  - type: choice
    question: Which is one-way?
    options:
      - { text: Marketing, correct: true }
      - { text: Sales, misconception: Thinks sales is one-way }
      - { text: Neither, misconception: Misses the distinction }
    explanation: Marketing speaks to many at once.
`;
const ACTIVITIES = `activities:
  - activity: cold calling a lead
    verdict: sales
    topic: a
    reason: One-to-one contact aimed at a deal.
`;
const SIDES = 'sides:\n  sales: {names: [sales], topic: a}\n  marketing: {names: [marketing], topic: b}\ndoubt: Ask who it is aimed at.\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kb-'));
  await mkdir(path.join(dir, 'topics'), { recursive: true });
  await writeFile(path.join(dir, 'topics', 'a.yaml'), VALID_TOPIC('a', ['b']));
  await writeFile(path.join(dir, 'topics', 'b.yaml'), VALID_TOPIC('b', ['a']));
  await writeFile(path.join(dir, 'activities.yaml'), ACTIVITIES);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function problems(): Promise<KnowledgeProblem[]> {
  try {
    await loadKnowledge(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(KnowledgeError);
    return (err as KnowledgeError).problems;
  }
  throw new Error('expected the knowledge base to be rejected');
}

/** Edits a fixture file; fails when the edit changes nothing (so a row cannot pass by not breaking anything). */
async function edit(file: string, change: (s: string) => string) {
  const p = path.join(dir, file);
  const before = await readFile(p, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  await writeFile(p, after);
}

const put = (file: string, text: string) => writeFile(path.join(dir, file), text);

/** One malformed file per row, and the one problem it must produce, exactly. */
const MALFORMED: { kind: string; break: () => Promise<unknown>; expected: Omit<KnowledgeProblem, 'file'> & { file: string } }[] = [
  {
    kind: 'wrong type (text for true/false)',
    break: () =>
      edit('topics/a.yaml', (s) =>
        s.replace('answer: true\n    misconception: Thinks sales', 'answer: yes\n    misconception: Thinks sales'),
      ),
    expected: {
      file: 'topics/a.yaml',
      line: 17,
      entry: 'topic "a"',
      field: 'quiz item 2, field `answer`',
      message: 'must be true or false, found the text "yes"',
    },
  },
  {
    kind: 'wrong type (a number for a list)',
    break: () => edit('topics/a.yaml', (s) => s.replace('related: [b]', 'related: 5')),
    expected: {
      file: 'topics/a.yaml',
      line: 7,
      entry: 'topic "a"',
      field: 'field `related`',
      message: 'must be a list, found the number 5',
    },
  },
  {
    kind: 'empty value',
    break: () => edit('topics/a.yaml', (s) => s.replace('title: Title of a', 'title:')),
    expected: { file: 'topics/a.yaml', line: 3, entry: 'topic "a"', field: 'field `title`', message: 'must be text, found an empty value' },
  },
  {
    kind: 'missing field',
    break: () => edit('topics/a.yaml', (s) => s.replace(/^title:.*\n/m, '')),
    expected: { file: 'topics/a.yaml', line: 2, entry: 'topic "a"', field: 'field `title`', message: 'is missing (it must be text)' },
  },
  {
    kind: 'text too short',
    break: () => edit('topics/a.yaml', (s) => s.replace(/^answer:.*$/m, 'answer: Too short.')),
    expected: {
      file: 'topics/a.yaml',
      line: 4,
      entry: 'topic "a"',
      field: 'field `answer`',
      message: 'is too short: at least 20 characters, found 10',
    },
  },
  {
    kind: 'too few list items',
    break: () => edit('topics/a.yaml', (s) => s.replace(/^examples:.*$/m, 'examples: [one q, two q]')),
    expected: {
      file: 'topics/a.yaml',
      line: 8,
      entry: 'topic "a"',
      field: 'field `examples`',
      message: 'needs at least 8 examples, found 2',
    },
  },
  {
    kind: 'too many list items',
    break: () =>
      edit('topics/a.yaml', (s) =>
        s.replace(
          '    explanation: Marketing speaks',
          '      - { text: Both, misconception: x }\n      - { text: All, misconception: y }\n    explanation: Marketing speaks',
        ),
      ),
    expected: {
      file: 'topics/a.yaml',
      line: 27,
      entry: 'topic "a"',
      field: 'quiz item 4, field `options`',
      message: 'allows at most 4 options, found 5',
    },
  },
  {
    kind: 'not one of the allowed values',
    break: () => edit('activities.yaml', (s) => s.replace('verdict: sales', 'verdict: maybe')),
    expected: {
      file: 'activities.yaml',
      line: 3,
      entry: 'activity 1 "cold calling a lead"',
      field: 'field `verdict`',
      message: 'must be sales, marketing or both, found the text "maybe"',
    },
  },
  {
    kind: 'unknown quiz item type',
    break: () =>
      edit('topics/b.yaml', (s) => s.replace('  - type: truefalse\n    statement: Sales is', '  - type: yesno\n    statement: Sales is')),
    expected: {
      file: 'topics/b.yaml',
      line: 10,
      entry: 'topic "b"',
      field: 'quiz item 1, field `type`',
      message: 'must be choice or truefalse, found the text "yesno"',
    },
  },
  {
    kind: 'unknown field (a typo)',
    break: () => edit('topics/a.yaml', (s) => s.replace('title: Title of a', 'title: Title of a\nkeywrds: [x]')),
    expected: {
      file: 'topics/a.yaml',
      line: 4,
      entry: 'topic "a"',
      field: 'field `keywrds`',
      message: 'is not a known field (check its spelling)',
    },
  },
  {
    kind: 'refinement: not exactly one correct option',
    break: () =>
      edit('topics/b.yaml', (s) => s.replace('{ text: Sales, misconception: Thinks sales is one-way }', '{ text: Sales, correct: true }')),
    expected: {
      file: 'topics/b.yaml',
      line: 27,
      entry: 'topic "b"',
      field: 'quiz item 4, field `options`',
      message: 'needs exactly one option with "correct: true", found 2',
    },
  },
  {
    kind: 'refinement: a wrong option without its misconception',
    break: () => edit('topics/b.yaml', (s) => s.replace('{ text: Neither, misconception: Misses the distinction }', '{ text: Neither }')),
    expected: {
      file: 'topics/b.yaml',
      line: 30,
      entry: 'topic "b"',
      field: 'quiz item 4, option 3, field `misconception`',
      message: 'is missing: a wrong option names the misconception it reveals',
    },
  },
  {
    kind: 'refinement: an id that is not lower-case words with hyphens',
    break: () => edit('topics/b.yaml', (s) => s.replace('id: b', 'id: Bee Topic')),
    expected: {
      file: 'topics/b.yaml',
      line: 2,
      entry: 'topic "Bee Topic"',
      field: 'field `id`',
      message: 'must be lower-case words joined by hyphens, like "pricing-basics", found "Bee Topic"',
    },
  },
  {
    kind: 'unknown topic id in a list',
    break: () => edit('topics/a.yaml', (s) => s.replace('related: [b]', 'related: [b, nope]')),
    expected: { file: 'topics/a.yaml', line: 7, entry: 'topic "a"', field: 'related topic 2', message: 'unknown topic id "nope"' },
  },
  {
    kind: 'labelled example without its topic',
    break: async () => {
      await mkdir(path.join(dir, 'examples'));
      await put('examples/ana.yaml', 'examples:\n  - {text: "what is b", kind: topic, topic: b}\n  - {text: "what is it", kind: topic}\n');
    },
    expected: {
      file: 'examples/ana.yaml',
      line: 3,
      entry: 'example 2 "what is it"',
      field: 'field `topic`',
      message: 'is missing: a topic example names the topic that answers it',
    },
  },
  {
    kind: 'other department with too few examples',
    break: () =>
      put(
        'functions.yaml',
        'functions:\n  - id: hr\n    name: HR\n    reason: Hires and looks after staff.\n    examples: [hiring, payroll]\n',
      ),
    expected: {
      file: 'functions.yaml',
      line: 5,
      entry: 'function 1 "hr"',
      field: 'field `examples`',
      message: 'needs at least 3 examples, found 2',
    },
  },
  {
    kind: 'side with an unknown topic',
    break: () => put('distinctions.yaml', SIDES.replace('topic: b', 'topic: zzz')),
    expected: { file: 'distinctions.yaml', line: 3, entry: 'side "marketing"', field: 'field `topic`', message: 'unknown topic id "zzz"' },
  },
  {
    kind: 'distinction with an unknown field',
    break: () =>
      put(
        'distinctions.yaml',
        `${SIDES}distinctions:\n  - {id: one-to-one, side: sales, reason: One buyer at a time., cues: [one buyer], colour: red}\n`,
      ),
    expected: {
      file: 'distinctions.yaml',
      line: 6,
      entry: 'distinction 1 "one-to-one"',
      field: 'field `colour`',
      message: 'is not a known field (check its spelling)',
    },
  },
  {
    kind: 'out-of-scope message too short',
    break: () => put('out-of-scope.yaml', 'examples:\n  - what is the wifi password\n  - x\n'),
    expected: { file: 'out-of-scope.yaml', line: 3, entry: 'message 2 "x"', message: 'is too short: at least 2 characters, found 1' },
  },
  {
    kind: 'vocabulary group of one word',
    break: () => put('vocabulary.yaml', 'synonyms:\n  - [marketing, mktg]\n  - [sales]\n'),
    expected: { file: 'vocabulary.yaml', line: 3, entry: 'synonym group 2 "sales"', message: 'needs at least 2 items, found 1' },
  },
  {
    kind: 'number above its maximum',
    break: () => put('calibration.yaml', 'alpha: 2\n'),
    expected: { file: 'calibration.yaml', line: 1, field: 'field `alpha`', message: 'must be at most 1, found the number 2' },
  },
  {
    kind: 'YAML: an unclosed quote, at the line where it opens',
    break: () => edit('topics/a.yaml', (s) => s.replace('title: Title of a', 'title: "Title of a')),
    expected: { file: 'topics/a.yaml', line: 3, column: 8, message: 'not valid YAML: the quote " opens here and is never closed' },
  },
  {
    kind: 'YAML: an unclosed list, at the line where it opens',
    break: () => edit('activities.yaml', (s) => `${s}    aliases: [cold calls, ringing leads\n  - activity: demoing\n`),
    expected: { file: 'activities.yaml', line: 6, column: 14, message: 'not valid YAML: the list [ opens here and is never closed' },
  },
  {
    kind: 'YAML: a field written twice',
    break: () => edit('topics/a.yaml', (s) => s.replace('title: Title of a', 'title: Title of a\ntitle: Again')),
    expected: {
      file: 'topics/a.yaml',
      line: 4,
      column: 1,
      message: 'not valid YAML: Map keys must be unique (the same field is written twice here; keep one)',
    },
  },
];

describe('loadKnowledge', () => {
  it('loads a valid knowledge base', async () => {
    const kb = await loadKnowledge(dir);
    expect(kb.topics.map((t) => t.id)).toEqual(['a', 'b']);
    expect(kb.byId.get('a')?.related).toEqual(['b']);
    expect(kb.activities[0]).toMatchObject({ activity: 'cold calling a lead', verdict: 'sales', source: 'article' });
  });

  it.each(MALFORMED)('reports $kind in plain English with its file, line, entry and field', async (row) => {
    await row.break();
    expect(await problems()).toEqual([{ ...row.expected, file: path.join(dir, row.expected.file) }]);
  });

  it('lists every problem at once, across files', async () => {
    await edit('topics/a.yaml', (s) => s.replace(/^title:.*\n/m, '').replace('examples: [one q, two q,', 'examples: ['));
    await edit('topics/b.yaml', (s) => s.replace(/^answer:.*$/m, 'answer: short'));
    const found = await problems();
    expect(found.map((p) => `${path.basename(p.file)} ${p.field}`).sort()).toEqual([
      'a.yaml field `examples`',
      'a.yaml field `title`',
      'b.yaml field `answer`',
    ]);
  });

  it('reports every broken activity, not only the first, and unknown activity topics', async () => {
    await put(
      'activities.yaml',
      `${ACTIVITIES}  - activity: writing a jingle\n    verdict: maybe\n    topic: a\n    reason: Mass promotion of the brand.\n  - activity: demoing\n    verdict: sales\n    topic: zzz\n    reason: A live one-to-one demo.\n`,
    );
    const file = path.join(dir, 'activities.yaml');
    expect(await problems()).toEqual([
      {
        file,
        line: 7,
        entry: 'activity 2 "writing a jingle"',
        field: 'field `verdict`',
        message: 'must be sales, marketing or both, found the text "maybe"',
      },
      { file, line: 12, entry: 'activity 3 "demoing"', field: 'field `topic`', message: 'unknown topic id "zzz"' },
    ]);
  });

  it('rejects a second topic with the same id, naming the first file', async () => {
    await put('topics/c.yaml', VALID_TOPIC('a'));
    const found = await problems();
    expect(found).toContainEqual({
      file: path.join(dir, 'topics', 'c.yaml'),
      line: 2,
      entry: 'topic "a"',
      field: 'field `id`',
      message: `is already the id of ${path.join(dir, 'topics', 'a.yaml')}`,
    });
  });

  it('asks for the file to be renamed when id and file name differ', async () => {
    await edit('topics/b.yaml', (s) => s.replace('id: b', 'id: bee').replace('related: [a]', 'related: []'));
    await edit('topics/a.yaml', (s) => s.replace('related: [b]', 'related: []'));
    const [p] = await problems();
    expect(p).toMatchObject({
      entry: 'topic "bee"',
      field: 'field `id`',
      message: 'does not match the file name; rename the file to bee.yaml',
    });
  });

  it('does not cascade: a broken topic file still counts as a known id for the others', async () => {
    await edit('topics/b.yaml', (s) => s.replace('id: b', 'id: Bee'));
    const found = await problems();
    expect(found.map((p) => p.message)).toEqual(['must be lower-case words joined by hyphens, like "pricing-basics", found "Bee"']);
  });

  it('names the second of two functions with one id, and the first', async () => {
    const fn = (name: string) =>
      `  - {id: hr, name: ${name}, reason: Hires and looks after staff., examples: [hiring staff, running payroll, leave]}\n`;
    await put('functions.yaml', `functions:\n${fn('HR')}${fn('People team')}`);
    expect(await problems()).toContainEqual({
      file: path.join(dir, 'functions.yaml'),
      line: 3,
      entry: 'function 2 "hr"',
      field: 'field `id`',
      message: 'is already the id of function 1 "hr"',
    });
  });

  it('formats problems into one readable message', async () => {
    await edit('topics/a.yaml', (s) =>
      s.replace('answer: true\n    misconception: Thinks sales', 'answer: yes\n    misconception: Thinks sales'),
    );
    await expect(loadKnowledge(dir)).rejects.toThrow(
      `The knowledge base has 1 problem:\n  - ${path.join(dir, 'topics', 'a.yaml')}, line 17, topic "a", quiz item 2, field \`answer\`: must be true or false, found the text "yes"`,
    );
  });

  it('loads a folder without any of the optional files, as knowledge folders did before them', async () => {
    const kb = await loadKnowledge(dir);
    expect(kb).toMatchObject({ examples: [], outOfScope: [], functions: [], synonyms: [], calibration: {} });
    expect(kb.distinctions.list).toEqual([]);
  });
});

describe('names the bot looks up (activity names, aliases, other departments’ examples)', () => {
  const activity = (name: string, verdict: string, aliases: string[] = []) =>
    `  - activity: ${name}\n    verdict: ${verdict}\n    topic: a\n    reason: A reason long enough.\n    aliases: [${aliases.join(', ')}]\n`;

  it('rejects an alias two activities share, spelled differently, naming both entries and the earlier line', async () => {
    await put(
      'activities.yaml',
      `activities:\n${activity('cold calling a lead', 'sales', ['cold calls'])}${activity('phoning lists', 'marketing', ['Cold-Calls!'])}`,
    );
    const file = path.join(dir, 'activities.yaml');
    expect(await problems()).toEqual([
      {
        file,
        line: 11,
        entry: 'activity 2 "phoning lists"',
        field: 'alias 1',
        message:
          '"Cold-Calls!" reads the same to the bot as "cold calls" (line 6, activity 1 "cold calling a lead", alias 1): ' +
          'the bot answers sales (that entry), never marketing (this one). Give each name to one entry only. ' +
          'The bot compares names by their word stems and leaves out words that name a side, such as "sales" or "marketing".',
      },
    ]);
  });

  it('rejects an activity listed twice under the same name', async () => {
    await put('activities.yaml', `activities:\n${activity('cold calling a lead', 'sales')}${activity('Cold calling a lead', 'sales')}`);
    expect(await problems()).toEqual([
      {
        file: path.join(dir, 'activities.yaml'),
        line: 7,
        entry: 'activity 2 "Cold calling a lead"',
        field: 'field `activity`',
        message:
          '"Cold calling a lead" is also "cold calling a lead" (line 2, activity 1 "cold calling a lead", field `activity`): ' +
          'the bot answers with that entry (sales), never with this one. Give each name to one entry only.',
      },
    ]);
  });

  it('reads names as the matcher does: side words left out, word stems, vocabulary applied', async () => {
    await put('distinctions.yaml', SIDES);
    await put('vocabulary.yaml', 'synonyms:\n  - [outbound, outbnd]\n');
    await put(
      'activities.yaml',
      `activities:\n${activity('outbound prospecting', 'sales', ['outbound sales'])}${activity('outbound campaigns', 'marketing', ['outbnd marketing'])}`,
    );
    const [p] = await problems();
    expect(p).toMatchObject({ entry: 'activity 2 "outbound campaigns"', field: 'alias 1' });
    expect(p?.message).toMatch(/^"outbnd marketing" reads the same to the bot as "outbound sales"/);
  });

  it('rejects an activity name that is also another department’s example, naming the other file', async () => {
    await put(
      'functions.yaml',
      'functions:\n  - {id: hr, name: HR, reason: Hires and looks after staff., examples: [hiring staff, running payroll, cold calling a lead]}\n',
    );
    const [p] = await problems();
    expect(p).toMatchObject({ file: path.join(dir, 'functions.yaml'), line: 2, entry: 'function 1 "hr"', field: 'example 3' });
    expect(p?.message).toBe(
      `"cold calling a lead" is also "cold calling a lead" (${path.join(dir, 'activities.yaml')}, line 2, activity 1 "cold calling a lead", field \`activity\`): ` +
        "the bot answers sales (that entry), never HR's work (this one). Give each name to one entry only.",
    );
  });

  it('accepts a name repeated inside one entry, and names that differ in a content word', async () => {
    await put('distinctions.yaml', SIDES);
    await put(
      'activities.yaml',
      `activities:\n${activity('cold calling a lead', 'sales', ['cold calls', 'Cold calls', 'sales calls'])}${activity('running ads', 'marketing', ['marketing ads', 'ad calls'])}`,
    );
    await expect(loadKnowledge(dir)).resolves.toMatchObject({ activities: [{}, {}] });
  });
});
