// biome-ignore-all lint/suspicious/noExplicitAny: an old snapshot is untrusted JSON, checked field by field below.
import type Database from 'better-sqlite3';
import type { Migration } from './migrations.js';

/**
 * Answers as rows (issue 11): each answer gets its own row and the session keeps only a small control
 * state, so a turn no longer rewrites every answer. Version 12: 10 and 11 are the people and outbox-lease
 * migrations.
 */
export const answersMigration: Migration = {
  version: 12,
  name: 'answers as rows, small control state per session',
  sql: `
  CREATE TABLE answers (
    session_id INTEGER NOT NULL,
    item_id TEXT NOT NULL,
    value TEXT NOT NULL DEFAULT '',
    note TEXT,
    reason TEXT,
    score REAL,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, item_id)
  ) WITHOUT ROWID;
  ALTER TABLE sessions ADD COLUMN state TEXT NOT NULL DEFAULT 'asking';
  ALTER TABLE sessions ADD COLUMN control TEXT NOT NULL DEFAULT '';
  ALTER TABLE sessions ADD COLUMN control_version INTEGER NOT NULL DEFAULT 0;
  `,
  up: moveSnapshots,
};

/** The route names of the old snapshot context, as the statechart's states. */
const STATE_OF: Record<string, string> = {
  ask: 'asking',
  reason: 'reason',
  manual: 'manual',
  review: 'review',
  submitted: 'submitted',
  paused: 'paused',
  confirmRestart: 'confirmRestart',
};

interface OldEntry {
  value?: unknown;
  reason?: unknown;
  score?: unknown;
}

/**
 * Moves every old snapshot's answers into rows and its position into the control state. A snapshot
 * that cannot be read still gives up its answers: they are rebuilt from the audit trail, and the
 * control state is left empty so the engine rebuilds the position from the rows. The old snapshot
 * text stays in its column, untouched.
 */
function moveSnapshots(db: Database.Database): void {
  const sessions = db
    .prepare('SELECT id, flow_id AS flowId, flow_hash AS flowHash, snapshot, updated_at AS at FROM sessions')
    .all() as Array<{ id: number; flowId: string; flowHash: string; snapshot: string; at: string }>;
  const put = db.prepare(
    `INSERT OR REPLACE INTO answers (session_id, item_id, value, reason, score, status, updated_at)
     VALUES (?, ?, ?, ?, ?, 'answered', ?)`,
  );
  const save = db.prepare('UPDATE sessions SET state = ?, control = ?, control_version = 2 WHERE id = ?');
  const history = db.prepare(
    'SELECT item_id AS itemId, kind, text FROM answer_history WHERE session_id = ? ORDER BY id',
  );
  for (const s of sessions) {
    let ctx: any;
    let value: string | undefined;
    try {
      const snap = JSON.parse(s.snapshot);
      ctx = snap?.context;
      value = typeof snap?.value === 'string' ? snap.value : undefined;
    } catch {
      ctx = undefined;
    }
    const readable = ctx && typeof ctx === 'object' && ctx.answers && typeof ctx.answers === 'object';
    const answers: Record<string, OldEntry> = readable ? ctx.answers : fromHistory(history.all(s.id) as any[]);
    for (const [id, e] of Object.entries(answers)) {
      if (!e || typeof e !== 'object') continue;
      const v = typeof e.value === 'string' ? e.value : e.value === undefined ? '' : String(e.value);
      const reason = typeof e.reason === 'string' ? e.reason : null;
      const score =
        typeof e.score === 'number'
          ? e.score
          : Number.isFinite(Number(e.score)) && e.score !== undefined
            ? Number(e.score)
            : null;
      put.run(s.id, id, v, reason, score, s.at);
    }
    if (!readable || !Number.isInteger(ctx.cursor)) {
      save.run('asking', '', s.id);
      continue;
    }
    const state = STATE_OF[ctx.route] ?? (value && value !== 'route' ? value : 'asking');
    const answered = Object.values(answers).filter((e) => typeof e?.value === 'string' && e.value.trim() !== '').length;
    const control = {
      v: 2,
      flowId: s.flowId,
      flowHash: s.flowHash,
      cursor: ctx.cursor,
      reached: ctx.cursor,
      pending: typeof ctx.pending === 'string' ? ctx.pending : undefined,
      failures: 0,
      revision: Number.isInteger(ctx.revision) ? ctx.revision : 0,
      editing: Boolean(ctx.editing),
      dirty: Boolean(ctx.dirty),
      answered,
      resumeTo: typeof ctx.resumeTo === 'string' ? STATE_OF[ctx.resumeTo] : undefined,
      suggestion: typeof ctx.suggestion === 'string' ? ctx.suggestion : undefined,
    };
    save.run(state, JSON.stringify(control), s.id);
  }
}

/** The latest value, reason and score per item since the last 重新填写, as the audit trail recorded them. */
function fromHistory(rows: Array<{ itemId: string; kind: string; text: string }>): Record<string, OldEntry> {
  let out: Record<string, OldEntry> = {};
  for (const r of rows) {
    if (r.kind === 'restart') out = {};
    else if (r.kind === 'value') out[r.itemId] = { ...out[r.itemId], value: r.text };
    else if (r.kind === 'reason') out[r.itemId] = { value: '', ...out[r.itemId], reason: r.text };
    else if (r.kind === 'score') out[r.itemId] = { value: '', ...out[r.itemId], score: Number(r.text) };
  }
  return out;
}
