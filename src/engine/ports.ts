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

export type Outbound = { kind: 'text'; text: string } | { kind: 'file'; path: string; name: string };

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

/**
 * Everything the conversation persists — sessions, answers, history, reports, flow versions — behind one
 * port, so a second backend (PostgreSQL) is one adapter. SQLite implements it in src/store/sqlite-store.ts.
 */
export interface Store {
  /** Runs fn in one transaction (everything a message changes commits together). */
  tx<T>(fn: () => T): T;
  /** Records a message id; false when it was already handled. */
  claimMessage(id: string, user: string, at: string): boolean;
  activeSession(user: string): SessionRow | undefined;
  setActiveSession(user: string, sessionId: number | null): void;
  /** The person's most recent session of a flow. */
  latestSession(user: string, flowId: string): SessionRow | undefined;
  sessionsOf(user: string): SessionRow[];
  createSession(user: string, flowId: string, flowHash: string, save: SessionSave, at: string): number;
  saveSession(id: number, save: SessionSave, at: string): void;
  /** One answer row, or undefined when the item has none. */
  answer(sessionId: number, itemId: string): AnswerRow | undefined;
  /** All answer rows of a session (the review, the report). */
  answers(sessionId: number): AnswerRow[];
  putAnswer(sessionId: number, row: AnswerRow): void;
  /** 重新填写: the rows go; the history keeps what they were. */
  clearAnswers(sessionId: number): void;
  appendHistory(entries: HistoryEntry[]): void;
  historyOf(user: string): HistoryEntry[];
  /** Keeps the text of every flow version a session started on. */
  saveFlowVersion(hash: string, flowId: string, text: string): void;
  flowVersion(hash: string): string | undefined;
  /** Adds a report to render; a failed one of the same revision is set back to pending (a retry). */
  addReport(r: ReportRow): void;
  setReportStatus(sessionId: number, revision: number, status: ReportRow['status'], path?: string): void;
  report(sessionId: number, revision: number): ReportRow | undefined;
  reportsOf(user: string): ReportRow[];
  pendingReports(): ReportRow[];
}

/** Renders the finished 自评表; the docx adapter implements it. */
export interface ReportRenderer {
  render(input: { flow: Flow; report: ScoreReport; revision: number; filledAt: Date }): Promise<Buffer>;
}

/** The forms a person may fill, and older versions of them for sessions started before a change. */
export interface FlowCatalog {
  list(user: string): Flow[];
  byId(id: string): Flow | undefined;
  /** A flow at a given content hash: current, or an older version kept by the store. */
  byHash(id: string, hash: string): Flow | undefined;
  /** The file text of a flow, to keep when a session starts on it. */
  sourceOf(flow: Flow): string | undefined;
}

/** A persistent outbox: what is enqueued is sent later, paced, exactly once (see src/outbox/). */
export interface OutboxPort {
  /** `key` makes an enqueue idempotent: the same key is never enqueued twice. Returns false when it was. */
  enqueue(to: string, items: Outbound[], opts?: { key?: string; at?: Date }): boolean;
}
