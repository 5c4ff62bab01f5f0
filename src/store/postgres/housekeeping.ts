// Housekeeping on PostgreSQL: the rules of store/housekeeping.ts (pruneRules) run in one transaction, so several
// processes pruning at once simply delete nothing the second time.
import type pg from 'pg';
import { pruneRules, type Retention } from '../housekeeping.js';

/**
 * One pass of housekeeping on PostgreSQL; returns how many rows each table lost (0 days keeps a table for ever).
 *
 * @example
 * await prunePg(pool, { messageIdsDays: 30, sentDays: 30, historyDays: 730 }); // { processed_messages: 12, … }
 */
export async function prunePg(pool: pg.Pool, r: Retention, now: Date = new Date()): Promise<Record<string, number>> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const removed: Record<string, number> = {};
    for (const x of pruneRules(r, now))
      removed[x.table] =
        x.value === null
          ? 0
          : ((await client.query(`DELETE FROM ${x.table} WHERE ${x.where.replace('?', '$1')}`, [x.value])).rowCount ??
            0);
    await client.query('COMMIT');
    return removed;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
