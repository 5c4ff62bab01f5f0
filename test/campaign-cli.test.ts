import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createArgs, runCli } from './campaign-fixture.js';
import { cleanup, FIXTURE_FLOWS, tempDir } from './support/chat.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) cleanup(d);
});

/** A coordinator at a terminal on Monday 30 Nov 2026, 09:00 Beijing time. */
function coordinator(now = '2026-11-30T09:00:00+08:00', extra: Record<string, string> = {}) {
  const data = tempDir('tianbao-cli-');
  dirs.push(data);
  const env = { TIANBAO_DATA_DIR: data, TIANBAO_FLOWS_DIR: FIXTURE_FLOWS, TIANBAO_NOW: now, ...extra };
  return (...args: string[]) => runCli(args, env);
}

const CREATE = createArgs('张三,李四');

describe('tianbao campaign', () => {
  it('creates a campaign and shows its schedule in the campaign time zone', async () => {
    const tianbao = coordinator();
    const r = await tianbao(...CREATE, '--remind', '-3d,-1d,-2h');
    expect(r.code).toBe(0);
    expect(r.out).toContain('已创建任务 #1「2025年度绩效自评」');
    expect(r.out).toContain('截止：12月4日（周五）17:00（Asia/Shanghai）');
    expect(r.out).toContain('填报人 2 人：张三、李四');
    expect(r.out).toContain('截止前3天：12月1日（周二）17:00　待发送');
    expect(r.out).toContain('截止前2小时：12月4日（周五）15:00　待发送');

    const shown = JSON.parse((await tianbao('campaign', 'show', '1', '--json')).out);
    // Stored as UTC: 17:00 in Shanghai is 09:00Z.
    expect(shown.deadline).toBe('2026-12-04T09:00:00.000Z');
    expect(shown.schedule.map((j: { slot: string; dueAt: string }) => [j.slot, j.dueAt])).toEqual([
      ['-3d', '2026-12-01T09:00:00.000Z'],
      ['-1d', '2026-12-03T09:00:00.000Z'],
      ['-2h', '2026-12-04T07:00:00.000Z'],
      ['deadline', '2026-12-04T09:00:00.000Z'],
    ]);
  });

  it('refuses bad input with a reason and an example, exit 2, and changes nothing', async () => {
    const tianbao = coordinator();
    const cases: Array<[string[], string, string]> = [
      [['--flow', 'nope'], '没有编号为"nope"的表单，现有表单：demo', '--flow demo'],
      // The example is a week from "now" (Mon 30 Nov) at 17:00.
      [
        ['--deadline', '2026-11-29 17:00'],
        '截止时间 11月29日（周日）17:00 已经过去（现在是 11月30日（周一）09:00）',
        '--deadline "2026-12-07 17:00"',
      ],
      [['--deadline', '下周五'], '时间"下周五"无法识别', '--deadline "2026-12-07 17:00"'],
      [['--assign', '，'], '填报人名单为空', '--assign 张三,李四'],
      [['--remind', '-3d,2h'], '提醒时间"2h"写法不对', '--remind -3d,-1d,-2h'],
      [['--tz', 'Mars/Base'], '时区"Mars/Base"无法识别', '--tz Asia/Shanghai'],
      [['--quiet', '22点'], '免打扰时段"22点"写法不对', '--quiet 21:30-08:30'],
    ];
    for (const [override, reason, example] of cases) {
      const args = [...CREATE];
      for (let i = 0; i < override.length; i += 2) {
        const at = args.indexOf(override[i]);
        if (at >= 0) args[at + 1] = override[i + 1];
        else args.push(override[i], override[i + 1]);
      }
      const r = await tianbao(...args);
      expect(r.code, override.join(' ')).toBe(2);
      expect(r.err).toContain(`未创建任务：${reason}`);
      expect(r.err).toContain(`例如：${example}`);
    }
    expect((await tianbao('campaign', 'list')).out).toContain('还没有任务');
  });

  it('adds and removes assignees, and closes', async () => {
    const tianbao = coordinator();
    await tianbao(...CREATE);
    expect((await tianbao('campaign', 'assign', '1', '王五')).out).toContain('已加入任务 #1：王五');
    expect((await tianbao('campaign', 'assign', '1', '王五')).out).toContain('已在任务中：王五');

    const missing = await tianbao('campaign', 'unassign', '1', '赵六');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('任务 #1 中没有填报人：赵六，未做任何修改。现有填报人：张三、李四、王五');

    expect((await tianbao('campaign', 'unassign', '1', '李四')).code).toBe(0);
    expect((await tianbao('campaign', 'show', '1')).out).toContain('填报人 2 人：张三、王五');

    const unknown = await tianbao('campaign', 'show', '7');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('没有编号为 7 的任务。现有任务：#1');

    expect((await tianbao('campaign', 'close', '1')).out).toContain('已关闭任务 #1');
    expect((await tianbao('campaign', 'list')).out).toContain('#1  已关闭');
    const late = await tianbao('campaign', 'assign', '1', '赵六');
    expect(late.code).toBe(2);
    expect(late.err).toContain('任务 #1 已关闭，不能再加人');
  });
});

describe('tianbao reminders preview', () => {
  it('lists what would go out at a moment, applying the catch-up rule, and sends nothing', async () => {
    const tianbao = coordinator(undefined, { ADMIN_CONTACTS: '财务科' });
    await tianbao(...CREATE);
    // Thu 3 Dec 18:00: -3d and -1d are both due if nothing was sent; only -1d would go out.
    const r = await tianbao('reminders', 'preview', '--at', '2026-12-03 18:00', '--json');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out);
    expect(
      list.map((d: { assignee: string; campaign: number; kind: string; slot: string }) => [
        d.assignee,
        d.campaign,
        d.kind,
        d.slot,
      ]),
    ).toEqual([
      ['张三', 1, 'nudge', '-1d'],
      ['李四', 1, 'nudge', '-1d'],
    ]);
    // 18:00 Thursday to 17:00 Friday: 23 hours.
    expect(list[0].text).toContain('截止时间：12月4日（周五）17:00（还剩 23小时）');

    const atDeadline = JSON.parse(
      (await tianbao('reminders', 'preview', '--at', '2026-12-04T09:00:00Z', '--json')).out,
    );
    expect(atDeadline.map((d: { assignee: string; kind: string }) => [d.assignee, d.kind])).toEqual([
      ['张三', 'overdue'],
      ['李四', 'overdue'],
      ['财务科', 'summary'],
    ]);

    // Nothing was sent or claimed.
    expect((await tianbao('campaign', 'show', '1')).out).not.toMatch(/已发送|已跳过/);
    expect((await tianbao('reminders', 'preview', '--at', '2026-11-30 10:00')).out).toContain('没有要发送的提醒');
    const bad = await tianbao('reminders', 'preview', '--at', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('例如：--at "2026-12-01 17:00"');
  });
});

describe('tianbao status', () => {
  it('prints each assignee’s progress; an unknown campaign is exit 2', async () => {
    const tianbao = coordinator('2026-12-02T10:00:00+08:00');
    await tianbao(...CREATE);
    const r = await tianbao('status');
    // Wed 10:00 to Fri 17:00: 2 days 7 hours.
    expect(r.out).toContain(
      '#1 2025年度绩效自评｜《示例信访局 · 项目支出绩效自评表 · 2025年度》｜截止 12月4日（周五）17:00（还剩 2天7小时）｜已提交 0/2 人',
    );
    expect(r.out).toContain('张三：未开始，0/7 项');
    const none = await tianbao('status', '--campaign', '9');
    expect(none.code).toBe(2);
  });

  it('works as `npx tianbao` in its own process, with TIANBAO_NOW', () => {
    const data = tempDir('tianbao-cli-');
    dirs.push(data);
    const env = {
      ...process.env,
      TIANBAO_DATA_DIR: data,
      TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
      TIANBAO_NOW: '2026-11-30T09:00:00+08:00',
    };
    const bin = resolve(import.meta.dirname, '../bin/tianbao.mjs');
    const created = spawnSync(process.execPath, [bin, ...CREATE], { env, encoding: 'utf8' });
    expect(created.status).toBe(0);
    const status = spawnSync(process.execPath, [bin, 'status', '--json'], { env, encoding: 'utf8' });
    expect(JSON.parse(status.stdout)[0].assignees.map((a: { assignee: string }) => a.assignee)).toEqual([
      '张三',
      '李四',
    ]);
    const past = spawnSync(process.execPath, [bin, ...CREATE], {
      env: { ...env, TIANBAO_NOW: '2026-12-05T09:00:00+08:00' },
      encoding: 'utf8',
    });
    expect(past.status).toBe(2);
    expect(past.stderr).toContain('已经过去');
  });
});

// 企业微信: people are userids; the coordinator writes 张三（ZhangSan） and sees 张三 (issue 22).
describe('display names', () => {
  it('a list written 张三（ZhangSan） keys ZhangSan and shows 张三; the same key named twice is refused', async () => {
    const tianbao = coordinator('2026-12-02T10:00:00+08:00');
    const named = [...CREATE.slice(0, -1), '张三（ZhangSan），LiSi'];
    const created = await tianbao(...named);
    expect(created.code).toBe(0);
    expect(created.out).toContain('填报人 2 人：张三（ZhangSan）、LiSi');

    const status = await tianbao('status');
    expect(status.out).toContain('  张三：未开始，0/7 项');
    expect(status.out).not.toContain('ZhangSan');
    const json = JSON.parse((await tianbao('status', '--json')).out);
    expect(json[0].assignees.map((a: { assignee: string; name: string | null }) => [a.assignee, a.name])).toEqual([
      ['ZhangSan', '张三'],
      ['LiSi', null],
    ]);

    const added = await tianbao('campaign', 'assign', '1', '王五(WangWu)、王科长(财务)');
    expect(added.out).toContain('已加入任务 #1：王五（WangWu）、王科长(财务)。');
    const again = await tianbao('campaign', 'assign', '1', '张叁（ZhangSan）');
    expect(again.out).toContain('已在任务中：张叁（ZhangSan）。'); // the coordinator's latest word
    expect((await tianbao('status')).out).toContain('  张叁：未开始');

    const conflict = await tianbao('campaign', 'assign', '1', '赵六（ZhaoLiu）、赵陆（ZhaoLiu）');
    expect(conflict.code).toBe(2);
    expect(conflict.err).toContain('ZhaoLiu 写成了 赵六、赵陆');
    expect((await tianbao('status')).out).not.toContain('ZhaoLiu');
    const refused = await tianbao(...CREATE.slice(0, -1), '张三(ZhangSan),张叁(ZhangSan)');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('同一个账号写了不同的名字');

    const removed = await tianbao('campaign', 'unassign', '1', 'WangWu');
    expect(removed.out).toContain('已从任务 #1 移出：王五（WangWu）。');
  });

  it('tianbao people name sets, changes and clears a name; people list shows them', async () => {
    const tianbao = coordinator('2026-12-02T10:00:00+08:00');
    await tianbao(...CREATE.slice(0, -1), 'ZhangSan,LiSi');
    expect((await tianbao('status')).out).toContain('  ZhangSan：未开始');
    const set = await tianbao('people', 'name', 'ZhangSan', '张三');
    expect(set.code).toBe(0);
    expect(set.out).toContain('ZhangSan 显示为「张三」');
    expect((await tianbao('status')).out).toContain('  张三：未开始');
    expect((await tianbao('people', 'name', 'ZhangSan', '张叁')).out).toContain('从「张三」改为「张叁」');
    expect((await tianbao('people', 'list')).out).toContain('  ZhangSan：张叁');
    expect((await tianbao('people', 'name', 'ZhangSan', '--clear')).out).toContain('已去掉 ZhangSan 的姓名');
    expect((await tianbao('status')).out).toContain('  ZhangSan：未开始');
    expect((await tianbao('people', 'name', 'ZhangSan')).code).toBe(2);
  });
});
