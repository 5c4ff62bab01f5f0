// Campaigns on PostgreSQL. A job is claimed by one guarded UPDATE: of several processes ticking at once, the
// row lock makes the others re-check the guard after the winner commits, so exactly one gets it.
import type pg from 'pg';
import type { AssigneeRow, Campaign, JobRow, PlannedJob } from '../../campaigns/model.js';
import {
  type CampaignRecord,
  type CampaignRows,
  CLAIM_LEASE_MS,
  type JobRecord,
  type NewCampaign,
  type PersonName,
  toAssignee,
  toCampaign,
  toJob,
} from '../campaign-rows.js';

const ASSIGNEE = `a.campaign_id AS "campaignId", a.user_key AS "user", a.added_at AS "addedAt", a.removed_at AS "removedAt",
  a.notified_at AS "notifiedAt", n.name AS "name"`;
const NAMED = 'campaign_assignees a LEFT JOIN people_names n ON n.user_key = a.user_key';

/** Stores display names on a transaction's client: a key named before gets the new name. */
async function putNames(q: pg.PoolClient, entries: PersonName[], at: string): Promise<void> {
  for (const e of entries)
    await q.query(
      `INSERT INTO people_names (user_key, name, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_key) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
      [e.key, e.name, at],
    );
}

/** Runs fn in one transaction on a client of the pool. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await fn(c);
    await c.query('COMMIT');
    return out;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/**
 * @example
 * const campaigns = new PgCampaignRows(pool);
 * for (const j of await campaigns.dueJobs(now)) if (await campaigns.claim(j.id, now)) …
 */
export class PgCampaignRows implements CampaignRows {
  constructor(private readonly pool: pg.Pool) {}

  async create(c: NewCampaign, assignees: string[], jobs: PlannedJob[], names: PersonName[] = []): Promise<Campaign> {
    const createdAt = c.createdAt.toISOString();
    const rec = await inTransaction(this.pool, async (q) => {
      await putNames(q, names, createdAt);
      const r = await q.query(
        `INSERT INTO campaigns (flow_id, title, deadline, tz, offsets, quiet, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) RETURNING *`,
        [
          c.flowId,
          c.title,
          c.deadline.toISOString(),
          c.tz,
          JSON.stringify(c.offsets),
          JSON.stringify(c.quiet),
          createdAt,
        ],
      );
      const id = Number(r.rows[0].id);
      // One at a time: the order people were named in is the order they are listed in (added_at, then this).
      for (const u of assignees)
        await q.query(
          `INSERT INTO campaign_assignees (campaign_id, user_key, added_at) VALUES ($1, $2, $3)
           ON CONFLICT (campaign_id, user_key) DO NOTHING`,
          [id, u, createdAt],
        );
      for (const j of jobs) {
        const past = j.dueAt <= c.createdAt;
        await q.query(
          `INSERT INTO campaign_jobs (campaign_id, kind, slot, due_at, before_minutes, status, finished_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [id, j.kind, j.slot, j.dueAt.toISOString(), j.before, past ? 'skipped' : 'pending', past ? createdAt : null],
        );
      }
      return r.rows[0] as CampaignRecord;
    });
    return toCampaign(rec);
  }

  async get(id: number): Promise<Campaign | undefined> {
    const r = await this.pool.query('SELECT * FROM campaigns WHERE id = $1', [id]);
    return r.rows[0] ? toCampaign(r.rows[0] as CampaignRecord) : undefined;
  }

  async list(): Promise<Campaign[]> {
    return ((await this.pool.query('SELECT * FROM campaigns ORDER BY id')).rows as CampaignRecord[]).map(toCampaign);
  }

  async openCampaigns(): Promise<Campaign[]> {
    const r = await this.pool.query(`SELECT * FROM campaigns WHERE status = 'open' ORDER BY id`);
    return (r.rows as CampaignRecord[]).map(toCampaign);
  }

  async close(id: number, at: Date): Promise<boolean> {
    return inTransaction(this.pool, async (q) => {
      const r = await q.query(
        `UPDATE campaigns SET status = 'closed', closed_at = $1 WHERE id = $2 AND status = 'open'`,
        [at.toISOString(), id],
      );
      if (r.rowCount !== 1) return false;
      await q.query(
        `UPDATE campaign_jobs SET status = 'cancelled', finished_at = $1 WHERE campaign_id = $2 AND status IN ('pending', 'claimed')`,
        [at.toISOString(), id],
      );
      return true;
    });
  }

  async reopen(id: number, at: Date): Promise<boolean> {
    return inTransaction(this.pool, async (q) => {
      const r = await q.query(
        `UPDATE campaigns SET status = 'open', closed_at = NULL WHERE id = $1 AND status = 'closed'`,
        [id],
      );
      if (r.rowCount !== 1) return false;
      // Reminders still ahead come back; the ones whose time passed while closed stay cancelled.
      await q.query(
        `UPDATE campaign_jobs SET status = 'pending', finished_at = NULL
         WHERE campaign_id = $1 AND status = 'cancelled' AND due_at COLLATE "C" > $2`,
        [id, at.toISOString()],
      );
      return true;
    });
  }

  async assign(id: number, users: string[], at: Date, names: PersonName[] = []): Promise<string[]> {
    return inTransaction(this.pool, async (q) => {
      await putNames(q, names, at.toISOString());
      const added: string[] = [];
      for (const u of users) {
        const r = await q.query(
          `INSERT INTO campaign_assignees (campaign_id, user_key, added_at) VALUES ($1, $2, $3)
           ON CONFLICT (campaign_id, user_key) DO UPDATE SET removed_at = NULL, added_at = excluded.added_at
           WHERE campaign_assignees.removed_at IS NOT NULL`,
          [id, u, at.toISOString()],
        );
        if (r.rowCount === 1) added.push(u);
      }
      return added;
    });
  }

  async unassign(id: number, users: string[], at: Date): Promise<number> {
    const r = await this.pool.query(
      `UPDATE campaign_assignees SET removed_at = $1 WHERE campaign_id = $2 AND user_key = ANY($3::text[]) AND removed_at IS NULL`,
      [at.toISOString(), id, users],
    );
    return r.rowCount ?? 0;
  }

  async assignees(id: number): Promise<AssigneeRow[]> {
    const r = await this.pool.query(
      `SELECT ${ASSIGNEE} FROM ${NAMED} WHERE a.campaign_id = $1 AND a.removed_at IS NULL ORDER BY a.added_at, a.user_key COLLATE "C"`,
      [id],
    );
    return r.rows.map(toAssignee);
  }

  async knownPeople(): Promise<string[]> {
    const r = await this.pool.query(
      `SELECT "user" FROM (SELECT user_key AS "user" FROM campaign_assignees UNION SELECT user_key FROM users) k
       ORDER BY "user" COLLATE "C"`,
    );
    return r.rows.map((x: { user: string }) => x.user);
  }

  async toNotify(): Promise<AssigneeRow[]> {
    const r = await this.pool.query(
      `SELECT ${ASSIGNEE} FROM ${NAMED} JOIN campaigns c ON c.id = a.campaign_id
       WHERE c.status = 'open' AND a.removed_at IS NULL AND a.notified_at IS NULL ORDER BY a.campaign_id, a.added_at, a.user_key COLLATE "C"`,
    );
    return r.rows.map(toAssignee);
  }

  async markNotified(campaignId: number, user: string, at: Date): Promise<void> {
    await this.pool.query(
      'UPDATE campaign_assignees SET notified_at = $1 WHERE campaign_id = $2 AND user_key = $3 AND notified_at IS NULL',
      [at.toISOString(), campaignId, user],
    );
  }

  async assignedFlows(user: string): Promise<string[]> {
    const r = await this.pool.query(
      `SELECT c.flow_id AS "flowId", MIN(c.id) AS first FROM campaign_assignees a JOIN campaigns c ON c.id = a.campaign_id
       WHERE a.user_key = $1 AND a.removed_at IS NULL AND c.status = 'open' GROUP BY c.flow_id ORDER BY first`,
      [user],
    );
    return r.rows.map((x: { flowId: string }) => x.flowId);
  }

  /** The coordinator's latest word: a key named before gets the new name. */
  async setNames(entries: PersonName[], at: Date): Promise<void> {
    if (entries.length) await inTransaction(this.pool, (q) => putNames(q, entries, at.toISOString()));
  }

  async clearNames(keys: string[]): Promise<number> {
    const r = await this.pool.query('DELETE FROM people_names WHERE user_key = ANY($1::text[])', [keys]);
    return r.rowCount ?? 0;
  }

  async names(keys?: string[]): Promise<Map<string, string>> {
    const r = keys
      ? await this.pool.query('SELECT user_key AS key, name FROM people_names WHERE user_key = ANY($1::text[])', [keys])
      : await this.pool.query('SELECT user_key AS key, name FROM people_names ORDER BY user_key COLLATE "C"');
    return new Map(r.rows.map((x: { key: string; name: string }) => [x.key, x.name]));
  }

  async jobs(campaignId: number): Promise<JobRow[]> {
    const r = await this.pool.query(
      'SELECT * FROM campaign_jobs WHERE campaign_id = $1 ORDER BY due_at COLLATE "C", before_minutes DESC',
      [campaignId],
    );
    return (r.rows as JobRecord[]).map(toJob);
  }

  async dueJobs(now: Date): Promise<JobRow[]> {
    const r = await this.pool.query(
      `SELECT j.* FROM campaign_jobs j JOIN campaigns c ON c.id = j.campaign_id
       WHERE c.status = 'open' AND j.due_at COLLATE "C" <= $1
         AND (j.status = 'pending' OR (j.status = 'claimed' AND j.claimed_at COLLATE "C" <= $2))
       ORDER BY j.campaign_id, j.due_at COLLATE "C"`,
      [now.toISOString(), new Date(now.getTime() - CLAIM_LEASE_MS).toISOString()],
    );
    return (r.rows as JobRecord[]).map(toJob);
  }

  async claim(jobId: number, now: Date): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE campaign_jobs SET status = 'claimed', claimed_at = $1
       WHERE id = $2 AND (status = 'pending' OR (status = 'claimed' AND claimed_at COLLATE "C" <= $3))`,
      [now.toISOString(), jobId, new Date(now.getTime() - CLAIM_LEASE_MS).toISOString()],
    );
    return r.rowCount === 1;
  }

  async finish(jobId: number, status: 'done' | 'skipped', at: Date): Promise<void> {
    await this.pool.query('UPDATE campaign_jobs SET status = $1, finished_at = $2 WHERE id = $3', [
      status,
      at.toISOString(),
      jobId,
    ]);
  }
}
