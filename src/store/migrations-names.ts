import type { Migration } from './migrations.js';

/**
 * Display names (issue 22): on 企业微信 a person's key is their userid (ZhangSan); the coordinator may write
 * 张三（ZhangSan） in a people list, or set it with `tianbao people name`, and people are shown as 张三. One name
 * per key: a later list naming the key differently replaces it.
 */
export const peopleNamesMigration: Migration = {
  version: 25,
  name: "people's display names, as the coordinator wrote them",
  sql: `
  CREATE TABLE people_names (
    user_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
};
