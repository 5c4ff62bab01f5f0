import type Database from 'better-sqlite3';
import type {
  AnswerRow,
  HistoryEntry,
  NewOutboxRow,
  PersonRow,
  ReportRow,
  SessionRow,
  SessionSave,
  Store,
  StoreTx,
} from '../engine/ports.js';
import { type Migration, migrations } from './migrations.js';
import { openDatabaseFile } from './open-database.js';
import { newOwner, ownerIsDead, REPORT_LEASE_MS } from './owner.js';
import { insertOutboxRowsSqlite } from './sqlite/outbox-insert.js';

type DB = Database.Database;

export function openDatabase(file: string): DB {
  const db = openDatabaseFile(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // A checkpoint stalls the commit that triggers it; letting the WAL grow to ~40 MB makes those stalls
  // rare (the default 1,000 pages put one in every few hundred turns).
  db.pragma('wal_autocheckpoint = 10000');
  // 8 MB of page cache holds the sessions being worked on; memory must not grow with the number of people.
  db.pragma('cache_size = -8000');
  migrate(db);
  return db;
}

/** Applies the migrations this database has not seen, each in its own transaction. */
export function migrate(db: DB, list: Migration[] = migrations): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const done = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  for (const m of [...list].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.up?.(db);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        m.version,
        new Date().toISOString(),
      );
    })();
  }
}

const SESSION_COLS = `id, user_key AS user, flow_id AS flowId, flow_hash AS flowHash, status, state, control,
  control_version AS controlVersion, revision, answered, total, updated_at AS updatedAt`;
const ANSWER_COLS = 'item_id AS itemId, value, note, reason, score, status, updated_at AS updatedAt';
const REPORT_COLS = 'session_id AS sessionId, revision, user_key AS user, flow_id AS flowId, path, status, total';

/**
 * The `Store` port on SQLite (better-sqlite3, WAL). Reads and writes answer synchronously (the port's
 * MaybePromise allows it), so code holding a SqliteStore may call them directly; the engine awaits them.
 * `tx` runs one BEGIN IMMEDIATE … COMMIT at a time: the write lock is taken at the start, so the turns
 * of one person are serialised across processes too (lockPerson has nothing left to do).
 */
export class SqliteStore implements Store, StoreTx {
  readonly db: DB;
  private st;
  /** Transactions of this connection run one after another (an await inside one must not let another in). */
  private tail: Promise<unknown> = Promise.resolve();

  private checkpoints?: ReturnType<typeof setInterval>;
  /** Who this store's claims belong to (reports being rendered). */
  readonly owner = newOwner();
  /** What runs once the transaction under way commits (null: none under way). */
  private committed: Array<() => void> | null = null;

  /**
   * `checkpointMs` (a store opened from a file; default 1000): the WAL is checkpointed on this timer,
   * between turns, instead of inside the commit of whichever turn crosses the WAL's size limit — a
   * checkpoint stalls the commit that triggers it (README, Benchmarks). The automatic checkpoint stays as a
   * backstop at 50,000 pages (≈ 200 MB) should the timer be starved. 0 leaves SQLite's own checkpoints.
   */
  constructor(dbOrFile: DB | string, opts: { checkpointMs?: number } = {}) {
    this.db = typeof dbOrFile === 'string' ? openDatabase(dbOrFile) : dbOrFile;
    const every = opts.checkpointMs ?? (typeof dbOrFile === 'string' ? 1000 : 0);
    if (every > 0) {
      this.db.pragma('wal_autocheckpoint = 50000');
      this.checkpoints = setInterval(() => this.checkpoint(), every);
      this.checkpoints.unref();
    }
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      begin: p('BEGIN IMMEDIATE'),
      commit: p('COMMIT'),
      rollback: p('ROLLBACK'),
      person: p('SELECT user_key AS user, active_session_id AS activeSessionId, control FROM users WHERE user_key = ?'),
      savePerson: p(
        'INSERT INTO users (user_key, active_session_id, control) VALUES (?, ?, ?) ON CONFLICT(user_key) DO UPDATE SET active_session_id = excluded.active_session_id, control = excluded.control',
      ),
      claim: p('INSERT OR IGNORE INTO processed_messages (id, user_key, at) VALUES (?, ?, ?)'),
      active: p(
        `SELECT ${SESSION_COLS} FROM sessions WHERE id = (SELECT active_session_id FROM users WHERE user_key = ?)`,
      ),
      latest: p(`SELECT ${SESSION_COLS} FROM sessions WHERE user_key = ? AND flow_id = ? ORDER BY id DESC LIMIT 1`),
      sessionsOf: p(`SELECT ${SESSION_COLS} FROM sessions WHERE user_key = ? ORDER BY id`),
      create:
        p(`INSERT INTO sessions (user_key, flow_id, flow_hash, status, snapshot, snapshot_version, state, control, control_version,
          revision, answered, total, created_at, updated_at)
        VALUES (@user, @flowId, @flowHash, @status, '', 0, @state, @control, @controlVersion, @revision, @answered, @total, @at, @at)`),
      save: p(`UPDATE sessions SET state = @state, control = @control, control_version = @controlVersion, status = @status,
        revision = @revision, answered = @answered, total = @total, updated_at = @at WHERE id = @id`),
      answer: p(`SELECT ${ANSWER_COLS} FROM answers WHERE session_id = ? AND item_id = ?`),
      answers: p(`SELECT ${ANSWER_COLS} FROM answers WHERE session_id = ?`),
      putAnswer: p(`INSERT INTO answers (session_id, item_id, value, note, reason, score, status, updated_at)
        VALUES (@sessionId, @itemId, @value, @note, @reason, @score, @status, @updatedAt)
        ON CONFLICT(session_id, item_id) DO UPDATE SET value = excluded.value, note = excluded.note, reason = excluded.reason,
        score = excluded.score, status = excluded.status, updated_at = excluded.updated_at`),
      clearAnswers: p('DELETE FROM answers WHERE session_id = ?'),
      history: p(
        'INSERT INTO answer_history (session_id, user_key, item_id, kind, text, at) VALUES (@sessionId, @user, @itemId, @kind, @text, @at)',
      ),
      historyOf: p(
        'SELECT session_id AS sessionId, user_key AS user, item_id AS itemId, kind, text, at FROM answer_history WHERE user_key = ? ORDER BY id',
      ),
      saveFlow: p('INSERT OR IGNORE INTO flow_versions (hash, flow_id, text) VALUES (?, ?, ?)'),
      flow: p('SELECT text FROM flow_versions WHERE hash = ?'),
      addReport:
        p(`INSERT INTO reports (session_id, revision, user_key, flow_id, path, status, total, claimed_by, claim_until)
        VALUES (@sessionId, @revision, @user, @flowId, @path, @status, @total, @owner, @until)
        ON CONFLICT(session_id, revision) DO UPDATE SET status = 'pending', total = excluded.total,
          claimed_by = excluded.claimed_by, claim_until = excluded.claim_until WHERE status = 'failed'`),
      claimOf: p(
        'SELECT status, claimed_by AS owner, claim_until AS until FROM reports WHERE session_id = ? AND revision = ?',
      ),
      claimReport: p(`UPDATE reports SET claimed_by = ?, claim_until = ? WHERE session_id = ? AND revision = ?
        AND status = 'pending' AND claimed_by IS ?`),
      reportStatus: p('UPDATE reports SET status = ?, path = coalesce(?, path) WHERE session_id = ? AND revision = ?'),
      report: p(`SELECT ${REPORT_COLS} FROM reports WHERE session_id = ? AND revision = ?`),
      reportsOf: p(`SELECT ${REPORT_COLS} FROM reports WHERE user_key = ? ORDER BY session_id, revision`),
      pending: p(`SELECT ${REPORT_COLS} FROM reports WHERE status = 'pending'`),
    };
  }

  tx<T>(fn: (s: StoreTx) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.st.begin.run();
      this.committed = [];
      try {
        const out = await fn(this);
        this.st.commit.run();
        const after = this.committed;
        this.committed = null;
        for (const f of after) f();
        return out;
      } catch (e) {
        this.committed = null;
        if (this.db.inTransaction) this.st.rollback.run();
        throw e;
      }
    };
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** The transaction holds SQLite's write lock from its first statement: nothing more to lock. */
  lockPerson(_user: string): void {}

  person(user: string): PersonRow | undefined {
    return this.st.person.get(user) as PersonRow | undefined;
  }

  savePerson(user: string, save: Omit<PersonRow, 'user'>): void {
    this.st.savePerson.run(user, save.activeSessionId, save.control);
  }

  claimMessage(id: string, user: string, at: string): boolean {
    return this.st.claim.run(id, user, at).changes === 1;
  }

  activeSession(user: string): SessionRow | undefined {
    return this.st.active.get(user) as SessionRow | undefined;
  }

  latestSession(user: string, flowId: string): SessionRow | undefined {
    return this.st.latest.get(user, flowId) as SessionRow | undefined;
  }

  sessionsOf(user: string): SessionRow[] {
    return this.st.sessionsOf.all(user) as SessionRow[];
  }

  createSession(user: string, flowId: string, flowHash: string, save: SessionSave, at: string): number {
    return Number(this.st.create.run({ user, flowId, flowHash, ...save, at }).lastInsertRowid);
  }

  saveSession(id: number, save: SessionSave, at: string): void {
    this.st.save.run({ id, ...save, at });
  }

  answer(sessionId: number, itemId: string): AnswerRow | undefined {
    return this.st.answer.get(sessionId, itemId) as AnswerRow | undefined;
  }

  answersOf(sessionId: number, itemIds: readonly string[]): AnswerRow[] {
    const out: AnswerRow[] = [];
    for (const id of new Set(itemIds)) {
      const r = this.st.answer.get(sessionId, id) as AnswerRow | undefined;
      if (r) out.push(r);
    }
    return out;
  }

  answers(sessionId: number): AnswerRow[] {
    return this.st.answers.all(sessionId) as AnswerRow[];
  }

  putAnswer(sessionId: number, row: AnswerRow): void {
    this.st.putAnswer.run({
      sessionId,
      itemId: row.itemId,
      value: row.value,
      note: row.note ?? null,
      reason: row.reason ?? null,
      score: row.score ?? null,
      status: row.status,
      updatedAt: row.updatedAt,
    });
  }

  clearAnswers(sessionId: number): void {
    this.st.clearAnswers.run(sessionId);
  }

  appendHistory(entries: HistoryEntry[]): void {
    for (const e of entries) this.st.history.run(e);
  }

  historyOf(user: string): HistoryEntry[] {
    return this.st.historyOf.all(user) as HistoryEntry[];
  }

  saveFlowVersion(hash: string, flowId: string, text: string): void {
    this.st.saveFlow.run(hash, flowId, text);
  }

  flowVersion(hash: string): string | undefined {
    return (this.st.flow.get(hash) as { text: string } | undefined)?.text;
  }

  addReport(r: ReportRow): void {
    this.st.addReport.run({ ...r, owner: this.owner, until: Date.now() + REPORT_LEASE_MS });
  }

  claimReport(sessionId: number, revision: number): boolean {
    const c = this.st.claimOf.get(sessionId, revision) as
      | { status: string; owner: string | null; until: number | null }
      | undefined;
    if (c?.status !== 'pending') return false;
    const free = c.owner === null || c.owner === this.owner || (c.until ?? 0) < Date.now() || ownerIsDead(c.owner);
    if (!free) return false;
    // Compare-and-set on the claimant read above: another process's claim in between wins.
    return (
      this.st.claimReport.run(this.owner, Date.now() + REPORT_LEASE_MS, sessionId, revision, c.owner).changes === 1
    );
  }

  setReportStatus(sessionId: number, revision: number, status: ReportRow['status'], path?: string): void {
    this.st.reportStatus.run(status, path ?? null, sessionId, revision);
  }

  report(sessionId: number, revision: number): ReportRow | undefined {
    return this.st.report.get(sessionId, revision) as ReportRow | undefined;
  }

  reportsOf(user: string): ReportRow[] {
    return this.st.reportsOf.all(user) as ReportRow[];
  }

  pendingReports(): ReportRow[] {
    return this.st.pending.all() as ReportRow[];
  }

  enqueueOutbox(key: string | null, rows: readonly NewOutboxRow[], at?: string): boolean {
    return insertOutboxRowsSqlite(this.db, key, rows, at);
  }

  /** Outside a transaction fn runs at once: there is nothing to wait for. */
  afterCommit(fn: () => void): void {
    if (this.committed) this.committed.push(fn);
    else fn();
  }

  /** Copies the WAL into the database without waiting on anyone (PASSIVE); never inside a transaction. */
  checkpoint(): void {
    if (!this.db.open || this.db.inTransaction) return;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Busy or closing: the next tick tries again, and the automatic checkpoint is the backstop.
    }
  }

  close(): void {
    if (this.checkpoints) clearInterval(this.checkpoints);
    this.db.close();
  }
}
