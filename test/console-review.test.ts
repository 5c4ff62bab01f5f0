// 审核 / 退回 end to end: the coordinator returns a submitted version with a comment and the items to fix; the person
// reads it in chat with the items named by the chat's own numbers, fixes them, resubmits as 第2版; the page shows
// 退回修改 meanwhile and the history after. An approval is recorded and told too.
import { describe, expect, it } from 'vitest';
import { returnMessage } from '../src/console/review-message.js';
import { consoleHarness, FULL_FORM, visible } from './console-fixture.js';

const setup = consoleHarness();

const CREATE = { flow: 'demo', title: '2026年度绩效自评', deadline: '2026-12-04 17:00', assign: '张三,李四' };
const ZHANG = `/campaigns/1/people/${encodeURIComponent('张三')}`;

describe('审核 and 退回', () => {
  it('returns a submission with a comment and items; the person fixes them in chat and resubmits as 第2版', async () => {
    const { signIn, person, outbox, app } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await person('张三').sayAll(FULL_FORM);

    const page = await (await s.get(ZHANG)).text();
    // The review form lists the items in the chat's numbering, the ones that lost points marked.
    expect(visible(page)).toContain('审核第1版：');
    // The items that lost points are in view; the others are folded away (a 60-item form stays short on a phone).
    expect(visible(page)).toContain(
      '要修改的项目（可不选）：失分的 1 项 第7项 信访群众满意度 其他 7 项 第1项 单位名称 第2项 全年预算数',
    );
    expect(page).toMatch(/<details><summary>其他 7 项<\/summary>/);
    // The explanations follow the chat's numbering (第8项 预算执行率 is worked out from 第2、3项, and comes last).
    const shown = visible(page);
    const at = (n: number) => shown.indexOf(`【第${n}项`);
    expect([4, 5, 6, 7, 8].map(at).every((i, j, all) => i > 0 && (j === 0 || i > all[j - 1]))).toBe(true);
    expect(page).toContain('name="revision" value="1"');

    // A return without a comment is refused: the person must be told why.
    await s.post(`${ZHANG}/review`, { action: 'return', revision: '1', items: ['settle_rate'], comment: ' ' });
    expect(visible(await (await s.get(ZHANG)).text())).toContain(
      '退回修改需要写明意见（200 字以内），填报人会在微信里看到。',
    );

    const done = await s.post(`${ZHANG}/review`, {
      action: 'return',
      revision: '1',
      items: ['settle_rate', 'satisfaction'],
      comment: '办结率与台账不符，满意度请附调查方式',
    });
    expect(done.status).toBe(303);
    const told = outbox.to('张三').filter((m) => m.key?.startsWith('return:'));
    expect(told.map((m) => m.text)).toEqual([
      '【2026年度绩效自评】您提交的《示例信访局 · 项目支出绩效自评表 · 2025年度》第 1 版被退回修改。\n意见：办结率与台账不符，满意度请附调查方式\n请修改：第4项 信访事项办结率、第7项 信访群众满意度。\n回复「修改 序号」修改该项，改完回复「确认」重新提交（第 2 版）。',
    ]);
    const after = visible(await (await s.get(ZHANG)).text());
    expect(after).toContain('已退回 张三 的第1版，并通过机器人告诉了他要改的地方。');
    expect(after).toContain('状态：退回修改（第1版）');
    expect(after).toContain(
      '第1版 提交（99.5分） 11月30日（周一）09:05 退回修改：办结率与台账不符，满意度请附调查方式（要改：第4项 信访事项办结率、第7项 信访群众满意度）',
    );
    // The engine put the form back: not submitted any more, so 催办 and the reminders reach 张三 again.
    expect((await app.store.latestSession('张三', 'demo'))?.status).toBe('open');
    const table = visible(await (await s.get('/campaigns/1')).text());
    expect(table).toContain('共 2 人： 已提交 0 · 填写中 0 · 未开始 1 · 逾期 0 · 退回修改 1');
    expect(table).toContain('张三 退回修改（第1版） · 修改中 7/7');
    expect(visible(await (await s.get('/campaigns/1/rows')).text())).toMatch(
      /张三 退回修改（第1版） · 修改中 7\/7 .* 催办/,
    );
    // The same return twice is not sent twice.
    await s.post(`${ZHANG}/review`, { action: 'return', revision: '1', comment: '再说一次' });
    expect(outbox.to('张三').filter((m) => m.key?.startsWith('return:'))).toHaveLength(1);

    // In chat: 进度 says what was returned; the numbers in the message are the ones 修改 takes.
    const zhang = person('张三');
    expect(await zhang.say('进度')).toContain('办结率与台账不符，满意度请附调查方式');
    expect(await zhang.say('修改 4')).toContain('信访事项办结率');
    await zhang.say('98%');
    await zhang.say('修改 7');
    await zhang.say('96%');
    expect(visible(await (await s.get(ZHANG)).text())).toContain('状态：退回修改（第1版） · 修改中 7/7');
    await zhang.say('确认');
    const resubmitted = visible(await (await s.get(ZHANG)).text());
    expect(resubmitted).toContain('状态：已提交 第2版');
    expect(resubmitted).toContain('第2版 提交');
    expect(resubmitted).toContain('审核第2版：');
    expect(visible(await (await s.get('/campaigns/1')).text())).toContain(
      '共 2 人： 已提交 1 · 填写中 0 · 未开始 1 · 逾期 0',
    );

    // 审核通过: recorded, shown, and told.
    await s.post(`${ZHANG}/review`, { action: 'approve', revision: '2', comment: '' });
    expect(visible(await (await s.get('/campaigns/1/rows')).text())).toContain('张三 已审核 第2版');
    expect(outbox.to('张三').at(-1)?.text).toBe(
      '【2026年度绩效自评】您提交的《示例信访局 · 项目支出绩效自评表 · 2025年度》第 2 版已审核通过，无需再改。',
    );
    expect(visible(await (await s.get(ZHANG)).text())).toContain('审核通过');
  });

  it('acts only on the version on the screen: a page left open while the person resubmitted changes nothing', async () => {
    const { signIn, person, app } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await person('张三').sayAll([...FULL_FORM, '修改 7', '91%', '确认']);
    await s.post(`${ZHANG}/review`, { action: 'return', revision: '1', comment: '请核对' });
    expect(await app.consoleState.reviews.ofCampaign(1)).toEqual([]);
    expect(visible(await (await s.get(ZHANG)).text())).toContain('张三 现在没有待审核的版本（页面已过时）');
    // Someone who never submitted has nothing to review.
    await s.post(`/campaigns/1/people/${encodeURIComponent('李四')}/review`, { action: 'approve', revision: '1' });
    expect(await app.consoleState.reviews.ofCampaign(1)).toEqual([]);
  });

  it('keeps the message on one screen however many items and however long the comment', async () => {
    const { app } = setup();
    const flow = app.catalog.byId('demo')!;
    const text = returnMessage({
      campaign: '2026年度绩效自评'.repeat(3),
      form: '项目支出绩效自评表',
      flow,
      revision: 3,
      items: flow.indicators.map((i) => i.id),
      comment: '意'.repeat(200),
    });
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text).toContain('请修改：第4项');
  });
});
