import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxMessage, type OutboxOptions } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { fakeTime } from './outbox-fake-time.js';
import { cleanup, tempDir } from './support/chat.js';

let dirs: string[] = [];
let dbs: Database.Database[] = [];
afterEach(() => {
  for (const db of dbs) if (db.open) db.close();
  for (const d of dirs) cleanup(d);
  dirs = [];
  dbs = [];
});

function openDb(dir?: string): { db: Database.Database; dir: string } {
  const d = dir ?? tempDir('tianbao-outbox-');
  if (!dirs.includes(d)) dirs.push(d);
  const db = openDatabase(join(d, 'tianbao.db'));
  dbs.push(db);
  return { db, dir: d };
}

/** An outbox whose sender records what it sent and when (on the fake clock). */
function makeOutbox(db: Database.Database, time = fakeTime(), opts: Partial<OutboxOptions> = {}) {
  const sent: Array<{ at: number; to: string; what: string; id: number }> = [];
  const parked: OutboxMessage[] = [];
  const outbox = new Outbox({
    rows: new SqliteOutboxRows(db),
    intervalMs: 1500,
    jitterMs: 500,
    random: () => 0.5,
    clock: time.clock,
    sleep: time.sleep,
    send: async (m) => {
      sent.push({ at: time.clock(), to: m.to, what: m.kind === 'text' ? m.text : `[${m.name}]`, id: m.id });
    },
    onParked: (m) => parked.push(m),
    ...opts,
  });
  return { outbox, sent, parked, time };
}

const text = (t: string) => ({ kind: 'text' as const, text: t });
/** The clock of a process started once the default 60 s lease of a dead one has run out. */
const afterLease = () => fakeTime(fakeTime().clock() + 60_001);

describe('the outbox sends everything the bot says, paced, in order', () => {
  it('an enqueue with a key already used is ignored', async () => {
    const { outbox } = makeOutbox(openDb().db);
    expect(await outbox.enqueue('王科长', [text('第 1/7 项｜单位名称')], { key: 'reply:m1' })).toBe(true);
    expect(await outbox.enqueue('王科长', [text('第 1/7 项｜单位名称')], { key: 'reply:m1' })).toBe(false);
    expect(await outbox.hasKey('reply:m1')).toBe(true);
    expect((await outbox.counts()).queued).toBe(1);
  });

  it('holds the interval between sends, keeps each person’s order, and takes recipients in turn', async () => {
    const { outbox, sent, time } = makeOutbox(openDb().db);
    const t0 = time.clock();
    outbox.enqueue('王科长', [text('一'), text('二')]);
    outbox.enqueue('李科员', [text('甲')]);
    outbox.enqueue('王科长', [text('三'), { kind: 'file', path: '/data/r.docx', name: '自评表.docx' }]);
    await outbox.drain();
    // Pause = interval 1500 + jitter 500 × random 0.5 = 1750 ms after every send. Recipients take turns
    // (in the order of their keys), so 李科员's one message does not wait behind 王科长's four.
    expect(sent.map((s) => [s.at - t0, s.to, s.what])).toEqual([
      [0, '李科员', '甲'],
      [1750, '王科长', '一'],
      [3500, '王科长', '二'],
      [5250, '王科长', '三'],
      [7000, '王科长', '[自评表.docx]'],
    ]);
    expect(await outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 5, parked: 0 });
  });

  it('splits a long text into several messages under the limit', async () => {
    const { outbox, sent } = makeOutbox(openDb().db, fakeTime(), { maxChars: 100 });
    const long = Array.from({ length: 6 }, (_, i) => `第${i + 1}段：${'说明'.repeat(20)}`).join('\n\n');
    outbox.enqueue('王科长', [text(long)]);
    await outbox.drain();
    // Each paragraph is 4 + 40 = 44 characters; two fit with the blank line between (44 + 2 + 44 = 90 ≤ 100), three do not.
    expect(sent.map((s) => s.what.length)).toEqual([90, 90, 90]);
    expect(sent[0].what.startsWith('第1段')).toBe(true);
    expect(sent[2].what.endsWith('说明')).toBe(true);
  });

  it('a message scheduled for later waits for its time', async () => {
    const { outbox, sent, time } = makeOutbox(openDb().db);
    outbox.enqueue('王科长', [text('明早九点提醒')], { at: new Date(time.clock() + 60_000) });
    await outbox.drain();
    expect(sent).toHaveLength(0);
    time.advance(60_000);
    await outbox.drain();
    expect(sent.map((s) => s.what)).toEqual(['明早九点提醒']);
  });

  it('retries a failing message with backoff, holds that person’s later messages, then parks it and reports once', async () => {
    const time = fakeTime();
    const t0 = time.clock();
    const attempts: number[] = [];
    const { outbox, sent, parked } = makeOutbox(openDb().db, time, {
      maxAttempts: 3,
      backoffMs: 5000,
      send: async (m) => {
        if (m.kind === 'text' && m.text === '坏消息') {
          attempts.push(time.clock() - t0);
          throw new Error('联系人不存在');
        }
        sent.push({ at: time.clock(), to: m.to, what: m.kind === 'text' ? m.text : m.name, id: m.id });
      },
    });
    outbox.enqueue('王科长', [text('坏消息'), text('后一条')]);
    outbox.enqueue('李科员', [text('不受影响')]);
    await outbox.drain({ untilEmpty: true });
    // 李科员's message is not held (it goes first, his turn comes first). Attempt 1 after the pause at 1750;
    // retry after 5000 → 6750; after 10000 more → 16750; the third failure parks it.
    expect(attempts).toEqual([1750, 6750, 16750]);
    // 王科长's next waits for the park, then its pause: 16750 + 1750.
    expect(sent.map((s) => [s.at - t0, s.what])).toEqual([
      [0, '不受影响'],
      [18500, '后一条'],
    ]);
    expect(parked.map((m) => [m.to, m.attempts])).toEqual([['王科长', 3]]);
    expect(await outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 2, parked: 1 });
    // Parked means done: nothing is retried later.
    time.advance(3_600_000);
    await outbox.drain({ untilEmpty: true });
    expect(attempts).toHaveLength(3);
  });
});

describe('a restart sends what was not sent, and never what was', () => {
  it('each message is sent exactly once across a restart', async () => {
    const first = openDb();
    const a = makeOutbox(first.db);
    a.outbox.enqueue('王科长', ['一', '二', '三', '四', '五'].map(text), { key: 'reply:m1' });
    expect(await a.outbox.sendNext()).toBe('sent');
    expect(await a.outbox.sendNext()).toBe('sent');
    first.db.close(); // the process stops here

    const second = openDb(first.dir);
    const b = makeOutbox(second.db);
    // The same enqueue replayed after the restart (e.g. a redelivered message) adds nothing.
    expect(await b.outbox.enqueue('王科长', [text('一')], { key: 'reply:m1' })).toBe(false);
    await b.outbox.drain();
    expect(a.sent.map((s) => s.what)).toEqual(['一', '二']);
    expect(b.sent.map((s) => s.what)).toEqual(['三', '四', '五']);
    const ids = [...a.sent, ...b.sent].map((s) => s.id);
    expect(new Set(ids).size).toBe(5);
  });

  it('a message cut off mid-send is sent again by default (at-least-once) …', async () => {
    const first = openDb();
    const a = makeOutbox(first.db, fakeTime(), { send: () => new Promise<void>(() => {}), sendTimeoutMs: 2 ** 31 - 1 });
    a.outbox.enqueue('王科长', [text('提交成功'), text('附件随后')]);
    void a.outbox.sendNext().catch(() => {});
    await new Promise((r) => setImmediate(r));
    expect((await a.outbox.counts()).sending).toBe(1);
    first.db.close(); // killed while WeChat was being called

    // The dead process renews its lease no more: once it has run out (60 s), the row is taken back.
    const b = makeOutbox(openDb(first.dir).db, afterLease());
    await b.outbox.drain();
    expect(b.sent.map((s) => s.what)).toEqual(['提交成功', '附件随后']);
    expect(b.parked).toHaveLength(0);
  });

  it('… or parked and reported when OUTBOX_AFTER_CRASH=park (at-most-once)', async () => {
    const first = openDb();
    const a = makeOutbox(first.db, fakeTime(), { send: () => new Promise<void>(() => {}), sendTimeoutMs: 2 ** 31 - 1 });
    a.outbox.enqueue('王科长', [text('提交成功'), text('附件随后')]);
    void a.outbox.sendNext().catch(() => {});
    await new Promise((r) => setImmediate(r));
    first.db.close();

    const b = makeOutbox(openDb(first.dir).db, afterLease(), { afterCrash: 'park' });
    await b.outbox.drain();
    expect(b.sent.map((s) => s.what)).toEqual(['附件随后']);
    expect(b.parked.map((m) => (m.kind === 'text' ? m.text : ''))).toEqual(['提交成功']);
  });
});

describe('the background loop', () => {
  it('sends what is enqueued while it runs, and stop() does not wait out a pause', async () => {
    const { db } = openDb();
    const sent: string[] = [];
    let clock = Date.parse('2025-03-03T01:00:00Z');
    const outbox = new Outbox({
      rows: new SqliteOutboxRows(db),
      clock: () => clock,
      // A pause that never ends on its own: only stop() can end it.
      sleep: () => new Promise<void>(() => {}),
      send: async (m) => {
        sent.push(m.kind === 'text' ? m.text : m.name);
        clock += 10;
      },
    });
    outbox.start();
    outbox.enqueue('王科长', [text('一'), text('二')]);
    while (sent.length < 1) await new Promise((r) => setImmediate(r));
    await outbox.stop();
    expect(sent).toEqual(['一']);
    expect(await outbox.counts()).toMatchObject({ queued: 1, sent: 1 });
  });
});
