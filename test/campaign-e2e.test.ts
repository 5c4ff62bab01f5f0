import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCampaignRuntime } from '../src/campaigns/runtime.js';
import { createArgs, FakeOutbox, openApp, Person, runCli, TestClock } from './campaign-fixture.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, SEED_FLOWS, tempDir } from './support/chat.js';

const keep = closeAfterEach();

describe('a campaign from creation to a nudged assignee finishing the form', () => {
  it('the coordinator assigns, the bot nudges, 继续 resumes at the open question, the form is submitted, the deadline reports it', async () => {
    const data = keep(tempDir('tianbao-e2e-'), cleanup);
    // Two forms on offer, so "the assigned form directly" means something.
    const flows = join(data, 'flows');
    mkdirSync(flows);
    copyFileSync(join(FIXTURE_FLOWS, 'demo.yaml'), join(flows, 'demo.yaml'));
    copyFileSync(join(SEED_FLOWS, 'lukou-2021-dept.yaml'), join(flows, 'lukou-2021-dept.yaml'));
    const env = { TIANBAO_DATA_DIR: data, TIANBAO_FLOWS_DIR: flows };

    // Monday 30 Nov 09:00: the coordinator creates the campaign (deadline Friday 4 Dec 17:00).
    const created = await runCli(createArgs('张三,李四', '--remind', '-3d,-1d,-2h'), {
      ...env,
      TIANBAO_NOW: '2026-11-30T09:00:00+08:00',
    });
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    expect(created.out).toContain('已创建任务 #1「2025年度绩效自评」');

    // The bot comes up at 09:05 and starts polling.
    const clock = new TestClock(new Date('2026-11-30T01:05:00Z'));
    const outbox = new FakeOutbox();
    const app = keep(openApp(data, clock, flows), (a) => a.close());
    const rt = startCampaignRuntime({
      store: app.store,
      engine: app.engine,
      flows: app.catalog,
      campaigns: app.campaigns,
      outbox,
      clock: clock.fn,
      admins: ['财务科'],
      intervalMs: 0,
    });
    keep(rt, (r) => r.stop());
    await rt.started;
    expect(outbox.sent.map((e) => e.key)).toEqual(['assign:1:张三', 'assign:1:李四']);

    // 李四 starts right away, fills three items, and pauses.
    const li = new Person(app, '李四', clock);
    expect(await li.say('你好')).toContain(
      '可以填写的表单：《示例信访局 · 项目支出绩效自评表 · 2025年度》。回复「开始」开始填写。',
    );
    await li.sayAll(['开始', '好', '100', '100']);
    expect(await li.say('暂停')).toContain('已暂停');

    // Tuesday 17:00 (-3d): both are nudged; 李四 is told exactly where the form stopped.
    clock.set('2026-12-01T09:00:00Z');
    const first = await rt.tick();
    expect(first.map((d) => d.key)).toEqual(['nudge:1:张三:-3d', 'nudge:1:李四:-3d']);
    expect(first[1].text).toContain('已填 3/7 项。下一项：第 4 项 信访事项办结率。');

    // 继续 resumes at that very question.
    clock.set('2026-12-01T09:30:00Z');
    const resumed = await li.say('继续');
    expect(resumed).toContain('第 4/7 项｜产出指标 › 数量指标 › 信访事项办结率');
    await li.sayAll(['95%', '0起', '稳定', '95%']);
    // 10 + 40 + 20 + 20 + 9.5 (95% of 10) = 99.5
    expect(await li.say('确认')).toContain('已提交《项目支出绩效自评表》第 1 版。总分 99.5/100');

    // Thursday 17:00 (-1d): only 张三, who has not started.
    clock.set('2026-12-03T09:00:00Z');
    expect((await rt.tick()).map((d) => d.key)).toEqual(['nudge:1:张三:-1d']);
    // 张三 answers the nudge with 继续 and gets the assigned form's first question, not the list of forms.
    const zhang = new Person(app, '张三', clock);
    const start = await zhang.say('继续');
    expect(start).toContain('开始填写《示例信访局 · 项目支出绩效自评表 · 2025年度》，共 7 项');
    expect(start).toContain('第 1/7 项｜单位名称');

    // Friday 17:00: 张三 gets the overdue notice, the coordinator the summary; 李四 hears nothing.
    clock.set('2026-12-04T09:00:00Z');
    const atDeadline = await rt.tick();
    expect(atDeadline.map((d) => [d.to, d.kind])).toEqual([
      ['张三', 'overdue'],
      ['财务科', 'summary'],
    ]);
    expect(atDeadline[1].text).toContain('已提交：李四（99.5分）');
    expect(atDeadline[1].text).toContain('未完成：张三（已填 0/7）');
    // Everything 李四 received: the assignment and one nudge.
    expect(outbox.keysOf('').filter((k) => k.includes(':李四'))).toEqual(['assign:1:李四', 'nudge:1:李四:-3d']);

    // The coordinator's status, from the command line.
    const status = await runCli(['status', '--json'], { ...env, TIANBAO_NOW: '2026-12-04T17:30:00+08:00' });
    expect(status.code).toBe(0);
    const [c] = JSON.parse(status.out);
    expect(c.assignees).toEqual([
      expect.objectContaining({ assignee: '张三', state: 'open', answered: 0, total: 7, revision: 0, score: null }),
      expect.objectContaining({
        assignee: '李四',
        state: 'submitted',
        answered: 7,
        total: 7,
        revision: 1,
        score: 99.5,
        lastActivity: '2026-12-01T09:30:00.000Z',
      }),
    ]);
  });
});
