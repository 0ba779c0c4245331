import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeError, type KnowledgeProblem, loadKnowledge } from '../../../src/core/knowledge/load.js';

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
const ACTIVITIES = `
activities:
  - activity: cold calling a lead
    verdict: sales
    topic: a
    reason: One-to-one contact aimed at a deal.
`;

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

async function edit(file: string, change: (s: string) => string) {
  const p = path.join(dir, file);
  await writeFile(p, change(await readFile(p, 'utf8')));
}

describe('loadKnowledge', () => {
  it('loads a valid knowledge base', async () => {
    const kb = await loadKnowledge(dir);
    expect(kb.topics.map((t) => t.id)).toEqual(['a', 'b']);
    expect(kb.byId.get('a')?.related).toEqual(['b']);
    expect(kb.activities[0]).toMatchObject({ activity: 'cold calling a lead', verdict: 'sales', source: 'article' });
  });

  it('names the file, entry and field of a missing field', async () => {
    await edit('topics/a.yaml', (s) => s.replace(/^title:.*$/m, ''));
    const [p] = await problems();
    expect(p).toMatchObject({ file: path.join(dir, 'topics', 'a.yaml'), entry: 'a', field: 'title', message: 'is missing' });
  });

  it('lists every problem at once, across files', async () => {
    await edit('topics/a.yaml', (s) => s.replace(/^title:.*$/m, '').replace('examples: [one q, two q,', 'examples: ['));
    await edit('topics/b.yaml', (s) => s.replace(/^answer:.*$/m, 'answer: short'));
    const found = await problems();
    expect(found.map((p) => `${path.basename(p.file)} ${p.field}`).sort()).toEqual(['a.yaml examples', 'a.yaml title', 'b.yaml answer']);
    expect(found.find((p) => p.field === 'examples')?.message).toBe('needs at least 8 items');
  });

  it('rejects duplicate ids', async () => {
    await writeFile(path.join(dir, 'topics', 'c.yaml'), VALID_TOPIC('a'));
    const found = await problems();
    expect(found.some((p) => p.entry === 'a' && p.field === 'id' && /duplicate id/.test(p.message))).toBe(true);
  });

  it('rejects unknown related ids', async () => {
    await edit('topics/a.yaml', (s) => s.replace('related: [b]', 'related: [b, nope]'));
    expect(await problems()).toEqual([
      { file: path.join(dir, 'topics', 'a.yaml'), entry: 'a', field: 'related.1', message: 'unknown topic id "nope"' },
    ]);
  });

  it('rejects a choice item without exactly one correct option', async () => {
    await edit('topics/b.yaml', (s) =>
      s.replace('{ text: Sales, misconception: Thinks sales is one-way }', '{ text: Sales, correct: true }'),
    );
    const [p] = await problems();
    expect(p).toMatchObject({ entry: 'b', field: 'quiz.3.options', message: 'needs exactly one option with "correct: true", found 2' });
  });

  it('rejects a wrong option without a misconception', async () => {
    await edit('topics/b.yaml', (s) => s.replace('{ text: Neither, misconception: Misses the distinction }', '{ text: Neither }'));
    const [p] = await problems();
    expect(p).toMatchObject({ entry: 'b', field: 'quiz.3.options.2.misconception' });
  });

  it('rejects unknown fields (typos) by name', async () => {
    await edit('topics/a.yaml', (s) => `${s}\nkeywrds: [x]\n`);
    const [p] = await problems();
    expect(p).toMatchObject({ entry: 'a', message: 'unknown field: keywrds' });
  });

  it('reports broken YAML with its line', async () => {
    await edit('topics/a.yaml', (s) => s.replace('title: Title of a', 'title: [unclosed'));
    const [p] = await problems();
    expect(p?.file).toBe(path.join(dir, 'topics', 'a.yaml'));
    expect(p?.message).toMatch(/^not valid YAML \(line \d+, column \d+\)/);
  });

  it('names the activity entry and field, and unknown activity topics', async () => {
    await writeFile(
      path.join(dir, 'activities.yaml'),
      ACTIVITIES +
        '  - activity: writing a jingle\n    verdict: maybe\n    topic: a\n    reason: Mass promotion of the brand.\n  - activity: demoing\n    verdict: sales\n    topic: zzz\n    reason: A live one-to-one demo.\n',
    );
    const found = await problems();
    expect(found).toContainEqual(expect.objectContaining({ entry: 'writing a jingle', field: 'activities.1.verdict' }));
    expect(found).toContainEqual(
      expect.objectContaining({ entry: 'demoing', field: 'activities.2.topic', message: 'unknown topic id "zzz"' }),
    );
  });

  it('asks for the file to be renamed when id and file name differ', async () => {
    await edit('topics/b.yaml', (s) => s.replace('id: b', 'id: bee').replace('related: [a]', 'related: []'));
    await edit('topics/a.yaml', (s) => s.replace('related: [b]', 'related: []'));
    const [p] = await problems();
    expect(p).toMatchObject({ entry: 'bee', field: 'id', message: 'does not match the file name; rename the file to bee.yaml' });
  });

  it('formats problems into one readable message', async () => {
    await edit('topics/a.yaml', (s) => s.replace(/^title:.*$/m, ''));
    await expect(loadKnowledge(dir)).rejects.toThrow(/1 problem:\n {2}- .*a\.yaml, entry "a", field "title": is missing/);
  });

  it('loads a folder without any of the optional files, as knowledge folders did before them', async () => {
    const kb = await loadKnowledge(dir);
    expect(kb).toMatchObject({ examples: [], outOfScope: [], functions: [], synonyms: [], calibration: {} });
    expect(kb.distinctions.list).toEqual([]);
  });

  it('checks the optional files and names the file, the entry and the field', async () => {
    await mkdir(path.join(dir, 'examples'));
    await writeFile(
      path.join(dir, 'examples', 'ana.yaml'),
      'examples:\n  - {text: "what is it", kind: topic, topic: nope}\n  - {text: "is x sales?", kind: activity, topic: a}\n  - {text: "hi there", kind: off-domain, topic: a}\n',
    );
    await writeFile(
      path.join(dir, 'functions.yaml'),
      'functions:\n  - {id: hr, name: HR, reason: Hires and looks after staff., examples: [hiring, payroll, leave]}\n  - {id: hr, name: HR again, reason: Hires and looks after staff., examples: [hiring, firing, leave]}\n',
    );
    await writeFile(
      path.join(dir, 'distinctions.yaml'),
      'sides:\n  sales: {names: [sales], topic: a}\n  marketing: {names: [marketing], topic: zzz}\ndoubt: Ask who it is aimed at.\ndistinctions:\n  - {id: one-to-one, side: sales, reason: One buyer at a time., cues: [one buyer], colour: red}\n  - {id: mass, side: marketing, topic: nope, reason: Many people at once., cues: [everyone]}\n',
    );
    await writeFile(path.join(dir, 'vocabulary.yaml'), 'synonyms:\n  - [marketing]\n');
    const found = await problems();
    const ana = path.join(dir, 'examples', 'ana.yaml');
    expect(found).toContainEqual(
      expect.objectContaining({ file: ana, entry: 'what is it', field: 'examples.0.topic', message: 'unknown topic id "nope"' }),
    );
    expect(found).toContainEqual(expect.objectContaining({ file: ana, entry: 'is x sales?', field: 'examples.1.verdict' }));
    expect(found).toContainEqual(
      expect.objectContaining({
        file: ana,
        entry: 'hi there',
        field: 'examples.2.topic',
        message: 'must be left out for an example of kind off-domain',
      }),
    );
    expect(found).toContainEqual(expect.objectContaining({ entry: 'hr', field: 'functions.1.id', message: 'duplicate id' }));
    expect(found).toContainEqual(expect.objectContaining({ field: 'sides.marketing.topic', message: 'unknown topic id "zzz"' }));
    expect(found).toContainEqual(
      expect.objectContaining({ entry: 'one-to-one', field: 'distinctions.0', message: 'unknown field: colour' }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ entry: 'mass', field: 'distinctions.1.topic', message: 'unknown topic id "nope"' }),
    );
    expect(found).toContainEqual(
      expect.objectContaining({ file: path.join(dir, 'vocabulary.yaml'), field: 'synonyms.0', message: 'needs at least 2 items' }),
    );
  });
});
