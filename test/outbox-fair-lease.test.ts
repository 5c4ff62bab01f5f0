import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxOptions } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { fakeTime } from './outbox-fake-time.js';
import { cleanup, tempDir } from './support/chat.js';

// Issue 12, items 4 and 5: another person's reply waited 977 s behind a 557-message backlog, and a second process
// re-sent the first one's in-flight messages.
const dbs: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) cleanup(d);
});
function dataDir(): string {
  const d = tempDir('tianbao-outbox2-');
  dirs.push(d);
  return d;
}
/** A connection of its own to the data dir's database: what a second process would have. */
function connect(dir: string): Database.Database {
  const db = openDatabase(join(dir, 'tianbao.db'));
  dbs.push(db);
  return db;
}
const text = (t: string) => ({ kind: 'text' as const, text: t });
type Sent = { to: string; text: string; id: number; by: string; at: number };

function outbox(db: Database.Database, owner: string, sent: Sent[], opts: Partial<OutboxOptions> = {}) {
  const time = fakeTime();
  return new Outbox({
    rows: new SqliteOutboxRows(db),
    owner,
    intervalMs: 1500,
    jitterMs: 500,
    random: () => 0.5,
    clock: time.clock,
    sleep: time.sleep,
    send: async (m) => {
      sent.push({ to: m.to, text: m.kind === 'text' ? m.text : m.name, id: m.id, by: owner, at: time.clock() });
    },
    ...opts,
  });
}

describe('the outbox is fair between people', () => {
  it('a 557-message backlog for one person delays another’s reply by one send interval at most', async () => {
    const db = connect(dataDir());
    const sent: Sent[] = [];
    const time = fakeTime();
    const box = outbox(db, 'p1', sent, {
      clock: time.clock,
      sleep: time.sleep,
      send: async (m) => {
        sent.push({ to: m.to, text: m.kind === 'text' ? m.text : '', id: m.id, by: 'p1', at: time.clock() });
        // 李科员 writes while the first of 王科长's messages is being sent.
        if (sent.length === 1) box.enqueue('李科员', [text('已记录，第 2/7 项')]);
      },
    });
    box.enqueue(
      '王科长',
      Array.from({ length: 557 }, (_, i) => text(`回显 ${i + 1}`)),
    );
    for (let i = 0; i < 3; i++) await box.sendNext();
    expect(sent.map((s) => [s.to, s.text])).toEqual([
      ['王科长', '回显 1'],
      ['李科员', '已记录，第 2/7 项'],
      ['王科长', '回显 2'],
    ]);
    expect(sent[1].at - sent[0].at).toBe(1750);
  });

  it('many people with backlogs are served in turn', async () => {
    const db = connect(dataDir());
    const sent: Sent[] = [];
    const box = outbox(db, 'p1', sent, { intervalMs: 0, jitterMs: 0 });
    for (const who of ['甲', '乙', '丙']) box.enqueue(who, [text(`${who}1`), text(`${who}2`)]);
    await box.drain();
    expect(sent.map((s) => s.text)).toEqual(['丙1', '乙1', '甲1', '丙2', '乙2', '甲2']);
  });
});

describe('two live processes on one data dir', () => {
  it('send every message exactly once, each person’s in order, even when one starts while the other is sending', async () => {
    const dir = dataDir();
    const sent: Sent[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let held = false;
    const slow = (owner: string) => async (m: Parameters<OutboxOptions['send']>[0]) => {
      // Process 1 is in the middle of sending when process 3 starts.
      if (owner === 'p1' && !held) {
        held = true;
        await gate;
      }
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      sent.push({ to: m.to, text: m.kind === 'text' ? m.text : '', id: m.id, by: owner, at: 0 });
    };
    const fast = { intervalMs: 0, jitterMs: 0 };
    const p1 = outbox(connect(dir), 'p1', sent, { ...fast, send: slow('p1') });
    const p2 = outbox(connect(dir), 'p2', sent, { ...fast, send: slow('p2') });
    for (let i = 0; i < 300; i++) p1.enqueue(`同事${i % 30}`, [text(`${i % 30}:${Math.floor(i / 30)}`)]);
    const d1 = p1.drain();
    const d2 = p2.drain();
    while (!held) await new Promise((r) => setImmediate(r));
    expect((await p1.counts()).sending).toBeGreaterThanOrEqual(1);
    // A third process starts now: the rows being sent by live processes are not its to recover.
    const p3 = outbox(connect(dir), 'p3', sent, { ...fast, send: slow('p3') });
    const d3 = p3.drain();
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([d1, d2, d3]);
    await Promise.all([p1.drain(), p2.drain(), p3.drain()]);

    expect(sent).toHaveLength(300);
    expect(new Set(sent.map((s) => s.id)).size).toBe(300);
    expect(new Set(sent.map((s) => s.by)).size).toBeGreaterThan(1);
    for (let who = 0; who < 30; who++) {
      const mine = sent.filter((s) => s.to === `同事${who}`).map((s) => s.text);
      expect(mine).toEqual(Array.from({ length: 10 }, (_, k) => `${who}:${k}`));
    }
  });

  it('a row being sent is recovered only when its owner stopped renewing the lease', async () => {
    const dir = dataDir();
    const time = fakeTime();
    const sentByB: string[] = [];
    const hang = () => new Promise<void>(() => {});
    const a = new Outbox({
      rows: new SqliteOutboxRows(connect(dir)),
      owner: 'a',
      send: hang,
      clock: time.clock,
      sleep: time.sleep,
    });
    a.enqueue('王科长', [text('提交成功')]);
    void a.sendNext();
    await new Promise((r) => setImmediate(r));
    const b = new Outbox({
      rows: new SqliteOutboxRows(connect(dir)),
      owner: 'b',
      clock: time.clock,
      sleep: time.sleep,
      send: async (m) => void sentByB.push(m.kind === 'text' ? m.text : ''),
    });
    // A is alive: 40 s in it renews (its heartbeat), so at 80 s the lease still holds.
    time.advance(40_000);
    a.renewLeases();
    time.advance(40_000);
    await b.drain();
    expect(sentByB).toEqual([]);
    // A died: no renewal for more than the lease; B takes the message over.
    time.advance(60_001);
    await b.drain();
    expect(sentByB).toEqual(['提交成功']);
  });
});
