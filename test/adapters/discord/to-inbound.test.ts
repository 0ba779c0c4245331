import { type APIChatInputApplicationCommandInteraction, ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import {
  componentToInbound,
  DM_WORKSPACE,
  type InboundContext,
  messageToInbound,
  modalSubmitToInbound,
  parseSlashCommand,
  slashCommandToInbound,
  stripBotMention,
} from '../../../src/adapters/discord/to-inbound.js';
import { World } from '../../fakes/discord/world.js';
import { quizStart } from '../../helpers/commands.js';

/** Payloads come from the fake's builders: the same wire format the e2e tests send. */
function setup(trainerRoleName = 'trainer') {
  const world = new World();
  const trainer = world.addMember('tina', [world.guild.roleIds.trainer]);
  const admin = world.addMember('adam', [world.guild.roleIds.admin]);
  const member = world.addMember('mia');
  const ctx: InboundContext = {
    botUserId: world.botUser.id,
    trainerRoleName,
    directory: {
      role: (guildId, roleId) => {
        const r = guildId === world.guild.id ? world.guild.roles.find((x) => x.id === roleId) : undefined;
        return r ? { name: r.name, permissions: BigInt(r.permissions) } : undefined;
      },
      ownerId: (guildId) => (guildId === world.guild.id ? world.guild.ownerId : undefined),
    },
  };
  return { world, ctx, trainer, admin, member };
}

function inboundOf(i: APIChatInputApplicationCommandInteraction, ctx: InboundContext) {
  const r = slashCommandToInbound(i, ctx);
  if ('error' in r) throw new Error(r.error);
  return r.inbound;
}

describe('slash commands', () => {
  it('/quiz start with options becomes quiz.start with typed options and comma-separated topics', () => {
    const { world, ctx, trainer } = setup();
    const i = world.slashCommand({
      user: trainer,
      name: 'quiz',
      subcommand: 'start',
      options: { topic: 'funnel, scope,', questions: 5, seconds: 30, speed_bonus: false, thread: true },
    });
    const inbound = inboundOf(i, ctx);
    expect(inbound.command).toEqual(quizStart({ topics: ['funnel', 'scope'], questions: 5, seconds: 30, speedBonus: false, thread: true }));
    expect(inbound.actor).toEqual({ platform: 'discord', id: trainer.id, displayName: 'Tina' });
    expect(inbound.place).toEqual({
      platform: 'discord',
      workspaceId: world.guild.id,
      channelId: world.guild.channelIds.general,
      isDirect: false,
    });
  });

  it.each([
    ['leaderboard', '', {}, { name: 'leaderboard', scope: 'channel', period: 'all' }],
    ['leaderboard', '', { scope: 'server', period: '7d' }, { name: 'leaderboard', scope: 'server', period: '7d' }],
    ['report', '', {}, { name: 'report', period: '30d' }],
    ['gaps', '', { clear: true }, { name: 'gaps.list', clear: true }],
    ['ask', '', { question: 'what is sales?' }, { name: 'ask', question: 'what is sales?' }],
    ['explain', '', { topic: 'funnel' }, { name: 'explain', topic: 'funnel' }],
    ['forget-me', '', {}, { name: 'forget-me' }],
    ['quiz', 'stop', {}, { name: 'quiz.stop' }],
    ['quiz', 'next', {}, { name: 'quiz.next' }],
    ['quiz', 'status', {}, { name: 'quiz.status' }],
    ['trainers', 'list', {}, { name: 'trainers.list' }],
  ] as const)('/%s %s %j', (name, sub, options, expected) => {
    const { world, ctx } = setup();
    expect(
      inboundOf(
        world.slashCommand({
          user: world.botUser,
          name,
          ...(sub ? { subcommand: sub } : {}),
          options: options as Record<string, string | boolean>,
        }),
        ctx,
      ).command,
    ).toEqual(expected);
  });

  it('/trainers add role: carries the role id; a role and a user together reach the core, which refuses them', () => {
    const { world, ctx, admin, member } = setup();
    const role = world.guild.roleIds.trainer;
    const add = world.slashCommand({ user: admin, name: 'trainers', subcommand: 'add', options: { role: { role } } });
    expect(add.data.resolved?.roles?.[role]?.name).toBe('Trainer');
    expect(inboundOf(add, ctx).command).toEqual({ name: 'trainers.add', role: role });
    const both = world.slashCommand({
      user: admin,
      name: 'trainers',
      subcommand: 'remove',
      options: { role: { role }, user: { user: member.id } },
    });
    expect(inboundOf(both, ctx).command).toEqual({ name: 'trainers.remove', role, user: member.id });
  });

  it('bad choices and unknown commands become clear errors', () => {
    expect(parseSlashCommand('leaderboard', [{ name: 'period', type: 3, value: '1y' }])).toEqual({
      ok: false,
      error: 'period must be one of 7d, 30d, all; you gave "1y".',
    });
    expect(parseSlashCommand('quiz', [{ name: 'start', type: 1, options: [{ name: 'colour', type: 3, value: 'red' }] }])).toEqual({
      ok: false,
      error: 'quiz start has no option "colour". It takes: topic, questions, seconds, speed_bonus, thread.',
    });
    expect(parseSlashCommand('dance', [])).toMatchObject({ ok: false, error: expect.stringContaining('/dance') });
  });
});

describe('privileges', () => {
  it('Manage Server makes an admin; the trainer role name (any case) makes a default trainer; role ids pass through', async () => {
    const { world, ctx, trainer, admin, member } = setup('TRAINER');
    const of = async (user: typeof member) => inboundOf(world.slashCommand({ user, name: 'help' }), ctx).privileges();
    expect(await of(admin)).toEqual({ isAdmin: true, isDefaultTrainer: false, roleIds: [world.guild.roleIds.admin] });
    expect(await of(trainer)).toEqual({ isAdmin: false, isDefaultTrainer: true, roleIds: [world.guild.roleIds.trainer] });
    expect(await of(member)).toEqual({ isAdmin: false, isDefaultTrainer: false, roleIds: [] });
  });

  it('Administrator counts as admin', async () => {
    const { world, ctx, member } = setup();
    const i = world.slashCommand({ user: member, name: 'help' });
    i.member!.permissions = PermissionFlagsBits.Administrator.toString();
    expect((await inboundOf(i, ctx).privileges()).isAdmin).toBe(true);
  });

  it('in a DM nobody has privileges and the workspace is the DM pseudo-server', async () => {
    const { world, ctx, admin } = setup();
    const inbound = inboundOf(world.slashCommand({ user: admin, name: 'stats', dm: true }), ctx);
    expect(inbound.place).toMatchObject({ workspaceId: DM_WORKSPACE, isDirect: true });
    expect(await inbound.privileges()).toEqual({ isAdmin: false, isDefaultTrainer: false, roleIds: [] });
    expect(inbound.actor.id).toBe(admin.id);
  });

  it('a message author: permissions computed from cached roles, owner is admin', async () => {
    const { world, ctx, admin } = setup();
    const mention = `<@${world.botUser.id}> hi`;
    expect(await messageToInbound(world.messageCreate({ user: admin, content: mention }), ctx)!.privileges()).toMatchObject({
      isAdmin: true,
    });
    const owner = world.member(world.guild.ownerId)!.user;
    expect(await messageToInbound(world.messageCreate({ user: owner, content: mention }), ctx)!.privileges()).toMatchObject({
      isAdmin: true,
    });
  });
});

describe('places', () => {
  it('inside a thread: the parent is the channel, the thread the threadId', () => {
    const { world, ctx, member } = setup();
    const thread = {
      id: '1300000000000000001',
      type: ChannelType.PublicThread,
      name: 'Quiz',
      guildId: world.guild.id,
      parentId: world.guild.channelIds.quiz,
    };
    world.guild.channels.push(thread);
    const inbound = inboundOf(world.slashCommand({ user: member, name: 'quiz', subcommand: 'status', channelId: thread.id }), ctx);
    expect(inbound.place).toMatchObject({ channelId: world.guild.channelIds.quiz, threadId: thread.id });
  });

  it('a button click passes its custom_id back untouched as an action', () => {
    const { world, ctx, member } = setup();
    const message = { id: '1300000000000000002', channel_id: world.guild.channelIds.general } as Parameters<
      typeof world.buttonClick
    >[0]['message'];
    const inbound = componentToInbound(world.buttonClick({ user: member, message, customId: 'qz:a:abc:0:B' }), ctx);
    expect(inbound.command).toEqual({ name: 'action', id: 'qz:a:abc:0:B' });
  });
});

describe('menus and forms', () => {
  const message = (world: World) =>
    ({ id: '1300000000000000003', channel_id: world.guild.channelIds.general }) as Parameters<typeof world.selectMenu>[0]['message'];

  it('a string select choice is an action with the chosen value as values.choice', () => {
    const { world, ctx, trainer } = setup();
    const i = world.selectMenu({ user: trainer, message: message(world), customId: 'ib:pick', values: ['item-42'] });
    const inbound = componentToInbound(i, ctx);
    expect(inbound.command).toEqual({ name: 'action', id: 'ib:pick', values: { choice: 'item-42' } });
    expect(inbound.actor.id).toBe(trainer.id);
  });

  it('a modal submission is an action with one value per text input, from Label components and classic rows', () => {
    const { world, ctx, trainer } = setup();
    const source = world.buttonClick({ user: trainer, message: message(world), customId: 'ib:answer:1' });
    const i = world.modalSubmit({
      user: trainer,
      source,
      customId: 'ib:submit:1',
      components: [
        { type: 18, id: 1, component: { type: 4, id: 2, custom_id: 'answer', value: 'Contractors get none.' } },
        { type: 1, id: 3, components: [{ type: 4, id: 4, custom_id: 'statement', value: 'leave policy' }] },
        { type: 18, id: 5, component: { type: 3, id: 6, custom_id: 'topic', values: ['benefits'] } },
        { type: 10, id: 7 },
      ],
    });
    const inbound = modalSubmitToInbound(i, ctx);
    expect(inbound.command).toEqual({
      name: 'action',
      id: 'ib:submit:1',
      values: { answer: 'Contractors get none.', statement: 'leave policy', topic: 'benefits' },
    });
    expect(inbound.place).toMatchObject({ workspaceId: world.guild.id, channelId: world.guild.channelIds.general, isDirect: false });
  });
});

describe('messages', () => {
  it('a mention is a question without the mention; a bare mention asks for help', () => {
    const { world, ctx, member } = setup();
    const q = messageToInbound(world.messageCreate({ user: member, content: `<@${world.botUser.id}>   is SEO sales or marketing?` }), ctx);
    expect(q?.command).toEqual({ name: 'ask', question: 'is SEO sales or marketing?' });
    expect(messageToInbound(world.messageCreate({ user: member, content: `<@!${world.botUser.id}>` }), ctx)?.command).toEqual({
      name: 'help',
    });
  });

  it('a DM needs no mention', () => {
    const { world, ctx, member } = setup();
    const dm = messageToInbound(world.messageCreate({ user: member, content: 'what is the funnel?', dm: true }), ctx);
    expect(dm?.place).toMatchObject({ workspaceId: DM_WORKSPACE, isDirect: true });
    expect(dm?.command).toEqual({ name: 'ask', question: 'what is the funnel?' });
  });

  it('ignores bots, itself, and channel messages without a mention', () => {
    const { world, ctx, member } = setup();
    const robot = { ...world.addMember('robot'), bot: true };
    const mention = `<@${world.botUser.id}> hi`;
    expect(messageToInbound(world.messageCreate({ user: robot, content: mention }), ctx)).toBeUndefined();
    expect(messageToInbound(world.messageCreate({ user: world.botUser, content: mention }), ctx)).toBeUndefined();
    expect(messageToInbound(world.messageCreate({ user: member, content: 'lunch?' }), ctx)).toBeUndefined();
    expect(messageToInbound(world.messageCreate({ user: member, content: '@everyone lunch?' }), ctx)).toBeUndefined();
  });

  it('stripBotMention leaves other mentions alone', () => {
    expect(stripBotMention('<@1> ask <@2>', '1')).toBe('ask <@2>');
  });
});
