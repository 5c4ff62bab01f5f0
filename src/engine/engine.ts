import { createActor, fromPromise, transition, waitFor } from 'xstate';
import { explain } from '../core/explain/explain.js';
import { detectExplainIntent } from '../core/explain/intent.js';
import type { Flow } from '../core/flow/model.js';
import { scoreFlow } from '../core/scoring/score-flow.js';
import { stripInvisible } from '../core/text/invisible.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import type { Logger } from '../outbox/logger.js';
import { AnswerBook, toRaw } from './answer-book.js';
import { INBOUND_LIMIT, scoreDerived } from './answer-facts.js';
import { type Command, isYes, normalizeCommandText, parseCommand } from './commands.js';
import { CONTROL_VERSION, type Control, newControl, parseControl, rebuildControl, type StateName } from './control.js';
import { explainFromTrace } from './explain-in-chat.js';
import { type InterviewEvent, interviewer, promptOf, type TurnIO, type TurnOutput } from './machine.js';
import type {
  AnswerRow,
  FlowCatalog,
  Inbound,
  Outbound,
  OutboxPort,
  ReportRow,
  SessionRow,
  Store,
  StoreReads,
  StoreTx,
} from './ports.js';
import { excerpt } from './prompts.js';
import { idOfNumber, numberOf, questionsOf } from './questions.js';
import { type Progress, progressCounts } from './review.js';
import { SerialByKey } from './serial-by-key.js';
import { t } from './texts.js';

/** Where the person is and how the chat numbers items, so explanations speak the chat's language. */
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

/**
 * Writes a finished report where the person can get it; returns what to send them, the document first
 * (its path is the one recorded), then anything that goes with it (the score chart).
 */
export interface ReportSink {
  save(row: {
    user: string;
    flow: Flow;
    sessionId: number;
    revision: number;
    report: ScoreReport;
    filledAt: Date;
  }): Promise<Outbound | Outbound[]>;
}

/** Drafts a 偏差原因 for an item that fell short (LLM when configured, else a template). Never a score. */
export type ReasonDrafter = (item: ItemScore, flow: Flow) => Promise<string>;

const DRAFT_REQUEST = /^(帮我写|帮写|建议|给个建议|草拟|写个草稿|草稿)$/;
const NEXT_PAGE = /^(下一页|下页|更多|预览下一页)$/;
const PREVIEW_ALL = /^(预览全部|全部预览|查看全部|看全部)$/;

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
  /** Where the engine's own failures are logged (the app passes its pino logger); JSON on stderr by default. */
  log?: Logger;
}

type PendingRender = { row: ReportRow; flow: Flow };
/** A draft turn run before the transaction, saved inside it. */
type Drafted = { cur: Loaded; state: StateName; control: Control; out: TurnOutput };

/** A message read once: a command, a request for a draft, or text (an answer or a question about scores). */
type Classified =
  | { kind: 'command'; cmd: Command }
  | { kind: 'draft' }
  | { kind: 'page'; page: number | 'next' }
  | { kind: 'text'; text: string };

function classify(text: string): Classified {
  const norm = normalizeCommandText(text);
  if (NEXT_PAGE.test(norm)) return { kind: 'page', page: 'next' };
  if (PREVIEW_ALL.test(norm)) return { kind: 'page', page: 1 };
  const cmd = parseCommand(text);
  if (cmd) return { kind: 'command', cmd };
  if (DRAFT_REQUEST.test(norm)) return { kind: 'draft' };
  return { kind: 'text', text };
}

/** A session as a turn works on it: its flow version, its state, its control state and its answers. */
interface Loaded {
  session: SessionRow;
  flow: Flow;
  state: StateName;
  control: Control;
  book: AnswerBook;
  /** Set when the control state had to be rebuilt from the answer rows. */
  rebuilt?: string;
  /** The report row of the current revision (进度 after submission, 确认 after a failed render). */
  report?: ReportRow;
}

/**
 * One conversation turn per inbound message: read the person's session (its small control state and only
 * the answer rows the turn needs), send one event to the statechart, and write the changed rows, the
 * control state, the history and the replies in one transaction. Reports are rendered afterwards; each is
 * marked done and its file queued in one transaction step.
 */
export class Engine {
  private readonly queues = new SerialByKey();
  private readonly clock: () => Date;
  private readonly log: Logger;
  private outbox?: OutboxPort;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? (() => new Date());
    // Without the app's logger (tests, embedding), failures still reach stderr with their stack.
    this.log = deps.log ?? ((level, event, fields) => console.error(level, event, fields));
  }

  /**
   * With an outbox in the same database, a turn's text replies are enqueued inside the turn's own
   * transaction: a crash can lose neither the answer nor the reply to it. handle() then returns nothing.
   */
  useOutbox(outbox: OutboxPort): void {
    this.outbox = outbox;
  }

  /** Messages of one person are handled strictly in order; different people interleave. */
  handle(msg: Inbound): Promise<Outbound[]> {
    // Every channel passes here: invisible direction and format characters never reach a turn (issue 21).
    return this.queues.run(msg.user, () => this.handleNow({ ...msg, text: stripInvisible(msg.text) }));
  }

  private async handleNow(msg: Inbound): Promise<Outbound[]> {
    const at = msg.at ?? this.clock();
    const renders: PendingRender[] = [];
    // A message too long to be an answer is refused before it is parsed, and never echoed.
    const tooLong = [...msg.text].length > INBOUND_LIMIT;
    const c: Classified = tooLong ? { kind: 'text', text: '' } : classify(msg.text);
    // Drafting and placing a question may wait on an LLM, so they happen before the transaction.
    const drafted = c.kind === 'draft' ? await this.draftTurn(msg.user, at) : undefined;
    const placed = c.kind === 'text' && !tooLong ? await this.placeQuestion(msg.user, c.text) : null;
    const replies = await this.deps.store.tx(async (s) => {
      await s.lockPerson(msg.user);
      if (!(await s.claimMessage(msg.id, msg.user, at.toISOString()))) return null;
      const texts = tooLong
        ? [t('message_too_long', { limit: INBOUND_LIMIT })]
        : placed
          ? [placed]
          : drafted && (await this.unchanged(s, drafted.cur.session))
            ? await this.saveDrafted(s, drafted, at, renders)
            : await this.turn(s, msg.user, c, at, renders);
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

  /** Reads a session: its flow version and control state; a control state that cannot be read is rebuilt from the rows. */
  private async load(s: StoreReads, session: SessionRow): Promise<Loaded | undefined> {
    const flow = await this.flowOf(s, session);
    if (!flow) return undefined;
    const book = new AnswerBook(await s.answers(session.id));
    const report = session.revision > 0 ? await s.report(session.id, session.revision) : undefined;
    const restored = parseControl(session, flow);
    if (restored.ok) return { session, flow, state: restored.state, control: restored.control, book, report };
    const rebuilt = rebuildControl(flow, book.all(), session.revision);
    return { session, flow, ...rebuilt, book, rebuilt: restored.reason, report };
  }

  /** The flow version a session began on: the catalog's, or read from the store's copy of its text. */
  private async flowOf(s: StoreReads, session: Pick<SessionRow, 'flowId' | 'flowHash'>): Promise<Flow | undefined> {
    const known = this.deps.flows.byHash(session.flowId, session.flowHash);
    if (known) return known;
    const text = await s.flowVersion(session.flowHash);
    return text === undefined ? undefined : this.deps.flows.byHash(session.flowId, session.flowHash, text);
  }

  /** A rebuilt control state: never a crash and never a lost answer; the trail says why. */
  private async noteRebuilt(s: StoreTx, cur: Loaded, at: Date): Promise<void> {
    const { session } = cur;
    await s.appendHistory([
      {
        sessionId: session.id,
        user: session.user,
        itemId: '*',
        kind: 'snapshot_lost',
        text: cur.rebuilt ?? '',
        at: at.toISOString(),
      },
    ]);
  }

  /**
   * 帮我写 at a reason prompt: the chart enters `drafting`, whose invoked actor writes the draft (LLM or
   * template); the engine waits for it outside the transaction and saves the result inside it.
   */
  private async draftTurn(user: string, at: Date): Promise<Drafted | undefined> {
    const drafter = this.deps.drafter;
    if (!drafter) return undefined;
    const session = await this.deps.store.activeSession(user);
    const cur = session && (await this.load(this.deps.store, session));
    if (cur?.state !== 'reason' || !cur.control.pending || cur.rebuilt) return undefined;
    const ind = cur.flow.indicators.find((i) => i.id === cur.control.pending);
    if (!ind) return undefined;
    const item = ind.derived
      ? scoreDerived(cur.flow, cur.book, ind)
      : scoreFlow(cur.flow, toRaw([cur.book.get(ind.id)].filter((r) => r !== undefined))).items.find(
          (i) => i.id === ind.id,
        )!;
    const io: TurnIO = {
      flow: cur.flow,
      book: cur.book,
      state: 'reason',
      at: at.toISOString(),
      out: { replies: [], audit: [] },
    };
    const machine = interviewer.provide({
      actors: {
        draftReason: fromPromise(async ({ input }: { input: { item: ItemScore; io: TurnIO } }) => {
          try {
            return { draft: await drafter(input.item, input.io.flow), io: input.io };
          } catch (e) {
            throw Object.assign(new Error(String(e)), { io: input.io });
          }
        }),
      },
    });
    const actor = createActor(machine, {
      snapshot: machine.resolveState({ value: 'reason', context: cur.control }),
      input: cur.control,
    });
    actor.start();
    actor.send({ type: 'DRAFT', item, io });
    const snap = await waitFor(actor, (s) => s.value !== 'drafting');
    actor.stop();
    return { cur, state: snap.value as StateName, control: snap.context, out: io.out };
  }

  /** The session a draft was written for is still the active one, unchanged since. */
  private async unchanged(s: StoreTx, session: SessionRow): Promise<boolean> {
    const now = await s.activeSession(session.user);
    return now?.id === session.id && now.updatedAt === session.updatedAt && now.control === session.control;
  }

  private async saveDrafted(s: StoreTx, d: Drafted, at: Date, renders: PendingRender[]): Promise<string[]> {
    await this.save(s, d.cur, d.state, d.control, d.out, at, renders);
    return d.out.replies;
  }

  private async placeQuestion(user: string, text: string): Promise<string | null> {
    if (!this.deps.placer || !detectExplainIntent(text)) return null;
    const session = await this.deps.store.activeSession(user);
    const cur = session && (await this.load(this.deps.store, session));
    if (!cur) return null;
    const nav = navOf(cur.flow, cur.control, cur.state);
    const report = scoreFlow(cur.flow, cur.book.raw());
    if (explain(text, report, { ...nav, grades: cur.flow.grades }).kind !== 'no_match') return null;
    try {
      const reply = await this.deps.placer(text, report, cur.flow, nav);
      return reply === null ? null : withPlace(reply, cur.flow, cur.control, cur.state);
    } catch {
      return null;
    }
  }

  private async turn(s: StoreTx, user: string, c: Classified, at: Date, renders: PendingRender[]): Promise<string[]> {
    const session = await s.activeSession(user);
    const cmd = c.kind === 'command' ? c.cmd : null;
    if (!session) return this.router(s, user, c, at);
    if (cmd?.type === 'SWITCH') {
      await s.savePerson(user, { activeSessionId: null, control: '' });
      return [...(await this.submittedNote(s, session)), ...(await this.formList(s, user))];
    }
    const cur = await this.load(s, session);
    if (!cur) {
      await s.savePerson(user, { activeSessionId: null, control: '' });
      return [t('flow_gone', { title: session.flowId }), ...(await this.formList(s, user))];
    }
    const { flow, state, book } = cur;
    const io: TurnIO = {
      flow,
      book,
      state,
      at: at.toISOString(),
      out: { replies: [], audit: [] },
      submittedTotal: () => cur.report?.total,
      reportFailed: () => cur.report?.status === 'failed',
    };
    if (cur.rebuilt) {
      await this.noteRebuilt(s, cur, at);
      io.out.replies.push(t('control_rebuilt'), promptOf(cur.state, cur.control, io));
      await this.save(s, cur, cur.state, cur.control, io.out, at, renders);
      return io.out.replies;
    }
    // 帮我写 at a reason prompt whose draft could not be written (or the session moved on meanwhile):
    // never recorded as the reason itself.
    if (c.kind === 'draft' && state === 'reason') return [t('draft_failed')];
    if (c.kind === 'text' && !state.startsWith('confirm')) {
      const explained = this.explain(c.text, cur);
      if (explained) return [explained];
    }
    // A pure transition: no actor to start and stop. Assignments ran during it; the other named actions
    // (replies that change nothing) run here, in order.
    const [snap, actions] = transition(
      interviewer,
      interviewer.resolveState({ value: state, context: cur.control }),
      toEvent(c, state, io),
    );
    for (const a of actions) a.exec?.(a.info, a.params);
    await this.save(s, cur, snap.value as StateName, snap.context, io.out, at, renders);
    return io.out.replies;
  }

  private async save(
    s: StoreTx,
    cur: Loaded,
    state: StateName,
    ctx: Control,
    out: TurnOutput,
    at: Date,
    renders: PendingRender[],
  ): Promise<void> {
    const { session, flow, book } = cur;
    const changes = book.changes();
    if (changes.cleared) await s.clearAnswers(session.id);
    for (const row of changes.rows) await s.putAnswer(session.id, row);
    await s.saveSession(
      session.id,
      {
        state,
        control: JSON.stringify(ctx),
        controlVersion: CONTROL_VERSION,
        status: ctx.revision > 0 && !ctx.dirty ? 'submitted' : 'open',
        revision: ctx.revision,
        answered: ctx.answered,
        total: questionsOf(flow).length,
      },
      at.toISOString(),
    );
    if (out.audit.length)
      await s.appendHistory(
        out.audit.map((a) => ({
          sessionId: session.id,
          user: session.user,
          itemId: a.itemId,
          kind: a.kind,
          text: a.text,
          at: at.toISOString(),
        })),
      );
    if (out.submitRevision !== undefined) {
      const report = scoreFlow(flow, book.raw());
      const row: ReportRow = {
        sessionId: session.id,
        revision: out.submitRevision,
        user: session.user,
        flowId: flow.id,
        path: '',
        status: 'pending',
        total: report.total,
      };
      await s.addReport(row);
      renders.push({ row, flow });
    }
  }

  /** No active session: greet, list the forms, or start the one chosen. */
  private async router(s: StoreTx, user: string, c: Classified, at: Date): Promise<string[]> {
    const flows = this.deps.flows.list(user);
    if (!flows.length) return [t('greeting'), t('no_forms')];
    const cmd = c.kind === 'command' ? c.cmd : null;
    const text = c.kind === 'text' ? c.text : '';
    const chosen = c.kind === 'text' ? chooseFlow(flows, text) : undefined;
    if (chosen) return this.start(s, user, chosen, at);
    if (flows.length === 1 && (cmd?.type === 'CONTINUE' || isYes(text))) return this.start(s, user, flows[0], at);
    return [t('greeting'), ...(await this.formList(s, user))];
  }

  /** After 换表 from a submitted form: it says so, with its version and score. */
  private async submittedNote(s: StoreTx, session: SessionRow): Promise<string[]> {
    if (session.status !== 'submitted') return [];
    const flow = await this.flowOf(s, session);
    const total = (await s.report(session.id, session.revision))?.total;
    return [
      t('switch_submitted', {
        title: flow ? titleOf(flow) : session.flowId,
        revision: session.revision,
        score: total === null || total === undefined ? '' : t('after_submit_score', { total: String(total) }),
      }),
    ];
  }

  private async formList(s: StoreReads, user: string): Promise<string[]> {
    const flows = this.deps.flows.list(user);
    if (!flows.length) return [t('no_forms')];
    const unfinished = (await s.sessionsOf(user)).filter((x) => x.status === 'open' && x.answered > 0).pop();
    const lines: string[] = [];
    if (unfinished) {
      const f = flows.find((x) => x.id === unfinished.flowId);
      if (f)
        lines.push(t('offer_continue', { title: titleOf(f), answered: unfinished.answered, total: unfinished.total }));
    }
    if (flows.length === 1) lines.push(t('offer_single', { title: titleOf(flows[0]) }));
    else lines.push(t('choose_form', { list: flows.map((f, i) => `${i + 1}. ${titleOf(f)}`).join('\n') }));
    return lines;
  }

  /** Starts a form, or returns to the person's latest session of it (open or submitted). */
  private async start(s: StoreTx, user: string, flow: Flow, at: Date): Promise<string[]> {
    const existing = await s.latestSession(user, flow.id);
    const cur = existing && (await this.load(s, existing));
    if (existing && cur) {
      await s.savePerson(user, { activeSessionId: existing.id, control: '' });
      const io: TurnIO = {
        flow: cur.flow,
        book: cur.book,
        state: cur.state,
        at: at.toISOString(),
        out: { replies: [], audit: [] },
        submittedTotal: () => cur.report?.total,
      };
      return [t('resumed', { title: titleOf(cur.flow) }), promptOf(cur.state, cur.control, io)];
    }
    const control = newControl(flow);
    const text = this.deps.flows.sourceOf(flow);
    if (text !== undefined) await s.saveFlowVersion(flow.hash, flow.id, text);
    const total = questionsOf(flow).length;
    const id = await s.createSession(
      user,
      flow.id,
      flow.hash,
      {
        state: 'asking',
        control: JSON.stringify(control),
        controlVersion: CONTROL_VERSION,
        status: 'open',
        revision: 0,
        answered: 0,
        total,
      },
      at.toISOString(),
    );
    await s.savePerson(user, { activeSessionId: id, control: '' });
    const io: TurnIO = {
      flow,
      book: new AnswerBook(),
      state: 'asking',
      at: '',
      out: { replies: [], audit: [] },
    };
    // Derived items (预算执行率) are numbered after the questions: say so, or "第 13 项" after "共 12 项" puzzles.
    const derived = flow.indicators.filter((i) => i.derived).length;
    const computed = derived ? `（另有 ${derived} 项自动计算）` : '';
    const intro = [t('start_form', { title: titleOf(flow), total, computed })];
    const notes = [...assumptionsOf(flow), ...flow.notes];
    if (notes.length) intro.push(t('notes', { notes: excerpt(notes.join('；'), 300) }));
    return [...intro, promptOf('asking', control, io)];
  }

  private explain(text: string, cur: Loaded): string | null {
    const explainer = this.deps.explainer === undefined ? explainFromTrace : this.deps.explainer;
    if (!explainer) return null;
    const reply = explainer(
      text,
      () => scoreFlow(cur.flow, cur.book.raw()),
      cur.flow,
      navOf(cur.flow, cur.control, cur.state),
    );
    return reply === null ? null : withPlace(reply, cur.flow, cur.control, cur.state);
  }

  /**
   * Idempotent per (session, revision): a finished report is never rendered twice. With an outbox, the
   * report is marked done and its file queued in one transaction, so a stop in between loses nothing.
   */
  private async render(p: PendingRender, at: Date): Promise<Outbound[]> {
    const store = this.deps.store;
    if (!this.deps.reports) return [];
    let outs: Outbound[];
    try {
      const report = scoreFlow(p.flow, toRaw(await store.answers(p.row.sessionId)));
      const saved = await this.deps.reports.save({
        user: p.row.user,
        flow: p.flow,
        sessionId: p.row.sessionId,
        revision: p.row.revision,
        report,
        filledAt: at,
      });
      outs = Array.isArray(saved) ? saved : [saved];
    } catch (e) {
      await store.tx(async (s) => s.setReportStatus(p.row.sessionId, p.row.revision, 'failed'));
      this.log('error', 'report_render_failed', { session: p.row.sessionId, revision: p.row.revision, error: e });
      const text = t('report_failed');
      if (!this.outbox) return [{ kind: 'text', text }];
      this.outbox.enqueue(p.row.user, [{ kind: 'text', text }], {
        key: `report-failed:${p.row.sessionId}:${p.row.revision}:${at.getTime()}`,
      });
      return [];
    }
    // Marked done and queued in one step: a stop or a fault before it leaves the report pending, and
    // resumePendingReports() queues it at the next start (the rendered file is reused).
    try {
      return await store.tx(async (s) => {
        const doc = outs[0];
        await s.setReportStatus(p.row.sessionId, p.row.revision, 'done', doc?.kind === 'file' ? doc.path : undefined);
        if (!this.outbox) return outs;
        // The document and its chart under one key: queued together, exactly once.
        this.outbox.enqueue(p.row.user, outs, { key: `report:${p.row.sessionId}:${p.row.revision}` });
        return [];
      });
    } catch (e) {
      // Rendered but not queued: the report stays pending and is finished at the next start.
      this.log('error', 'report_queue_failed', { session: p.row.sessionId, revision: p.row.revision, error: e });
      return [];
    }
  }

  /**
   * Reports that were submitted but not rendered, or rendered but not queued (the process stopped in
   * between): render (the file is reused when it exists) and queue them now. With an outbox they are
   * queued here and not returned.
   */
  async resumePendingReports(): Promise<Array<{ user: string; out: Outbound[] }>> {
    const results: Array<{ user: string; out: Outbound[] }> = [];
    const store = this.deps.store;
    for (const row of await store.pendingReports()) {
      const session = (await store.sessionsOf(row.user)).find((s) => s.id === row.sessionId);
      const flow = session && (await this.flowOf(store, session));
      if (!flow) {
        await store.tx(async (s) => s.setReportStatus(row.sessionId, row.revision, 'failed'));
        continue;
      }
      const out = await this.render({ row, flow }, this.clock());
      if (out.length) results.push({ user: row.user, out });
    }
    return results;
  }

  /**
   * Where a person stands on a form, from their latest session of it and its rows (read by the caller):
   * for reminders and the coordinator's status. Pure: reads nothing.
   */
  progress(
    session: SessionRow,
    flow: Flow | undefined,
    rows: readonly AnswerRow[],
  ): Progress & { revision: number; updatedAt?: string } {
    return sessionProgress(session, flow, rows);
  }
}

/** Where a person stands on a form, from their latest session of it and its rows. */
export function sessionProgress(
  s: SessionRow,
  flow: Flow | undefined,
  rows: readonly AnswerRow[],
): Progress & { revision: number; updatedAt?: string } {
  const restored = flow && parseControl(s, flow);
  if (!flow || !restored?.ok)
    return { answered: s.answered, total: s.total, revision: s.revision, updatedAt: s.updatedAt };
  const byId = new Map(rows.map((r) => [r.itemId, r]));
  return { ...progressCounts(flow, restored.control, byId), revision: s.revision, updatedAt: s.updatedAt };
}

function navOf(flow: Flow, ctx: Control, state: StateName): ExplainNav {
  const qs = questionsOf(flow);
  return {
    currentId: state === 'reason' || state === 'manual' ? ctx.pending : qs[ctx.cursor]?.id,
    numberOf: (id) => numberOf(flow, id),
    idOf: (n) => idOfNumber(flow, n),
  };
}

/** Asking never moves the person's place: remind them what is open. */
function withPlace(reply: string, flow: Flow, ctx: Control, state: StateName): string {
  const open = state === 'asking' || state === 'reason' || state === 'manual';
  const id = state === 'asking' ? questionsOf(flow)[ctx.cursor]?.id : ctx.pending;
  const n = id ? numberOf(flow, id) : undefined;
  return open && n ? `${reply}\n\n${t('explain_back', { n })}` : reply;
}

/** The form's title as lists show it: unit, year, title and 项目名称, so a unit's project forms are told apart. */
export function titleOf(f: Flow): string {
  const org = f.org ? `${f.org} ` : '';
  return `${org}${f.year ? `${f.year}年度` : ''}${f.title}${f.project ? `（${f.project}）` : ''}`;
}

/** The flow's stated assumptions (the scoring branch names the field `assumptions`). */
function assumptionsOf(flow: Flow): string[] {
  const a = (flow as { assumptions?: unknown }).assumptions;
  return Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : [];
}

function chooseFlow(flows: Flow[], text: string): Flow | undefined {
  const norm = normalizeCommandText(text)
    .replace(/^第/, '')
    .replace(/[个张项]$/, '');
  if (/^\d+$/.test(norm)) return flows[Number(norm) - 1];
  return (
    flows.find((f) => f.id.toLowerCase() === norm) ??
    flows.find((f) => norm.length >= 2 && normalizeCommandText(titleOf(f)).includes(norm))
  );
}

function toEvent(c: Classified, state: StateName, io: TurnIO): InterviewEvent {
  // 帮我写 outside a reason prompt is just text (an answer attempt).
  if (c.kind === 'draft') return { type: 'ANSWER', text: '帮我写', io };
  if (c.kind === 'page') return { type: 'PREVIEW', page: c.page, io };
  if (c.kind === 'text') return { type: 'ANSWER', text: c.text, io };
  const cmd = c.cmd;
  // A check question is answered with 好/确认 too: that is a yes, not a command.
  if (state.startsWith('confirm') && state !== 'confirmRestart' && (cmd.type === 'SUBMIT' || cmd.type === 'CONTINUE'))
    return { type: 'ANSWER', text: '是', io };
  if (cmd.type === 'EDIT') {
    const reason = /^(.+?)(?:的)?(?:偏差)?原因$/.exec(cmd.target) ?? /^(?:偏差)?原因(.+)$/.exec(cmd.target);
    return reason ? { type: 'EDIT', target: reason[1], part: 'reason', io } : { type: 'EDIT', target: cmd.target, io };
  }
  if (cmd.type === 'SWITCH' || cmd.type === 'GREET') return { type: 'CONTINUE', io };
  return { type: cmd.type, io } as InterviewEvent;
}

export type { SessionRow };
