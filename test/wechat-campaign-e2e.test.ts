import { describe, expect, it } from 'vitest';
import type { CampaignRuntime } from '../src/campaigns/runtime.js';
import { campaignsExtensionWith, runHooks, type WechatExtras } from '../src/cli/wechat-command.js';
import { createArgs, runCli, TestClock } from './campaign-fixture.js';
import { docxText } from './fixtures/read-docx.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { WechatHarness } from './wechat-harness.js';

// The story's calendar is the campaign clock below. The mock WeChat stamps every message with the
// real time, so the channel's own clock (staleness, outbox pacing) stays the harness's; every message
// of the campaign is due outside quiet hours, so nothing waits on that clock.

const keep = closeAfterEach();
let extras: WechatExtras = {};

describe('a campaign on WeChat, from creation to a nudged assignee finishing the form', () => {
  it('assigns 张三 (not on ALLOWED_CONTACTS), nudges him with his progress, resumes at the open question, delivers the .docx and reports to the coordinator', async () => {
    const data = keep(tempDir('tianbao-wx-campaign-'), cleanup);
    // Monday 30 Nov 2026, 09:00 in Shanghai.
    const clock = new TestClock(new Date('2026-11-30T09:00:00+08:00'));

    // The bot runs with the campaigns extension, wired as runWechat wires it (hooks and access bound
    // late, because the extension needs the channel's outbox), with the test's clock and no timer.
    const h = new WechatHarness({
      dataDir: data,
      env: { ALLOWED_CONTACTS: '王科长', ADMIN_CONTACTS: '财务科' },
      hooks: [(m) => runHooks(extras.hooks ?? [], m)],
      isAllowed: (key) => Boolean(extras.isAllowed?.(key)),
    });
    keep(h, (x) => x.stop());
    const campaigns = campaignsExtensionWith({ clock: clock.fn, intervalMs: 0 })({
      app: h.app,
      outbox: h.channel.outbox,
      config: h.config,
    });
    extras = keep(campaigns, (c) => c.stop?.());
    const runtime: CampaignRuntime = campaigns.runtime;
    await h.login();

    // The coordinator (备注 财务科) and 张三 (备注 张三) are the bot account's contacts.
    const admin = h.person('Caiwu Ke', '财务科');
    const zhang = h.person('Zhang San', '张三');

    // 张三 is not on ALLOWED_CONTACTS: before any campaign the bot turns him away.
    expect(await zhang.say('你好')).toContain('目前只为已登记的同事服务');

    // The coordinator creates the campaign from the command line: the demo form for 张三, due Friday 4 Dec 17:00.
    const created = await runCli(createArgs('张三'), {
      TIANBAO_DATA_DIR: data,
      TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
      TIANBAO_NOW: '2026-11-30T09:00:00+08:00',
    });
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('已创建任务 #1「2025年度绩效自评」');

    // The bot's next poll (09:01) sends the assignment to 张三 on WeChat.
    clock.set('2026-11-30T09:01:00+08:00');
    expect((await runtime.tick()).map((d) => d.key)).toEqual(['assign:1:张三']);
    await h.idle();
    const assignment = zhang.replies();
    expect(assignment).toContain(
      '【2025年度绩效自评】请在 12月4日（周五）17:00 前填写《示例信访局 · 项目支出绩效自评表 · 2025年度》，共 7 项',
    );
    expect(assignment).toContain('回复「开始」开始填写');

    // Being an assignee is enough: 开始 opens the assigned form straight away at its first question.
    const start = await zhang.say('开始');
    expect(start).toContain('开始填写《示例信访局 · 项目支出绩效自评表 · 2025年度》，共 7 项');
    expect(start).toContain('第 1/7 项｜单位名称');
    // He answers three items, then leaves it.
    expect(await zhang.say('好')).toContain('第 2/7 项');
    expect(await zhang.say('100')).toContain('第 3/7 项');
    expect(await zhang.say('100')).toContain('第 4/7 项');

    // Tuesday 1 Dec 17:00 is 3 days before the deadline (-3d): the runtime nudges 张三 and only him.
    clock.set('2026-12-01T17:00:00+08:00');
    expect((await runtime.tick()).map((d) => d.key)).toEqual(['nudge:1:张三:-3d']);
    await h.idle();
    const nudge = zhang.replies();
    // Three of the seven items are answered; the fourth is open.
    expect(nudge).toContain('已填 3/7 项。下一项：第 4 项 信访事项办结率。');
    // Tuesday 17:00 to Friday 17:00 = 3 days exactly.
    expect(nudge).toContain('截止时间：12月4日（周五）17:00（还剩 3天）');
    expect(nudge).toContain('回复「继续」接着填');
    expect(admin.replies()).toBe('');

    // 继续 brings back exactly the open question.
    const resumed = await zhang.say('继续');
    expect(resumed).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');
    expect(resumed).not.toContain('第 3/7 项');
    expect(resumed).not.toContain('第 5/7 项');

    // He finishes the form.
    expect(await zhang.say('95%')).toContain('本项得分 40/40');
    expect(await zhang.say('0起')).toContain('本项得分 20/20');
    expect(await zhang.say('稳定')).toContain('本项得分 20/20');
    const review = await zhang.say('95%');
    // 100 of 100 spent → 10; 95% 办结率 → 40; 0 起 → 20; 稳定 → 20; 95% of 10 for 满意度 → 9.5.
    // 10 + 40 + 20 + 20 + 9.5 = 99.5.
    expect(review).toContain('合计 99.5/100 分');
    expect(await zhang.say('确认')).toContain('总分 99.5/100');

    // The .docx arrives on WeChat: a zip (PK\x03\x04) whose word/document.xml carries the total.
    const files = await zhang.files();
    // The .docx, then its score chart as a picture (sent after it, through the same outbox).
    expect(files.map((f) => f.name.split('.').pop())).toEqual(['docx', 'png']);
    expect(files[0].bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(await docxText(files[0].bytes)).toContain('99.5');

    // Thursday 3 Dec 17:00 (-1d): he has submitted, so the slot sends him nothing.
    clock.set('2026-12-03T17:00:00+08:00');
    expect(await runtime.tick()).toEqual([]);
    await h.idle();
    expect(zhang.replies()).toBe('');

    // Friday 17:00, the deadline: the coordinator gets the summary; 张三 gets no overdue notice.
    clock.set('2026-12-04T17:00:00+08:00');
    expect((await runtime.tick()).map((d) => [d.to, d.kind])).toEqual([['财务科', 'summary']]);
    await h.idle();
    const summary = admin.replies();
    expect(summary).toContain(
      '【2025年度绩效自评】已到截止时间 12月4日（周五）17:00。《示例信访局 · 项目支出绩效自评表 · 2025年度》已提交 1/1 人。',
    );
    expect(summary).toContain('已提交：张三（99.5分）');
    expect(summary).not.toContain('未完成');
    expect(zhang.replies()).toBe('');
  });
});
