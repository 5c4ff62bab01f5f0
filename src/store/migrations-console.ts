import type { Migration } from './migrations.js';

// The web console (issue 23): sign-in links and sessions survive a restart (only SHA-256 hashes of their tokens are
// kept), coordinators' reviews of a submission (审核通过 / 退回修改 with the items and a comment), and an index that
// lets the console read one campaign's messages from the outbox by key (assign:<id>:…, urge:<id>:…).
export const consoleMigration: Migration = {
  version: 23,
  name: 'console sign-in links and sessions, submission reviews, outbox rows by key',
  sql: `
  CREATE TABLE console_links (
    token_hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE submission_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id INTEGER NOT NULL,
    user_key TEXT NOT NULL,
    flow_id TEXT NOT NULL,
    session_id INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    kind TEXT NOT NULL,
    items TEXT NOT NULL,
    comment TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX submission_reviews_campaign ON submission_reviews(campaign_id, user_key, id);
  CREATE INDEX outbox_enqueue_key ON outbox(enqueue_key);
  `,
};
