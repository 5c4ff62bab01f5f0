import { type AnyActorLogic, createActor, fromPromise, toPromise } from 'xstate';
import { detectExplainIntent } from '../core/explain/intent.js';
import type { Flow } from '../core/flow/model.js';
import { indexOf } from '../core/scoring/answer-spec.js';
import { dependenciesOf, scoreFlow } from '../core/scoring/score-flow.js';
import { stripInvisible } from '../core/text/invisible.js';
import type { ItemScore, ScoreReport } from '../core/types.js';
import type { Logger } from '../outbox/logger.js';
import { INBOUND_LIMIT } from './answer-facts.js';
import { type Command, isYes, normalizeCommandText, parseCommand } from './commands.js';
import {
  CONTROL_VERSION,
  type Control,
  newControl,
  PERSON_VERSION,
  parseControl,
  parsePerson,
  rebuildControl,
  type StateName,
} from './control.js';
import { explainFromTrace } from './explain-in-chat.js';
import { type ChatExplainer, conversation, type Effect, type TurnEvent } from './machine.js';
import { continueTarget, menuOf, readChoice } from './menu.js';
import type {
  AnswerRow,
  FlowCatalog,
  Inbound,
  Outbound,
  OutboxPort,
  ReportRow,
  SessionRow,
  SessionSave,
  Store,
  StoreReads,
  StoreTx,
} from './ports.js';
import { derivedUsing, idOfNumber, numberOf, questionsOf } from './questions.js';
import { draftTexts } from './reason-draft.js';
import { type Progress, progressCounts } from './review.js';
import { SerialByKey } from './serial-by-key.js';
import { t, texts } from './texts.js';
import {
  type Ctx,
  emptyScratch,
  LoadedRows,
  type MenuView,
  NotLoaded,
  type SessionView,
  toRaw,
  type World,
} from './world.js';

export { titleOf } from './menu.js';

/** Where the person is and how the chat numbers items, so explanations speak the chat's language. */
export interface ExplainNav {
  currentId?: string;
  numberOf(id: string): number | undefined;
  idOf(n: number): string | undefined;
}

/**
 * Answers a question about scores without moving the person's place; null when the text is not such a
 * question. The report is computed only when it is one. `kind` says what was answered (no_match: the
 * question named nothing the form has).
 */
export type Explainer = ChatExplainer;

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

/**
 * Drafts a 偏差原因 for an item that fell short (a language model). Null, or a throw, when it has no
 * usable draft: the engine then offers the draft built from the item's own figures. Never a score.
 */
export type ReasonDrafter = (item: ItemScore, flow: Flow) => Promise<string | null>;

/**
 * Places a score question the deterministic matcher could not (an LLM picks the item; the reply text
 * still comes from the trace). Run before the transaction because it may wait on the network.
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

/** Longest text in one message: every reply fits a phone screen; more goes into the next message. */
export const MESSAGE_LIMIT = 500;

const DRAFT_REQUEST = /^(帮我写|帮写|建议|给个建议|草拟|写个草稿|草稿)$/;
const NEXT_PAGE = /^(下一页|下页|更多|预览下一页)$/;
const PREVIEW_ALL = /^(预览全部|全部预览|查看全部|看全部)$/;
/** A message that may ask something (then the turn reads every row: a question may be about any item). */
const QUESTION_SHAPE = /[?？]|为什么|为啥|怎么|咋|吗$|呢$|哪/;

type PendingRender = { row: ReportRow; flow: Flow };
type MachineSnapshot = ReturnType<typeof conversation.resolveState>;
/** An action a transition resolved: its type, its params (an emitted effect, an actor to start …). */
type ExecutableAction = { type: string; params?: unknown };
type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Message = DistOmit<TurnEvent, 'w'>;

/** A message read once: a command, a request for a draft, a page, or text (an answer or a question). */
export function classify(text: string): Message {
  if ([...text].length > INBOUND_LIMIT) return { type: 'TOO_LONG' };
  const norm = normalizeCommandText(text);
  if (NEXT_PAGE.test(norm)) return { type: 'PREVIEW', page: 'next' };
  if (PREVIEW_ALL.test(norm)) return { type: 'PREVIEW', page: 'all' };
  const cmd = parseCommand(text);
  if (cmd) return fromCommand(cmd);
  if (DRAFT_REQUEST.test(norm)) return { type: 'DRAFT' };
  return { type: 'TEXT', text };
}

function fromCommand(cmd: Command): Message {
  if (cmd.type === 'PREVIEW') return { type: 'PREVIEW', page: 1 };
  if (cmd.type === 'EDIT') {
    const reason = /^(.+?)(?:的)?(?:偏差)?原因$/.exec(cmd.target) ?? /^(?:偏差)?原因(.+)$/.exec(cmd.target);
    return reason ? { type: 'EDIT', target: reason[1], part: 'reason' } : { type: 'EDIT', target: cmd.target };
  }
  return { type: cmd.type } as Message;
}

/** What a turn decided: the snapshot after it, what to do, and what it started from. */
interface Decided {
  before: Loaded;
  after: { value: 'menu' | { form: string }; context: Ctx };
  effects: Effect[];
}

/** What a turn loaded: the world, and the snapshot it starts from. */
interface Loaded {
  world: World;
  value: 'menu' | { form: StateName };
  ctx: Ctx;
  /** The person row as read (undefined: never seen, or not read because they are in a form). */
  person?: { activeSessionId: number | null; control: string };
  /** The active session as read. */
  active?: SessionRow;
}

/** An actor's result computed before the transaction, used when the turn spawns the same actor again. */
interface Prepared {
  key: string;
  output?: unknown;
  failed?: boolean;
}

/**
 * One conversation turn per inbound message: load (the person's place, the flow version, the answer rows
 * this message needs) → decide (one pure transition of the statechart) → commit (the effects it emitted,
 * in one transaction of the `Store` port). A model's draft or placing runs before, outside the
 * transaction. Reports are rendered afterwards; each is marked done and its file queued in one step.
 */
export class Engine {
  private readonly queues = new SerialByKey();
  private readonly clock: () => Date;
  private readonly log: Logger;
  private readonly machine;
  /** The inert actor scope every transition runs in (see step()). */
  private readonly scope: { actionExecutor: (a: ExecutableAction) => void } & Record<string, unknown>;
  private readonly explainer: Explainer | null;
  private outbox?: OutboxPort;

  constructor(private readonly deps: EngineDeps) {
    this.clock = deps.clock ?? (() => new Date());
    // Without the app's logger (tests, embedding), failures still reach stderr with their stack.
    this.log = deps.log ?? ((level, event, fields) => console.error(level, event, fields));
    this.explainer = deps.explainer === undefined ? explainFromTrace : deps.explainer;
    // Wording is checked when the engine is built: a broken template stops the bot at start, not mid-chat.
    texts();
    draftTexts();
    const { drafter, placer } = deps;
    // The two waits on the outside world, provided once: the chart declares them, the engine runs them.
    this.machine = conversation.provide({
      actors: {
        draftReason: fromPromise(async ({ input }) => (drafter ? drafter(input.item, input.flow) : null)),
        placeQuestion: fromPromise(async ({ input }) =>
          placer
            ? placer(input.text, input.report, input.flow, {
                currentId: input.currentId,
                numberOf: (id) => numberOf(input.flow, id),
                idOf: (n) => idOfNumber(input.flow, n),
              })
            : null,
        ),
      },
      guards: { canPlace: () => placer !== undefined },
    });
    const self = createActor(this.machine, {
      input: { person: { v: PERSON_VERSION }, form: null, sid: null, scratch: emptyScratch() },
    });
    this.scope = {
      self,
      defer: () => {},
      id: '',
      logger: () => {},
      sessionId: '',
      stopChild: () => {},
      system: self.system,
      emit: () => {},
      actionExecutor: () => {},
    };
  }

  /**
   * With an outbox in the same database, a turn's text replies are enqueued inside the turn's own
   * transaction: a crash can lose neither the answer nor the reply to it. handle() then returns nothing.
   */
  useOutbox(outbox: OutboxPort): void {
    this.outbox = outbox;
  }

  /** Enqueues in the transaction `s` (an outbox without enqueueIn shares the store's SQLite connection). */
  private async enqueueIn(s: StoreTx, user: string, out: Outbound[], key: string): Promise<void> {
    const outbox = this.outbox!;
    if (outbox.enqueueIn) await outbox.enqueueIn(s, user, out, { key });
    else await outbox.enqueue(user, out, { key });
  }

  /** Messages of one person are handled strictly in order; different people interleave. */
  handle(msg: Inbound): Promise<Outbound[]> {
    // Every channel passes here: invisible direction and format characters never reach a turn (issue 21).
    return this.queues.run(msg.user, () => this.handleNow({ ...msg, text: stripInvisible(msg.text) }));
  }

  private async handleNow(msg: Inbound): Promise<Outbound[]> {
    const at = msg.at ?? this.clock();
    const message = classify(msg.text);
    // Work that may wait on the network (a model's draft, placing a question) runs first, outside the transaction.
    const prepared = this.mayWait(message) ? await this.prepare(msg.user, message, at) : undefined;
    const renders: PendingRender[] = [];
    const replies = await this.deps.store.tx(async (s) => {
      await s.lockPerson(msg.user);
      if (!(await s.claimMessage(msg.id, msg.user, at.toISOString()))) return null;
      const decided = await this.decideIn(s, msg.user, message, at, prepared);
      const out = await this.commit(s, msg.user, decided, at, renders);
      if (this.outbox && out.length) {
        await this.enqueueIn(s, msg.user, out, `reply:${msg.id}:text`);
        return [];
      }
      return out;
    });
    if (replies === null) return [];
    const out: Outbound[] = [...replies];
    for (const r of renders) out.push(...(await this.render(r, at)));
    return out;
  }

  /**
   * 退回: a coordinator returned a person's submitted form (revision `revision`) with the items to fix and a
   * comment. The session becomes open and changed, its revision kept: from `submitted` it goes to the review;
   * a person elsewhere in it (looking at an item after submission, paused, at a check question) keeps their
   * place. The review, 进度 and 继续 name the returned items until the next 确认 makes a new version. Sends
   * nothing (the console tells the person). False when that revision is not the submitted one (already
   * returned, changed, or resubmitted).
   *
   * @example
   * await engine.reopenForReturn('张三', 'demo', { revision: 1, items: ['rate'], comment: '请核对办结率' }) // true
   */
  async reopenForReturn(
    user: string,
    flowId: string,
    r: { revision: number; items: string[]; comment: string },
  ): Promise<boolean> {
    return this.queues.run(user, () =>
      this.deps.store.tx(async (s) => {
        await s.lockPerson(user);
        const session = await s.latestSession(user, flowId);
        if (session?.status !== 'submitted' || session.revision !== r.revision) return false;
        const at = this.clock();
        const message: Message = { type: 'REOPEN', items: r.items, comment: r.comment };
        const read = await this.viewOf(s, session, message, true);
        if (!read || read.control.revision !== r.revision || read.control.dirty) return false;
        // A place rebuilt from the rows is saved by this very turn: nothing to tell the person here.
        const view: SessionView = { ...read, rebuilt: undefined };
        const before: Loaded = {
          world: { at: at.toISOString(), user, view, explainer: this.explainer },
          value: { form: view.state },
          ctx: { person: { v: PERSON_VERSION }, form: view.control, sid: session.id, scratch: emptyScratch() },
          // The person's own place is left as it is: only this session changes.
          person: undefined,
        };
        const d = this.decide(before, message);
        const state = (d.after.value as { form: StateName }).form;
        if (!d.after.context.form?.returned) return false;
        await s.saveSession(session.id, saveOf(view.flow, state, d.after.context.form!), at.toISOString());
        return true;
      }),
    );
  }

  private mayWait(m: Message): boolean {
    if (m.type === 'DRAFT') return this.deps.drafter !== undefined;
    return (
      m.type === 'TEXT' &&
      this.deps.placer !== undefined &&
      (detectExplainIntent(m.text) !== null || QUESTION_SHAPE.test(m.text))
    );
  }

  /** Runs, outside any transaction, the actor this message's turn will start (a model's draft, placing). */
  private async prepare(user: string, m: Message, at: Date): Promise<Prepared | undefined> {
    try {
      const loaded = await this.load(this.deps.store, user, m, at, true);
      const [, actions] = this.step(this.snapshotOf(loaded), { ...m, w: loaded.world } as TurnEvent);
      const spawn = actions.find((a) => a.type === 'xstate.spawnChild');
      if (!spawn) return undefined;
      const { src, input } = spawn.params as unknown as { src: string; input: unknown };
      const logic = (this.machine.implementations.actors as Record<string, AnyActorLogic>)[src];
      const key = actorKey(src, input);
      try {
        const actor = createActor(logic, { input });
        actor.start();
        return { key, output: await toPromise(actor) };
      } catch (e) {
        this.log('warn', 'actor_failed', { actor: src, error: e });
        return { key, failed: true };
      }
    } catch (e) {
      this.log('warn', 'prepare_failed', { error: e });
      return undefined;
    }
  }

  /** Load, then decide; a row the loader did not foresee makes it load every row and decide again. */
  private async decideIn(s: StoreTx, user: string, m: Message, at: Date, prepared?: Prepared): Promise<Decided> {
    const loaded = await this.load(s, user, m, at, false);
    try {
      return this.decide(loaded, m, prepared);
    } catch (e) {
      if (!(e instanceof NotLoaded)) throw e;
      return this.decide(await this.load(s, user, m, at, true), m, prepared);
    }
  }

  /**
   * One pure transition: the next snapshot and the actions it resolved (assigns already applied; emitted
   * effects and actors to start are returned, never run). xstate's `transition()` does the same but builds a
   * throw-away actor and system for every call, which costs more than the rest of the decision; this scope
   * is built once and only collects.
   */
  private step(snap: MachineSnapshot, event: TurnEvent): [MachineSnapshot, ExecutableAction[]] {
    const actions: ExecutableAction[] = [];
    this.scope.actionExecutor = (a: ExecutableAction) => {
      actions.push(a);
    };
    try {
      return [this.machine.transition(snap, event, this.scope as never) as MachineSnapshot, actions];
    } finally {
      this.scope.actionExecutor = () => {};
    }
  }

  /**
   * The snapshot a turn starts from. Resolving a state value walks the chart (its nodes, their ancestors):
   * done once per state the chart has, then each turn only puts its own context in (and fresh children and
   * history, the parts a transition may replace).
   */
  private snapshotOf(l: Loaded): MachineSnapshot {
    const key = typeof l.value === 'string' ? l.value : `form.${l.value.form}`;
    let base = this.resolved.get(key);
    if (!base) {
      base = this.machine.resolveState({ value: l.value, context: l.ctx }) as MachineSnapshot;
      this.resolved.set(key, base);
    }
    return { ...base, context: l.ctx, children: {}, historyValue: {} } as MachineSnapshot;
  }
  /** Resolved snapshots by state (see snapshotOf). */
  private readonly resolved = new Map<string, MachineSnapshot>();

  /** One pure transition (two when it started an actor: its result, prepared before, comes back in). */
  private decide(l: Loaded, m: Message, prepared?: Prepared): Decided {
    const w = l.world;
    // A place that had to be rebuilt from the rows is said first; the message that found it is not read.
    const event = (l.value !== 'menu' && w.view?.rebuilt ? { type: 'REBUILT', w } : { ...m, w }) as TurnEvent;
    let [snap, actions] = this.step(this.snapshotOf(l), event);
    const spawn = actions.find((a) => a.type === 'xstate.spawnChild');
    if (spawn) {
      const { id, src, input } = spawn.params as unknown as { id: string; src: string; input: unknown };
      const ready = prepared && prepared.key === actorKey(src, input) && !prepared.failed;
      // An actor nobody ran before the transaction (no model configured, or the place changed meanwhile)
      // ends as failed: the chart then uses its own deterministic answer, never a wait inside the transaction.
      const follow = ready
        ? { type: `xstate.done.actor.${id}`, output: prepared.output, w }
        : { type: `xstate.error.actor.${id}`, error: new Error('not prepared'), w };
      const [next, more] = this.step(snap, follow as never);
      snap = next;
      actions = [...actions, ...more];
    }
    const effects: Effect[] = [];
    for (const a of actions)
      if ((a.type as string) === 'xstate.emit') effects.push((a.params as unknown as { event: Effect }).event);
    return { before: l, after: { value: snap.value as Decided['after']['value'], context: snap.context }, effects };
  }

  /**
   * Reads what this message needs: the active session and its rows (only those the turn can touch, unless
   * `all`), or — at the form menu — the menu and the session the message chooses.
   */
  private async load(r: StoreReads, user: string, m: Message, at: Date, all: boolean): Promise<Loaded> {
    const world: World = { at: at.toISOString(), user, explainer: this.explainer };
    const active = await r.activeSession(user);
    if (active) {
      const view = await this.viewOf(r, active, m, all);
      if (view) {
        world.view = view;
        if (m.type === 'SWITCH') world.menu = await this.menuFor(r, user);
        return {
          world,
          value: { form: view.state },
          ctx: { person: { v: PERSON_VERSION }, form: view.control, sid: active.id, scratch: emptyScratch() },
          active,
          person: { activeSessionId: active.id, control: '' },
        };
      }
      // Its form can no longer be read: back to the menu, saying so.
      world.gone = '';
    }
    const personRow = await r.person(user);
    const person = parsePerson(personRow?.control);
    const menu = await this.menuFor(r, user);
    world.menu = menu;
    world.newcomer = !personRow;
    if (!world.gone) world.view = await this.pick(r, user, m, menu);
    return {
      world,
      value: 'menu',
      ctx: { person, form: null, sid: null, scratch: emptyScratch() },
      active,
      person: personRow ? { activeSessionId: personRow.activeSessionId, control: personRow.control } : undefined,
    };
  }

  /** The menu as this person sees it: their forms, numbered, with their sessions of them. */
  private async menuFor(r: StoreReads, user: string): Promise<MenuView> {
    // Awaited: a catalog may read assignments from the database (MaybePromise on the PostgreSQL branch).
    return menuOf(await this.deps.flows.list(user), await r.sessionsOf(user));
  }

  /** The session a message typed at the menu goes to: the form it names, or the one 继续 returns to. */
  private async pick(r: StoreReads, user: string, m: Message, menu: MenuView): Promise<SessionView | undefined> {
    let flow: Flow | undefined;
    if (m.type === 'TEXT') {
      const choice = readChoice(menu.entries, m.text);
      if (choice.kind === 'entry') flow = choice.entry.flow;
      else if (choice.kind === 'matches') menu.matches = choice.ns;
      else if (choice.kind === 'outOfRange') menu.outOfRange = choice.text;
      else if (menu.entries.length === 1 && isYes(m.text)) flow = menu.entries[0].flow;
    } else if (m.type === 'CONTINUE') {
      const target = continueTarget(await r.sessionsOf(user));
      const entry = target && menu.entries.find((e) => e.flow.id === target.flowId);
      if (target && (entry || this.deps.flows.byHash(target.flowId, target.flowHash))) {
        const view = await this.viewOf(r, target, m, true, true);
        if (view) return view;
      }
      if (menu.entries.length === 1) flow = menu.entries[0].flow;
    }
    if (!flow) return undefined;
    const existing = await r.latestSession(user, flow.id);
    if (existing) {
      const view = await this.viewOf(r, existing, m, true, true);
      if (view) return view;
    }
    return { flow, state: 'asking', control: newControl(flow), rows: new LoadedRows([], true) };
  }

  /**
   * A session as the turn sees it. `entering`: coming back to it from the menu, where a pause or an
   * unanswered 重新填写 question ends (the person returns to what was open before).
   */
  private async viewOf(
    r: StoreReads,
    session: SessionRow,
    m: Message,
    all: boolean,
    entering = false,
  ): Promise<SessionView | undefined> {
    const flow = await this.flowOf(r, session);
    if (!flow) return undefined;
    const restored = parseControl(session, flow);
    let state: StateName;
    let control: Control;
    let rebuilt: string | undefined;
    let rows: LoadedRows;
    if (restored.ok) {
      ({ state, control } = restored);
      const need = all ? 'all' : rowsNeeded(flow, state, control, m);
      rows =
        need === 'all'
          ? new LoadedRows(await r.answers(session.id), true)
          : new LoadedRows(await r.answersOf(session.id, need), false, new Set(need));
    } else {
      rows = new LoadedRows(await r.answers(session.id), true);
      ({ state, control } = rebuildControl(flow, rows.all(), session.revision));
      rebuilt = restored.reason;
    }
    if (entering && (state === 'paused' || state === 'confirmRestart')) {
      state = control.resumeTo ?? 'asking';
      control = { ...control, resumeTo: undefined };
    }
    const report = control.revision > 0 && !control.dirty ? await r.report(session.id, control.revision) : undefined;
    return { session, flow, state, control, rows, ...(report ? { report } : {}), ...(rebuilt ? { rebuilt } : {}) };
  }

  /** The flow version a session began on: the catalog's, or read from the store's copy of its text. */
  private async flowOf(r: StoreReads, session: Pick<SessionRow, 'flowId' | 'flowHash'>): Promise<Flow | undefined> {
    const known = this.deps.flows.byHash(session.flowId, session.flowHash);
    if (known) return known;
    const text = await r.flowVersion(session.flowHash);
    return text === undefined ? undefined : this.deps.flows.byHash(session.flowId, session.flowHash, text);
  }

  /** Writes what the turn decided, in the order it was decided; returns the messages to send. */
  private async commit(s: StoreTx, user: string, d: Decided, at: Date, renders: PendingRender[]): Promise<Outbound[]> {
    const now = at.toISOString();
    const { before, after, effects } = d;
    const view = before.world.view;
    const ctx = after.context;
    const inForm = after.value !== 'menu';
    const state = inForm ? ((after.value as { form: string }).form as StateName) : undefined;
    let sid = ctx.sid;
    let created = false;
    let touched = false;
    const says: Array<{ text: string; choices?: string[] }> = [];
    const audit: Array<{ itemId: string; kind: string; text: string }> = [];
    for (const e of effects) {
      switch (e.type) {
        case 'say':
          says.push(e);
          break;
        case 'start': {
          const flow = view!.flow;
          const text = this.deps.flows.sourceOf(flow);
          if (text !== undefined) await s.saveFlowVersion(flow.hash, flow.id, text);
          sid = await s.createSession(user, flow.id, flow.hash, saveOf(flow, state!, ctx.form!), now);
          created = true;
          break;
        }
        case 'put':
          await s.putAnswer(sid!, e.row);
          touched = true;
          break;
        case 'clear':
          await s.clearAnswers(sid!);
          touched = true;
          break;
        case 'audit':
          audit.push(e);
          break;
        case 'submit':
        case 'render': {
          const row: ReportRow = {
            sessionId: sid!,
            revision: e.revision,
            user,
            flowId: view!.flow.id,
            path: '',
            status: 'pending',
            total: e.type === 'submit' ? e.total : (view!.report?.total ?? null),
          };
          await s.addReport(row);
          renders.push({ row, flow: view!.flow });
          break;
        }
      }
    }
    if (audit.length)
      await s.appendHistory(
        audit.map((a) => ({ sessionId: sid, user, itemId: a.itemId, kind: a.kind, text: a.text, at: now })),
      );
    // The session's place: saved when it changed (an ordinary answer always changes it).
    if (inForm && sid !== null && !created) {
      const save = saveOf(view!.flow, state!, ctx.form!);
      const prev = view!.session;
      if (
        touched ||
        !prev ||
        prev.id !== sid ||
        prev.state !== save.state ||
        prev.control !== save.control ||
        prev.controlVersion !== CONTROL_VERSION
      )
        await s.saveSession(sid, save, now);
    }
    // The person's place: in which session, or at the menu and on which page.
    const activeSessionId = inForm ? sid : null;
    const personControl = inForm ? '' : JSON.stringify(ctx.person);
    const was = before.person;
    if (!was || was.activeSessionId !== activeSessionId || (!inForm && was.control !== personControl))
      await s.savePerson(user, { activeSessionId, control: personControl });
    return pack(says);
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
      const report = scoreFlowOf(p.flow, await store.answers(p.row.sessionId));
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
      await this.outbox.enqueue(p.row.user, [{ kind: 'text', text }], {
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
        await this.enqueueIn(s, p.row.user, outs, `report:${p.row.sessionId}:${p.row.revision}`);
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
      // Another process may be rendering it (several processes on one database): the claim decides who does.
      if (!(await store.tx(async (s) => s.claimReport(row.sessionId, row.revision)))) continue;
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

function scoreFlowOf(flow: Flow, rows: readonly AnswerRow[]): ScoreReport {
  return scoreFlow(flow, toRaw(rows));
}

function saveOf(flow: Flow, state: StateName, ctl: Control): SessionSave {
  return {
    state,
    control: JSON.stringify(ctl),
    controlVersion: CONTROL_VERSION,
    status: ctl.revision > 0 && !ctl.dirty ? 'submitted' : 'open',
    revision: ctl.revision,
    answered: ctl.answered,
    total: questionsOf(flow).length,
  };
}

/**
 * The rows an ordinary answer can touch: the open question and the one after it, the item pending a
 * reason or a check, the header fields (a spend is read against the budget) and what the derived items
 * fed by the answer are computed from. Anything else — a command, a question, the last question, an edit
 * — reads every row. A row the decision reads that is not here makes the engine read them all and decide
 * again, so this is a speed-up, never a source of wrong answers.
 */
export function rowsNeeded(flow: Flow, state: StateName, ctl: Control, m: Message): string[] | 'all' {
  if (m.type !== 'TEXT' && m.type !== 'SKIP') return 'all';
  if (state !== 'asking' && state !== 'reason' && state !== 'manual' && state !== 'checking') return 'all';
  if (m.type === 'TEXT' && (QUESTION_SHAPE.test(m.text) || detectExplainIntent(m.text))) return 'all';
  const qs = questionsOf(flow);
  if (ctl.editing || ctl.cursor >= qs.length - 1 || ctl.reached > ctl.cursor) return 'all';
  const ids = new Set<string>();
  const add = (id: string | undefined) => {
    if (!id) return;
    ids.add(id);
    for (const d of derivedUsing(flow, id)) {
      ids.add(d.id);
      for (const x of dependenciesOf(flow, d.id)) ids.add(x);
    }
    if (indexOf(flow).indicators.get(id)?.derived) for (const x of dependenciesOf(flow, id)) ids.add(x);
  };
  add(qs[ctl.cursor]?.id);
  ids.add(qs[ctl.cursor + 1]?.id ?? '');
  add(ctl.pending);
  add(ctl.check?.itemId);
  for (const f of flow.fields) ids.add(f.id);
  ids.delete('');
  return [...ids];
}

/** Says packed into messages of at most MESSAGE_LIMIT characters; the last question's choices go with the last. */
export function pack(says: ReadonlyArray<{ text: string; choices?: string[] }>): Outbound[] {
  const out: Array<{ kind: 'text'; text: string; choices?: string[] }> = [];
  let cur = '';
  for (const s of says) {
    if (!s.text) continue;
    const joined = cur ? `${cur}\n\n${s.text}` : s.text;
    if (cur && [...joined].length > MESSAGE_LIMIT) {
      out.push({ kind: 'text', text: cur });
      cur = s.text;
    } else cur = joined;
  }
  if (cur) out.push({ kind: 'text', text: cur });
  const last = says.filter((s) => s.text).at(-1);
  if (out.length && last?.choices?.length) out[out.length - 1].choices = [...last.choices];
  return out;
}

/** Two runs of an actor are the same when their inputs name the same thing. */
function actorKey(src: string, input: unknown): string {
  const i = input as { item?: ItemScore; text?: string; currentId?: string };
  return src === 'draftReason'
    ? `${src}:${i.item?.id}:${i.item?.display}:${i.item?.score}`
    : `${src}:${i.text}:${i.currentId}`;
}
