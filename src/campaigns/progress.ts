// Where each assignee stands on the campaign's form, from the sessions and reports the engine keeps.
import type { Engine } from '../engine/engine.js';
import { newContext, progressCounts } from '../engine/interview.js';
import type { AnswerRow, FlowCatalog, MaybePromise, ReportRow, SessionRow } from '../engine/ports.js';

export type AssigneeState = 'new' | 'open' | 'editing' | 'submitted';

export interface AssigneeProgress {
  user: string;
  /** The display name the coordinator gave (张三 for ZhangSan), if any. */
  name?: string;
  /** new: never started; open: filling, never submitted; editing: changed after a submission; submitted: done. */
  state: AssigneeState;
  answered: number;
  total: number;
  /** The open question, where 继续 resumes. */
  next?: { n: number; label: string };
  /** Latest submitted revision (0: none). */
  revision: number;
  lastActivity?: string;
  /** Total of the latest submitted revision; null while its score is pending. */
  score?: number | null;
}

/** The session reads progress needs: the engine's `Store` port (either backend). */
export interface SessionReads {
  latestSession(user: string, flowId: string): MaybePromise<SessionRow | undefined>;
  reportsOf(user: string): MaybePromise<ReportRow[]>;
  answers(sessionId: number): MaybePromise<AnswerRow[]>;
}

export interface ProgressDeps {
  store: SessionReads;
  engine: Pick<Engine, 'progress'>;
  flows: Pick<FlowCatalog, 'byId' | 'byHash'>;
}

/** Done means the latest session of the form is submitted and unchanged since (Engine: revision > 0, not dirty). */
export function isDone(p: AssigneeProgress): boolean {
  return p.state === 'submitted';
}

/**
 * Where one person stands on one form.
 *
 * @example (await assigneeProgress(deps, 'xinfang-2025', '王科长')).state // 'open'
 */
export async function assigneeProgress(deps: ProgressDeps, flowId: string, user: string): Promise<AssigneeProgress> {
  const session = await deps.store.latestSession(user, flowId);
  if (!session) {
    const flow = deps.flows.byId(flowId);
    const c = flow ? progressCounts(flow, newContext(flow)) : { answered: 0, total: 0, next: undefined };
    return { user, state: 'new', answered: c.answered, total: c.total, next: c.next, revision: 0 };
  }
  const p = deps.engine.progress(
    session,
    deps.flows.byHash(session.flowId, session.flowHash),
    await deps.store.answers(session.id),
  );
  const state: AssigneeState = session.status === 'submitted' ? 'submitted' : session.revision > 0 ? 'editing' : 'open';
  const report =
    session.revision > 0
      ? (await deps.store.reportsOf(user)).find((r) => r.sessionId === session.id && r.revision === session.revision)
      : undefined;
  return {
    user,
    state,
    answered: p?.answered ?? session.answered,
    total: p?.total ?? session.total,
    next: p?.next,
    revision: session.revision,
    lastActivity: session.updatedAt,
    score: report ? report.total : undefined,
  };
}
