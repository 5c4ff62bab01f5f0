import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Outbox } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';

const MESSAGES = 5000;
const RECIPIENTS = 50;

/**
 * Raw outbox throughput: enqueue then send MESSAGES texts to RECIPIENTS people with no pause, through a
 * sender that does nothing, on a file-backed SQLite database (WAL). Each send is a due-message query
 * and two committed UPDATEs. In production the pace is set by OUTBOX_INTERVAL_MS (~1 msg / 1.5–2 s),
 * so this measures the headroom, not the rate people see.
 */
export async function benchOutbox(log: (s: string) => void): Promise<{ outbox_msgs_per_s_at_interval_0: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-outbox-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    let sent = 0;
    const outbox = new Outbox({
      rows: new SqliteOutboxRows(db),
      intervalMs: 0,
      jitterMs: 0,
      send: async () => void sent++,
    });
    const t0 = performance.now();
    for (let i = 0; i < MESSAGES; i++)
      outbox.enqueue(`用户${i % RECIPIENTS}`, [{ kind: 'text', text: `第 ${i} 条：已记录 95%，本项得分 40/40` }], {
        key: `bench:${i}`,
      });
    const t1 = performance.now();
    await outbox.drain();
    const t2 = performance.now();
    if (sent !== MESSAGES) throw new Error(`sent ${sent} of ${MESSAGES}`);
    const rate = Math.round(MESSAGES / ((t2 - t1) / 1000));
    log(
      `outbox: ${MESSAGES} 条消息（${RECIPIENTS} 人），入队 ${(t1 - t0).toFixed(0)} ms，发送（间隔 0、空发送器）${(t2 - t1).toFixed(0)} ms → ${rate} 条/秒`,
    );
    return { outbox_msgs_per_s_at_interval_0: rate };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
