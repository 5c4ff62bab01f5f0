// The outbox table as a port: the rows and their claims, nothing about pacing, retries or crash recovery
// (src/outbox/outbox.ts decides those). One adapter per backend: store/sqlite/outbox-rows.ts,
// store/postgres/outbox-rows.ts. Every method may answer at once (SQLite) or with a promise (PostgreSQL).
import type { MaybePromise, NewOutboxRow } from '../engine/ports.js';

export type { NewOutboxRow } from '../engine/ports.js';

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'parked';

/** One row as stored. Times: `nextAt`/`leaseUntil` in ms since the epoch, `createdAt`/`sentAt` ISO. */
export interface OutboxRecord {
  id: number;
  to: string;
  kind: 'text' | 'file';
  /** The text, or the file's path. */
  body: string;
  /** The file's name (files only). */
  name: string | null;
  key: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAt: number;
  lastError: string | null;
  owner: string | null;
  leaseUntil: number | null;
  channel: string | null;
  ref: string | null;
  /** The closed answers offered with a text, as JSON (string[]). */
  choices: string | null;
}

/**
 * Which rows one sender serves when several channels share the table: every row, only its channel's, or its
 * channel's and the unmarked ones (rows enqueued before lanes existed). `channel` is letters, digits, _ and -.
 */
export interface Lane {
  serves: 'all' | 'own' | 'own+unmarked';
  channel?: string;
}

/** The SQL condition of a lane on table alias `t` (the channel name is checked by the Outbox, so it may be inlined). */
export function laneSql(lane: Lane, t: string): string {
  if (lane.serves === 'all') return '1 = 1';
  if (!lane.channel || !/^[a-z0-9_-]{1,32}$/.test(lane.channel)) throw new Error(`bad outbox lane: ${lane.channel}`);
  return lane.serves === 'own'
    ? `${t}.channel = '${lane.channel}'`
    : `(${t}.channel = '${lane.channel}' OR ${t}.channel IS NULL)`;
}

/** A claim: the row now belongs to `owner` until `leaseUntil` (ms). */
export interface Claim {
  owner: string;
  leaseUntil: number;
}

/**
 * The outbox table. A row goes queued → sending (claimed by one owner, with a lease it renews) → sent, or back
 * to queued (retry, rate limit, its owner died), or parked. Every state change is guarded by the state it leaves
 * (and the owner), so of two processes only one ever moves a row.
 *
 * @example
 * const rows: OutboxRows = new SqliteOutboxRows(db); // or new PgOutboxRows(pool)
 * await rows.enqueue('reply:m1', outboxRows('王科长', [{ kind: 'text', text: '第 1/7 项｜单位名称' }], { key: 'reply:m1' },
 *   { channel: null, maxChars: 1800, now: Date.now() }));
 * const row = await rows.claimNext({ serves: 'all' }, '', Date.now(), { owner: 'host:1:ab', leaseUntil: Date.now() + 60_000 });
 * if (row) await rows.markSent(row.id, 'host:1:ab', new Date().toISOString());
 */
export interface OutboxRows {
  /**
   * Inserts the rows, all or none; with a key, only if the key was never used (then true), else nothing and false.
   * An empty list with a key only takes the key; `at` is the key's time. (Inside a turn the engine writes the same
   * rows through StoreTx.enqueueOutbox instead, so they commit with the turn.)
   *
   * @example await rows.enqueue('reply:m1', []) // true: the key is taken, nothing sent
   */
  enqueue(key: string | null, rows: readonly NewOutboxRow[], at?: string): MaybePromise<boolean>;
  /** @example if (await rows.hasKey('reply:wecom:m1:text')) return 'duplicate'; */
  hasKey(key: string): MaybePromise<boolean>;
  /** The channel of the latest reply to this person (where they talk to the bot). @example await rows.lastReplyChannel('王科长') // 'wecom' */
  lastReplyChannel(to: string): MaybePromise<string | undefined>;
  /**
   * The next due row in the lane without claiming it: the head of the queue of the first recipient after `after`
   * (round-robin; '' = from the start) whose oldest queued-or-sending row is due. Pacing looks before it claims.
   *
   * @example const row = await rows.peekNext({ serves: 'all' }, lastTo, Date.now());
   */
  peekNext(lane: Lane, after: string, now: number): MaybePromise<OutboxRecord | undefined>;
  /**
   * Claims the row peekNext would return (atomically: two processes never get the same row, and a person's
   * second message is never claimed while the first is queued or being sent). attempts + 1 in the returned row.
   *
   * @example const row = await rows.claimNext(lane, '', Date.now(), { owner, leaseUntil: Date.now() + 60_000 });
   */
  claimNext(lane: Lane, after: string, now: number, claim: Claim): MaybePromise<OutboxRecord | undefined>;
  /** Claims the due head of one recipient's queue, whatever the lane (the terminal). @example await rows.claimNextFor('张三', Date.now(), claim) */
  claimNextFor(to: string, now: number, claim: Claim): MaybePromise<OutboxRecord | undefined>;
  /** When the next head of a queue in the lane is due (ms); undefined when nothing is queued. @example await rows.earliestDue(lane) */
  earliestDue(lane: Lane): MaybePromise<number | undefined>;
  /** Extends the lease of rows this owner is sending. @example await rows.renew([12, 13], owner, Date.now() + 60_000) */
  renew(ids: readonly number[], owner: string, leaseUntil: number): MaybePromise<void>;
  /** sending → sent (only by its owner). @example await rows.markSent(12, owner, new Date().toISOString()) */
  markSent(id: number, owner: string, at: string): MaybePromise<void>;
  /** sending → queued at `nextAt`, keeping the attempt and the error (a failed send). @example await rows.retry(12, owner, Date.now() + 5000, 'timeout') */
  retry(id: number, owner: string, nextAt: number, error: string): MaybePromise<void>;
  /** sending → queued at `nextAt`, the attempt given back (a rate limit, not a failure). @example await rows.later(12, owner, Date.now() + 2000) */
  later(id: number, owner: string, nextAt: number): MaybePromise<void>;
  /** queued or sending → parked. @example await rows.park(12, '找不到联系人') */
  park(id: number, error: string): MaybePromise<void>;
  /** Rows in the lane left sending whose lease ran out before `now` (or that never had one). @example await rows.expired(lane, Date.now()) */
  expired(lane: Lane, now: number): MaybePromise<OutboxRecord[]>;
  /** Rows in the lane being sent by owners other than `owner`. @example await rows.othersSending(lane, owner) */
  othersSending(lane: Lane, owner: string): MaybePromise<OutboxRecord[]>;
  /**
   * A row whose sender died goes back to the queue (true) or is parked (with an error; true) — only if it is still
   * sending and, with `owner`, still that owner's, with `expiredBefore`, its lease ran out before then.
   *
   * @example await rows.recover(12, { owner: 'host:41:ab' }, 'queued')
   */
  recover(
    id: number,
    guard: { owner: string } | { expiredBefore: number },
    to: 'queued' | { parked: string },
  ): MaybePromise<boolean>;
  /** How many rows in each status. @example (await rows.counts()).queued */
  counts(): MaybePromise<Record<OutboxStatus, number>>;
}
