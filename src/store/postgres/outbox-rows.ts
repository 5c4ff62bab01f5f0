// The outbox table on PostgreSQL: several processes send from one table. A row is claimed by one UPDATE whose
// subquery takes the row `FOR UPDATE SKIP LOCKED` — two senders never wait on each other nor take the same row —
// and every later step is guarded by the status and the owner, as on SQLite (store/sqlite/outbox-rows.ts).
import type { NewOutboxRow } from '../../engine/ports.js';
import {
  type Claim,
  type Lane,
  laneSql,
  type OutboxRecord,
  type OutboxRows,
  type OutboxStatus,
} from '../outbox-rows.js';
import { toOutboxRecord } from '../sqlite/outbox-rows.js';
import { insertOutboxRows } from './outbox-insert.js';
import type { Queryable } from './pool.js';

type Row = Parameters<typeof toOutboxRecord>[0];

/** The due heads of queues in a lane after `$1` (recipient) at `$2` (ms), in round-robin order. */
const dueHeads = (
  lane: Lane,
) => `SELECT o.id FROM outbox o WHERE o.status = 'queued' AND o.to_key > $1 AND o.next_at <= $2
  AND ${laneSql(lane, 'o')}
  AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.to_key = o.to_key AND p.status IN ('queued', 'sending') AND p.id < o.id
    AND ${laneSql(lane, 'p')})
  ORDER BY o.to_key, o.id`;

/**
 * @example
 * const rows = new PgOutboxRows(pool);
 * const outbox = new Outbox({ rows, send }); // on each of several processes
 */
export class PgOutboxRows implements OutboxRows {
  constructor(private readonly q: Queryable) {}

  private async rows(sql: string, params: unknown[]): Promise<OutboxRecord[]> {
    return ((await this.q.query(sql, params)).rows as Row[]).map(toOutboxRecord);
  }

  async enqueue(key: string | null, rows: readonly NewOutboxRow[], at?: string): Promise<boolean> {
    return insertOutboxRows(this.q, key, rows, at);
  }

  async hasKey(key: string): Promise<boolean> {
    return ((await this.q.query('SELECT 1 FROM outbox_keys WHERE key = $1', [key])).rowCount ?? 0) > 0;
  }

  async lastReplyChannel(to: string): Promise<string | undefined> {
    const r = await this.q.query(
      `SELECT channel FROM outbox WHERE to_key = $1 AND channel IS NOT NULL AND enqueue_key LIKE 'reply:%'
       ORDER BY id DESC LIMIT 1`,
      [to],
    );
    return r.rows[0]?.channel;
  }

  async peekNext(lane: Lane, after: string, now: number): Promise<OutboxRecord | undefined> {
    return (await this.rows(`SELECT * FROM outbox WHERE id = (${dueHeads(lane)} LIMIT 1)`, [after, now]))[0];
  }

  async claimNext(lane: Lane, after: string, now: number, claim: Claim): Promise<OutboxRecord | undefined> {
    // SKIP LOCKED: a head another sender is claiming right now is passed over (its NOT EXISTS still holds the
    // person's later rows back, as the snapshot sees that head queued). The outer guard re-checks the status.
    const [row] = await this.rows(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, owner = $3, lease_until = $4
       WHERE id = (${dueHeads(lane)} LIMIT 1 FOR UPDATE OF o SKIP LOCKED) AND status = 'queued'
       RETURNING *`,
      [after, now, claim.owner, claim.leaseUntil],
    );
    return row;
  }

  async claimNextFor(to: string, now: number, claim: Claim): Promise<OutboxRecord | undefined> {
    const [row] = await this.rows(
      `UPDATE outbox SET status = 'sending', attempts = attempts + 1, owner = $3, lease_until = $4
       WHERE id = (SELECT o.id FROM outbox o WHERE o.status = 'queued' AND o.to_key = $1 AND o.next_at <= $2
         AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.to_key = o.to_key AND p.status IN ('queued', 'sending') AND p.id < o.id)
         ORDER BY o.id LIMIT 1 FOR UPDATE OF o SKIP LOCKED) AND status = 'queued'
       RETURNING *`,
      [to, now, claim.owner, claim.leaseUntil],
    );
    return row;
  }

  async earliestDue(lane: Lane): Promise<number | undefined> {
    const r = await this.q.query(
      `SELECT MIN(o.next_at) AS at FROM outbox o WHERE o.status = 'queued' AND ${laneSql(lane, 'o')}
       AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.to_key = o.to_key AND p.status IN ('queued', 'sending') AND p.id < o.id
         AND ${laneSql(lane, 'p')})`,
    );
    const at = r.rows[0]?.at;
    return at === null || at === undefined ? undefined : Number(at);
  }

  async renew(ids: readonly number[], owner: string, leaseUntil: number): Promise<void> {
    if (!ids.length) return;
    await this.q.query(
      `UPDATE outbox SET lease_until = $1 WHERE id = ANY($2::bigint[]) AND owner = $3 AND status = 'sending'`,
      [leaseUntil, ids, owner],
    );
  }

  async markSent(id: number, owner: string, at: string): Promise<void> {
    await this.q.query(
      `UPDATE outbox SET status = 'sent', sent_at = $1, last_error = NULL, lease_until = NULL
       WHERE id = $2 AND status = 'sending' AND owner = $3`,
      [at, id, owner],
    );
  }

  async retry(id: number, owner: string, nextAt: number, error: string): Promise<void> {
    await this.q.query(
      `UPDATE outbox SET status = 'queued', next_at = $1, last_error = $2, lease_until = NULL
       WHERE id = $3 AND status = 'sending' AND owner = $4`,
      [nextAt, error, id, owner],
    );
  }

  async later(id: number, owner: string, nextAt: number): Promise<void> {
    await this.q.query(
      `UPDATE outbox SET status = 'queued', next_at = $1, attempts = attempts - 1, lease_until = NULL
       WHERE id = $2 AND status = 'sending' AND owner = $3`,
      [nextAt, id, owner],
    );
  }

  async park(id: number, error: string): Promise<void> {
    await this.q.query(
      `UPDATE outbox SET status = 'parked', last_error = $1, lease_until = NULL
       WHERE id = $2 AND status IN ('sending', 'queued')`,
      [error, id],
    );
  }

  async expired(lane: Lane, now: number): Promise<OutboxRecord[]> {
    return this.rows(
      `SELECT * FROM outbox o WHERE o.status = 'sending' AND (o.lease_until IS NULL OR o.lease_until < $1)
       AND ${laneSql(lane, 'o')} ORDER BY o.id`,
      [now],
    );
  }

  async othersSending(lane: Lane, owner: string): Promise<OutboxRecord[]> {
    return this.rows(
      `SELECT * FROM outbox o WHERE o.status = 'sending' AND o.owner IS NOT NULL AND o.owner != $1
       AND ${laneSql(lane, 'o')} ORDER BY o.id`,
      [owner],
    );
  }

  async recover(
    id: number,
    guard: { owner: string } | { expiredBefore: number },
    to: 'queued' | { parked: string },
  ): Promise<boolean> {
    const set =
      to === 'queued'
        ? `status = 'queued', lease_until = NULL`
        : `status = 'parked', last_error = $3, lease_until = NULL`;
    const where = 'owner' in guard ? 'owner = $2' : '(lease_until IS NULL OR lease_until < $2::bigint)';
    const params: unknown[] = [id, 'owner' in guard ? guard.owner : guard.expiredBefore];
    if (to !== 'queued') params.push(to.parked);
    const r = await this.q.query(`UPDATE outbox SET ${set} WHERE id = $1 AND status = 'sending' AND ${where}`, params);
    return (r.rowCount ?? 0) === 1;
  }

  async counts(): Promise<Record<OutboxStatus, number>> {
    const out: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, parked: 0 };
    const r = await this.q.query('SELECT status, COUNT(*)::int AS n FROM outbox GROUP BY status');
    for (const row of r.rows as { status: OutboxStatus; n: number }[]) out[row.status] = row.n;
    return out;
  }
}
