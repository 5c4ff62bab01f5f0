// Housekeeping on PostgreSQL: the same rows as on SQLite (store/housekeeping.ts) pruned by the same rules, in one
// transaction, so several processes pruning at once simply delete nothing the second time.
import type pg from 'pg';
import type { Retention } from '../housekeeping.js';

const DAY = 86_400_000;

/**
 * One pass of housekeeping on PostgreSQL; returns how many rows each table lost (0 days keeps a table for ever).
 *
 * @example
 * await prunePg(pool, { messageIdsDays: 30, sentDays: 30, historyDays: 730 }); // { processed_messages: 12, … }
 */
export async function prunePg(pool: pg.Pool, r: Retention, now: Date = new Date()): Promise<Record<string, number>> {
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const del = async (days: number, sql: string) =>
      days > 0 ? ((await client.query(sql, [cutoff(days)])).rowCount ?? 0) : 0;
    const removed = {
      processed_messages: await del(r.messageIdsDays, 'DELETE FROM processed_messages WHERE at < $1'),
      outbox: await del(r.sentDays, "DELETE FROM outbox WHERE sent_at < $1 AND status = 'sent'"),
      // A key still used by a row waiting to go must stay: it is what makes a replayed enqueue a no-op.
      outbox_keys: await del(
        r.sentDays,
        `DELETE FROM outbox_keys WHERE at < $1 AND key NOT IN
           (SELECT enqueue_key FROM outbox WHERE enqueue_key IS NOT NULL AND status IN ('queued', 'sending'))`,
      ),
      answer_history: await del(r.historyDays, 'DELETE FROM answer_history WHERE at < $1'),
      // Guesses of codes and passphrases only count within the hour: a day is plenty.
      people_attempts:
        (await client.query('DELETE FROM people_attempts WHERE at < $1', [now.getTime() - DAY])).rowCount ?? 0,
    };
    await client.query('COMMIT');
    return removed;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
