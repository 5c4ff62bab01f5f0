// The engine's view of the outside world. Adapters (SQLite store, docx renderer, channels) implement these.
import type { Flow } from '../core/flow/model.js';
import type { ScoreReport } from '../core/types.js';

export interface Inbound {
  /** Channel message id: the same id delivered twice is handled once. */
  id: string;
  /** Stable key of the person (WeChat alias/remark/name, terminal user name). */
  user: string;
  text: string;
  at?: Date;
}

/**
 * What the bot sends. A text may carry `choices`: the closed answers of the question it ends with (是/否,
 * 达成/部分达成/未达成, the form menu's entries …), each exactly a text the engine accepts when typed — a
 * channel with buttons shows them as buttons whose click sends that text.
 */
export type Outbound =
  | { kind: 'text'; text: string; choices?: string[] }
  | { kind: 'file'; path: string; name: string };

export interface SessionRow {
  id: number;
  user: string;
  flowId: string;
  flowHash: string;
  status: 'open' | 'submitted';
  /** The statechart state the person is in (asking, reason, review …). */
  state: string;
  /** The small typed control state as JSON (engine/control.ts): where the person is, what is pending. */
  control: string;
  controlVersion: number;
  revision: number;
  answered: number;
  total: number;
  updatedAt: string;
}

export type SessionSave = Pick<
  SessionRow,
  'state' | 'control' | 'controlVersion' | 'status' | 'revision' | 'answered' | 'total'
>;

/** One answer of one session: a row per item, so a turn reads and writes only the items it touches. */
export interface AnswerRow {
  itemId: string;
  /** As typed (cleaned); empty for a skipped item or a derived item that only carries a reason. */
  value: string;
  /** A remark the answer parser kept (e.g. "按全年口径"). */
  note?: string | null;
  /** 偏差原因分析及改进措施. */
  reason?: string | null;
  /** A person's score, for an item the rules cannot score. */
  score?: number | null;
  /** answered; confirmed (the person said yes to a check question); skipped (left for later). */
  status: 'answered' | 'confirmed' | 'skipped';
  updatedAt: string;
}

export interface ReportRow {
  sessionId: number;
  revision: number;
  user: string;
  flowId: string;
  path: string;
  status: 'pending' | 'done' | 'failed';
  total: number | null;
}

export interface HistoryEntry {
  sessionId: number | null;
  user: string;
  itemId: string;
  kind: string;
  text: string;
  at: string;
}

/** A value or a promise of it: the SQLite adapter answers synchronously, a PostgreSQL one with promises. */
export type MaybePromise<T> = T | Promise<T>;

/** A person's place outside any one form: the form they are in, and the menu's own small state. */
export interface PersonRow {
  user: string;
  /** The session the person is in; null at the form menu. */
  activeSessionId: number | null;
  /** The person-level control state as JSON (engine/person.ts): e.g. which page of the form menu is shown. */
  control: string;
}

/**
 * What the conversation reads, in or outside a transaction. Reads return MaybePromise: callers always
 * `await` them, SQLite answers at once.
 *
 * @example
 * const session = await store.activeSession('张三');
 * const rows = session ? await store.answersOf(session.id, ['budget_total', 'budget_spent']) : [];
 */
export interface StoreReads {
  /** The person's place (form menu or a session); undefined for someone never seen. */
  person(user: string): MaybePromise<PersonRow | undefined>;
  activeSession(user: string): MaybePromise<SessionRow | undefined>;
  /** The person's most recent session of a flow. */
  latestSession(user: string, flowId: string): MaybePromise<SessionRow | undefined>;
  sessionsOf(user: string): MaybePromise<SessionRow[]>;
  /** One answer row, or undefined when the item has none. */
  answer(sessionId: number, itemId: string): MaybePromise<AnswerRow | undefined>;
  /** The rows of these items that exist (any order): what one turn needs, in one read. */
  answersOf(sessionId: number, itemIds: readonly string[]): MaybePromise<AnswerRow[]>;
  /** All answer rows of a session (the review, the report). */
  answers(sessionId: number): MaybePromise<AnswerRow[]>;
  historyOf(user: string): MaybePromise<HistoryEntry[]>;
  flowVersion(hash: string): MaybePromise<string | undefined>;
  report(sessionId: number, revision: number): MaybePromise<ReportRow | undefined>;
  reportsOf(user: string): MaybePromise<ReportRow[]>;
  pendingReports(): MaybePromise<ReportRow[]>;
}

/**
 * Inside one transaction: the reads, the writes, and the person's lock. Everything one message changes is
 * written through one StoreTx and commits together.
 */
export interface StoreTx extends StoreReads {
  /**
   * Serialises the turns of one person across processes until the transaction ends. Called first in every
   * turn. SQLite: a no-op (the transaction already holds the database's write lock, BEGIN IMMEDIATE);
   * PostgreSQL: e.g. `SELECT pg_advisory_xact_lock(hashtext($1))`.
   */
  lockPerson(user: string): MaybePromise<void>;
  /** Records a message id; false when it was already handled. */
  claimMessage(id: string, user: string, at: string): MaybePromise<boolean>;
  savePerson(user: string, save: Omit<PersonRow, 'user'>): MaybePromise<void>;
  createSession(user: string, flowId: string, flowHash: string, save: SessionSave, at: string): MaybePromise<number>;
  saveSession(id: number, save: SessionSave, at: string): MaybePromise<void>;
  putAnswer(sessionId: number, row: AnswerRow): MaybePromise<void>;
  /** 重新填写: the rows go; the history keeps what they were. */
  clearAnswers(sessionId: number): MaybePromise<void>;
  appendHistory(entries: HistoryEntry[]): MaybePromise<void>;
  /** Keeps the text of every flow version a session started on. */
  saveFlowVersion(hash: string, flowId: string, text: string): MaybePromise<void>;
  /**
   * Adds a report to render, claimed by this process (it renders it right after the turn); a failed one of the
   * same revision is set back to pending (a retry).
   */
  addReport(r: ReportRow): MaybePromise<void>;
  /**
   * Claims a pending report for this process to render: true when it is pending and unclaimed, already this
   * process's, or its claimant is gone (a process of this host that died, or a lease run out). With several
   * processes on one database, a report is rendered once.
   *
   * @example
   * if (await store.tx((s) => s.claimReport(row.sessionId, row.revision))) await render(row);
   */
  claimReport(sessionId: number, revision: number): MaybePromise<boolean>;
  setReportStatus(sessionId: number, revision: number, status: ReportRow['status'], path?: string): MaybePromise<void>;
  /**
   * Writes outbox rows in this transaction: a turn's replies commit with its answers, or neither does (on
   * PostgreSQL the outbox's own connection could not see the turn's transaction). `key` makes it idempotent: false
   * when that key was already enqueued (nothing written); `at` is when (the key's time; default the first row's).
   * The outbox builds the rows (see OutboxPort.enqueueIn).
   *
   * @example
   * await s.enqueueOutbox('reply:m-17:text', [{ to: '张三', kind: 'text', body: '好的', name: null, enqueueKey: 'reply:m-17:text',
   *   nextAt: Date.now(), createdAt: new Date().toISOString(), channel: null, ref: null, choices: null }]);
   */
  enqueueOutbox(key: string | null, rows: readonly NewOutboxRow[], at?: string): MaybePromise<boolean>;
  /** Runs fn once this transaction has committed (not after a rollback): e.g. waking the outbox's sender. */
  afterCommit(fn: () => void): void;
}

/** One outbox row to insert, as the outbox builds it (texts split to a phone's length, the channel's lane stamped). */
export interface NewOutboxRow {
  to: string;
  kind: 'text' | 'file';
  /** The text, or a file's path. */
  body: string;
  /** A file's name as the person sees it; null for a text. */
  name: string | null;
  enqueueKey: string | null;
  /** Not before (epoch ms). */
  nextAt: number;
  createdAt: string;
  channel: string | null;
  ref: string | null;
  /** The closed answers of a text's question, as JSON; null when none. */
  choices: string | null;
}

/**
 * Everything the conversation persists — people's places, sessions, answers, history, reports, flow
 * versions — behind one port, so a second backend (PostgreSQL) is one adapter. SQLite implements it in
 * src/store/sqlite-store.ts. One turn = `tx`: lock the person, claim the message, load, decide, write.
 *
 * @example
 * await store.tx(async (s) => {
 *   await s.lockPerson(msg.user);
 *   if (!(await s.claimMessage(msg.id, msg.user, at))) return;
 *   const session = await s.activeSession(msg.user);
 *   // … decide, then write through `s`
 * });
 */
export interface Store extends StoreReads {
  /**
   * Runs fn in one transaction and returns its result; a throw rolls everything back. Transactions of one
   * store never interleave (not re-entrant: never call tx inside fn).
   */
  tx<T>(fn: (s: StoreTx) => Promise<T>): Promise<T>;
}

/** Renders the finished 自评表; the docx adapter implements it. */
export interface ReportRenderer {
  render(input: { flow: Flow; report: ScoreReport; revision: number; filledAt: Date }): Promise<Buffer>;
}

/** The forms a person may fill, and older versions of them for sessions started before a change. */
export interface FlowCatalog {
  /** The forms this person may fill (a campaign's assignment may narrow them: PostgreSQL answers with a promise). */
  list(user: string): MaybePromise<Flow[]>;
  byId(id: string): Flow | undefined;
  /**
   * A flow at a given content hash: current, or an older version this catalog has seen. With `text` (the
   * version's file text, which the engine reads from the store), that version is read from it.
   */
  byHash(id: string, hash: string, text?: string): Flow | undefined;
  /** The file text of a flow, to keep when a session starts on it. */
  sourceOf(flow: Flow): string | undefined;
}

/** A persistent outbox: what is enqueued is sent later, paced, exactly once (see src/outbox/). */
export interface OutboxPort {
  /** `key` makes an enqueue idempotent: the same key is never enqueued twice. Returns false when it was. */
  enqueue(to: string, items: Outbound[], opts?: { key?: string; at?: Date }): MaybePromise<boolean>;
  /**
   * The same, written through a transaction of the `Store` (StoreTx.enqueueOutbox): it commits or rolls back with
   * the turn. The engine enqueues a turn's replies this way; an outbox without it gets `enqueue` inside the
   * transaction, which only holds when both share one SQLite connection.
   *
   * @example
   * await store.tx(async (s) => { …; await outbox.enqueueIn?.(s, '张三', replies, { key: 'reply:m-17:text' }); });
   */
  enqueueIn?(tx: StoreTx, to: string, items: Outbound[], opts?: { key?: string; at?: Date }): MaybePromise<boolean>;
}
