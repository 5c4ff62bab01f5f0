// What became of the messages a campaign sent (read-only): the outbox rows whose key belongs to one campaign —
// assign:<id>:<person>, nudge:<id>:…, urge:<id>:…, overdue:<id>:…, return:<id>:…, summary:<id>:… — one record per
// key. The console shows each person's 已送达 / 等待发送 / 发送失败 from it. SQLite: store/sqlite/delivery-log.ts.

export type DeliveryKind = 'assign' | 'nudge' | 'urge' | 'overdue' | 'return' | 'summary';

export const DELIVERY_KINDS: readonly DeliveryKind[] = ['assign', 'nudge', 'urge', 'overdue', 'return', 'summary'];

export interface DeliveryRecord {
  /** The recipient's key (the outbox's to_key). */
  to: string;
  key: string;
  kind: DeliveryKind;
  /** Of all the rows of the key (a long text is split): parked if any is, else queued/sending if any is, else sent. */
  status: 'queued' | 'sending' | 'sent' | 'parked';
  attempts: number;
  /** The channel's last error, as it said it (e.g. 找不到联系人「王五」). */
  error?: string;
  /** ISO time it was enqueued. */
  createdAt: string;
  /** ISO time the last row of the key was sent. */
  sentAt?: string;
  /** Not before this time (ms): quiet hours or a retry's backoff. */
  nextAt: number;
}

/**
 * @example
 * for (const d of await log.ofCampaign(1)) if (d.status === 'parked') console.log(d.to, d.error);
 */
export interface DeliveryLog {
  /** The campaign's messages, oldest first, one record per outbox key. */
  ofCampaign(campaignId: number): Promise<DeliveryRecord[]>;
}
