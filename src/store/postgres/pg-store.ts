import type pg from 'pg';
import type {
  AnswerRow,
  HistoryEntry,
  NewOutboxRow,
  PersonRow,
  ReportRow,
  SessionRow,
  SessionSave,
  Store,
  StoreReads,
  StoreTx,
} from '../../engine/ports.js';
import { newOwner, ownerIsDead, REPORT_LEASE_MS } from '../owner.js';
import { insertOutboxRows } from './outbox-insert.js';
import type { Queryable } from './pool.js';

// PostgreSQL folds unquoted names to lower case and reserves `user`: the camelCase names are quoted.
const SESSION_COLS = `id, user_key AS "user", flow_id AS "flowId", flow_hash AS "flowHash", status, state, control,
  control_version AS "controlVersion", revision, answered, total, updated_at AS "updatedAt"`;
const ANSWER_COLS = 'item_id AS "itemId", value, note, reason, score, status, updated_at AS "updatedAt"';
const REPORT_COLS = 'session_id AS "sessionId", revision, user_key AS "user", flow_id AS "flowId", path, status, total';

/** Advisory-lock namespace of a person's turns (the two-key form keeps it apart from other locks). */
const PERSON_LOCK = 7_000_024;

/** The reads, on the pool (each on any free connection) or on a transaction's client. */
class PgReads implements StoreReads {
  constructor(protected readonly q: Queryable) {}

  protected async one<T>(sql: string, params: unknown[]): Promise<T | undefined> {
    return (await this.q.query(sql, params)).rows[0] as T | undefined;
  }

  protected async all<T>(sql: string, params: unknown[]): Promise<T[]> {
    return (await this.q.query(sql, params)).rows as T[];
  }

  person(user: string): Promise<PersonRow | undefined> {
    return this.one(
      'SELECT user_key AS "user", active_session_id AS "activeSessionId", control FROM users WHERE user_key = $1',
      [user],
    );
  }

  activeSession(user: string): Promise<SessionRow | undefined> {
    return this.one(
      `SELECT ${SESSION_COLS} FROM sessions WHERE id = (SELECT active_session_id FROM users WHERE user_key = $1)`,
      [user],
    );
  }

  latestSession(user: string, flowId: string): Promise<SessionRow | undefined> {
    return this.one(
      `SELECT ${SESSION_COLS} FROM sessions WHERE user_key = $1 AND flow_id = $2 ORDER BY id DESC LIMIT 1`,
      [user, flowId],
    );
  }

  sessionsOf(user: string): Promise<SessionRow[]> {
    return this.all(`SELECT ${SESSION_COLS} FROM sessions WHERE user_key = $1 ORDER BY id`, [user]);
  }

  answer(sessionId: number, itemId: string): Promise<AnswerRow | undefined> {
    return this.one(`SELECT ${ANSWER_COLS} FROM answers WHERE session_id = $1 AND item_id = $2`, [sessionId, itemId]);
  }

  answersOf(sessionId: number, itemIds: readonly string[]): Promise<AnswerRow[]> {
    if (!itemIds.length) return Promise.resolve([]);
    return this.all(`SELECT ${ANSWER_COLS} FROM answers WHERE session_id = $1 AND item_id = ANY($2::text[])`, [
      sessionId,
      [...new Set(itemIds)],
    ]);
  }

  answers(sessionId: number): Promise<AnswerRow[]> {
    return this.all(`SELECT ${ANSWER_COLS} FROM answers WHERE session_id = $1`, [sessionId]);
  }

  historyOf(user: string): Promise<HistoryEntry[]> {
    return this.all(
      `SELECT session_id AS "sessionId", user_key AS "user", item_id AS "itemId", kind, text, at
       FROM answer_history WHERE user_key = $1 ORDER BY id`,
      [user],
    );
  }

  async flowVersion(hash: string): Promise<string | undefined> {
    return (await this.one<{ text: string }>('SELECT text FROM flow_versions WHERE hash = $1', [hash]))?.text;
  }

  report(sessionId: number, revision: number): Promise<ReportRow | undefined> {
    return this.one(`SELECT ${REPORT_COLS} FROM reports WHERE session_id = $1 AND revision = $2`, [
      sessionId,
      revision,
    ]);
  }

  reportsOf(user: string): Promise<ReportRow[]> {
    return this.all(`SELECT ${REPORT_COLS} FROM reports WHERE user_key = $1 ORDER BY session_id, revision`, [user]);
  }

  pendingReports(): Promise<ReportRow[]> {
    return this.all(`SELECT ${REPORT_COLS} FROM reports WHERE status = 'pending' ORDER BY session_id, revision`, []);
  }
}

/** One transaction on one checked-out client: the reads see its own writes; everything commits together. */
class PgTx extends PgReads implements StoreTx {
  readonly committed: Array<() => void> = [];

  constructor(
    client: pg.PoolClient,
    private readonly owner: string,
  ) {
    super(client);
  }

  async lockPerson(user: string): Promise<void> {
    // Held until COMMIT or ROLLBACK: another process's turn for this person waits here, then reads what this one wrote.
    await this.q.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [PERSON_LOCK, user]);
  }

  async claimMessage(id: string, user: string, at: string): Promise<boolean> {
    const r = await this.q.query(
      'INSERT INTO processed_messages (id, user_key, at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
      [id, user, at],
    );
    return r.rowCount === 1;
  }

  async savePerson(user: string, save: Omit<PersonRow, 'user'>): Promise<void> {
    await this.q.query(
      `INSERT INTO users (user_key, active_session_id, control) VALUES ($1, $2, $3)
       ON CONFLICT (user_key) DO UPDATE SET active_session_id = excluded.active_session_id, control = excluded.control`,
      [user, save.activeSessionId, save.control],
    );
  }

  async createSession(user: string, flowId: string, flowHash: string, save: SessionSave, at: string): Promise<number> {
    const r = await this.q.query(
      `INSERT INTO sessions (user_key, flow_id, flow_hash, status, snapshot, snapshot_version, state, control,
         control_version, revision, answered, total, created_at, updated_at)
       VALUES ($1, $2, $3, $4, '', 0, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
      [
        user,
        flowId,
        flowHash,
        save.status,
        save.state,
        save.control,
        save.controlVersion,
        save.revision,
        save.answered,
        save.total,
        at,
      ],
    );
    return Number(r.rows[0].id);
  }

  async saveSession(id: number, save: SessionSave, at: string): Promise<void> {
    await this.q.query(
      `UPDATE sessions SET state = $2, control = $3, control_version = $4, status = $5, revision = $6, answered = $7,
         total = $8, updated_at = $9 WHERE id = $1`,
      [id, save.state, save.control, save.controlVersion, save.status, save.revision, save.answered, save.total, at],
    );
  }

  async putAnswer(sessionId: number, row: AnswerRow): Promise<void> {
    await this.q.query(
      `INSERT INTO answers (session_id, item_id, value, note, reason, score, status, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (session_id, item_id) DO UPDATE SET value = excluded.value, note = excluded.note,
         reason = excluded.reason, score = excluded.score, status = excluded.status, updated_at = excluded.updated_at`,
      [
        sessionId,
        row.itemId,
        row.value,
        row.note ?? null,
        row.reason ?? null,
        row.score ?? null,
        row.status,
        row.updatedAt,
      ],
    );
  }

  async clearAnswers(sessionId: number): Promise<void> {
    await this.q.query('DELETE FROM answers WHERE session_id = $1', [sessionId]);
  }

  async appendHistory(entries: HistoryEntry[]): Promise<void> {
    if (!entries.length) return;
    const params: unknown[] = [];
    const values = entries.map((e) => {
      params.push(e.sessionId, e.user, e.itemId, e.kind, e.text, e.at);
      const n = params.length - 6;
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6})`;
    });
    await this.q.query(
      `INSERT INTO answer_history (session_id, user_key, item_id, kind, text, at) VALUES ${values.join(', ')}`,
      params,
    );
  }

  async saveFlowVersion(hash: string, flowId: string, text: string): Promise<void> {
    await this.q.query(
      'INSERT INTO flow_versions (hash, flow_id, text) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING',
      [hash, flowId, text],
    );
  }

  async addReport(r: ReportRow): Promise<void> {
    await this.q.query(
      `INSERT INTO reports (session_id, revision, user_key, flow_id, path, status, total, claimed_by, claim_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (session_id, revision) DO UPDATE SET status = 'pending', total = excluded.total,
         claimed_by = excluded.claimed_by, claim_until = excluded.claim_until WHERE reports.status = 'failed'`,
      [r.sessionId, r.revision, r.user, r.flowId, r.path, r.status, r.total, this.owner, Date.now() + REPORT_LEASE_MS],
    );
  }

  async claimReport(sessionId: number, revision: number): Promise<boolean> {
    // Row lock: two processes resuming at once read the claim one after the other.
    const c = await this.one<{ status: string; owner: string | null; until: number | null }>(
      `SELECT status, claimed_by AS owner, claim_until AS until FROM reports
       WHERE session_id = $1 AND revision = $2 FOR UPDATE`,
      [sessionId, revision],
    );
    if (c?.status !== 'pending') return false;
    const free = c.owner === null || c.owner === this.owner || (c.until ?? 0) < Date.now() || ownerIsDead(c.owner);
    if (!free) return false;
    await this.q.query('UPDATE reports SET claimed_by = $3, claim_until = $4 WHERE session_id = $1 AND revision = $2', [
      sessionId,
      revision,
      this.owner,
      Date.now() + REPORT_LEASE_MS,
    ]);
    return true;
  }

  async setReportStatus(
    sessionId: number,
    revision: number,
    status: ReportRow['status'],
    path?: string,
  ): Promise<void> {
    await this.q.query(
      'UPDATE reports SET status = $1, path = coalesce($2, path) WHERE session_id = $3 AND revision = $4',
      [status, path ?? null, sessionId, revision],
    );
  }

  enqueueOutbox(key: string | null, rows: readonly NewOutboxRow[], at?: string): Promise<boolean> {
    return insertOutboxRows(this.q, key, rows, at);
  }

  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }
}

/**
 * The `Store` port on PostgreSQL (node-postgres pool). Several processes share one database: each turn is one
 * transaction on its own connection, and `lockPerson` takes a transaction-scoped advisory lock on the person, so
 * one person's messages are handled one after another across processes while different people's run at once.
 * Processed message ids are a primary key (a message delivered to two processes is handled once); a report is
 * claimed by the process that renders it.
 *
 * @example
 * const pool = openPool(process.env.TIANBAO_DATABASE_URL!);
 * await migratePg(pool);
 * const store = new PgStore(pool);
 * await store.tx(async (s) => { await s.lockPerson('张三'); … });
 */
export class PgStore extends PgReads implements Store {
  /** Who this store's claims belong to (reports being rendered). */
  readonly owner = newOwner();

  /** Settles when the database is ready (migrated); every read and transaction waits for it. */
  readonly ready: Promise<void>;

  /** `ready`: e.g. `migratePg(pool)` started by the caller, so the store can be built synchronously. */
  constructor(
    readonly pool: pg.Pool,
    opts: { ready?: Promise<unknown> } = {},
  ) {
    const ready = Promise.resolve(opts.ready).then(() => undefined);
    // A failed migration is reported by the first read or turn, not as an unhandled rejection.
    ready.catch(() => {});
    super({ query: (async (text: string, values?: unknown[]) => ready.then(() => pool.query(text, values))) as never });
    this.ready = ready;
  }

  async tx<T>(fn: (s: StoreTx) => Promise<T>): Promise<T> {
    await this.ready;
    // A turn reads outside its transaction too (the catalog asks which forms a person was assigned, on the pool):
    // were every connection held by a turn, each would wait for a free one forever. Two are always left over.
    await this.slot();
    try {
      return await this.txOn(fn);
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }

  private running = 0;
  private readonly queue: Array<() => void> = [];

  private async slot(): Promise<void> {
    const max = (this.pool as unknown as { options?: { max?: number } }).options?.max ?? 10;
    if (this.running < Math.max(1, max - 2)) {
      this.running++;
      return;
    }
    // The slot is handed over by the transaction that ends (running stays as it is).
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  private async txOn<T>(fn: (s: StoreTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const t = new PgTx(client, this.owner);
      let out: T;
      try {
        out = await fn(t);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK').catch((r: Error) => {
          broken = r;
        });
        throw e;
      }
      for (const f of t.committed) f();
      return out;
    } finally {
      // A connection whose ROLLBACK failed is not given back to the pool.
      client.release(broken);
    }
  }

  /** Ends the pool's connections (after the last turn). */
  close(): Promise<void> {
    return this.pool.end();
  }
}
