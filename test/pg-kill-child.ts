// One bot process on a PostgreSQL database, driven line by line (test/pg-kill.test.ts): each stdin line is a
// message as JSON {id, user, text, kill?}; the process answers "done <id>" once the turn has committed. With
// `kill: k` it kills itself with SIGKILL (kill -9) just before the k-th statement of that message's turn
// ('commit': just before its COMMIT). Replies go to the outbox table, in the turn's transaction, as a channel's do.
// Usage: node --import tsx test/pg-kill-child.ts <database url> <data dir> <flows dir>
import { createInterface } from 'node:readline';
import type pg from 'pg';
import { buildPgApp } from '../src/app/build-engine.js';
import type { Outbound, OutboxPort, StoreTx } from '../src/engine/ports.js';
import { outboxRows } from '../src/outbox/outbox.js';

const [databaseUrl, dataDir, flowsDir] = process.argv.slice(2) as [string, string, string];
const app = buildPgApp({ dataDir, flowsDir, databaseUrl }, { log: () => {} });
await app.store.ready;

let killAt: number | 'commit' | undefined;
let statements = 0;
const wrapped = new WeakSet<object>();
const connect = app.store.pool.connect.bind(app.store.pool) as (cb?: unknown) => Promise<pg.PoolClient>;
// pool.query() checks a client out with a callback: that path is left alone (reads outside a turn's transaction).
(app.store.pool as unknown as { connect: (cb?: unknown) => unknown }).connect = (cb?: unknown) =>
  cb ? connect(cb) : connect().then(wrap);
function wrap(client: pg.PoolClient): pg.PoolClient {
  if (!wrapped.has(client)) {
    wrapped.add(client);
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (killAt !== undefined) {
        statements++;
        if (killAt === 'commit' ? args[0] === 'COMMIT' : statements === killAt) process.kill(process.pid, 'SIGKILL');
      }
      return query(...args);
    };
  }
  return client;
}

const outbox: OutboxPort = {
  enqueue: () => {
    throw new Error('a turn enqueues through its transaction');
  },
  enqueueIn: (tx: StoreTx, to: string, items: Outbound[], opts = {}) =>
    tx.enqueueOutbox(
      opts.key ?? null,
      outboxRows(to, items, opts, { channel: 'test', maxChars: 1800, now: Date.now() }),
    ),
};
app.engine.useOutbox(outbox);

for await (const line of createInterface({ input: process.stdin })) {
  const m = JSON.parse(line) as { id: string; user: string; text: string; kill?: number | 'commit' };
  statements = 0;
  killAt = m.kill;
  await app.engine.handle({ id: m.id, user: m.user, text: m.text });
  killAt = undefined;
  process.stdout.write(`done ${m.id} ${statements}\n`);
}
await app.close();
