/**
 * A whole quiz round on Discord: a trainer starts it, the core posts questions as
 * ordinary channel messages, three people click (one twice), Skip is for trainers only,
 * the reveal edits the question, standings follow, and /leaderboard shows the scores.
 * Quiz time runs on the core's ManualClock and bot.tick(); nothing sleeps for it.
 */

import { type APIMessage, type APIUser, InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEAD_IN_MS, PAUSE_MS } from '../../../src/core/quiz/driver.js';
import { adapterErrors, buttonsOf, callbackData, customIdOf, type Harness, startHarness, textOfMessage, until } from './harness.js';

describe('a quiz round on Discord', () => {
  let h: Harness;
  let quizChannel: string;
  let people: { ann: APIUser; ben: APIUser; cat: APIUser };

  beforeAll(async () => {
    h = await startHarness();
    quizChannel = h.fake.guild.channelIds.quiz;
    people = { ann: h.fake.addMember('ann'), ben: h.fake.addMember('ben'), cat: h.fake.addMember('cat') };
  });
  afterAll(async () => {
    expect(adapterErrors(h.fake)).toEqual([]);
    expect(h.fake.callbacks.filter((c) => c.status >= 400)).toEqual([]);
    await h.close();
  });

  /** Bot messages posted to the quiz channel with the bot token (not through an interaction webhook). */
  const channelPosts = () =>
    h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${quizChannel}/messages` && r.status === 200);

  async function click(user: APIUser, message: APIMessage, label: string) {
    const sent = h.fake.clickButton({ user, message, customId: customIdOf(message, label) });
    await h.fake.waitForCallback(sent.id);
    return callbackData(h.fake, sent.id);
  }

  function latestQuestion(): APIMessage {
    const posted = [...h.fake.rest.messages.values()].filter(
      (m) => m.channel_id === quizChannel && m.embeds[0]?.title?.startsWith('Question'),
    );
    return posted.at(-1)!;
  }

  it('runs start → question → clicks → skip → reveal → question → deadline → standings → leaderboard', async () => {
    // A member who is no trainer can't start a round.
    const refused = h.fake.sendSlashCommand({ user: people.ann, name: 'quiz', subcommand: 'start', channelId: quizChannel });
    await h.fake.waitForCallback(refused.id);
    expect(callbackData(h.fake, refused.id).flags).toBe(MessageFlags.Ephemeral);

    // The trainer (holds the role named like DISCORD_TRAINER_ROLE's default, "Trainer") starts one.
    const start = h.fake.sendSlashCommand({
      user: h.fake.people.trainer,
      name: 'quiz',
      subcommand: 'start',
      channelId: quizChannel,
      options: { questions: 2, seconds: 20 },
    });
    await h.fake.waitForCallback(start.id);
    expect(textOfMessage(callbackData(h.fake, start.id))).toMatch(/Quiz time!/);

    h.clock.advance(LEAD_IN_MS);
    await h.bot.tick();
    expect(channelPosts()).toHaveLength(1);
    const q1 = latestQuestion();
    expect(q1.embeds[0]?.title).toBe('Question 1 of 2');
    expect(q1.embeds[0]?.description).toMatch(/<t:\d+:R>/);
    const letters = buttonsOf(q1)[0]!.map((b) => b.label!);
    expect(letters.length).toBeGreaterThanOrEqual(2);

    // Three people answer; Cat clicks twice and keeps her first answer.
    const annReply = await click(people.ann, q1, letters[0]!);
    expect(annReply.flags).toBe(MessageFlags.Ephemeral);
    expect(textOfMessage(annReply)).toMatch(new RegExp(`Locked in: ${letters[0]}`));
    await click(people.ben, q1, letters[1]!);
    await click(people.cat, q1, letters[0]!);
    const second = await click(people.cat, q1, letters[1]!);
    expect(textOfMessage(second)).toMatch(new RegExp(`already answered ${letters[0]}`));

    // The answer count on the question is a live edit of the channel message.
    await until(() => /3 answered/.test(h.fake.message(q1.id).embeds[0]?.footer?.text ?? ''), 'the live answer count');

    // Skip: refused for a member, done for the trainer.
    const memberSkip = await click(people.ben, q1, 'Skip');
    expect(memberSkip.flags).toBe(MessageFlags.Ephemeral);
    expect(textOfMessage(memberSkip)).toMatch(/trainer/i);
    const trainerSkip = await click(h.fake.people.trainer, q1, 'Skip');
    expect(textOfMessage(trainerSkip)).toMatch(/Skipped/);
    await h.bot.tick();

    const revealed = h.fake.message(q1.id);
    expect(revealed.embeds[0]?.title).toBe('Question 1 of 2 · closed');
    expect(revealed.embeds[0]?.fields?.map((f) => f.name)).toContain('Answer');
    expect(
      buttonsOf(revealed)
        .flat()
        .every((b) => b.disabled),
    ).toBe(true);
    expect(textOfMessage(revealed)).toMatch(/3 answered/);

    // A click after the reveal is too late.
    const late = await click(people.ben, revealed, letters[0]!);
    expect(textOfMessage(late)).toMatch(/closed|over/i);

    // Question 2 closes at its deadline.
    h.clock.advance(PAUSE_MS);
    await h.bot.tick();
    const q2 = latestQuestion();
    expect(q2.id).not.toBe(q1.id);
    expect(q2.embeds[0]?.title).toBe('Question 2 of 2');
    await click(people.ann, q2, buttonsOf(q2)[0]![0]!.label!);
    h.clock.advance(20_000);
    await h.bot.tick();
    expect(h.fake.message(q2.id).embeds[0]?.title).toBe('Question 2 of 2 · closed');

    // Final standings: a new channel message with the table.
    h.clock.advance(PAUSE_MS);
    await h.bot.tick();
    const standings = [...h.fake.rest.messages.values()].filter((m) => m.channel_id === quizChannel).at(-1)!;
    expect(standings.embeds[0]?.title).toMatch(/final standings/);
    const standingsText = textOfMessage(standings);
    for (const name of ['Ann', 'Ben', 'Cat']) expect(standingsText).toContain(name);
    expect(channelPosts()).toHaveLength(3);
    // Rounds never go through interaction webhooks.
    expect(h.fake.requests.some((r) => r.path.startsWith('/webhooks/'))).toBe(false);

    const board = h.fake.sendSlashCommand({ user: people.ben, name: 'leaderboard', channelId: quizChannel });
    const cb = await h.fake.waitForCallback(board.id);
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    const boardText = textOfMessage(callbackData(h.fake, board.id));
    for (const name of ['Ann', 'Ben', 'Cat']) expect(boardText).toContain(name);
  });

  it('/trainers add role: admins only; then holders of that role may start rounds', async () => {
    const coach = h.fake.world.guild.roles[0]!;
    const coachRole = { ...coach, id: '1400000000000000001', name: 'Coach', position: 3, permissions: '0' };
    h.fake.world.guild.roles.push(coachRole);
    const dee = h.fake.addMember('dee', [coachRole.id]);

    const byMember = h.fake.sendSlashCommand({ user: dee, name: 'trainers', subcommand: 'add', options: { role: { role: coachRole.id } } });
    await h.fake.waitForCallback(byMember.id);
    expect(textOfMessage(callbackData(h.fake, byMember.id))).toMatch(/admin|Manage Server/i);

    const byAdmin = h.fake.sendSlashCommand({
      user: h.fake.people.admin,
      name: 'trainers',
      subcommand: 'add',
      options: { role: { role: coachRole.id } },
    });
    await h.fake.waitForCallback(byAdmin.id);
    expect(callbackData(h.fake, byAdmin.id).flags).toBe(MessageFlags.Ephemeral);

    const start = h.fake.sendSlashCommand({ user: dee, name: 'quiz', subcommand: 'start', options: { questions: 1 } });
    await h.fake.waitForCallback(start.id);
    expect(textOfMessage(callbackData(h.fake, start.id))).toMatch(/Quiz time!/);
    const stop = h.fake.sendSlashCommand({ user: dee, name: 'quiz', subcommand: 'stop' });
    await h.fake.waitForCallback(stop.id);
    expect(textOfMessage(callbackData(h.fake, stop.id))).toMatch(/Stopping/);
  });

  it('thread:true runs the round in a new public thread', async () => {
    const channel = quizChannel;
    const start = h.fake.sendSlashCommand({
      user: h.fake.people.trainer,
      name: 'quiz',
      subcommand: 'start',
      channelId: channel,
      options: { questions: 1, thread: true },
    });
    await h.fake.waitForCallback(start.id);
    expect(textOfMessage(callbackData(h.fake, start.id))).toMatch(/in the thread/);
    const created = h.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${channel}/threads`);
    expect(created?.status).toBe(201);
    const thread = h.fake.guild.channels.find((c) => c.parentId === channel)!;
    h.clock.advance(LEAD_IN_MS);
    await h.bot.tick();
    const q = [...h.fake.rest.messages.values()].find((m) => m.channel_id === thread.id);
    expect(q?.embeds[0]?.title).toBe('Question 1 of 1');
    // Clicks inside the thread count like anywhere else.
    const answer = await click(people.ann, q!, buttonsOf(q!)[0]![0]!.label!);
    expect(textOfMessage(answer)).toMatch(/Locked in/);
  });
});
