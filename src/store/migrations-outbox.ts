import type { Migration } from './migrations.js';

// The persistent outbox and the WeChat channel's own state (who is who, who was refused, login state).
export const outboxMigration: Migration = {
  version: 2,
  name: 'outbox, wechat identity map, refusals, channel state',
  sql: `
  CREATE TABLE outbox_keys (
    key TEXT PRIMARY KEY,
    at TEXT NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    to_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    name TEXT,
    enqueue_key TEXT,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT
  );
  CREATE INDEX outbox_due ON outbox(status, id);
  CREATE INDEX outbox_to ON outbox(to_key, status, id);
  CREATE TABLE wechat_contacts (
    contact_id TEXT PRIMARY KEY,
    user_key TEXT NOT NULL,
    name TEXT NOT NULL,
    alias TEXT,
    login_id TEXT NOT NULL,
    seen_at TEXT NOT NULL
  );
  CREATE INDEX wechat_contacts_key ON wechat_contacts(user_key, login_id);
  CREATE TABLE wechat_refusals (
    user_key TEXT PRIMARY KEY,
    at TEXT NOT NULL
  );
  CREATE TABLE wechat_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
};

// Issue 12, item 5: a row being sent is claimed by one process (owner) for a lease it renews while sending;
// another process recovers it only once the lease has run out (its owner died), never while it is alive.
export const outboxLeaseMigration: Migration = {
  version: 11,
  name: 'outbox claims with owner and lease',
  sql: `
  ALTER TABLE outbox ADD COLUMN owner TEXT;
  ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
  CREATE INDEX outbox_queued ON outbox(to_key, id) WHERE status = 'queued';
  `,
};

// Issue 22: several channels share one outbox. Each row says which channel sends it (NULL: whichever serves
// unmarked rows — WeChat, as before), the channel's handle for answering in context (`ref`: a WeCom req_id),
// and the closed answers offered with a text (`choices`, JSON), which a channel may show as buttons.
export const outboxLanesMigration: Migration = {
  version: 22,
  name: 'outbox lanes per channel, reply handle, choices',
  sql: `
  ALTER TABLE outbox ADD COLUMN channel TEXT;
  ALTER TABLE outbox ADD COLUMN ref TEXT;
  ALTER TABLE outbox ADD COLUMN choices TEXT;
  `,
};
