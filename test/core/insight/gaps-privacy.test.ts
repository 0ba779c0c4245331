import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/contract/inbound.js';
import { redactPersonal } from '../../../src/core/insight/redact.js';
import type { Matcher, MatchResult } from '../../../src/core/matching/types.js';
import { buttonId, CHANNEL, click, DM, inbound, MEMBER, TRAINER, textOf } from '../../helpers/bot.js';
import { type QuizWorld, quizWorld } from '../../helpers/quiz.js';

describe('redactPersonal', () => {
  it.each([
    // Slack markup (as raw platform ids, and as the Slack adapter renders them)
    ['is <@U0ANA123> in sales?', 'is [someone] in sales?'],
    ['is <@U0ANA123|ana> in sales?', 'is [someone] in sales?'],
    ['ask <@W0GRID99> about it', 'ask [someone] about it'],
    ['posted in <#C0SALES|sales-team> and <#C0OTHER>', 'posted in [channel] and [channel]'],
    ['<!subteam^S0MKT|@marketing-leads> own this?', '[someone] own this?'],
    ['<!here> is SEO marketing?', '[someone] is SEO marketing?'],
    ['is @ana sales or marketing?', 'is [someone] sales or marketing?'],
    ['does @ana.smith-2 or @Zoë do this', 'does [someone] or [someone] do this'],
    ['what did they say in #ana-private', 'what did they say in [channel]'],
    ['<mailto:ana@example.com|ana@example.com> asked', '[email] asked'],
    ['on <!date^1700000000^{date}|Nov 14th>', 'on [date]'],
    // Discord markup
    ['is <@123456789012345678> in sales?', 'is [someone] in sales?'],
    ['is <@!123456789012345678> in sales?', 'is [someone] in sales?'],
    ['does <@&456789012345678901> handle leads', 'does [someone] handle leads'],
    ['see <#789012345678901234>', 'see [channel]'],
    ['at <t:1700000000:R>', 'at [date]'],
    ['this <:funnel:123456> thing', 'this :funnel: thing'],
    // E-mail addresses, phone numbers and long ids, links
    ['mail ana.smith+crm@example.co.uk about the leads', 'mail [email] about the leads'],
    ['call me on +44 20 7946 0958 about pricing', 'call me on [number] about pricing'],
    ['my number is (555) 123-4567', 'my number is [number]'],
    ['account 123456789012 in the CRM', 'account [number] in the CRM'],
    ['see https://www.linkedin.com/in/ana-smith-1234?x=1 is that sales', 'see [link to linkedin.com] is that sales'],
    ['<https://intranet.example.com/people/ana|Ana profile>', '[link to intranet.example.com]'],
    ['www.example.org/users/ana', '[link to example.org]'],
    // Left alone: ordinary words and numbers, dates, prices, "#1"
    ['is cold calling sales or marketing?', 'is cold calling sales or marketing?'],
    ['we grew 20% from 2019-2024, 1,000,000 leads, $4.99 each', 'we grew 20% from 2019-2024, 1,000,000 leads, $4.99 each'],
    ['what is our #1 channel on 2024-01-15', 'what is our #1 channel on 2024-01-15'],
    ['is 5 < 6 > 4 a funnel', 'is 5 < 6 > 4 a funnel'],
    // Names typed as plain words are NOT detected (documented in the README)
    ['should Ana Smith call this lead', 'should Ana Smith call this lead'],
  ])('%s', (input, expected) => {
    expect(redactPersonal(input)).toBe(expected);
  });
});

let world: QuizWorld;
afterEach(async () => {
  await world?.close();
});

const declines: Matcher = {
  match: (): MatchResult => ({ kind: 'abstain', topic: null, verdict: null, confidence: 0.1, bestTopic: 'funnel', suggestions: [] }),
};
const ana: Actor = { platform: 'console', id: 'U0ANA', displayName: 'Ana Smith' };
const ask = (text: string, place = CHANNEL) => world.bot.handle(inbound(ana, { name: 'ask', question: text }, MEMBER, place));
const gapsList = async () => world.bot.handle(inbound('trainer', { name: 'gaps.list', clear: false }, TRAINER));

describe('gaps keep no personal text', () => {
  it('stores questions with mentions, e-mail addresses and numbers already stripped, grouped by what is left', async () => {
    world = await quizWorld({ matcher: declines });
    await ask('is @ana sales? write to ana.smith@example.com or +1 415 555 0100');
    await ask('is <@U0BO> sales? write to bo@example.com or +1 415 555 0199');
    await ask('is <@123456789012345678> sales?');
    const rows = await world.store.listGaps('console', 'w1', 0, 10);
    expect(rows.map((r) => [r.text, r.count])).toEqual([
      ['is [someone] sales? write to [email] or [number]', 2],
      ['is [someone] sales?', 1],
    ]);
    for (const secret of ['ana', 'U0BO', 'example.com', '415', '123456789012345678']) {
      expect(await world.store.rowsMentioning(secret)).toEqual({});
    }
  });

  it('after forget-me, the gaps list holds none of what the person typed about themselves', async () => {
    world = await quizWorld({ matcher: declines });
    await ask('I am @ana.smith, mail ana.smith@example.com: why is my lead score 0?');
    const confirm = await world.bot.handle(inbound(ana, { name: 'forget-me' }));
    await world.bot.handle(click(ana, buttonId(confirm, 'Erase my history')));
    const list = textOf(await gapsList());
    expect(list).toContain('I am [someone], mail [email]: why is my lead score 0?');
    expect(list).not.toMatch(/ana|example\.com/i);
  });

  it('keeps no text of direct-message questions: only a count per nearest topic', async () => {
    world = await quizWorld({ matcher: declines });
    await ask('my manager is awful, can I transfer teams', DM);
    await ask('is my salary sales or marketing', DM);
    await ask('Where is the office?');
    expect(await world.store.rowsMentioning('manager')).toEqual({});
    expect(await world.store.rowsMentioning('salary')).toEqual({});
    const list = await gapsList();
    expect(list.table!.rows.map((r) => r.slice(1, 3))).toEqual([
      ['(direct messages, text not kept; nearest topic: The funnel)', '2'],
      ['Where is the office?', '1'],
    ]);
    expect(textOf(list)).toMatch(/direct messages counted only/);
  });

  it('shows rows recorded before stripping existed (still in the database) stripped', async () => {
    world = await quizWorld({ matcher: declines });
    await world.store.recordGap({
      platform: 'console',
      workspaceId: 'w1',
      text: 'is @ana or <@&456789> sales? ana@example.com',
      norm: 'x',
      askedAt: world.clock.now(),
    });
    expect((await gapsList()).table!.rows[0]![1]).toBe('is [someone] or [someone] sales? [email]');
  });
});
