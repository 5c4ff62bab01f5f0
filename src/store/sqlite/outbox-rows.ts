// The outbox table on SQLite (better-sqlite3): every call answers synchronously. A claim is a SELECT and a
// guarded UPDATE in one transaction, which SQLite's single writer makes atomic across processes.
import type Database from 'better-sqlite3';
import {
  type Claim,
  type Lane,
  laneSql,
  type NewOutboxRow,
  type OutboxRecord,
  type OutboxRows,
  type OutboxStatus,
} from '../outbox-rows.js';
import { insertOutboxRowsSqlite } from './outbox-insert.js';

type Statement = Database.Statement;

interface Row {
  id: number;
  to_key: string;
  kind: 'text' | 'file';
  body: string;
  name: string | null;
  enqueue_key: string | null;
  status: OutboxStatus;
  attempts: number;
  next_at: number;
  last_error: string | null;
  owner: string | null;
  lease_until: number | null;
  channel: string | null;
  ref: string | null;
  choices: string | null;
}

/** A stored row in the port's shape (shared with the PostgreSQL adapter, whose columns are the same). */
export function toOutboxRecord(r: Row): OutboxRecord {
  return {
    id: Number(r.id),
    to: r.to_key,
    kind: r.kind,
    body: r.body,
    name: r.name,
    key: r.enqueue_key,
    status: r.status,
    attempts: Number(r.attempts),
    nextAt: Number(r.next_at),
    lastError: r.last_error,
    owner: r.owner,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    channel: r.channel ?? null,
    ref: r.ref ?? null,
    choices: r.choices ?? null,
  };
}

const laneKey = (l: Lane) => `${l.serves}:${l.channel ?? ''}`;

/**
 * @example
 * const outbox = new Outbox({ rows: new SqliteOutboxRows(db), send });
 */
export class SqliteOutboxRows implements OutboxRows {
  private readonly st;
  /** Statements that inline a lane, prepared once per lane. */
  private readonly byLane = new Map<
    string,
    { next: Statement; earliest: Statement; expired: Statement; others: Statement }
  >();

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      hasKey: p('SELECT 1 FROM outbox_keys WHERE key = ?'),
      // One recipient's head of queue (the terminal).
      nextFor:
        p(`SELECT * FROM outbox o INDEXED BY outbox_queued WHERE o.status = 'queued' AND o.to_key = ? AND o.next_at <= ?
        AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.to_key = o.to_key AND p.status IN ('queued', 'sending') AND p.id < o.id)
        ORDER BY o.id LIMIT 1`),
      claim: p(`UPDATE outbox SET status = 'sending', attempts = attempts + 1, owner = ?, lease_until = ?
        WHERE id = ? AND status = 'queued'`),
      renew: p(`UPDATE outbox SET lease_until = ? WHERE id = ? AND owner = ? AND status = 'sending'`),
      sent: p(`UPDATE outbox SET status = 'sent', sent_at = ?, last_error = NULL, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND owner = ?`),
      retry: p(`UPDATE outbox SET status = 'queued', next_at = ?, last_error = ?, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND owner = ?`),
      later: p(`UPDATE outbox SET status = 'queued', next_at = ?, attempts = attempts - 1, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND owner = ?`),
      park: p(`UPDATE outbox SET status = 'parked', last_error = ?, lease_until = NULL
        WHERE id = ? AND status IN ('sending', 'queued')`),
      requeueOwned: p(
        `UPDATE outbox SET status = 'queued', lease_until = NULL WHERE id = ? AND status = 'sending' AND owner = ?`,
      ),
      parkOwned: p(`UPDATE outbox SET status = 'parked', last_error = ?, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND owner = ?`),
      requeueExpired: p(`UPDATE outbox SET status = 'queued', lease_until = NULL
        WHERE id = ? AND status = 'sending' AND (lease_until IS NULL OR lease_until < ?)`),
      parkExpired: p(`UPDATE outbox SET status = 'parked', last_error = ?, lease_until = NULL
        WHERE id = ? AND status = 'sending' AND (lease_until IS NULL OR lease_until < ?)`),
      lastReplyChannel: p(`SELECT channel FROM outbox WHERE to_key = ? AND channel IS NOT NULL
        AND enqueue_key LIKE 'reply:%' ORDER BY id DESC LIMIT 1`),
      counts: p('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status'),
    };
  }

  private lane(lane: Lane) {
    const k = laneKey(lane);
    let s = this.byLane.get(k);
    if (!s) {
      const l = (t: string) => laneSql(lane, t);
      const p = (sql: string) => this.db.prepare(sql);
      s = {
        // Round-robin between recipients: the head of the queue of the next recipient after the last one served
        // (wrapping around), so one person's backlog delays another's reply by one send at most. A message waits
        // while an older one to the same person is queued or being sent: per-person order holds across retries.
        // Parked messages do not block the ones after them. The partial index keeps this one short index walk.
        next: p(`SELECT * FROM outbox o INDEXED BY outbox_queued WHERE o.status = 'queued' AND o.to_key > ? AND o.next_at <= ?
          AND ${l('o')}
          AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.to_key = o.to_key AND p.status IN ('queued', 'sending') AND p.id < o.id
            AND ${l('p')})
          ORDER BY o.to_key, o.id LIMIT 1`),
        // When the next message can go: only the head of each person's queue counts.
        earliest: p(`SELECT MIN(o.next_at) AS at FROM outbox o WHERE o.status = 'queued' AND ${l('o')}
          AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.to_key = o.to_key AND p.status IN ('queued', 'sending') AND p.id < o.id
            AND ${l('p')})`),
        expired: p(`SELECT * FROM outbox o WHERE o.status = 'sending' AND (o.lease_until IS NULL OR o.lease_until < ?)
          AND ${l('o')} ORDER BY o.id`),
        others: p(`SELECT * FROM outbox o WHERE o.status = 'sending' AND o.owner IS NOT NULL AND o.owner != ?
          AND ${l('o')} ORDER BY o.id`),
      };
      this.byLane.set(k, s);
    }
    return s;
  }

  enqueue(key: string | null, rows: readonly NewOutboxRow[], at?: string): boolean {
    return insertOutboxRowsSqlite(this.db, key, rows, at);
  }

  hasKey(key: string): boolean {
    return this.st.hasKey.get(key) !== undefined;
  }

  lastReplyChannel(to: string): string | undefined {
    return (this.st.lastReplyChannel.get(to) as { channel: string } | undefined)?.channel;
  }

  peekNext(lane: Lane, after: string, now: number): OutboxRecord | undefined {
    const r = this.lane(lane).next.get(after, now) as Row | undefined;
    return r && toOutboxRecord(r);
  }

  claimNext(lane: Lane, after: string, now: number, claim: Claim): OutboxRecord | undefined {
    // IMMEDIATE: the write lock is taken before the read, so a claim never fails upgrading a stale read (SQLITE_BUSY).
    return this.db.transaction(() => this.take(this.peekNext(lane, after, now), claim)).immediate();
  }

  claimNextFor(to: string, now: number, claim: Claim): OutboxRecord | undefined {
    return this.db
      .transaction(() => {
        const r = this.st.nextFor.get(to, now) as Row | undefined;
        return this.take(r && toOutboxRecord(r), claim);
      })
      .immediate();
  }

  private take(row: OutboxRecord | undefined, claim: Claim): OutboxRecord | undefined {
    if (!row || this.st.claim.run(claim.owner, claim.leaseUntil, row.id).changes === 0) return undefined;
    return { ...row, status: 'sending', attempts: row.attempts + 1, owner: claim.owner, leaseUntil: claim.leaseUntil };
  }

  earliestDue(lane: Lane): number | undefined {
    return (this.lane(lane).earliest.get() as { at: number | null }).at ?? undefined;
  }

  renew(ids: readonly number[], owner: string, leaseUntil: number): void {
    for (const id of ids) this.st.renew.run(leaseUntil, id, owner);
  }

  markSent(id: number, owner: string, at: string): void {
    this.st.sent.run(at, id, owner);
  }

  retry(id: number, owner: string, nextAt: number, error: string): void {
    this.st.retry.run(nextAt, error, id, owner);
  }

  later(id: number, owner: string, nextAt: number): void {
    this.st.later.run(nextAt, id, owner);
  }

  park(id: number, error: string): void {
    this.st.park.run(error, id);
  }

  expired(lane: Lane, now: number): OutboxRecord[] {
    return (this.lane(lane).expired.all(now) as Row[]).map(toOutboxRecord);
  }

  othersSending(lane: Lane, owner: string): OutboxRecord[] {
    return (this.lane(lane).others.all(owner) as Row[]).map(toOutboxRecord);
  }

  recover(
    id: number,
    guard: { owner: string } | { expiredBefore: number },
    to: 'queued' | { parked: string },
  ): boolean {
    const st = this.st;
    if ('owner' in guard)
      return (
        (to === 'queued' ? st.requeueOwned.run(id, guard.owner) : st.parkOwned.run(to.parked, id, guard.owner))
          .changes === 1
      );
    return (
      (to === 'queued'
        ? st.requeueExpired.run(id, guard.expiredBefore)
        : st.parkExpired.run(to.parked, id, guard.expiredBefore)
      ).changes === 1
    );
  }

  counts(): Record<OutboxStatus, number> {
    const out: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, parked: 0 };
    for (const r of this.st.counts.all() as { status: OutboxStatus; n: number }[]) out[r.status] = r.n;
    return out;
  }
}
