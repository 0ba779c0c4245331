import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../../src/adapters/console/index.js';
import type { Bot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import { openStore } from '../../../src/core/storage/index.js';
import type { Store } from '../../../src/core/storage/store.js';
import { testBot } from '../../helpers/bot.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
});

let store: Store | undefined;
afterEach(async () => store?.close());

/** The console on a stream we type into, with the real knowledge base, matcher and an in-memory store. */
async function session() {
  const log = pino({ level: 'silent' });
  store = await openStore({ dataDir: ':memory:', log });
  const clock = new ManualClock();
  const bot: Bot = testBot({ kb, matcher: createMatcher(kb), store, clock, log, seed: 7, settings: { questionsPerMinute: 100 } });
  const input = new PassThrough();
  let out = '';
  const output = new PassThrough();
  output.on('data', (c) => (out += String(c)));
  const { done } = runConsole({ bot, clock, input, output, interactive: false, userName: 'ada' });
  /** Types a line and waits until the console has answered it. */
  const type = async (line: string) => {
    const before = out.length;
    input.write(`${line}\n`);
    // Up to 10 s: a trainer's command retrains in a worker thread meanwhile, and timers keep running.
    for (const until = Date.now() + 10_000; out.length === before && Date.now() < until; ) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    return out.slice(before);
  };
  return { type, done, end: () => input.end(), output: () => out, bot, clock };
}

const settle = () => new Promise((r) => setTimeout(r, 30));

/** The letter of the correct option, found through the knowledge base: the option text shown next to it. */
function correctLetter(out: string): string {
  // The console wraps at 80 columns: an option's continuation lines are indented under its text.
  const block = out.slice(out.lastIndexOf('Question 1 of 1')).replace(/\n {3}(?=\S)/g, ' ');
  const options = [...block.matchAll(/^([A-D])\) (.+)$/gm)].map((m) => ({ letter: m[1]!, text: m[2]!.trim() }));
  // A true/false item is found by its statement; a choice item by its correct option's text.
  const statement = /True or false: ([\s\S]+?)\n\n/.exec(block)?.[1]?.replace(/\s+/g, ' ').trim();
  const tf = kb.topics.flatMap((t) => t.quiz).find((q) => q.type === 'truefalse' && q.statement.trim() === statement);
  const correct =
    tf?.type === 'truefalse'
      ? new Set([tf.answer ? 'True' : 'False'])
      : new Set(
          kb.topics.flatMap((t) =>
            t.quiz.flatMap((q) => (q.type === 'choice' ? q.options.filter((o) => o.correct).map((o) => o.text) : [])),
          ),
        );
  const hit = options.find((o) => correct.has(o.text));
  expect(hit, `a correct option among ${JSON.stringify(options)}`).toBeDefined();
  return hit!.letter;
}

describe('console (driven through its input stream)', () => {
  it('answers questions and topic commands, and ends cleanly at end of input', async () => {
    const s = await session();
    expect(await s.type('what is the funnel?')).toMatch(/== The funnel/);
    expect(await s.type('is cold calling sales or marketing?')).toMatch(/sales/i);
    expect(await s.type('/topics')).toMatch(/four-ps/);
    expect(await s.type('/explain four-ps')).toMatch(/\n {2}Sales: {5}.+\n( {13}.+\n)* {2}Marketing: /);
    expect(await s.type('/dance')).toMatch(/There is no command \/dance/);
    s.end();
    await expect(s.done).resolves.toBeUndefined();
  });

  it('says honestly when a question is outside what it knows', async () => {
    const s = await session();
    expect(await s.type("what's the weather in Paris tomorrow?")).toMatch(/outside what I know/);
    s.end();
    await s.done;
  });

  it('runs a quiz round: the local user starts it, answers by letter, sees the reveal and standings', async () => {
    const s = await session();
    expect(await s.type('/quiz start questions:1 seconds:20 topic:funnel')).toMatch(/Quiz time!/);
    s.clock.advance(3_000); // the round opens after a short pause
    await s.bot.tick();
    await settle();
    expect(s.output()).toMatch(/Question 1 of 1[\s\S]*Type one: A \| B/);
    const correct = correctLetter(s.output());
    expect(await s.type(correct.toLowerCase())).toMatch(/counted|locked|answer/i);
    s.clock.advance(21_000);
    await s.bot.tick();
    s.clock.advance(4_000);
    await s.bot.tick();
    await settle();
    expect(s.output()).toMatch(/ada/);
    expect(await s.type('/leaderboard')).toMatch(/ada/);
    expect(await s.type('/stats')).toMatch(/1 answered, 1 correct \(100%\)/);
    s.end();
    await s.done;
  });

  it('practises: a two-word answer clicks a "letter · confidence" button', async () => {
    const s = await session();
    expect(await s.type('/practice')).toMatch(/Type one: A · sure \(a\)/);
    expect(await s.type('a sure')).toMatch(/correct|not quite|wrong|right/i);
    s.end();
    await s.done;
  });

  it("a new user's session: a letter answers practice, yes confirms, a stray word is not a question, help lists /quit", async () => {
    const s = await session();
    expect(await s.type('/practice')).toMatch(/Pick a "sure" answer/);
    // A single letter picks "sure", a letter with ? picks "guessing".
    expect(await s.type('A')).toMatch(/✓/);
    expect(await s.type('next')).toMatch(/^== Practice: /m);
    expect(await s.type('maybe')).toMatch(/"maybe" isn't one of the choices\. Type one: a, b/);
    expect(await s.type('b?')).toMatch(/✓/);
    expect(await s.type('/forget-me')).toMatch(/Erase my history \(yes\) \| Cancel \(no\)/);
    expect(await s.type('yes')).toMatch(/erased/i);
    // After the confirmation was answered, a one-word line is a question again.
    expect(await s.type('branding')).not.toMatch(/isn't one of the choices/);
    const help = await s.type('/help');
    expect(help).toMatch(/\/quiz start \[topic:<id,id>\] \[questions:1-50\]/);
    expect(help).toMatch(/\/quit — leave the console/);
    // "maybe" was answered as a prompt reply: it never reached the trainers' gaps list.
    expect(await s.type('/gaps')).not.toMatch(/maybe/);
    s.end();
    await s.done;
  });

  it("the trainer's loop typed: /wrong sends the last answer to the inbox, /gaps answer teaches it at once", async () => {
    const s = await session();
    expect(await s.type('/wrong')).toMatch(/no answer to rate yet/);
    const answer = await s.type('what is the sales funnel?');
    expect(answer).toMatch(/Not what you asked\? \/wrong/);
    expect(await s.type('/wrong I meant how the funnel is split between the two teams')).toMatch(
      /trainers will see "I meant how the funnel/,
    );
    const declined = await s.type('how many days of parental leave do contractors get here?');
    expect(declined).toMatch(/outside what I know/);
    expect(declined).not.toMatch(/\/wrong/);
    const inbox = await s.type('/gaps');
    expect(inbox).toMatch(/not helpful: answered as/);
    const item = /(\d+)\s+how many days of/.exec(inbox)?.[1];
    expect(item).toBeDefined();
    expect(await s.type(`/gaps answer ${item} Contractors get no paid parental leave; HR knows about unpaid leave.`)).toMatch(
      /answered for the team/,
    );
    expect(await s.type('how much parental leave do contractors get?')).toMatch(/Contractors get no paid parental leave/);
    s.end();
    await s.done;
  });

  it('stops reading at /quit', async () => {
    const s = await session();
    s.type('/quit');
    await expect(s.done).resolves.toBeUndefined();
  });
});
