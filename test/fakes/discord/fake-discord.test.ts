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
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  Routes,
  StringSelectMenuBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import { type APIChannel, ChannelType, GatewayOpcodes, InteractionResponseType } from 'discord-api-types/v10';
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

/** The error codes Discord's 50035 body holds at a field path (`data.title: CODE` → the codes under data.title). */
function errorCodesAt(err: unknown, flat: string): string[] {
  let tree: unknown = ((err as DiscordAPIError).rawError as { errors?: unknown }).errors;
  for (const key of flat.split(': ')[0]!.split('.')) tree = (tree as Record<string, unknown> | undefined)?.[key];
  return ((tree as { _errors?: { code: string }[] } | undefined)?._errors ?? []).map((e) => e.code);
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

  it('opens a DM channel (the same one for the same person) and keeps what the bot posts there', async () => {
    const person = fake.addMember('dora');
    const first = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: person.id } })) as APIChannel;
    const again = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: person.id } })) as APIChannel;
    expect(first).toMatchObject({ type: ChannelType.DM, recipients: [{ id: person.id }] });
    expect(again.id).toBe(first.id);
    const other = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: fake.people.admin.id } })) as APIChannel;
    expect(other.id).not.toBe(first.id);
    expect(fake.directMessages(person)).toEqual([]);
    await client.rest.post(Routes.channelMessages(first.id), { body: { content: 'Someone answered your question.' } });
    const [dm] = await fake.waitForDirectMessages(person);
    expect(dm).toMatchObject({ channel_id: first.id, content: 'Someone answered your question.', author: { id: fake.botUser.id } });
    expect(dm).not.toHaveProperty('guild_id');
    expect(fake.directMessages(fake.people.admin)).toEqual([]);
  });

  it('403 50007 when the person accepts no DMs from the bot; the channel still opens', async () => {
    const person = fake.addMember('quiet');
    fake.closeDirectMessages(person);
    const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: person.id } })) as APIChannel;
    await expect(client.rest.post(Routes.channelMessages(dm.id), { body: { content: 'hi' } })).rejects.toMatchObject({
      code: 50007,
      status: 403,
    });
    expect(fake.directMessages(person)).toEqual([]);
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
        ['empty button label', { components: [{ type: 1, components: [{ type: 2, style: 2, label: '', custom_id: 'a' }] }] }],
        [
          'empty option label',
          { components: [{ type: 1, components: [{ type: 3, custom_id: 's', options: [{ label: '', value: 'v' }] }] }] },
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

describe('fake Discord: modals and string selects with the real discord.js client', () => {
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

  async function slash(name = 'teach'): Promise<{ sent: { id: string; token: string }; i: ChatInputCommandInteraction }> {
    const got = nextInteraction(client);
    const sent = fake.sendSlashCommand({ name, user: fake.people.trainer });
    return { sent, i: (await got) as ChatInputCommandInteraction };
  }

  const classicModal = () =>
    new ModalBuilder()
      .setCustomId('kb:answer')
      .setTitle('Team answer')
      .addComponents(
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder().setCustomId('answer').setLabel('Your answer').setStyle(TextInputStyle.Paragraph).setMaxLength(50),
        ),
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder().setCustomId('source').setLabel('Source').setStyle(TextInputStyle.Short).setRequired(false),
        ),
      );

  /** Posts raw JSON to the callback route, past discord.js's builders, to see what the fake refuses. */
  const rawCallback = (sent: { id: string; token: string }, body: object) =>
    client.rest.post(Routes.interactionCallback(sent.id, sent.token), { body, auth: false }).catch((e: unknown) => e as DiscordAPIError);

  it('records a modal opened with action rows and delivers its submission as MODAL_SUBMIT', async () => {
    const { sent, i } = await slash();
    await i.showModal(classicModal());
    const modal = await fake.waitForModal(sent.id);
    expect(modal).toMatchObject({ userId: fake.people.trainer.id, data: { custom_id: 'kb:answer', title: 'Team answer' } });
    expect((await fake.waitForCallback(sent.id)).type).toBe(InteractionResponseType.Modal);

    const got = nextInteraction(client);
    const submitted = fake.submitModal({ modal, values: { answer: 'MQLs come from marketing.' } });
    const submit = (await got) as ModalSubmitInteraction;
    expect(submit.isModalSubmit()).toBe(true);
    expect(submit.id).toBe(submitted.id);
    expect(submit.token).not.toBe(sent.token);
    expect(submit.customId).toBe('kb:answer');
    expect(submit.fields.getTextInputValue('answer')).toBe('MQLs come from marketing.');
    expect(submit.fields.getTextInputValue('source')).toBe('');
    expect(submit.user.id).toBe(fake.people.trainer.id);
    expect(submit.guildId).toBe(fake.guild.id);
    expect(submit.channelId).toBe(fake.guild.channelIds.general);
    expect(submit.isFromMessage()).toBe(false);
    await submit.reply({ content: 'Saved', flags: 64 });
    expect((await fake.waitForCallback(submitted.id)).status).toBe(204);
    // Acknowledged: the modal is closed and cannot be sent again.
    expect(() => fake.submitModal({ modal, values: { answer: 'again' } })).toThrow(/already submitted/);
  });

  it('supports label components with a text input, a string select and a text display', async () => {
    const { sent, i } = await slash();
    const modal = new ModalBuilder()
      .setCustomId('kb:new')
      .setTitle('New team answer')
      .addTextDisplayComponents(new TextDisplayBuilder().setContent('Answers are shared with the team.'))
      .addLabelComponents(
        new LabelBuilder()
          .setLabel('Topic')
          .setStringSelectMenuComponent(
            new StringSelectMenuBuilder()
              .setCustomId('topic')
              .addOptions({ label: 'Funnel', value: 'funnel' }, { label: 'Lead scoring', value: 'scoring', default: true }),
          ),
        new LabelBuilder()
          .setLabel('Answer')
          .setDescription('Plain words, please')
          .setTextInputComponent(new TextInputBuilder().setCustomId('answer').setStyle(TextInputStyle.Paragraph).setValue('draft')),
      );
    await i.showModal(modal);
    await fake.waitForModal(sent.id);
    const got = nextInteraction(client);
    fake.submitModal({ modal: sent.id, values: { topic: ['funnel'] } });
    const submit = (await got) as ModalSubmitInteraction;
    expect(submit.fields.getStringSelectValues('topic')).toEqual(['funnel']);
    // Left alone, the pre-filled value is what comes back.
    expect(submit.fields.getTextInputValue('answer')).toBe('draft');
    const raw = fake.frames.filter((f) => f.t === 'INTERACTION_CREATE').at(-1)!.d as { data: { components: unknown[] } };
    expect(raw.data.components).toEqual([
      { type: 10, id: 1 },
      { type: 18, id: 2, component: { type: 3, id: 3, custom_id: 'topic', values: ['funnel'] } },
      { type: 18, id: 4, component: { type: 4, id: 5, custom_id: 'answer', value: 'draft' } },
    ]);
  });

  it('a modal opened from a button carries the message, and its submission may update that message', async () => {
    const channel = await client.channels.fetch(fake.guild.channelIds.general);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const posted = await channel.send({
      content: 'Was this helpful?',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons(2))],
    });
    const got = nextInteraction(client);
    const click = fake.clickButton({ message: posted.id, customId: 'b1', user: fake.people.trainer });
    const button = await got;
    if (!button.isButton()) throw new Error('expected a button');
    await button.showModal(classicModal());
    await fake.waitForModal(click.id);
    const gotSubmit = nextInteraction(client);
    const submitted = fake.submitModal({ modal: click.id, values: { answer: 'Better answer' } });
    const submit = (await gotSubmit) as ModalSubmitInteraction;
    expect(submit.isFromMessage()).toBe(true);
    expect(submit.message?.id).toBe(posted.id);
    if (!submit.isFromMessage()) throw new Error('expected a modal from a message');
    await submit.update({ content: 'Thanks!', components: [] });
    expect((await fake.waitForCallback(submitted.id)).type).toBe(InteractionResponseType.UpdateMessage);
    expect(fake.message(posted.id).content).toBe('Thanks!');
  });

  it('refuses to fill in a modal the way the Discord client would not', async () => {
    const { sent, i } = await slash();
    await i.showModal(classicModal());
    const modal = await fake.waitForModal(sent.id);
    expect(() => fake.submitModal({ modal, values: {} })).toThrow(/"answer" .* is required/);
    expect(() => fake.submitModal({ modal, values: { answer: 'x'.repeat(51) } })).toThrow(/at most 50 characters/);
    expect(() => fake.submitModal({ modal, values: { answer: 'ok', nope: 'x' } })).toThrow(/no input "nope"/);
    expect(() => fake.submitModal({ modal, values: { answer: 'ok' }, user: fake.people.member })).toThrow(/only tina sees/);
    expect(() => fake.submitModal({ modal: '123456789012345678' })).toThrow(/opened no modal/);
    // An unanswered submission leaves the modal open: the person may send it again.
    const first = fake.submitModal({ modal, values: { answer: 'ok' } });
    const second = fake.submitModal({ modal, values: { answer: 'ok again' } });
    expect(modal.submissions).toEqual([first.id, second.id]);
  });

  it('delivers a string select choice as component_type 3 with values, and refuses choices the client cannot make', async () => {
    const channel = await client.channels.fetch(fake.guild.channelIds.general);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const menu = new StringSelectMenuBuilder()
      .setCustomId('topic')
      .setPlaceholder('Pick a topic')
      .setMaxValues(2)
      .addOptions(
        { label: 'Funnel', value: 'funnel', description: 'Stages' },
        { label: 'MQL', value: 'mql' },
        { label: 'SQL', value: 'sql' },
      );
    const posted = await channel.send({
      content: 'Topic?',
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu)],
    });
    const got = nextInteraction(client);
    const sent = fake.chooseOption({ message: posted.id, customId: 'topic', values: ['mql', 'sql'] });
    const choice = await got;
    if (!choice.isStringSelectMenu()) throw new Error('expected a string select');
    expect(choice.id).toBe(sent.id);
    expect(choice.customId).toBe('topic');
    expect(choice.values).toEqual(['mql', 'sql']);
    expect(choice.message.id).toBe(posted.id);
    expect(() => fake.chooseOption({ message: posted.id, customId: 'topic', values: ['nope'] })).toThrow(/no option "nope"/);
    expect(() => fake.chooseOption({ message: posted.id, customId: 'topic', values: [] })).toThrow(/takes 1 to 2 option/);
    expect(() => fake.chooseOption({ message: posted.id, customId: 'other', values: ['mql'] })).toThrow(/no string select "other"/);
    await choice.update({ content: 'Topic: MQL, SQL', components: [] });
    expect((await fake.waitForCallback(sent.id)).status).toBe(204);
    // Once the message lost its menu, there is nothing left to choose from.
    expect(() => fake.chooseOption({ message: posted.id, customId: 'topic', values: ['mql'] })).toThrow(/no string select "topic"/);
  });

  it('keeps autocomplete for slash commands', async () => {
    const got = nextInteraction(client);
    const sent = fake.sendAutocomplete({ name: 'teach', focused: 'topic', value: 'fu' });
    const auto = await got;
    if (!auto.isAutocomplete()) throw new Error('expected autocomplete');
    await auto.respond([{ name: 'Funnel', value: 'funnel' }]);
    expect((await fake.waitForCallback(sent.id)).status).toBe(204);
  });

  describe('refuses modals Discord refuses', () => {
    const row = (input: object) => ({ type: 1, components: [{ type: 4, custom_id: 'a', style: 1, label: 'A', ...input }] });
    const modalBody = (data: object) => ({ type: 9, data: { custom_id: 'm', title: 'T', components: [row({})], ...data } });
    const cases: [string, object, string][] = [
      ['title over 45', modalBody({ title: 'x'.repeat(46) }), 'data.title: BASE_TYPE_MAX_LENGTH'],
      ['no title', modalBody({ title: undefined }), 'data.title: BASE_TYPE_REQUIRED'],
      ['an empty title', modalBody({ title: '' }), 'data.title: BASE_TYPE_REQUIRED'],
      [
        'an empty label',
        modalBody({ components: [{ type: 18, label: '', component: { type: 4, custom_id: 'a', style: 1 } }] }),
        'data.components.0.label: BASE_TYPE_REQUIRED',
      ],
      ['custom_id over 100', modalBody({ custom_id: 'x'.repeat(101) }), 'data.custom_id: BASE_TYPE_MAX_LENGTH'],
      [
        '6 rows',
        modalBody({
          components: Array.from({ length: 6 }, (_, k) => ({
            type: 1,
            components: [{ type: 4, custom_id: `a${k}`, style: 1, label: 'A' }],
          })),
        }),
        'data.components: BASE_TYPE_BAD_LENGTH',
      ],
      ['no rows', modalBody({ components: [] }), 'data.components: BASE_TYPE_BAD_LENGTH'],
      [
        'text input label over 45',
        modalBody({ components: [row({ label: 'x'.repeat(46) })] }),
        'data.components.0.components.0.label: BASE_TYPE_MAX_LENGTH',
      ],
      [
        'max_length over 4000',
        modalBody({ components: [row({ max_length: 4001 })] }),
        'data.components.0.components.0.max_length: NUMBER_TYPE_MAX',
      ],
      [
        'min_length below 0',
        modalBody({ components: [row({ min_length: -1 })] }),
        'data.components.0.components.0.min_length: NUMBER_TYPE_MIN',
      ],
      [
        'placeholder over 100',
        modalBody({ components: [row({ placeholder: 'x'.repeat(101) })] }),
        'data.components.0.components.0.placeholder: BASE_TYPE_MAX_LENGTH',
      ],
      [
        'value over 4000',
        modalBody({ components: [row({ value: 'x'.repeat(4001) })] }),
        'data.components.0.components.0.value: BASE_TYPE_MAX_LENGTH',
      ],
      ['style 3', modalBody({ components: [row({ style: 3 })] }), 'data.components.0.components.0.style: BASE_TYPE_CHOICES'],
      [
        'a button in a modal',
        modalBody({ components: [{ type: 1, components: [{ type: 2, style: 1, label: 'b', custom_id: 'b' }] }] }),
        'data.components.0.components.0.type: UNION_TYPE_CHOICES',
      ],
      [
        'duplicate custom_id',
        modalBody({ components: [row({}), row({})] }),
        'data.components.1.components.0.custom_id: COMPONENT_CUSTOM_ID_DUPLICATED',
      ],
      [
        'label text over 45',
        modalBody({ components: [{ type: 18, label: 'x'.repeat(46), component: { type: 4, custom_id: 'a', style: 1 } }] }),
        'data.components.0.label: BASE_TYPE_MAX_LENGTH',
      ],
      [
        'a disabled select in a modal',
        modalBody({
          components: [
            { type: 18, label: 'L', component: { type: 3, custom_id: 's', disabled: true, options: [{ label: 'a', value: 'a' }] } },
          ],
        }),
        'data.components.0.component.disabled: COMPONENT_DISABLED_IN_MODAL',
      ],
    ];
    it.each(cases)('50035 for %s, with the field path', async (_what, body, flat) => {
      const { sent } = await slash();
      const err = await rawCallback(sent, body);
      expect(err).toBeInstanceOf(DiscordAPIError);
      expect(err).toMatchObject({ code: 50035, status: 400 });
      const cb = fake.callbacks.find((c) => c.interactionId === sent.id)!;
      expect(cb.code).toBe(50035);
      expect(errorCodesAt(err, flat)).toContain(flat.split(': ')[1]);
      expect(fake.modals.some((m) => m.interactionId === sent.id)).toBe(false);
    });

    it('a modal in answer to a MODAL_SUBMIT, to an autocomplete, or after a deferral', async () => {
      const { sent, i } = await slash();
      await i.showModal(classicModal());
      const got = nextInteraction(client);
      const submitted = fake.submitModal({ modal: sent.id, values: { answer: 'ok' } });
      await got;
      expect(await rawCallback(submitted, modalBody({}))).toMatchObject({ code: 50035 });
      expect(fake.callbacks.find((c) => c.interactionId === submitted.id)?.code).toBe(50035);

      const gotAuto = nextInteraction(client);
      const auto = fake.sendAutocomplete({ name: 'teach', focused: 'topic', value: 'f' });
      await gotAuto;
      expect(await rawCallback(auto, modalBody({}))).toMatchObject({ code: 50035 });

      const deferred = await slash();
      await deferred.i.deferReply();
      await expect(deferred.i.showModal(classicModal())).rejects.toThrow();
      expect(await rawCallback(deferred.sent, modalBody({}))).toMatchObject({ code: 40060 });
    });

    it('no follow-up on the token of an interaction answered with a modal: there is no message', async () => {
      const { sent, i } = await slash();
      await i.showModal(classicModal());
      await expect(
        client.rest.post(Routes.webhook(fake.appId, sent.token), { body: { content: 'hi' }, auth: false }),
      ).rejects.toMatchObject({ code: 10015 });
    });
  });

  describe('refuses string selects Discord refuses', () => {
    const opts = (n: number, f: (k: number) => object = () => ({})) =>
      Array.from({ length: n }, (_, k) => ({ label: `L${k}`, value: `v${k}`, ...f(k) }));
    const select = (extra: object) => ({ type: 3, custom_id: 's', options: opts(2), ...extra });
    const inRow = (...components: object[]) => ({ components: [{ type: 1, components }] });
    const cases: [string, object, string][] = [
      ['26 options', inRow(select({ options: opts(26) })), 'components.0.components.0.options: BASE_TYPE_BAD_LENGTH'],
      ['no options', inRow(select({ options: [] })), 'components.0.components.0.options: BASE_TYPE_BAD_LENGTH'],
      [
        'option label over 100',
        inRow(select({ options: opts(1, () => ({ label: 'x'.repeat(101) })) })),
        'components.0.components.0.options.0.label: BASE_TYPE_MAX_LENGTH',
      ],
      [
        'option value over 100',
        inRow(select({ options: opts(1, () => ({ value: 'x'.repeat(101) })) })),
        'components.0.components.0.options.0.value: BASE_TYPE_MAX_LENGTH',
      ],
      [
        'option description over 100',
        inRow(select({ options: opts(1, () => ({ description: 'x'.repeat(101) })) })),
        'components.0.components.0.options.0.description: BASE_TYPE_MAX_LENGTH',
      ],
      [
        'duplicate option values',
        inRow(select({ options: opts(2, () => ({ value: 'same' })) })),
        'components.0.components.0.options.1.value: SELECT_COMPONENT_OPTION_VALUE_DUPLICATED',
      ],
      [
        'placeholder over 150',
        inRow(select({ placeholder: 'x'.repeat(151) })),
        'components.0.components.0.placeholder: BASE_TYPE_MAX_LENGTH',
      ],
      ['max_values over 25', inRow(select({ options: opts(25), max_values: 26 })), 'components.0.components.0.max_values: NUMBER_TYPE_MAX'],
      ['min_values over 25', inRow(select({ min_values: 26 })), 'components.0.components.0.min_values: NUMBER_TYPE_MAX'],
      [
        'max_values above the option count',
        inRow(select({ max_values: 3 })),
        'components.0.components.0.max_values: SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS',
      ],
      ['no custom_id', inRow(select({ custom_id: undefined })), 'components.0.components.0.custom_id: BASE_TYPE_REQUIRED'],
      ['two selects in a row', inRow(select({}), select({ custom_id: 't' })), 'components.0.components: COMPONENT_LAYOUT_WIDTH_EXCEEDED'],
      [
        'a select beside a button',
        inRow(select({}), { type: 2, style: 1, label: 'b', custom_id: 'b' }),
        'components.0.components: COMPONENT_LAYOUT_WIDTH_EXCEEDED',
      ],
      [
        'a text input in a message',
        inRow({ type: 4, custom_id: 't', style: 1, label: 'T' }),
        'components.0.components.0.type: UNION_TYPE_CHOICES',
      ],
      [
        'a select sharing a button custom_id',
        {
          components: [
            { type: 1, components: [{ type: 2, style: 1, label: 'b', custom_id: 's' }] },
            { type: 1, components: [select({})] },
          ],
        },
        'components.1.components.0.custom_id: COMPONENT_CUSTOM_ID_DUPLICATED',
      ],
    ];
    it.each(cases)('50035 for %s', async (_what, body, flat) => {
      const err = await client.rest
        .post(Routes.channelMessages(fake.guild.channelIds.general), { body: { content: 'pick', ...body } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DiscordAPIError);
      expect((err as DiscordAPIError).code).toBe(50035);
      expect(errorCodesAt(err, flat)).toContain(flat.split(': ')[1]);
    });

    it('accepts a select at exactly the limits', async () => {
      const body = inRow(
        select({
          custom_id: 'x'.repeat(100),
          placeholder: 'p'.repeat(150),
          min_values: 0,
          max_values: 25,
          options: opts(25, (k) => ({ label: `${k}`.padEnd(100, 'l'), value: `${k}`.padEnd(100, 'v'), description: 'd'.repeat(100) })),
        }),
      );
      const posted = await client.rest.post(Routes.channelMessages(fake.guild.channelIds.general), { body: { content: 'pick', ...body } });
      expect((posted as { id: string }).id).toMatch(/^\d+$/);
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
