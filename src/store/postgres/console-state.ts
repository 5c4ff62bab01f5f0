// The console's three ports on PostgreSQL (tables of migration 23): sign-in links and sessions, reviews, and the
// delivery log read from the outbox. Every process serving the console on one database sees the same sign-ins.
import type { ConsoleAuthStore } from '../console-auth.js';
import type { ConsoleState } from '../console-state.js';
import { DELIVERY_KINDS, type DeliveryLog, type DeliveryRecord } from '../delivery-log.js';
import { type DeliveryRow, deliveryRecords } from '../delivery-rows.js';
import { type Review, type ReviewRow, type ReviewStore, reviewFromRow } from '../reviews.js';
import type { Queryable } from './pool.js';

/**
 * @example
 * const state = pgConsoleState(store.pool);
 * await state.auth.addLink(hash, Date.now() + 600_000);
 */
export function pgConsoleState(q: Queryable): ConsoleState {
  return { auth: new PgConsoleAuth(q), reviews: new PgReviews(q), deliveries: new PgDeliveryLog(q) };
}

export class PgConsoleAuth implements ConsoleAuthStore {
  constructor(private readonly q: Queryable) {}

  async addLink(hash: string, expiresAt: number): Promise<void> {
    await this.q.query(
      `INSERT INTO console_links (token_hash, expires_at, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at, created_at = excluded.created_at`,
      [hash, expiresAt, new Date().toISOString()],
    );
  }

  async linkValid(hash: string, now: number): Promise<boolean> {
    const r = await this.q.query('SELECT 1 FROM console_links WHERE token_hash = $1 AND expires_at > $2', [hash, now]);
    return (r.rowCount ?? 0) > 0;
  }

  async useLink(hash: string, now: number): Promise<boolean> {
    // One statement: of two requests (two processes) using the same link, only one deletes the row.
    const r = await this.q.query('DELETE FROM console_links WHERE token_hash = $1 AND expires_at > $2', [hash, now]);
    return r.rowCount === 1;
  }

  async addSession(hash: string, expiresAt: number): Promise<void> {
    await this.q.query(
      `INSERT INTO console_sessions (token_hash, expires_at, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (token_hash) DO UPDATE SET expires_at = excluded.expires_at, created_at = excluded.created_at`,
      [hash, expiresAt, new Date().toISOString()],
    );
  }

  async sessionExpires(hash: string, now: number): Promise<number | undefined> {
    const r = await this.q.query('SELECT expires_at AS e FROM console_sessions WHERE token_hash = $1', [hash]);
    const e = r.rows[0]?.e as number | undefined;
    return e !== undefined && e > now ? e : undefined;
  }

  async dropSession(hash: string): Promise<void> {
    await this.q.query('DELETE FROM console_sessions WHERE token_hash = $1', [hash]);
  }

  async sweep(now: number): Promise<void> {
    await this.q.query('DELETE FROM console_links WHERE expires_at <= $1', [now]);
    await this.q.query('DELETE FROM console_sessions WHERE expires_at <= $1', [now]);
  }
}

export class PgReviews implements ReviewStore {
  constructor(private readonly q: Queryable) {}

  async add(r: Omit<Review, 'id'>): Promise<Review> {
    const res = await this.q.query(
      `INSERT INTO submission_reviews (campaign_id, user_key, flow_id, session_id, revision, kind, items, comment, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [r.campaignId, r.user, r.flowId, r.sessionId, r.revision, r.kind, JSON.stringify(r.items), r.comment, r.at],
    );
    return reviewFromRow(res.rows[0] as ReviewRow);
  }

  async ofCampaign(campaignId: number): Promise<Review[]> {
    const res = await this.q.query('SELECT * FROM submission_reviews WHERE campaign_id = $1 ORDER BY id', [campaignId]);
    return (res.rows as ReviewRow[]).map(reviewFromRow);
  }
}

export class PgDeliveryLog implements DeliveryLog {
  constructor(private readonly q: Queryable) {}

  async ofCampaign(campaignId: number): Promise<DeliveryRecord[]> {
    // A prefix match, not a range: PostgreSQL's collation may not order ':' before ';' as SQLite's bytes do.
    // (Kinds are letters and the id digits: nothing in the patterns is a LIKE wildcard.)
    const prefixes = DELIVERY_KINDS.map((k) => `${k}:${Math.trunc(campaignId)}:%`);
    const res = await this.q.query(
      `SELECT id, to_key, enqueue_key, status, attempts, last_error, created_at, sent_at, next_at FROM outbox
       WHERE enqueue_key LIKE ANY($1::text[]) ORDER BY id`,
      [prefixes],
    );
    return deliveryRecords(res.rows as DeliveryRow[]);
  }
}
