// Coordinators' reviews of submitted forms (审核通过 / 退回修改), behind a small async port. A return names the items
// to fix and carries a comment; the person is told in chat and resubmits as a new version, so the history of a
// campaign's submissions is these rows plus the versions the engine records. SQLite: store/sqlite/reviews.ts.

export type ReviewKind = 'returned' | 'approved';

export interface Review {
  id: number;
  campaignId: number;
  user: string;
  flowId: string;
  /** The submitted version reviewed: the engine's session and revision (第N版). */
  sessionId: number;
  revision: number;
  kind: ReviewKind;
  /** Ids of the items to fix (a return); empty for an approval or a return of the whole form. */
  items: string[];
  /** What the coordinator wrote (≤ 200 characters, cleaned). */
  comment: string;
  /** ISO time. */
  at: string;
}

/**
 * @example
 * const r = await reviews.add({ campaignId: 1, user: '张三', flowId: 'demo', sessionId: 4, revision: 1,
 *   kind: 'returned', items: ['settle_rate'], comment: '办结率与台账不符', at: now.toISOString() });
 * (await reviews.ofCampaign(1)).filter((x) => x.user === '张三'); // oldest first
 */
export interface ReviewStore {
  add(r: Omit<Review, 'id'>): Promise<Review>;
  /** Every review of the campaign, oldest first. */
  ofCampaign(campaignId: number): Promise<Review[]>;
}

/** One `submission_reviews` row as every backend reads it (the table's column names). */
export interface ReviewRow {
  id: number;
  campaign_id: number;
  user_key: string;
  flow_id: string;
  session_id: number;
  revision: number;
  kind: Review['kind'];
  items: string;
  comment: string;
  at: string;
}

/**
 * A row → a review, the same on SQLite and PostgreSQL.
 *
 * @example
 * reviewFromRow({ id: 1, campaign_id: 1, user_key: '张三', flow_id: 'demo', session_id: 4, revision: 1,
 *   kind: 'returned', items: '["settle_rate"]', comment: '办结率与台账不符', at: '2026-12-03T08:00:00Z' });
 * // { id: 1, campaignId: 1, user: '张三', …, items: ['settle_rate'] }
 */
export const reviewFromRow = (r: ReviewRow): Review => ({
  id: r.id,
  campaignId: r.campaign_id,
  user: r.user_key,
  flowId: r.flow_id,
  sessionId: r.session_id,
  revision: r.revision,
  kind: r.kind,
  items: JSON.parse(r.items) as string[],
  comment: r.comment,
  at: r.at,
});
