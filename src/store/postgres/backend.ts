// The PostgreSQL tables of one database (TIANBAO_DATABASE_URL), on the pool the engine's PgStore uses: one pool
// per process.
import type pg from 'pg';
import type { Tables } from '../backend.js';
import { PgCampaignRows } from './campaign-rows.js';
import { pgConsoleState } from './console-state.js';
import { PgOutboxRows } from './outbox-rows.js';
import { PgWechatRows } from './wechat-rows.js';

/**
 * Every table port on one PostgreSQL database (migrations applied: wait for `store.ready` first).
 *
 * @example
 * const store = openPgStore(url);
 * await store.ready;
 * const tables = pgTables(store.pool);
 */
export function pgTables(pool: pg.Pool): Tables {
  return {
    kind: 'postgres',
    outbox: new PgOutboxRows(pool),
    campaigns: new PgCampaignRows(pool),
    wechat: new PgWechatRows(pool),
    console: pgConsoleState(pool),
  };
}
