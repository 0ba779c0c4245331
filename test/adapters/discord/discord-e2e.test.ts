/**
 * The Discord adapter end to end: real discord.js against the fake Discord, real core.
 * Each test sends what Discord would send and checks what reached the fake's REST API.
 */

import { InteractionResponseType, MessageFlags, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYONE_PERMISSIONS } from '../../fakes/discord/world.js';
import { adapterErrors, buttonsOf, callbackData, type Harness, startHarness, textOfMessage, until } from './harness.js';

describe('Discord adapter end to end', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    // Over everything this file did: the adapter never answered late, twice, or out of limits.
    expect(adapterErrors(h.fake)).toEqual([]);
    expect(h.fake.callbacks.filter((c) => c.status >= 400)).toEqual([]);
    // Failures were logged along the way, without the bot token or any interaction token.
    const logged = JSON.stringify(h.logs);
    expect(h.logs.some((l) => l.level >= 40)).toBe(true);
    expect(logged).not.toContain(h.fake.token);
    for (const st of h.fake.rest.interactions.values()) expect(logged).not.toContain(st.payload.token);
    await h.close();
  });

  it('registered the slash commands in DISCORD_GUILD_ID at start', () => {
    const put = h.fake.requests.find(
      (r) => r.method === 'PUT' && r.path === `/applications/${h.fake.appId}/guilds/${h.fake.guild.id}/commands`,
    );
    expect(put?.status).toBe(200);
    const names = (put!.body as { name: string }[]).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['ask', 'explain', 'quiz', 'leaderboard', 'trainers', 'forget-me']));
  });

  it('/ask answers with the comparison and "did you mean" buttons; clicking one explains that topic', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'What is the difference between sales and marketing?' } });
    const cb = await h.fake.waitForCallback(sent.id);
    expect(cb).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
    const data = callbackData(h.fake, sent.id);
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(data.flags ?? 0).toBe(0);
    const embed = data.embeds![0]!;
    expect(embed.title).toBe('How sales and marketing differ');
    expect(embed.fields?.map((f) => f.name)).toEqual(['Sales', 'Marketing']);
    // One row of suggestions, then the Helpful / Not helpful row last.
    const [suggestions, controls] = [buttonsOf(data).at(-2)!, buttonsOf(data).at(-1)!];
    expect(suggestions.length).toBeGreaterThanOrEqual(2);
    expect(suggestions.every((b) => b.custom_id?.startsWith('ex:'))).toBe(true);
    expect(controls.map((b) => [b.label, b.custom_id?.split(':').slice(0, 2).join(':')])).toEqual([
      ['Helpful', 'fb:up'],
      ['Not helpful', 'fb:down'],
    ]);

    const original = [...h.fake.rest.messages.values()].find((m) => m.embeds[0]?.title === 'How sales and marketing differ')!;
    const target = suggestions[0]!;
    const click = h.fake.clickButton({ message: original, customId: target.custom_id! });
    await h.fake.waitForCallback(click.id);
    const explained = callbackData(h.fake, click.id);
    const topicId = target.custom_id!.slice(3);
    expect(explained.embeds?.[0]?.title).toBe(h.kb.byId.get(topicId)!.title);
  });

  it('/ask off the subject: an honest "outside what I know", no invented answer', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'What is the weather in Paris tomorrow?' } });
    await h.fake.waitForCallback(sent.id);
    const text = textOfMessage(callbackData(h.fake, sent.id));
    expect(text).toMatch(/outside what I know/);
    expect(text).toContain('See everything I know with /topics');
  });

  it('/explain autocomplete is answered from the topics', async () => {
    const sent = h.fake.sendAutocomplete({ name: 'explain', focused: 'topic', value: 'funn' });
    const cb = await h.fake.waitForCallback(sent.id);
    expect(cb.type).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
    const choices = (cb.body.data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.map((c) => c.value)).toContain('funnel');

    const quiz = h.fake.sendAutocomplete({ name: 'quiz', subcommand: 'start', focused: 'topic', value: 'funnel, sco' });
    const quizChoices = ((await h.fake.waitForCallback(quiz.id)).body.data as { choices: { value: string }[] }).choices;
    expect(quizChoices.map((c) => c.value)).toContain('funnel,scope');

    // Any declared topic option is completed: the inbox's `/gaps teach` too (one topic, not a list).
    const teach = h.fake.sendAutocomplete({ name: 'gaps', subcommand: 'teach', focused: 'topic', value: 'funn' });
    const teachChoices = ((await h.fake.waitForCallback(teach.id)).body.data as { choices: { value: string }[] }).choices;
    expect(teachChoices.map((c) => c.value)).toContain('funnel');
  });

  it('spells command references the Discord way (/explain topic:…)', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'topics' });
    await h.fake.waitForCallback(sent.id);
    expect(callbackData(h.fake, sent.id).embeds?.[0]?.description).toContain('`/explain topic:<topic>`');
  });

  it('a mention in a channel is answered as a reply to that message', async () => {
    const msg = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> is cold calling sales or marketing?` });
    const post = await h.fake.waitForRequest(
      (r) =>
        r.method === 'POST' &&
        r.path === `/channels/${msg.channel_id}/messages` &&
        (r.body as { message_reference?: { message_id: string } }).message_reference?.message_id === msg.id,
    );
    expect(post.status).toBe(200);
    const body = post.body as { embeds: { title: string }[]; allowed_mentions: unknown };
    expect(body.embeds[0]?.title).toMatch(/^Cold calling: sales/);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a DM is answered in the DM', async () => {
    const msg = h.fake.sendMessage({ content: 'what is the funnel?', dm: true });
    const post = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${msg.channel_id}/messages`);
    expect(post.status).toBe(200);
    expect(textOfMessage(post.body as object)).toMatch(/funnel/i);
  });

  it('ignores other bots, and ordinary channel messages that do not mention it', async () => {
    const before = h.fake.requests.length;
    const robot = h.fake.addMember('robot');
    robot.bot = true;
    h.fake.sendMessage({ user: robot, content: `<@${h.fake.botUser.id}> what is the funnel?` });
    h.fake.sendMessage({ content: 'lunch anyone?' });
    // A later mention is answered; nothing was posted for the two before it.
    const marker = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what is marketing?` });
    await h.fake.waitForRequest(
      (r) => (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === marker.id,
    );
    const posts = h.fake.requests.slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
    expect(posts).toHaveLength(1);
  });

  it('@everyone inside a question never pings: allowed_mentions.parse is empty and the text is escaped', async () => {
    const msg = h.fake.sendMessage({
      content: `<@${h.fake.botUser.id}> @everyone what is the funnel <@&${h.fake.guild.roleIds.trainer}>?`,
    });
    const post = await h.fake.waitForRequest(
      (r) => (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === msg.id,
    );
    expect((post.body as { allowed_mentions: unknown }).allowed_mentions).toEqual({ parse: [], replied_user: false });
    const slash = h.fake.sendSlashCommand({ name: 'explain', options: { topic: '@everyone **bold** <@123456789012345678>' } });
    await h.fake.waitForCallback(slash.id);
    const data = callbackData(h.fake, slash.id);
    expect(data.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(textOfMessage(data)).not.toMatch(/(?<!\\)@everyone/);
  });

  it('/quiz start by someone who is not a trainer is refused, privately', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'quiz', subcommand: 'start', options: { questions: 3 } });
    await h.fake.waitForCallback(sent.id);
    const data = callbackData(h.fake, sent.id);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(textOfMessage(data)).toMatch(/trainer/i);
  });

  it('/quiz start where the bot lacks channel permissions is refused, naming what is missing', async () => {
    const perms = EVERYONE_PERMISSIONS & ~PermissionFlagsBits.EmbedLinks & ~PermissionFlagsBits.AddReactions;
    const sent = h.fake.sendSlashCommand({ user: h.fake.people.trainer, name: 'quiz', subcommand: 'start', appPermissions: perms });
    await h.fake.waitForCallback(sent.id);
    const data = callbackData(h.fake, sent.id);
    expect(data.flags).toBe(MessageFlags.Ephemeral);
    expect(data.content).toMatch(/Embed Links, Add Reactions/);

    const noThreads = EVERYONE_PERMISSIONS & ~PermissionFlagsBits.CreatePublicThreads;
    const inThread = h.fake.sendSlashCommand({
      user: h.fake.people.trainer,
      name: 'quiz',
      subcommand: 'start',
      options: { thread: true },
      appPermissions: noThreads,
    });
    await h.fake.waitForCallback(inThread.id);
    expect(callbackData(h.fake, inThread.id).content).toMatch(/Create Public Threads/);
  });

  it('/stats is private (ephemeral)', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'stats' });
    await h.fake.waitForCallback(sent.id);
    expect(callbackData(h.fake, sent.id).flags).toBe(MessageFlags.Ephemeral);
  });

  it('/help lists the commands', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'help' });
    await h.fake.waitForCallback(sent.id);
    const data = callbackData(h.fake, sent.id);
    const text = data.embeds?.[0]?.description ?? '';
    // Each command with its arguments, as a Discord user types it.
    expect(text).toContain('`/ask <question>`');
    expect(text).toContain('`/quiz start [topic:<id,id>] [questions:1-50] [seconds:5-300] [speed_bonus:on|off] [thread:on|off]`');
    expect(text).toContain('`/trainers add [@role] [@person]`');
  });

  it('survives a 429 on the interaction callback route and a 500 on channel messages', async () => {
    h.fake.rateLimitNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, count: 1, retryAfterSeconds: 0.1 });
    const sent = h.fake.sendSlashCommand({ name: 'topics' });
    await h.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${sent.id}/`) && r.status === 204);
    expect(h.fake.requests.filter((r) => r.path.startsWith(`/interactions/${sent.id}/`)).map((r) => r.status)).toEqual([429, 204]);
    expect(h.logs.some((l) => l.msg === 'discord answered 429; retrying after the wait')).toBe(true);

    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, count: 1 });
    const msg = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what is sales?` });
    const ok = await h.fake.waitForRequest(
      (r) =>
        r.status === 200 &&
        (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === msg.id,
    );
    expect(ok).toBeDefined();
    const tries = h.fake.requests.filter(
      (r) => (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === msg.id,
    );
    expect(tries.map((r) => r.status)).toEqual([500, 200]);
  });

  it('keeps working when REST fails for good (four 500s): logged, not crashed', async () => {
    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, count: 4 });
    const msg = h.fake.sendMessage({ content: `<@${h.fake.botUser.id}> what is marketing?` });
    await until(() => h.logs.some((l) => l.msg === 'could not answer a mention or DM'), 'the failure log');
    const tries = h.fake.requests.filter(
      (r) => (r.body as { message_reference?: { message_id: string } } | undefined)?.message_reference?.message_id === msg.id,
    );
    expect(tries.map((r) => r.status)).toEqual([500, 500, 500, 500]);
    const sent = h.fake.sendSlashCommand({ name: 'topics' });
    expect((await h.fake.waitForCallback(sent.id)).status).toBe(204);
  });
});

describe('Discord adapter: a slow core', () => {
  let h: Harness;
  beforeAll(async () => {
    // The core takes longer than the defer threshold: the adapter must defer, then edit.
    h = await startHarness({
      tuning: { deferAfterMs: 50 },
      wrapBot: (bot) => ({
        ...bot,
        handle: async (inbound) => {
          await new Promise((r) => setTimeout(r, 150));
          return bot.handle(inbound);
        },
      }),
    });
  });
  afterAll(async () => {
    expect(adapterErrors(h.fake)).toEqual([]);
    await h.close();
  });

  it('defers a slash command, then edits the original with the answer', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'ask', options: { question: 'What is marketing?' } });
    const cb = await h.fake.waitForCallback(sent.id);
    expect(cb.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
    const edit = await h.fake.waitForRequest(
      (r) => r.method === 'PATCH' && r.path === `/webhooks/${h.fake.appId}/${sent.token}/messages/@original`,
    );
    expect(edit.status).toBe(200);
    expect(textOfMessage(edit.body as object)).toMatch(/marketing/i);
    expect(h.fake.callbacks.filter((c) => c.interactionId === sent.id)).toHaveLength(1);
  });

  it('defers a private command ephemerally', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'stats' });
    const cb = await h.fake.waitForCallback(sent.id);
    expect(cb).toMatchObject({
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      body: { data: { flags: MessageFlags.Ephemeral } },
    });
    await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.includes(sent.token));
  });

  it('a public deferral whose answer turns out private is replaced by an ephemeral follow-up', async () => {
    // Not a trainer: the core answers /quiz status-like refusals privately; /quiz next is refused privately.
    const sent = h.fake.sendSlashCommand({ name: 'quiz', subcommand: 'next' });
    await h.fake.waitForCallback(sent.id);
    const follow = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${h.fake.appId}/${sent.token}`);
    expect((follow.body as { flags: number }).flags).toBe(MessageFlags.Ephemeral);
    expect(h.fake.requests.some((r) => r.method === 'DELETE' && r.path.includes(sent.token))).toBe(true);
  });
});
