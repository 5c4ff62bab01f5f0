import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WechatyBuilder } from 'wechaty';
import { PuppetMock } from 'wechaty-puppet-mock';
import { buildApp } from '../src/app/build-engine.js';
import { wechatConfigFromEnv, wecomConfigFromEnv } from '../src/app/channel-config.js';
import { WechatChannel } from '../src/channels/wechat/bot.js';
import { buttonTexts } from '../src/channels/wecom/button-texts.js';
import { WecomChannel } from '../src/channels/wecom/channel.js';
import { incomingOf } from '../src/channels/wecom/incoming.js';
import { phoneMarkdown } from '../src/channels/wecom/markdown.js';
import { WindowLimiter } from '../src/channels/wecom/rate-limit.js';
import { outboxAcross } from '../src/cli/wecom-command.js';
import { Outbox, SendLater } from '../src/outbox/outbox.js';
import { SqliteOutboxRows } from '../src/store/sqlite/outbox-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';

const keep = closeAfterEach();

describe('reading WeCom callbacks', () => {
  const frame = (cmd: string, body: Record<string, unknown>) => ({ cmd, headers: { req_id: 'r1' }, body });
  const base = {
    msgid: 'm1',
    aibotid: 'aib',
    chattype: 'single',
    from: { userid: 'zhangsan' },
    create_time: 1700000000,
  };

  it('the person is the frame’s userid; text, voice and mixed are text; a group mention is dropped', async () => {
    expect(incomingOf(frame('aibot_msg_callback', { ...base, msgtype: 'text', text: { content: ' 95% ' } }))).toEqual({
      msgid: 'm1',
      reqId: 'r1',
      userid: 'zhangsan',
      at: new Date(1700000000 * 1000),
      kind: 'text',
      text: '95%',
    });
    expect(
      incomingOf(frame('aibot_msg_callback', { ...base, msgtype: 'voice', voice: { content: '开始' } })),
    ).toMatchObject({
      kind: 'text',
      text: '开始',
    });
    const mixed = {
      msg_item: [
        { msgtype: 'text', text: { content: '@填报助手 进度' } },
        { msgtype: 'image', image: { url: 'u' } },
      ],
    };
    expect(
      incomingOf(frame('aibot_msg_callback', { ...base, chattype: 'group', chatid: 'g1', msgtype: 'mixed', mixed })),
    ).toMatchObject({ kind: 'text', text: '进度', group: 'g1' });
    expect(incomingOf(frame('aibot_msg_callback', { ...base, msgtype: 'image', image: { url: 'u' } }))).toMatchObject({
      kind: 'other',
      what: 'image',
    });
    // Without a userid there is nobody to answer.
    expect(
      incomingOf(frame('aibot_msg_callback', { ...base, from: {}, msgtype: 'text', text: { content: 'x' } })),
    ).toBeNull();
  });

  it('a card click in the documented shape and in the SDK’s; enter_chat; disconnected_event', async () => {
    const documented = { eventtype: 'template_card_event', template_card_event: { event_key: '是', task_id: 't1' } };
    const sdk = { eventtype: 'template_card_event', event_key: '否', task_id: 't2' };
    expect(incomingOf(frame('aibot_event_callback', { ...base, msgtype: 'event', event: documented }))).toMatchObject({
      kind: 'click',
      eventKey: '是',
      taskId: 't1',
    });
    expect(incomingOf(frame('aibot_event_callback', { ...base, msgtype: 'event', event: sdk }))).toMatchObject({
      kind: 'click',
      eventKey: '否',
      taskId: 't2',
    });
    expect(
      incomingOf(frame('aibot_event_callback', { ...base, msgtype: 'event', event: { eventtype: 'enter_chat' } })),
    ).toMatchObject({ kind: 'enter_chat', userid: 'zhangsan' });
    const { from: _, ...noFrom } = base;
    expect(
      incomingOf(
        frame('aibot_event_callback', { ...noFrom, msgtype: 'event', event: { eventtype: 'disconnected_event' } }),
      ),
    ).toMatchObject({ kind: 'disconnected' });
  });
});

describe('written for a phone', () => {
  it('keeps every line break and shows characters markdown would eat as they were typed', async () => {
    expect(phoneMarkdown('合计 85.2/100 分\n\n1. 预算执行率（-5）\n* 分值为假设\n`code` ~x~ [a](b)')).toBe(
      '合计 85.2/100 分\n\n1. 预算执行率（-5）  \n＊ 分值为假设  \n｀code｀ ～x～ ［a］（b)',
    );
  });
});

describe('buttons a phone can tell apart', () => {
  it('leaves out what every choice shares and cuts the rest at 10 characters; short choices stay as they are', () => {
    expect(
      buttonTexts([
        '如皋市信访局 · 联席会办信访资金 · 2024年度',
        '如皋市信访局 · 信访救助资金 · 2024年度',
        '如皋市信访局 · 信访驻京统一办公费用费用 · 2024年度',
      ]),
    ).toEqual(['联席会办信访资金', '信访救助资金', '信访驻京统一办公费…']);
    // The same project of two offices: the offices tell them apart. A label without parts is only cut.
    expect(buttonTexts(['鹤城区信访局 · 整体资金 · 2020年度', '如皋市信访局 · 整体资金 · 2020年度'])).toEqual([
      '鹤城区信访局',
      '如皋市信访局',
    ]);
    expect(buttonTexts(['继续', '部门整体支出绩效评价共性指标框架'])).toEqual(['继续', '部门整体支出绩效评…']);
    expect(buttonTexts(['达成', '部分达成', '未达成'])).toEqual(['达成', '部分达成', '未达成']);
  });
});

describe('WeCom’s limits', () => {
  it('30 a minute and 1,000 an hour per chat: the 31st waits until the minute has passed', async () => {
    const l = new WindowLimiter([
      { max: 30, ms: 60_000 },
      { max: 1000, ms: 3_600_000 },
    ]);
    for (let i = 0; i < 30; i++) expect(l.take('zhangsan', 1000 + i)).toBe(0);
    expect(l.take('zhangsan', 2000)).toBe(60_000 + 1000 - 2000 + 1);
    // Another chat is not held back.
    expect(l.take('lisi', 2000)).toBe(0);
    expect(l.take('zhangsan', 61_001)).toBe(0);
  });

  it('uploads book their own slots: a burst of 100 goes out 30 a minute, none waking to fight over a slot', async () => {
    const l = new WindowLimiter([{ max: 30, ms: 60_000 }]);
    const waits = Array.from({ length: 100 }, () => l.reserve('bot', 0));
    expect(waits.slice(0, 30)).toEqual(Array(30).fill(0));
    expect(waits[30]).toBe(60_001);
    expect(waits[60]).toBe(120_002);
    // Never more than 30 in any minute.
    for (const t of waits) expect(waits.filter((x) => x > t - 60_000 && x <= t).length).toBeLessThanOrEqual(30);
  });

  it('a slot booked for later (a picture letting documents go first) does not hold back one for now', () => {
    const l = new WindowLimiter([{ max: 30, ms: 60_000 }]);
    expect(l.reserve('bot', 60_001)).toBe(0);
    const now = Array.from({ length: 31 }, () => l.reserve('bot', 0));
    expect(now.slice(0, 30)).toEqual(Array(30).fill(0));
    // The 31st: after the first minute's 30, and the minute after that holds the later booking too.
    expect(now[30]).toBe(60_001);
    const all = [60_001, ...now];
    for (const t of all) expect(all.filter((x) => x > t - 60_000 && x <= t).length).toBeLessThanOrEqual(30);
  });

  it('a message held back by a limit is sent later and never parked for it', async () => {
    const dir = keep(tempDir('tianbao-sendlater-'), cleanup);
    const db = keep(openDatabase(join(dir, 't.db')), (d) => d.close());
    let now = 0;
    let refusals = 0;
    const sent: string[] = [];
    const outbox = new Outbox({
      rows: new SqliteOutboxRows(db),
      intervalMs: 0,
      jitterMs: 0,
      maxAttempts: 2,
      clock: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      send: async (m) => {
        if (refusals++ < 5) throw new SendLater(10_000);
        sent.push(m.kind === 'text' ? m.text : '');
      },
    });
    outbox.enqueue('zhangsan', [{ kind: 'text', text: '第 2/7 项' }]);
    await outbox.drain({ untilEmpty: true });
    expect(sent).toEqual(['第 2/7 项']);
    expect(now).toBe(50_000);
    expect(await outbox.counts()).toMatchObject({ sent: 1, parked: 0 });
  });
});

describe('企业微信 and WeChat in one process', () => {
  it('an answer goes back on the channel its message came from; anything else where the person last wrote, else 企业微信', async () => {
    const data = keep(tempDir('tianbao-both-'), cleanup);
    const app = keep(buildApp({ dataDir: data, flowsDir: FIXTURE_FLOWS }), (a) => a.close());
    const wecom = new WecomChannel({
      engine: app.engine,
      wechatRows: app.tables.wechat,
      outboxRows: app.tables.outbox,
      config: wecomConfigFromEnv({ WECOM_BOT_ID: 'aib', WECOM_BOT_SECRET: 's' })!,
      sharedOutbox: true,
      log: () => {},
      terminal: null,
    });
    const wechat = new WechatChannel({
      bot: WechatyBuilder.build({ puppet: new PuppetMock() }),
      engine: app.engine,
      wechatRows: app.tables.wechat,
      outboxRows: app.tables.outbox,
      dataDir: data,
      config: wechatConfigFromEnv({}),
      log: () => {},
      terminal: null,
      outboxLane: { channel: 'wechat', serves: 'own+unmarked' },
    });
    const both = outboxAcross(wecom, wechat);
    const text = [{ kind: 'text' as const, text: 'x' }];
    await both.enqueue('zhangsan', text, { key: 'reply:wecom:m1:text' });
    await both.enqueue('王科长', text, { key: 'reply:wx:m2:text' });
    await both.enqueue('王科长', text, { key: 'nudge:1:王科长:-3d' });
    await both.enqueue('lisi', text, { key: 'assign:1:lisi' });
    const rows = app.sqlite!.db.prepare('SELECT to_key, enqueue_key, channel FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { to_key: 'zhangsan', enqueue_key: 'reply:wecom:m1:text', channel: 'wecom' },
      { to_key: '王科长', enqueue_key: 'reply:wx:m2:text', channel: 'wechat' },
      { to_key: '王科长', enqueue_key: 'nudge:1:王科长:-3d', channel: 'wechat' },
      { to_key: 'lisi', enqueue_key: 'assign:1:lisi', channel: 'wecom' },
    ]);
  });
});
