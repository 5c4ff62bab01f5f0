import { expect, it } from 'vitest';
import { Outbox, type OutboxMessage, type OutboxOptions } from '../src/outbox/outbox.js';
import type { OutboxRows } from '../src/store/outbox-rows.js';
import { fakeTime } from './outbox-fake-time.js';
import { forEachTablesBackend } from './support/table-backends.js';

// The outbox's promises on both backends: the same Outbox logic over the SQLite and the PostgreSQL adapter.
const text = (t: string) => ({ kind: 'text' as const, text: t });

function make(rows: OutboxRows, time = fakeTime(), opts: Partial<OutboxOptions> = {}) {
  const sent: Array<{ at: number; to: string; what: string; id: number }> = [];
  const parked: OutboxMessage[] = [];
  const outbox = new Outbox({
    rows,
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

forEachTablesBackend('the outbox', (fresh) => {
  it('an enqueue with a key already used is ignored; choices and ref are kept', async () => {
    const t = await (await fresh()).connect();
    const { outbox } = make(t.outbox);
    expect(await outbox.enqueue('王科长', [text('第 1/7 项｜单位名称')], { key: 'reply:m1' })).toBe(true);
    expect(await outbox.enqueue('王科长', [text('第 1/7 项｜单位名称')], { key: 'reply:m1' })).toBe(false);
    expect(await outbox.hasKey('reply:m1')).toBe(true);
    expect(await outbox.hasKey('reply:m2')).toBe(false);
    expect(await outbox.counts()).toEqual({ queued: 1, sending: 0, sent: 0, parked: 0 });
    const seen: OutboxMessage[] = [];
    const w = make(t.outbox, fakeTime(), { channel: 'wecom', send: async (m) => void seen.push(m) });
    await w.outbox.enqueue('zhangsan', [{ kind: 'text', text: '是否达成？', choices: ['是', '否'] }], {
      key: 'reply:wecom:m2:text',
      ref: 'req-9',
    });
    await w.outbox.drain();
    expect(seen.find((m) => m.to === 'zhangsan')).toMatchObject({
      kind: 'text',
      text: '是否达成？',
      choices: ['是', '否'],
      ref: 'req-9',
      channel: 'wecom',
    });
    expect(await w.outbox.lastReplyChannel('zhangsan')).toBe('wecom');
  });

  it('holds the interval between sends, keeps each person’s order, and takes recipients in turn', async () => {
    const t = await (await fresh()).connect();
    const { outbox, sent, time } = make(t.outbox);
    const t0 = time.clock();
    await outbox.enqueue('王科长', [text('一'), text('二')]);
    await outbox.enqueue('李科员', [text('甲')]);
    await outbox.enqueue('王科长', [text('三'), { kind: 'file', path: '/data/r.docx', name: '自评表.docx' }]);
    await outbox.drain();
    expect(sent.map((s) => [s.at - t0, s.to, s.what])).toEqual([
      [0, '李科员', '甲'],
      [1750, '王科长', '一'],
      [3500, '王科长', '二'],
      [5250, '王科长', '三'],
      [7000, '王科长', '[自评表.docx]'],
    ]);
    expect(await outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 5, parked: 0 });
  });

  it('retries with backoff, holds that person’s later messages, then parks and reports once', async () => {
    const t = await (await fresh()).connect();
    const time = fakeTime();
    const t0 = time.clock();
    const attempts: number[] = [];
    const { outbox, sent, parked } = make(t.outbox, time, {
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
    await outbox.enqueue('王科长', [text('坏消息'), text('后一条')]);
    await outbox.enqueue('李科员', [text('不受影响')]);
    await outbox.drain({ untilEmpty: true });
    expect(attempts).toEqual([1750, 6750, 16750]);
    expect(sent.map((s) => [s.at - t0, s.what])).toEqual([
      [0, '不受影响'],
      [18500, '后一条'],
    ]);
    expect(parked.map((m) => [m.to, m.attempts])).toEqual([['王科长', 3]]);
    expect(await outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 2, parked: 1 });
  });

  it('two senders on two connections send 200 messages once each, each person’s order kept', async () => {
    const db = await fresh();
    const [a, b] = [await db.connect(), await db.connect()];
    const got: Array<{ id: number; to: string; text: string; by: string }> = [];
    const sender = (rows: OutboxRows, by: string) =>
      new Outbox({
        rows,
        owner: by,
        intervalMs: 0,
        jitterMs: 0,
        concurrency: 3,
        send: async (m) => {
          // Sends overlap: the other sender looks for work while this one is "at WeChat".
          await new Promise((r) => setTimeout(r, Math.random() * 3));
          got.push({ id: m.id, to: m.to, text: m.kind === 'text' ? m.text : '', by });
        },
      });
    const p = sender(a.outbox, 'p1');
    const q = sender(b.outbox, 'p2');
    for (let i = 0; i < 200; i++) await p.enqueue(`同事${i % 20}`, [text(String(Math.floor(i / 20)))]);
    p.start();
    q.start();
    for (let n = 0; n < 2000 && got.length < 200; n++) await new Promise((r) => setTimeout(r, 10));
    await Promise.all([p.stop(), q.stop()]);
    expect(got).toHaveLength(200);
    expect(new Set(got.map((g) => g.id)).size).toBe(200);
    expect(new Set(got.map((g) => g.by))).toEqual(new Set(['p1', 'p2']));
    for (let who = 0; who < 20; who++)
      expect(got.filter((g) => g.to === `同事${who}`).map((g) => g.text)).toEqual(
        Array.from({ length: 10 }, (_, k) => String(k)),
      );
    expect(await a.outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 200, parked: 0 });
  });

  it('a row whose sender died is taken back only after its lease; a live sender’s never', async () => {
    const db = await fresh();
    const [a, b] = [await db.connect(), await db.connect()];
    const time = fakeTime();
    const hung = make(a.outbox, time, {
      owner: 'a',
      send: () => new Promise<void>(() => {}),
      sendTimeoutMs: 2 ** 31 - 1,
    });
    await hung.outbox.enqueue('王科长', [text('提交成功'), text('附件随后')]);
    void hung.outbox.sendNext().catch(() => {});
    for (let i = 0; i < 50 && (await a.outbox.counts()).sending === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await a.outbox.counts()).sending).toBe(1);
    await a.close(); // killed while WeChat was being called: no more lease renewals

    const within = make(b.outbox, fakeTime(time.clock() + 30_000), { owner: 'b' });
    await within.outbox.drain();
    expect(within.sent).toEqual([]); // still a live lease, and the person's next message waits behind it
    const after = make(b.outbox, fakeTime(time.clock() + 60_001), { owner: 'c' });
    await after.outbox.drain();
    expect(after.sent.map((s) => s.what)).toEqual(['提交成功', '附件随后']);
  });

  it('lanes: each channel sends its own rows; WeChat also the unmarked ones', async () => {
    const t = await (await fresh()).connect();
    const old = make(t.outbox);
    await old.outbox.enqueue('王科长', [text('旧消息')]);
    const wecom = make(t.outbox, fakeTime(), { channel: 'wecom', serves: 'own' });
    const wechat = make(t.outbox, fakeTime(), { channel: 'wechat', serves: 'own+unmarked' });
    await wecom.outbox.enqueue('zhangsan', [text('企业微信回复')], { key: 'reply:wecom:m1:text' });
    await wechat.outbox.enqueue('王科长', [text('微信回复')], { key: 'reply:wx:m2:text' });
    await wecom.outbox.drain();
    await wechat.outbox.drain();
    expect(wecom.sent.map((s) => s.what)).toEqual(['企业微信回复']);
    expect(wechat.sent.map((s) => s.what)).toEqual(['旧消息', '微信回复']);
  });
});
