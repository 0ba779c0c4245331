import type { MessageRef } from '../../contract/channel.js';
import type { Place, Platform, TrainerTarget } from '../../contract/inbound.js';
import type { KnowledgeAddition, NewAddition } from '../knowledge/additions.js';
import { placeholders, type Row, type SqlDriver, type SqlExec, type SqlValue, UniqueViolation } from './driver.js';
import type {
  AnswerGiven,
  AnswerOutcome,
  GapResolution,
  GapRow,
  HitWindow,
  MisconceptionCount,
  NewRound,
  PracticeCard,
  PracticeReview,
  PracticeSession,
  QuizAnswer,
  Round,
  RoundPatch,
  RoundPhase,
  RoundStatus,
  ScoreRow,
  Store,
  TopicFeedback,
  TopicTally,
  UserHistory,
  UserRef,
} from './store.js';

/** Every table, for forget-me audits in tests. */
export const TABLES = [
  'rounds',
  'attempts',
  'practice_cards',
  'practice_sessions',
  'trainers',
  'gaps',
  'rate_limits',
  'answers_given',
  'topic_feedback',
  'gap_followers',
] as const;

/**
 * The Store over either SQL database. The SQL is portable (SQLite ≥ 3.35 and PostgreSQL
 * agree on ON CONFLICT, RETURNING and partial indexes); the only dialect switches are the
 * row locks PostgreSQL needs and SQLite (one writer at a time) doesn't.
 */
export class SqlStore implements Store {
  private readonly pg: boolean;

  constructor(private readonly db: SqlDriver) {
    this.pg = db.dialect === 'postgres';
  }

  get dialect(): 'sqlite' | 'postgres' {
    return this.db.dialect;
  }

  get shared(): boolean {
    return this.pg;
  }

  // ------------------------------------------------------------ rounds

  async createRound(r: NewRound): Promise<'created' | 'channel-busy'> {
    try {
      await this.db.run(
        `INSERT INTO rounds (id, platform, workspace_id, channel_key, channel_id, place, place_key, settings, questions,
           status, phase, q_index, next_at, lease_owner, lease_until, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', 'pause', -1, ?, ?, ?, ?)`,
        [
          r.id,
          r.platform,
          r.workspaceId,
          r.channelKey,
          r.channelId,
          JSON.stringify(r.place),
          r.placeKey,
          JSON.stringify(r.settings),
          JSON.stringify(r.questions),
          r.nextAt,
          r.leaseOwner,
          r.leaseUntil,
          r.createdAt,
        ],
      );
      return 'created';
    } catch (err) {
      if (err instanceof UniqueViolation) return 'channel-busy';
      throw err;
    }
  }

  async getRound(id: string): Promise<Round | undefined> {
    const [row] = await this.db.all(`SELECT * FROM rounds WHERE id = ?`, [id]);
    return row && toRound(row);
  }

  async findRunningRound(platform: Platform, workspaceId: string, key: string): Promise<Round | undefined> {
    const [row] = await this.db.all(
      `SELECT * FROM rounds WHERE status = 'running' AND platform = ? AND workspace_id = ? AND (channel_key = ? OR place_key = ?)
       ORDER BY created_at DESC LIMIT 1`,
      [platform, workspaceId, key, key],
    );
    return row && toRound(row);
  }

  async updateRound(id: string, expect: { version: number; owner?: string }, patch: RoundPatch): Promise<Round | undefined> {
    const sets: string[] = [];
    const params: SqlValue[] = [];
    const set = (column: string, value: SqlValue) => {
      sets.push(`${column} = ?`);
      params.push(value);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.phase !== undefined) set('phase', patch.phase);
    if (patch.qIndex !== undefined) set('q_index', patch.qIndex);
    if (patch.openedAt !== undefined) set('opened_at', patch.openedAt);
    if (patch.deadline !== undefined) set('deadline', patch.deadline);
    if (patch.nextAt !== undefined) set('next_at', patch.nextAt);
    if (patch.messageRef !== undefined) set('message_ref', patch.messageRef && JSON.stringify(patch.messageRef));
    if (patch.endedAt !== undefined) set('ended_at', patch.endedAt);
    if (patch.leaseOwner !== undefined) set('lease_owner', patch.leaseOwner);
    sets.push('version = version + 1');
    params.push(id, expect.version);
    let where = `id = ? AND version = ?`;
    if (expect.owner !== undefined) {
      where += ' AND lease_owner = ?';
      params.push(expect.owner);
    }
    const [row] = await this.db.all(`UPDATE rounds SET ${sets.join(', ')} WHERE ${where} RETURNING *`, params);
    return row && toRound(row);
  }

  async openQuestion(
    id: string,
    owner: string,
    qIndex: number,
    open: { messageRef: MessageRef; openedAt: number; deadline: number },
  ): Promise<Round | undefined> {
    const [row] = await this.db.all(
      `UPDATE rounds SET phase = 'open', message_ref = ?, opened_at = ?, deadline = ?, next_at = ?, version = version + 1
       WHERE id = ? AND status = 'running' AND phase = 'posting' AND q_index = ? AND lease_owner = ? RETURNING *`,
      [JSON.stringify(open.messageRef), open.openedAt, open.deadline, open.deadline, id, qIndex, owner],
    );
    return row && toRound(row);
  }

  async requestClose(id: string, qIndex: number, now: number): Promise<boolean> {
    const n = await this.db.run(
      `UPDATE rounds SET deadline = ?, next_at = ?, version = version + 1
       WHERE id = ? AND status = 'running' AND phase = 'open' AND q_index = ? AND deadline > ?`,
      [now, now, id, qIndex, now],
    );
    return n > 0;
  }

  async requestNext(id: string, now: number): Promise<boolean> {
    const n = await this.db.run(
      `UPDATE rounds SET next_at = ?, version = version + 1 WHERE id = ? AND status = 'running' AND phase = 'pause' AND next_at > ?`,
      [now, id, now],
    );
    return n > 0;
  }

  async requestStop(id: string, now: number): Promise<boolean> {
    const n = await this.db.run(
      `UPDATE rounds SET stop_requested = 1, next_at = ?, version = version + 1 WHERE id = ? AND status = 'running'`,
      [now, id],
    );
    return n > 0;
  }

  async claimRounds(owner: string, now: number, leaseMs: number, platforms: readonly Platform[]): Promise<Round[]> {
    if (platforms.length > 0) {
      // SKIP LOCKED: two instances claiming at once never wait on, or both take, the same round.
      const lock = this.pg ? ' FOR UPDATE SKIP LOCKED' : '';
      await this.db.transaction(async (tx) => {
        const rows = await tx.all<{ id: string }>(
          `SELECT id FROM rounds WHERE status = 'running' AND platform IN ${placeholders(platforms.length)}
             AND (lease_owner = ? OR lease_owner IS NULL OR lease_until < ?)${lock}`,
          [...platforms, owner, now],
        );
        if (rows.length === 0) return;
        await tx.run(`UPDATE rounds SET lease_owner = ?, lease_until = ? WHERE id IN ${placeholders(rows.length)}`, [
          owner,
          now + leaseMs,
          ...rows.map((r) => r.id),
        ]);
      });
    }
    const rows = await this.db.all(`SELECT * FROM rounds WHERE status = 'running' AND lease_owner = ? ORDER BY created_at`, [owner]);
    return rows.map(toRound);
  }

  async releaseRounds(owner: string): Promise<void> {
    await this.db.run(`UPDATE rounds SET lease_owner = NULL, lease_until = 0 WHERE lease_owner = ?`, [owner]);
  }

  // ------------------------------------------------------------ answers

  async recordAnswer(a: QuizAnswer): Promise<AnswerOutcome> {
    // One statement: the answer goes in only while the round shows this question open and
    // before its deadline. On PostgreSQL FOR SHARE makes a concurrent close (an UPDATE of the
    // round) wait for in-flight answers, so the reveal's tally sees every counted answer.
    const lock = this.pg ? ' FOR SHARE' : '';
    const inserted = await this.db.all(
      `INSERT INTO attempts (platform, workspace_id, channel_id, user_id, display_name, source, round_id, q_index,
         item_key, topic, choice, correct, points, misconception, confident, answered_at)
       SELECT ?, ?, ?, ?, ?, 'quiz', r.id, ?, ?, ?, ?, ?, ?, ?, NULL, ?
       FROM rounds r
       WHERE r.id = ? AND r.status = 'running' AND r.phase = 'open' AND r.q_index = ? AND r.deadline > ?${lock}
       ON CONFLICT (round_id, q_index, user_id) DO NOTHING
       RETURNING id`,
      [
        a.user.platform,
        a.workspaceId,
        a.channelId,
        a.user.userId,
        a.displayName,
        a.qIndex,
        a.itemKey,
        a.topic,
        a.choice,
        a.correct ? 1 : 0,
        a.points,
        a.misconception ?? null,
        a.answeredAt,
        a.roundId,
        a.qIndex,
        a.answeredAt,
      ],
    );
    if (inserted.length > 0) return { outcome: 'recorded' };
    const [earlier] = await this.db.all<{ choice: string }>(
      `SELECT choice FROM attempts WHERE round_id = ? AND q_index = ? AND user_id = ?`,
      [a.roundId, a.qIndex, a.user.userId],
    );
    return earlier ? { outcome: 'duplicate', choice: earlier.choice } : { outcome: 'closed' };
  }

  async answerCount(roundId: string, qIndex: number): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM attempts WHERE round_id = ? AND q_index = ?`, [
      roundId,
      qIndex,
    ]);
    return Number(row?.n ?? 0);
  }

  async answerTally(roundId: string, qIndex: number): Promise<Record<string, number>> {
    const rows = await this.db.all<{ choice: string; n: number }>(
      `SELECT choice, COUNT(*) AS n FROM attempts WHERE round_id = ? AND q_index = ? GROUP BY choice`,
      [roundId, qIndex],
    );
    return Object.fromEntries(rows.map((r) => [r.choice, Number(r.n)]));
  }

  async roundStandings(roundId: string, beforeQuestion?: number): Promise<ScoreRow[]> {
    const cut = beforeQuestion === undefined ? '' : ' AND q_index < ?';
    const rows = await this.db.all(
      `SELECT user_id, MAX(display_name) AS display_name, SUM(points) AS points, SUM(correct) AS correct, COUNT(*) AS answered
       FROM attempts WHERE round_id = ?${cut} GROUP BY user_id ORDER BY points DESC, user_id`,
      beforeQuestion === undefined ? [roundId] : [roundId, beforeQuestion],
    );
    return rows.map(toScore);
  }

  // ------------------------------------------------------------ insight

  async leaderboard(q: { platform: Platform; workspaceId: string; channelId?: string; since: number; limit: number }): Promise<ScoreRow[]> {
    const params: SqlValue[] = [q.platform, q.workspaceId, q.since];
    let channel = '';
    if (q.channelId !== undefined) {
      channel = ' AND a.channel_id = ?';
      params.push(q.channelId);
    }
    params.push(q.limit);
    // The name shown is the one stored with the person's latest answer anywhere.
    const rows = await this.db.all(
      `SELECT a.user_id, SUM(a.points) AS points, SUM(a.correct) AS correct, COUNT(*) AS answered,
         (SELECT d.display_name FROM attempts d WHERE d.platform = a.platform AND d.user_id = a.user_id
          ORDER BY d.answered_at DESC, d.id DESC LIMIT 1) AS display_name
       FROM attempts a
       WHERE a.source = 'quiz' AND a.platform = ? AND a.workspace_id = ? AND a.answered_at >= ?${channel}
       GROUP BY a.platform, a.user_id
       ORDER BY points DESC, a.user_id
       LIMIT ?`,
      params,
    );
    return rows.map(toScore);
  }

  async userHistory(user: UserRef, recentLimit: number): Promise<UserHistory> {
    const [totals] = await this.db.all<{ answered: number; correct: number | null }>(
      `SELECT COUNT(*) AS answered, SUM(correct) AS correct FROM attempts WHERE platform = ? AND user_id = ?`,
      [user.platform, user.userId],
    );
    const recent = await this.db.all<{ correct: number }>(
      `SELECT correct FROM attempts WHERE platform = ? AND user_id = ? ORDER BY answered_at DESC, id DESC LIMIT ?`,
      [user.platform, user.userId, recentLimit],
    );
    const byTopic = await this.db.all(
      `SELECT topic, COUNT(*) AS attempts, SUM(correct) AS correct FROM attempts WHERE platform = ? AND user_id = ?
       GROUP BY topic ORDER BY topic`,
      [user.platform, user.userId],
    );
    return {
      answered: Number(totals?.answered ?? 0),
      correct: Number(totals?.correct ?? 0),
      recent: recent.map((r) => Number(r.correct) === 1),
      byTopic: byTopic.map(toTally),
    };
  }

  async teamTopics(platform: Platform, workspaceId: string, since: number): Promise<TopicTally[]> {
    const rows = await this.db.all(
      `SELECT topic, COUNT(*) AS attempts, SUM(correct) AS correct FROM attempts
       WHERE platform = ? AND workspace_id = ? AND answered_at >= ? GROUP BY topic ORDER BY topic`,
      [platform, workspaceId, since],
    );
    return rows.map(toTally);
  }

  async teamMisconceptions(platform: Platform, workspaceId: string, since: number, limit: number): Promise<MisconceptionCount[]> {
    const rows = await this.db.all<{ topic: string; misconception: string; n: number }>(
      `SELECT topic, misconception, COUNT(*) AS n FROM attempts
       WHERE platform = ? AND workspace_id = ? AND answered_at >= ? AND correct = 0 AND misconception IS NOT NULL
       GROUP BY topic, misconception ORDER BY n DESC, topic, misconception LIMIT ?`,
      [platform, workspaceId, since, limit],
    );
    return rows.map((r) => ({ topic: r.topic, misconception: r.misconception, count: Number(r.n) }));
  }

  // ------------------------------------------------------------ practice

  async practiceCards(user: UserRef): Promise<PracticeCard[]> {
    const rows = await this.db.all<{ item_key: string; card: string; misconception: number }>(
      `SELECT item_key, card, misconception FROM practice_cards WHERE platform = ? AND user_id = ? ORDER BY due`,
      [user.platform, user.userId],
    );
    return rows.map((r) => ({ itemKey: r.item_key, card: JSON.parse(r.card), misconception: Number(r.misconception) === 1 }));
  }

  async practiceSession(user: UserRef): Promise<PracticeSession | undefined> {
    const [row] = await this.db.all<{ nonce: string; question: string; asked_at: number }>(
      `SELECT nonce, question, asked_at FROM practice_sessions WHERE platform = ? AND user_id = ?`,
      [user.platform, user.userId],
    );
    return row && { nonce: row.nonce, question: JSON.parse(row.question), askedAt: Number(row.asked_at) };
  }

  async savePracticeSession(user: UserRef, s: PracticeSession): Promise<void> {
    await this.db.run(
      `INSERT INTO practice_sessions (platform, user_id, nonce, question, asked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (platform, user_id) DO UPDATE SET nonce = excluded.nonce, question = excluded.question, asked_at = excluded.asked_at`,
      [user.platform, user.userId, s.nonce, JSON.stringify(s.question), s.askedAt],
    );
  }

  async recordPracticeReview(r: PracticeReview): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // Closing the session first makes a double click (or two instances) record one review.
      const closed = await tx.run(`DELETE FROM practice_sessions WHERE platform = ? AND user_id = ? AND nonce = ?`, [
        r.user.platform,
        r.user.userId,
        r.nonce,
      ]);
      if (closed === 0) return false;
      await tx.run(
        `INSERT INTO practice_cards (platform, user_id, item_key, card, due, misconception) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, user_id, item_key) DO UPDATE SET card = excluded.card, due = excluded.due, misconception = excluded.misconception`,
        [r.user.platform, r.user.userId, r.card.itemKey, JSON.stringify(r.card.card), r.card.card.due, r.card.misconception ? 1 : 0],
      );
      await tx.run(
        `INSERT INTO attempts (platform, workspace_id, channel_id, user_id, display_name, source, round_id, q_index,
           item_key, topic, choice, correct, points, misconception, confident, answered_at)
         VALUES (?, ?, ?, ?, ?, 'practice', NULL, NULL, ?, ?, ?, ?, 0, ?, ?, ?)`,
        [
          r.user.platform,
          r.workspaceId,
          r.channelId,
          r.user.userId,
          r.displayName,
          r.card.itemKey,
          r.topic,
          r.choice,
          r.correct ? 1 : 0,
          r.misconception ?? null,
          r.confident ? 1 : 0,
          r.answeredAt,
        ],
      );
      return true;
    });
  }

  // ------------------------------------------------------------ trainers

  async addTrainer(platform: Platform, workspaceId: string, target: TrainerTarget, now: number): Promise<boolean> {
    const n = await this.db.run(
      `INSERT INTO trainers (platform, workspace_id, kind, target_id, added_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace_id, kind, target_id) DO NOTHING`,
      [platform, workspaceId, target.kind, target.id, now],
    );
    return n > 0;
  }

  async removeTrainer(platform: Platform, workspaceId: string, target: TrainerTarget): Promise<boolean> {
    const n = await this.db.run(`DELETE FROM trainers WHERE platform = ? AND workspace_id = ? AND kind = ? AND target_id = ?`, [
      platform,
      workspaceId,
      target.kind,
      target.id,
    ]);
    return n > 0;
  }

  async listTrainers(platform: Platform, workspaceId: string): Promise<TrainerTarget[]> {
    const rows = await this.db.all<{ kind: 'role' | 'user'; target_id: string }>(
      `SELECT kind, target_id FROM trainers WHERE platform = ? AND workspace_id = ? ORDER BY kind, added_at, target_id`,
      [platform, workspaceId],
    );
    return rows.map((r) => ({ kind: r.kind, id: r.target_id }));
  }

  // ------------------------------------------------------------ gaps

  async recordGap(g: Parameters<Store['recordGap']>[0]): Promise<number> {
    const [row] = await this.db.all<{ id: number }>(
      `INSERT INTO gaps (platform, workspace_id, norm, text, asked_at, answered_topic) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
      [g.platform, g.workspaceId, g.norm, g.text, g.askedAt, g.answeredTopic ?? null],
    );
    return Number(row!.id);
  }

  async listGaps(platform: Platform, workspaceId: string, since: number, limit: number): Promise<GapRow[]> {
    const rows = await this.db.all<GapAggregate>(
      `SELECT g.*, t.text FROM (SELECT ${GAP_GROUP} FROM gaps
         WHERE platform = ? AND workspace_id = ? AND asked_at >= ?
         GROUP BY norm) g JOIN gaps t ON t.id = g.id
       ORDER BY g.n DESC, g.last_at DESC, g.id LIMIT ?`,
      [platform, workspaceId, since, limit],
    );
    return Promise.all(rows.map(async (r) => this.gapRow(platform, workspaceId, r)));
  }

  async gapWordings(platform: Platform, workspaceId: string, since: number, limit: number): Promise<{ norm: string; text: string }[]> {
    return this.db.all<{ norm: string; text: string }>(
      `SELECT norm, text FROM gaps WHERE platform = ? AND workspace_id = ? AND asked_at >= ? AND norm NOT LIKE 'dm:%'
       GROUP BY norm, text ORDER BY MAX(asked_at) DESC, norm, text LIMIT ?`,
      [platform, workspaceId, since, limit],
    );
  }

  async findGap(platform: Platform, workspaceId: string, item: number): Promise<GapRow | undefined> {
    const rows = await this.db.all<GapAggregate>(
      `SELECT g.*, t.text FROM (SELECT ${GAP_GROUP} FROM gaps
         WHERE platform = ? AND workspace_id = ? AND norm = (SELECT norm FROM gaps WHERE id = ? AND platform = ? AND workspace_id = ?)
         GROUP BY norm) g JOIN gaps t ON t.id = g.id`,
      [platform, workspaceId, item, platform, workspaceId],
    );
    const row = rows[0];
    // An item is known by its first question: a later one of the group is not its number.
    return row && Number(row.id) === item ? this.gapRow(platform, workspaceId, row) : undefined;
  }

  private async gapRow(platform: Platform, workspaceId: string, r: GapAggregate): Promise<GapRow> {
    const texts = await this.db.all<{ text: string }>(
      `SELECT DISTINCT text FROM gaps WHERE platform = ? AND workspace_id = ? AND norm = ? ORDER BY text LIMIT 10`,
      [platform, workspaceId, r.norm],
    );
    return {
      id: Number(r.id),
      text: r.text,
      texts: texts.map((t) => t.text),
      countedOnly: r.norm.startsWith('dm:'),
      count: Number(r.n),
      lastAsked: Number(r.last_at),
      ...(r.answered ? { answeredTopic: r.answered } : {}),
      ...(r.meant ? { meantTopic: r.meant } : {}),
    };
  }

  async resolveGap(r: GapResolution): Promise<{ won: true; followers: string[] } | { won: false; by: GapResolution }> {
    return this.db.transaction(async (tx) => {
      // The resolution row is the lock: only the first insert for an item succeeds.
      const inserted = await tx.all(
        `INSERT INTO gap_resolutions (platform, workspace_id, item, status, detail, resolved_by, resolved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (platform, workspace_id, item) DO NOTHING RETURNING item`,
        [r.platform, r.workspaceId, r.item, r.status, r.detail, r.resolvedBy, r.resolvedAt],
      );
      if (inserted.length === 0) return { won: false as const, by: (await resolutionOf(tx, r.platform, r.workspaceId, r.item))! };
      // Whoever asked to be told about any question of the group, and has not expired: told once, then forgotten.
      const group = `SELECT id FROM gaps WHERE platform = ? AND workspace_id = ?
         AND norm = (SELECT norm FROM (SELECT norm FROM gaps WHERE id = ? AND platform = ? AND workspace_id = ?) AS g)`;
      const groupArgs = [r.platform, r.workspaceId, r.item, r.platform, r.workspaceId];
      const followers = await tx.all<{ user_id: string }>(
        `SELECT DISTINCT user_id FROM gap_followers WHERE platform = ? AND workspace_id = ? AND expires_at > ? AND gap_id IN (${group})
         ORDER BY user_id`,
        [r.platform, r.workspaceId, r.resolvedAt, ...groupArgs],
      );
      await tx.run(`DELETE FROM gap_followers WHERE platform = ? AND workspace_id = ? AND gap_id IN (${group})`, [
        r.platform,
        r.workspaceId,
        ...groupArgs,
      ]);
      await tx.run(
        `DELETE FROM gaps WHERE platform = ? AND workspace_id = ?
         AND norm = (SELECT norm FROM (SELECT norm FROM gaps WHERE id = ? AND platform = ? AND workspace_id = ?) AS g)`,
        [r.platform, r.workspaceId, r.item, r.platform, r.workspaceId],
      );
      return { won: true as const, followers: followers.map((f) => f.user_id) };
    });
  }

  async followGap(f: Parameters<Store['followGap']>[0]): Promise<'added' | 'already' | 'gone'> {
    const where = [f.gapId, f.platform, f.workspaceId];
    const exists = await this.db.all(`SELECT 1 AS one FROM gaps WHERE id = ? AND platform = ? AND workspace_id = ?`, where);
    if (exists.length === 0) return 'gone';
    const rows = await this.db.all(
      `INSERT INTO gap_followers (platform, workspace_id, gap_id, user_id, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (platform, workspace_id, gap_id, user_id) DO NOTHING RETURNING gap_id`,
      [f.platform, f.workspaceId, f.gapId, f.userId, f.expiresAt],
    );
    return rows.length > 0 ? 'added' : 'already';
  }

  // ------------------------------------------------------------ feedback on answers

  async rememberAnswer(a: Omit<AnswerGiven, 'id'>): Promise<number> {
    const [row] = await this.db.all<{ id: number }>(
      `INSERT INTO answers_given (platform, workspace_id, topic, question, asked_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
      [a.platform, a.workspaceId, a.topic, a.question, a.askedAt],
    );
    return Number(row!.id);
  }

  async answerGiven(platform: Platform, workspaceId: string, id: number): Promise<AnswerGiven | undefined> {
    const [row] = await this.db.all<{ topic: string | null; question: string | null; asked_at: number }>(
      `SELECT topic, question, asked_at FROM answers_given WHERE id = ? AND platform = ? AND workspace_id = ?`,
      [id, platform, workspaceId],
    );
    return row ? { id, platform, workspaceId, topic: row.topic, question: row.question, askedAt: Number(row.asked_at) } : undefined;
  }

  async rateAnswer(r: { platform: Platform; workspaceId: string; id: number; helpful: boolean; at: number }): Promise<{ first: boolean }> {
    return this.db.transaction(async (tx) => {
      const rated = await tx.all<{ topic: string | null }>(
        `UPDATE answers_given SET rated_at = ? WHERE id = ? AND platform = ? AND workspace_id = ? AND rated_at IS NULL RETURNING topic`,
        [r.at, r.id, r.platform, r.workspaceId],
      );
      const topic = rated[0]?.topic;
      if (rated.length === 0) return { first: false };
      if (topic) {
        const [up, down] = r.helpful ? [1, 0] : [0, 1];
        await tx.run(
          `INSERT INTO topic_feedback (platform, workspace_id, topic, helpful, not_helpful) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (platform, workspace_id, topic) DO UPDATE
           SET helpful = topic_feedback.helpful + excluded.helpful, not_helpful = topic_feedback.not_helpful + excluded.not_helpful`,
          [r.platform, r.workspaceId, topic, up, down],
        );
      }
      return { first: true };
    });
  }

  async linkAnswerGap(platform: Platform, workspaceId: string, answerId: number, gapId: number): Promise<void> {
    await this.db.run(`UPDATE answers_given SET gap_id = ? WHERE id = ? AND platform = ? AND workspace_id = ?`, [
      gapId,
      answerId,
      platform,
      workspaceId,
    ]);
  }

  async noteMeantTopic(platform: Platform, workspaceId: string, answerId: number, topic: string): Promise<void> {
    await this.db.run(
      `UPDATE gaps SET meant_topic = ? WHERE platform = ? AND workspace_id = ?
       AND id = (SELECT gap_id FROM answers_given WHERE id = ? AND platform = ? AND workspace_id = ?)`,
      [topic, platform, workspaceId, answerId, platform, workspaceId],
    );
  }

  async topicFeedback(platform: Platform, workspaceId: string): Promise<TopicFeedback[]> {
    const rows = await this.db.all<{ topic: string; helpful: number; not_helpful: number }>(
      `SELECT topic, helpful, not_helpful FROM topic_feedback WHERE platform = ? AND workspace_id = ? ORDER BY not_helpful DESC, topic`,
      [platform, workspaceId],
    );
    return rows.map((r) => ({ topic: r.topic, helpful: Number(r.helpful), notHelpful: Number(r.not_helpful) }));
  }

  async purgeAnswers(before: number): Promise<number> {
    return this.db.run(`DELETE FROM answers_given WHERE asked_at < ?`, [before]);
  }

  async gapResolution(platform: Platform, workspaceId: string, item: number): Promise<GapResolution | undefined> {
    return resolutionOf(this.db, platform, workspaceId, item);
  }

  // ------------------------------------------------------------ knowledge added from chat

  async addKnowledge(a: NewAddition): Promise<KnowledgeAddition> {
    const topic = 'topic' in a ? a.topic : null;
    const title = a.kind === 'answer' ? a.title : null;
    const examples = a.kind === 'answer' ? JSON.stringify(a.examples) : null;
    const data = a.kind === 'quiz' ? JSON.stringify({ answer: a.answer, misconception: a.misconception }) : null;
    const [row] = await this.db.all<{ id: number }>(
      `INSERT INTO knowledge_additions (platform, workspace_id, kind, topic, title, text, examples, data, author, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [a.platform, a.workspaceId, a.kind, topic, title, a.text, examples, data, a.author, a.createdAt],
    );
    return { ...a, id: Number(row!.id) } as KnowledgeAddition;
  }

  async listKnowledge(platform: Platform, workspaceId: string, afterId = 0): Promise<KnowledgeAddition[]> {
    const rows = await this.db.all<{
      id: number;
      kind: KnowledgeAddition['kind'];
      topic: string | null;
      title: string | null;
      text: string;
      examples: string | null;
      data: string | null;
      author: string;
      created_at: number;
    }>(
      `SELECT id, kind, topic, title, text, examples, data, author, created_at FROM knowledge_additions
       WHERE platform = ? AND workspace_id = ? AND id > ? ORDER BY id`,
      [platform, workspaceId, afterId],
    );
    return rows.map((r): KnowledgeAddition => {
      const base = { id: Number(r.id), platform, workspaceId, author: r.author, createdAt: Number(r.created_at), text: r.text };
      if (r.kind === 'answer') {
        return {
          ...base,
          kind: 'answer',
          topic: r.topic ?? '',
          title: r.title ?? '',
          examples: JSON.parse(r.examples ?? '[]') as string[],
        };
      }
      switch (r.kind) {
        case 'example':
        case 'answer-edit':
        case 'answer-removed':
          return { ...base, kind: r.kind, topic: r.topic ?? '' };
        case 'quiz': {
          const data = JSON.parse(r.data ?? '{}') as { answer?: boolean; misconception?: string };
          return { ...base, kind: 'quiz', topic: r.topic ?? '', answer: data.answer === true, misconception: data.misconception ?? '' };
        }
        default:
          return { ...base, kind: 'out-of-scope' };
      }
    });
  }

  async listKnowledgeWorkspaces(): Promise<{ platform: Platform; workspaceId: string }[]> {
    const rows = await this.db.all<{ platform: Platform; workspace_id: string }>(
      `SELECT DISTINCT platform, workspace_id FROM knowledge_additions ORDER BY platform, workspace_id`,
    );
    return rows.map((r) => ({ platform: r.platform, workspaceId: r.workspace_id }));
  }

  async knowledgeVersion(platform: Platform, workspaceId: string): Promise<number> {
    const [row] = await this.db.all<{ v: number | null }>(
      `SELECT MAX(id) AS v FROM knowledge_additions WHERE platform = ? AND workspace_id = ?`,
      [platform, workspaceId],
    );
    return Number(row?.v ?? 0);
  }

  async clearGaps(platform: Platform, workspaceId: string): Promise<number> {
    return this.db.run(`DELETE FROM gaps WHERE platform = ? AND workspace_id = ?`, [platform, workspaceId]);
  }

  async purgeGaps(before: number, now: number): Promise<number> {
    await this.db.run(`DELETE FROM gap_followers WHERE expires_at <= ?`, [now]);
    return this.db.run(`DELETE FROM gaps WHERE asked_at < ?`, [before]);
  }

  // ------------------------------------------------------------ claims

  async claimOnce(key: string, now: number, ttlMs: number): Promise<boolean> {
    // Both dialects: insert, or take over an expired claim; RETURNING tells who won.
    const won = await this.db.all(
      `INSERT INTO claims (key, expires_at) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?
       RETURNING key`,
      [key, now + ttlMs, now],
    );
    if (won.length > 0 && Math.random() < 0.01) await this.db.run(`DELETE FROM claims WHERE expires_at <= ?`, [now]);
    return won.length > 0;
  }

  // ------------------------------------------------------------ rate limits

  async countHits(key: string, cost: number, now: number, windowMs: number): Promise<HitWindow> {
    // One statement, so two instances counting the same person at once both see the sum.
    const [row] = await this.db.all<{ hits: number; reset_at: number }>(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at > ? THEN rate_limits.hits + excluded.hits ELSE excluded.hits END,
         reset_at = CASE WHEN rate_limits.reset_at > ? THEN rate_limits.reset_at ELSE excluded.reset_at END
       RETURNING hits, reset_at`,
      [key, cost, now + windowMs, now, now],
    );
    return { total: Number(row!.hits), resetAt: Number(row!.reset_at) };
  }

  async purgeRateLimits(before: number): Promise<number> {
    return this.db.run(`DELETE FROM rate_limits WHERE reset_at < ?`, [before]);
  }

  // ------------------------------------------------------------ forget-me

  async forgetUser(user: UserRef): Promise<number> {
    return this.db.transaction(async (tx) => {
      const p = [user.platform, user.userId];
      let n = 0;
      n += await tx.run(`DELETE FROM attempts WHERE platform = ? AND user_id = ?`, p);
      n += await tx.run(`DELETE FROM practice_cards WHERE platform = ? AND user_id = ?`, p);
      n += await tx.run(`DELETE FROM practice_sessions WHERE platform = ? AND user_id = ?`, p);
      n += await tx.run(`DELETE FROM trainers WHERE platform = ? AND kind = 'user' AND target_id = ?`, p);
      n += await tx.run(`DELETE FROM gap_followers WHERE platform = ? AND user_id = ?`, p);
      return n;
    });
  }

  /** Test and audit aid: how many rows of each table contain `value` in any column. */
  async rowsMentioning(value: string): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const rows = await this.db.all<Row>(`SELECT * FROM ${table}`);
      const n = rows.filter((row) => Object.values(row).some((v) => typeof v === 'string' && v.includes(value))).length;
      if (n > 0) out[table] = n;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

function toRound(row: Row): Round {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(row.id),
    platform: row.platform as Platform,
    workspaceId: String(row.workspace_id),
    channelKey: String(row.channel_key),
    channelId: String(row.channel_id),
    place: JSON.parse(String(row.place)) as Place,
    placeKey: String(row.place_key),
    settings: JSON.parse(String(row.settings)),
    questions: JSON.parse(String(row.questions)),
    status: row.status as RoundStatus,
    phase: row.phase as RoundPhase,
    qIndex: Number(row.q_index),
    openedAt: num(row.opened_at),
    deadline: num(row.deadline),
    nextAt: num(row.next_at),
    messageRef: row.message_ref ? (JSON.parse(String(row.message_ref)) as MessageRef) : null,
    stopRequested: Number(row.stop_requested) === 1,
    version: Number(row.version),
    leaseOwner: row.lease_owner === null || row.lease_owner === undefined ? null : String(row.lease_owner),
    leaseUntil: Number(row.lease_until),
    createdAt: Number(row.created_at),
    endedAt: num(row.ended_at),
  };
}

function toScore(row: Row): ScoreRow {
  return {
    userId: String(row.user_id),
    displayName: String(row.display_name ?? row.user_id),
    points: Number(row.points ?? 0),
    correct: Number(row.correct ?? 0),
    answered: Number(row.answered ?? 0),
  };
}

function toTally(row: Row): TopicTally {
  return { topic: String(row.topic), attempts: Number(row.attempts), correct: Number(row.correct ?? 0) };
}

/** One inbox item: a group of gap rows with the same normalised text. */
interface GapAggregate {
  id: number;
  norm: string;
  text: string;
  n: number;
  last_at: number;
  answered: string | null;
  meant: string | null;
}
/** One row per inbox item; its text is its first question's (joined on the item's id). */
const GAP_GROUP = `MIN(id) AS id, norm, COUNT(*) AS n, MAX(asked_at) AS last_at,
  MAX(answered_topic) AS answered, MAX(meant_topic) AS meant`;

async function resolutionOf(db: SqlExec, platform: Platform, workspaceId: string, item: number): Promise<GapResolution | undefined> {
  const [row] = await db.all<{ status: GapResolution['status']; detail: string; resolved_by: string; resolved_at: number }>(
    `SELECT status, detail, resolved_by, resolved_at FROM gap_resolutions WHERE platform = ? AND workspace_id = ? AND item = ?`,
    [platform, workspaceId, item],
  );
  return row
    ? {
        platform,
        workspaceId,
        item,
        status: row.status,
        detail: row.detail,
        resolvedBy: row.resolved_by,
        resolvedAt: Number(row.resolved_at),
      }
    : undefined;
}
