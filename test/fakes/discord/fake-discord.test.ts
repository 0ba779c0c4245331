/**
 * The fake Discord checked against the real discord.js client: if discord.js can log in,
 * receive interactions, answer them and recover from gateway trouble here, the fake
 * speaks the wire format; the refusals prove the fake is strict where Discord is.
 */

import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  Routes,
} from 'discord.js';
import { GatewayOpcodes, InteractionResponseType } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginClient } from './client.js';
import { type FakeDiscord, startFakeDiscord } from './index.js';

function nextInteraction(client: Client): Promise<Interaction> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, resolve));
}

function buttons(n: number, prefix = 'b'): ButtonBuilder[] {
  return Array.from({ length: n }, (_, i) =>
    new ButtonBuilder().setCustomId(`${prefix}${i}`).setLabel(`${i}`).setStyle(ButtonStyle.Secondary),
  );
}

describe('fake Discord with the real discord.js client', () => {
  let fake: FakeDiscord;
  let client: Client<true>;

  beforeAll(async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 300 });
    client = await loginClient(fake);
  });
  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('serves /gateway/bot, identifies, sends READY with resume_gateway_url and GUILD_CREATE', () => {
    expect(fake.requests.some((r) => r.method === 'GET' && r.path === '/gateway/bot' && r.status === 200)).toBe(true);
    const identify = fake.frames.find((f) => f.direction === 'in' && f.op === GatewayOpcodes.Identify);
    expect(identify?.path).toBe('/gateway');
    const ready = fake.frames.find((f) => f.t === 'READY');
    expect((ready!.d as { resume_gateway_url: string }).resume_gateway_url).toBe(fake.resumeUrl);
    expect(client.user.id).toBe(fake.botUser.id);
    expect(client.application.id).toBe(fake.appId);
    expect(client.guilds.cache.get(fake.guild.id)?.channels.cache.has(fake.guild.channelIds.general)).toBe(true);
    expect(fake.gateway.connections[0]?.query).toMatchObject({ v: '10', encoding: 'json' });
  });

  it('acknowledges heartbeats', async () => {
    await fake.waitForFrame((f) => f.direction === 'in' && f.op === GatewayOpcodes.Heartbeat);
    await fake.waitForFrame((f) => f.direction === 'out' && f.op === GatewayOpcodes.HeartbeatAck);
  });

  it('delivers a slash command that discord.js parses, and accepts its reply', async () => {
    const got = nextInteraction(client);
    const sent = fake.sendSlashCommand({ name: 'quiz', subcommand: 'start', options: { topic: 'funnel', questions: 5, thread: true } });
    const interaction = (await got) as ChatInputCommandInteraction;
    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.id).toBe(sent.id);
    expect(interaction.options.getSubcommand()).toBe('start');
    expect(interaction.options.getString('topic')).toBe('funnel');
    expect(interaction.options.getInteger('questions')).toBe(5);
    expect(interaction.options.getBoolean('thread')).toBe(true);
    expect(interaction.memberPermissions?.has('ViewChannel')).toBe(true);
    expect(interaction.appPermissions.has('SendMessages')).toBe(true);
    await interaction.reply({ content: 'ok' });
    const cb = await fake.waitForCallback(sent.id);
    expect(cb).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
    await interaction.editReply({ content: 'edited' });
    await interaction.followUp({ content: 'and more', flags: 64 });
    expect(fake.requests.filter((r) => r.path.startsWith(`/webhooks/${fake.appId}/`)).map((r) => [r.method, r.status])).toEqual([
      ['PATCH', 200],
      ['POST', 200],
    ]);
  });

  it('delivers autocomplete with the focused option and accepts 25 choices but not 26', async () => {
    const got = nextInteraction(client);
    const sent = fake.sendAutocomplete({ name: 'explain', focused: 'topic', value: 'fun' });
    const interaction = await got;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'topic', value: 'fun' });
    const choices = Array.from({ length: 26 }, (_, i) => ({ name: `c${i}`, value: `c${i}` }));
    await expect(interaction.respond(choices)).rejects.toMatchObject({ code: 50035 });
    const second = fake.sendAutocomplete({ name: 'explain', focused: 'topic', value: 'fun' });
    const again = await new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
    if (!again.isAutocomplete()) throw new Error('expected autocomplete');
    await again.respond(choices.slice(0, 25));
    expect((await fake.waitForCallback(second.id)).status).toBe(204);
    expect((await fake.waitForCallback(sent.id)).code).toBe(50035);
  });

  it('delivers a button click on a posted message, with custom_id and the message', async () => {
    const channel = await client.channels.fetch(fake.guild.channelIds.general);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const posted = await channel.send({
      content: 'Pick one',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons(2))],
    });
    const got = nextInteraction(client);
    const sent = fake.clickButton({ message: posted.id, customId: 'b1' });
    const click = await got;
    if (!click.isButton()) throw new Error('expected a button');
    expect(click.customId).toBe('b1');
    expect(click.message.id).toBe(posted.id);
    await click.update({ content: 'Picked' });
    expect((await fake.waitForCallback(sent.id)).type).toBe(InteractionResponseType.UpdateMessage);
    expect(fake.message(posted.id).content).toBe('Picked');
  });

  it('delivers mentions and DMs as MESSAGE_CREATE', async () => {
    const got = new Promise<import('discord.js').Message>((resolve) => client.once(Events.MessageCreate, resolve));
    fake.sendMessage({ content: `<@${fake.botUser.id}> what is the funnel?` });
    const mention = await got;
    expect(mention.mentions.users.has(fake.botUser.id)).toBe(true);
    expect(mention.guildId).toBe(fake.guild.id);
    const dmGot = new Promise<import('discord.js').Message>((resolve) => client.once(Events.MessageCreate, resolve));
    fake.sendMessage({ content: 'hello', dm: true });
    const dm = await dmGot;
    expect(dm.guildId).toBeNull();
    expect(dm.channel.isDMBased()).toBe(true);
    await dm.reply({ content: 'hi', allowedMentions: { parse: [] } });
    const post = await fake.waitForRequest((r) => r.method === 'POST' && r.path === `/channels/${dm.channelId}/messages`);
    expect(post.status).toBe(200);
  });

  describe('refuses what Discord refuses', () => {
    it('40060 on a second acknowledgement', async () => {
      const got = nextInteraction(client);
      const sent = fake.sendSlashCommand({ name: 'help' });
      await got;
      await client.rest.post(Routes.interactionCallback(sent.id, sent.token), { body: { type: 5 }, auth: false });
      const second = client.rest.post(Routes.interactionCallback(sent.id, sent.token), {
        body: { type: 4, data: { content: 'x' } },
        auth: false,
      });
      await expect(second).rejects.toMatchObject({ code: 40060, status: 400 });
    });

    it('50035 for each message limit, 50006 for an empty message', async () => {
      const cases: [string, object][] = [
        ['content', { content: 'x'.repeat(2001) }],
        ['6 buttons in a row', { components: [{ type: 1, components: buttons(6).map((b) => b.toJSON()) }] }],
        [
          '6 rows',
          { components: Array.from({ length: 6 }, (_, i) => ({ type: 1, components: buttons(1, `r${i}`).map((b) => b.toJSON()) })) },
        ],
        ['custom_id 101', { components: [{ type: 1, components: [{ type: 2, style: 2, label: 'a', custom_id: 'x'.repeat(101) }] }] }],
        [
          'label 81',
          { components: [{ type: 2, style: 2, label: 'x'.repeat(81), custom_id: 'a' }].map((c) => ({ type: 1, components: [c] })) },
        ],
        ['embed title 257', { embeds: [{ title: 'x'.repeat(257) }] }],
        ['embed description 4097', { embeds: [{ description: 'x'.repeat(4097) }] }],
        ['26 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }],
        ['field name 257', { embeds: [{ fields: [{ name: 'x'.repeat(257), value: 'v' }] }] }],
        ['field value 1025', { embeds: [{ fields: [{ name: 'n', value: 'x'.repeat(1025) }] }] }],
        [
          'total 6001',
          {
            embeds: [
              {
                title: 'x'.repeat(200),
                description: 'x'.repeat(4000),
                fields: [
                  { name: 'n', value: 'x'.repeat(1000) },
                  { name: 'n', value: 'x'.repeat(800) },
                ],
              },
            ],
          },
        ],
      ];
      for (const [what, body] of cases) {
        const err = await client.rest.post(Routes.channelMessages(fake.guild.channelIds.general), { body }).catch((e: unknown) => e);
        expect(err, what).toBeInstanceOf(DiscordAPIError);
        expect((err as DiscordAPIError).code, what).toBe(50035);
      }
      const empty = await client.rest
        .post(Routes.channelMessages(fake.guild.channelIds.general), { body: { content: '' } })
        .catch((e: unknown) => e);
      expect((empty as DiscordAPIError).code).toBe(50006);
    });

    it('50035 in an interaction callback, leaving the interaction unacknowledged', async () => {
      const got = nextInteraction(client);
      const sent = fake.sendSlashCommand({ name: 'help' });
      const i = (await got) as ChatInputCommandInteraction;
      await expect(i.reply({ content: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 50035 });
      await client.rest.post(Routes.interactionCallback(sent.id, sent.token), {
        body: { type: 4, data: { content: 'fine' } },
        auth: false,
      });
      expect(fake.callbacks.filter((c) => c.interactionId === sent.id).map((c) => c.status)).toEqual([400, 204]);
    });

    it('403 50001 / 50013 where the bot lacks access or permissions, 10008 for an unknown message', async () => {
      fake.denyChannel(fake.guild.channelIds.quiz, 50013);
      await expect(client.rest.post(Routes.channelMessages(fake.guild.channelIds.quiz), { body: { content: 'hi' } })).rejects.toMatchObject(
        { code: 50013, status: 403 },
      );
      fake.denyChannel(fake.guild.channelIds.quiz, 50001);
      await expect(client.rest.post(Routes.channelMessages(fake.guild.channelIds.quiz), { body: { content: 'hi' } })).rejects.toMatchObject(
        { code: 50001 },
      );
      fake.rest.channelFaults.clear();
      await expect(
        client.rest.patch(Routes.channelMessage(fake.guild.channelIds.general, '123456789012345678'), { body: { content: 'x' } }),
      ).rejects.toMatchObject({ code: 10008 });
    });

    it('50035 for a bad command registration', async () => {
      const bad = [{ name: 'Bad Name', description: 'x', type: 1 }];
      await expect(client.rest.put(Routes.applicationCommands(fake.appId), { body: bad })).rejects.toMatchObject({ code: 50035 });
      const good = [
        { name: 'ask', description: 'Ask', type: 1, options: [{ type: 3, name: 'question', description: 'q', required: true }] },
      ];
      const saved = (await client.rest.put(Routes.applicationGuildCommands(fake.appId, fake.guild.id), { body: good })) as { id: string }[];
      expect(saved[0]?.id).toMatch(/^\d{17,20}$/);
    });
  });

  describe('injected faults', () => {
    it('a 429 on a route is waited out by discord.js and the request then succeeds', async () => {
      fake.rateLimitNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, count: 1, retryAfterSeconds: 0.1 });
      const limited = new Promise((resolve) => client.rest.once('rateLimited', resolve));
      await client.rest.post(Routes.channelMessages(fake.guild.channelIds.general), { body: { content: 'after the limit' } });
      expect(await limited).toMatchObject({ global: false, scope: 'user' });
      const posts = fake.requests.filter((r) => r.body && (r.body as { content?: string }).content === 'after the limit');
      expect(posts.map((r) => r.status)).toEqual([429, 200]);
    });

    it('a 500 is retried by discord.js', async () => {
      fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, count: 1 });
      await client.rest.post(Routes.channelMessages(fake.guild.channelIds.general), { body: { content: 'after a 500' } });
      const posts = fake.requests.filter((r) => (r.body as { content?: string } | undefined)?.content === 'after a 500');
      expect(posts.map((r) => r.status)).toEqual([500, 200]);
    });
  });
});

describe('fake Discord: the 3-second window', () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  beforeAll(async () => {
    fake = await startFakeDiscord({ interactionAckWindowMs: 50 });
    client = await loginClient(fake);
  });
  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  it('answers 10062 Unknown interaction to a callback after the window', async () => {
    const got = nextInteraction(client);
    const sent = fake.sendSlashCommand({ name: 'help' });
    const i = (await got) as ChatInputCommandInteraction;
    await new Promise((r) => setTimeout(r, 120));
    await expect(i.reply({ content: 'too late' })).rejects.toMatchObject({ code: 10062, status: 404 });
    expect((await fake.waitForCallback(sent.id)).code).toBe(10062);
  });
});

describe('fake Discord: gateway disturbances', () => {
  let fake: FakeDiscord;
  let client: Client<true>;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    client = await loginClient(fake);
  });
  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  async function resumeAfter(disturb: () => void) {
    const seqBefore = fake.gateway.lastSequence;
    const framesBefore = fake.frames.length;
    const resumed = once(client, Events.ShardResume);
    disturb();
    const resume = await fake.waitForFrame(
      (f) => fake.frames.indexOf(f) >= framesBefore && f.direction === 'in' && f.op === GatewayOpcodes.Resume,
    );
    expect(resume.path).toBe('/resume');
    expect(resume.d).toMatchObject({ seq: seqBefore, session_id: fake.gateway.sessionId, token: fake.token });
    await fake.waitForFrame((f) => fake.frames.indexOf(f) >= framesBefore && f.t === 'RESUMED');
    await resumed;
  }

  it('op 7 Reconnect: discord.js resumes on resume_gateway_url with the last sequence', async () => {
    await resumeAfter(() => fake.reconnect());
  });

  it('a dropped socket: discord.js resumes, and events sent while down are replayed', async () => {
    await resumeAfter(() => {
      fake.dropSocket();
    });
    // Sent while nobody listens: kept in the session log and replayed on the next resume.
    const resumed = once(client, Events.ShardResume);
    fake.dropSocket();
    const got = nextInteraction(client);
    const sent = fake.sendSlashCommand({ name: 'help' });
    expect((await got).id).toBe(sent.id);
    await resumed;
  });

  // discord.js waits out its 5-second identify throttle before identifying again.
  it('op 9 Invalid Session: discord.js identifies afresh on the gateway URL', { timeout: 20_000 }, async () => {
    const framesBefore = fake.frames.length;
    const oldSession = fake.gateway.sessionId;
    const ready = once(client, Events.ShardReady);
    fake.invalidateSession();
    const identify = await fake.waitForFrame(
      (f) => fake.frames.indexOf(f) >= framesBefore && f.direction === 'in' && f.op === GatewayOpcodes.Identify,
    );
    expect(identify.path).toBe('/gateway');
    await fake.waitForFrame((f) => fake.frames.indexOf(f) >= framesBefore && f.t === 'READY');
    expect(fake.gateway.sessionId).not.toBe(oldSession);
    await ready;
  });
});

describe('fake Discord: privileged intents', () => {
  it('closes with 4014 when MessageContent is asked for without being granted', async () => {
    const fake = await startFakeDiscord();
    const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent], rest: { api: fake.apiUrl } });
    const failure = new Promise<Error>((resolve) => client.on(Events.ShardError, resolve));
    void client.login(fake.token).catch(() => undefined);
    try {
      expect((await failure).message).toMatch(/disallowed intents/i);
      await fake.gateway.waitFor(() => fake.gateway.connections[0]?.closeCode === 4014, 'close 4014');
    } finally {
      await client.destroy();
      await fake.close();
    }
  });
});
