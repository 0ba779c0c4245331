/**
 * Training the matcher in a worker thread: the matcher it gives answers exactly like one trained
 * in place (the shipped knowledge with additions from chat, and a knowledge base built in code),
 * it falls back to training in place when no worker can be used, and `close` ends the worker.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeAddition, teamTopicId } from '../../../src/core/knowledge/additions.js';
import { applyAdditions } from '../../../src/core/knowledge/layer.js';
import { type KnowledgeBase, loadKnowledge, makeKnowledgeBase } from '../../../src/core/knowledge/load.js';
import { TrainerClosedError, WorkerTrainer } from '../../../src/core/knowledge/worker-trainer.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import { TEST_TOPICS } from '../../helpers/kb.js';
import { capturingLog, WARN } from '../../helpers/log.js';

const base = { platform: 'console' as const, workspaceId: 'w1', createdAt: Date.UTC(2026, 11, 6), author: 'Tina' };
const ADDITIONS: KnowledgeAddition[] = [
  { ...base, id: 1, kind: 'example', topic: 'funnel', text: 'who owns the bottom of the pipeline?' },
  { ...base, id: 2, kind: 'out-of-scope', text: 'what is the guest wifi password?' },
  {
    ...base,
    id: 3,
    kind: 'answer',
    topic: teamTopicId(3),
    title: 'Parental leave for contractors',
    text: 'Contractors: ask the office manager.',
    examples: ['how many days of parental leave do contractors get?'],
  },
];

const QUESTIONS = [
  'is cold calling sales or marketing?',
  'is seo marketing',
  'what is the funnel',
  'who owns the bottom of the pipeline?',
  'how many days of parental leave do contractors get?',
  'parental leave for contractors',
  'what is the guest wifi password?',
  'tell me a joke',
  'is payroll sales or marketing',
  'quick q: how do the 4 ps relate to pricing?',
  'an email to one prospect: sales or marketing?',
  'is influencer marketing sales',
  '',
  'wat is teh diference between sales and marketting',
];

let shipped: KnowledgeBase;
beforeAll(async () => {
  shipped = applyAdditions(await loadKnowledge('knowledge'), ADDITIONS);
}, 60_000);

const open: WorkerTrainer[] = [];
function trainer(opts?: ConstructorParameters<typeof WorkerTrainer>[1]) {
  const { log, lines } = capturingLog();
  const t = new WorkerTrainer(log, opts);
  open.push(t);
  return { t, lines };
}
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

describe('WorkerTrainer', () => {
  it('gives a matcher that answers exactly like one trained in place (shipped knowledge plus chat additions), twice in the same worker', async () => {
    const { t, lines } = trainer();
    const inPlace = createMatcher(shipped);
    const first = await t.train(shipped);
    expect(t.hasWorker).toBe(true);
    const second = await t.train(shipped);
    for (const q of QUESTIONS) {
      expect(first.match(q)).toEqual(inPlace.match(q));
      expect(second.match(q)).toEqual(inPlace.match(q));
    }
    // The additions count: the team answer is found, not declined.
    expect(first.match('how many days of parental leave do contractors get?').topic).toBe(teamTopicId(3));
    // It restored over the caller's own knowledge base: a listed activity is that very object.
    const known = first.match('is cold calling sales or marketing?').activity?.known;
    expect(known).toBeDefined();
    expect(shipped.activities).toContain(known);
    expect(lines.filter((l) => l.msg === 'matcher trained in a worker thread')).toHaveLength(2);
    expect(lines.filter((l) => l.level >= WARN)).toEqual([]);
  });

  it('trains a knowledge base built in code, not from files', async () => {
    const kb = makeKnowledgeBase({
      topics: TEST_TOPICS.map((topic) => ({ ...topic, examples: [`what is ${topic.title.toLowerCase()}`, `explain ${topic.id}`] })),
      outOfScope: ['my laptop will not start'],
    });
    const { t, lines } = trainer();
    const m = await t.train(kb);
    const inPlace = createMatcher(kb);
    for (const q of ['what is the funnel', 'explain scope', 'my laptop will not start', 'hello'])
      expect(m.match(q)).toEqual(inPlace.match(q));
    expect(lines.map((l) => l.msg)).toContain('matcher trained in a worker thread');
  });

  it('trains in place, with a warning, when the worker cannot start', async () => {
    const { t, lines } = trainer({ workerUrl: new URL('./no-such-worker.js', import.meta.url) });
    const m = await t.train(shipped);
    const inPlace = createMatcher(shipped);
    for (const q of QUESTIONS.slice(0, 4)) expect(m.match(q)).toEqual(inPlace.match(q));
    expect(lines.filter((l) => l.level === WARN).map((l) => l.msg)).toEqual([
      'could not train the matcher in a worker thread; training on the main thread',
    ]);
    expect(t.hasWorker).toBe(false);
  });

  it('trains in place, with a warning, when the knowledge base cannot be sent to a worker', async () => {
    // A function cannot be cloned to another thread; the matcher never reads this field.
    const odd = makeKnowledgeBase({ topics: TEST_TOPICS.map((topic) => ({ ...topic, examples: ['what is it'], extra: () => 1 })) });
    const { t, lines } = trainer();
    const m = await t.train(odd);
    expect(m.match('what is it').bestTopic).toBe(createMatcher(odd).match('what is it').bestTopic);
    expect(lines.filter((l) => l.level === WARN)).toHaveLength(1);
  });

  it('close ends a retrain in progress and the worker, and refuses later ones', async () => {
    const { t } = trainer();
    const training = t.train(shipped);
    const waiting = t.train(shipped);
    // Let the worker start, then shut down mid-training.
    await new Promise((r) => setTimeout(r, 100));
    expect(t.hasWorker).toBe(true);
    const started = performance.now();
    await t.close();
    await expect(training).rejects.toBeInstanceOf(TrainerClosedError);
    await expect(waiting).rejects.toBeInstanceOf(TrainerClosedError);
    // Far sooner than a training would take.
    expect(performance.now() - started).toBeLessThan(500);
    expect(t.hasWorker).toBe(false);
    await expect(t.train(shipped)).rejects.toBeInstanceOf(TrainerClosedError);
  });

  it('lets an idle worker go after idleMs', async () => {
    const { t } = trainer({ idleMs: 50 });
    await t.train(makeKnowledgeBase({ topics: TEST_TOPICS.map((topic) => ({ ...topic, examples: ['what is it'] })) }));
    expect(t.hasWorker).toBe(true);
    const until = Date.now() + 5_000;
    while (t.hasWorker && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(t.hasWorker).toBe(false);
  });

  it('warm starts the worker ahead of a retrain, which then uses it; unused, it goes after idleMs', async () => {
    const { t, lines } = trainer({ idleMs: 300 });
    expect(t.hasWorker).toBe(false);
    t.warm();
    expect(t.hasWorker).toBe(true);
    t.warm(); // one worker, however often
    const kb = makeKnowledgeBase({ topics: TEST_TOPICS.map((topic) => ({ ...topic, examples: ['what is it'] })) });
    const matcher = await t.train(kb);
    expect(matcher.match('what is it').bestTopic).toBe(createMatcher(kb).match('what is it').bestTopic);
    expect(lines.filter((l) => l.level >= WARN)).toEqual([]);
    const until = Date.now() + 5_000;
    while (t.hasWorker && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(t.hasWorker).toBe(false);
    await t.close();
    t.warm(); // closed: nothing starts
    expect(t.hasWorker).toBe(false);
  });
});
