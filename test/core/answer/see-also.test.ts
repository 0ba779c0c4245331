import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderPlain } from '../../../src/adapters/console/render.js';
import { renderReply as renderDiscord } from '../../../src/adapters/discord/render.js';
import { renderReply as renderSlack } from '../../../src/adapters/slack/render.js';
import { composeAnswer } from '../../../src/core/answer/compose.js';
import { type KnowledgeBase, loadKnowledge } from '../../../src/core/knowledge/load.js';
import { createMatcher } from '../../../src/core/matching/index.js';
import type { Matcher } from '../../../src/core/matching/types.js';

let kb: KnowledgeBase;
let matcher: Matcher;

beforeAll(async () => {
  kb = await loadKnowledge(path.resolve('knowledge'));
  matcher = createMatcher(kb);
});

const QUESTIONS = ['what is the funnel?', 'is cold calling sales or marketing?', 'is SEO sales or marketing?'];

/** Further reading is offered once, as the suggestions, and every platform shows it once. */
describe('one "see also" on every platform', () => {
  it.each(QUESTIONS)('%s', (q) => {
    const reply = composeAnswer(kb, matcher.match(q), q);
    const ids = reply.suggestions?.map((s) => s.actionId) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(reply.footer).toBeUndefined();

    const plain = renderPlain(reply, 0, 80);
    expect(plain.match(/^See also: /gm)).toHaveLength(1);
    expect(plain).not.toMatch(/Related:|More on this/);
    for (const s of reply.suggestions!) expect(plain.split(`/explain ${s.topic} `)).toHaveLength(2);

    const discord = JSON.stringify(renderDiscord(reply));
    expect(discord).not.toContain('More on this');
    for (const id of ids) expect(discord.split(`"custom_id":"${id}"`)).toHaveLength(2);

    const slack = renderSlack(reply);
    expect(JSON.stringify(slack)).not.toContain('More on this');
    const actions = slack.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    for (const id of ids) expect(JSON.stringify(slack.blocks).split(`"action_id":"${id}"`)).toHaveLength(2);
  });
});
