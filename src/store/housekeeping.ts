import type Database from 'better-sqlite3';
import type pg from 'pg';
import type { Logger } from '../outbox/logger.js';
import { prunePg } from './postgres/housekeeping.js';

/** How long rows are kept, in days; 0 keeps them for ever. Defaults in src/app/settings.ts (KEEP_*_DAYS). */
export interface Retention {
  /** processed_messages: ids of handled messages, there to drop a redelivery (old ones are dropped as stale anyway). */
  messageIdsDays: number;
  /** Sent outbox rows and the enqueue keys no queued row needs any more. Parked rows are kept for admins. */
  sentDays: number;
  /** answer_history: the audit trail of every answer (the engine's table). */
  historyDays: number;
}

export function retentionFromSettings(env: {
  KEEP_MESSAGE_IDS_DAYS: number;
  KEEP_SENT_DAYS: number;
  KEEP_HISTORY_DAYS: number;
}): Retention {
  return {
    messageIdsDays: env.KEEP_MESSAGE_IDS_DAYS,
    sentDays: env.KEEP_SENT_DAYS,
    historyDays: env.KEEP_HISTORY_DAYS,
  };
}

const DAY = 86_400_000;

/** One deletion of a housekeeping pass: `where` has one `?`, bound to `value`; `value` null = keep this table. */
export interface PruneRule {
  table: string;
  where: string;
  value: string | number | null;
}

/**
 * What a housekeeping pass deletes, the same on every backend (SQLite here, PostgreSQL in postgres/housekeeping.ts).
 *
 * @example pruneRules({ messageIdsDays: 30, sentDays: 30, historyDays: 730 }, now)[0]
 * // { table: 'processed_messages', where: 'at < ?', value: '2026-11-01T09:00:00.000Z' }
 */
export function pruneRules(r: Retention, now: Date = new Date()): PruneRule[] {
  const before = (days: number) => (days > 0 ? new Date(now.getTime() - days * DAY).toISOString() : null);
  return [
    { table: 'processed_messages', where: 'at < ?', value: before(r.messageIdsDays) },
    { table: 'outbox', where: "sent_at < ? AND status = 'sent'", value: before(r.sentDays) },
    // A key still used by a row waiting to go must stay: it is what makes a replayed enqueue a no-op.
    {
      table: 'outbox_keys',
      where:
        "at < ? AND key NOT IN (SELECT enqueue_key FROM outbox WHERE enqueue_key IS NOT NULL AND status IN ('queued', 'sending'))",
      value: before(r.sentDays),
    },
    { table: 'answer_history', where: 'at < ?', value: before(r.historyDays) },
    // Guesses of codes and passphrases only count within the hour: a day is plenty.
    { table: 'people_attempts', where: 'at < ?', value: now.getTime() - DAY },
  ];
}

/** One pass of housekeeping on SQLite; returns how many rows each table lost. */
export function prune(db: Database.Database, r: Retention, now: Date = new Date()): Record<string, number> {
  return db.transaction(() =>
    Object.fromEntries(
      pruneRules(r, now).map((x) => [
        x.table,
        x.value === null ? 0 : db.prepare(`DELETE FROM ${x.table} WHERE ${x.where}`).run(x.value).changes,
      ]),
    ),
  )();
}

/** Prunes now and then once a day while the bot runs; a failure is logged, never fatal. */
export function startHousekeeping(
  pruneOnce: () => Record<string, number> | Promise<Record<string, number>>,
  log: Logger,
  everyMs = DAY,
): { stop(): void; runNow(): Promise<void> } {
  const runNow = async () => {
    try {
      const removed = await pruneOnce();
      if (Object.values(removed).some((n) => n > 0)) log('info', 'housekeeping', removed);
    } catch (e) {
      log('error', 'housekeeping_failed', { error: e });
    }
  };
  void runNow();
  const timer = setInterval(() => void runNow(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), runNow };
}

/**
 * Housekeeping for the app's database, on either backend: old rows pruned at start and then daily. Give it the
 * SQLite store (its handle) or the PostgreSQL store (its pool).
 *
 * @example const hk = housekeepingFor(app.sqlite ?? app.store, retentionFromSettings(settings.env), log); … hk.stop();
 */
export function housekeepingFor(
  store: { db: Database.Database } | { pool: pg.Pool } | object,
  r: Retention,
  log: Logger,
): { stop(): void; runNow(): Promise<void> } {
  if ('db' in store) return startHousekeeping(() => prune(store.db, r), log);
  if ('pool' in store) return startHousekeeping(() => prunePg(store.pool, r), log);
  return { stop: () => {}, runNow: async () => {} };
}
