import { randomBytes } from 'node:crypto';
import { DeliveryError } from '../../contract/channel.js';
import type { Inbound, Place } from '../../contract/inbound.js';
import { privateNote, type Reply } from '../../contract/reply.js';
import type { CommandOf, CoreContext } from '../commands/types.js';
import { knowledgeFor } from '../knowledge/live.js';
import type { KnowledgeBase } from '../knowledge/load.js';
import type { AnswerOutcome, Round } from '../storage/store.js';
import { refuseUnlessTrainer } from '../trainers.js';
import type { QuizAction } from './actions.js';
import { type BankItem, buildBank, optionIndex, present } from './bank.js';
import { LEAD_IN_MS } from './driver.js';
import { planRound } from './options.js';
import { rankByPoints } from './ranking.js';
import { questionReply, statusReply, topicsLabel } from './render.js';
import { runtimeOf } from './runtime.js';
import { pointsFor } from './scoring.js';
import { selectItems } from './select.js';

/**
 * What people and trainers do to a round. These only record facts and requests in the
 * store; the round driver (whichever process holds the lease) posts, reveals and moves on.
 */

const banks = new WeakMap<KnowledgeBase, BankItem[]>();

export function bankOf(kb: KnowledgeBase): BankItem[] {
  let bank = banks.get(kb);
  if (!bank) {
    bank = buildBank(kb);
    banks.set(kb, bank);
  }
  return bank;
}

/** A channel, or a thread within one: the unit that holds at most one running round. */
export function placeKey(place: Place): string {
  return place.threadId ? `${place.channelId}/${place.threadId}` : place.channelId;
}

export async function startRound(ctx: CoreContext, inbound: Inbound & { command: CommandOf<'quiz.start'> }): Promise<Reply> {
  const { place } = inbound;
  if (place.isDirect) return privateNote('Quiz rounds run in channels. To practise on your own, use practice.');
  // The server's knowledge: team answers' quiz questions come up in its rounds too.
  const { kb } = await knowledgeFor(ctx, place);
  const plan = planRound(kb, inbound.command);
  if ('error' in plan) return privateNote(plan.error);
  const port = ctx.ports.get(place.platform);
  if (!port) return privateNote("Quiz rounds can't be posted on this platform right now.");

  const key = placeKey(place);
  const running = await ctx.store.findRunningRound(place.platform, place.workspaceId, key);
  if (running) return busy(running);

  const runtime = runtimeOf(ctx);
  const items = selectItems(bankOf(kb), plan.settings.topics, plan.questions, runtime.random);
  if (items.length === 0) return privateNote('There are no quiz questions for those topics yet.');
  const questions = items.map((item) => present(item, runtime.random));

  let playPlace = place;
  const notes: string[] = [];
  if (items.length < plan.questions) notes.push(`Only ${items.length} questions exist for these topics, so the round has ${items.length}.`);
  if (plan.thread) {
    if (port.openThread) {
      try {
        playPlace = await port.openThread(place, `Quiz: ${topicsLabel(kb, plan.settings.topics)}`.slice(0, 90));
      } catch (err) {
        if (err instanceof DeliveryError) return privateNote(`I couldn't open a thread for the round: ${err.message}`);
        throw err;
      }
    } else {
      notes.push("Threads aren't available here, so the round runs in this channel.");
    }
  }

  const now = ctx.clock.now();
  const created = await ctx.store.createRound({
    id: randomBytes(9).toString('base64url'),
    platform: place.platform,
    workspaceId: place.workspaceId,
    channelKey: key,
    channelId: place.channelId,
    place: playPlace,
    placeKey: placeKey(playPlace),
    settings: plan.settings,
    questions,
    nextAt: now + LEAD_IN_MS,
    leaseOwner: runtime.instanceId,
    leaseUntil: now + runtime.leaseMs,
    createdAt: now,
  });
  if (created === 'channel-busy') {
    const other = await ctx.store.findRunningRound(place.platform, place.workspaceId, key);
    return other ? busy(other) : privateNote('Another round started here a moment ago.');
  }
  runtime.kick();
  const { seconds, speedBonus, topics } = plan.settings;
  return {
    visibility: 'public',
    title: 'Quiz time!',
    body: [
      `${questions.length} question${questions.length === 1 ? '' : 's'} on ${topicsLabel(kb, topics)}, ${seconds} seconds each, speed bonus ${speedBonus ? 'on' : 'off'}. `,
      'Answer with a letter; your first answer counts. ',
      ...(playPlace !== place ? ['The questions are in the thread. '] : []),
      `First question in ${Math.round(LEAD_IN_MS / 1000)} seconds.`,
      ...(notes.length ? ['\n', notes.join(' ')] : []),
    ],
  };
}

function busy(round: Round): Reply {
  const where = round.qIndex < 0 ? 'about to start' : `on question ${round.qIndex + 1} of ${round.questions.length}`;
  return {
    visibility: 'private',
    title: 'A round is already running here',
    body: [`This channel's round is ${where}. Wait for it to finish, or end it with `, { cmd: { command: 'quiz stop' } }, '.'],
  };
}

/** The running round for the place a command came from (the channel or the round's thread). */
export function roundHere(ctx: CoreContext, place: Place): Promise<Round | undefined> {
  return ctx.store.findRunningRound(place.platform, place.workspaceId, placeKey(place));
}

/** Trainers only: the command's audience is checked by the dispatcher, the Stop button's in `quizClicked`. */
export async function stopRound(ctx: CoreContext, inbound: Inbound, round?: Round): Promise<Reply> {
  const target = round ?? (await roundHere(ctx, inbound.place));
  if (target?.status !== 'running') return privateNote('No quiz round is running here.');
  const stopped = await ctx.store.requestStop(target.id, ctx.clock.now());
  if (!stopped) return privateNote('That round has already ended.');
  runtimeOf(ctx).kick();
  return privateNote('Stopping the round. Scores so far are kept; the final standings follow.');
}

export async function nextQuestion(ctx: CoreContext, inbound: Inbound): Promise<Reply> {
  const round = await roundHere(ctx, inbound.place);
  if (!round) return privateNote('No quiz round is running here.');
  const now = ctx.clock.now();
  if (round.phase === 'open' && (await ctx.store.requestClose(round.id, round.qIndex, now))) {
    runtimeOf(ctx).kick();
    return privateNote(`Closing question ${round.qIndex + 1} now; the answer follows.`);
  }
  if (round.phase === 'pause' && !round.stopRequested && (await ctx.store.requestNext(round.id, now))) {
    runtimeOf(ctx).kick();
    return privateNote('Moving straight on to the next question.');
  }
  return privateNote('The round is between steps right now; try again in a moment.');
}

export async function roundStatus(ctx: CoreContext, inbound: Inbound): Promise<Reply> {
  const round = await roundHere(ctx, inbound.place);
  if (!round) {
    return {
      visibility: 'private',
      body: ['No quiz round is running here. Trainers can start one with ', { cmd: { command: 'quiz start' } }, '.'],
    };
  }
  const answered = round.qIndex >= 0 ? await ctx.store.answerCount(round.id, round.qIndex) : 0;
  // While a question is open, standings stop before it: who got it right shows at the reveal, not here.
  const before = round.phase === 'open' ? round.qIndex : undefined;
  const ranked = rankByPoints(await ctx.store.roundStandings(round.id, before));
  return statusReply((await knowledgeFor(ctx, round.place)).kb, round, answered, ranked);
}

/** A quiz button: an answer letter, or the trainer's Skip / Stop. */
export async function quizClicked(ctx: CoreContext, inbound: Inbound, action: QuizAction): Promise<Reply> {
  let round: Round | undefined;
  try {
    round = await ctx.store.getRound(action.roundId);
  } catch (err) {
    if (action.kind === 'answer') return answerNotRecorded(ctx, err, action.roundId);
    throw err;
  }
  // A button only works where its round lives: a click from another channel (forged, or a
  // trainer elsewhere) neither answers nor stops it.
  if (!round || !clickedWhereRoundRuns(round, inbound.place)) return privateNote('That quiz has expired.');
  switch (action.kind) {
    case 'answer':
      return answer(ctx, inbound, round, action.qIndex, action.letter);
    case 'skip': {
      const refusal = await refuseUnlessTrainer(ctx.store, inbound, 'skip questions');
      if (refusal) return refusal;
      if (!(await ctx.store.requestClose(round.id, action.qIndex, ctx.clock.now())))
        return privateNote('That question has already closed.');
      runtimeOf(ctx).kick();
      return privateNote('Skipped: the answer is revealed now.');
    }
    case 'stop':
      return (await refuseUnlessTrainer(ctx.store, inbound, 'stop quiz rounds')) ?? stopRound(ctx, inbound, round);
  }
}

/**
 * The round's own platform, workspace and channel, and its thread when it runs in one
 * (Discord threads are channels of their own). A Slack click on a question that grew a
 * thread carries that thread: only the channel is compared when the round has no thread.
 */
export function clickedWhereRoundRuns(round: Round, place: Place): boolean {
  const where = round.place;
  if (round.platform !== place.platform || round.workspaceId !== place.workspaceId) return false;
  if (where.channelId !== place.channelId) return false;
  return !where.threadId || where.threadId === place.threadId;
}

async function answer(ctx: CoreContext, inbound: Inbound, round: Round, qIndex: number, letter: string): Promise<Reply> {
  const now = ctx.clock.now();
  const question = round.questions[qIndex];
  if (round.status !== 'running') return privateNote('This round is over.');
  if (!question || round.qIndex !== qIndex || round.phase !== 'open' || round.deadline === null || now >= round.deadline) {
    return privateNote('Too late: this question has closed.');
  }
  const index = optionIndex(question, letter);
  if (index < 0) return privateNote("That answer isn't one of the options.");
  const option = question.options[index]!;
  let outcome: AnswerOutcome;
  try {
    outcome = await ctx.store.recordAnswer({
      roundId: round.id,
      qIndex,
      user: { platform: inbound.actor.platform, userId: inbound.actor.id },
      displayName: inbound.actor.displayName,
      workspaceId: round.workspaceId,
      channelId: round.channelId,
      itemKey: question.key,
      topic: question.topic,
      choice: letter,
      correct: option.correct,
      points: pointsFor({
        correct: option.correct,
        speedBonus: round.settings.speedBonus,
        openedAt: round.openedAt ?? now,
        deadline: round.deadline,
        answeredAt: now,
      }),
      ...(option.misconception ? { misconception: option.misconception } : {}),
      answeredAt: now,
    });
  } catch (err) {
    return answerNotRecorded(ctx, err, round.id);
  }
  switch (outcome.outcome) {
    case 'closed':
      return privateNote('Too late: this question has closed.');
    case 'duplicate':
      return privateNote(
        outcome.choice === letter
          ? `You already answered ${letter}; it's locked in.`
          : `You already answered ${outcome.choice}, and your first answer is the one that counts.`,
      );
    case 'recorded':
      await refreshCount(ctx, round, qIndex);
      return privateNote(`Locked in: ${letter}. The answer is revealed when the question closes.`);
  }
}

/**
 * The store failed (database unreachable, timed out). Never "locked in" without a stored row;
 * and clicking again is safe: if the answer did reach the database, the next click says so.
 */
function answerNotRecorded(ctx: CoreContext, err: unknown, roundId: string): Reply {
  ctx.log.warn({ err, round: roundId }, 'could not record a quiz answer');
  return privateNote(
    "Sorry, I couldn't record your answer: my database isn't answering right now. Please click your answer again in a moment.",
  );
}

/**
 * Refreshes in flight, per process and question: during a burst of answers one refresh runs
 * and at most one more follows, instead of a count query and an edit per answer.
 */
const refreshing = new WeakMap<CoreContext, Map<string, { dirty: boolean }>>();

/**
 * The answered count on the question message: a live edit the adapter may coalesce. The
 * edit is sent, not awaited, so a slow platform never delays the person's confirmation.
 */
async function refreshCount(ctx: CoreContext, round: Round, qIndex: number): Promise<void> {
  let inFlight = refreshing.get(ctx);
  if (!inFlight) {
    inFlight = new Map();
    refreshing.set(ctx, inFlight);
  }
  const key = `${round.id}:${qIndex}`;
  const running = inFlight.get(key);
  if (running) {
    running.dirty = true; // the refresh under way runs once more and includes this answer
    return;
  }
  const state = { dirty: false };
  inFlight.set(key, state);
  try {
    await sendCount(ctx, round, qIndex);
  } finally {
    void (async () => {
      try {
        while (state.dirty) {
          state.dirty = false;
          await sendCount(ctx, round, qIndex);
        }
      } finally {
        inFlight.delete(key);
      }
    })();
  }
}

async function sendCount(ctx: CoreContext, round: Round, qIndex: number): Promise<void> {
  const port = ctx.ports.get(round.platform);
  if (!port || !round.messageRef) return;
  const failed = (err: unknown) => ctx.log.warn({ err, round: round.id }, 'could not update the answer count');
  try {
    const answered = await ctx.store.answerCount(round.id, qIndex);
    // Never let a late count overwrite the reveal, here or after the adapter held it back for pacing.
    const stillOpen = async () => {
      const fresh = await ctx.store.getRound(round.id);
      return Boolean(fresh && fresh.phase === 'open' && fresh.qIndex === qIndex);
    };
    if (!(await stillOpen())) return;
    const { kb } = await knowledgeFor(ctx, round.place);
    port.edit(round.messageRef, questionReply(kb, round, qIndex, answered), { live: true, isCurrent: stillOpen }).catch(failed);
  } catch (err) {
    failed(err);
  }
}
