// What became of each message, as the coordinator sees it: 已送达 / 等待发送 / 发送失败（原因） / 找不到此人, the last
// 催办, the failed sends listed on the campaign page, and a warning while typing a name the channel does not know.
import { describe, expect, it } from 'vitest';
import { deliveryOf, failureReason } from '../src/console/delivery-state.js';
import { wecomDirectory } from '../src/console/people-directory.js';
import type { DeliveryRecord } from '../src/store/delivery-log.js';
import { consoleHarness, FULL_FORM, visible } from './console-fixture.js';

const setup = consoleHarness();

const CREATE = {
  flow: 'demo',
  title: '2026年度绩效自评',
  deadline: '2026-12-04 17:00',
  assign: '张三,王五,赵六',
  remind: '-1d',
  quiet: '21:30-08:30',
  tz: 'Asia/Shanghai',
};

/** What the WeChat channel says when a key has no contact, or it is logged out (src/channels/wechat/bot.ts). */
function wechatLike(m: { to: string }) {
  if (m.to === '王五') throw new Error(`找不到联系人「${m.to}」`);
  if (m.to === '赵六') throw new Error('微信未登录');
  return Promise.resolve();
}

async function cells(get: (p: string) => Promise<Response>, user: string) {
  const html = await (await get('/campaigns/1/rows')).text();
  const tr = new RegExp(`<tr [^>]*data-user="${user}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
  return [...tr.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => visible(m[1]));
}

describe('delivery of each person’s messages', () => {
  it('shows 已送达, 找不到此人 and 发送失败（原因） once the outbox has tried, and lists the failures', async () => {
    const { signIn, outbox } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    // Creating told all three at once: queued, not yet sent.
    expect((await cells(s.get, '张三'))[2]).toBe('等待发送');
    outbox.sender = wechatLike;
    await outbox.drain({ retries: true });
    expect((await cells(s.get, '张三'))[2]).toBe('已送达');
    expect((await cells(s.get, '王五'))[2]).toBe('找不到此人');
    expect((await cells(s.get, '赵六'))[2]).toBe('发送失败（机器人未登录微信）');
    const page = visible(await (await s.get('/campaigns/1')).text());
    expect(page).toContain('共 3 人： 已提交 0 · 填写中 0 · 未开始 3 · 逾期 0 · 发送失败 2 人');
    expect(page).toContain(
      '这些人的消息没有送到（2 人）： 赵六：任务通知，机器人未登录微信（11月30日（周一）09:05） 移出… 王五：任务通知，找不到此人：机器人的通讯录里没有这个备注或账号（11月30日（周一）09:05） 移出…',
    );
    // 催办 王五 again: still one line for him, naming both messages; 移出… goes to the question for him alone.
    await s.post('/campaigns/1/urge', { user: '王五' });
    await outbox.drain({ retries: true });
    const again = visible(await (await s.get('/campaigns/1')).text());
    expect(again).toContain('发送失败 2 人');
    expect(again).toMatch(/ 王五：任务通知、催办，找不到此人：[^ ]+ 移出… /);
    expect(await (await s.get('/campaigns/1')).text()).toContain(
      `<a href="/campaigns/1/unassign?names=${encodeURIComponent('王五')}">移出…</a>`,
    );
  });

  it('names a person whose send failed by display name, also while 只看未提交 hides them for having submitted', async () => {
    const { signIn, outbox, person } = setup();
    const s = await signIn();
    await s.post('/campaigns', { ...CREATE, assign: '张三,王五,赵老六（ZhaoLiu）' });
    outbox.sender = (m) => (m.to === 'ZhaoLiu' ? Promise.reject(new Error('微信未登录')) : Promise.resolve());
    await outbox.drain({ retries: true });
    await person('ZhaoLiu').sayAll(FULL_FORM);
    for (const path of ['/campaigns/1', '/campaigns/1?only=pending']) {
      const page = visible(await (await s.get(path)).text());
      expect(page, path).toContain('这些人的消息没有送到（1 人）： 赵老六（ZhaoLiu）：任务通知');
    }
  });

  it('says 找不到此人 at the first failure, while the outbox still retries', async () => {
    const { signIn, outbox } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    outbox.sender = wechatLike;
    await outbox.drain();
    expect((await cells(s.get, '王五'))[2]).toBe('找不到此人');
    expect((await cells(s.get, '赵六'))[2]).toBe('等待重发（机器人未登录微信）');
  });

  it('shows the last 催办 and a 催办 held by quiet hours as 等待发送 with its time', async () => {
    const { signIn, outbox, clock } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await outbox.drain();
    clock.set('2026-11-30T15:00:00Z'); // 23:00 in Shanghai
    const night = await signIn();
    await night.post('/campaigns/1/urge', { user: '张三' });
    expect((await cells(night.get, '张三'))[2]).toBe('等待发送（12月1日（周二）08:30） 催办 11月30日（周一）23:00');
    clock.set('2026-12-01T00:31:00Z');
    await outbox.drain();
    expect((await cells(night.get, '张三'))[2]).toBe('已送达 催办 11月30日（周一）23:00');
  });

  it('warns while typing a name the bot does not know, and again after creating', async () => {
    const { signIn, person } = setup();
    await person('张三').say('开始');
    const s = await signIn();
    const check = visible(await (await s.get(`/people/check?assign=${encodeURIComponent('张三，王五')}`)).text());
    expect(check).toBe('注意：机器人不认识 王五（不是已知的微信备注名），发给他们的通知会失败。请核对名字。');
    expect(visible(await (await s.get(`/people/check?assign=${encodeURIComponent('张三')}`)).text())).toBe('');
    // The new-campaign form asks for the check as the field is typed in (htmx).
    const form = await (await s.get('/campaigns/new')).text();
    expect(form).toMatch(/<input type="text" id="assign"[^>]*hx-get="\/people\/check"/);
    const created = await s.post('/campaigns', { ...CREATE, assign: '张三,王五' });
    expect(created.status).toBe(303);
    expect(visible(await (await s.get('/campaigns/1')).text())).toContain(
      '已创建任务 #1「2026年度绩效自评」，已给每位填报人发出通知（下表「消息」一栏可看是否送达）。注意：机器人不认识 王五',
    );
    // 加入填报人 on the campaign page warns the same way while typing.
    const progress = await (await s.get('/campaigns/1')).text();
    expect(progress).toMatch(/<input type="text" id="add" name="names"[^>]*hx-get="\/people\/check"/);
    expect(visible(await (await s.get(`/people/check?names=${encodeURIComponent('赵六')}`)).text())).toBe(
      '注意：机器人不认识 赵六（不是已知的微信备注名），发给他们的通知会失败。请核对名字。',
    );
  });
});

describe('who the channel can reach', () => {
  it('企业微信: a userid that never wrote to the bot is flagged (WeCom lets a bot push only into such a chat)', async () => {
    const { app, person } = setup();
    await person('lisi').say('你好');
    const dir = wecomDirectory(app);
    expect(dir.keyLabel).toBe('企业微信账号（userid）');
    expect(await dir.unknown(['lisi', 'wangwu'])).toEqual(['wangwu']);
    // With WeChat in the same process, a 备注 WeChat can reach is known too.
    const both = wecomDirectory(app, async (k) => k === '王科长');
    expect(both.keyLabel).toBe('企业微信账号（userid）或微信备注名');
    expect(await both.unknown(['lisi', '王科长', 'wangwu'])).toEqual(['wangwu']);
  });
});

describe('delivery words', () => {
  const rec = (over: Partial<DeliveryRecord>): DeliveryRecord => ({
    to: '张三',
    key: 'assign:1:张三',
    kind: 'assign',
    status: 'queued',
    attempts: 0,
    createdAt: '2026-11-30T01:05:00.000Z',
    nextAt: 0,
    ...over,
  });
  const now = new Date('2026-11-30T02:00:00Z');

  it('reads the latest message of the person; nothing sent before the campaign told them is 等待发送', () => {
    expect(deliveryOf([], { notified: false, open: true, now }).word).toBe('waiting');
    expect(deliveryOf([], { notified: true, open: true, now }).word).toBe('none');
    const old = rec({ status: 'parked', error: '微信未登录' });
    const later = rec({ key: 'urge:1:张三:x', kind: 'urge', status: 'sent', sentAt: '2026-11-30T01:30:00.000Z' });
    expect(deliveryOf([old, later], { notified: true, open: true, now })).toEqual({
      word: 'delivered',
      what: '催办',
      at: '2026-11-30T01:30:00.000Z',
      lastUrge: '2026-11-30T01:05:00.000Z',
    });
  });

  it('never shows a channel’s raw English error', () => {
    expect(failureReason('ECONNRESET socket hang up').reason).toBe('通道返回错误');
    expect(failureReason('send timed out after 120000 ms').reason).toBe('发送超时');
    expect(failureReason('userid not found').notFound).toBe(true);
    // The WeCom channel's refusal line: neither WeCom's code nor its English reaches the page.
    expect(failureReason('企业微信返回 40021 the person has not talked to the bot yet')).toEqual({
      reason: '企业微信拒绝发送',
      notFound: false,
      vague: true,
    });
  });
});
