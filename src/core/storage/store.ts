import type { MessageRef } from '../../contract/channel.js';
import type { Place, Platform, TrainerTarget } from '../../contract/inbound.js';
import type { KnowledgeAddition, NewAddition } from '../knowledge/additions.js';

/**
 * The storage port. Two real backends implement it (SQLite, PostgreSQL) through one
 * SQL implementation (`sql-store.ts`); the core never sees SQL. Times are epoch ms from
 * the core's injectable clock, never the database's.
 */

/** A person on one platform. Practice progress, stats and forget-me are keyed by this. */
export interface UserRef {
  platform: Platform;
  userId: string;
}

// ---------------------------------------------------------------- quiz rounds

export type RoundStatus = 'running' | 'finished' | 'stopped' | 'aborted';

/**
 * Where a running round is in its cycle. The driver moves it along:
 * `pause` (lead-in, or between questions) → `posting` → `open` (accepting answers) →
 * `closing` (reveal being written) → `pause` … → `ending` (standings) → status finished.
 * `posting`, `closing` and `ending` are crash-recovery points: a new owner redoes them.
 */
export type RoundPhase = 'pause' | 'posting' | 'open' | 'closing' | 'ending';

export interface StoredOption {
  text: string;
  correct: boolean;
  /** For a wrong option: the misconception choosing it reveals. */
  misconception?: string;
}

/** A question as presented (options already shuffled), frozen into the round or practice session. */
export interface StoredQuestion {
  /** Stable id of the source item in the knowledge base (practice cards are keyed by it). */
  key: string;
  topic: string;
  kind: 'choice' | 'truefalse' | 'activity';
  prompt: string;
  options: StoredOption[];
  explanation: string;
}

export interface RoundSettings {
  topics: string[];
  seconds: number;
  speedBonus: boolean;
}

export interface Round {
  id: string;
  platform: Platform;
  workspaceId: string;
  /** The channel the round was started from: at most one running round per channel key. */
  channelKey: string;
  /** The channel id answers are credited to (channel leaderboards). */
  channelId: string;
  /** Where questions are posted: the channel, or a thread opened for the round. */
  place: Place;
  /** Key of `place` (differs from channelKey when the round runs in a thread). */
  placeKey: string;
  settings: RoundSettings;
  questions: StoredQuestion[];
  status: RoundStatus;
  phase: RoundPhase;
  /** Index of the current (or last) question; -1 before the first. */
  qIndex: number;
  openedAt: number | null;
  deadline: number | null;
  /** When the driver should act next in `pause`. */
  nextAt: number | null;
  /** The current question's message. */
  messageRef: MessageRef | null;
  stopRequested: boolean;
  /** Bumped by every state change; the driver's compare-and-set token. */
  version: number;
  leaseOwner: string | null;
  leaseUntil: number;
  createdAt: number;
  endedAt: number | null;
}

/** A round as created: its identity and plan, first due at `nextAt`, leased to its creator. */
export type NewRound = Pick<
  Round,
  | 'id'
  | 'platform'
  | 'workspaceId'
  | 'channelKey'
  | 'channelId'
  | 'place'
  | 'placeKey'
  | 'settings'
  | 'questions'
  | 'leaseUntil'
  | 'createdAt'
> & {
  nextAt: number;
  leaseOwner: string;
};

export type RoundPatch = Partial<
  Pick<Round, 'status' | 'phase' | 'qIndex' | 'openedAt' | 'deadline' | 'nextAt' | 'messageRef' | 'endedAt' | 'leaseOwner'>
>;

export interface QuizAnswer {
  roundId: string;
  qIndex: number;
  user: UserRef;
  displayName: string;
  workspaceId: string;
  channelId: string;
  itemKey: string;
  topic: string;
  /** The letter chosen. */
  choice: string;
  correct: boolean;
  points: number;
  misconception?: string;
  answeredAt: number;
}

export type AnswerOutcome =
  | { outcome: 'recorded' }
  /** This person already answered this question; their first choice stands. */
  | { outcome: 'duplicate'; choice: string }
  /** The question is no longer open (deadline passed, skipped, round over). */
  | { outcome: 'closed' };

export interface ScoreRow {
  userId: string;
  /** The most recent display name stored with this person's answers. */
  displayName: string;
  points: number;
  correct: number;
  answered: number;
}

// ---------------------------------------------------------------- insight

export interface TopicTally {
  topic: string;
  attempts: number;
  correct: number;
}

export interface UserHistory {
  answered: number;
  correct: number;
  /** Correctness of the most recent attempts (quiz and practice), newest first; enough for a streak. */
  recent: boolean[];
  byTopic: TopicTally[];
}

export interface MisconceptionCount {
  topic: string;
  misconception: string;
  count: number;
}

export interface GapRow {
  /** The inbox number: the first recorded question of the group. */
  id: number;
  /** The question as first asked (trimmed). */
  text: string;
  /** Every distinct wording in the group (at most 10). */
  texts: string[];
  /** Direct-message questions are counted only: there is no text to teach from. */
  countedOnly: boolean;
  /** Set when it came from a "Not helpful" rating: the topic the bot answered with. */
  answeredTopic?: string;
  /** The topic the person said they meant, when they picked one. */
  meantTopic?: string;
  count: number;
  lastAsked: number;
}

/** An answer the bot gave, kept for a day so a Helpful / Not helpful click can reach it. */
export interface AnswerGiven {
  id: number;
  platform: Platform;
  workspaceId: string;
  /** The topic it answered with (none for "neither sales nor marketing"). */
  topic: string | null;
  /** The question, stripped of personal details; null from direct messages or with the inbox off. */
  question: string | null;
  askedAt: number;
}

export interface TopicFeedback {
  topic: string;
  helpful: number;
  notHelpful: number;
}

export interface GapResolution {
  platform: Platform;
  workspaceId: string;
  item: number;
  status: 'taught' | 'answered' | 'dismissed';
  /** What was done, in words a trainer reads ("taught as The funnel"). */
  detail: string;
  resolvedBy: string;
  resolvedAt: number;
}

export interface HitWindow {
  /** Cost counted in this window so far, this hit included. */
  total: number;
  /** Epoch ms when the window ends. */
  resetAt: number;
}

// ---------------------------------------------------------------- practice

/** ts-fsrs card state in plain numbers (dates as epoch ms). */
export interface StoredCard {
  due: number;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: number | null;
}

export interface PracticeCard {
  itemKey: string;
  card: StoredCard;
  /** Last answer was wrong although the person was sure: revisit first. */
  misconception: boolean;
}

export interface PracticeSession {
  /** Changes with every question, so a stale button can't be answered twice. */
  nonce: string;
  question: StoredQuestion;
  askedAt: number;
}

export interface PracticeReview {
  user: UserRef;
  displayName: string;
  workspaceId: string;
  channelId: string;
  /** The session being answered; the review is refused if it is no longer the open one. */
  nonce: string;
  card: PracticeCard;
  topic: string;
  choice: string;
  correct: boolean;
  confident: boolean;
  misconception?: string;
  answeredAt: number;
}

// ---------------------------------------------------------------- the port

export interface Store {
  // Rounds
  /** `channel-busy` when the channel already has a running round (unique constraint, race-safe). */
  createRound(round: NewRound): Promise<'created' | 'channel-busy'>;
  getRound(id: string): Promise<Round | undefined>;
  /** The running round started in, or posting to, this channel/thread key. */
  findRunningRound(platform: Platform, workspaceId: string, key: string): Promise<Round | undefined>;
  /** Compare-and-set on `version` (and lease owner, when given). Undefined when the round moved on. */
  updateRound(id: string, expect: { version: number; owner?: string }, patch: RoundPatch): Promise<Round | undefined>;
  /** `posting` → `open` with the posted message; only if still posting that question under this owner. */
  openQuestion(
    id: string,
    owner: string,
    qIndex: number,
    open: { messageRef: MessageRef; openedAt: number; deadline: number },
  ): Promise<Round | undefined>;
  /** Close the open question `qIndex` now (skip, quiz next). False if it wasn't open. */
  requestClose(id: string, qIndex: number, now: number): Promise<boolean>;
  /** Cut the pause short (quiz next between questions). False if not pausing. */
  requestNext(id: string, now: number): Promise<boolean>;
  /** Ask the owner to end the round (quiz stop). False if it isn't running. */
  requestStop(id: string, now: number): Promise<boolean>;
  /**
   * Renew this owner's leases and take over running rounds whose lease expired (on the given
   * platforms); returns every running round this owner now holds.
   */
  claimRounds(owner: string, now: number, leaseMs: number, platforms: readonly Platform[]): Promise<Round[]>;
  releaseRounds(owner: string): Promise<void>;

  // Answers
  /** Stores the answer only while the question is open and the person hasn't answered it (race-safe). */
  recordAnswer(answer: QuizAnswer): Promise<AnswerOutcome>;
  answerCount(roundId: string, qIndex: number): Promise<number>;
  /** How many chose each letter. */
  answerTally(roundId: string, qIndex: number): Promise<Record<string, number>>;
  /** Points per person; `beforeQuestion` leaves out that question and later ones (an open question's answers stay secret). */
  roundStandings(roundId: string, beforeQuestion?: number): Promise<ScoreRow[]>;

  // Insight
  leaderboard(q: { platform: Platform; workspaceId: string; channelId?: string; since: number; limit: number }): Promise<ScoreRow[]>;
  userHistory(user: UserRef, recentLimit: number): Promise<UserHistory>;
  teamTopics(platform: Platform, workspaceId: string, since: number): Promise<TopicTally[]>;
  teamMisconceptions(platform: Platform, workspaceId: string, since: number, limit: number): Promise<MisconceptionCount[]>;

  // Practice
  practiceCards(user: UserRef): Promise<PracticeCard[]>;
  practiceSession(user: UserRef): Promise<PracticeSession | undefined>;
  savePracticeSession(user: UserRef, session: PracticeSession): Promise<void>;
  /** Atomically: close the session (if `nonce` is still open), save the card, store the attempt. False if already answered. */
  recordPracticeReview(review: PracticeReview): Promise<boolean>;

  // Trainers
  addTrainer(platform: Platform, workspaceId: string, target: TrainerTarget, now: number): Promise<boolean>;
  removeTrainer(platform: Platform, workspaceId: string, target: TrainerTarget): Promise<boolean>;
  listTrainers(platform: Platform, workspaceId: string): Promise<TrainerTarget[]>;

  // Gaps (no user ids, by design)
  /** Returns the new row's id (a follower of this question is stored against it). */
  recordGap(gap: {
    platform: Platform;
    workspaceId: string;
    text: string;
    norm: string;
    askedAt: number;
    /** For a "Not helpful" rating: the topic the bot answered with. */
    answeredTopic?: string | null;
  }): Promise<number>;
  listGaps(platform: Platform, workspaceId: string, since: number, limit: number): Promise<GapRow[]>;
  clearGaps(platform: Platform, workspaceId: string): Promise<number>;
  /** Deletes questions asked before `before`, and follow-up requests expired at `now`. */
  purgeGaps(before: number, now: number): Promise<number>;
  /** The distinct wordings of open channel questions since `since` (newest first, at most `limit`), with their group keys. */
  gapWordings(platform: Platform, workspaceId: string, since: number, limit: number): Promise<{ norm: string; text: string }[]>;
  /** One inbox item (a group of the same question) by its number, if it is still open. */
  findGap(platform: Platform, workspaceId: string, item: number): Promise<GapRow | undefined>;
  /**
   * Closes an inbox item: its questions leave the list. The first trainer to act wins; a later
   * action on the same item gets `won: false` and what the first one did.
   */
  resolveGap(r: GapResolution): Promise<{ won: true; followers: string[] } | { won: false; by: GapResolution }>;
  /** Someone asked to be told when the question `gapId` (any row of an inbox item) is answered. */
  followGap(f: {
    platform: Platform;
    workspaceId: string;
    gapId: number;
    userId: string;
    expiresAt: number;
  }): Promise<'added' | 'already' | 'gone'>;

  // Feedback on answers (no user ids, by design)
  rememberAnswer(a: Omit<AnswerGiven, 'id'>): Promise<number>;
  answerGiven(platform: Platform, workspaceId: string, id: number): Promise<AnswerGiven | undefined>;
  /**
   * The first rating of an answer counts towards its topic's tally and returns `first: true`;
   * any later one (another person, a second click) changes nothing.
   */
  rateAnswer(r: { platform: Platform; workspaceId: string; id: number; helpful: boolean; at: number }): Promise<{ first: boolean }>;
  /** Links a rated answer to the inbox row its question became. */
  linkAnswerGap(platform: Platform, workspaceId: string, answerId: number, gapId: number): Promise<void>;
  /** The topic the person meant, on the inbox row of a rated answer (if its question is in the inbox). */
  noteMeantTopic(platform: Platform, workspaceId: string, answerId: number, topic: string): Promise<void>;
  topicFeedback(platform: Platform, workspaceId: string): Promise<TopicFeedback[]>;
  /** Deletes answers given before `before` (their questions with them). */
  purgeAnswers(before: number): Promise<number>;
  /** What became of an inbox item that is no longer open, if anything did. */
  gapResolution(platform: Platform, workspaceId: string, item: number): Promise<GapResolution | undefined>;

  // Knowledge added from chat (per server/workspace, layered over the files)
  addKnowledge(addition: NewAddition): Promise<KnowledgeAddition>;
  listKnowledge(platform: Platform, workspaceId: string, afterId?: number): Promise<KnowledgeAddition[]>;
  listKnowledgeWorkspaces(): Promise<{ platform: Platform; workspaceId: string }[]>;
  /** The largest addition id of a workspace (0 when none): instances compare it to pick up changes. */
  knowledgeVersion(platform: Platform, workspaceId: string): Promise<number>;

  /** Erases everything stored about this person; returns how many rows went. */
  forgetUser(user: UserRef): Promise<number>;

  /**
   * True for the first caller with this key until the claim expires, false for every other
   * caller, across processes sharing the database (a platform retrying an event to another instance).
   */
  claimOnce(key: string, now: number, ttlMs: number): Promise<boolean>;

  /**
   * Rate limiting: adds `cost` to the window under `key` (a new window of `windowMs` starts when the
   * last one has ended) and returns the window's total and end, atomically across processes sharing the database.
   */
  countHits(key: string, cost: number, now: number, windowMs: number): Promise<HitWindow>;
  /** Deletes rate-limit windows that ended before `before`. */
  purgeRateLimits(before: number): Promise<number>;
  /** True when several processes can share this store (PostgreSQL): limits counted in it then hold across instances. */
  readonly shared: boolean;

  close(): Promise<void>;
}
