import { describe, expect, it, vi } from 'vitest';
import type { App } from '../src/app/build-engine.js';
import { startCampaignRuntime } from '../src/campaigns/runtime.js';
import { FakeOutbox, newCampaign, openApp, Person, TestClock } from './campaign-fixture.js';
import { cleanup, closeAfterEach, SEED_FLOWS, tempDir } from './support/chat.js';

// The week of the campaign (Asia/Shanghai = UTC+8):
//   created Mon 30 Nov 09:00 · -3d Tue 1 Dec 17:00 · -1d Thu 3 Dec 17:00 · -2h Fri 4 Dec 15:00 · deadline Fri 4 Dec 17:00
const CREATED = '2026-11-30T01:00:00Z';
const MINUS_3D = '2026-12-01T09:00:00Z';
const MINUS_1D = '2026-12-03T09:00:00Z';
const MINUS_2H = '2026-12-04T07:00:00Z';
const DEADLINE = '2026-12-04T09:00:00Z';
const CAMPAIGN = { flow: 'demo', title: '2025年度绩效自评', deadline: '2026-12-04 17:00', assign: '张三,李四' };
const ADMIN = '财务科';

// The demo form's 7 questions: 单位名称, 全年预算数, 全年执行数, 信访事项办结率, 重大群体性事件, 社会稳定水平, 信访群众满意度.
const FIRST_THREE = ['开始', '好', '100', '100'];
const ALL_AND_SUBMIT = [...FIRST_THREE, '95%', '0起', '稳定', '95%', '确认'];

const keep = closeAfterEach();

function setup(flowsDir?: string) {
  const dir = keep(tempDir('tianbao-campaign-'), cleanup);
  const clock = new TestClock(new Date(CREATED));
  const outbox = new FakeOutbox();
  const open = () => keep(openApp(dir, clock, flowsDir), (a) => a.close());
  const app = open();
  /** Starting a runtime ticks once at once, as the bot does when it comes up. */
  const start = async (a: App = app, box = outbox) => {
    const r = startCampaignRuntime({
      store: a.store,
      engine: a.engine,
      flows: a.catalog,
      campaigns: a.campaigns,
      outbox: box,
      clock: clock.fn,
      admins: [ADMIN],
      intervalMs: 0,
    });
    await r.started;
    return keep(r, (rt) => rt.stop());
  };
  return { dir, clock, outbox, app, open, start, person: (name: string) => new Person(app, name, clock) };
}

describe('assignment', () => {
  it('each assignee is told once, and their next message offers the assigned form directly', async () => {
    const s = setup(SEED_FLOWS);
    const c = await newCampaign(s.app, s.clock, { ...CAMPAIGN, flow: 'lukou-2021-dept' });
    const rt = await s.start();
    expect(s.outbox.sent.map((e) => [e.to, e.key])).toEqual([
      ['张三', `assign:${c.id}:张三`],
      ['李四', `assign:${c.id}:李四`],
    ]);
    expect(s.outbox.to('张三')[0].text).toContain(
      '请在 12月4日（周五）17:00 前填写《株洲市渌口区信访局 · 部门整体支出绩效自评表 · 2021年度》',
    );
    await rt.tick();
    expect(s.outbox.sent).toHaveLength(2);

    // Among the seventeen seed forms, the assignee is offered only the assigned one; anyone else sees the list.
    expect(await s.person('张三').say('你好')).toContain(
      '可以填写的表单：《株洲市渌口区信访局 · 部门整体支出绩效自评表 · 2021年度》',
    );
    expect(await s.person('赵六').say('你好')).toContain('请选择要填写的表单');
    expect(rt.isAssignee('张三')).toBe(true);
    expect(rt.isAssignee('赵六')).toBe(false);

    // Once the campaign is closed, the person is offered every form again.
    await s.app.campaigns.close(c.id, s.clock.fn());
    expect(rt.isAssignee('张三')).toBe(false);
    expect(await s.person('张三').say('你好')).toContain('请选择要填写的表单');
  });

  it('at night the assignment message waits for the morning', async () => {
    const s = setup();
    s.clock.set('2026-11-30T14:00:00Z'); // Mon 22:00
    await newCampaign(s.app, s.clock, CAMPAIGN);
    await s.start();
    // Quiet until Tue 08:30 = 00:30Z.
    expect(s.outbox.sent.map((e) => e.at?.toISOString())).toEqual([
      '2026-12-01T00:30:00.000Z',
      '2026-12-01T00:30:00.000Z',
    ]);
  });
});

describe('nudges', () => {
  it('go only to those not done, saying what is left and how to continue', async () => {
    const s = setup();
    const c = await newCampaign(s.app, s.clock, CAMPAIGN);
    const rt = await s.start();
    await s.person('张三').sayAll(ALL_AND_SUBMIT);
    await s.person('李四').sayAll([...FIRST_THREE, '暂停']);

    s.clock.set(MINUS_3D);
    const sent = await rt.tick();
    expect(sent.map((d) => d.key)).toEqual([`nudge:${c.id}:李四:-3d`]);
    const text = sent[0].text;
    expect(text).toContain('《示例信访局 · 项目支出绩效自评表 · 2025年度》已填 3/7 项');
    expect(text).toContain('下一项：第 4 项 信访事项办结率');
    // Tue 17:00 to Fri 17:00: 3 days.
    expect(text).toContain('截止时间：12月4日（周五）17:00（还剩 3天）');
    expect(text).toContain('回复「继续」接着填');
  });

  it('someone who changes a submitted form and has not resubmitted is nudged again', async () => {
    const s = setup();
    await newCampaign(s.app, s.clock, CAMPAIGN);
    const rt = await s.start();
    const zhang = s.person('张三');
    await zhang.sayAll(ALL_AND_SUBMIT);
    await zhang.sayAll(['修改 满意度', '100%']);
    s.clock.set(MINUS_1D);
    expect((await rt.tick()).map((d) => d.to)).toEqual(['张三', '李四']);
    await zhang.say('确认');
    s.clock.set(MINUS_2H);
    expect((await rt.tick()).map((d) => d.to)).toEqual(['李四']);
  });

  it('after downtime only the latest missed slot is sent, once, even across restarts', async () => {
    const s = setup();
    const c = await newCampaign(s.app, s.clock, CAMPAIGN);
    (await s.start()).stop();
    s.app.close();

    // The bot was down from Monday until Thu 17:30 (09:30Z): -3d and -1d were both missed.
    s.clock.set('2026-12-03T09:30:00Z');
    const app = s.open();
    await s.start(app);
    expect(s.outbox.keysOf('nudge:')).toEqual([`nudge:${c.id}:张三:-1d`, `nudge:${c.id}:李四:-1d`]);
    // Thu 17:30 to Fri 17:00: 23 hours 30 minutes.
    expect(s.outbox.to('李四').at(-1)!.text).toContain('还剩 23小时30分钟');
    expect((await app.campaigns.jobs(c.id)).map((j) => [j.slot, j.status])).toEqual([
      ['-3d', 'skipped'],
      ['-1d', 'done'],
      ['-2h', 'pending'],
      ['deadline', 'pending'],
    ]);

    // Another restart a minute later sends nothing new.
    s.clock.set('2026-12-03T09:31:00Z');
    await s.start(s.open());
    expect(s.outbox.keysOf('nudge:')).toHaveLength(2);
  });

  it('a catch-up during the night waits for 08:30', async () => {
    const s = setup();
    const c = await newCampaign(s.app, s.clock, CAMPAIGN);
    const rt = await s.start();
    s.clock.set('2026-12-03T15:00:00Z'); // back up Thu 23:00 with -1d missed
    expect(await rt.tick()).toEqual([]);
    s.clock.set('2026-12-04T00:30:00Z'); // Fri 08:30
    const sent = await rt.tick();
    expect(sent.map((d) => d.key)).toEqual([`nudge:${c.id}:张三:-1d`, `nudge:${c.id}:李四:-1d`]);
    // 08:30 to 17:00: 8 hours 30 minutes.
    expect(sent[0].text).toContain('还剩 8小时30分钟');
  });

  it('two runners ticking at the same moment send each nudge once (claims, not only outbox keys)', async () => {
    const s = setup();
    await newCampaign(s.app, s.clock, CAMPAIGN);
    const forgetful = new FakeOutbox(false);
    const a = await s.start(s.app, forgetful);
    const b = await s.start(s.open(), forgetful);
    s.clock.set(MINUS_3D);
    await Promise.all([a.tick(), b.tick()]);
    expect(forgetful.sent.filter((e) => e.key?.startsWith('nudge:')).map((e) => e.to)).toEqual(['张三', '李四']);
  });

  it('a runner that died mid-job is replaced after the lease, and the outbox keys drop what it had sent', async () => {
    const s = setup();
    const c = await newCampaign(s.app, s.clock, CAMPAIGN);
    const rt = await s.start();
    s.clock.set(MINUS_3D);
    // The dead runner claimed -3d and had enqueued 张三's nudge.
    const job = (await s.app.campaigns.jobs(c.id)).find((j) => j.slot === '-3d')!;
    expect(await s.app.campaigns.claim(job.id, s.clock.fn())).toBe(true);
    s.outbox.enqueue('张三', [{ kind: 'text', text: '…' }], { key: `nudge:${c.id}:张三:-3d` });

    s.clock.set('2026-12-01T09:05:00Z');
    expect(await rt.tick()).toEqual([]); // still leased
    s.clock.set('2026-12-01T09:11:00Z'); // lease of 10 minutes over
    expect((await rt.tick()).map((d) => d.key)).toEqual([`nudge:${c.id}:李四:-3d`]);
    expect(s.outbox.keysOf(`nudge:${c.id}:张三`)).toHaveLength(1);
  });

  it('closing a campaign cancels what it had still to send', async () => {
    const s = setup();
    const c = await newCampaign(s.app, s.clock, CAMPAIGN);
    const rt = await s.start();
    await s.app.campaigns.close(c.id, s.clock.fn());
    s.clock.set(DEADLINE);
    expect(await rt.tick()).toEqual([]);
    expect((await s.app.campaigns.jobs(c.id)).every((j) => j.status === 'cancelled')).toBe(true);
  });
});

describe('the running bot', () => {
  it('polls on an interval, and stops by itself once the app has closed its database', async () => {
    vi.useFakeTimers();
    try {
      const s = setup();
      const c = await newCampaign(s.app, s.clock, CAMPAIGN);
      const errors: unknown[] = [];
      startCampaignRuntime({
        campaigns: s.app.campaigns,
        store: s.app.store,
        engine: s.app.engine,
        flows: s.app.catalog,
        outbox: s.outbox,
        clock: s.clock.fn,
        intervalMs: 60_000,
        onError: (e) => errors.push(e),
      });
      s.clock.set(MINUS_3D);
      expect(s.outbox.keysOf('nudge:')).toEqual([]);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(s.outbox.keysOf('nudge:')).toEqual([`nudge:${c.id}:张三:-3d`, `nudge:${c.id}:李四:-3d`]);
      s.app.close();
      await vi.advanceTimersByTimeAsync(5 * 60_000);
      expect(errors).toEqual([]);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the deadline', () => {
  it('sends one overdue notice to each assignee not done and a summary to the coordinator', async () => {
    const s = setup();
    const c = await newCampaign(s.app, s.clock, CAMPAIGN);
    const rt = await s.start();
    await s.person('张三').sayAll(ALL_AND_SUBMIT);
    await s.person('李四').sayAll(FIRST_THREE);

    // No tick at -2h (the bot was down): at the deadline the notice replaces the missed nudge.
    s.clock.set('2026-12-04T09:01:00Z');
    const sent = await rt.tick();
    expect(sent.map((d) => [d.to, d.kind])).toEqual([
      ['李四', 'overdue'],
      [ADMIN, 'summary'],
    ]);
    expect(sent[0].text).toContain('已到截止时间 12月4日（周五）17:00，您还没有提交，已填 3/7 项');
    expect(sent[0].text).toContain('下一项：第 4 项 信访事项办结率');
    const summary = sent[1].text;
    expect(summary).toContain('已提交 1/2 人');
    // 张三: 预算执行率 100% → 10, 办结率 95% → 40, 0起 → 20, 稳定 → 20, 满意度 95% of 10 → 9.5; 10+40+20+20+9.5 = 99.5.
    expect(summary).toContain('已提交：张三（99.5分）');
    expect(summary).toContain('未完成：李四（已填 3/7）');

    s.clock.set('2026-12-05T09:00:00Z');
    expect(await rt.tick()).toEqual([]);
    expect(s.outbox.keysOf('overdue:')).toEqual([`overdue:${c.id}:李四`]);
  });
});

describe('coordinator chat commands', () => {
  it('汇总 shows everyone’s progress, 催办 nudges those not done now; others get null', async () => {
    const s = setup();
    await newCampaign(s.app, s.clock, CAMPAIGN);
    const rt = await s.start();
    await s.person('张三').sayAll(ALL_AND_SUBMIT);
    s.clock.set('2026-12-02T02:00:00Z'); // Wed 10:00

    const summary = await rt.adminHook({ user: ADMIN, text: '汇总', isAdmin: true });
    const text = summary![0].kind === 'text' ? summary![0].text : '';
    // Wed 10:00 to Fri 17:00: 2 days 7 hours.
    expect(text).toContain(
      '#1 2025年度绩效自评｜《示例信访局 · 项目支出绩效自评表 · 2025年度》｜截止 12月4日（周五）17:00（还剩 2天7小时）｜已提交 1/2 人',
    );
    expect(text).toContain('张三：已提交第 1 版，99.5 分');
    expect(text).toContain('李四：未开始，0/7 项');

    expect(await rt.adminHook({ user: '张三', text: '汇总', isAdmin: false })).toBeNull();
    expect(await rt.adminHook({ user: ADMIN, text: '你好', isAdmin: true })).toBeNull();

    const urged = await rt.adminHook({ user: ADMIN, text: '催办', isAdmin: true });
    expect(urged).toEqual([{ kind: 'text', text: '已催办 1 人：李四。消息会依次发出。' }]);
    expect(s.outbox.to('李四').at(-1)!.text).toContain('已填 0/7 项');
    expect(await rt.adminHook({ user: ADMIN, text: '催办', isAdmin: true })).toEqual([
      { kind: 'text', text: '刚刚已催办过，消息正在发送，请稍后再试。' },
    ]);
    expect(await rt.adminHook({ user: ADMIN, text: '催办 9', isAdmin: true })).toEqual([
      { kind: 'text', text: '没有编号为 9 的进行中任务。回复「汇总」查看全部，例如：催办 1' },
    ]);
  });
});
