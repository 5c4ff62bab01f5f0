// SQLite adapter of the delivery log: one campaign's rows of the outbox table, found by key range on the
// outbox_enqueue_key index (store/migrations-console.ts), so a refresh of a 500-person page reads only them.
import type Database from 'better-sqlite3';
import { DELIVERY_KINDS, type DeliveryLog, type DeliveryRecord } from '../delivery-log.js';
import { type DeliveryRow, deliveryRecords } from '../delivery-rows.js';

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
    return deliveryRecords(this.st.all(...args) as DeliveryRow[]);
  }
}
