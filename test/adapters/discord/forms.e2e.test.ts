/**
 * Menus, forms and answer controls end to end: real discord.js against the fake Discord, the real
 * core behind a thin script. The core mints no menus or forms yet for these paths, so a few
 * `/ask test:…` questions and `t:` action ids are answered by the script (recording what reached
 * the core); everything else goes to the real core.
 */

import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, Inbound } from '../../../src/contract/inbound.js';
import { privateNote, type Reply } from '../../../src/contract/reply.js';
import type { Bot } from '../../../src/core/bot.js';
import { adapterErrors, buttonsOf, callbackData, type Harness, sleep, startHarness } from './harness.js';

const DEFER_AFTER_MS = 300;

const answerForm = {
  actionId: 't:submit',
  title: 'Answer the question',
  submitLabel: 'Save',
  fields: [
    { id: 'answer', label: 'Team answer', long: true, maxLength: 1000, required: true },
    { id: 'note', label: 'Note for the asker', maxLength: 100, required: false, value: 'Thanks for asking' },
  ],
};

/** The script: replies for `test:` questions and `t:` actions; `seen` keeps every command that reached the core. */
function scripted(core: Bot, seen: Command[], harness: () => Harness): Bot {
  const script = async (inbound: Inbound): Promise<Reply | undefined> => {
    const c = inbound.command;
    if (c.name === 'ask' && c.question === 'test:menu')
      return {
        visibility: 'private',
        body: ['Your inbox: pick one, or type ', { cmd: { command: 'gaps list' } }],
        selects: [
          {
            actionId: 't:menu',
            placeholder: 'Pick a question',
            options: [
              { value: 'q1', label: 'What is our parental leave policy?' },
              { value: 'q2', label: 'Who owns the CRM?' },
            ],
          },
        ],
      };
    if (c.name === 'ask' && c.question === 'test:card')
      return {
        visibility: 'private',
        body: ['A question nobody answered yet.'],
        buttons: [
          [
            { actionId: 't:open', label: 'Answer', style: 'primary' },
            { actionId: 't:open-slow', label: 'Answer (slow)' },
          ],
        ],
      };
    if (c.name === 'ask' && c.question === 'test:form-in-command')
      return { visibility: 'private', body: ['Type /gaps answer to answer.'], form: answerForm };
    if (c.name === 'ask' && c.question === 'test:controls')
      return {
        visibility: 'public',
        body: ['I am not sure about that one.'],
        controls: { feedback: { helpful: 't:up', notHelpful: 't:down' }, followUp: 't:follow' },
      };
    if (c.name !== 'action' || !c.id.startsWith('t:')) return undefined;
    switch (c.id) {
      case 't:menu':
        return privateNote(`You picked ${c.values?.choice}.`);
      case 't:open':
        return { visibility: 'private', body: ['Or type /gaps answer.'], form: answerForm };
      case 't:open-slow':
        await sleep(DEFER_AFTER_MS + 300);
        return { visibility: 'private', body: ['Too late for a form: type /gaps answer.'], form: answerForm };
      case 't:submit':
        if (c.values?.answer === 'slow') await sleep(DEFER_AFTER_MS + 300);
        return privateNote(`Saved: ${c.values?.answer} (${c.values?.note})`);
      case 't:up':
      case 't:down':
        return privateNote('Thanks for the feedback.');
      case 't:follow':
        await harness().discord.port.sendDirect(
          { workspaceId: inbound.place.workspaceId, userId: inbound.actor.id },
          { visibility: 'private', body: ['Someone answered your question.'] },
        );
        return privateNote("I'll tell you.");
      default:
        return undefined;
    }
  };
  return {
    ...core,
    handle: async (inbound) => {
      seen.push(inbound.command);
      return (await script(inbound)) ?? core.handle(inbound);
    },
  };
}

describe('Discord: menus, forms and answer controls', () => {
  let h: Harness;
  const seen: Command[] = [];

  beforeAll(async () => {
    h = await startHarness({ tuning: { deferAfterMs: DEFER_AFTER_MS }, wrapBot: (core) => scripted(core, seen, () => h) });
  });
  afterAll(async () => {
    expect(adapterErrors(h.fake)).toEqual([]);
    expect(h.fake.callbacks.filter((c) => c.status >= 400)).toEqual([]);
    await h.close();
  });

  /** Asks a `test:` question and returns the message the bot answered with. */
  async function ask(question: string, user = h.fake.people.trainer) {
    const sent = h.fake.sendSlashCommand({ user, name: 'ask', options: { question } });
    await h.fake.waitForCallback(sent.id);
    const message = h.fake.rest.interactions.get(sent.id)?.original;
    if (!message) throw new Error(`no message for ${question}`);
    return message;
  }

  it('a menu choice reaches the core as values.choice, and its reply is private', async () => {
    const message = await ask('test:menu');
    expect(message.flags! & MessageFlags.Ephemeral).toBeTruthy();
    const [row] = message.components as { components: { type: number; custom_id: string; options: unknown[] }[] }[];
    expect(row!.components[0]).toMatchObject({ type: 3, custom_id: 't:menu', options: [{ value: 'q1' }, { value: 'q2' }] });

    const choice = h.fake.chooseOption({ message, customId: 't:menu', values: ['q2'], user: h.fake.people.trainer });
    const cb = await h.fake.waitForCallback(choice.id);
    expect(cb).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
    expect(seen).toContainEqual({ name: 'action', id: 't:menu', values: { choice: 'q2' } });
    expect(callbackData(h.fake, choice.id)).toMatchObject({ content: 'You picked q2.', flags: MessageFlags.Ephemeral });
  });

  it('a button whose reply carries a form opens a modal; the submission reaches the core and its reply shows privately', async () => {
    const card = await ask('test:card');
    const click = h.fake.clickButton({ message: card, customId: 't:open', user: h.fake.people.trainer });
    const cb = await h.fake.waitForCallback(click.id);
    expect(cb).toMatchObject({ status: 204, type: InteractionResponseType.Modal });
    const modal = await h.fake.waitForModal(click.id);
    expect(modal.data).toMatchObject({ custom_id: 't:submit', title: 'Answer the question' });
    expect(modal.data.components).toHaveLength(2);

    const submit = h.fake.submitModal({ modal, values: { answer: 'Contractors are not covered.' } });
    const answered = await h.fake.waitForCallback(submit.id);
    expect(answered).toMatchObject({ status: 204, type: InteractionResponseType.ChannelMessageWithSource });
    expect(seen).toContainEqual({
      name: 'action',
      id: 't:submit',
      values: { answer: 'Contractors are not covered.', note: 'Thanks for asking' },
    });
    expect(callbackData(h.fake, submit.id)).toMatchObject({
      content: 'Saved: Contractors are not covered. (Thanks for asking)',
      flags: MessageFlags.Ephemeral,
    });
  });

  it('a submission the core answers late: deferred within the window, then the reply as a private follow-up', async () => {
    const card = await ask('test:card');
    const click = h.fake.clickButton({ message: card, customId: 't:open', user: h.fake.people.trainer });
    const modal = await h.fake.waitForModal(click.id);
    const submit = h.fake.submitModal({ modal, values: { answer: 'slow' } });
    const cb = await h.fake.waitForCallback(submit.id);
    expect(cb.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const follow = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${h.fake.appId}/${submit.token}`);
    expect(follow.status).toBe(200);
    expect(follow.body).toMatchObject({ content: 'Saved: slow (Thanks for asking)', flags: MessageFlags.Ephemeral });
  });

  it('a form the core offers too late to open: the click is deferred and the rest of the reply is sent', async () => {
    const card = await ask('test:card');
    const click = h.fake.clickButton({ message: card, customId: 't:open-slow', user: h.fake.people.trainer });
    const cb = await h.fake.waitForCallback(click.id);
    expect(cb.type).toBe(InteractionResponseType.DeferredMessageUpdate);
    const follow = await h.fake.waitForRequest((r) => r.method === 'POST' && r.path === `/webhooks/${h.fake.appId}/${click.token}`);
    expect(follow.body).toMatchObject({ content: 'Too late for a form: type /gaps answer.', flags: MessageFlags.Ephemeral });
    expect(h.fake.modals.some((m) => m.interactionId === click.id)).toBe(false);
  });

  it('a form in the reply to a slash command does not open: the body is sent instead', async () => {
    const sent = h.fake.sendSlashCommand({ user: h.fake.people.trainer, name: 'ask', options: { question: 'test:form-in-command' } });
    const cb = await h.fake.waitForCallback(sent.id);
    expect(cb.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(callbackData(h.fake, sent.id).content).toBe('Type /gaps answer to answer.');
    expect(h.fake.modals.some((m) => m.interactionId === sent.id)).toBe(false);
  });

  it('answer controls: one row of three buttons; clicks come back as actions; the follow-up arrives as a DM', async () => {
    const asker = h.fake.people.member;
    const message = await ask('test:controls', asker);
    expect(buttonsOf(message)).toEqual([
      [
        { type: 2, style: 2, label: 'Helpful', custom_id: 't:up' },
        { type: 2, style: 2, label: 'Not helpful', custom_id: 't:down' },
        { type: 2, style: 2, label: 'Tell me when someone answers', custom_id: 't:follow' },
      ],
    ]);

    const up = h.fake.clickButton({ message, customId: 't:up', user: asker });
    await h.fake.waitForCallback(up.id);
    expect(seen).toContainEqual({ name: 'action', id: 't:up' });
    expect(callbackData(h.fake, up.id)).toMatchObject({ content: 'Thanks for the feedback.', flags: MessageFlags.Ephemeral });

    const follow = h.fake.clickButton({ message, customId: 't:follow', user: asker });
    await h.fake.waitForCallback(follow.id);
    expect(callbackData(h.fake, follow.id).content).toBe("I'll tell you.");
    const [dm] = await h.fake.waitForDirectMessages(asker);
    expect(dm?.content).toBe('Someone answered your question.');
    expect(h.fake.world.channel(dm!.channel_id)?.recipient?.id).toBe(asker.id);
  });

  it('everything else still reaches the real core', async () => {
    const sent = h.fake.sendSlashCommand({ name: 'explain', options: { topic: 'funnel' } });
    await h.fake.waitForCallback(sent.id);
    expect(callbackData(h.fake, sent.id).embeds?.[0]?.title).toBe(h.kb.byId.get('funnel')!.title);
  });
});
