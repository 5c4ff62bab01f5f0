// SQLite adapter of the delivery log: one campaign's rows of the outbox table, found by key range on the
// outbox_enqueue_key index (store/migrations-console.ts), so a refresh of a 500-person page reads only them.
import type Database from 'better-sqlite3';
import { DELIVERY_KINDS, type DeliveryKind, type DeliveryLog, type DeliveryRecord } from '../delivery-log.js';

interface Rec {
  id: number;
  to_key: string;
  enqueue_key: string;
  status: DeliveryRecord['status'];
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  next_at: number;
}

const RANK: Record<DeliveryRecord['status'], number> = { sent: 0, sending: 1, queued: 2, parked: 3 };

export class SqliteDeliveryLog implements DeliveryLog {
  private readonly st;

  constructor(db: Database.Database) {
    // "kind:<id>:" ≤ key < "kind:<id>;" (';' follows ':') — an index range per kind.
    const ranges = DELIVERY_KINDS.map(() => 'SELECT * FROM outbox WHERE enqueue_key >= ? AND enqueue_key < ?');
    this.st = db.prepare(
      `SELECT id, to_key, enqueue_key, status, attempts, last_error, created_at, sent_at, next_at
       FROM (${ranges.join(' UNION ALL ')}) ORDER BY id`,
    );
  }

  async ofCampaign(campaignId: number): Promise<DeliveryRecord[]> {
    const args = DELIVERY_KINDS.flatMap((k) => [`${k}:${campaignId}:`, `${k}:${campaignId};`]);
    const byKey = new Map<string, DeliveryRecord>();
    for (const r of this.st.all(...args) as Rec[]) {
      const seen = byKey.get(r.enqueue_key);
      if (!seen) {
        byKey.set(r.enqueue_key, {
          to: r.to_key,
          key: r.enqueue_key,
          kind: r.enqueue_key.slice(0, r.enqueue_key.indexOf(':')) as DeliveryKind,
          status: r.status,
          attempts: r.attempts,
          error: r.last_error ?? undefined,
          createdAt: r.created_at,
          sentAt: r.sent_at ?? undefined,
          nextAt: r.next_at,
        });
        continue;
      }
      // A text split in parts: the key is as far as its worst part.
      if (RANK[r.status] > RANK[seen.status]) seen.status = r.status;
      seen.attempts = Math.max(seen.attempts, r.attempts);
      seen.error = r.last_error ?? seen.error;
      seen.sentAt = r.sent_at ?? seen.sentAt;
      seen.nextAt = Math.max(seen.nextAt, r.next_at);
    }
    return [...byKey.values()];
  }
}
