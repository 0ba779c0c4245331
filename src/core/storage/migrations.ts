import { MIGRATION_LOCK, type SqlDriver } from './driver.js';

/**
 * Schema changes, in order. Each runs once, inside a transaction, recorded in
 * `schema_migrations`; running them again is a no-op. Append new versions; never edit old ones.
 * `{{id}}` is the auto-increment primary key, the one place the two dialects differ.
 */
const MIGRATIONS: { version: number; statements: string[] }[] = [
  {
    version: 1,
    statements: [
      `CREATE TABLE rounds (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_key TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        place TEXT NOT NULL,
        place_key TEXT NOT NULL,
        settings TEXT NOT NULL,
        questions TEXT NOT NULL,
        status TEXT NOT NULL,
        phase TEXT NOT NULL,
        q_index INTEGER NOT NULL,
        opened_at BIGINT,
        deadline BIGINT,
        next_at BIGINT,
        message_ref TEXT,
        stop_requested INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 0,
        lease_owner TEXT,
        lease_until BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        ended_at BIGINT
      )`,
      // One running round per channel, enforced by the database so two starts can't both win.
      `CREATE UNIQUE INDEX rounds_one_running_per_channel ON rounds (platform, workspace_id, channel_key) WHERE status = 'running'`,
      `CREATE INDEX rounds_running_place ON rounds (platform, workspace_id, place_key) WHERE status = 'running'`,
      `CREATE INDEX rounds_lease ON rounds (status, lease_until)`,
      `CREATE TABLE attempts (
        id {{id}},
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        display_name TEXT NOT NULL,
        source TEXT NOT NULL,
        round_id TEXT,
        q_index INTEGER,
        item_key TEXT NOT NULL,
        topic TEXT NOT NULL,
        choice TEXT NOT NULL,
        correct INTEGER NOT NULL,
        points INTEGER NOT NULL DEFAULT 0,
        misconception TEXT,
        confident INTEGER,
        answered_at BIGINT NOT NULL
      )`,
      // One answer per person per question: a double click or a race between instances counts once.
      // Practice attempts have no round (NULLs never collide).
      `CREATE UNIQUE INDEX attempts_one_per_question ON attempts (round_id, q_index, user_id)`,
      `CREATE INDEX attempts_user ON attempts (platform, user_id, answered_at)`,
      `CREATE INDEX attempts_workspace ON attempts (platform, workspace_id, answered_at)`,
      `CREATE TABLE practice_cards (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        item_key TEXT NOT NULL,
        card TEXT NOT NULL,
        due BIGINT NOT NULL,
        misconception INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (platform, user_id, item_key)
      )`,
      `CREATE TABLE practice_sessions (
        platform TEXT NOT NULL,
        user_id TEXT NOT NULL,
        nonce TEXT NOT NULL,
        question TEXT NOT NULL,
        asked_at BIGINT NOT NULL,
        PRIMARY KEY (platform, user_id)
      )`,
      `CREATE TABLE trainers (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        target_id TEXT NOT NULL,
        added_at BIGINT NOT NULL,
        PRIMARY KEY (platform, workspace_id, kind, target_id)
      )`,
      // Questions the bot couldn't answer. Deliberately no user id column.
      `CREATE TABLE gaps (
        id {{id}},
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        norm TEXT NOT NULL,
        text TEXT NOT NULL,
        asked_at BIGINT NOT NULL
      )`,
      `CREATE INDEX gaps_workspace ON gaps (platform, workspace_id, asked_at)`,
      `CREATE INDEX gaps_age ON gaps (asked_at)`,
    ],
  },
  {
    version: 2,
    statements: [
      // First-claim-wins keys (a platform's event id), so a retried delivery is handled once across instances.
      `CREATE TABLE claims (
        key TEXT PRIMARY KEY,
        expires_at BIGINT NOT NULL
      )`,
      `CREATE INDEX claims_expiry ON claims (expires_at)`,
    ],
  },
  {
    version: 3,
    statements: [
      // Per-person rate-limit windows shared by every instance. The key is a hash, never a user id.
      `CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        hits INTEGER NOT NULL,
        reset_at BIGINT NOT NULL
      )`,
      `CREATE INDEX rate_limits_reset ON rate_limits (reset_at)`,
    ],
  },
  {
    version: 4,
    statements: [
      // Knowledge trainers add from chat, layered over the files per server/workspace (see core/knowledge/additions.ts).
      `CREATE TABLE knowledge_additions (
        id {{id}},
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        topic TEXT,
        title TEXT,
        text TEXT NOT NULL,
        examples TEXT,
        author TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`,
      `CREATE INDEX knowledge_additions_workspace ON knowledge_additions (platform, workspace_id, id)`,
      // What became of an inbox item (a group of unanswered questions): the first trainer's action wins.
      `CREATE TABLE gap_resolutions (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        item BIGINT NOT NULL,
        status TEXT NOT NULL,
        detail TEXT NOT NULL,
        resolved_by TEXT NOT NULL,
        resolved_at BIGINT NOT NULL,
        PRIMARY KEY (platform, workspace_id, item)
      )`,
    ],
  },
  {
    version: 5,
    statements: [
      // "Not helpful" questions join the inbox: the topic the bot answered with, and the one the asker meant.
      `ALTER TABLE gaps ADD COLUMN answered_topic TEXT`,
      `ALTER TABLE gaps ADD COLUMN meant_topic TEXT`,
      // Answers the bot gave, kept a day so a rating can reach them: no user id; the question only from channels.
      `CREATE TABLE answers_given (
        id {{id}},
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        topic TEXT,
        question TEXT,
        asked_at BIGINT NOT NULL,
        rated_at BIGINT,
        gap_id BIGINT
      )`,
      `CREATE INDEX answers_given_age ON answers_given (asked_at)`,
      // Helpful / not helpful counts per topic; who clicked is not stored.
      `CREATE TABLE topic_feedback (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        helpful INTEGER NOT NULL,
        not_helpful INTEGER NOT NULL,
        PRIMARY KEY (platform, workspace_id, topic)
      )`,
      // People who asked to be told when an inbox question is answered: until then, or until it expires.
      `CREATE TABLE gap_followers (
        platform TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        gap_id BIGINT NOT NULL,
        user_id TEXT NOT NULL,
        expires_at BIGINT NOT NULL,
        PRIMARY KEY (platform, workspace_id, gap_id, user_id)
      )`,
      `CREATE INDEX gap_followers_expiry ON gap_followers (expires_at)`,
      // Structured parts of an addition (a quiz question's statement and truth), as JSON.
      `ALTER TABLE knowledge_additions ADD COLUMN data TEXT`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/** Brings the schema up to date. Safe to run at every start, and from two processes at once. */
export async function migrate(db: SqlDriver): Promise<number[]> {
  const id = db.dialect === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  return db.transaction(async (tx) => {
    if (db.dialect === 'postgres') {
      // Serialises concurrent start-ups; released at commit.
      await tx.all(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
    }
    await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`);
    const done = new Set((await tx.all<{ version: number }>(`SELECT version FROM schema_migrations`)).map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      for (const stmt of m.statements) await tx.run(stmt.replaceAll('{{id}}', id));
      await tx.run(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, [m.version, Date.now()]);
      applied.push(m.version);
    }
    return applied;
  });
}
