// Campaigns in SQLite (tables from store/migrations-campaigns.ts), on the same database as the sessions. Every
// call answers synchronously; a job claim is one guarded UPDATE, which SQLite's single writer makes atomic.
import type Database from 'better-sqlite3';
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

type DB = Database.Database;

/**
 * @example
 * const campaigns = new SqliteCampaignRows(store.db);
 * campaigns.openCampaigns(); // answered at once
 */
export class SqliteCampaignRows implements CampaignRows {
  private st;

  constructor(private readonly db: DB) {
    const p = (sql: string) => db.prepare(sql);
    const ASSIGNEE = `a.campaign_id AS campaignId, a.user_key AS user, a.added_at AS addedAt, a.removed_at AS removedAt,
      a.notified_at AS notifiedAt, n.name AS name`;
    const NAMED = 'campaign_assignees a LEFT JOIN people_names n ON n.user_key = a.user_key';
    this.st = {
      insert: p(`INSERT INTO campaigns (flow_id, title, deadline, tz, offsets, quiet, status, created_at)
        VALUES (@flowId, @title, @deadline, @tz, @offsets, @quiet, 'open', @createdAt)`),
      get: p('SELECT * FROM campaigns WHERE id = ?'),
      list: p('SELECT * FROM campaigns ORDER BY id'),
      open: p(`SELECT * FROM campaigns WHERE status = 'open' ORDER BY id`),
      close: p(`UPDATE campaigns SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'open'`),
      reopen: p(`UPDATE campaigns SET status = 'open', closed_at = NULL WHERE id = ? AND status = 'closed'`),
      // Reminders still ahead come back; the ones whose time passed while closed stay cancelled.
      resumeJobs: p(
        `UPDATE campaign_jobs SET status = 'pending', finished_at = NULL WHERE campaign_id = ? AND status = 'cancelled' AND due_at > ?`,
      ),
      cancelJobs: p(
        `UPDATE campaign_jobs SET status = 'cancelled', finished_at = ? WHERE campaign_id = ? AND status IN ('pending', 'claimed')`,
      ),
      addAssignee: p(`INSERT INTO campaign_assignees (campaign_id, user_key, added_at) VALUES (?, ?, ?)
        ON CONFLICT(campaign_id, user_key) DO UPDATE SET removed_at = NULL, added_at = excluded.added_at WHERE removed_at IS NOT NULL`),
      removeAssignee: p(
        'UPDATE campaign_assignees SET removed_at = ? WHERE campaign_id = ? AND user_key = ? AND removed_at IS NULL',
      ),
      assignees: p(
        `SELECT ${ASSIGNEE} FROM ${NAMED} WHERE a.campaign_id = ? AND a.removed_at IS NULL ORDER BY a.rowid`,
      ),
      toNotify: p(`SELECT ${ASSIGNEE} FROM ${NAMED} JOIN campaigns c ON c.id = a.campaign_id
        WHERE c.status = 'open' AND a.removed_at IS NULL AND a.notified_at IS NULL ORDER BY a.rowid`),
      notified: p(
        'UPDATE campaign_assignees SET notified_at = ? WHERE campaign_id = ? AND user_key = ? AND notified_at IS NULL',
      ),
      flowsOf: p(`SELECT DISTINCT c.flow_id AS flowId FROM campaign_assignees a JOIN campaigns c ON c.id = a.campaign_id
        WHERE a.user_key = ? AND a.removed_at IS NULL AND c.status = 'open' ORDER BY c.id`),
      known: p(`SELECT user_key AS user FROM campaign_assignees UNION SELECT user_key FROM users ORDER BY 1`),
      setName: p(`INSERT INTO people_names (user_key, name, updated_at) VALUES (?, ?, ?)
        ON CONFLICT(user_key) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`),
      clearName: p('DELETE FROM people_names WHERE user_key = ?'),
      nameOf: p('SELECT name FROM people_names WHERE user_key = ?'),
      allNames: p('SELECT user_key AS key, name FROM people_names ORDER BY user_key'),
      insertJob: p(`INSERT INTO campaign_jobs (campaign_id, kind, slot, due_at, before_minutes, status, finished_at)
        VALUES (@campaignId, @kind, @slot, @dueAt, @before, @status, @finishedAt)`),
      jobs: p('SELECT * FROM campaign_jobs WHERE campaign_id = ? ORDER BY due_at, before_minutes DESC'),
      due: p(`SELECT j.* FROM campaign_jobs j JOIN campaigns c ON c.id = j.campaign_id
        WHERE c.status = 'open' AND j.due_at <= @now AND (j.status = 'pending' OR (j.status = 'claimed' AND j.claimed_at <= @stale))
        ORDER BY j.campaign_id, j.due_at`),
      claim: p(`UPDATE campaign_jobs SET status = 'claimed', claimed_at = @now
        WHERE id = @id AND (status = 'pending' OR (status = 'claimed' AND claimed_at <= @stale))`),
      finish: p(`UPDATE campaign_jobs SET status = ?, finished_at = ? WHERE id = ?`),
    };
  }

  /** Creates the campaign, its assignees and its schedule in one transaction; jobs already past are kept as skipped. */
  create(c: NewCampaign, assignees: string[], jobs: PlannedJob[], names: PersonName[] = []): Campaign {
    return this.db.transaction(() => {
      const createdAt = c.createdAt.toISOString();
      this.putNames(names, createdAt);
      const id = Number(
        this.st.insert.run({
          flowId: c.flowId,
          title: c.title,
          deadline: c.deadline.toISOString(),
          tz: c.tz,
          offsets: JSON.stringify(c.offsets),
          quiet: JSON.stringify(c.quiet),
          createdAt,
        }).lastInsertRowid,
      );
      for (const u of assignees) this.st.addAssignee.run(id, u, createdAt);
      for (const j of jobs) {
        const past = j.dueAt <= c.createdAt;
        this.st.insertJob.run({
          campaignId: id,
          kind: j.kind,
          slot: j.slot,
          dueAt: j.dueAt.toISOString(),
          before: j.before,
          status: past ? 'skipped' : 'pending',
          finishedAt: past ? createdAt : null,
        });
      }
      return this.get(id)!;
    })();
  }

  get(id: number): Campaign | undefined {
    const r = this.st.get.get(id) as CampaignRecord | undefined;
    return r && toCampaign(r);
  }

  list(): Campaign[] {
    return (this.st.list.all() as CampaignRecord[]).map(toCampaign);
  }

  openCampaigns(): Campaign[] {
    return (this.st.open.all() as CampaignRecord[]).map(toCampaign);
  }

  /** Closes the campaign and cancels what it had still to send; false when it was not open. */
  close(id: number, at: Date): boolean {
    return this.db.transaction(() => {
      if (this.st.close.run(at.toISOString(), id).changes !== 1) return false;
      this.st.cancelJobs.run(at.toISOString(), id);
      return true;
    })();
  }

  /** Opens a closed campaign again; reminders still ahead are scheduled again. False when it was not closed. */
  reopen(id: number, at: Date): boolean {
    return this.db.transaction(() => {
      if (this.st.reopen.run(id).changes !== 1) return false;
      this.st.resumeJobs.run(id, at.toISOString());
      return true;
    })();
  }

  /** Adds people; returns those newly added (someone removed earlier comes back). */
  assign(id: number, users: string[], at: Date, names: PersonName[] = []): string[] {
    return this.db.transaction(() => {
      this.putNames(names, at.toISOString());
      return users.filter((u) => this.st.addAssignee.run(id, u, at.toISOString()).changes === 1);
    })();
  }

  unassign(id: number, users: string[], at: Date): number {
    return this.db.transaction(
      () => users.filter((u) => this.st.removeAssignee.run(at.toISOString(), id, u).changes === 1).length,
    )();
  }

  assignees(id: number): AssigneeRow[] {
    return (this.st.assignees.all(id) as Parameters<typeof toAssignee>[0][]).map(toAssignee);
  }

  /** Everyone the bot knows by key (assigned before, or has talked to it): the console offers them as assignees. */
  knownPeople(): string[] {
    return (this.st.known.all() as { user: string }[]).map((r) => r.user);
  }

  /** Assignees of open campaigns who have not been sent their assignment message. */
  toNotify(): AssigneeRow[] {
    return (this.st.toNotify.all() as Parameters<typeof toAssignee>[0][]).map(toAssignee);
  }

  markNotified(campaignId: number, user: string, at: Date): void {
    this.st.notified.run(at.toISOString(), campaignId, user);
  }

  /** Forms assigned to a person by open campaigns: the catalog offers only these to them. */
  assignedFlows(user: string): string[] {
    return (this.st.flowsOf.all(user) as { flowId: string }[]).map((r) => r.flowId);
  }

  /** The coordinator's latest word: a key named before gets the new name. */
  setNames(entries: PersonName[], at: Date): void {
    this.db.transaction(() => this.putNames(entries, at.toISOString()))();
  }

  private putNames(entries: PersonName[], at: string): void {
    for (const e of entries) this.st.setName.run(e.key, e.name, at);
  }

  clearNames(keys: string[]): number {
    return this.db.transaction(() => keys.filter((k) => this.st.clearName.run(k).changes === 1).length)();
  }

  names(keys?: string[]): Map<string, string> {
    if (!keys) return new Map((this.st.allNames.all() as { key: string; name: string }[]).map((r) => [r.key, r.name]));
    const out = new Map<string, string>();
    for (const k of keys) {
      const r = this.st.nameOf.get(k) as { name: string } | undefined;
      if (r) out.set(k, r.name);
    }
    return out;
  }

  jobs(campaignId: number): JobRow[] {
    return (this.st.jobs.all(campaignId) as JobRecord[]).map(toJob);
  }

  /** Jobs of open campaigns due at `now` and not yet run (or claimed by a runner that died). */
  dueJobs(now: Date): JobRow[] {
    return (
      this.st.due.all({
        now: now.toISOString(),
        stale: new Date(now.getTime() - CLAIM_LEASE_MS).toISOString(),
      }) as JobRecord[]
    ).map(toJob);
  }

  /** Atomic: of two runners ticking at once, exactly one gets the job. */
  claim(jobId: number, now: Date): boolean {
    return (
      this.st.claim.run({
        id: jobId,
        now: now.toISOString(),
        stale: new Date(now.getTime() - CLAIM_LEASE_MS).toISOString(),
      }).changes === 1
    );
  }

  finish(jobId: number, status: 'done' | 'skipped', at: Date): void {
    this.st.finish.run(status, at.toISOString(), jobId);
  }
}
