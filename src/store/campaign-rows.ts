// The campaign tables as a port: campaigns, their assignees and their scheduled jobs. The logic — what is due,
// the catch-up rule, quiet hours, the messages — stays in src/campaigns/ and takes this port. One adapter per
// backend: store/sqlite/campaign-rows.ts, store/postgres/campaign-rows.ts.
import type { AssigneeRow, Campaign, JobRow, PlannedJob } from '../campaigns/model.js';
import type { MaybePromise } from '../engine/ports.js';

export type NewCampaign = Omit<Campaign, 'id' | 'status' | 'closedAt'>;

/** A display name the coordinator gave a key: 张三 for ZhangSan. */
export interface PersonName {
  key: string;
  name: string;
}

/** A claimed job whose runner died is claimable again after this long; re-running it is safe (outbox keys). */
export const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Campaigns, assignees and jobs. A job is claimed by one runner at a time across processes (`claim` is one
 * guarded UPDATE); a claim older than CLAIM_LEASE_MS is a dead runner's and may be taken again.
 *
 * @example
 * const c = await campaigns.create(newCampaign, ['王科长', '李科员'], planJobs(newCampaign));
 * for (const j of await campaigns.dueJobs(new Date())) if (await campaigns.claim(j.id, new Date())) run(j);
 */
export interface CampaignRows {
  /**
   * Creates the campaign, its assignees, their display names (`names`, as setNames) and its schedule at once;
   * jobs already past are kept as skipped. @example await rows.create(c, ['ZhangSan'], jobs, [{ key: 'ZhangSan', name: '张三' }])
   */
  create(c: NewCampaign, assignees: string[], jobs: PlannedJob[], names?: PersonName[]): MaybePromise<Campaign>;
  /** @example await rows.get(1) */
  get(id: number): MaybePromise<Campaign | undefined>;
  /** All campaigns, oldest first. @example await rows.list() */
  list(): MaybePromise<Campaign[]>;
  /** @example await rows.openCampaigns() */
  openCampaigns(): MaybePromise<Campaign[]>;
  /** Closes the campaign and cancels what it had still to send; false when it was not open. @example await rows.close(1, new Date()) */
  close(id: number, at: Date): MaybePromise<boolean>;
  /** Opens a closed campaign again; reminders still ahead are scheduled again. @example await rows.reopen(1, new Date()) */
  reopen(id: number, at: Date): MaybePromise<boolean>;
  /** Adds people, and their display names in the same transaction; returns those newly added (someone removed earlier comes back). @example await rows.assign(1, ['王五'], new Date()) */
  assign(id: number, users: string[], at: Date, names?: PersonName[]): MaybePromise<string[]>;
  /** Removes people, all at once; how many were removed. @example await rows.unassign(1, ['王五'], new Date()) */
  unassign(id: number, users: string[], at: Date): MaybePromise<number>;
  /** Who is assigned, in the order they were added, each with their display name if one was set. @example (await rows.assignees(1)).map((a) => a.name ?? a.user) */
  assignees(id: number): MaybePromise<AssigneeRow[]>;
  /** Everyone the bot knows by key (assigned before, or has talked to it). @example await rows.knownPeople() */
  knownPeople(): MaybePromise<string[]>;
  /** Assignees of open campaigns not yet sent their assignment message. @example await rows.toNotify() */
  toNotify(): MaybePromise<AssigneeRow[]>;
  /** @example await rows.markNotified(1, '王科长', new Date()) */
  markNotified(campaignId: number, user: string, at: Date): MaybePromise<void>;
  /** Forms assigned to a person by open campaigns. @example await rows.assignedFlows('王科长') // ['xinfang-2025'] */
  assignedFlows(user: string): MaybePromise<string[]>;
  /**
   * Sets people's display names (the coordinator's latest word: a key named before gets the new name).
   *
   * @example await rows.setNames([{ key: 'ZhangSan', name: '张三' }], new Date())
   */
  setNames(entries: PersonName[], at: Date): MaybePromise<void>;
  /**
   * Forgets display names; how many there were. The people are shown by their key again.
   *
   * @example await rows.clearNames(['ZhangSan']) // 1
   */
  clearNames(keys: string[]): MaybePromise<number>;
  /**
   * Display names by key: of these keys (the ones that have a name), or of everyone named.
   *
   * @example (await rows.names(['ZhangSan', 'LiSi'])).get('ZhangSan') // '张三'
   */
  names(keys?: string[]): MaybePromise<Map<string, string>>;
  /** @example await rows.jobs(1) */
  jobs(campaignId: number): MaybePromise<JobRow[]>;
  /** Jobs of open campaigns due at `now` and not yet run (or claimed by a runner that died). @example await rows.dueJobs(new Date()) */
  dueJobs(now: Date): MaybePromise<JobRow[]>;
  /** Atomic: of two runners (processes) ticking at once, exactly one gets the job. @example await rows.claim(7, new Date()) */
  claim(jobId: number, now: Date): MaybePromise<boolean>;
  /** @example await rows.finish(7, 'done', new Date()) */
  finish(jobId: number, status: 'done' | 'skipped', at: Date): MaybePromise<void>;
}

/** A stored campaign row (both backends' columns) in the port's shape. */
export interface CampaignRecord {
  id: number;
  flow_id: string;
  title: string;
  deadline: string;
  tz: string;
  offsets: string;
  quiet: string;
  status: 'open' | 'closed';
  created_at: string;
  closed_at: string | null;
}

export interface JobRecord {
  id: number;
  campaign_id: number;
  kind: JobRow['kind'];
  slot: string;
  due_at: string;
  before_minutes: number;
  status: JobRow['status'];
  claimed_at: string | null;
  finished_at: string | null;
}

export function toCampaign(r: CampaignRecord): Campaign {
  return {
    id: Number(r.id),
    flowId: r.flow_id,
    title: r.title,
    deadline: new Date(r.deadline),
    tz: r.tz,
    offsets: JSON.parse(r.offsets),
    quiet: JSON.parse(r.quiet),
    status: r.status,
    createdAt: new Date(r.created_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : undefined,
  };
}

export function toJob(r: JobRecord): JobRow {
  return {
    id: Number(r.id),
    campaignId: Number(r.campaign_id),
    kind: r.kind,
    slot: r.slot,
    dueAt: new Date(r.due_at),
    before: Number(r.before_minutes),
    status: r.status,
    claimedAt: r.claimed_at ?? undefined,
    finishedAt: r.finished_at ?? undefined,
  };
}

/** An assignee row with absent times left out (SQL NULL → undefined). */
export function toAssignee(r: {
  campaignId: number;
  user: string;
  addedAt: string;
  removedAt: string | null;
  notifiedAt: string | null;
  name?: string | null;
}): AssigneeRow {
  const out: AssigneeRow = { campaignId: Number(r.campaignId), user: r.user, addedAt: r.addedAt };
  if (r.name) out.name = r.name;
  if (r.removedAt) out.removedAt = r.removedAt;
  if (r.notifiedAt) out.notifiedAt = r.notifiedAt;
  return out;
}
