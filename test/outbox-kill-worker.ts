// A bot process sending from a shared outbox, for test/outbox-kill.test.ts: SQLite (a file path) or PostgreSQL
// (a postgres:// URL). Usage: node --import tsx test/outbox-kill-worker.ts <db> <owner> <log> <go file> <ms per send>
// Each send writes "begin <id>" to <log>.begin, waits, then "<id> <to> <text> <owner>" to <log>: a process killed
// between the two lines was cut off mid-send (the message never reached anyone).
import { appendFileSync, existsSync } from 'node:fs';
import { Outbox } from '../src/outbox/outbox.js';
import type { OutboxRows } from '../src/store/outbox-rows.js';
import { PgOutboxRows } from '../src/store/postgres/outbox-rows.js';
import { openPool } from '../src/store/postgres/pool.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';

const [db, owner, log, go, ms] = process.argv.slice(2);
const pause = (n: number) => new Promise((r) => setTimeout(r, n));
let rows: OutboxRows;
let close: () => Promise<void>;
if (db.startsWith('postgres')) {
  const pool = openPool(db, { max: 4 });
  rows = new PgOutboxRows(pool);
  close = () => pool.end();
} else {
  const handle = openDatabase(db);
  rows = new SqliteOutboxRows(handle);
  close = async () => {
    handle.close();
  };
}
const outbox = new Outbox({
  rows,
  owner: `${owner}:${process.pid}:00`,
  intervalMs: 0,
  jitterMs: 0,
  concurrency: 2,
  // A dead process's row is taken back by the living one after this long.
  leaseMs: 1000,
  send: async (m) => {
    appendFileSync(`${log}.begin`, `begin ${m.id} ${owner}\n`);
    await pause(Number(ms) * (0.5 + Math.random()));
    appendFileSync(log, `${m.id} ${m.to} ${m.kind === 'text' ? m.text : ''} ${owner}\n`);
  },
});
process.stdout.write('ready\n');
while (!existsSync(go)) await pause(5);
for (;;) {
  await outbox.drain();
  const c = await outbox.counts();
  if (c.queued === 0 && c.sending === 0) break;
  await pause(20); // the other process holds some heads of queues, or a dead one's lease is running out
}
await close();
