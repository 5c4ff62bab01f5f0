import { createActor } from 'xstate';
import { explain } from '../core/explain/explain.js';
import { detectExplainIntent } from '../core/explain/intent.js';
import type { Flow, RawAnswers } from '../core/flow/model.js';
import { scoreFlow } from '../core/scoring/score-flow.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import { type Command, isYes, normalizeCommandText, parseCommand } from './commands.js';
import { explainFromTrace } from './explain-in-chat.js';
import {
  type AuditEntry,
  type InterviewContext,
  progressCounts,
  promptFor,
  scoreItem,
  type TurnOutput,
} from './interview.js';
import { type InterviewEvent, interviewer } from './machine.js';
import type { FlowCatalog, Inbound, Outbound, OutboxPort, ReportRow, SessionRow, Store } from './ports.js';
import { questionsOf } from './questions.js';
import { restoreSnapshot, SNAPSHOT_VERSION } from './snapshot.js';
import { t } from './texts.js';

/** Where the person is and how the chat numbers questions, so explanations speak the chat's language. */
export interface ExplainNav {
  currentId?: string;
  numberOf(id: string): number | undefined;
  idOf(n: number): string | undefined;
}

/**
 * Answers a question about scores without moving the person's place; null when the text is not
 * such a question. The report is computed only when it is one.
 */
export type Explainer = (text: string, report: () => ScoreReport, flow: Flow, nav: ExplainNav) => string | null;

/** Writes a finished report where the person can get it; returns what to send them. */
export interface ReportSink {
  save(row: {
    user: string;
    flow: Flow;
    sessionId: number;
    revision: number;
    report: ScoreReport;
    filledAt: Date;
  }): Promise<Outbound>;
}

/** Drafts a 偏差原因 for an item that fell short (LLM when configured, else a template). Never a score. */
export type ReasonDrafter = (item: ItemScore, flow: Flow) => Promise<string>;

const DRAFT_REQUEST = /^(帮我写|帮写|建议|给个建议|草拟|写个草稿|草稿)$/;

/**
 * Places a score question the deterministic matcher could not (an LLM picks the item; the reply text
 * still comes from the trace). Called before the transaction because it may wait on the network.
 */
export type QuestionPlacer = (text: string, report: ScoreReport, flow: Flow, nav: ExplainNav) => Promise<string | null>;

export interface EngineDeps {
  drafter?: ReasonDrafter;
  placer?: QuestionPlacer;
  store: Store;
  flows: FlowCatalog;
  reports?: ReportSink;
  /** Defaults to the deterministic explainer; null turns explanations off. */
  explainer?: Explainer | null;
  clock?: () => Date;
}

type PendingRender = { row: ReportRow; flow: Flow; ctx: InterviewContext };

/**
 * One conversation turn per inbound message: restore the person's session, send one event to the
 * interviewer, save everything in one transaction, then perform side effects (the report) outside it.
 * Sessions are loaded per message, never held, so memory does not grow with the number of people.
 */
export class Engine {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly clock: () => Date;
  private outbox?: OutboxPort;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * With an outbox in the same database, a turn's text replies are enqueued inside the turn's own
   * transaction: a crash can lose neither the answer nor the reply to it. handle() then returns files only.
   */
  useOutbox(outbox: OutboxPort): void {
    this.outbox = outbox;
  }

  /** Messages of one person are handled strictly in order; different people interleave. */
  handle(msg: Inbound): Promise<Outbound[]> {
    const prev = this.queues.get(msg.user) ?? Promise.resolve();
    const next = prev.then(
      () => this.handleNow(msg),
      () => this.handleNow(msg),
    );
    const tail = next.catch(() => undefined);
    this.queues.set(msg.user, tail);
    void tail.then(() => {
      if (this.queues.get(msg.user) === tail) this.queues.delete(msg.user);
    });
    return next;
  }

  private async handleNow(msg: Inbound): Promise<Outbound[]> {
    const at = msg.at ?? this.clock();
    const renders: PendingRender[] = [];
    // Drafting may wait on an LLM, so it happens before the transaction; the turn only records it.
    const draft = await this.draftFor(msg);
    const placed = draft === undefined ? await this.placeQuestion(msg) : null;
    const replies = this.deps.store.tx(() => {
      if (!this.deps.store.claimMessage(msg.id, msg.user, at.toISOString())) return null;
      const texts = placed ? [placed] : this.turn(msg, at, renders, draft);
      if (this.outbox && texts.length) {
        this.outbox.enqueue(msg.user, [{ kind: 'text', text: texts.join('\n\n') }], { key: `reply:${msg.id}:text` });
        return [];
      }
      return texts;
    });
    if (replies === null) return [];
    const out: Outbound[] = replies.length ? [{ kind: 'text', text: replies.join('\n\n') }] : [];
    for (const r of renders) out.push(...(await this.render(r, at)));
    return out;
  }

  /** A session's flow version and context, read without changing anything; undefined if it cannot be restored. */
  private peek(session: SessionRow | undefined): { flow: Flow; ctx: InterviewContext } | undefined {
    const flow = session && this.deps.flows.byHash(session.flowId, session.flowHash);
    const restored = session && flow ? restoreSnapshot(session, flow) : undefined;
    return flow && restored?.ok ? { flow, ctx: restored.context } : undefined;
  }

  private async draftFor(msg: Inbound): Promise<string | undefined> {
    if (!this.deps.drafter || !DRAFT_REQUEST.test(normalizeCommandText(msg.text))) return undefined;
    const current = this.peek(this.deps.store.activeSession(msg.user));
    if (current?.ctx.route !== 'reason' || !current.ctx.pending) return undefined;
    const { flow, ctx } = current;
    const ind = flow.indicators.find((i) => i.id === ctx.pending);
    if (!ind) return undefined;
    try {
      return await this.deps.drafter(scoreItem(flow, ctx, ind), flow);
    } catch {
      return undefined;
    }
  }

  private async placeQuestion(msg: Inbound): Promise<string | null> {
    if (!this.deps.placer || parseCommand(msg.text) || !detectExplainIntent(msg.text)) return null;
    const current = this.peek(this.deps.store.activeSession(msg.user));
    if (!current) return null;
    const { flow, ctx } = current;
    const nav = navOf(flow, ctx);
    const report = scoreFlow(flow, ctx.answers as RawAnswers);
    if (explain(msg.text, report, { ...nav, grades: flow.grades }).kind !== 'no_match') return null;
    try {
      const text = await this.deps.placer(msg.text, report, flow, nav);
      return text === null ? null : withPlace(text, ctx);
    } catch {
      return null;
    }
  }

  private turn(msg: Inbound, at: Date, renders: PendingRender[], draft?: string): string[] {
    const store = this.deps.store;
    const session = store.activeSession(msg.user);
    const cmd = parseCommand(msg.text);
    if (!session) return this.router(msg, at, cmd);
    if (cmd?.type === 'SWITCH') {
      store.setActiveSession(msg.user, null);
      return this.formList(msg.user);
    }
    const flow = this.deps.flows.byHash(session.flowId, session.flowHash);
    if (!flow) {
      store.setActiveSession(msg.user, null);
      return [t('flow_gone', { flowId: session.flowId }), ...this.formList(msg.user)];
    }
    const restored = restoreSnapshot(session, flow);
    if (!restored.ok) {
      // Never a crash: the person is told, the session is closed, history keeps the answers.
      store.setActiveSession(msg.user, null);
      store.appendHistory([
        {
          sessionId: session.id,
          user: msg.user,
          itemId: '*',
          kind: 'snapshot_lost',
          text: restored.reason,
          at: at.toISOString(),
        },
      ]);
      return [t('snapshot_lost', { title: flow.title })];
    }

    const explained = cmd ? null : this.explain(msg.text, flow, restored.context);
    if (explained) return [explained];

    const event: InterviewEvent = draft !== undefined ? { type: 'SUGGEST', draft, flow } : toEvent(cmd, msg.text, flow);
    const outputs: TurnOutput[] = [];
    const actor = createActor(interviewer, { snapshot: restored.snapshot, input: { flow } });
    actor.on('output', (e) => outputs.push(e.out));
    actor.start();
    if (actor.getSnapshot().status !== 'error') actor.send(event);
    const snap = actor.getSnapshot();
    if (snap.status === 'error') {
      actor.stop();
      store.setActiveSession(msg.user, null);
      store.appendHistory([
        {
          sessionId: session.id,
          user: msg.user,
          itemId: '*',
          kind: 'snapshot_lost',
          text: String(snap.error),
          at: at.toISOString(),
        },
      ]);
      return [t('snapshot_lost', { title: flow.title })];
    }
    const persisted = actor.getPersistedSnapshot();
    actor.stop();
    const ctx = snap.context;
    this.save(session.id, msg.user, flow, persisted, ctx, at, outputs, renders);
    return outputs.flatMap((o) => o.replies);
  }

  private save(
    sessionId: number,
    user: string,
    flow: Flow,
    persisted: unknown,
    ctx: InterviewContext,
    at: Date,
    outputs: TurnOutput[],
    renders: PendingRender[],
  ): void {
    const store = this.deps.store;
    const p = progressCounts(flow, ctx);
    store.saveSession(
      sessionId,
      {
        snapshot: JSON.stringify(persisted),
        snapshotVersion: SNAPSHOT_VERSION,
        status: ctx.revision > 0 && !ctx.dirty ? 'submitted' : 'open',
        revision: ctx.revision,
        answered: p.answered,
        total: p.total,
      },
      at.toISOString(),
    );
    const audit: AuditEntry[] = outputs.flatMap((o) => o.audit);
    if (audit.length)
      store.appendHistory(
        audit.map((a) => ({ sessionId, user, itemId: a.itemId, kind: a.kind, text: a.text, at: at.toISOString() })),
      );
    for (const o of outputs) {
      if (o.submitRevision === undefined) continue;
      const report = scoreFlow(flow, ctx.answers as RawAnswers);
      const row: ReportRow = {
        sessionId,
        revision: o.submitRevision,
        user,
        flowId: flow.id,
        path: '',
        status: 'pending',
        total: report.total,
      };
      store.addReport(row);
      renders.push({ row, flow, ctx });
    }
  }

  /** No active session: greet, list the forms, or start the one chosen. */
  private router(msg: Inbound, at: Date, cmd: Command | null): string[] {
    const flows = this.deps.flows.list(msg.user);
    if (!flows.length) return [t('greeting'), t('no_forms')];
    const chosen = chooseFlow(flows, msg.text, cmd);
    if (chosen) return this.start(msg.user, chosen, at);
    if (flows.length === 1 && (cmd?.type === 'CONTINUE' || isYes(msg.text))) return this.start(msg.user, flows[0], at);
    return [t('greeting'), ...this.formList(msg.user)];
  }

  private formList(user: string): string[] {
    const flows = this.deps.flows.list(user);
    if (!flows.length) return [t('no_forms')];
    const unfinished = this.deps.store
      .sessionsOf(user)
      .filter((s) => s.status === 'open' && s.answered > 0)
      .pop();
    const lines: string[] = [];
    if (unfinished) {
      const f = flows.find((x) => x.id === unfinished.flowId);
      if (f)
        lines.push(t('offer_continue', { title: f.title, answered: unfinished.answered, total: unfinished.total }));
    }
    if (flows.length === 1) lines.push(t('offer_single', { title: titleOf(flows[0]) }));
    else lines.push(t('choose_form', { list: flows.map((f, i) => `${i + 1}. ${titleOf(f)}`).join('\n') }));
    return lines;
  }

  /** Starts a form, or returns to the person's latest session of it (open or submitted). */
  private start(user: string, flow: Flow, at: Date): string[] {
    const store = this.deps.store;
    const existing = store.latestSession(user, flow.id);
    const pinned = this.peek(existing);
    if (existing && pinned) {
      store.setActiveSession(user, existing.id);
      return [t('resumed', { title: pinned.flow.title }), promptFor(pinned.flow, pinned.ctx)];
    }
    const outputs: TurnOutput[] = [];
    const actor = createActor(interviewer, { input: { flow } });
    actor.on('output', (e) => outputs.push(e.out));
    actor.start();
    actor.send({ type: 'START', flow });
    const persisted = actor.getPersistedSnapshot();
    const ctx = actor.getSnapshot().context;
    actor.stop();
    const text = this.deps.flows.sourceOf(flow);
    if (text !== undefined) store.saveFlowVersion(flow.hash, flow.id, text);
    const p = progressCounts(flow, ctx);
    const id = store.createSession(
      user,
      flow.id,
      flow.hash,
      {
        snapshot: JSON.stringify(persisted),
        snapshotVersion: SNAPSHOT_VERSION,
        status: 'open',
        revision: 0,
        answered: p.answered,
        total: p.total,
      },
      at.toISOString(),
    );
    store.setActiveSession(user, id);
    const intro = [t('start_form', { title: titleOf(flow), total: p.total })];
    if (flow.notes.length) intro.push(t('notes', { notes: flow.notes.join('；') }));
    return [...intro, ...outputs.flatMap((o) => o.replies)];
  }

  private explain(text: string, flow: Flow, ctx: InterviewContext): string | null {
    const explainer = this.deps.explainer === undefined ? explainFromTrace : this.deps.explainer;
    if (!explainer) return null;
    const reply = explainer(text, () => scoreFlow(flow, ctx.answers as RawAnswers), flow, navOf(flow, ctx));
    return reply === null ? null : withPlace(reply, ctx);
  }

  /** Idempotent per (session, revision): a finished report is never rendered twice. */
  private async render(p: PendingRender, at: Date): Promise<Outbound[]> {
    const store = this.deps.store;
    if (!this.deps.reports) return [];
    try {
      const report = scoreFlow(p.flow, p.ctx.answers as RawAnswers);
      const out = await this.deps.reports.save({
        user: p.row.user,
        flow: p.flow,
        sessionId: p.row.sessionId,
        revision: p.row.revision,
        report,
        filledAt: at,
      });
      store.setReportStatus(p.row.sessionId, p.row.revision, 'done');
      return [out];
    } catch (e) {
      store.setReportStatus(p.row.sessionId, p.row.revision, 'failed');
      console.error(`report rendering failed for session ${p.row.sessionId} r${p.row.revision}:`, e);
      return [{ kind: 'text', text: t('report_failed') }];
    }
  }

  /** Reports that were submitted but not rendered (the process stopped in between): render them now. */
  async resumePendingReports(): Promise<Array<{ user: string; out: Outbound[] }>> {
    const results: Array<{ user: string; out: Outbound[] }> = [];
    for (const row of this.deps.store.pendingReports()) {
      const current = this.peek(this.deps.store.sessionsOf(row.user).find((s) => s.id === row.sessionId));
      if (!current) {
        this.deps.store.setReportStatus(row.sessionId, row.revision, 'failed');
        continue;
      }
      results.push({ user: row.user, out: await this.render({ row, ...current }, this.clock()) });
    }
    return results;
  }

  /** Where a person stands on a form: for reminders and the coordinator's status. */
  progress(
    user: string,
    flowId: string,
  ):
    | { answered: number; total: number; next?: { n: number; label: string }; revision: number; updatedAt?: string }
    | undefined {
    const s = this.deps.store.latestSession(user, flowId);
    if (!s) return undefined;
    const current = this.peek(s);
    if (!current) return { answered: s.answered, total: s.total, revision: s.revision, updatedAt: s.updatedAt };
    return { ...progressCounts(current.flow, current.ctx), revision: s.revision, updatedAt: s.updatedAt };
  }
}

function navOf(flow: Flow, ctx: InterviewContext): ExplainNav {
  const qs = questionsOf(flow);
  return {
    currentId: ctx.pending ?? qs[ctx.cursor]?.id,
    numberOf: (id) => {
      const i = qs.findIndex((q) => q.id === id);
      return i >= 0 ? i + 1 : undefined;
    },
    idOf: (n) => qs[n - 1]?.id,
  };
}

/** Asking never moves the person's place: remind them what is open. */
function withPlace(reply: string, ctx: InterviewContext): string {
  const open = ctx.route === 'ask' || ctx.route === 'reason' || ctx.route === 'manual';
  return open ? `${reply}\n\n${t('explain_back', { n: ctx.cursor + 1 })}` : reply;
}

function titleOf(f: Flow): string {
  const org = f.org ? `${f.org} ` : '';
  return `${org}${f.year ? `${f.year}年度` : ''}${f.title}${f.project ? `（${f.project}）` : ''}`;
}

function chooseFlow(flows: Flow[], text: string, cmd: Command | null): Flow | undefined {
  if (cmd) return undefined;
  const norm = normalizeCommandText(text)
    .replace(/^第/, '')
    .replace(/[个张项]$/, '');
  if (/^\d+$/.test(norm)) return flows[Number(norm) - 1];
  return (
    flows.find((f) => f.id.toLowerCase() === norm) ??
    flows.find((f) => norm.length >= 2 && normalizeCommandText(titleOf(f)).includes(norm))
  );
}

function toEvent(cmd: Command | null, text: string, flow: Flow): InterviewEvent {
  if (!cmd) return { type: 'TEXT', text, flow };
  if (cmd.type === 'EDIT') return { type: 'EDIT', target: cmd.target, flow };
  if (cmd.type === 'SWITCH' || cmd.type === 'GREET') return { type: 'CONTINUE', flow };
  return { type: cmd.type, flow } as InterviewEvent;
}

export type { SessionRow };
