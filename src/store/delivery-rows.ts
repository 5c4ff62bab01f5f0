// The delivery log's records from outbox rows, the same on every backend (store/sqlite/delivery-log.ts,
// store/postgres/console-state.ts): one record per key, a text split in parts as far as its worst part.
import type { DeliveryKind, DeliveryRecord } from './delivery-log.js';

/** One outbox row as the delivery log reads it (the table's column names). */
export interface DeliveryRow {
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

/**
 * Rows (oldest first) → one record per key.
 *
 * @example
 * deliveryRecords(rows); // [{ to: '张三', key: 'urge:1:张三:…', kind: 'urge', status: 'sent', … }]
 */
export function deliveryRecords(rows: readonly DeliveryRow[]): DeliveryRecord[] {
  const byKey = new Map<string, DeliveryRecord>();
  for (const r of rows) {
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
    if (RANK[r.status] > RANK[seen.status]) seen.status = r.status;
    seen.attempts = Math.max(seen.attempts, r.attempts);
    seen.error = r.last_error ?? seen.error;
    seen.sentAt = r.sent_at ?? seen.sentAt;
    seen.nextAt = Math.max(seen.nextAt, r.next_at);
  }
  return [...byKey.values()];
}
