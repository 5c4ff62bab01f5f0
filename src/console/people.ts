// Where each assignee of a campaign stands, for the progress table, the charts and the 汇总: the campaigns'
// own progress (the same as `tianbao status`) plus, for a submitted form, the scorer's report of its answers.

import type { Campaign } from '../campaigns/model.js';
import { type AssigneeProgress, assigneeProgress, type SessionReads } from '../campaigns/progress.js';
import { type Level1Score, level1Scores } from '../charts/level1.js';
import type { Flow } from '../core/flow/model.js';
import { gradeOf, scoreFlow } from '../core/scoring/score-flow.js';
import type { ScoreReport } from '../core/types.js';
import { toRaw } from '../engine/answer-book.js';
import type { Engine } from '../engine/engine.js';
import type { FlowCatalog, ReportRow, SessionRow, Store } from '../engine/ports.js';
import type { CampaignRows } from '../store/campaign-rows.js';
import type { ConsoleState } from '../store/console-state.js';
import type { Review } from '../store/reviews.js';

/**
 * What the console is handed (the app's wiring builds it; the console imports no adapter): the engine, the store's
 * reads, the forms, the campaigns and the console's own state ports.
 */
export interface ConsoleApp {
  engine: Engine;
  /** The store's reads; the campaigns' progress still reads sessions synchronously (SessionReads). */
  store: Store & SessionReads;
  catalog: FlowCatalog & { readonly flows: Flow[]; readonly errors: string[]; reload(): unknown };
  campaigns: CampaignRows;
  consoleState: ConsoleState;
}

export interface PersonRow extends AssigneeProgress {
  /** Not submitted and the deadline has passed. */
  late: boolean;
  /** The latest submitted revision's total (from its report), and its grade by the form's bands. */
  grade: string | null;
  /** The latest submitted version as the scorer reads it; only while the form is unchanged since. */
  report?: ScoreReport;
  /** The form version the submitted answers were given on (a campaign's people may be on different versions). */
  flow?: Flow;
  /** When the submitted version was saved (the session is unchanged since), ISO. */
  submittedAt?: string;
  /** The session the submitted version belongs to. */
  sessionId?: number;
  groups?: Level1Score[];
}

/** What a person submitted, read from their session: the flow version they filled and its score report. */
export interface Submitted {
  session: SessionRow;
  flow: Flow;
  report: ScoreReport;
}

/**
 * Scoring is pure, so a session's report is cached by (session, save time): polling the progress
 * page every few seconds scores each submitted form once, not once per poll.
 */
const CACHE_MAX = 2000;
/** Per database: two consoles (or tests) on different stores never share an entry. */
const caches = new WeakMap<object, { reports: Map<string, ScoreReport>; rows: Map<string, Omit<PersonRow, 'late'>> }>();
function cachesOf(app: ConsoleApp) {
  let c = caches.get(app.store);
  if (!c) {
    c = { reports: new Map(), rows: new Map() };
    caches.set(app.store, c);
  }
  return c;
}

export async function submittedReport(app: ConsoleApp, user: string, flowId: string): Promise<Submitted | undefined> {
  const session = await app.store.latestSession(user, flowId);
  if (session?.status !== 'submitted') return undefined;
  const flow = app.catalog.byHash(session.flowId, session.flowHash);
  if (!flow) return undefined;
  const key = `${session.id}:${session.revision}:${session.updatedAt}`;
  const cache = cachesOf(app).reports;
  let report = cache.get(key);
  if (!report) {
    report = scoreFlow(flow, toRaw(await app.store.answers(session.id)));
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(key, report);
  }
  return { session, flow, report };
}

/**
 * A row depends only on the person's latest session of the form (its saves decide the progress, its
 * revision the report) and on the clock (逾期). Polling 500 rows every few seconds would read 500
 * sessions' answers each time; keyed by the session's save time and control state (every turn that
 * changes an answer saves both), only the rows that changed are read again.
 */
export async function personRow(app: ConsoleApp, c: Campaign, user: string, now: Date): Promise<PersonRow> {
  const session = await app.store.latestSession(user, c.flowId);
  const key = session
    ? `${c.flowId}\u0000${user}\u0000${session.id}\u0000${session.status}\u0000${session.revision}\u0000${session.updatedAt}\u0000${session.control}`
    : undefined;
  const rowCache = cachesOf(app).rows;
  let row = key ? rowCache.get(key) : undefined;
  if (!row) {
    row = await readRow(app, c, user);
    if (key) {
      if (rowCache.size >= CACHE_MAX) rowCache.delete(rowCache.keys().next().value!);
      rowCache.set(key, row);
    }
  }
  return { ...row, late: row.state !== 'submitted' && c.deadline <= now };
}

async function readRow(app: ConsoleApp, c: Campaign, user: string): Promise<Omit<PersonRow, 'late'>> {
  const p = await assigneeProgress({ store: app.store, engine: app.engine, flows: app.catalog }, c.flowId, user);
  const sub = p.state === 'submitted' ? await submittedReport(app, user, c.flowId) : undefined;
  const flow = sub?.flow ?? app.catalog.byId(c.flowId);
  const score = p.revision > 0 ? (p.score ?? null) : null;
  return {
    ...p,
    score,
    grade: score !== null && flow ? gradeOf(flow, score) : null,
    report: sub?.report,
    flow: sub?.flow,
    submittedAt: p.state === 'submitted' ? p.lastActivity : undefined,
    sessionId: sub?.session.id,
    groups: sub ? level1Scores(sub.report) : undefined,
  };
}

export async function campaignRows(app: ConsoleApp, c: Campaign, now: Date): Promise<PersonRow[]> {
  const out: PersonRow[] = [];
  for (const a of await app.campaigns.assignees(c.id)) {
    // The name is added after the row cache: renaming someone shows at once, whatever their session.
    const row = await personRow(app, c, a.user, now);
    out.push(a.name ? { ...row, name: a.name } : row);
  }
  return out;
}

/** The table's status words: 未开始 / 填写中 n/N / 已提交 第k版 / 已审核 / 退回修改（第k版） / 修改中 / 逾期. */
export function statusLabel(r: PersonRow & { review?: Review }): string {
  const progress = `${r.answered}/${r.total}`;
  if (r.review?.kind === 'returned') {
    const base = `退回修改（第${r.review.revision}版）${r.state === 'editing' ? ` · 修改中 ${progress}` : ''}`;
    return r.late ? `逾期 · ${base}` : base;
  }
  if (r.state === 'submitted') return `${r.review?.kind === 'approved' ? '已审核' : '已提交'} 第${r.revision}版`;
  const base =
    r.state === 'editing'
      ? `修改中 ${progress}（已提交第${r.revision}版）`
      : r.state === 'open'
        ? `填写中 ${progress}`
        : '未开始';
  return r.late ? `逾期 · ${base}` : base;
}

/** A person's submitted versions of this campaign's form, newest first, as the engine recorded them. */
export async function submittedVersions(app: ConsoleApp, c: Campaign, user: string): Promise<ReportRow[]> {
  return (await app.store.reportsOf(user))
    .filter((r) => r.flowId === c.flowId)
    .sort((a, b) => b.sessionId - a.sessionId || b.revision - a.revision);
}

/** Whether a person is (still) an assignee of the campaign: one campaign's data never shows under another's id. */
export async function isAssignee(app: ConsoleApp, c: Campaign, user: string): Promise<boolean> {
  return (await app.campaigns.assignees(c.id)).some((a) => a.user === user);
}
