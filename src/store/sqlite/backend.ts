// The SQLite tables of one database file (the engine's SqliteStore holds the handle).
import type Database from 'better-sqlite3';
import type { Tables } from '../backend.js';
import type { SqliteStore } from '../sqlite-store.js';
import { SqliteCampaignRows } from './campaign-rows.js';
import { sqliteConsoleState } from './console-state.js';
import { SqliteOutboxRows } from './outbox-rows.js';
import { SqliteWechatRows } from './wechat-rows.js';

/**
 * Every table port on one SQLite database (migrations applied).
 *
 * @example
 * const store = new SqliteStore(file);
 * const tables = sqliteTables(store.db);
 * await tables.outbox.counts();
 */
export function sqliteTables(db: Database.Database): SqliteTables {
  return {
    kind: 'sqlite',
    outbox: new SqliteOutboxRows(db),
    campaigns: new SqliteCampaignRows(db),
    wechat: new SqliteWechatRows(db),
    console: sqliteConsoleState(db),
  };
}

/** The SQLite tables keep their adapters' types: their methods answer synchronously. */
export interface SqliteTables extends Tables {
  readonly kind: 'sqlite';
  outbox: SqliteOutboxRows;
  campaigns: SqliteCampaignRows;
  wechat: SqliteWechatRows;
}

/**
 * The tables of the database a SqliteStore has open (the app's: the engine's store and every table share one
 * connection, so a turn's outbox rows commit with it).
 *
 * @example const tables = sqliteTablesOf(new SqliteStore(file));
 */
export function sqliteTablesOf(store: SqliteStore): SqliteTables {
  return sqliteTables(store.db);
}
