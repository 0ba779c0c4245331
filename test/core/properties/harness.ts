import type fc from 'fast-check';
import { pino } from 'pino';
import { type ChannelPort, DeliveryError, type DeliveryProblem, type MessageRef } from '../../../src/contract/channel.js';
import type { Command, Inbound, Place, TrainerTarget } from '../../../src/contract/inbound.js';
import { flattenText, type Reply } from '../../../src/contract/reply.js';
import { type Bot, createBot } from '../../../src/core/bot.js';
import { ManualClock } from '../../../src/core/clock.js';
import { cleanTrainerTarget, describeTrainer } from '../../../src/core/commands/trainers.js';
import type { KnowledgeBase } from '../../../src/core/knowledge/load.js';
import type { Matcher } from '../../../src/core/matching/types.js';
import { seededRandom } from '../../../src/core/quiz/random.js';
import { placeKey } from '../../../src/core/quiz/rounds.js';
import { pointsFor } from '../../../src/core/quiz/scoring.js';
import { openStore } from '../../../src/core/storage/open.js';
import type { SqlStore } from '../../../src/core/storage/sql-store.js';
import type { NewRound, Round, Store } from '../../../src/core/storage/store.js';
import { textOf } from '../../helpers/bot.js';
import { quizStart } from '../../helpers/commands.js';
import type { QuizStartOptions } from './ops.js';
import { type Op, PEOPLE, type Person, PLACES, type Step, TOPIC_IDS } from './ops.js';

/**
 * Runs generated steps against a real bot (real knowledge base and matcher, in-memory SQLite,
 * manual clock) and keeps a model of what the bot acknowledged to people. Every store call
 * the bot makes is released by fast-check's scheduler, so concurrent ops interleave in
 * arbitrary (and replayable) orders. Failures are thrown as plain Errors naming the step.
 */

const KNOWN_NS = ['qz', 'pr', 'fm', 'ex'];
const GENERIC_FAILURE = /something went wrong/i;

// ------------------------------------------------------------ reply shape

/** Everything a Reply must be for any adapter to render it. Returns the problems found. */
export function replyProblems(reply: unknown): string[] {
  const out: string[] = [];
  if (!reply || typeof reply !== 'object') return ['not an object'];
  const r = reply as Reply;
  if (r.visibility !== 'public' && r.visibility !== 'private') out.push(`visibility ${String(r.visibility)}`);
  const richOk = (rt: unknown) =>
    Array.isArray(rt) &&
    rt.every(
      (s) =>
        typeof s === 'string' ||
        (s &&
          typeof s === 'object' &&
          (typeof (s as { strong?: unknown }).strong === 'string' ||
            typeof (s as { cmd?: { command?: unknown } }).cmd?.command === 'string')),
    );
  if (!richOk(r.body)) out.push('body is not rich text');
  if (r.footer !== undefined && !richOk(r.footer)) out.push('footer is not rich text');
  if (r.title !== undefined && typeof r.title !== 'string') out.push('title not a string');
  const idOk = (id: unknown) =>
    typeof id === 'string' && id.length > 0 && id.length <= 100 && KNOWN_NS.includes(id.slice(0, id.indexOf(':')));
  if (r.buttons) {
    if (r.buttons.length > 5) out.push(`${r.buttons.length} button rows`);
    for (const row of r.buttons) {
      if (row.length === 0 || row.length > 5) out.push(`button row of ${row.length}`);
      for (const b of row) {
        if (!idOk(b.actionId)) out.push(`bad action id ${JSON.stringify(b.actionId)}`);
        if (typeof b.label !== 'string' || b.label.length === 0 || b.label.length > 40) out.push(`bad label ${JSON.stringify(b.label)}`);
      }
    }
  }
  for (const s of r.suggestions ?? []) if (!idOk(s.actionId)) out.push(`bad suggestion id ${JSON.stringify(s.actionId)}`);
  if (r.table) {
    for (const row of r.table.rows)
      if (row.length !== r.table.columns.length || row.some((c) => typeof c !== 'string')) out.push('ragged table');
  }
  for (const f of r.fields ?? []) if (typeof f.name !== 'string' || typeof f.value !== 'string') out.push('bad field');
  return out;
}

// ------------------------------------------------------------ the platform

export interface Posted {
  ref: MessageRef;
  place: Place;
  versions: { reply: Reply; live: boolean }[];
  /** For question messages: the round, question and deadline the buttons belong to. */
  question?: { roundId: string; q: number; deadline: number };
  /** Index in `versions` up to which reveals were checked. */
  checked: number;
}

/** A channel port that records everything and notes misuse instead of throwing it back. */
export class RecordingPlatform {
  readonly messages: Posted[] = [];
  readonly misuse: string[] = [];
  failNext: DeliveryProblem | undefined;
  sawPermanentFailure = false;
  private seq = 0;

  readonly port: ChannelPort = {
    post: async (place, reply) => {
      this.inspect('post', reply);
      this.maybeFail();
      const ref: MessageRef = {
        platform: place.platform,
        workspaceId: place.workspaceId,
        channelId: place.channelId,
        messageId: `m${++this.seq}`,
      };
      if (place.isDirect) this.misuse.push(`posted into a DM: ${reply.title}`);
      this.messages.push({ ref, place, versions: [{ reply, live: false }], checked: 0, ...questionOf(reply) });
      return ref;
    },
    edit: async (ref, reply, opts) => {
      this.inspect('edit', reply);
      const msg = this.messages.find((m) => m.ref.messageId === ref.messageId);
      if (!msg) {
        this.misuse.push(`edit of unknown message ${ref.messageId}`);
        return;
      }
      const live = opts?.live ?? false;
      if (live && msg.versions.some((v) => !v.live && v.reply.title?.endsWith('· closed'))) {
        this.misuse.push(`live count edit after the reveal of ${msg.versions[0]!.reply.title}`);
      }
      this.maybeFail();
      msg.versions.push({ reply, live });
    },
    sendDirect: async (_to, reply) => {
      this.misuse.push(`a direct message during a round: ${reply.title}`);
    },
    openThread: async (place, name) => {
      if (name.length > 100) this.misuse.push(`thread name of ${name.length} characters`);
      return { ...place, channelId: `thread-${++this.seq}`, threadId: undefined };
    },
  };

  private inspect(what: string, reply: Reply): void {
    for (const p of replyProblems(reply)) this.misuse.push(`${what}: ${p}`);
  }

  private maybeFail(): void {
    const problem = this.failNext;
    if (!problem) return;
    this.failNext = undefined;
    if (problem === 'not-in-channel' || problem === 'missing-permissions') this.sawPermanentFailure = true;
    throw new DeliveryError(problem, `recording platform refused once: ${problem}`);
  }

  questions(): Posted[] {
    return this.messages.filter((m) => m.question);
  }
}

function questionOf(reply: Reply): Pick<Posted, 'question'> {
  const id = reply.buttons?.[0]?.[0]?.actionId;
  const m = id ? /^qz:a:([A-Za-z0-9_-]+):(\d+):[A-D]$/.exec(id) : null;
  if (!m || reply.deadline === undefined) return {};
  return { question: { roundId: m[1]!, q: Number(m[2]), deadline: reply.deadline } };
}

// ------------------------------------------------------------ the model

interface Ack {
  user: string;
  roundId: string;
  q: number;
  letter: string;
  correct: boolean;
  points: number;
}

interface PracticeModel {
  reviews: boolean[];
  cards: Set<string>;
  /** The open practice question's nonce, if any. */
  session?: string;
  /** This person's practice replies that carry buttons, oldest first. */
  replies: Reply[];
}

interface Snapshot {
  now: number;
  rounds: Map<string, Round>;
  sessions: Map<string, { nonce: string; key: string; correct: string[] } | undefined>;
}

export interface WorldDeps {
  kb: KnowledgeBase;
  matcher: Matcher;
  scheduler: fc.Scheduler;
}

/**
 * Delays each store call until the scheduler releases it, so concurrent handlers interleave.
 * Rounds the bot creates are reported to `created` (a concurrent stop may end one at once).
 */
function scheduledStore(store: Store, s: fc.Scheduler, created: (round: NewRound) => void): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || prop === 'close') return value;
      return (...args: unknown[]) =>
        s.schedule(Promise.resolve(), `store.${String(prop)}`).then(async () => {
          const out = await (value as (...a: unknown[]) => unknown).apply(target, args);
          if (prop === 'createRound' && out === 'created') created(args[0] as NewRound);
          return out;
        });
    },
  });
}

/** What the runs actually exercised, summed over every World (the test asserts the generators reach it). */
export const coverage = {
  runs: 0,
  steps: 0,
  concurrentSteps: 0,
  rounds: 0,
  locked: 0,
  duplicates: 0,
  tooLate: 0,
  reveals: 0,
  standings: 0,
  practiceGraded: 0,
  erased: 0,
  trainerChanges: 0,
  longAsks: 0,
  refusedStarts: 0,
  /** Longest reply text seen. */
  longestReply: 0,
};

/** No input, however long, makes a reply longer than this (platforms cap messages near 4000 characters). */
const MAX_REPLY_CHARS = 4000;

export class World {
  readonly clock = new ManualClock();
  readonly platform = new RecordingPlatform();
  readonly errors: string[] = [];
  readonly bot: Bot;
  private readonly acks: Ack[] = [];
  private readonly practice = new Map<string, PracticeModel>();
  private readonly trainers = new Map<string, Set<string>>();
  private readonly rounds = new Map<string, { place: Place }>();
  private readonly standingsSeen = new Map<string, number>();
  private readonly forgotten = new Set<string>();
  private readonly suggestionReplies: Reply[] = [];
  private readonly askedThisStep = new Map<string, string[]>();
  /** Rounds created and not yet matched to a "Quiz time!" reply. */
  private readonly created: NewRound[] = [];
  private stepNo = 0;
  private currentOps: Op[] = [];

  private constructor(
    readonly store: SqlStore,
    private readonly deps: WorldDeps,
  ) {
    const log = pino(
      { level: 'warn' },
      {
        write: (line: string) => {
          const entry = JSON.parse(line) as { level: number; msg: string; err?: { message?: string } };
          if (entry.level >= 50) this.errors.push(`${entry.msg}: ${entry.err?.message ?? ''}`);
        },
      },
    );
    this.bot = createBot({
      kb: deps.kb,
      matcher: deps.matcher,
      store: scheduledStore(store, deps.scheduler, (round) => this.created.push(round)),
      clock: this.clock,
      log,
      settings: { gaps: { enabled: true, retentionDays: 30 }, questionsPerMinute: 1000 },
      instanceId: 'prop',
      random: seededRandom(1),
    });
    this.bot.attach('console', this.platform.port);
    for (const p of PEOPLE) this.practice.set(p.id, { reviews: [], cards: new Set(), replies: [] });
  }

  static async open(deps: WorldDeps): Promise<World> {
    coverage.runs++;
    return new World(await openStore({ dataDir: ':memory:', log: { info() {} } }), deps);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private fail(message: string): never {
    throw new Error(`step ${this.stepNo} ${JSON.stringify(this.currentOps).slice(0, 600)}: ${message}`);
  }

  private check(ok: boolean, message: () => string): void {
    if (!ok) this.fail(message());
  }

  // ---------------------------------------------------------- running steps

  async run(step: Step): Promise<void> {
    this.stepNo++;
    coverage.steps++;
    if (step.length > 1) coverage.concurrentSteps++;
    this.currentOps = step;
    const tick = step.find((op) => op.t === 'tick');
    if (tick) this.clock.advance(tick.ms);
    const snap = await this.snapshot();
    const closes = step.some(
      (op) =>
        op.t === 'tick' ||
        op.t === 'trainerButton' ||
        op.t === 'forgedQuiz' ||
        (op.t === 'plain' && (op.name === 'quiz.stop' || op.name === 'quiz.next')),
    );

    const single = step.length === 1;
    type Outcome = { op: Op; inbound?: Inbound; id?: string; reply?: Reply };
    const tasks: Promise<Outcome>[] = [];
    const handle = (op: Op, inbound: Inbound, id?: string) =>
      tasks.push(
        this.bot.handle(inbound).then(
          (reply) => ({ op, inbound, reply, ...(id !== undefined ? { id } : {}) }),
          (err: unknown) => this.fail(`handle() rejected: ${String(err)}`),
        ),
      );
    for (const op of step) {
      if (op.t === 'tick') {
        tasks.push(
          this.bot.tick().then(
            () => ({ op }),
            (err: unknown) => this.fail(`tick() rejected: ${String(err)}`),
          ),
        );
        continue;
      }
      if (op.t === 'hiccup') {
        this.platform.failNext = op.problem;
        continue;
      }
      if (op.t === 'forget') {
        await this.forget(op);
        continue;
      }
      const person = PEOPLE[op.u]!;
      const clicks = this.resolveClick(op, person);
      if (clicks === null) {
        const command = this.commandOf(op);
        if (command)
          handle(op, this.inbound(person, command, PLACES[(op as { p: number }).p]!), command.name === 'action' ? command.id : undefined);
        continue;
      }
      for (const c of clicks) handle(op, this.inbound(person, { name: 'action', id: c.id }, c.place), c.id);
    }
    const outcomes = await this.deps.scheduler.waitFor(Promise.all(tasks));

    // Acknowledged answers first, so a double click's "already answered" finds its twin.
    outcomes.sort((a, b) => Number(!lockedIn(a.reply)) - Number(!lockedIn(b.reply)));
    for (const o of outcomes) {
      if (!o.reply || !o.inbound) continue;
      const problems = replyProblems(o.reply);
      this.check(problems.length === 0, () => `malformed reply: ${problems.join('; ')}`);
      const length = textOf(o.reply).length;
      coverage.longestReply = Math.max(coverage.longestReply, length);
      this.check(length <= MAX_REPLY_CHARS, () => `a reply of ${length} characters to ${o.inbound!.command.name}`);
      this.check(!GENERIC_FAILURE.test(textOf(o.reply)), () => `an exception escaped a handler: ${textOf(o.reply!)}`);
      this.check(
        !/couldn't record|couldn't save/.test(textOf(o.reply)),
        () => `storage failure reported on a healthy database: ${textOf(o.reply!)}`,
      );
      await this.observe(o.inbound, o.reply, o.id, snap, { single, stable: single || !closes });
    }
    // A double click on "Next question" opens two questions; whichever was saved last is the open one.
    for (const [user, nonces] of this.askedThisStep) {
      if (nonces.length < 2) continue;
      const open = (await this.store.practiceSession({ platform: 'console', userId: user }))?.nonce;
      this.check(!!open && nonces.includes(open), () => `open practice question ${open} is none of those shown: ${nonces.join()}`);
      this.practice.get(user)!.session = open;
    }
    this.askedThisStep.clear();
    await this.checkChannel(snap);
    this.check(this.platform.misuse.length === 0, () => `channel port misuse: ${this.platform.misuse.join('; ')}`);
    this.check(this.errors.length === 0, () => `errors logged: ${this.errors.join('; ')}`);
  }

  private inbound(person: Person, command: Command, place: Place): Inbound {
    return {
      actor: { platform: place.platform, id: person.id, displayName: person.name },
      place,
      command,
      privileges: async () => person.privileges,
    };
  }

  private commandOf(op: Op): Command | undefined {
    switch (op.t) {
      case 'ask':
        return { name: 'ask', question: op.text };
      case 'explain':
        return { name: 'explain', topic: op.topic };
      case 'plain':
        return { name: op.name } as Command;
      case 'leaderboard':
        return { name: 'leaderboard', scope: op.scope, period: op.period };
      case 'report':
        return { name: 'report', period: op.period };
      case 'gaps':
        return { name: 'gaps.list', clear: op.clear };
      case 'start':
        return quizStart(op.options);
      case 'trainers':
        if (op.action === 'list') return { name: 'trainers.list' };
        return { name: `trainers.${op.action}`, ...(op.target ? { [op.target.kind]: op.target.id } : {}) };
      case 'forged':
        return { name: 'action', id: op.id };
      default:
        return undefined;
    }
  }

  /** Buttons to click for click-ops (null for plain commands); empty when there is nothing to click yet. */
  private resolveClick(op: Op, person: Person): { id: string; place: Place }[] | null {
    const pick = <T>(list: readonly T[], back: number): T | undefined => list[list.length - 1 - (back % Math.max(1, list.length))];
    switch (op.t) {
      case 'answer':
      case 'trainerButton': {
        const msg = pick(this.platform.questions(), op.back);
        if (!msg) return [];
        const first = msg.versions[0]!.reply;
        const button =
          op.t === 'answer'
            ? first.buttons?.[0]?.[op.letter % (first.buttons[0]?.length ?? 1)]
            : first.buttons?.flat().find((b) => b.label === op.which);
        if (!button) return [];
        const place = op.p === undefined ? msg.place : PLACES[op.p]!;
        const click = { id: button.actionId, place };
        return op.t === 'answer' && op.double ? [click, click] : [click];
      }
      case 'forgedQuiz': {
        const ids = [...this.rounds.keys()];
        const roundId = pick(ids, op.roundBack);
        if (!roundId) return [];
        const id =
          op.kind === 'a'
            ? `qz:a:${roundId}:${op.q}:${op.letter}`
            : op.kind === 'skip'
              ? `qz:skip:${roundId}:${op.q}`
              : `qz:stop:${roundId}`;
        return [{ id, place: PLACES[op.p]! }];
      }
      case 'practiceClick': {
        const reply = pick(this.practice.get(person.id)!.replies, op.back);
        const buttons = reply?.buttons?.flat() ?? [];
        const button = buttons[op.button % Math.max(1, buttons.length)];
        if (!button) return [];
        const click = { id: button.actionId, place: PLACES[3]! };
        return op.double ? [click, click] : [click];
      }
      case 'suggestion': {
        const reply = pick(this.suggestionReplies, op.back);
        const s = reply?.suggestions?.[op.index % Math.max(1, reply.suggestions.length)];
        return s ? [{ id: s.actionId, place: PLACES[op.p]! }] : [];
      }
      default:
        return null;
    }
  }

  private async snapshot(): Promise<Snapshot> {
    const rounds = new Map<string, Round>();
    for (const id of this.rounds.keys()) {
      const r = await this.store.getRound(id);
      if (r) rounds.set(id, r);
    }
    const sessions: Snapshot['sessions'] = new Map();
    for (const p of PEOPLE) {
      const s = await this.store.practiceSession({ platform: 'console', userId: p.id });
      sessions.set(
        p.id,
        s && { nonce: s.nonce, key: s.question.key, correct: s.question.options.flatMap((o, i) => (o.correct ? ['ABCD'[i]!] : [])) },
      );
    }
    for (const p of PEOPLE) {
      const stored = sessions.get(p.id)?.nonce;
      this.check(
        stored === this.practice.get(p.id)!.session,
        () => `${p.name}: open practice question ${stored}, last one shown ${this.practice.get(p.id)!.session}`,
      );
    }
    return { now: this.clock.now(), rounds, sessions };
  }

  // ---------------------------------------------------------- what each reply means

  /**
   * Checks one reply against the model and updates it. `single`: the op ran alone, so every
   * consequence is exact. `stable`: nothing in the batch could close a question meanwhile.
   */
  private async observe(
    inbound: Inbound,
    reply: Reply,
    id: string | undefined,
    snap: Snapshot,
    mode: { single: boolean; stable: boolean },
  ): Promise<void> {
    const text = textOf(reply);
    const person = PEOPLE.find((p) => p.id === inbound.actor.id)!;
    if (reply.suggestions?.length) this.suggestionReplies.push(reply);
    if (reply.title?.startsWith('Practice: ')) this.practiceAsked(person, reply);

    if (id !== undefined) {
      const quiz = /^qz:a:([A-Za-z0-9_-]+):(\d+):([A-D])$/.exec(id);
      if (quiz) return this.quizAnswered(person, inbound.place, quiz[1]!, Number(quiz[2]), quiz[3]!, reply, text, snap, mode.stable);
      const practice = /^pr:a:([A-Za-z0-9_-]+):([A-D]):[sg]$/.exec(id);
      if (practice) return this.practiceAnswered(person, practice[1]!, practice[2]!, reply, snap);
      if (id.startsWith('pr:') && id !== 'pr:next')
        this.check(/expired/.test(text), () => `forged practice id ${JSON.stringify(id)} got: ${text}`);
      if (/^fm:/.test(id)) this.check(text.includes('Nothing was erased.'), () => `forged forget-me id ${JSON.stringify(id)} got: ${text}`);
      if (!KNOWN_NS.includes(id.slice(0, Math.max(0, id.indexOf(':')))))
        this.check(/expired/.test(text), () => `unknown action ${JSON.stringify(id)} got: ${text}`);
      return;
    }

    const command = inbound.command;
    switch (command.name) {
      case 'ask': {
        if (!reply.throttled) this.check(reply.visibility === 'public' && !!reply.title, () => `ask got: ${text}`);
        if (command.question.length > 4000) coverage.longAsks++;
        if (command.question.length > 4000) this.check(text.includes('over 4000 characters'), () => 'a cut question is not flagged');
        return;
      }
      case 'quiz.start':
        return this.started(
          person,
          inbound.place,
          {
            topics: command.topic,
            questions: command.questions,
            seconds: command.seconds,
            speedBonus: command.speed_bonus,
            thread: command.thread,
          },
          reply,
          snap,
          mode.single,
        );
      case 'stats':
        return this.statsShown(person, text);
      case 'leaderboard':
        if (mode.single) this.leaderboardShown(inbound.place, command.scope, reply);
        return;
      case 'trainers.add':
      case 'trainers.remove':
      case 'trainers.list':
        return this.trainersChanged(person, inbound.place, command, reply, bodyText(reply), mode.single);
      case 'report':
      case 'gaps.list':
        if (mode.single)
          this.check(
            (reply.title === 'Trainers only') === !this.isTrainer(person, inbound.place),
            () => `${command.name} trainer rule broken: ${text}`,
          );
        this.check(reply.visibility === 'private', () => `${command.name} reply is public`);
        return;
      case 'quiz.stop':
      case 'quiz.next':
        if (mode.single && !this.isTrainer(person, inbound.place))
          this.check(reply.title === 'Trainers only', () => `${command.name} by a member: ${text}`);
        return;
      default:
        return;
    }
  }

  private isTrainer(person: Person, place: Place): boolean {
    if (person.privileges.isAdmin || person.privileges.isDefaultTrainer) return true;
    const stored = this.trainers.get(place.workspaceId) ?? new Set();
    return stored.has(`user:${person.id}`) || person.privileges.roleIds.some((r) => stored.has(`role:${r}`));
  }

  private async quizAnswered(
    person: Person,
    place: Place,
    roundId: string,
    q: number,
    letter: string,
    reply: Reply,
    text: string,
    snap: Snapshot,
    strict: boolean,
  ) {
    this.check(reply.visibility === 'private', () => `quiz click reply is public: ${text}`);
    const before = snap.rounds.get(roundId);
    const mine = this.acks.find((a) => a.user === person.id && a.roundId === roundId && a.q === q);
    // A button acts only in its round's own channel (and thread, when the round runs in one).
    const sameHome =
      !!before &&
      before.platform === place.platform &&
      before.workspaceId === place.workspaceId &&
      before.place.channelId === place.channelId &&
      (!before.place.threadId || before.place.threadId === place.threadId);
    const open =
      !!before &&
      sameHome &&
      before.status === 'running' &&
      before.phase === 'open' &&
      before.qIndex === q &&
      before.deadline !== null &&
      snap.now < before.deadline;
    const validLetter = !!before?.questions[q] && 'ABCD'.indexOf(letter) < before.questions[q]!.options.length;

    const locked = /Locked in: ([A-D])\./.exec(text);
    if (locked) {
      this.check(
        open && validLetter,
        () =>
          `answer accepted although the question was not open: ${JSON.stringify(before && { phase: before.phase, q: before.qIndex, deadline: before.deadline, now: snap.now })}`,
      );
      this.check(!mine, () => `a second answer to one question was locked in (first ${mine?.letter}, now ${letter})`);
      const round = (await this.store.getRound(roundId))!;
      const msg = this.platform.questions().filter((m) => m.question!.roundId === roundId && m.question!.q === q);
      this.check(msg.length === 1, () => `question ${q} of ${roundId} was posted ${msg.length} times`);
      const deadline = msg[0]!.question!.deadline;
      const option = round.questions[q]!.options['ABCD'.indexOf(letter)]!;
      const points = pointsFor({
        correct: option.correct,
        speedBonus: round.settings.speedBonus,
        openedAt: deadline - round.settings.seconds * 1000,
        deadline,
        answeredAt: snap.now,
      });
      this.acks.push({ user: person.id, roundId, q, letter, correct: option.correct, points });
      coverage.locked++;
      this.forgotten.delete(person.id);
      return;
    }
    const already = /You already answered ([A-D])/.exec(text);
    if (already) {
      coverage.duplicates++;
      this.check(
        !!mine && mine.letter === already[1],
        () => `"already answered ${already[1]}" but the acknowledged answer is ${mine?.letter ?? 'none'}`,
      );
      return;
    }
    this.check(/Too late|This round is over|expired|isn't one of the options/.test(text), () => `unexpected answer reply: ${text}`);
    if (/Too late/.test(text)) coverage.tooLate++;
    if (strict && open && validLetter && !mine) this.fail(`an answer to an open question was refused: ${text}`);
  }

  private practiceAsked(person: Person, reply: Reply): void {
    const model = this.practice.get(person.id)!;
    const nonce = /^pr:a:([A-Za-z0-9_-]+):/.exec(reply.buttons?.[0]?.[0]?.actionId ?? '')?.[1];
    this.check(!!nonce, () => 'a practice question without answer buttons');
    model.session = nonce;
    this.askedThisStep.set(person.id, [...(this.askedThisStep.get(person.id) ?? []), nonce!]);
    model.replies.push(reply);
    this.forgotten.delete(person.id);
  }

  private practiceAnswered(person: Person, nonce: string, letter: string, reply: Reply, snap: Snapshot): void {
    const model = this.practice.get(person.id)!;
    const text = textOf(reply);
    if (reply.buttons) model.replies.push(reply);
    const session = snap.sessions.get(person.id);
    const graded = reply.title !== undefined && /^(Correct|Not quite)/.test(reply.title);
    if (graded) {
      this.check(session?.nonce === nonce && model.session === nonce, () => `a practice answer was graded for a closed question: ${text}`);
      const correct = session!.correct.includes(letter);
      this.check(
        correct === reply.title!.startsWith('Correct'),
        () => `practice graded ${reply.title} for ${letter}, right is ${session!.correct.join()}`,
      );
      if (!correct) this.check(reply.title === `Not quite: it's ${session!.correct[0]}`, () => `wrong right answer named: ${reply.title}`);
      model.reviews.push(correct);
      coverage.practiceGraded++;
      model.cards.add(session!.key);
      model.session = undefined;
      this.forgotten.delete(person.id);
      return;
    }
    if (session?.nonce === nonce && model.session === nonce) {
      // Only a twin click of the same button may find it answered.
      this.check(
        /already answered/.test(text) || /isn't one of the options/.test(text),
        () => `open practice question not graded: ${text}`,
      );
      return;
    }
    this.check(/already answered|isn't one of the options/.test(text), () => `stale practice click got: ${text}`);
  }

  private async started(
    person: Person,
    place: Place,
    options: QuizStartOptions,
    reply: Reply,
    snap: Snapshot,
    strict: boolean,
  ): Promise<void> {
    const text = textOf(reply);
    const q = options.questions ?? 10;
    const s = options.seconds ?? 20;
    const inRange = Number.isInteger(q) && q >= 1 && q <= 50 && Number.isInteger(s) && s >= 5 && s <= 300;
    const ok = reply.title === 'Quiz time!';
    if (!ok) coverage.refusedStarts++;
    if (ok) {
      coverage.rounds++;
      this.check(inRange && !place.isDirect, () => `a round started with ${JSON.stringify(options)} in ${JSON.stringify(place)}`);
      this.check(this.isTrainer(person, place), () => 'a member started a round');
      this.check(reply.visibility === 'public', () => 'start reply is private');
      return this.noteStarted(place, options);
    }
    this.check(reply.visibility === 'private', () => `refused start is public: ${text}`);
    if (!strict || place.isDirect) return;
    const trainer = this.isTrainer(person, place);
    this.check((reply.title === 'Trainers only') === !trainer, () => `trainer rule broken for ${person.name}: ${text}`);
    const plainTopics = (options.topics ?? [])
      .flatMap((t) => t.split(','))
      .map((t) => t.trim())
      .filter(Boolean);
    const topicsOk = plainTopics.every((t) => t === 'all' || TOPIC_IDS.includes(t));
    const busy = [...snap.rounds.values()].some(
      (r) =>
        r.status === 'running' &&
        r.platform === place.platform &&
        r.workspaceId === place.workspaceId &&
        (r.channelKey === placeKey(place) || r.placeKey === placeKey(place)),
    );
    if (trainer && inRange && topicsOk && !busy) this.fail(`a valid start was refused: ${text}`);
  }

  private async noteStarted(place: Place, options: QuizStartOptions): Promise<void> {
    const i = this.created.findIndex(
      (r) => r.platform === place.platform && r.workspaceId === place.workspaceId && r.channelKey === placeKey(place),
    );
    this.check(i >= 0, () => '"Quiz time!" but no round was created');
    const [created] = this.created.splice(i, 1);
    const round = await this.store.getRound(created!.id);
    this.check(!!round && !this.rounds.has(round.id), () => '"Quiz time!" but no new round');
    this.rounds.set(round!.id, { place: round!.place });
    this.check(round!.settings.seconds === (options.seconds ?? 20), () => 'seconds not as asked');
    this.check(round!.settings.speedBonus === (options.speedBonus ?? true), () => 'speed bonus not as asked');
    this.check(round!.questions.length >= 1 && round!.questions.length <= (options.questions ?? 10), () => 'more questions than asked');
  }

  private statsShown(person: Person, text: string): void {
    const { answered, correct } = this.expectedHistory(person.id);
    if (answered === 0) {
      this.check(/haven't answered any questions yet/.test(text), () => `stats for nobody: ${text}`);
      return;
    }
    const m = /(\d+) answered, (\d+) correct/.exec(text);
    this.check(
      !!m && Number(m[1]) === answered && Number(m[2]) === correct,
      () => `stats say "${m?.[0]}", acknowledged ${answered} answered, ${correct} correct`,
    );
  }

  private expectedHistory(user: string): { answered: number; correct: number } {
    const quiz = this.acks.filter((a) => a.user === user);
    const practice = this.practice.get(user)!.reviews;
    return { answered: quiz.length + practice.length, correct: quiz.filter((a) => a.correct).length + practice.filter(Boolean).length };
  }

  private leaderboardShown(place: Place, scope: 'channel' | 'server', reply: Reply): void {
    const expected = new Map<string, number>();
    for (const a of this.acks) {
      const round = this.rounds.get(a.roundId);
      if (!round || round.place.workspaceId !== place.workspaceId) continue;
      if (scope === 'channel' && this.channelOf(a.roundId) !== place.channelId) continue;
      const name = PEOPLE.find((p) => p.id === a.user)!.name;
      expected.set(name, (expected.get(name) ?? 0) + a.points);
    }
    const shown = new Map((reply.table?.rows ?? []).map((r) => [r[1]!, Number(r[2])]));
    this.check(
      sameMap(shown, expected),
      () => `leaderboard ${scope} shows ${JSON.stringify([...shown])}, acknowledged ${JSON.stringify([...expected])}`,
    );
  }

  private readonly channels = new Map<string, string>();
  private channelOf(roundId: string): string | undefined {
    return this.channels.get(roundId);
  }

  private trainersChanged(
    person: Person,
    place: Place,
    command: Extract<Command, { name: 'trainers.add' | 'trainers.remove' | 'trainers.list' }>,
    reply: Reply,
    text: string,
    single: boolean,
  ): void {
    const set = this.trainers.get(place.workspaceId) ?? new Set<string>();
    this.trainers.set(place.workspaceId, set);
    if (command.name === 'trainers.list') {
      if (!single) return;
      const shown = new Set((reply.table?.rows ?? []).map((r) => `${r[0]}:${r[1]}`));
      this.check(
        sameSet(shown, readBackSet(set)),
        () => `trainer list ${JSON.stringify([...shown])}, expected ${JSON.stringify([...set])}`,
      );
      return;
    }
    if (!person.privileges.isAdmin) {
      this.check(reply.title === 'Admins only', () => `a non-admin changed trainers: ${text}`);
      return;
    }
    const given: TrainerTarget | undefined =
      'role' in command && command.role
        ? { kind: 'role', id: command.role }
        : 'user' in command && command.user
          ? { kind: 'user', id: command.user }
          : undefined;
    const target = cleanTrainerTarget(given);
    if (!target) {
      this.check(/Say which role or person/.test(text), () => `blank trainer target: ${text}`);
      return;
    }
    const key = `${target.kind}:${target.id}`;
    coverage.trainerChanges++;
    if (command.name === 'trainers.add') {
      this.check(
        text.startsWith(set.has(key) ? `${describeTrainer(target)} is already` : 'Added '),
        () => `trainers add said: ${text.slice(0, 200)}`,
      );
      set.add(key);
      if (target.kind === 'user' && PEOPLE.some((p) => p.id === target.id)) this.forgotten.delete(target.id);
    } else {
      this.check(
        text.startsWith(set.has(key) ? 'Removed ' : `${describeTrainer(target)} wasn't`),
        () => `trainers remove said: ${text.slice(0, 200)}`,
      );
      set.delete(key);
    }
  }

  /** Forget-me runs alone: the command, then a click on its real Yes or Cancel button. */
  private async forget(op: Extract<Op, { t: 'forget' }>): Promise<void> {
    const person = PEOPLE[op.u]!;
    const place = PLACES[op.p]!;
    const ask = await this.deps.scheduler.waitFor(this.bot.handle(this.inbound(person, { name: 'forget-me' }, place)));
    this.check(ask.visibility === 'private', () => 'forget-me prompt is public');
    const button = ask.buttons?.flat().find((b) => (op.confirm ? b.style === 'danger' : b.style === 'secondary'));
    this.check(!!button, () => 'forget-me prompt without buttons');
    const expected = this.expectedRows(person.id);
    const done = await this.deps.scheduler.waitFor(this.bot.handle(this.inbound(person, { name: 'action', id: button!.actionId }, place)));
    const text = textOf(done);
    if (!op.confirm) {
      this.check(text.includes('Nothing was erased.'), () => `cancelled forget-me said: ${text}`);
      return;
    }
    const n = /erased \((\d+) records?\)/.exec(text);
    this.check(
      expected === 0 ? /nothing stored about you/.test(text) : Number(n?.[1]) === expected,
      () => `forget-me erased "${text}", expected ${expected} rows`,
    );
    if (expected > 0) coverage.erased++;
    for (let i = this.acks.length - 1; i >= 0; i--) if (this.acks[i]!.user === person.id) this.acks.splice(i, 1);
    const practice = this.practice.get(person.id)!;
    practice.reviews = [];
    practice.cards.clear();
    practice.session = undefined;
    for (const set of this.trainers.values()) set.delete(`user:${person.id}`);
    this.forgotten.add(person.id);
  }

  /** Rows the store should hold about a person: answers, practice attempts, cards, the open session, trainer entries. */
  private expectedRows(user: string): number {
    const p = this.practice.get(user)!;
    const trainerRows = [...this.trainers.values()].filter((s) => s.has(`user:${user}`)).length;
    return this.acks.filter((a) => a.user === user).length + p.reviews.length + p.cards.size + (p.session ? 1 : 0) + trainerRows;
  }

  // ---------------------------------------------------------- what the channel shows

  private async checkChannel(snap: Snapshot): Promise<void> {
    // New question messages belong to tracked rounds.
    for (const m of this.platform.questions()) {
      const { roundId } = m.question!;
      if (!this.rounds.has(roundId)) this.fail(`a question was posted for an unknown round ${roundId}`);
      if (!this.channels.has(roundId)) this.channels.set(roundId, (await this.store.getRound(roundId))!.channelId);
    }
    // Every reveal counts exactly the acknowledged answers.
    for (const m of this.platform.questions()) {
      for (let i = m.checked; i < m.versions.length; i++) {
        const v = m.versions[i]!;
        if (v.live || !v.reply.title?.endsWith('· closed')) continue;
        const { roundId, q } = m.question!;
        const shown = new Map(
          [...textOf(v.reply).matchAll(/^([A-D])\) .* · (\d+) chose this$/gm)]
            .map((x) => [x[1]!, Number(x[2])] as const)
            .filter(([, n]) => n > 0),
        );
        const expected = new Map<string, number>();
        for (const a of this.acks) if (a.roundId === roundId && a.q === q) expected.set(a.letter, (expected.get(a.letter) ?? 0) + 1);
        coverage.reveals++;
        this.check(
          sameMap(shown, expected),
          () => `reveal of ${roundId}#${q} shows ${JSON.stringify([...shown])}, acknowledged ${JSON.stringify([...expected])}`,
        );
      }
      m.checked = m.versions.length;
    }
    // Every round that ended posts its standings once (unless the platform refused for good), matching the acknowledgements.
    for (const [id, { place }] of this.rounds) {
      if (this.standingsSeen.has(id)) continue;
      const before = snap.rounds.get(id);
      const now = await this.store.getRound(id);
      if (!now || now.status === 'running') continue;
      const posted = this.platform.messages.filter(
        (m) =>
          m.place.channelId === place.channelId &&
          m.place.threadId === place.threadId &&
          /^Quiz (over|stopped)/.test(m.versions[0]!.reply.title ?? ''),
      );
      const fresh = posted.filter((m) => !this.claimedStandings.has(m.ref.messageId));
      for (const m of fresh) this.claimedStandings.add(m.ref.messageId);
      this.standingsSeen.set(id, fresh.length);
      if (now.status === 'aborted') {
        this.check(fresh.length === 0, () => 'an aborted round posted standings');
        continue;
      }
      this.check(
        fresh.length <= 1,
        () =>
          `round ${id} posted its standings ${fresh.length} times (${fresh.map((m) => m.versions[0]!.reply.title).join(', ')}); was ${before?.phase}`,
      );
      if (fresh.length === 0) {
        this.check(this.platform.sawPermanentFailure, () => `round ${id} ended without standings`);
        continue;
      }
      const standings = fresh[0]!.versions[0]!.reply;
      coverage.standings++;
      const expected = this.expectedStandings(id);
      const shown = new Map((standings.table?.rows ?? []).map((r) => [r[1]!, `${r[2]} ${r[3]}`]));
      this.check(
        sameMap(shown, expected),
        () => `standings of ${id} show ${JSON.stringify([...shown])}, acknowledged ${JSON.stringify([...expected])}`,
      );
    }
  }

  private readonly claimedStandings = new Set<string>();

  /** name → "points correct/answered" from the acknowledged first answers. */
  private expectedStandings(roundId: string): Map<string, string> {
    const per = new Map<string, { points: number; correct: number; answered: number }>();
    for (const a of this.acks) {
      if (a.roundId !== roundId) continue;
      const row = per.get(a.user) ?? { points: 0, correct: 0, answered: 0 };
      row.points += a.points;
      row.correct += a.correct ? 1 : 0;
      row.answered += 1;
      per.set(a.user, row);
    }
    return new Map([...per].map(([user, r]) => [PEOPLE.find((p) => p.id === user)!.name, `${r.points} ${r.correct}/${r.answered}`]));
  }

  // ---------------------------------------------------------- the end

  /** Lets every round run to its end, then checks the store against everything acknowledged. */
  async finish(): Promise<void> {
    this.stepNo++;
    this.currentOps = [{ t: 'tick', ms: 0 }];
    await this.deps.scheduler.waitIdle();
    for (let i = 0; i < 400; i++) {
      const running = await Promise.all([...this.rounds.keys()].map((id) => this.store.getRound(id)));
      if (!running.some((r) => r?.status === 'running')) break;
      this.clock.advance(301_000);
      const snap = await this.snapshot();
      await this.deps.scheduler.waitFor(this.bot.tick());
      await this.checkChannel(snap);
    }
    await this.deps.scheduler.waitIdle();
    this.check(this.platform.misuse.length === 0, () => `channel port misuse: ${this.platform.misuse.join('; ')}`);
    this.check(this.errors.length === 0, () => `errors logged: ${this.errors.join('; ')}`);

    for (const id of this.rounds.keys()) {
      const round = (await this.store.getRound(id))!;
      this.check(round.status !== 'running', () => `round ${id} still running after the drain`);
      for (let q = 0; q <= round.qIndex; q++) {
        const tally = new Map(Object.entries(await this.store.answerTally(id, q)));
        const expected = new Map<string, number>();
        for (const a of this.acks) if (a.roundId === id && a.q === q) expected.set(a.letter, (expected.get(a.letter) ?? 0) + 1);
        this.check(
          sameMap(tally, expected),
          () => `stored answers for ${id}#${q} ${JSON.stringify([...tally])}, acknowledged ${JSON.stringify([...expected])}`,
        );
      }
      const stored = new Map(
        (await this.store.roundStandings(id)).map((r) => [
          PEOPLE.find((p) => p.id === r.userId)!.name,
          `${r.points} ${r.correct}/${r.answered}`,
        ]),
      );
      const expected = this.expectedStandings(id);
      this.check(
        sameMap(stored, expected),
        () => `stored standings of ${id} ${JSON.stringify([...stored])}, acknowledged ${JSON.stringify([...expected])}`,
      );
    }
    for (const p of PEOPLE) {
      const user = { platform: 'console' as const, userId: p.id };
      const history = await this.store.userHistory(user, 1);
      const expected = this.expectedHistory(p.id);
      this.check(
        history.answered === expected.answered && history.correct === expected.correct,
        () => `${p.name}: stored ${history.answered}/${history.correct}, acknowledged ${expected.answered}/${expected.correct}`,
      );
      const model = this.practice.get(p.id)!;
      this.check((await this.store.practiceCards(user)).length === model.cards.size, () => `${p.name}: practice cards differ`);
      this.check(!!(await this.store.practiceSession(user)) === !!model.session, () => `${p.name}: open practice session differs`);
      if (this.forgotten.has(p.id)) {
        const left = await this.store.rowsMentioning(p.id);
        // A trainer *role* that happens to share the person's id is not about them.
        const roles = [...this.trainers.values()].filter((set) => set.has(`role:${p.id}`)).length;
        if (roles > 0 && left.trainers === roles) delete left.trainers;
        this.check(Object.keys(left).length === 0, () => `${p.name} was forgotten, yet ${JSON.stringify(left)} rows remain`);
      }
    }
    for (const ws of ['w1', 'w2']) {
      const stored = new Set((await this.store.listTrainers('console', ws)).map((t) => `${t.kind}:${t.id}`));
      this.check(
        sameSet(stored, readBackSet(this.trainers.get(ws) ?? new Set())),
        () => `trainers of ${ws} differ: ${JSON.stringify([...stored])}`,
      );
    }
  }
}

/**
 * Text as SQLite gives it back: better-sqlite3 writes a lone surrogate as its 3 raw bytes and
 * reads each back as U+FFFD. (Lookups with the same input still match; only reads differ.)
 */
function readBack(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD\uFFFD\uFFFD');
}

function readBackSet(set: Set<string>): Set<string> {
  return new Set([...set].map(readBack));
}

function bodyText(reply: Reply): string {
  return flattenText(reply.body, (c) => `/${c.command}`);
}

function lockedIn(reply: Reply | undefined): boolean {
  return !!reply && /^Locked in: /.test(typeof reply.body[0] === 'string' ? reply.body[0] : '');
}

function sameMap<V>(a: Map<string, V>, b: Map<string, V>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.has(k) && b.get(k) === v);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}
