import type { Migration } from './migrations.js';

// Who is who on WeChat (issue 12, item 1): a person's key comes only from the bot owner's 备注 or a one-time
// binding code an admin issued, never from a self-chosen WeChat name. Version 10+ leaves room for the engine's.
export const peopleMigration: Migration = {
  version: 10,
  name: 'identity by 备注 or binding code only; binding codes; rate-limited attempts',
  sql: `
  ALTER TABLE wechat_contacts ADD COLUMN via TEXT NOT NULL DEFAULT 'alias';
  -- Keys that came from a WeChat name alone are not proof of anyone: forget them (the person is asked again).
  DELETE FROM wechat_contacts WHERE alias IS NULL OR trim(alias) != user_key;
  CREATE TABLE people_codes (
    code_hash TEXT PRIMARY KEY,
    user_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at TEXT,
    used_by TEXT
  );
  CREATE TABLE people_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    who TEXT NOT NULL,
    at INTEGER NOT NULL,
    ok INTEGER NOT NULL
  );
  CREATE INDEX people_attempts_at ON people_attempts(kind, at);
  `,
};
