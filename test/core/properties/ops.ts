import fc from 'fast-check';
import type { DeliveryProblem } from '../../../src/contract/channel.js';
import type { Period, Place, Privileges } from '../../../src/contract/inbound.js';

/** What a generated `quiz start` asks for (out-of-range values included: the core must refuse them). */
export interface QuizStartOptions {
  topics?: string[];
  questions?: number;
  seconds?: number;
  speedBonus?: boolean;
  thread?: boolean;
}

/**
 * What the property tests do to the bot: people (some trainers) in a few channels send every
 * command with arbitrary arguments, click real, stale and forged buttons, and time passes.
 * Ops are plain data; buttons are resolved against what the bot actually posted when the op
 * runs (see harness.ts), so generated sequences stay meaningful as they shrink.
 */

export interface Person {
  id: string;
  /** Unique per person: standings and leaderboards are matched back by name. Untrusted text on purpose. */
  name: string;
  privileges: Privileges;
}

const MEMBER: Privileges = { isAdmin: false, isDefaultTrainer: false, roleIds: [] };

export const COACH_ROLE = 'role-coach';

export const PEOPLE: readonly Person[] = [
  { id: 'u-ann-1', name: 'Ann', privileges: { isAdmin: true, isDefaultTrainer: false, roleIds: [] } },
  { id: 'u-tom-2', name: 'Tom', privileges: { isAdmin: false, isDefaultTrainer: true, roleIds: [] } },
  { id: 'u-mia-3', name: '@everyone', privileges: { ...MEMBER, roleIds: [COACH_ROLE] } },
  { id: 'u-raj-4', name: 'Raj\u200b', privileges: MEMBER },
  { id: 'u-zoe-5', name: 'Zo\u0308e \u202eevil', privileges: MEMBER },
];

export const PLACES: readonly Place[] = [
  { platform: 'console', workspaceId: 'w1', channelId: 'c1', isDirect: false },
  { platform: 'console', workspaceId: 'w1', channelId: 'c2', isDirect: false },
  { platform: 'console', workspaceId: 'w2', channelId: 'c3', isDirect: false },
  { platform: 'console', workspaceId: 'w1', channelId: 'dm', isDirect: true },
];

export type Op =
  | { t: 'ask'; u: number; p: number; text: string }
  | { t: 'explain'; u: number; p: number; topic: string }
  | { t: 'plain'; u: number; p: number; name: 'topics' | 'help' | 'quiz.status' | 'quiz.stop' | 'quiz.next' | 'stats' | 'practice' }
  | { t: 'leaderboard'; u: number; p: number; scope: 'channel' | 'server'; period: Period }
  | { t: 'report'; u: number; p: number; period: Period }
  | { t: 'gaps'; u: number; p: number; clear: boolean }
  | { t: 'start'; u: number; p: number; options: QuizStartOptions }
  | { t: 'trainers'; u: number; p: number; action: 'add' | 'remove' | 'list'; target?: { kind: 'role' | 'user'; id: string } }
  /** A letter on a posted question, `back` messages before the latest; `p` undefined clicks where it was posted. */
  | { t: 'answer'; u: number; p?: number; back: number; letter: number; double: boolean }
  | { t: 'trainerButton'; u: number; p?: number; back: number; which: 'Skip' | 'Stop round' }
  /** A quiz id with a known round but a forged question or letter. */
  | { t: 'forgedQuiz'; u: number; p: number; roundBack: number; kind: 'a' | 'skip' | 'stop'; q: number; letter: string }
  | { t: 'forged'; u: number; p: number; id: string }
  /** A button on one of this person's own practice replies, `back` replies before the latest. */
  | { t: 'practiceClick'; u: number; back: number; button: number; double: boolean }
  /** A "did you mean" suggestion button on some earlier reply. */
  | { t: 'suggestion'; u: number; p: number; back: number; index: number }
  | { t: 'forget'; u: number; p: number; confirm: boolean }
  | { t: 'tick'; ms: number }
  | { t: 'hiccup'; problem: DeliveryProblem };

export type Step = Op[];

export const TOPIC_IDS = ['overview', 'funnel', 'scope', 'communication'];

// ------------------------------------------------------------ text

/** Characters that break naive text handling: zero-width, bidi controls, NUL, lone surrogates, mentions. */
const nastyUnit = fc.constantFrom(
  '\u200b',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u0000',
  '\u0007',
  '\ud800',
  '\udfff',
  '\u0301',
  '👩‍👩‍👧',
  '🏳️‍🌈',
  'İ',
  'ß',
  'ﷺ',
  '\r\n',
  '\t',
  ' ',
  '@everyone',
  '@here',
  '<@&123>',
  '<!channel>',
  '`',
  '*',
  '|',
  'sales',
  'marketing',
  'funnel',
  'cold calling',
  ' or ',
  '?',
  'is',
  'what',
);

const realQuestions = fc.constantFrom(
  'What is the difference between sales and marketing?',
  'is cold calling sales or marketing?',
  'Who owns the top of the funnel?',
  'what does a brand campaign do',
  'How is the weather in Lisbon?',
  'SALES VS MARKETING???',
  '',
  '   ',
);

/** Up to 100 KB: one piece repeated (and cut anywhere, even inside a surrogate pair). */
const longText = fc
  .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.integer({ min: 3_000, max: 100_000 }))
  .map(([piece, n]) => piece.repeat(Math.ceil(n / piece.length)).slice(0, n));

export const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 3, arbitrary: fc.string({ unit: nastyUnit, maxLength: 12 }) },
  { weight: 3, arbitrary: realQuestions },
  { weight: 1, arbitrary: longText },
);

/** Short untrusted text (ids, topic names): no 100 KB here. */
const shortText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: nastyUnit, maxLength: 6 }),
);

// ------------------------------------------------------------ commands

const who = fc.nat({ max: PEOPLE.length - 1 });
const where = fc.nat({ max: PLACES.length - 1 });
/** Rounds need trainers in channels: mostly those, sometimes anyone anywhere. */
const trainerMostly = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(0, 1) }, { weight: 1, arbitrary: who });
const channelMostly = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(0, 1, 2) }, { weight: 1, arbitrary: where });
const period = fc.constantFrom<Period>('7d', '30d', 'all');

/** In range most of the time, so rounds actually run; sometimes anything a number can be. */
const wholeOrNot = (usual: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 6, arbitrary: usual },
    { weight: 1, arbitrary: fc.integer({ min: -10, max: 400 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -1, 51, 4, 301, 2.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 1e12) },
    { weight: 1, arbitrary: fc.double() },
  );

const topicEntry = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TOPIC_IDS, 'all', 'The funnel', ' FUNNEL ', 'funnel, scope') },
  { weight: 1, arbitrary: shortText },
  { weight: 1, arbitrary: fc.array(shortText, { maxLength: 4 }).map((xs) => xs.join(',')) },
);

export const startOptions: fc.Arbitrary<QuizStartOptions> = fc.record(
  {
    topics: fc.oneof({ weight: 2, arbitrary: fc.constant<string[]>([]) }, { weight: 1, arbitrary: fc.array(topicEntry, { maxLength: 3 }) }),
    questions: wholeOrNot(fc.integer({ min: 1, max: 3 })),
    seconds: wholeOrNot(fc.integer({ min: 5, max: 40 })),
    speedBonus: fc.boolean(),
    thread: fc.boolean(),
  },
  { requiredKeys: [] },
);

const trainerTarget = fc.record({
  kind: fc.constantFrom<'role' | 'user'>('role', 'user'),
  id: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PEOPLE.map((p) => p.id), COACH_ROLE) }, { weight: 1, arbitrary: shortText }),
});

const forgedId = fc
  .oneof(
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc
      .tuple(
        fc.constantFrom('qz:', 'pr:', 'fm:', 'ex:', 'qz:a:', 'pr:a:', ':', 'zz:'),
        fc.oneof(shortText, fc.string({ unit: 'grapheme-ascii', maxLength: 12 })),
      )
      .map(([a, b]) => a + b),
  )
  // A forged "fm:yes" would erase someone's history from inside a concurrent batch; the real button is op 'forget'.
  .filter((id) => id !== 'fm:yes');

const userOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('ask' as const), u: who, p: where, text: anyText }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('explain' as const), u: who, p: where, topic: fc.oneof(fc.constantFrom(...TOPIC_IDS), anyText) }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('plain' as const),
      u: who,
      p: where,
      name: fc.constantFrom(
        'topics',
        'help',
        'quiz.status',
        'quiz.stop',
        'quiz.next',
        'stats',
        'practice',
        'stats',
        'practice',
        'quiz.next',
      ),
    }) as fc.Arbitrary<Op>,
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('leaderboard' as const),
      u: who,
      p: where,
      scope: fc.constantFrom<'channel' | 'server'>('channel', 'server'),
      period,
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('report' as const), u: who, p: where, period }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('gaps' as const), u: who, p: where, clear: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('start' as const), u: trainerMostly, p: channelMostly, options: startOptions }) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        t: fc.constant('trainers' as const),
        u: who,
        p: where,
        action: fc.constantFrom<'add' | 'remove' | 'list'>('add', 'remove', 'list'),
        target: trainerTarget,
      },
      { requiredKeys: ['t', 'u', 'p', 'action'] },
    ),
  },
  {
    weight: 20,
    arbitrary: fc.record(
      {
        t: fc.constant('answer' as const),
        u: who,
        p: where,
        back: fc.oneof(fc.constant(0), fc.nat({ max: 4 })),
        letter: fc.nat({ max: 3 }),
        double: fc.boolean(),
      },
      { requiredKeys: ['t', 'u', 'back', 'letter', 'double'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        t: fc.constant('trainerButton' as const),
        u: trainerMostly,
        p: where,
        back: fc.nat({ max: 2 }),
        which: fc.constantFrom<'Skip' | 'Stop round'>('Skip', 'Stop round'),
      },
      { requiredKeys: ['t', 'u', 'back', 'which'] },
    ),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('forgedQuiz' as const),
      u: who,
      p: where,
      roundBack: fc.nat({ max: 3 }),
      kind: fc.constantFrom<'a' | 'skip' | 'stop'>('a', 'skip', 'stop'),
      q: fc.integer({ min: -1, max: 60 }),
      letter: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'a', '', 'AB'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('forged' as const), u: who, p: where, id: forgedId }) },
  {
    weight: 5,
    arbitrary: fc.record({
      t: fc.constant('practiceClick' as const),
      u: who,
      back: fc.nat({ max: 3 }),
      button: fc.nat({ max: 8 }),
      double: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('suggestion' as const), u: who, p: where, back: fc.nat({ max: 5 }), index: fc.nat({ max: 4 }) }),
  },
);

const tick: fc.Arbitrary<Op> = fc.record({
  t: fc.constant('tick' as const),
  ms: fc.oneof(
    fc.constant(0),
    fc.constantFrom(3_000, 1_000, 5_000),
    fc.integer({ min: 1, max: 6_000 }),
    fc.integer({ min: 6_000, max: 45_000 }),
  ),
});

const hiccup: fc.Arbitrary<Op> = fc.record({
  t: fc.constant('hiccup' as const),
  problem: fc.constantFrom<DeliveryProblem>('rate-limited', 'unavailable', 'rate-limited', 'unavailable', 'not-in-channel'),
});

const forget: fc.Arbitrary<Op> = fc.record({ t: fc.constant('forget' as const), u: who, p: where, confirm: fc.boolean() });

/** Who an op belongs to: a concurrent batch holds at most one op per person (and one tick). */
export function ownerOf(op: Op): string {
  return 'u' in op ? `u${op.u}` : op.t;
}

/**
 * A step runs its ops concurrently. Forget-me runs alone: erasing someone while their own
 * clicks are in flight has no single right outcome to check against.
 */
/** The racy moment: a trainer closes or stops the question while people answer and the driver ticks. */
const closer: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    t: fc.constant('trainerButton' as const),
    u: fc.constantFrom(0, 1),
    back: fc.constant(0),
    which: fc.constantFrom<'Skip' | 'Stop round'>('Skip', 'Stop round'),
  }),
  fc.record({
    t: fc.constant('plain' as const),
    u: fc.constantFrom(0, 1),
    p: fc.constantFrom(0, 1, 2),
    name: fc.constantFrom<'quiz.stop' | 'quiz.next'>('quiz.stop', 'quiz.next'),
  }),
);
const memberAnswer: fc.Arbitrary<Op> = fc.record({
  t: fc.constant('answer' as const),
  u: fc.constantFrom(2, 3, 4),
  back: fc.constant(0),
  letter: fc.nat({ max: 3 }),
  double: fc.boolean(),
});
const race: fc.Arbitrary<Step> = fc
  .tuple(tick, closer, fc.uniqueArray(memberAnswer, { minLength: 1, maxLength: 3, selector: ownerOf }))
  .map(([t, c, answers]) => [t, c, ...answers]);

export const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .oneof(
        { weight: 8, arbitrary: userOp },
        { weight: 5, arbitrary: tick },
        { weight: 1, arbitrary: hiccup },
        { weight: 1, arbitrary: forget },
      )
      .map((op) => [op]),
  },
  {
    weight: 3,
    arbitrary: fc.uniqueArray(fc.oneof({ weight: 4, arbitrary: userOp }, { weight: 1, arbitrary: tick }), {
      minLength: 2,
      maxLength: 4,
      selector: ownerOf,
    }),
  },
  { weight: 2, arbitrary: race },
);

export const steps = fc.array(step, { minLength: 10, maxLength: 60, size: 'max' });
