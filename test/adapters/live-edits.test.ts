/** The shared pacing of live edits, on hand-moved timers with a recording sender. */
import { describe, expect, it } from 'vitest';
import { LiveEditQueue, type LivePacing, SWEEP_ABOVE } from '../../src/adapters/live-edits.js';
import type { MessageRef } from '../../src/contract/channel.js';
import type { Reply } from '../../src/contract/reply.js';
import { ManualTimers, settle } from '../helpers/manual-timers.js';

const reply = (text: string, deadline?: number): Reply => ({ visibility: 'public', body: [text], deadline });
const msg = (messageId: string, workspaceId = 'W1'): MessageRef => ({ platform: 'discord', workspaceId, channelId: 'C1', messageId });
const A = msg('A');

function setup(pacing: Partial<LivePacing> = {}) {
  const timers = new ManualTimers();
  const sent: { id: string; text: string; live: boolean; at: number }[] = [];
  const started: string[] = [];
  let gate: Promise<void> | undefined;
  let failWith: Error | undefined;
  const queue = new LiveEditQueue(
    async (ref, r, live) => {
      const failure = failWith;
      failWith = undefined;
      started.push(String(r.body[0]));
      if (gate) await gate;
      if (failure) throw failure;
      sent.push({ id: ref.messageId, text: String(r.body[0]), live, at: timers.now() });
    },
    { intervalMs: 1000, ...pacing },
    timers,
  );
  /** Holds every send until the returned function is called. */
  const hold = () => {
    let release!: () => void;
    gate = new Promise<void>((r) => {
      release = () => {
        gate = undefined;
        r();
      };
    });
    return release;
  };
  const failNext = (err: Error) => {
    failWith = err;
  };
  const texts = () => sent.map((s) => s.text);
  return { timers, sent, started, queue, hold, failNext, texts };
}

/** Records when a promise settles, so a test can assert it has not yet. */
function track(p: Promise<void>) {
  const state = { settled: false, error: undefined as unknown };
  p.then(
    () => (state.settled = true),
    (err: unknown) => {
      state.settled = true;
      state.error = err;
    },
  );
  return state;
}

describe('LiveEditQueue: coalescing', () => {
  it('sends a burst as one edit with the latest content, then at most one per interval', async () => {
    const { timers, sent, queue } = setup();
    const burst = [1, 2, 3].map((n) => queue.edit(A, reply(`${n} answered`), { live: true }));
    expect(timers.scheduled).toBe(1);
    await timers.advance(0);
    await Promise.all(burst);
    expect(sent).toEqual([{ id: 'A', text: '3 answered', live: true, at: 0 }]);

    const later = [4, 5].map((n) => track(queue.edit(A, reply(`${n} answered`), { live: true })));
    await timers.advance(999);
    expect(sent).toHaveLength(1);
    expect(later.some((t) => t.settled)).toBe(false);
    await timers.advance(1);
    expect(sent.map((s) => [s.text, s.at])).toEqual([
      ['3 answered', 0],
      ['5 answered', 1000],
    ]);
    expect(later.every((t) => t.settled && t.error === undefined)).toBe(true);
  });

  it('paces each message on its own', async () => {
    const { timers, sent, queue } = setup();
    void queue.edit(A, reply('A1'), { live: true });
    void queue.edit(msg('B'), reply('B1'), { live: true });
    await timers.advance(0);
    expect(sent.map((s) => s.text).sort()).toEqual(['A1', 'B1']);
  });
});

describe('LiveEditQueue: complete edits', () => {
  it('supersede pending live edits, go out at once, and restart the interval', async () => {
    const { timers, sent, queue, texts } = setup();
    void queue.edit(A, reply('1 answered'), { live: true });
    await timers.advance(0);
    const pending = track(queue.edit(A, reply('2 answered'), { live: true }));
    await timers.advance(100);
    await queue.edit(A, reply('revealed'));
    expect(pending).toEqual({ settled: true, error: undefined });
    expect(sent.at(-1)).toEqual({ id: 'A', text: 'revealed', live: false, at: 100 });

    void queue.edit(A, reply('3 answered'), { live: true });
    await timers.advance(999);
    expect(texts()).toEqual(['1 answered', 'revealed']);
    await timers.advance(1);
    expect(sent.at(-1)).toMatchObject({ text: '3 answered', at: 1100 });
  });

  it('wait for an edit in flight, so edits reach the platform in order', async () => {
    const { timers, queue, hold, texts, started } = setup();
    const release = hold();
    void queue.edit(A, reply('live'), { live: true });
    await timers.advance(0);
    const reveal = queue.edit(A, reply('reveal'));
    const standings = queue.edit(A, reply('standings'));
    await settle();
    expect(started).toEqual(['live']);
    release();
    await Promise.all([reveal, standings]);
    expect(texts()).toEqual(['live', 'reveal', 'standings']);
  });

  it('drop a live edit already queued behind a send in flight', async () => {
    const { timers, queue, hold, texts } = setup();
    const release = hold();
    const first = queue.edit(A, reply('reveal Q1'));
    const live = queue.edit(A, reply('1 answered'), { live: true });
    await timers.advance(1000); // the live edit's turn comes while the reveal still hangs
    const next = queue.edit(A, reply('Question 2'));
    release();
    await Promise.all([first, live, next]);
    expect(texts()).toEqual(['reveal Q1', 'Question 2']);
  });

  it('reject with the send’s error, and the next edit still goes out', async () => {
    const { queue, failNext, texts } = setup();
    failNext(new Error('refused'));
    await expect(queue.edit(A, reply('reveal'))).rejects.toThrow('refused');
    await queue.edit(A, reply('reveal again'));
    expect(texts()).toEqual(['reveal again']);
  });
});

describe('LiveEditQueue: isCurrent', () => {
  it('is asked just before a held-back live edit is sent; a stale one is dropped and its promise resolves', async () => {
    const { timers, queue, texts } = setup();
    let current = true;
    let asked = 0;
    const isCurrent = async () => {
      asked++;
      return current;
    };
    void queue.edit(A, reply('1 answered'), { live: true, isCurrent });
    await timers.advance(0);
    const stale = track(queue.edit(A, reply('2 answered'), { live: true, isCurrent }));
    current = false;
    expect(asked).toBe(1);
    await timers.advance(1000);
    expect(asked).toBe(2);
    expect(stale).toEqual({ settled: true, error: undefined });
    expect(texts()).toEqual(['1 answered']);
  });

  it('treats a failing isCurrent as stale', async () => {
    const { timers, queue, texts } = setup();
    const live = queue.edit(A, reply('1 answered'), { live: true, isCurrent: () => Promise.reject(new Error('db down')) });
    await timers.advance(0);
    await expect(live).resolves.toBeUndefined();
    expect(texts()).toEqual([]);
  });

  it('a complete edit made while isCurrent is being asked wins', async () => {
    const { timers, queue, texts } = setup();
    let answer!: (v: boolean) => void;
    const isCurrent = () => new Promise<boolean>((r) => (answer = r));
    const live = queue.edit(A, reply('1 answered'), { live: true, isCurrent });
    await timers.advance(0);
    const reveal = queue.edit(A, reply('revealed'));
    answer(true);
    await Promise.all([live, reveal]);
    expect(texts()).toEqual(['revealed']);
  });

  it('a live edit whose send fails rejects, with every edit coalesced into it', async () => {
    const { timers, queue, failNext } = setup();
    failNext(new Error('rate limited'));
    const both = [1, 2].map((n) => expect(queue.edit(A, reply(`${n}`), { live: true })).rejects.toThrow('rate limited'));
    await timers.advance(0);
    await Promise.all(both);
  });
});

describe('LiveEditQueue: workspace budget', () => {
  const budget = { perMinute: 10, reserve: 2 };

  it('keeps live edits within the budget minus the reserve, per workspace', async () => {
    const { timers, sent, queue } = setup({ budget });
    for (let i = 0; i < 12; i++) void queue.edit(msg(`m${i}`), reply(`live ${i}`), { live: true });
    void queue.edit(msg('other', 'W2'), reply('other workspace'), { live: true });
    await timers.advance(0);
    expect(sent.filter((s) => s.text.startsWith('live'))).toHaveLength(8);
    expect(sent.map((s) => s.text)).toContain('other workspace');

    // The reserve is for complete edits: a reveal goes out at once.
    await queue.edit(msg('m0'), reply('reveal'));
    expect(sent.at(-1)).toMatchObject({ text: 'reveal', at: 0 });

    // A held-back message keeps only its latest content until the window has room again.
    void queue.edit(msg('m11'), reply('live 11 again'), { live: true });
    await timers.advance(59_999);
    expect(sent.filter((s) => s.text.startsWith('live'))).toHaveLength(8);
    await timers.advance(2);
    const late = sent.filter((s) => s.at > 0).map((s) => s.text);
    expect(late).toContain('live 11 again');
    expect(late).not.toContain('live 11');
    expect(sent.filter((s) => s.live && s.id !== 'other')).toHaveLength(12);
  });

  it('counts complete edits against the live share too', async () => {
    const { timers, sent, queue } = setup({ budget });
    for (let i = 0; i < 8; i++) await queue.edit(msg(`m${i}`), reply(`reveal ${i}`));
    void queue.edit(A, reply('1 answered'), { live: true });
    await timers.advance(30_000);
    expect(sent.filter((s) => s.live)).toEqual([]);
    await timers.advance(30_001);
    expect(sent.filter((s) => s.live)).toMatchObject([{ text: '1 answered', at: 60_001 }]);
  });
});

describe('LiveEditQueue: deadline', () => {
  it('drops a held-back live edit once its deadline has passed on the deadline clock', async () => {
    const clock = { t: 5_000, now: () => clock.t };
    const { timers, queue, texts } = setup({ deadlineClock: clock });
    void queue.edit(A, reply('1 answered', 6_000), { live: true });
    await timers.advance(0);
    const late = track(queue.edit(A, reply('2 answered', 6_000), { live: true }));
    clock.t = 6_000; // the core's clock, not the pacing timers, decides
    await timers.advance(1000);
    expect(late).toEqual({ settled: true, error: undefined });
    expect(texts()).toEqual(['1 answered']);
  });

  it('ignores deadlines when the platform has no deadline rule', async () => {
    const { timers, queue, texts } = setup();
    void queue.edit(A, reply('1 answered', -1), { live: true });
    await timers.advance(0);
    expect(texts()).toEqual(['1 answered']);
  });
});

describe('LiveEditQueue: shutdown', () => {
  it('flush sends held-back live edits now and waits for sends in flight', async () => {
    const { timers, sent, queue, hold } = setup();
    void queue.edit(A, reply('1 answered'), { live: true });
    await timers.advance(0);
    void queue.edit(A, reply('2 answered'), { live: true });
    const release = hold();
    void queue.edit(msg('B'), reply('B revealed'));
    const flushed = track(queue.flush());
    await settle();
    expect(flushed.settled).toBe(false);
    release();
    await queue.flush();
    expect(sent.map((s) => [s.text, s.at])).toEqual([
      ['1 answered', 0],
      ['B revealed', 0],
      ['2 answered', 0],
    ]);
    expect(timers.scheduled).toBe(0);
  });

  it('flush still drops what is stale or over budget', async () => {
    const { timers, queue, texts } = setup({ budget: { perMinute: 2, reserve: 1 } });
    void queue.edit(A, reply('A1'), { live: true });
    await timers.advance(0);
    const overBudget = track(queue.edit(msg('B'), reply('B1'), { live: true }));
    void queue.edit(msg('C'), reply('C1'), { live: true, isCurrent: async () => false });
    await queue.flush();
    expect(texts()).toEqual(['A1']);
    expect(overBudget).toEqual({ settled: true, error: undefined });
    expect(timers.scheduled).toBe(0);
  });

  it('close drops pending and later live edits; complete edits still go out', async () => {
    const { timers, queue, texts } = setup();
    void queue.edit(A, reply('1 answered'), { live: true });
    await timers.advance(0);
    const pending = queue.edit(A, reply('2 answered'), { live: true });
    queue.close();
    await expect(pending).resolves.toBeUndefined();
    await expect(queue.edit(A, reply('3 answered'), { live: true })).resolves.toBeUndefined();
    await queue.edit(A, reply('revealed'));
    await timers.advance(5000);
    expect(texts()).toEqual(['1 answered', 'revealed']);
    expect(timers.scheduled).toBe(0);
  });
});

describe('LiveEditQueue: memory', () => {
  it('forgets idle messages once many are tracked, but keeps pacing the busy ones', async () => {
    const { timers, queue, texts } = setup();
    for (let i = 0; i < SWEEP_ABOVE - 1; i++) await queue.edit(msg(`old${i}`), reply('done'));
    void queue.edit(A, reply('A1'), { live: true });
    await timers.advance(1000);
    void queue.edit(A, reply('A2'), { live: true });
    await timers.advance(500);
    expect(queue.tracked).toBe(SWEEP_ABOVE);
    void queue.edit(msg('new'), reply('new'));
    await settle();
    // A was edited 500 ms ago: it keeps its state so its next live edit still waits out the interval.
    expect(queue.tracked).toBe(2);
    void queue.edit(A, reply('A3'), { live: true });
    await timers.advance(499);
    expect(texts().at(-1)).toBe('new');
    await timers.advance(1);
    expect(texts().at(-1)).toBe('A3');
  });
});
