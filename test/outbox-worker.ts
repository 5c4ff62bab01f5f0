// A separate process that sends from the outbox of a shared data dir (test/outbox-two-processes.test.ts).
// Usage: node --import tsx test/outbox-worker.ts <db file> <owner> <log file> <go file> <ms per send>
import { appendFileSync, existsSync } from 'node:fs';
import { Outbox } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';

const [file, owner, log, go, ms] = process.argv.slice(2);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const db = openDatabase(file);
const outbox = new Outbox({
  rows: new SqliteOutboxRows(db),
  owner,
  intervalMs: 0,
  jitterMs: 0,
  send: async (m) => {
    await pause(Math.random() * Number(ms)); // WeChat takes a while: the two processes' sends overlap
    appendFileSync(log, `${m.id} ${m.to} ${m.kind === 'text' ? m.text : ''} ${owner}\n`);
  },
});
process.stdout.write('ready\n');
while (!existsSync(go)) await pause(5);
for (;;) {
  await outbox.drain();
  const c = await outbox.counts();
  if (c.queued === 0 && c.sending === 0) break;
  await pause(5); // the other process holds the heads of some queues
}
db.close();
