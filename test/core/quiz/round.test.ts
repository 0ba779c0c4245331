import { afterEach, describe, expect, it } from 'vitest';
import { LEAD_IN_MS, PAUSE_MS } from '../../../src/core/quiz/driver.js';
import { ADMIN, actor, buttonId, CHANNEL, click, DM, inbound, MEMBER, TRAINER, textOf } from '../../helpers/bot.js';
import { quizStart } from '../../helpers/commands.js';
import { letters, type QuizWorld, quizWorld, runningRound } from '../../helpers/quiz.js';

let world: QuizWorld;
afterEach(async () => {
  await world?.close();
});

const start = (options = {}, privileges = TRAINER, place = CHANNEL) =>
  world.bot.handle(inbound('trainer', quizStart(options), privileges, place));

/** Advance the manual clock and let the driver act. */
async function advanceBy(ms: number): Promise<void> {
  world.clock.advance(ms);
  await world.bot.tick();
}

describe('a quiz round, driven by the manual clock', () => {
  it('runs start → questions → reveals → standings, with scores, speed bonus and shared places', async () => {
    world = await quizWorld();
    const { platform, bot, store } = world;
    const startReply = await start({ questions: 2, seconds: 10 });
    expect(startReply.visibility).toBe('public');
    expect(textOf(startReply)).toMatch(/2 questions on all topics, 10 seconds each, speed bonus on/);

    // Lead-in: nothing posted until its time.
    await advanceBy(LEAD_IN_MS - 1);
    expect(platform.messages).toHaveLength(0);
    await advanceBy(1);
    expect(platform.messages).toHaveLength(1);

    const q1 = platform.last();
    const question = q1.versions[0]!.reply;
    expect(question.title).toBe('Question 1 of 2');
    expect(question.deadline).toBe(world.clock.now() + 10_000);
    expect(textOf(question)).toMatch(/A\) .+\nB\) /);
    expect(textOf(question)).toMatch(/0 answered/);
    const [letterRow, trainerRow] = question.buttons!;
    expect(letterRow!.map((b) => b.label)).toEqual(['A', 'B', 'C', 'D'].slice(0, letterRow!.length));
    expect(trainerRow!.map((b) => b.label)).toEqual(['Skip', 'Stop round']);
    expect(q1.place).toEqual(CHANNEL);

    let round = await runningRound(store);
    const { right, wrong } = letters(round);

    // Ann answers right after 1 s, Bo wrong, Cy right after 5 s.
    world.clock.advance(1000);
    const ann = await bot.handle(click(actor('ann', 'Ann'), buttonId(question, right)));
    expect(ann).toMatchObject({ visibility: 'private' });
    expect(textOf(ann)).toMatch(new RegExp(`Locked in: ${right}`));
    // The count is a live edit of the question message.
    expect(q1.versions.at(-1)).toMatchObject({ live: true });
    expect(textOf(q1.versions.at(-1)!.reply)).toMatch(/1 answered/);

    await bot.handle(click(actor('bo', 'Bo'), buttonId(question, wrong)));
    world.clock.advance(4000);
    await bot.handle(click(actor('cy', 'Cy'), buttonId(question, right)));
    expect(textOf(q1.versions.at(-1)!.reply)).toMatch(/3 answered/);

    // A second click changes nothing, and the person is told privately.
    const again = await bot.handle(click(actor('bo', 'Bo'), buttonId(question, right)));
    expect(again.visibility).toBe('private');
    expect(textOf(again)).toMatch(new RegExp(`already answered ${wrong}`));
    expect(await store.answerTally(round.id, 0)).toEqual({ [right]: 2, [wrong]: 1 });

    // Deadline: one tick before, nothing; at it, the reveal edits the question message.
    await advanceBy(4999);
    expect(q1.versions.filter((v) => !v.live)).toHaveLength(1);
    await advanceBy(1);
    const reveal = q1.versions.at(-1)!;
    expect(reveal.live).toBe(false);
    expect(reveal.reply.title).toBe('Question 1 of 2 · closed');
    expect(reveal.reply.buttons!.flat().every((b) => b.disabled)).toBe(true);
    expect(reveal.reply.deadline).toBeUndefined();
    const revealText = textOf(reveal.reply);
    expect(revealText).toMatch(new RegExp(`Answer: ${right}\\) `));
    expect(revealText).toMatch(/Why: .+/);
    expect(revealText).toMatch(new RegExp(`${right}\\) .*✓ · 2 chose this`));
    expect(revealText).toMatch(new RegExp(`${wrong}\\) .* · 1 chose this`));
    expect(revealText).toMatch(/Most common mix-up: /);
    expect(reveal.reply.footer).toContainEqual({ cmd: { command: 'explain', args: round.questions[0]!.topic } });

    // A late click is refused and stored nowhere.
    const late = await bot.handle(click(actor('dee', 'Dee'), buttonId(question, right)));
    expect(textOf(late)).toMatch(/Too late/);

    // The 3-second pause is clock-driven too.
    await advanceBy(PAUSE_MS - 1);
    expect(platform.messages).toHaveLength(1);
    await advanceBy(1);
    expect(platform.messages).toHaveLength(2);
    const q2 = platform.last();
    expect(q2.versions[0]!.reply.title).toBe('Question 2 of 2');

    round = await runningRound(store);
    const second = letters(round);
    const q2reply = q2.versions[0]!.reply;
    // Ann and Cy both answer right at the same moment: they will tie on this question.
    await bot.handle(click(actor('ann', 'Ann'), buttonId(q2reply, second.right)));
    await bot.handle(click(actor('cy', 'Cy'), buttonId(q2reply, second.right)));
    await bot.handle(click(actor('bo', 'Bo'), buttonId(q2reply, second.right)));
    await advanceBy(10_000);
    expect(q2.versions.at(-1)!.reply.title).toBe('Question 2 of 2 · closed');
    await advanceBy(PAUSE_MS);

    expect(platform.messages).toHaveLength(3);
    const standings = platform.last().versions[0]!.reply;
    expect(standings.title).toBe('Quiz over: final standings');
    // Ann: 100+45 (9 s of 10 left) + 150; Cy: 100+25 + 150; Bo: 0 + 150.
    expect(standings.table).toEqual({
      columns: ['Place', 'Name', 'Points', 'Correct'],
      rows: [
        ['1st', 'Ann', '295', '2/2'],
        ['2nd', 'Cy', '275', '2/2'],
        ['3rd', 'Bo', '150', '1/2'],
      ],
    });
    expect(textOf(standings)).toMatch(/Winner: Ann with 295 points/);
    expect(await store.findRunningRound('console', 'w1', 'c1')).toBeUndefined();
    expect((await store.getRound(round.id))!.status).toBe('finished');
  });

  it('shares first place on equal points', async () => {
    world = await quizWorld();
    await start({ questions: 1, seconds: 10, speedBonus: false });
    await advanceBy(LEAD_IN_MS);
    const q = world.platform.last().versions[0]!.reply;
    const { right } = letters(await runningRound(world.store));
    await world.bot.handle(click(actor('ann', 'Ann'), buttonId(q, right)));
    world.clock.advance(3000);
    await world.bot.handle(click(actor('bo', 'Bo'), buttonId(q, right)));
    await advanceBy(7000);
    await advanceBy(PAUSE_MS);
    const standings = world.platform.last().versions[0]!.reply;
    expect(standings.table!.rows.map((r) => r.slice(0, 3))).toEqual([
      ['1st', 'Ann', '100'],
      ['1st', 'Bo', '100'],
    ]);
    expect(textOf(standings)).toMatch(/Shared first place: Ann, Bo with 100 points each/);
  });

  it('says so when nobody scored', async () => {
    world = await quizWorld();
    await start({ questions: 1, seconds: 10 });
    await advanceBy(LEAD_IN_MS);
    const q = world.platform.last().versions[0]!.reply;
    const { wrong } = letters(await runningRound(world.store));
    await world.bot.handle(click(actor('ann', 'Ann'), buttonId(q, wrong)));
    await advanceBy(10_000);
    await advanceBy(PAUSE_MS);
    expect(textOf(world.platform.last().versions[0]!.reply)).toMatch(/No correct answers this time/);
  });

  it('a trainer skip closes the question at once, with its reveal', async () => {
    world = await quizWorld();
    await start({ questions: 2, seconds: 60 });
    await advanceBy(LEAD_IN_MS);
    const q1 = world.platform.last();
    const skip = buttonId(q1.versions[0]!.reply, 'Skip');
    const refused = await world.bot.handle(click('member', skip, MEMBER));
    expect(refused.visibility).toBe('private');
    expect(textOf(refused)).toMatch(/Only trainers can skip questions/);
    expect(textOf(await world.bot.handle(click('trainer', skip, TRAINER)))).toMatch(/Skipped/);
    await world.bot.tick();
    expect(q1.versions.at(-1)!.reply.title).toBe('Question 1 of 2 · closed');
    expect(textOf(await world.bot.handle(click('trainer', skip, TRAINER)))).toMatch(/already closed/);
    await advanceBy(PAUSE_MS);
    expect(world.platform.last().versions[0]!.reply.title).toBe('Question 2 of 2');
    // The old question's buttons now answer "too late".
    const { right } = letters(await runningRound(world.store));
    expect(textOf(await world.bot.handle(click('ann', `qz:a:${(await runningRound(world.store)).id}:0:${right}`)))).toMatch(/Too late/);
  });

  it('quiz next closes the open question, then cuts the pause short', async () => {
    world = await quizWorld();
    await start({ questions: 3, seconds: 60 });
    // During the lead-in, next starts the round straight away.
    expect(textOf(await world.bot.handle(inbound('trainer', { name: 'quiz.next' }, TRAINER)))).toMatch(/Moving straight on/);
    await world.bot.tick();
    expect(world.platform.messages).toHaveLength(1);
    expect(textOf(await world.bot.handle(inbound('trainer', { name: 'quiz.next' }, TRAINER)))).toMatch(/Closing question 1/);
    await world.bot.tick();
    expect(world.platform.last().versions.at(-1)!.reply.title).toBe('Question 1 of 3 · closed');
    await world.bot.handle(inbound('trainer', { name: 'quiz.next' }, TRAINER));
    await world.bot.tick();
    expect(world.platform.last().versions[0]!.reply.title).toBe('Question 2 of 3');
    const refused = await world.bot.handle(inbound('member', { name: 'quiz.next' }, MEMBER));
    expect(textOf(refused)).toMatch(/Only trainers/);
  });

  it('quiz stop ends early: the open question is revealed, scores kept, standings posted', async () => {
    world = await quizWorld();
    await start({ questions: 5, seconds: 30 });
    await advanceBy(LEAD_IN_MS);
    const q1 = world.platform.last();
    const { right } = letters(await runningRound(world.store));
    await world.bot.handle(click(actor('ann', 'Ann'), buttonId(q1.versions[0]!.reply, right)));
    expect(textOf(await world.bot.handle(inbound('member', { name: 'quiz.stop' }, MEMBER)))).toMatch(/Only trainers/);
    const stop = await world.bot.handle(inbound('trainer', { name: 'quiz.stop' }, TRAINER));
    expect(stop.visibility).toBe('private');
    expect(textOf(stop)).toMatch(/Stopping the round/);
    await world.bot.tick();
    expect(q1.versions.at(-1)!.reply.title).toBe('Question 1 of 5 · closed');
    const standings = world.platform.last().versions[0]!.reply;
    expect(standings.title).toBe('Quiz stopped: final standings');
    expect(standings.table!.rows[0]!.slice(0, 2)).toEqual(['1st', 'Ann']);
    expect(world.platform.messages).toHaveLength(2);
    expect(textOf(await world.bot.handle(inbound('trainer', { name: 'quiz.stop' }, TRAINER)))).toMatch(/No quiz round is running/);
    // A new round may start now.
    expect((await start()).visibility).toBe('public');
  });

  it('buttons only work in the workspace their round lives in', async () => {
    world = await quizWorld();
    await start({ questions: 2 });
    await advanceBy(LEAD_IN_MS);
    const reply = world.platform.last().versions[0]!.reply;
    const elsewhere = { ...CHANNEL, workspaceId: 'w-other' };
    expect(textOf(await world.bot.handle(click('trainer', buttonId(reply, 'Stop round'), TRAINER, elsewhere)))).toMatch(/expired/);
    expect(textOf(await world.bot.handle(click('ann', buttonId(reply, 'A'), MEMBER, elsewhere)))).toMatch(/expired/);
    expect((await runningRound(world.store)).stopRequested).toBe(false);
  });

  it('buttons only work in the channel their round lives in (a forged click from another channel stores nothing)', async () => {
    world = await quizWorld();
    await start({ questions: 2 });
    await advanceBy(LEAD_IN_MS);
    const reply = world.platform.last().versions[0]!.reply;
    const round = await runningRound(world.store);
    const { right } = letters(round);
    const otherChannel = { ...CHANNEL, channelId: 'c-other' };
    expect(textOf(await world.bot.handle(click('ann', buttonId(reply, right), MEMBER, otherChannel)))).toMatch(/expired/);
    expect(textOf(await world.bot.handle(click('trainer', buttonId(reply, 'Skip'), TRAINER, otherChannel)))).toMatch(/expired/);
    expect(textOf(await world.bot.handle(click('trainer', buttonId(reply, 'Stop round'), TRAINER, otherChannel)))).toMatch(/expired/);
    expect(await world.store.answerTally(round.id, 0)).toEqual({});
    expect((await runningRound(world.store)).stopRequested).toBe(false);
    // The same click from the round's channel counts, also from a thread that grew under the question (Slack).
    expect(textOf(await world.bot.handle(click('ann', buttonId(reply, right))))).toMatch(/Locked in/);
    const inThread = { ...CHANNEL, threadId: '1700000000.000100' };
    expect(textOf(await world.bot.handle(click('bo', buttonId(reply, right), MEMBER, inThread)))).toMatch(/Locked in/);
    expect(await world.store.answerTally(round.id, 0)).toEqual({ [right]: 2 });
  });

  it('the Stop button is for trainers only', async () => {
    world = await quizWorld();
    await start({ questions: 2 });
    await advanceBy(LEAD_IN_MS);
    const stopId = buttonId(world.platform.last().versions[0]!.reply, 'Stop round');
    expect(textOf(await world.bot.handle(click('member', stopId, MEMBER)))).toMatch(/Only trainers can stop quiz rounds/);
    expect((await runningRound(world.store)).stopRequested).toBe(false);
    await world.bot.handle(click('trainer', stopId, TRAINER));
    await world.bot.tick();
    expect(world.platform.last().versions[0]!.reply.title).toBe('Quiz stopped: final standings');
  });

  it('stopping during the lead-in ends without standings', async () => {
    world = await quizWorld();
    await start();
    await world.bot.handle(inbound('trainer', { name: 'quiz.stop' }, TRAINER));
    await world.bot.tick();
    expect(world.platform.messages.map((m) => m.versions[0]!.reply.title)).toEqual(['Quiz stopped']);
  });

  it('one round per channel: a second start gets a clear message; other channels are free', async () => {
    world = await quizWorld();
    await start({ questions: 3 });
    const second = await start();
    expect(second.visibility).toBe('private');
    expect(textOf(second)).toMatch(/already running here/);
    expect(second.body).toContainEqual({ cmd: { command: 'quiz stop' } });
    const elsewhere = await start({}, TRAINER, { ...CHANNEL, channelId: 'c2' });
    expect(elsewhere.visibility).toBe('public');
  });

  it('quiz status shows the running round to anyone', async () => {
    world = await quizWorld();
    expect(textOf(await world.bot.handle(inbound('member', { name: 'quiz.status' })))).toMatch(/No quiz round is running here/);
    await start({ questions: 4, topics: ['scope'] });
    await advanceBy(LEAD_IN_MS);
    const { right } = letters(await runningRound(world.store));
    await world.bot.handle(click(actor('ann', 'Ann'), buttonId(world.platform.last().versions[0]!.reply, right)));
    const status = await world.bot.handle(inbound('member', { name: 'quiz.status' }));
    expect(textOf(status)).toMatch(/Question 1 of \d\. Open, 1 answered so far/);
    expect(textOf(status)).toMatch(/Topics: Scope/);
    expect(status.deadline).toBeGreaterThan(world.clock.now());
    // Who got the open question right stays secret until the reveal.
    expect(status.table).toBeUndefined();
    await world.bot.handle(inbound('trainer', { name: 'quiz.next' }, TRAINER));
    await advanceBy(0);
    const after = await world.bot.handle(inbound('member', { name: 'quiz.status' }));
    expect(textOf(after)).toMatch(/Between questions/);
    expect(after.table!.rows[0]!.slice(0, 2)).toEqual(['1st', 'Ann']);
  });

  it('runs in a thread when asked and the platform has them', async () => {
    world = await quizWorld({ threads: true });
    const reply = await start({ questions: 1, thread: true });
    expect(textOf(reply)).toMatch(/questions are in the thread/);
    await advanceBy(LEAD_IN_MS);
    const thread = world.platform.threads[0]!;
    expect(world.platform.last().place).toEqual(thread);
    // Commands from inside the thread find the round.
    expect(textOf(await world.bot.handle(inbound('member', { name: 'quiz.status' }, MEMBER, thread)))).toMatch(/Question 1 of 1/);
    // Its buttons work in that thread only (this fake, like Discord, makes a thread a channel of its own).
    const question = world.platform.last().versions[0]!.reply;
    const { right } = letters(await runningRound(world.store));
    const otherThread = { ...thread, channelId: 'thread-other' };
    expect(textOf(await world.bot.handle(click('ann', buttonId(question, right), MEMBER, otherThread)))).toMatch(/expired/);
    expect(textOf(await world.bot.handle(click('ann', buttonId(question, right), MEMBER, CHANNEL)))).toMatch(/expired/);
    expect(textOf(await world.bot.handle(click('ann', buttonId(question, right), MEMBER, thread)))).toMatch(/Locked in/);
  });

  it('ignores the thread option where threads do not exist, saying so', async () => {
    world = await quizWorld();
    expect(textOf(await start({ thread: true }))).toMatch(/Threads aren't available here/);
  });

  it('ends a round cleanly when the platform refuses to post in the channel', async () => {
    world = await quizWorld();
    await start({ questions: 2 });
    world.platform.failNext = 'not-in-channel';
    await advanceBy(LEAD_IN_MS);
    expect(world.platform.messages).toHaveLength(0);
    expect(await world.store.findRunningRound('console', 'w1', 'c1')).toBeUndefined();
    expect((await start()).visibility).toBe('public');
  });

  it('start() ticks straight away; stop() waits for the tick and hands the round back', async () => {
    world = await quizWorld();
    await start({ questions: 1 });
    world.clock.advance(LEAD_IN_MS);
    world.bot.start();
    await world.bot.stop();
    expect(world.platform.last().versions[0]!.reply.title).toBe('Question 1 of 1');
    expect((await runningRound(world.store)).leaseOwner).toBeNull();
  });

  it('retries a question post after a passing failure', async () => {
    world = await quizWorld();
    await start({ questions: 1 });
    world.platform.failNext = 'rate-limited';
    await advanceBy(LEAD_IN_MS);
    expect(world.platform.messages).toHaveLength(0);
    await world.bot.tick();
    expect(world.platform.last().versions[0]!.reply.title).toBe('Question 1 of 1');
  });

  it('refuses to start in a DM or on a platform without a channel port, and reports bad options', async () => {
    world = await quizWorld();
    expect(textOf(await start({}, TRAINER, DM))).toMatch(/Quiz rounds run in channels/);
    expect(textOf(await start({ seconds: 2 }))).toMatch(/Seconds per question must be a whole number from 5 to 300/);
    expect(textOf(await start({ topics: ['astrology'] }))).toMatch(/I don't know the topic "astrology"/);
    // However many unknown topics were typed, the reply stays short.
    const many = textOf(await start({ topics: Array.from({ length: 800 }, (_, i) => `nope-${i}-${'x'.repeat(100)}`) }));
    expect(many).toMatch(/and 797 more/);
    expect(many.length).toBeLessThan(1000);
    const slackPlace = { ...CHANNEL, platform: 'slack' as const };
    const onSlack = await world.bot.handle({
      ...inbound('trainer', quizStart({}), TRAINER, slackPlace),
      actor: { platform: 'slack', id: 'U1', displayName: 'T' },
    });
    expect(textOf(onSlack)).toMatch(/can't be posted on this platform/);
  });

  it('rounds are limited to the questions that exist, and say so', async () => {
    world = await quizWorld();
    const reply = await start({ topics: ['scope'], questions: 50 });
    expect(textOf(reply)).toMatch(/Only 3 questions exist for these topics, so the round has 3/);
    const round = await runningRound(world.store);
    expect(round.questions).toHaveLength(3);
    expect(new Set(round.questions.map((q) => q.key)).size).toBe(3);
  });
});

describe('who may run rounds', () => {
  it('refuses members privately; admins, default trainers, stored users and stored roles may', async () => {
    world = await quizWorld();
    const refused = await start({}, MEMBER);
    expect(refused.visibility).toBe('private');
    expect(textOf(refused)).toMatch(/Only trainers can use \/quiz start\./);

    expect((await start({}, ADMIN, { ...CHANNEL, channelId: 'a' })).visibility).toBe('public');

    // Only an admin can add trainers.
    const notAdmin = await world.bot.handle(inbound('t', { name: 'trainers.add', user: 'mia' }, TRAINER));
    expect(textOf(notAdmin)).toMatch(/Only admins/);
    await world.bot.handle(inbound('boss', { name: 'trainers.add', user: 'mia' }, ADMIN));
    await world.bot.handle(inbound('boss', { name: 'trainers.add', role: 'coaches' }, ADMIN));
    // An absurd id is not echoed back in full.
    const huge = await world.bot.handle(inbound('boss', { name: 'trainers.remove', user: 'z'.repeat(50_000) }, ADMIN));
    expect(textOf(huge).length).toBeLessThan(200);
    const list = await world.bot.handle(inbound('anyone', { name: 'trainers.list' }));
    expect(list.table!.rows).toEqual([
      ['role', 'coaches'],
      ['user', 'mia'],
    ]);

    const mia = await world.bot.handle(inbound('mia', quizStart({}), MEMBER, { ...CHANNEL, channelId: 'b' }));
    expect(mia.visibility).toBe('public');
    const coach = await world.bot.handle(
      inbound('zoe', quizStart({}), { ...MEMBER, roleIds: ['x', 'coaches'] }, { ...CHANNEL, channelId: 'c' }),
    );
    expect(coach.visibility).toBe('public');
    const other = await world.bot.handle(inbound('zoe', quizStart({}), { ...MEMBER, roleIds: ['x'] }, { ...CHANNEL, channelId: 'd' }));
    expect(textOf(other)).toMatch(/Only trainers/);

    // Stored trainers are per workspace.
    const elsewhere = await world.bot.handle(inbound('mia', quizStart({}), MEMBER, { ...CHANNEL, workspaceId: 'w2' }));
    expect(textOf(elsewhere)).toMatch(/Only trainers/);

    await world.bot.handle(inbound('boss', { name: 'trainers.remove', user: 'mia' }, ADMIN));
    const removed = await world.bot.handle(inbound('mia', quizStart({}), MEMBER, { ...CHANNEL, channelId: 'e' }));
    expect(textOf(removed)).toMatch(/Only trainers/);
  });

  it('report and gaps are trainer-only and private', async () => {
    world = await quizWorld();
    for (const command of [
      { name: 'report', period: '7d' },
      { name: 'gaps.list', clear: false },
      { name: 'gaps.list', clear: true },
    ] as const) {
      const refused = await world.bot.handle(inbound('member', command, MEMBER));
      expect(refused.visibility).toBe('private');
      expect(textOf(refused)).toMatch(/Only trainers/);
      expect((await world.bot.handle(inbound('trainer', command, TRAINER))).visibility).toBe('private');
    }
  });
});
