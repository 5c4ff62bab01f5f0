// SQLite adapter of the reviews port (table submission_reviews, store/migrations-console.ts).
import type Database from 'better-sqlite3';
import type { Review, ReviewStore } from '../reviews.js';

interface Rec {
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

const toReview = (r: Rec): Review => ({
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

export class SqliteReviews implements ReviewStore {
  private readonly st;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      add: p(`INSERT INTO submission_reviews (campaign_id, user_key, flow_id, session_id, revision, kind, items, comment, at)
        VALUES (@campaignId, @user, @flowId, @sessionId, @revision, @kind, @items, @comment, @at)`),
      get: p('SELECT * FROM submission_reviews WHERE id = ?'),
      ofCampaign: p('SELECT * FROM submission_reviews WHERE campaign_id = ? ORDER BY id'),
    };
  }

  async add(r: Omit<Review, 'id'>): Promise<Review> {
    const id = Number(this.st.add.run({ ...r, items: JSON.stringify(r.items) }).lastInsertRowid);
    return toReview(this.st.get.get(id) as Rec);
  }

  async ofCampaign(campaignId: number): Promise<Review[]> {
    return (this.st.ofCampaign.all(campaignId) as Rec[]).map(toReview);
  }
}
