// `tianbao status` and the 汇总 admin command: each assignee's progress, per campaign.
import { flowLabel } from '../core/flow/label.js';
import type { CampaignRows } from '../store/campaign-rows.js';
import { statusText } from './messages.js';
import type { Campaign } from './model.js';
import { type AssigneeProgress, assigneeProgress, type ProgressDeps } from './progress.js';
import { nt } from './texts.js';

export interface StatusDeps extends ProgressDeps {
  campaigns: Pick<CampaignRows, 'assignees'>;
}

export interface CampaignStatus {
  id: number;
  title: string;
  flowId: string;
  form: string;
  deadline: string;
  tz: string;
  status: Campaign['status'];
  submitted: number;
  assignees: Array<{
    assignee: string;
    /** The display name, or null when none was given (shown by the key). */
    name: string | null;
    state: AssigneeProgress['state'];
    answered: number;
    total: number;
    next: AssigneeProgress['next'] | null;
    lastActivity: string | null;
    revision: number;
    score: number | null;
  }>;
}

/** Each assignee's progress (with their display name), in the order they were added. @example await campaignProgress(deps, c) */
export async function campaignProgress(deps: StatusDeps, c: Campaign): Promise<AssigneeProgress[]> {
  const out: AssigneeProgress[] = [];
  for (const a of await deps.campaigns.assignees(c.id)) {
    const p = await assigneeProgress(deps, c.flowId, a.user);
    out.push(a.name ? { ...p, name: a.name } : p);
  }
  return out;
}

export function formTitle(deps: Pick<ProgressDeps, 'flows'>, c: Campaign): string {
  const f = deps.flows.byId(c.flowId);
  return f ? flowLabel(f) : c.flowId;
}

export async function campaignStatus(deps: StatusDeps, c: Campaign): Promise<CampaignStatus> {
  const all = await campaignProgress(deps, c);
  return {
    id: c.id,
    title: c.title,
    flowId: c.flowId,
    form: formTitle(deps, c),
    deadline: c.deadline.toISOString(),
    tz: c.tz,
    status: c.status,
    submitted: all.filter((p) => p.state === 'submitted').length,
    assignees: all.map((p) => ({
      assignee: p.user,
      name: p.name ?? null,
      state: p.state,
      answered: p.answered,
      total: p.total,
      next: p.next ?? null,
      lastActivity: p.lastActivity ?? null,
      revision: p.revision,
      // A score only for what was submitted: the latest submitted revision's total.
      score: p.revision > 0 ? (p.score ?? null) : null,
    })),
  };
}

export async function statusReport(deps: StatusDeps, list: Campaign[], now: Date): Promise<string> {
  if (!list.length) return nt('no_campaigns');
  const parts: string[] = [];
  for (const c of list) parts.push(statusText(c, formTitle(deps, c), await campaignProgress(deps, c), now));
  return parts.join('\n\n');
}

/** The status dependencies of a built app (src/app/build-engine.ts). */
export function appStatusDeps(
  app: Pick<StatusDeps, 'campaigns' | 'store' | 'engine'> & { catalog: StatusDeps['flows'] },
): StatusDeps {
  return { campaigns: app.campaigns, store: app.store, engine: app.engine, flows: app.catalog };
}
