import type { Migration } from './migrations.js';

// Campaigns (issue 6): a form assigned to people with a deadline, and the moments it speaks.
export const campaignsMigration: Migration = {
  version: 3,
  name: 'campaigns, assignees, scheduled nudges',
  sql: `
  CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    flow_id TEXT NOT NULL,
    title TEXT NOT NULL,
    deadline TEXT NOT NULL,
    tz TEXT NOT NULL,
    offsets TEXT NOT NULL,
    quiet TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    created_at TEXT NOT NULL,
    closed_at TEXT
  );
  CREATE TABLE campaign_assignees (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    user_key TEXT NOT NULL,
    added_at TEXT NOT NULL,
    removed_at TEXT,
    notified_at TEXT,
    PRIMARY KEY (campaign_id, user_key)
  );
  CREATE INDEX campaign_assignees_user ON campaign_assignees(user_key);
  CREATE TABLE campaign_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    kind TEXT NOT NULL,
    slot TEXT NOT NULL,
    due_at TEXT NOT NULL,
    before_minutes INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    claimed_at TEXT,
    finished_at TEXT,
    UNIQUE (campaign_id, slot)
  );
  CREATE INDEX campaign_jobs_due ON campaign_jobs(status, due_at);
  `,
};
