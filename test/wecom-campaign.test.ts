import { describe, expect, it } from 'vitest';
import type { CampaignRuntime } from '../src/campaigns/runtime.js';
import { campaignsExtensionWith, runHooks, type WechatExtras } from '../src/cli/wechat-command.js';
import { createArgs, runCli, TestClock } from './campaign-fixture.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { texts } from './support/wecom-fake-server.js';
import { WecomHarness } from './wecom-harness.js';

const keep = closeAfterEach();
let extras: WechatExtras = {};

/**
 * The bot against the fake WeCom server, wired as `npm start` wires it: the campaigns' hooks and access bound
 * once the outbox exists. wangke may use it; caiwu is the coordinator.
 */
async function wiredBot(data: string, clock: TestClock) {
  const h = keep(
    await WecomHarness.start({
      dataDir: data,
      env: { ALLOWED_CONTACTS: 'wangke', ADMIN_CONTACTS: 'caiwu' },
      hooks: [(m) => runHooks(extras.hooks ?? [], m)],
      isAllowed: (key) => Boolean(extras.isAllowed?.(key)),
    }),
    (x) => x.close(),
  );
  const campaigns = campaignsExtensionWith({ clock: clock.fn, intervalMs: 0 })({
    app: h.app,
    outbox: h.channel.port,
    config: h.config,
  });
  extras = keep(campaigns, (c) => c.stop?.());
  return { h, campaigns };
}

describe('a campaign in 企业微信: assignment, nudge, 催办 and the deadline summary pushed to the userid', () => {
  it('assigns zhangsan (not on ALLOWED_CONTACTS), pushes the assignment and a nudge with his progress, and the admin’s 催办', async () => {
    const data = keep(tempDir('tianbao-wecom-campaign-'), cleanup);
    const clock = new TestClock(new Date('2026-11-30T09:00:00+08:00'));
    const { h, campaigns } = await wiredBot(data, clock);
    const runtime: CampaignRuntime = campaigns.runtime;
    const zhang = h.person('zhangsan');
    const admin = h.person('caiwu');

    // WeCom lets a bot push only into a chat the person has written in: zhangsan once wrote, and was turned away.
    expect(await zhang.say('你好')).toContain('目前只为已登记的同事服务');

    const created = await runCli(createArgs('zhangsan'), {
      TIANBAO_DATA_DIR: data,
      TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
      TIANBAO_NOW: '2026-11-30T09:00:00+08:00',
    });
    expect(created.code).toBe(0);

    clock.set('2026-11-30T09:01:00+08:00');
    expect((await runtime.tick()).map((d) => d.key)).toEqual(['assign:1:zhangsan']);
    await h.idle();
    const pushed = h.fake.chatOf('zhangsan').filter((b) => !b.reqId);
    // Pushed with aibot_send_msg: a markdown message, not an answer to any req_id.
    expect(pushed.map((b) => b.kind)).toEqual(['markdown']);
    expect(zhang.replies()).toContain(
      '【2025年度绩效自评】请在 12月4日（周五）17:00 前填写《示例信访局 · 项目支出绩效自评表 · 2025年度》，共 7 项',
    );
    expect(h.fake.received.filter((f) => f.cmd === 'aibot_send_msg').map((f) => f.body?.chatid)).toEqual(['zhangsan']);

    // Being an assignee is enough to be served.
    expect(await zhang.say('开始')).toContain('第 1/7 项｜单位名称');
    await zhang.say('好');
    await zhang.say('100');
    await zhang.say('100');

    clock.set('2026-12-01T17:00:00+08:00');
    expect((await runtime.tick()).map((d) => d.key)).toEqual(['nudge:1:zhangsan:-3d']);
    await h.idle();
    const nudge = zhang.replies();
    expect(nudge).toContain('已填 3/7 项。下一项：第 4 项 信访事项办结率。');
    expect(nudge).toContain('回复「继续」接着填');
    expect(await zhang.say('继续')).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');

    // The coordinator urges everyone not done, from 企业微信.
    const urged = await admin.say('催办');
    expect(urged).toContain('zhangsan');
    await h.idle();
    expect(texts(h.fake.chatOf('zhangsan').slice(-1))).toContain('《示例信访局 · 项目支出绩效自评表 · 2025年度》');
    expect(h.fake.chatOf('zhangsan').at(-1)?.reqId).toBeUndefined();

    // At the deadline the coordinator is sent the summary, pushed to the admin's userid.
    admin.replies();
    clock.set('2026-12-04T17:01:00+08:00');
    expect((await runtime.tick()).map((d) => d.key)).toContain('summary:1:caiwu');
    await h.idle();
    const summary = admin.replies();
    expect(summary).toContain('【2025年度绩效自评】已到截止时间');
    expect(summary).toContain('未完成：zhangsan（已填 3/7）');
    expect(h.fake.chatOf('caiwu').at(-1)?.reqId).toBeUndefined();
  });

  it('a coordinator who writes 张三（ZhangSan） in the list reads 张三 in the 汇总, the 催办 and the deadline summary', async () => {
    const data = keep(tempDir('tianbao-wecom-names-'), cleanup);
    const clock = new TestClock(new Date('2026-11-30T09:00:00+08:00'));
    const { h, campaigns } = await wiredBot(data, clock);
    const admin = h.person('caiwu');
    await admin.say('你好');
    const created = await runCli(createArgs('张三（ZhangSan），李四(LiSi)'), {
      TIANBAO_DATA_DIR: data,
      TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
      TIANBAO_NOW: '2026-11-30T09:00:00+08:00',
    });
    expect(created.out).toContain('填报人 2 人：张三（ZhangSan）、李四（LiSi）');

    const summary = await admin.say('汇总');
    expect(summary).toContain('张三：未开始，0/7 项');
    expect(summary).toContain('李四：未开始，0/7 项');
    expect(summary).not.toContain('ZhangSan');
    expect(await admin.say('催办')).toContain('已催办 2 人：张三、李四');

    admin.replies();
    clock.set('2026-12-04T17:01:00+08:00');
    expect((await campaigns.runtime.tick()).map((d) => d.key)).toContain('summary:1:caiwu');
    await h.idle();
    expect(admin.replies()).toContain('未完成：张三（已填 0/7）、李四（已填 0/7）');
  });
});
