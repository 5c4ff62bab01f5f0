import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxMessage, type OutboxOptions } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { cleanup, tempDir } from './support/chat.js';

// Issue 22: WeChat and WeCom share one outbox table. Each channel sends its own rows with its own pacing;
// a text carries its closed answers (choices) and the channel's reply handle (ref) to the sender.
const dbs: Database.Database[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) cleanup(d);
});
function openDb(): Database.Database {
  const d = tempDir('tianbao-lanes-');
  dirs.push(d);
  const db = openDatabase(join(d, 'tianbao.db'));
  dbs.push(db);
  return db;
}
const text = (t: string) => ({ kind: 'text' as const, text: t });

function lane(db: Database.Database, opts: Partial<OutboxOptions>, sent: OutboxMessage[] = []) {
  const outbox = new Outbox({
    rows: new SqliteOutboxRows(db),
    intervalMs: 0,
    jitterMs: 0,
    send: async (m) => {
      sent.push(m);
    },
    ...opts,
  });
  return { outbox, sent };
}

describe('channels share the outbox in lanes', () => {
  it('each channel sends only its own rows; the WeChat lane also takes rows from before lanes existed', async () => {
    const db = openDb();
    // A row queued by an older version: no channel.
    lane(db, {}).outbox.enqueue('王科长', [text('旧消息')]);
    const wecom = lane(db, { channel: 'wecom', serves: 'own' });
    const wechat = lane(db, { channel: 'wechat', serves: 'own+unmarked' });
    wecom.outbox.enqueue('zhangsan', [text('企业微信回复')], { key: 'reply:wecom:m1:text' });
    wechat.outbox.enqueue('王科长', [text('微信回复')], { key: 'reply:wx:m2:text' });

    await wecom.outbox.drain();
    expect(wecom.sent.map((m) => [m.to, m.kind === 'text' && m.text, m.channel])).toEqual([
      ['zhangsan', '企业微信回复', 'wecom'],
    ]);
    await wechat.outbox.drain();
    expect(wechat.sent.map((m) => (m.kind === 'text' ? m.text : ''))).toEqual(['旧消息', '微信回复']);
    expect(await wecom.outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 3, parked: 0 });
  });

  it('remembers where each person talks: the channel that last answered them', async () => {
    const db = openDb();
    const wecom = lane(db, { channel: 'wecom', serves: 'own' });
    const wechat = lane(db, { channel: 'wechat', serves: 'own+unmarked' });
    expect(await wecom.outbox.lastReplyChannel('zhangsan')).toBeUndefined();
    wechat.outbox.enqueue('zhangsan', [text('a')], { key: 'reply:wx:1:text' });
    wecom.outbox.enqueue('zhangsan', [text('b')], { key: 'reply:wecom:2:text' });
    // A nudge is not an answer: it says nothing about where the person talks.
    wechat.outbox.enqueue('zhangsan', [text('催办')], { key: 'nudge:1:zhangsan' });
    expect(await wechat.outbox.lastReplyChannel('zhangsan')).toBe('wecom');
  });

  it('a text keeps its choices (on its last part when split) and its reply handle', async () => {
    const db = openDb();
    const { outbox, sent } = lane(db, { channel: 'wecom', maxChars: 100 });
    const long = `${'说明。'.repeat(40)}\n\n是否达成？`;
    outbox.enqueue('zhangsan', [{ kind: 'text', text: long, choices: ['是', '否'] }], { key: 'k', ref: 'req-1' });
    await outbox.drain();
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((m) => m.ref === 'req-1')).toBe(true);
    expect(sent.map((m) => (m.kind === 'text' ? (m.choices ?? null) : null))).toEqual([
      ...sent.slice(1).map(() => null),
      ['是', '否'],
    ]);
  });

  it('sends several recipients at once and keeps each person’s order', async () => {
    const db = openDb();
    const log: string[] = [];
    let inFlight = 0;
    let most = 0;
    const outbox = new Outbox({
      rows: new SqliteOutboxRows(db),
      channel: 'wecom',
      intervalMs: 0,
      jitterMs: 0,
      concurrency: 4,
      send: async (m) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 1 + (m.id % 3)));
        log.push(`${m.to}:${m.kind === 'text' ? m.text : ''}`);
        inFlight--;
      },
    });
    for (let i = 0; i < 5; i++) for (const p of ['a', 'b', 'c', 'd', 'e']) outbox.enqueue(p, [text(String(i))]);
    outbox.start();
    while ((await outbox.counts()).sent < 25) await new Promise((r) => setTimeout(r, 5));
    await outbox.stop();
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
    for (const p of ['a', 'b', 'c', 'd', 'e'])
      expect(log.filter((l) => l.startsWith(`${p}:`))).toEqual(['0', '1', '2', '3', '4'].map((i) => `${p}:${i}`));
  });

  it('a row a killed process was sending is sent again at once, not after its lease', async () => {
    const db = openDb();
    lane(db, { channel: 'wecom' }).outbox.enqueue('zhangsan', [text('第 3/7 项')], { key: 'reply:wecom:m3:text' });
    // A process that has exited: its pid is free, its lease has a minute to run.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    db.prepare(`UPDATE outbox SET status = 'sending', attempts = 1, owner = ?, lease_until = ?`).run(
      `${hostname()}:${dead}:abcd1234`,
      Date.now() + 60_000,
    );
    const { outbox, sent } = lane(db, { channel: 'wecom' });
    await outbox.drain();
    expect(sent.map((m) => (m.kind === 'text' ? m.text : ''))).toEqual(['第 3/7 项']);
  });

  it('a row a live process is sending is left to it', async () => {
    const db = openDb();
    lane(db, { channel: 'wecom' }).outbox.enqueue('zhangsan', [text('第 3/7 项')]);
    db.prepare(`UPDATE outbox SET status = 'sending', attempts = 1, owner = ?, lease_until = ?`).run(
      `${hostname()}:${process.ppid}:abcd1234`,
      Date.now() + 60_000,
    );
    const { outbox, sent } = lane(db, { channel: 'wecom' });
    await outbox.drain();
    expect(sent).toEqual([]);
    expect((await outbox.counts()).sending).toBe(1);
  });
});
