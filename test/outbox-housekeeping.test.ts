import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { prune } from '../src/store/housekeeping.js';
import { prunePg } from '../src/store/postgres/housekeeping.js';
import { migratePg } from '../src/store/postgres/migrate.js';
import { openPool } from '../src/store/postgres/pool.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { describePg, throwawayDatabases } from './support/postgres.js';

// Issue 12, item 15: processed_messages, sent outbox rows and answer_history grew for ever.
let db: Database.Database;
afterEach(() => db?.close());

const now = new Date('2026-12-01T09:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000).toISOString();
const count = (table: string, where = '1') =>
  (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;

function seed(): void {
  db = openDatabase(':memory:');
  const msg = db.prepare('INSERT INTO processed_messages (id, user_key, at) VALUES (?, ?, ?)');
  msg.run('old', '王科长', daysAgo(31));
  msg.run('new', '王科长', daysAgo(1));
  const row = db.prepare(`INSERT INTO outbox (to_key, kind, body, enqueue_key, status, next_at, created_at, sent_at)
    VALUES ('王科长', 'text', ?, ?, ?, 0, ?, ?)`);
  row.run('旧的已发', 'reply:old', 'sent', daysAgo(40), daysAgo(40));
  row.run('新的已发', 'reply:new', 'sent', daysAgo(2), daysAgo(2));
  row.run('发不出去', 'reply:parked', 'parked', daysAgo(40), null);
  row.run('还在排队', 'reply:queued', 'queued', daysAgo(40), null);
  const key = db.prepare('INSERT INTO outbox_keys (key, at) VALUES (?, ?)');
  for (const k of ['reply:old', 'reply:parked', 'reply:queued']) key.run(k, daysAgo(40));
  key.run('reply:new', daysAgo(2));
  const hist = db.prepare(
    "INSERT INTO answer_history (session_id, user_key, item_id, kind, text, at) VALUES (1, '王科长', 'x', 'answer', '95%', ?)",
  );
  hist.run(daysAgo(800));
  hist.run(daysAgo(10));
}

describe('housekeeping prunes by age', () => {
  it('keeps what is recent, queued or parked, and removes the rest with the documented defaults', () => {
    seed();
    const removed = prune(db, { messageIdsDays: 30, sentDays: 30, historyDays: 730 }, now);
    expect(removed).toEqual({
      processed_messages: 1,
      outbox: 1,
      outbox_keys: 2,
      answer_history: 1,
      people_attempts: 0,
    });
    expect(db.prepare('SELECT id FROM processed_messages').all()).toEqual([{ id: 'new' }]);
    expect(db.prepare('SELECT body FROM outbox ORDER BY id').pluck().all()).toEqual([
      '新的已发',
      '发不出去',
      '还在排队',
    ]);
    // The queued row's key stays: a replayed enqueue must still be a no-op.
    expect(db.prepare('SELECT key FROM outbox_keys ORDER BY key').pluck().all()).toEqual(['reply:new', 'reply:queued']);
    expect(count('answer_history')).toBe(1);
  });

  it('0 days keeps everything', () => {
    seed();
    expect(prune(db, { messageIdsDays: 0, sentDays: 0, historyDays: 0 }, now)).toMatchObject({
      processed_messages: 0,
      outbox: 0,
      answer_history: 0,
    });
    expect(count('outbox')).toBe(4);
  });

  it('prunes each table by its own retention: the audit trail by its days alone', () => {
    seed();
    expect(prune(db, { messageIdsDays: 0, sentDays: 0, historyDays: 5 }, now)).toMatchObject({
      processed_messages: 0,
      outbox: 0,
      answer_history: 2,
    });
  });
});

// Issue 24: the same pruning on PostgreSQL, where several processes share the tables.
describePg('housekeeping on PostgreSQL', () => {
  const dbs = throwawayDatabases('hk');
  it('keeps what is recent, queued or parked, and removes the rest, as on SQLite', async () => {
    const pool = openPool(await dbs.fresh());
    try {
      await migratePg(pool);
      const q = (sql: string, v: unknown[] = []) => pool.query(sql, v);
      for (const [id, d] of [
        ['old', 31],
        ['new', 1],
      ] as const)
        await q('INSERT INTO processed_messages (id, user_key, at) VALUES ($1, $2, $3)', [id, '王科长', daysAgo(d)]);
      for (const [body, key, status, d, sent] of [
        ['旧的已发', 'reply:old', 'sent', 40, true],
        ['新的已发', 'reply:new', 'sent', 2, true],
        ['发不出去', 'reply:parked', 'parked', 40, false],
        ['还在排队', 'reply:queued', 'queued', 40, false],
      ] as const)
        await q(
          `INSERT INTO outbox (to_key, kind, body, enqueue_key, status, attempts, next_at, created_at, sent_at)
           VALUES ('王科长', 'text', $1, $2, $3, 0, 0, $4, $5)`,
          [body, key, status, daysAgo(d), sent ? daysAgo(d) : null],
        );
      for (const [k, d] of [
        ['reply:old', 40],
        ['reply:parked', 40],
        ['reply:queued', 40],
        ['reply:new', 2],
      ] as const)
        await q('INSERT INTO outbox_keys (key, at) VALUES ($1, $2)', [k, daysAgo(d)]);
      for (const d of [800, 10])
        await q(
          "INSERT INTO answer_history (session_id, user_key, item_id, kind, text, at) VALUES (1, '王科长', 'x', 'answer', '95%', $1)",
          [daysAgo(d)],
        );
      await q("INSERT INTO people_attempts (kind, who, at, ok) VALUES ('code', '某联系人', $1, 0)", [
        now.getTime() - 2 * 86_400_000,
      ]);
      const r = { messageIdsDays: 30, sentDays: 30, historyDays: 730 };
      expect(await prunePg(pool, r, now)).toEqual({
        processed_messages: 1,
        outbox: 1,
        outbox_keys: 2,
        answer_history: 1,
        people_attempts: 1,
      });
      expect((await q('SELECT id FROM processed_messages')).rows).toEqual([{ id: 'new' }]);
      expect((await q('SELECT body FROM outbox ORDER BY id')).rows.map((x) => x.body)).toEqual([
        '新的已发',
        '发不出去',
        '还在排队',
      ]);
      expect((await q('SELECT key FROM outbox_keys ORDER BY key')).rows.map((x) => x.key)).toEqual([
        'reply:new',
        'reply:queued',
      ]);
      // A second process pruning right after finds nothing left to remove.
      expect(Object.values(await prunePg(pool, r, now)).every((n) => n === 0)).toBe(true);
    } finally {
      await pool.end();
    }
  });
});
