/**
 * The live knowledge's retrain, off the event loop: while a trainer's change retrains the
 * shipped knowledge, the process keeps running timers (in place, it stalls for the whole
 * training); the bot's shutdown ends a retrain in progress; and of two retrains finishing out
 * of order, the newer knowledge stays.
 */
import { performance } from 'node:perf_hooks';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { type NewAddition, teamTopicId } from '../../../src/core/knowledge/additions.js';
import { LiveKnowledge, type LiveKnowledgeOptions } from '../../../src/core/knowledge/live.js';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher, type Matcher } from '../../../src/core/matching/index.js';
import { openStore } from '../../../src/core/storage/index.js';
import { silentLog } from '../../helpers/bot.js';
import { capturingLog, WARN } from '../../helpers/log.js';

const QUESTION = 'how many days of parental leave do contractors get?';
const base = { platform: 'console', workspaceId: 'w1', createdAt: Date.UTC(2026, 11, 6), author: 'Tina' } as const;
let answers = 0;
/** A team answer to QUESTION, as the inbox stores one (its topic named after the inbox item). */
const answer = (text: string): NewAddition => ({
  ...base,
  kind: 'answer',
  topic: teamTopicId(++answers),
  title: 'Parental leave for contractors',
  text,
  examples: [QUESTION],
});
const offTopic = (text: string): NewAddition => ({ ...base, kind: 'out-of-scope', text });

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  matcher = createMatcher(kb);
}, 60_000);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function live(opts: LiveKnowledgeOptions = {}, log = silentLog) {
  const store = await openStore({ dataDir: ':memory:', log: silentLog });
  const knowledge = new LiveKnowledge({ kb, matcher }, store, new ManualClock(), log, opts);
  cleanups.push(
    () => knowledge.close(),
    () => store.close(),
  );
  return { store, knowledge };
}

/** The longest time between two turns of the event loop while `work` runs (timer every 5 ms). */
async function longestStall(work: () => Promise<unknown>): Promise<{ longestMs: number; turns: number }> {
  let last = performance.now();
  let longestMs = 0;
  let turns = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longestMs = Math.max(longestMs, now - last);
    last = now;
    turns++;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  // The last stretch too: the work may have blocked right up to its end.
  return { longestMs: Math.max(longestMs, performance.now() - last), turns };
}

describe('live knowledge retraining', () => {
  it("keeps the event loop turning while a trainer's answer retrains the shipped knowledge (in place, it stalls)", async () => {
    const inPlace = await live({ train: (k) => createMatcher(k) });
    const stalledInPlace = await longestStall(() => inPlace.knowledge.add([answer('In place: ask the office manager.')]));

    const { knowledge } = await live();
    await knowledge.add([offTopic('what is the guest wifi password?')]); // the first retrain starts the worker
    const inWorker = await longestStall(() => knowledge.add([answer('In a worker: ask the office manager.')]));

    // The retrain took the whole training on the event loop in place; in a worker only the restore.
    expect(stalledInPlace.longestMs).toBeGreaterThan(300);
    expect(inWorker.longestMs).toBeLessThan(stalledInPlace.longestMs / 2);
    expect(inWorker.turns).toBeGreaterThan(stalledInPlace.turns * 2);

    // And the retrained knowledge is in use: the newest team answer answers the question.
    const view = await knowledge.for('console', 'w1');
    const result = view.matcher.match(QUESTION);
    expect(result.kind).toBe('topic');
    expect(view.kb.byId.get(result.topic!)?.answer).toBe('In a worker: ask the office manager.');
    expect(view.matcher.match('what is the guest wifi password?').kind).toBe('abstain');
  }, 60_000);

  it("the bot's stop ends a retrain in progress: the worker stops using the CPU; the answer is used over the files' matcher", async () => {
    const { log, lines } = capturingLog();
    const { store, knowledge } = await live({}, log);
    const bot = createBot({
      kb,
      matcher,
      store,
      clock: new ManualClock(),
      log: silentLog,
      knowledge,
      settings: { gaps: { enabled: true, retentionDays: 30 }, questionsPerMinute: 1000 },
    });
    const adding = knowledge.add([answer('Never used: the bot stops first.')]);
    await new Promise((r) => setTimeout(r, 200)); // the worker is training by now
    const started = performance.now();
    await bot.stop();
    const stored = await adding;
    expect(performance.now() - started).toBeLessThan(500);
    expect(stored).toHaveLength(1);
    expect(lines.map((l) => l.msg)).toContain('knowledge retrain stopped: shutting down');
    expect(lines.filter((l) => l.level >= WARN)).toEqual([]);

    // No thread trains on: the process uses (almost) no CPU while idle.
    const cpu = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 300));
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(100);

    // The retrain never finished: the new knowledge is used over the files' matcher, its own question word for word.
    const view = await knowledge.for('console', 'w1');
    expect(view.kb.topics.some((t) => t.answer === 'Never used: the bot stops first.')).toBe(true);
    expect(view.matcher.match(QUESTION).topic).toMatch(/^team-/);
  }, 60_000);

  it('another instance uses new knowledge at its next check, before its retrain ends: the new questions word for word, paraphrases once trained', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const clock = new ManualClock();
    const trainer = new LiveKnowledge({ kb, matcher }, store, clock, silentLog, { train: (k) => createMatcher(k) });
    const other = new LiveKnowledge({ kb, matcher }, store, clock, silentLog, {
      train: async (k) => {
        await gate;
        return createMatcher(k);
      },
    });
    cleanups.push(
      () => trainer.close(),
      () => other.close(),
      () => store.close(),
    );
    const paraphrase = 'how much parental leave do our contractors get?';
    expect((await other.for('console', 'w1')).matcher.match(QUESTION).kind).toBe('abstain');
    await trainer.add([answer('Contractors get no paid parental leave here.'), offTopic('what is the best pizza near the office?')]);
    expect((await trainer.for('console', 'w1')).matcher.match(paraphrase).topic).toMatch(/^team-/);

    clock.advance(1000);
    const now = await other.for('console', 'w1');
    const team = now.kb.topics.find((t) => t.team)!;
    expect(now.matcher.match(QUESTION)).toMatchObject({ kind: 'topic', topic: team.id });
    expect(now.matcher.match('What is the best pizza near the office').kind).toBe('abstain');
    expect(now.matcher.match(paraphrase).topic).not.toBe(team.id);
    release();
    await expect.poll(async () => (await other.for('console', 'w1')).matcher.match(paraphrase).topic, { timeout: 10_000 }).toBe(team.id);
  }, 60_000);

  it('a removed team answer is declined at once over the older matcher, never answered from a topic that is gone', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const clock = new ManualClock();
    const trainer = new LiveKnowledge({ kb, matcher }, store, clock, silentLog, { train: (k) => createMatcher(k) });
    let trains = 0;
    const other = new LiveKnowledge({ kb, matcher }, store, clock, silentLog, {
      // The other instance's first retrain works; later ones never finish (a slow worker).
      train: (k) => (++trains === 1 ? createMatcher(k) : new Promise<Matcher>(() => {})),
    });
    cleanups.push(
      () => trainer.close(),
      () => other.close(),
      () => store.close(),
    );
    const [added] = await trainer.add([answer('Contractors get no paid parental leave here.')]);
    clock.advance(1000);
    await other.for('console', 'w1');
    await until(() => trains === 1);
    await new Promise((r) => setTimeout(r, 50));
    const topic = (added as { topic: string }).topic;
    expect((await other.for('console', 'w1')).matcher.match(QUESTION).topic).toBe(topic);
    await trainer.add([{ ...base, kind: 'answer-removed', topic, text: '' }]);
    clock.advance(1000);
    const view = await other.for('console', 'w1');
    expect(view.kb.byId.has(topic)).toBe(false);
    const result = view.matcher.match(QUESTION);
    expect(result.kind).toBe('abstain');
    expect(result.suggestions.every((t) => view.kb.byId.has(t))).toBe(true);
  }, 60_000);

  it('of two retrains finishing out of order, the newer knowledge stays', async () => {
    const pending: { kb: KnowledgeBase; done: (m: Matcher) => void }[] = [];
    const { knowledge } = await live({ train: (k) => new Promise<Matcher>((done) => pending.push({ kb: k, done })) });
    const first = knowledge.add([answer('Older answer.')]);
    await until(() => pending.length === 1);
    const second = knowledge.add([answer('Newer answer.')]);
    await until(() => pending.length === 2);
    const matcherOf = (text: string): Matcher => ({ match: () => ({ ...matcher.match('x'), bestTopic: text }) });
    pending[1]!.done(matcherOf('newer'));
    await second;
    pending[0]!.done(matcherOf('older'));
    await first;
    const view = await knowledge.for('console', 'w1');
    expect(view.matcher.match('anything').bestTopic).toBe('newer');
    expect(view.kb.topics.filter((t) => t.team).map((t) => t.answer)).toEqual(['Older answer.', 'Newer answer.']);
  });
});

async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error('timed out waiting');
}
