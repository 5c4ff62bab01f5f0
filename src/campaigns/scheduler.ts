// Turns the schedule in SQLite into outbox messages. Everything it needs is in the database, so a
// restart loses nothing: tick(now) sends what is due and not yet sent, and outbox keys make a second
// run of the same slot a no-op.
import type { FlowCatalog, OutboxPort } from '../engine/ports.js';
import type { CampaignRows } from '../store/campaign-rows.js';
import { assignText, nudgeText, overdueText, summaryText } from './messages.js';
import type { Campaign, JobRow, PlannedJob } from './model.js';
import { planJobs, selectDue } from './plan.js';
import { type AssigneeProgress, assigneeProgress, isDone, type ProgressDeps } from './progress.js';
import { sendTime } from './quiet.js';
import { campaignProgress, formTitle } from './status.js';

export type DeliveryKind = 'assign' | 'nudge' | 'overdue' | 'summary' | 'urge';

/** One message to one person; `key` is its outbox key. */
export interface Delivery {
  to: string;
  campaign: number;
  kind: DeliveryKind;
  /** The nudge slot ("-1d") or "deadline". */
  slot?: string;
  key: string;
  text: string;
  /** Not before this time (quiet hours); absent: now. */
  at?: Date;
}

export interface SchedulerDeps extends ProgressDeps {
  campaigns: CampaignRows;
  flows: Pick<FlowCatalog, 'byId' | 'byHash'>;
  outbox: OutboxPort;
  /** Who gets the summary at the deadline (ADMIN_CONTACTS). */
  admins?: string[];
}

export class Scheduler {
  constructor(private readonly deps: SchedulerDeps) {}

  /**
   * Sends what is due at `now`; returns the messages newly put in the outbox. Several processes may tick on one
   * database: each job is claimed by one of them, and the outbox keys drop any repeat.
   *
   * @example const sent = await scheduler.tick(new Date());
   */
  async tick(now: Date): Promise<Delivery[]> {
    return [...(await this.notifyAssignees(now)), ...(await this.runDueJobs(now))];
  }

  /**
   * What tick(at) would send if nothing had been sent yet: the planned slots of each open campaign
   * due by `at`, through the same catch-up rule, with today's progress. Nothing is sent or claimed.
   */
  async preview(at: Date): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const c of await this.deps.campaigns.openCampaigns()) {
      const due = planJobs(c).filter((j) => j.dueAt > c.createdAt && j.dueAt <= at);
      const sel = selectDue(c, due, at);
      if (sel.run) out.push(...(await this.deliveriesFor(c, sel.run, at)));
    }
    return out;
  }

  /**
   * 催办: a nudge to everyone not done in one campaign or all open ones (or to one person). From chat it
   * goes now, whatever the hour (a coordinator asked); `respectQuiet` (the web console) holds it until
   * the quiet hours end, never past the deadline. The same request within a minute is not sent twice.
   */
  async urge(
    now: Date,
    campaignId?: number,
    opts: { user?: string; respectQuiet?: boolean } = {},
  ): Promise<{ sent: Delivery[]; repeated: Delivery[] }> {
    const list = (await this.deps.campaigns.openCampaigns()).filter(
      (c) => campaignId === undefined || c.id === campaignId,
    );
    const minute = now.toISOString().slice(0, 16);
    const sent: Delivery[] = [];
    const repeated: Delivery[] = [];
    for (const c of list) {
      const form = this.formTitle(c);
      const at = opts.respectQuiet ? sendTime(now, c.tz, c.quiet, c.deadline > now ? c.deadline : undefined) : now;
      for (const p of await this.progressOf(c)) {
        if (isDone(p) || (opts.user !== undefined && p.user !== opts.user)) continue;
        const d: Delivery = {
          to: p.user,
          campaign: c.id,
          kind: 'urge',
          key: `urge:${c.id}:${p.user}:${minute}`,
          text: nudgeText(c, form, p, now),
        };
        if (at > now) d.at = at;
        ((await this.enqueue(d)) ? sent : repeated).push(d);
      }
    }
    return { sent, repeated };
  }

  private progressOf(c: Campaign): Promise<AssigneeProgress[]> {
    return campaignProgress(this.deps, c);
  }

  private formTitle(c: Campaign): string {
    return formTitle(this.deps, c);
  }

  /** The assignment message, once per person and campaign, outside quiet hours; not to someone already done. */
  private async notifyAssignees(now: Date): Promise<Delivery[]> {
    const out: Delivery[] = [];
    const cache = new Map<number, Campaign | undefined>();
    for (const a of await this.deps.campaigns.toNotify()) {
      if (!cache.has(a.campaignId)) cache.set(a.campaignId, await this.deps.campaigns.get(a.campaignId));
      const c = cache.get(a.campaignId);
      if (!c) continue;
      const p = await assigneeProgress(this.deps, c.flowId, a.user);
      if (!isDone(p)) {
        const at = sendTime(now, c.tz, c.quiet, c.deadline > now ? c.deadline : undefined);
        const d: Delivery = {
          to: a.user,
          campaign: c.id,
          kind: 'assign',
          key: `assign:${c.id}:${a.user}`,
          text: assignText(c, this.formTitle(c), p.total, now),
        };
        if (at > now) d.at = at;
        if (await this.enqueue(d)) out.push(d);
      }
      await this.deps.campaigns.markNotified(c.id, a.user, now);
    }
    return out;
  }

  private async runDueJobs(now: Date): Promise<Delivery[]> {
    const store = this.deps.campaigns;
    const byCampaign = new Map<number, JobRow[]>();
    for (const j of await store.dueJobs(now))
      byCampaign.set(j.campaignId, [...(byCampaign.get(j.campaignId) ?? []), j]);
    const out: Delivery[] = [];
    for (const [id, jobs] of byCampaign) {
      const c = await store.get(id);
      if (!c) continue;
      const sel = selectDue(c, jobs, now);
      for (const j of sel.skip) if (await store.claim(j.id, now)) await store.finish(j.id, 'skipped', now);
      if (!sel.run || !(await store.claim(sel.run.id, now))) continue;
      // Enqueue first, then mark done: a crash in between re-runs the job after the lease, and the keys drop the repeats.
      for (const d of await this.deliveriesFor(c, sel.run, now)) if (await this.enqueue(d)) out.push(d);
      await store.finish(sel.run.id, 'done', now);
    }
    return out;
  }

  private async deliveriesFor(c: Campaign, job: PlannedJob, now: Date): Promise<Delivery[]> {
    const form = this.formTitle(c);
    const all = await this.progressOf(c);
    const late = all.filter((p) => !isDone(p));
    if (job.kind === 'nudge') {
      return late.map((p) => ({
        to: p.user,
        campaign: c.id,
        kind: 'nudge',
        slot: job.slot,
        key: `nudge:${c.id}:${p.user}:${job.slot}`,
        text: nudgeText(c, form, p, now),
      }));
    }
    const notices: Delivery[] = late.map((p) => ({
      to: p.user,
      campaign: c.id,
      kind: 'overdue',
      slot: job.slot,
      key: `overdue:${c.id}:${p.user}`,
      text: overdueText(c, form, p, now),
    }));
    const summary = summaryText(c, form, all, now);
    const admins = [...new Set(this.deps.admins ?? [])];
    return [
      ...notices,
      ...admins.map(
        (a): Delivery => ({
          to: a,
          campaign: c.id,
          kind: 'summary',
          slot: job.slot,
          key: `summary:${c.id}:${a}`,
          text: summary,
        }),
      ),
    ];
  }

  private async enqueue(d: Delivery): Promise<boolean> {
    return this.deps.outbox.enqueue(
      d.to,
      [{ kind: 'text', text: d.text }],
      d.at ? { key: d.key, at: d.at } : { key: d.key },
    );
  }
}
