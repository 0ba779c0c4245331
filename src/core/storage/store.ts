/**
 * The storage port. Two real backends implement it (SQLite, PostgreSQL).
 * (Owned by the quiz/storage work; extended there.)
 */
export interface Store {
  close(): Promise<void>;
}
