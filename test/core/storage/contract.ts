import { afterEach, expect, it } from 'vitest';
import type { Place } from '../../../src/contract/inbound.js';
import type { SqlStore } from '../../../src/core/storage/sql-store.js';
import type { NewRound, QuizAnswer, StoredQuestion } from '../../../src/core/storage/store.js';

/**
 * The Store contract: the same behaviour from every backend, run for real against each.
 * `makeDatabase` gives an empty database; its `open` may be called more than once to get
 * several independent store instances (connections, or processes' worth) on it.
 */
export interface TestDatabase {
  open(): Promise<SqlStore>;
  /** Messages the store logged at start-up (to see which migrations ran). */
  startups: { applied: number[] }[];
  done(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const place: Place = { platform: 'console', workspaceId: 'w1', channelId: 'c1', isDirect: false };
const question: StoredQuestion = {
  key: 'funnel.q1',
  topic: 'funnel',
  kind: 'choice',
  prompt: 'Which?',
  options: [
    { text: 'Right', correct: true },
    { text: 'Wrong', correct: false, misconception: 'Mixes them up' },
  ],
  explanation: 'Because.',
};

export function newRound(over: Partial<NewRound> = {}): NewRound {
  return {
    id: `r${Math.random().toString(36).slice(2, 10)}`,
    platform: 'console',
    workspaceId: 'w1',
    channelKey: 'c1',
    channelId: 'c1',
    place,
    placeKey: 'c1',
    settings: { topics: [], seconds: 20, speedBonus: true },
    questions: [question, { ...question, key: 'funnel.q2' }],
    nextAt: T0,
    leaseOwner: 'A',
    leaseUntil: T0 + 5000,
    createdAt: T0,
    ...over,
  };
}

export function answer(roundId: string, userId: string, over: Partial<QuizAnswer> = {}): QuizAnswer {
  return {
    roundId,
    qIndex: 0,
    user: { platform: 'console', userId },
    displayName: `Name of ${userId}`,
    workspaceId: 'w1',
    channelId: 'c1',
    itemKey: 'funnel.q1',
    topic: 'funnel',
    choice: 'A',
    correct: true,
    points: 120,
    answeredAt: T0 + 1000,
    ...over,
  };
}

/** Puts a round on question 0, open until T0 + 20 s. */
export async function openRound(store: SqlStore, r: NewRound = newRound()): Promise<string> {
  expect(await store.createRound(r)).toBe('created');
  const posting = await store.updateRound(r.id, { version: 0, owner: r.leaseOwner }, { phase: 'posting', qIndex: 0 });
  expect(posting).toBeDefined();
  const ref = { platform: 'console' as const, workspaceId: 'w1', channelId: 'c1', messageId: 'm1' };
  expect(await store.openQuestion(r.id, r.leaseOwner, 0, { messageRef: ref, openedAt: T0, deadline: T0 + 20_000 })).toBeDefined();
  return r.id;
}

export function storeContract(makeDatabase: () => Promise<TestDatabase>): void {
  let db: TestDatabase;
  const opened: SqlStore[] = [];
  const open = async () => {
    const s = await db.open();
    opened.push(s);
    return s;
  };
  const fresh = async () => {
    db = await makeDatabase();
    return open();
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close().catch(() => {})));
    await db?.done();
  });

  it('migrates at start-up, and running the migrations again changes nothing', async () => {
    const a = await fresh();
    await a.addTrainer('console', 'w1', { kind: 'user', id: 'u1' }, T0);
    await open();
    expect(db.startups.map((s) => s.applied)).toEqual([[1, 2, 3, 4, 5], []]);
    expect(await a.listTrainers('console', 'w1')).toEqual([{ kind: 'user', id: 'u1' }]);
  });

  it('allows one running round per channel, and a new one once it has finished', async () => {
    const store = await fresh();
    const first = newRound();
    expect(await store.createRound(first)).toBe('created');
    expect(await store.createRound(newRound())).toBe('channel-busy');
    expect(await store.createRound(newRound({ channelKey: 'c2', channelId: 'c2', placeKey: 'c2' }))).toBe('created');
    expect((await store.findRunningRound('console', 'w1', 'c1'))?.id).toBe(first.id);
    await store.updateRound(first.id, { version: 0 }, { status: 'finished', endedAt: T0 });
    expect(await store.findRunningRound('console', 'w1', 'c1')).toBeUndefined();
    expect(await store.createRound(newRound())).toBe('created');
  });

  it('finds a round by the thread it posts in as well as the channel it started from', async () => {
    const store = await fresh();
    const r = newRound({ place: { ...place, channelId: 'th1' }, placeKey: 'th1' });
    await store.createRound(r);
    expect((await store.findRunningRound('console', 'w1', 'th1'))?.id).toBe(r.id);
    expect((await store.findRunningRound('console', 'w1', 'c1'))?.id).toBe(r.id);
    expect(await store.findRunningRound('console', 'w2', 'c1')).toBeUndefined();
  });

  it('round state round-trips, and updates are compare-and-set on version and owner', async () => {
    const store = await fresh();
    const r = newRound();
    await store.createRound(r);
    const got = await store.getRound(r.id);
    expect(got).toMatchObject({
      status: 'running',
      phase: 'pause',
      qIndex: -1,
      version: 0,
      leaseOwner: 'A',
      settings: r.settings,
      questions: r.questions,
      place,
    });
    expect(await store.updateRound(r.id, { version: 5 }, { phase: 'posting' })).toBeUndefined();
    expect(await store.updateRound(r.id, { version: 0, owner: 'B' }, { phase: 'posting' })).toBeUndefined();
    const moved = await store.updateRound(r.id, { version: 0, owner: 'A' }, { phase: 'posting', qIndex: 0 });
    expect(moved).toMatchObject({ phase: 'posting', qIndex: 0, version: 1 });
    // openQuestion only from `posting`, for that question, by the owner
    const ref = { platform: 'console' as const, workspaceId: 'w1', channelId: 'c1', messageId: 'm9' };
    expect(await store.openQuestion(r.id, 'B', 0, { messageRef: ref, openedAt: T0, deadline: T0 + 1 })).toBeUndefined();
    expect(await store.openQuestion(r.id, 'A', 1, { messageRef: ref, openedAt: T0, deadline: T0 + 1 })).toBeUndefined();
    const open = await store.openQuestion(r.id, 'A', 0, { messageRef: ref, openedAt: T0, deadline: T0 + 20_000 });
    expect(open).toMatchObject({ phase: 'open', messageRef: ref, openedAt: T0, deadline: T0 + 20_000 });
    expect(await store.openQuestion(r.id, 'A', 0, { messageRef: ref, openedAt: T0, deadline: T0 + 1 })).toBeUndefined();
  });

  it('records one answer per person per question; the first choice stands', async () => {
    const store = await fresh();
    const id = await openRound(store);
    expect(await store.recordAnswer(answer(id, 'u1', { choice: 'B', correct: false, points: 0, misconception: 'Mixes them up' }))).toEqual({
      outcome: 'recorded',
    });
    expect(await store.recordAnswer(answer(id, 'u1', { choice: 'A' }))).toEqual({ outcome: 'duplicate', choice: 'B' });
    expect(await store.recordAnswer(answer(id, 'u2'))).toEqual({ outcome: 'recorded' });
    expect(await store.answerCount(id, 0)).toBe(2);
    expect(await store.answerTally(id, 0)).toEqual({ A: 1, B: 1 });
  });

  it('refuses answers after the deadline, for another question, or once the question is closing', async () => {
    const store = await fresh();
    const id = await openRound(store);
    expect(await store.recordAnswer(answer(id, 'late', { answeredAt: T0 + 20_000 }))).toEqual({ outcome: 'closed' });
    expect(await store.recordAnswer(answer(id, 'other', { qIndex: 1 }))).toEqual({ outcome: 'closed' });
    expect(await store.recordAnswer(answer('no-such-round', 'u1'))).toEqual({ outcome: 'closed' });
    const r = (await store.getRound(id))!;
    await store.updateRound(id, { version: r.version }, { phase: 'closing' });
    expect(await store.recordAnswer(answer(id, 'u1'))).toEqual({ outcome: 'closed' });
    expect(await store.answerCount(id, 0)).toBe(0);
  });

  it('counts each of 100 people exactly once when they answer at once through two store instances', async () => {
    const a = await fresh();
    const b = await open();
    const id = await openRound(a);
    const people = Array.from({ length: 100 }, (_, i) => `p${i}`);
    // Everyone double-submits: once through each instance, concurrently.
    const outcomes = await Promise.all(
      people.flatMap((p, i) => [
        a.recordAnswer(answer(id, p, { choice: i % 2 ? 'A' : 'B' })),
        b.recordAnswer(answer(id, p, { choice: i % 2 ? 'B' : 'A' })),
      ]),
    );
    expect(outcomes.filter((o) => o.outcome === 'recorded')).toHaveLength(100);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toHaveLength(100);
    for (let i = 0; i < people.length; i++) {
      expect([outcomes[2 * i]!.outcome, outcomes[2 * i + 1]!.outcome].sort()).toEqual(['duplicate', 'recorded']);
    }
    expect(await a.answerCount(id, 0)).toBe(100);
    expect(await b.answerCount(id, 0)).toBe(100);
    const standings = await b.roundStandings(id);
    expect(standings).toHaveLength(100);
    expect(standings.every((s) => s.answered === 1)).toBe(true);
  });

  it('an answer racing the close is either in the tally the reveal reads, or refused', async () => {
    const a = await fresh();
    const b = await open();
    const closer = await open();
    const id = await openRound(a);
    const send = (from: number, n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? a : b).recordAnswer(answer(id, `p${from + i}`)));
    const early = send(0, 20);
    await early[0];
    // The close lands while more answers are in flight on both instances.
    const late = send(20, 40);
    const r = (await closer.getRound(id))!;
    expect(await closer.updateRound(id, { version: r.version }, { phase: 'closing' })).toBeDefined();
    const tallied = await closer.answerCount(id, 0);
    const outcomes = await Promise.all([...early, ...late]);
    const recorded = outcomes.filter((o) => o.outcome === 'recorded').length;
    expect(outcomes.filter((o) => o.outcome === 'closed').length).toBe(60 - recorded);
    expect(await a.answerCount(id, 0)).toBe(recorded);
    expect(tallied).toBe(recorded);
  });

  it('takes close, next and stop requests only when they make sense', async () => {
    const store = await fresh();
    const id = await openRound(store);
    expect(await store.requestNext(id, T0 + 5)).toBe(false); // not pausing
    expect(await store.requestClose(id, 1, T0 + 5)).toBe(false); // not that question
    expect(await store.requestClose(id, 0, T0 + 5)).toBe(true);
    expect(await store.getRound(id)).toMatchObject({ deadline: T0 + 5, nextAt: T0 + 5 });
    expect(await store.requestClose(id, 0, T0 + 6)).toBe(false); // already closed
    expect(await store.recordAnswer(answer(id, 'u1', { answeredAt: T0 + 6 }))).toEqual({ outcome: 'closed' });
    const r = (await store.getRound(id))!;
    await store.updateRound(id, { version: r.version }, { phase: 'pause', nextAt: T0 + 3000 });
    expect(await store.requestNext(id, T0 + 10)).toBe(true);
    expect(await store.requestStop(id, T0 + 11)).toBe(true);
    expect(await store.getRound(id)).toMatchObject({ stopRequested: true, nextAt: T0 + 11 });
    const s = (await store.getRound(id))!;
    await store.updateRound(id, { version: s.version }, { status: 'stopped' });
    expect(await store.requestStop(id, T0 + 12)).toBe(false);
  });

  it('leases: an owner keeps its rounds; another instance takes them when the lease lapses or is released', async () => {
    const a = await fresh();
    const b = await open();
    const r = newRound({ leaseOwner: 'A', leaseUntil: T0 + 5000 });
    await a.createRound(r);
    await a.createRound(newRound({ platform: 'slack', channelKey: 'S1', placeKey: 'S1', leaseOwner: 'A', leaseUntil: T0 + 5000 }));
    expect((await b.claimRounds('B', T0 + 1000, 5000, ['console', 'slack'])).map((x) => x.id)).toEqual([]);
    expect((await a.claimRounds('A', T0 + 4000, 5000, ['console'])).map((x) => x.id)).toContain(r.id); // renewed until T0+9000
    expect(await b.claimRounds('B', T0 + 8000, 5000, ['console'])).toEqual([]);
    // A stops renewing: after the lease, B takes the console round (not the slack one: B has no slack port)
    const taken = await b.claimRounds('B', T0 + 9001, 5000, ['console']);
    expect(taken.map((x) => x.id)).toEqual([r.id]);
    expect(taken[0]).toMatchObject({ leaseOwner: 'B', leaseUntil: T0 + 14_001 });
    expect((await a.claimRounds('A', T0 + 9002, 5000, ['console'])).map((x) => x.id)).not.toContain(r.id);
    // A released lease is free at once
    await b.releaseRounds('B');
    expect((await a.claimRounds('A', T0 + 9003, 5000, ['console'])).map((x) => x.id)).toContain(r.id);
  });

  it('two instances claiming at the same moment never both get a round', async () => {
    const a = await fresh();
    const b = await open();
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = newRound({ channelKey: `c${i}`, placeKey: `c${i}`, leaseOwner: 'dead', leaseUntil: T0 });
      ids.push(r.id);
      await a.createRound(r);
    }
    const [ga, gb] = await Promise.all([a.claimRounds('A', T0 + 1, 5000, ['console']), b.claimRounds('B', T0 + 1, 5000, ['console'])]);
    const all = [...ga, ...gb].map((x) => x.id).sort();
    expect(all).toEqual([...ids].sort());
  });

  it('standings and leaderboards: points summed, latest display name, channel and period filters', async () => {
    const store = await fresh();
    const r1 = await openRound(store);
    await store.recordAnswer(answer(r1, 'u1', { points: 150, displayName: 'Old name' }));
    await store.recordAnswer(
      answer(r1, 'u2', { points: 0, correct: false, choice: 'B', misconception: 'Mixes them up', answeredAt: T0 + 2000 }),
    );
    const r2 = await openRound(store, newRound({ channelKey: 'c2', channelId: 'c2', placeKey: 'c2' }));
    await store.recordAnswer(answer(r2, 'u1', { channelId: 'c2', points: 120, displayName: 'New name', answeredAt: T0 + 5000 }));
    await store.recordAnswer(answer(r2, 'u3', { channelId: 'c2', points: 100, answeredAt: T0 + 5000 }));

    expect(await store.roundStandings(r1)).toEqual([
      { userId: 'u1', displayName: 'Old name', points: 150, correct: 1, answered: 1 },
      { userId: 'u2', displayName: 'Name of u2', points: 0, correct: 0, answered: 1 },
    ]);
    const server = await store.leaderboard({ platform: 'console', workspaceId: 'w1', since: 0, limit: 10 });
    expect(server.map((s) => [s.displayName, s.points])).toEqual([
      ['New name', 270],
      ['Name of u3', 100],
      ['Name of u2', 0],
    ]);
    const c1 = await store.leaderboard({ platform: 'console', workspaceId: 'w1', channelId: 'c1', since: 0, limit: 10 });
    expect(c1.map((s) => [s.userId, s.points])).toEqual([
      ['u1', 150],
      ['u2', 0],
    ]);
    const recent = await store.leaderboard({ platform: 'console', workspaceId: 'w1', since: T0 + 3000, limit: 10 });
    expect(recent.map((s) => s.userId)).toEqual(['u1', 'u3']);
    expect(await store.leaderboard({ platform: 'console', workspaceId: 'other', since: 0, limit: 10 })).toEqual([]);
  });

  it('history and team insight combine quiz and practice attempts', async () => {
    const store = await fresh();
    const r = await openRound(store);
    await store.recordAnswer(answer(r, 'u1', { answeredAt: T0 + 1000 }));
    await store.recordAnswer(answer(r, 'u2', { correct: false, choice: 'B', points: 0, misconception: 'Mixes them up' }));
    const user = { platform: 'console' as const, userId: 'u1' };
    await store.savePracticeSession(user, { nonce: 'n1', question, askedAt: T0 });
    await store.recordPracticeReview(
      practiceReview('u1', 'n1', { correct: false, topic: 'scope', misconception: 'Scope mix-up', answeredAt: T0 + 9000 }),
    );
    const h = await store.userHistory(user, 10);
    expect(h).toEqual({
      answered: 2,
      correct: 1,
      recent: [false, true],
      byTopic: [
        { topic: 'funnel', attempts: 1, correct: 1 },
        { topic: 'scope', attempts: 1, correct: 0 },
      ],
    });
    expect(await store.teamTopics('console', 'w1', 0)).toEqual([
      { topic: 'funnel', attempts: 2, correct: 1 },
      { topic: 'scope', attempts: 1, correct: 0 },
    ]);
    expect(await store.teamMisconceptions('console', 'w1', 0, 10)).toEqual([
      { topic: 'funnel', misconception: 'Mixes them up', count: 1 },
      { topic: 'scope', misconception: 'Scope mix-up', count: 1 },
    ]);
    expect(await store.teamTopics('console', 'w1', T0 + 5000)).toEqual([{ topic: 'scope', attempts: 1, correct: 0 }]);
  });

  it('practice: a session is answered once; cards persist per person', async () => {
    const store = await fresh();
    const user = { platform: 'console' as const, userId: 'u1' };
    expect(await store.practiceSession(user)).toBeUndefined();
    await store.savePracticeSession(user, { nonce: 'n1', question, askedAt: T0 });
    await store.savePracticeSession(user, { nonce: 'n2', question, askedAt: T0 + 1 });
    expect(await store.practiceSession(user)).toEqual({ nonce: 'n2', question, askedAt: T0 + 1 });
    expect(await store.recordPracticeReview(practiceReview('u1', 'n1'))).toBe(false);
    expect(await store.recordPracticeReview(practiceReview('u1', 'n2'))).toBe(true);
    expect(await store.recordPracticeReview(practiceReview('u1', 'n2'))).toBe(false);
    expect(await store.practiceSession(user)).toBeUndefined();
    const cards = await store.practiceCards(user);
    expect(cards).toEqual([{ itemKey: 'funnel.q1', card: practiceReview('u1', 'n2').card.card, misconception: true }]);
    expect(await store.practiceCards({ platform: 'console', userId: 'u2' })).toEqual([]);
    expect((await store.userHistory(user, 5)).answered).toBe(1);
  });

  it('trainers: add once, list, remove, per workspace', async () => {
    const store = await fresh();
    expect(await store.addTrainer('discord', 'g1', { kind: 'role', id: 'r1' }, T0)).toBe(true);
    expect(await store.addTrainer('discord', 'g1', { kind: 'role', id: 'r1' }, T0)).toBe(false);
    expect(await store.addTrainer('discord', 'g1', { kind: 'user', id: 'u1' }, T0)).toBe(true);
    expect(await store.addTrainer('discord', 'g2', { kind: 'user', id: 'u9' }, T0)).toBe(true);
    expect(await store.listTrainers('discord', 'g1')).toEqual([
      { kind: 'role', id: 'r1' },
      { kind: 'user', id: 'u1' },
    ]);
    expect(await store.removeTrainer('discord', 'g1', { kind: 'role', id: 'r1' })).toBe(true);
    expect(await store.removeTrainer('discord', 'g1', { kind: 'role', id: 'r1' })).toBe(false);
    expect(await store.listTrainers('discord', 'g1')).toEqual([{ kind: 'user', id: 'u1' }]);
  });

  it('gaps: grouped by normalised text, most frequent first, cleared, purged by age', async () => {
    const store = await fresh();
    const gap = (text: string, norm: string, askedAt: number, workspaceId = 'w1') =>
      store.recordGap({ platform: 'console', workspaceId, text, norm, askedAt });
    await gap("What's CRM?", 'what s crm', T0);
    await gap('whats crm', 'what s crm', T0 + 10);
    await gap('Weather?', 'weather', T0 + 20);
    await gap('Old one', 'old one', T0 - 40 * 86_400_000);
    await gap('Elsewhere', 'elsewhere', T0, 'w2');
    const rows = await store.listGaps('console', 'w1', 0, 10);
    expect(rows.map((r) => [r.count, r.lastAsked])).toEqual([
      [2, T0 + 10],
      [1, T0 + 20],
      [1, T0 - 40 * 86_400_000],
    ]);
    expect(['whats crm', "What's CRM?"]).toContain(rows[0]!.text);
    // The open wordings with their group keys, newest first, direct-message counts left out.
    await store.recordGap({ platform: 'console', workspaceId: 'w1', text: '(direct messages)', norm: 'dm:funnel', askedAt: T0 + 30 });
    expect(await store.gapWordings('console', 'w1', T0 - 1, 10)).toEqual([
      { norm: 'weather', text: 'Weather?' },
      { norm: 'what s crm', text: 'whats crm' },
      { norm: 'what s crm', text: "What's CRM?" },
    ]);
    expect(await store.gapWordings('console', 'w1', T0 - 1, 1)).toHaveLength(1);
    await store.clearGaps('console', 'w1');
    await gap("What's CRM?", 'what s crm', T0);
    await gap('whats crm', 'what s crm', T0 + 10);
    await gap('Weather?', 'weather', T0 + 20);
    await gap('Old one', 'old one', T0 - 40 * 86_400_000);
    expect(await store.purgeGaps(T0 - 30 * 86_400_000, T0)).toBe(1);
    expect(await store.listGaps('console', 'w1', 0, 10)).toHaveLength(2);
    expect(await store.clearGaps('console', 'w1')).toBe(3);
    expect(await store.listGaps('console', 'w1', 0, 10)).toEqual([]);
    expect(await store.listGaps('console', 'w2', 0, 10)).toHaveLength(1);
  });

  it('answers given: the first rating counts towards the topic, later ones do not; purged by age', async () => {
    const a = await fresh();
    const b = await open();
    const id = await a.rememberAnswer({
      platform: 'console',
      workspaceId: 'w1',
      topic: 'funnel',
      question: 'what is a funnel',
      askedAt: T0,
    });
    const other = await a.rememberAnswer({ platform: 'console', workspaceId: 'w1', topic: 'funnel', question: null, askedAt: T0 + 5 });
    expect(await b.answerGiven('console', 'w1', id)).toEqual({
      id,
      platform: 'console',
      workspaceId: 'w1',
      topic: 'funnel',
      question: 'what is a funnel',
      askedAt: T0,
    });
    expect(await b.answerGiven('console', 'w2', id)).toBeUndefined();
    // Two instances rating the same answer at once: exactly one counts.
    const rated = await Promise.all(
      [a, b, a, b].map((s, i) => s.rateAnswer({ platform: 'console', workspaceId: 'w1', id, helpful: i > 1, at: T0 + 1 })),
    );
    expect(rated.filter((r) => r.first)).toHaveLength(1);
    expect(await a.rateAnswer({ platform: 'console', workspaceId: 'w1', id: other, helpful: false, at: T0 + 6 })).toEqual({ first: true });
    const tally = await b.topicFeedback('console', 'w1');
    expect(tally).toHaveLength(1);
    expect(tally[0]!.helpful + tally[0]!.notHelpful).toBe(2);
    expect(tally[0]!.notHelpful).toBeGreaterThanOrEqual(1);
    expect(await a.topicFeedback('console', 'w2')).toEqual([]);

    // A not-helpful answer's question in the inbox, with the topic meant.
    const gapId = await a.recordGap({
      platform: 'console',
      workspaceId: 'w1',
      text: 'what is a funnel',
      norm: 'what is a funnel',
      askedAt: T0,
      answeredTopic: 'funnel',
    });
    await a.linkAnswerGap('console', 'w1', id, gapId);
    await b.noteMeantTopic('console', 'w1', id, 'lead-generation');
    expect(await a.findGap('console', 'w1', gapId)).toMatchObject({ answeredTopic: 'funnel', meantTopic: 'lead-generation', count: 1 });

    expect(await a.purgeAnswers(T0 + 1)).toBe(1);
    expect(await a.answerGiven('console', 'w1', id)).toBeUndefined();
    expect(await a.answerGiven('console', 'w1', other)).toBeDefined();
  });

  it('followers of an inbox item: stored once, handed to the trainer who resolves it, then gone; expired ones are not', async () => {
    const a = await fresh();
    const b = await open();
    const first = await a.recordGap({ platform: 'console', workspaceId: 'w1', text: 'Parking?', norm: 'parking', askedAt: T0 });
    const second = await a.recordGap({ platform: 'console', workspaceId: 'w1', text: 'parking', norm: 'parking', askedAt: T0 + 1 });
    const follow = (gapId: number, userId: string, expiresAt = T0 + 1000) =>
      b.followGap({ platform: 'console', workspaceId: 'w1', gapId, userId, expiresAt });
    expect(await follow(first, 'u1')).toBe('added');
    expect(await follow(first, 'u1')).toBe('already');
    expect(await follow(second, 'u2')).toBe('added');
    expect(await follow(second, 'u3', T0 + 10)).toBe('added');
    expect(await follow(999_999, 'u4')).toBe('gone');
    expect(await a.followGap({ platform: 'console', workspaceId: 'w2', gapId: first, userId: 'u5', expiresAt: T0 + 1000 })).toBe('gone');
    const resolution = {
      platform: 'console' as const,
      workspaceId: 'w1',
      item: first,
      status: 'dismissed' as const,
      detail: 'dismissed',
      resolvedBy: 'T',
      resolvedAt: T0 + 100,
    };
    expect(await a.resolveGap(resolution)).toEqual({ won: true, followers: ['u1', 'u2'] });
    expect(await b.resolveGap(resolution)).toMatchObject({ won: false });
    expect(await a.rowsMentioning('u3')).toEqual({});
    // Expired requests are purged with old questions.
    const third = await a.recordGap({ platform: 'console', workspaceId: 'w1', text: 'Lunch?', norm: 'lunch', askedAt: T0 });
    await follow(third, 'u6', T0 + 50);
    await a.purgeGaps(0, T0 + 50);
    expect(await a.rowsMentioning('u6')).toEqual({});
  });

  it('forget-me removes every trace of the person and nobody else', async () => {
    const store = await fresh();
    const r = await openRound(store);
    await store.recordAnswer(answer(r, 'zed-42', { displayName: 'Zed Fortytwo' }));
    await store.recordAnswer(answer(r, 'keep-1'));
    const zed = { platform: 'console' as const, userId: 'zed-42' };
    await store.savePracticeSession(zed, { nonce: 'n1', question, askedAt: T0 });
    await store.recordPracticeReview(practiceReview('zed-42', 'n1'));
    await store.savePracticeSession(zed, { nonce: 'n2', question, askedAt: T0 });
    await store.addTrainer('console', 'w1', { kind: 'user', id: 'zed-42' }, T0);
    const gapId = await store.recordGap({ platform: 'console', workspaceId: 'w1', text: 'Parking?', norm: 'parking', askedAt: T0 });
    await store.followGap({ platform: 'console', workspaceId: 'w1', gapId, userId: 'zed-42', expiresAt: T0 + 1000 });
    expect(Object.keys(await store.rowsMentioning('zed-42')).sort()).toEqual([
      'attempts',
      'gap_followers',
      'practice_cards',
      'practice_sessions',
      'trainers',
    ]);
    expect(await store.forgetUser(zed)).toBe(6);
    expect(await store.rowsMentioning('zed-42')).toEqual({});
    expect(await store.rowsMentioning('Zed Fortytwo')).toEqual({});
    expect(await store.answerCount(r, 0)).toBe(1);
  });

  it('claims a key once across store instances until the claim expires', async () => {
    const a = await fresh();
    const b = await open();
    const results = await Promise.all([a, b, a, b].map((s) => s.claimOnce('slack:Ev123', T0, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.claimOnce('slack:Ev124', T0, 60_000)).toBe(true);
    expect(await a.claimOnce('slack:Ev123', T0 + 59_999, 60_000)).toBe(false);
    expect(await a.claimOnce('slack:Ev123', T0 + 60_000, 60_000)).toBe(true);
  });

  it('counts rate-limit hits in windows, atomically across store instances, and purges ended windows', async () => {
    const a = await fresh();
    const b = await open();
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).countHits('k1', 3, T0, 60_000)));
    // Every total from 3 to 60 exactly once: no lost or doubled increment.
    expect(hits.map((h) => h.total).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => 3 * (i + 1)));
    expect(new Set(hits.map((h) => h.resetAt))).toEqual(new Set([T0 + 60_000]));
    expect(await a.countHits('k1', 1, T0 + 59_999, 60_000)).toEqual({ total: 61, resetAt: T0 + 60_000 });
    expect(await b.countHits('k2', 1, T0 + 30_000, 60_000)).toEqual({ total: 1, resetAt: T0 + 90_000 });
    // The window has ended: a new one starts at this hit.
    expect(await b.countHits('k1', 8, T0 + 60_000, 60_000)).toEqual({ total: 8, resetAt: T0 + 120_000 });
    expect(await a.purgeRateLimits(T0 + 100_000)).toBe(1);
    expect(await a.countHits('k2', 1, T0 + 100_000, 60_000)).toEqual({ total: 1, resetAt: T0 + 160_000 });
  });

  it('stores text containing NUL (PostgreSQL refuses it raw) the same way on both backends', async () => {
    const store = await fresh();
    expect(await store.addTrainer('console', 'w1', { kind: 'user', id: 'u\u00001' }, T0)).toBe(true);
    expect(await store.listTrainers('console', 'w1')).toEqual([{ kind: 'user', id: 'u1' }]);
    await store.recordGap({ platform: 'console', workspaceId: 'w1', text: 'what\u0000 is ROI', norm: 'roi', askedAt: T0 });
    expect((await store.listGaps('console', 'w1', 0, 10)).map((g) => g.text)).toEqual(['what is ROI']);
  });

  it('keeps everything across a restart (close, reopen)', async () => {
    const first = await fresh();
    const id = await openRound(first);
    await first.recordAnswer(answer(id, 'u1'));
    const user = { platform: 'console' as const, userId: 'u1' };
    await first.savePracticeSession(user, { nonce: 'n1', question, askedAt: T0 });
    await first.close();
    opened.splice(opened.indexOf(first), 1);
    const second = await open();
    expect(await second.getRound(id)).toMatchObject({ status: 'running', phase: 'open', qIndex: 0, deadline: T0 + 20_000 });
    expect(await second.recordAnswer(answer(id, 'u1', { choice: 'B' }))).toEqual({ outcome: 'duplicate', choice: 'A' });
    expect((await second.practiceSession(user))?.nonce).toBe('n1');
  });
}

function practiceReview(
  userId: string,
  nonce: string,
  over: { correct?: boolean; topic?: string; misconception?: string; answeredAt?: number } = {},
) {
  return {
    user: { platform: 'console' as const, userId },
    displayName: `Name of ${userId}`,
    workspaceId: 'w1',
    channelId: 'dm',
    nonce,
    card: {
      itemKey: 'funnel.q1',
      card: {
        due: T0 + 60_000,
        stability: 0.2,
        difficulty: 6.4,
        elapsedDays: 0,
        scheduledDays: 0,
        learningSteps: 0,
        reps: 1,
        lapses: 0,
        state: 1,
        lastReview: T0,
      },
      misconception: true,
    },
    topic: over.topic ?? 'funnel',
    choice: 'B',
    correct: over.correct ?? false,
    confident: true,
    ...(over.misconception ? { misconception: over.misconception } : {}),
    answeredAt: over.answeredAt ?? T0 + 500,
  };
}
