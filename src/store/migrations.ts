import type Database from 'better-sqlite3';
import { answersMigration } from './migrations-answers.js';
import { campaignsMigration } from './migrations-campaigns.js';
import { consoleMigration } from './migrations-console.js';
import { peopleNamesMigration } from './migrations-names.js';
import { outboxLanesMigration, outboxLeaseMigration, outboxMigration } from './migrations-outbox.js';
import { peopleMigration } from './migrations-people.js';
import { personMigration } from './migrations-person.js';
import { reportClaimsMigration } from './migrations-reports.js';

// Numbered schema migrations, applied in version order at start-up; never edit one that has shipped, add the next.
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Data moves that SQL alone cannot express; runs after `sql`, in the same transaction. */
  up?: (db: Database.Database) => void;
}

const conversation: Migration = {
  version: 1,
  name: 'conversation sessions, message ids, audit trail, flow versions, reports',
  sql: `
  CREATE TABLE processed_messages (
    id TEXT PRIMARY KEY,
    user_key TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE users (
    user_key TEXT PRIMARY KEY,
    active_session_id INTEGER
  );
  CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_key TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    flow_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    snapshot_version INTEGER NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0,
    answered INTEGER NOT NULL DEFAULT 0,
    total INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX sessions_user_flow ON sessions(user_key, flow_id, id);
  CREATE TABLE answer_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER,
    user_key TEXT NOT NULL,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX answer_history_user ON answer_history(user_key, id);
  CREATE TABLE flow_versions (
    hash TEXT PRIMARY KEY,
    flow_id TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE TABLE reports (
    session_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    user_key TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    path TEXT NOT NULL,
    status TEXT NOT NULL,
    total REAL,
    PRIMARY KEY (session_id, revision)
  );
  `,
};

// Each feature adds its own migration file and one line here.
export const migrations: Migration[] = [
  conversation,
  outboxMigration,
  campaignsMigration,
  peopleMigration,
  outboxLeaseMigration,
  answersMigration,
  personMigration,
  outboxLanesMigration,
  consoleMigration,
  reportClaimsMigration,
  peopleNamesMigration,
].sort((a, b) => a.version - b.version);
