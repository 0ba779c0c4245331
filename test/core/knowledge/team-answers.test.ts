import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem, KnowledgeError, loadKnowledge } from '../../../src/core/knowledge/load.js';

/** `team-answers.yaml` on a copy of the shipped knowledge folder. */
let dir: string;
let baseline: Awaited<ReturnType<typeof loadKnowledge>>;
const file = () => path.join(dir, 'team-answers.yaml');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'kb-team-'));
  await cp('knowledge', dir, { recursive: true });
  baseline = await loadKnowledge(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));
beforeEach(() => rm(file(), { force: true }));

const VALID = `# Written by hand
answers:
  - id: team-3
    title: Expense claims
    answer: Finance handles them; use the expenses form on the intranet.
    author: Ana
    created: 2026-12-06
    examples:
      - how do i claim expenses
      - where is the expenses form
  - id: parking
    title: Parking
    answer: |-
      Ask reception for a permit.
      They are free.
    author: Bo
    created: 2026-12-07T09:15:00Z
`;

async function problems(text: string): Promise<string[]> {
  await writeFile(file(), text);
  try {
    await loadKnowledge(dir);
  } catch (err) {
    if (err instanceof KnowledgeError) return err.problems.map(formatProblem);
    throw err;
  }
  return [];
}

describe('team-answers.yaml', () => {
  it('is optional: the shipped folder has none and stays valid', async () => {
    await expect(readFile(path.join('knowledge', 'team-answers.yaml'))).rejects.toThrow();
    expect(baseline.topics.every((t) => t.team === undefined)).toBe(true);
  });

  it('turns each entry into a topic marked as a team answer, after the topic files', async () => {
    await writeFile(file(), VALID);
    const kb = await loadKnowledge(dir);
    expect(kb.topics.slice(0, baseline.topics.length)).toEqual(baseline.topics);
    expect(kb.topics.slice(baseline.topics.length)).toEqual([
      {
        id: 'team-3',
        title: 'Expense claims',
        answer: 'Finance handles them; use the expenses form on the intranet.',
        sales: '',
        marketing: '',
        related: [],
        keywords: [],
        examples: ['how do i claim expenses', 'where is the expenses form'],
        quiz: [],
        team: { author: 'Ana', createdAt: Date.UTC(2026, 11, 6) },
      },
      expect.objectContaining({
        id: 'parking',
        answer: 'Ask reception for a permit.\nThey are free.',
        examples: [],
        team: { author: 'Bo', createdAt: Date.UTC(2026, 11, 7, 9, 15) },
      }),
    ]);
    expect(kb.byId.get('team-3')?.team?.author).toBe('Ana');
  });

  it('is a known topic id for labelled examples and related lists', async () => {
    await writeFile(file(), VALID);
    const examples = path.join(dir, 'examples', 'team-test.yaml');
    await writeFile(examples, 'examples:\n  - text: can i claim my train ticket\n    kind: topic\n    topic: team-3\n');
    try {
      const kb = await loadKnowledge(dir);
      expect(kb.examples.find((e) => e.writer === 'team-test')?.topic).toBe('team-3');
    } finally {
      await rm(examples);
    }
  });

  it('accepts an empty list', async () => {
    expect(await problems('answers: []\n')).toEqual([]);
  });

  // DIR stands for the temporary folder, known only once the tests run.
  const at = (line: number, entry: string, rest: string) => `DIR/team-answers.yaml, line ${line}, ${entry}, ${rest}`;
  it.each([
    [
      'a missing field',
      (s: string) => s.replace('    author: Ana\n', ''),
      [at(3, 'team answer 1 "team-3"', 'field `author`: is missing (it must be text)')],
    ],
    [
      'an unknown field',
      (s: string) => s.replace('    author: Ana\n', '    autor: Ana\n'),
      [
        at(3, 'team answer 1 "team-3"', 'field `author`: is missing (it must be text)'),
        at(6, 'team answer 1 "team-3"', 'field `autor`: is not a known field (check its spelling)'),
      ],
    ],
    [
      'an id that is not lower-case words',
      (s: string) => s.replace('id: parking', 'id: Parking Spots'),
      [
        at(
          11,
          'team answer 2 "Parking Spots"',
          'field `id`: must be lower-case words joined by hyphens, like "team-12", found "Parking Spots"',
        ),
      ],
    ],
    [
      'an id used twice',
      (s: string) => s.replace('id: parking', 'id: team-3'),
      [at(11, 'team answer 2 "team-3"', 'field `id`: is already the id of team answer 1 "team-3"')],
    ],
    [
      'an id of a topic file',
      (s: string) => s.replace('id: parking', 'id: funnel'),
      [at(11, 'team answer 2 "funnel"', `field \`id\`: is already the id of DIR/topics/funnel.yaml; give the team answer another id`)],
    ],
    [
      'a date that is not a date',
      (s: string) => s.replace('created: 2026-12-06', 'created: 6 Dec 2026'),
      [
        at(
          7,
          'team answer 1 "team-3"',
          'field `created`: must be a date like "2026-12-06" or a date and time like "2026-12-06T14:30:00Z", found "6 Dec 2026"',
        ),
      ],
    ],
    [
      'an impossible date',
      (s: string) => s.replace('created: 2026-12-06', 'created: 2026-02-30'),
      [
        at(
          7,
          'team answer 1 "team-3"',
          'field `created`: must be a date like "2026-12-06" or a date and time like "2026-12-06T14:30:00Z", found "2026-02-30"',
        ),
      ],
    ],
    [
      'an empty answer',
      (s: string) => s.replace(/ {4}answer: Finance.*\n/, '    answer: ""\n'),
      [at(5, 'team answer 1 "team-3"', 'field `answer`: must not be empty')],
    ],
    [
      'a too short example',
      (s: string) => s.replace('- where is the expenses form', '- ok'),
      [at(10, 'team answer 1 "team-3"', 'example 2: is too short: at least 3 characters, found 2')],
    ],
    [
      'a list in place of the entries',
      () => 'answers: {id: x}\n',
      [`DIR/team-answers.yaml, line 1, field \`answers\`: must be a list, found a group of fields`],
    ],
    [
      'an unknown top-level field',
      (s: string) => `${s}extra: 1\n`,
      [`DIR/team-answers.yaml, line 18, field \`extra\`: is not a known field (check its spelling)`],
    ],
    [
      'a YAML syntax error',
      (s: string) => s.replace('title: Parking', 'title: "Parking'),
      [`DIR/team-answers.yaml, line 12, column 12: not valid YAML: the quote " opens here and is never closed`],
    ],
  ])('reports %s in plain English, at its line and entry', async (_name, breakIt, expected) => {
    expect(await problems(breakIt(VALID))).toEqual(expected.map((p) => p.replaceAll('DIR', dir)));
  });
});
