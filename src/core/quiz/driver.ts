import { type ChannelPort, DeliveryError } from '../../contract/channel.js';
import type { CoreContext } from '../commands/types.js';
import { ANSWER_KEPT_MS } from '../feedback/record.js';
import { knowledgeFor } from '../knowledge/live.js';
import type { Round, RoundPatch } from '../storage/store.js';
import { rankByPoints } from './ranking.js';
import { questionReply, revealReply, standingsReply } from './render.js';
import type { CoreRuntime } from './runtime.js';

/** Between the start message and question 1, and between a reveal and the next question. */
export const LEAD_IN_MS = 3_000;
export const PAUSE_MS = 3_000;
/** Consecutive delivery failures on one round before the driver gives up on that step. */
const MAX_FAILURES = 10;
const GAP_PURGE_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Moves rounds along. All state lives in the store; this process acts only on rounds it
 * holds a lease on, renews the lease every tick, and takes over rounds whose owner stopped
 * renewing. Time comes from the injected clock, so tests call `tick()` after advancing a
 * ManualClock and nothing ever waits for real time.
 */
export class RoundDriver {
  private chain: Promise<void> = Promise.resolve();
  private waiting = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly failures = new Map<string, number>();
  private lastGapPurge = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ctx: CoreContext,
    private readonly runtime: CoreRuntime,
    private readonly pollMs = 500,
  ) {}

  /** Processes everything due now. Ticks never overlap: a second call runs after the first. */
  tick(): Promise<void> {
    this.waiting++;
    const run = this.chain.then(() => {
      this.waiting--;
      return this.runTick();
    });
    this.chain = run.catch(() => {});
    return run;
  }

  /** Ticks soon, when running (a handler just changed a round). */
  kick(): void {
    if (!this.timer || this.waiting > 0) return;
    this.tick().catch((err) => this.ctx.log.error({ err }, 'round driver tick failed'));
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref?.();
    this.kick();
  }

  /** Stops ticking, waits for the current tick, and hands this process's rounds back for others to take. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.chain;
    await this.ctx.store.releaseRounds(this.runtime.instanceId);
  }

  private async runTick(): Promise<void> {
    const { store, clock, ports } = this.ctx;
    let owned: Round[];
    try {
      owned = await store.claimRounds(this.runtime.instanceId, clock.now(), this.runtime.leaseMs, [...ports.keys()]);
    } catch (err) {
      // Database unreachable: nothing can move now; the next tick tries again.
      this.ctx.log.warn({ err }, 'could not claim quiz rounds; retrying next tick');
      return;
    }
    for (const round of owned) {
      try {
        await this.drive(round.id);
      } catch (err) {
        this.ctx.log.error({ err, round: round.id }, 'round step failed; retrying next tick');
      }
    }
    await this.purgeGaps();
  }

  private async drive(id: string): Promise<void> {
    for (let steps = 0; steps < 8; steps++) {
      const round = await this.ctx.store.getRound(id);
      if (round?.status !== 'running' || round.leaseOwner !== this.runtime.instanceId) return;
      const port = this.ctx.ports.get(round.platform);
      if (!port || !isDue(round, this.ctx.clock.now())) return;
      if (!(await this.step(round, port))) return;
    }
  }

  /** One transition; true when the round moved (look again), false to wait for the next tick. */
  private async step(round: Round, port: ChannelPort): Promise<boolean> {
    const cas = { version: round.version, owner: this.runtime.instanceId };
    switch (round.phase) {
      case 'pause': {
        const done = round.stopRequested || round.qIndex + 1 >= round.questions.length;
        const patch = done
          ? { phase: 'ending' as const }
          : { phase: 'posting' as const, qIndex: round.qIndex + 1, openedAt: null, deadline: null, messageRef: null };
        await this.ctx.store.updateRound(round.id, cas, patch);
        return true;
      }
      case 'posting':
        return this.post(round, port);
      case 'open':
        // From here on answers are refused; the reveal below is redone by a new owner if we die.
        await this.ctx.store.updateRound(round.id, cas, { phase: 'closing' });
        return true;
      case 'closing':
        return this.reveal(round, port);
      case 'ending':
        return this.finish(round, port);
    }
  }

  private async post(round: Round, port: ChannelPort): Promise<boolean> {
    const { store, clock } = this.ctx;
    const kb = await this.kbOf(round);
    const openedAt = clock.now();
    const deadline = openedAt + round.settings.seconds * 1000;
    let ref: Awaited<ReturnType<ChannelPort['post']>>;
    try {
      ref = await port.post(round.place, questionReply(kb, { ...round, deadline }, round.qIndex, 0));
    } catch (err) {
      if (this.tolerate(round, err, 'post a question')) await this.abort(round);
      return false;
    }
    this.failures.delete(round.id);
    const opened = await store.openQuestion(round.id, this.runtime.instanceId, round.qIndex, { messageRef: ref, openedAt, deadline });
    if (!opened) this.ctx.log.warn({ round: round.id }, 'question posted but the round moved on meanwhile');
    return true;
  }

  /** The knowledge of the round's server (team answers' titles in what it shows). */
  private async kbOf(round: Round) {
    return (await knowledgeFor(this.ctx, round.place)).kb;
  }

  private async reveal(round: Round, port: ChannelPort): Promise<boolean> {
    const { store, clock } = this.ctx;
    const kb = await this.kbOf(round);
    if (round.messageRef) {
      const tally = await store.answerTally(round.id, round.qIndex);
      try {
        await port.edit(round.messageRef, revealReply(kb, round, round.qIndex, tally));
      } catch (err) {
        if (!this.tolerate(round, err, 'reveal the answer')) return false;
      }
    }
    this.failures.delete(round.id);
    const now = clock.now();
    await this.commit(round, (fresh) => ({ phase: 'pause', nextAt: fresh.stopRequested ? now : now + PAUSE_MS }));
    return true;
  }

  private async finish(round: Round, port: ChannelPort): Promise<boolean> {
    const { store, clock } = this.ctx;
    const kb = await this.kbOf(round);
    const ranked = rankByPoints(await store.roundStandings(round.id));
    try {
      await port.post(round.place, standingsReply(kb, round, ranked));
    } catch (err) {
      if (!this.tolerate(round, err, 'post the standings')) return false;
    }
    this.failures.delete(round.id);
    const status = round.stopRequested ? 'stopped' : 'finished';
    await this.commit(round, () => ({ status, endedAt: clock.now(), leaseOwner: null }));
    return true;
  }

  /**
   * Records a step whose message already went out (a reveal, the standings). A `quiz stop`
   * arriving meanwhile bumps the version; redoing the step would post it twice, so re-read
   * and record it again while the round is still at the same point and ours.
   */
  private async commit(round: Round, patch: (fresh: Round) => RoundPatch): Promise<void> {
    const owner = this.runtime.instanceId;
    let current = round;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.ctx.store.updateRound(round.id, { version: current.version, owner }, patch(current))) return;
      const fresh = await this.ctx.store.getRound(round.id);
      if (fresh?.status !== 'running' || fresh.leaseOwner !== owner || fresh.phase !== round.phase || fresh.qIndex !== round.qIndex) return;
      current = fresh;
    }
  }

  /**
   * After a delivery failure: true means stop retrying (the platform refused for good, or
   * it kept failing); false means try again next tick.
   */
  private tolerate(round: Round, err: unknown, what: string): boolean {
    const permanent = err instanceof DeliveryError && (err.problem === 'not-in-channel' || err.problem === 'missing-permissions');
    const count = (this.failures.get(round.id) ?? 0) + 1;
    this.failures.set(round.id, count);
    const giveUp = permanent || count >= MAX_FAILURES;
    this.ctx.log.warn({ err, round: round.id, attempt: count, giveUp }, `could not ${what}`);
    if (giveUp) this.failures.delete(round.id);
    return giveUp;
  }

  /** The round can't be posted at all (bot removed from the channel…): end it without standings. */
  private async abort(round: Round): Promise<void> {
    await this.ctx.store.updateRound(
      round.id,
      { version: round.version, owner: this.runtime.instanceId },
      { status: 'aborted', endedAt: this.ctx.clock.now(), leaseOwner: null },
    );
  }

  /**
   * Unanswered questions are kept `retentionDays`, then deleted, whether or not anyone looks;
   * answers given are kept a day (for ratings), follow-up requests until they expire.
   */
  private async purgeGaps(): Promise<void> {
    const now = this.ctx.clock.now();
    if (now - this.lastGapPurge < GAP_PURGE_EVERY_MS) return;
    try {
      await this.ctx.store.purgeGaps(now - this.ctx.settings.gaps.retentionDays * DAY_MS, now);
      await this.ctx.store.purgeAnswers(now - ANSWER_KEPT_MS);
      this.lastGapPurge = now;
    } catch (err) {
      this.ctx.log.warn({ err }, 'could not purge old unanswered questions; retrying next tick');
    }
  }
}

function isDue(round: Round, now: number): boolean {
  switch (round.phase) {
    case 'pause':
      return round.stopRequested || (round.nextAt ?? 0) <= now;
    case 'open':
      return round.stopRequested || (round.deadline ?? 0) <= now;
    default:
      return true; // posting / closing / ending: unfinished work, redo it
  }
}
