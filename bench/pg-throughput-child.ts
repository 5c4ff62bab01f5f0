// One bot process of the PostgreSQL throughput bench (bench/pg-throughput-bench.ts): its own people fill the form
// through the real engine on the shared database while its outbox sends from the shared table.
// Usage: node --import tsx bench/pg-throughput-child.ts <url> <flowsDir> <dataDir> <process no> <people> <turns> <go file>
import { existsSync } from 'node:fs';
import { buildApp } from '../src/app/build-engine.js';
import { Outbox } from '../src/outbox/outbox.js';

const [url, flowsDir, dataDir, no, peopleText, turnsText, go] = process.argv.slice(2);
const ANSWERS = ['100%', '98%', '100', '百分之百'];
const app = buildApp({ dataDir, flowsDir, databaseUrl: url });
await app.ready;
let sent = 0;
const outbox = new Outbox({
  rows: app.tables.outbox,
  intervalMs: 0,
  jitterMs: 0,
  concurrency: 4,
  send: async () => {
    sent++;
  },
});
app.engine.useOutbox(outbox);
const people = Array.from({ length: Number(peopleText) }, (_, i) => `p${no}-u${i}`);
const turns = Number(turnsText);
process.stdout.write('ready\n');
while (!existsSync(go)) await new Promise((r) => setTimeout(r, 5));
outbox.start();
const t0 = performance.now();
const ms: number[] = [];
let msg = 0;
// Eight people at a time, as messages from many people arrive together.
for (let k = 0; k < turns; k++) {
  for (let i = 0; i < people.length; i += 8) {
    await Promise.all(
      people.slice(i, i + 8).map(async (user) => {
        const s = performance.now();
        await app.engine.handle({ id: `${no}-${msg++}`, user, text: k === 0 ? '开始' : ANSWERS[(k + i) % 4] });
        ms.push(performance.now() - s);
      }),
    );
  }
}
const turnsDoneMs = performance.now() - t0;
// Then until the shared outbox is empty (other processes may still be sending their people's replies).
for (;;) {
  const c = await outbox.counts();
  if (c.queued === 0 && c.sending === 0) break;
  await new Promise((r) => setTimeout(r, 20));
}
const allSentMs = performance.now() - t0;
await outbox.stop();
ms.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ turns: ms.length, turnsDoneMs, allSentMs, sent, p50: ms[Math.floor(ms.length / 2)], p95: ms[Math.floor(ms.length * 0.95)] })}\n`,
);
await app.close();
