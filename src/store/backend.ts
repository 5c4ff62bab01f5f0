// Every table behind its port, for one backend: what the app hands to the engine, channels, campaigns, console
// and CLI, so none of them touches a database handle. SQLite: store/sqlite/backend.ts; PostgreSQL:
// store/postgres/backend.ts. build-engine picks one (TIANBAO_DATABASE_URL set: PostgreSQL).
import type { CampaignRows } from './campaign-rows.js';
import type { ConsoleState } from './console-state.js';
import type { OutboxRows } from './outbox-rows.js';
import type { WechatRows } from './wechat-rows.js';

/**
 * The tables beside the engine's `Store`, one port each.
 *
 * @example
 * const tables = sqliteTables(store.db);
 * const outbox = new Outbox({ rows: tables.outbox, send });
 */
export interface Tables {
  /** Which backend answers: 'sqlite' (embedded default) or 'postgres'. */
  readonly kind: 'sqlite' | 'postgres';
  outbox: OutboxRows;
  campaigns: CampaignRows;
  /** The WeChat channel's identity map, codes, guesses, refusals, state (WeCom uses the refusals). */
  wechat: WechatRows;
  /** The web console's sign-in state, reviews and delivery log. */
  console: ConsoleState;
}
