// SQLite adapter of the reviews port (table submission_reviews, store/migrations-console.ts).
import type Database from 'better-sqlite3';
import { type Review, type ReviewRow, type ReviewStore, reviewFromRow } from '../reviews.js';

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
    return reviewFromRow(this.st.get.get(id) as ReviewRow);
  }

  async ofCampaign(campaignId: number): Promise<Review[]> {
    return (this.st.ofCampaign.all(campaignId) as ReviewRow[]).map(reviewFromRow);
  }
}
