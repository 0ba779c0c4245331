/**
 * A team answer after it is written: a trainer turns it into a true/false quiz question
 * (checked like the files' items, then asked in quiz rounds), rewrites it, removes it; by
 * clicks (forms) and typed; kept across a restart; and `kb:export` writes the result once.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '../../src/contract/inbound.js';
import { readCommandLine } from '../../src/contract/parse-command.js';
import type { Reply } from '../../src/contract/reply.js';
import type { Bot } from '../../src/core/bot.js';
import { ManualClock } from '../../src/core/clock.js';
import { exportAdditions, readAdditions } from '../../src/core/knowledge/export.js';
import { applyAdditions, planAdditions } from '../../src/core/knowledge/layer.js';
import { type KnowledgeBase, loadKnowledge } from '../../src/core/knowledge/load.js';
import { createMatcher } from '../../src/core/matching/index.js';
import type { Matcher } from '../../src/core/matching/types.js';
import { openStore } from '../../src/core/storage/index.js';
import type { Store } from '../../src/core/storage/store.js';
import { actor, inbound, silentLog, TRAINER, testBot, textOf } from '../helpers/bot.js';
import { FakePlatform } from '../helpers/port.js';

let kb: KnowledgeBase;
let matcher: Matcher;
beforeAll(async () => {
  kb = await loadKnowledge('knowledge');
  matcher = createMatcher(kb);
}, 60_000);
const tmp = mkdtempSync(path.join(tmpdir(), 'funnelbot-team-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LEAVE = 'how many days of parental leave do contractors get here?';
const ANSWER = 'Contractors get no paid parental leave; HR can tell you about unpaid leave.';

function botOn(store: Store, clock = new ManualClock()) {
  const bot: Bot = testBot({ kb, matcher, store, clock, seed: 11, settings: { questionsPerMinute: 10_000 } });
  const platform = new FakePlatform();
  bot.attach('console', platform.port());
  const as = (who: 'tina' | 'ann') => (command: Command) =>
    bot.handle(inbound(actor(who, who === 'tina' ? 'Tina' : 'Ann'), command, who === 'tina' ? TRAINER : undefined));
  return { bot, platform, clock, tina: as('tina'), ann: as('ann') };
}

/** A declined question answered for the team; returns the answer's topic id and the reply offering a quiz question. */
async function teamAnswer(w: ReturnType<typeof botOn>): Promise<{ topic: string; saved: Reply }> {
  await w.ann({ name: 'ask', question: LEAVE });
  const list = await w.tina({ name: 'gaps.list', clear: false });
  const item = Number(list.table!.rows.find((r) => r[1] === LEAVE)![0]);
  const saved = await w.tina({ name: 'gaps.answer', item, answer: ANSWER });
  return { topic: `team-${item}`, saved };
}

const click = (w: ReturnType<typeof botOn>, id: string, values?: Record<string, string>) =>
  w.tina({ name: 'action', id, ...(values ? { values } : {}) });

describe('team answers after they are written', () => {
  it('a quiz question from the answer: a form, checked like file items, then asked in a quiz round on that topic', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const w = botOn(store);
    const { topic, saved } = await teamAnswer(w);
    const make = saved.buttons!.flat().find((b) => b.label === 'Make a quiz question')!;
    const form = (await click(w, make.actionId)).form!;
    expect(form.fields.map((f) => [f.id, f.required])).toEqual([
      ['statement', true],
      ['truth', true],
      ['misconception', false],
    ]);
    // Checked before anything is stored: a truth that is neither, a statement too short for the files' rules.
    expect(textOf(await click(w, form.actionId, { statement: 'Contractors get paid parental leave.', truth: 'maybe' }))).toMatch(
      /true or false; you gave "maybe"/,
    );
    expect(textOf(await click(w, form.actionId, { statement: 'No', truth: 'false' }))).toMatch(/cannot be used: .*5/);
    const added = await click(w, form.actionId, {
      statement: 'Contractors get paid parental leave here.',
      truth: 'false',
      misconception: '',
    });
    expect(textOf(added)).toMatch(/Quiz question added to team-\d+/);
    expect(textOf(await click(w, form.actionId, { statement: 'contractors get paid parental leave here', truth: 'false' }))).toMatch(
      /already has that quiz question/,
    );
    expect((await w.tina({ name: 'answers.list' })).table!.rows).toEqual([
      [topic, expect.stringMatching(/^How many days/), expect.stringMatching(/^Tina, /), '1'],
    ]);

    // A round on that topic asks it, with the answer as its explanation at the reveal.
    const started = await w.tina({ name: 'quiz.start', topic: [topic], questions: 1, seconds: 5, speed_bonus: false, thread: false });
    expect(textOf(started)).toMatch(/1 question on How many days/);
    w.clock.advance(10_000);
    await w.bot.tick();
    const question = w.platform.messages.at(-1)!.versions[0]!.reply;
    expect(textOf(question)).toMatch(/True or false: Contractors get paid parental leave here\./);
    w.clock.advance(10_000);
    await w.bot.tick();
    const reveal = w.platform.messages.find((m) => m.versions.length > 1)!.versions.at(-1)!.reply;
    expect(textOf(reveal)).toContain(ANSWER);
    await w.bot.stop();
    await store.close();
  });

  it('a trainer sees Edit / quiz / Remove under a team answer; an edit is used at once, with who edited it', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const w = botOn(store);
    const { topic } = await teamAnswer(w);
    expect((await w.ann({ name: 'explain', topic })).buttons).toBeUndefined();
    const shown = await w.tina({ name: 'explain', topic });
    expect(shown.buttons!.flat().map((b) => b.label)).toEqual(['Edit', 'Make a quiz question', 'Remove']);
    const form = (await click(w, shown.buttons![0]![0]!.actionId)).form!;
    expect(form.fields[0]).toMatchObject({ id: 'answer', value: ANSWER, maxLength: 1500 });
    // A member's click is refused even though the button is on a public message.
    expect(textOf(await w.ann({ name: 'action', id: form.actionId, values: { answer: 'Vandalised.' } }))).toMatch(/trainer/i);
    w.clock.advance(86_400_000);
    expect(textOf(await click(w, form.actionId, { answer: 'Contractors: no paid parental leave. Ask HR.' }))).toMatch(/rewritten/);
    const now = await w.ann({ name: 'ask', question: LEAVE });
    expect(textOf(now)).toMatch(/Contractors: no paid parental leave\. Ask HR\./);
    expect(textOf(now)).toMatch(/Team answer by Tina, \d{4}-\d{2}-\d{2}; edited by Tina, \d{4}-\d{2}-\d{2}\./);
    // Typed, the same: and only a team answer can be changed this way.
    expect(textOf(await w.tina({ name: 'answers.edit', topic, answer: 'Typed edit.' }))).toMatch(/rewritten/);
    expect(textOf(await w.tina({ name: 'answers.edit', topic: 'funnel', answer: 'x' }))).toMatch(/is a topic from the knowledge files/);
    expect(textOf(await w.tina({ name: 'answers.remove', topic: 'team-999' }))).toMatch(/no team answer called "team-999"/);
    await w.bot.stop();
    await store.close();
  });

  it('removal asks first, then the answer is gone, also after a restart; the question is declined again', async () => {
    const file = path.join(tmp, 'remove');
    const store = await openStore({ dataDir: file, log: silentLog });
    const w = botOn(store);
    const { topic } = await teamAnswer(w);
    const remove = (await w.tina({ name: 'explain', topic })).buttons![0]!.find((b) => b.label === 'Remove')!;
    const confirm = await click(w, remove.actionId);
    expect(textOf(confirm)).toMatch(/Remove the team answer/);
    expect(textOf(await click(w, confirm.buttons![0]![0]!.actionId))).toMatch(/removed/);
    expect(textOf(await w.ann({ name: 'ask', question: LEAVE }))).toMatch(/outside what I know/);
    await w.bot.stop();
    await store.close();

    const again = await openStore({ dataDir: file, log: silentLog });
    const w2 = botOn(again);
    expect(textOf(await w2.ann({ name: 'ask', question: LEAVE }))).toMatch(/outside what I know/);
    expect(textOf(await w2.tina({ name: 'answers.list' }))).toMatch(/No team answers yet/);
    await w2.bot.stop();
    await again.close();
  });

  it('typed on a command line: /answers quiz <id> false <statement>', () => {
    const read = readCommandLine('answers quiz team-12 false Contractors get paid leave', { surface: 'console', mode: 'strict' });
    expect(read).toMatchObject({
      kind: 'command',
      command: { name: 'answers.quiz', topic: 'team-12', truth: 'false', statement: 'Contractors get paid leave' },
    });
    const edit = readCommandLine('answers edit team-12 A new answer, with commas.', { surface: 'console', mode: 'strict' });
    expect(edit).toMatchObject({
      kind: 'command',
      command: { name: 'answers.edit', topic: 'team-12', answer: 'A new answer, with commas.' },
    });
  });

  it('kb:export writes the answer as edited, with its quiz question; after a restart nothing is doubled or left over', async () => {
    const store = await openStore({ dataDir: ':memory:', log: silentLog });
    const w = botOn(store);
    const { topic } = await teamAnswer(w);
    await w.tina({ name: 'answers.quiz', topic, truth: 'false', statement: 'Contractors get paid parental leave here.' });
    await w.tina({ name: 'answers.edit', topic, answer: 'Edited: no paid parental leave for contractors.' });
    const dir = path.join(tmp, 'export');
    cpSync('knowledge', dir, { recursive: true });
    const additions = await readAdditions(store);
    await exportAdditions(dir, additions);
    const file = readFileSync(path.join(dir, 'team-answers.yaml'), 'utf8');
    expect(file).toMatch(/answer: "?Edited: no paid parental leave for contractors\./);
    expect(file).toMatch(/editor: Tina/);
    expect(file).toMatch(/statement: Contractors get paid parental leave here\./);
    const exported = await loadKnowledge(dir);
    const team = exported.byId.get(topic)!;
    expect(team.quiz).toHaveLength(1);
    expect(team.quiz[0]).toMatchObject({ explanation: 'Edited: no paid parental leave for contractors.', source: 'team' });
    const plan = planAdditions(exported, additions);
    expect([plan.answers, plan.examples, plan.teamChanges]).toEqual([[], [], []]);
    expect(applyAdditions(exported, additions).byId.get(topic)).toEqual(team);
    expect((await exportAdditions(dir, additions)).changes).toEqual([]);
    await w.bot.stop();
    await store.close();
  }, 60_000);
});
