import type { NewOutboxRow } from '../../engine/ports.js';
import type { Queryable } from './pool.js';

/**
 * Writes one enqueue's outbox rows on PostgreSQL, claiming its key first: false (and nothing written) when the
 * key was already enqueued. On a transaction's client (a turn's) the rows commit with it; on the pool the key
 * and the rows go in one statement, so they are written together or not at all.
 *
 * @example
 * await insertOutboxRows(client, 'reply:m-17:text', rows); // true; false the second time
 */
export async function insertOutboxRows(
  q: Queryable,
  key: string | null,
  rows: readonly NewOutboxRow[],
  at = rows[0]?.createdAt ?? new Date().toISOString(),
): Promise<boolean> {
  const cols = ['to_key', 'kind', 'body', 'name', 'enqueue_key', 'next_at', 'created_at', 'channel', 'ref', 'choices'];
  const params: unknown[] = [];
  const values = rows.map((r) => {
    params.push(r.to, r.kind, r.body, r.name, r.enqueueKey, r.nextAt, r.createdAt, r.channel, r.ref, r.choices);
    const n = params.length - cols.length;
    // Typed: inside VALUES of a SELECT PostgreSQL cannot infer a parameter's type from the target column.
    return `(${cols.map((c, i) => `$${n + i + 1}::${c === 'next_at' ? 'bigint' : 'text'}`).join(', ')}, 'queued', 0)`;
  });
  const insertRows = rows.length
    ? `INSERT INTO outbox (${cols.join(', ')}, status, attempts) VALUES ${values.join(', ')}`
    : '';
  if (key === null) {
    if (rows.length) await q.query(insertRows, params);
    return true;
  }
  // The key is claimed and the rows written by one statement: the rows go in only when the key was new.
  params.push(key, at);
  const k = params.length - 1;
  const sql = rows.length
    ? `WITH claimed AS (INSERT INTO outbox_keys (key, at) VALUES ($${k}, $${k + 1}) ON CONFLICT (key) DO NOTHING RETURNING key)
       INSERT INTO outbox (${cols.join(', ')}, status, attempts)
       SELECT v.* FROM (VALUES ${values.join(', ')}) AS v(${cols.join(', ')}, status, attempts) WHERE EXISTS (SELECT 1 FROM claimed)
       RETURNING (SELECT key FROM claimed) AS key`
    : `INSERT INTO outbox_keys (key, at) VALUES ($${k}, $${k + 1}) ON CONFLICT (key) DO NOTHING RETURNING key`;
  const res = await q.query(sql, params);
  if (!rows.length) return (res.rowCount ?? 0) === 1;
  return (res.rowCount ?? 0) > 0;
}
