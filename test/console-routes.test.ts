import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { consoleApp } from '../src/console/server.js';
import { explainItem } from '../src/core/explain/explain.js';
import { consoleHarness, FULL_FORM, form, visible } from './console-fixture.js';

const setup = consoleHarness();

const CREATE = {
  flow: 'demo',
  title: '2026年度绩效自评',
  deadline: '2026-12-04 17:00',
  assign: '张三,李四',
  remind: '-3d,-1d,-2h',
  quiet: '21:30-08:30',
  tz: 'Asia/Shanghai',
};

describe('console sign-in and access control', () => {
  it('lets nobody in without signing in', async () => {
    const { web } = setup();
    for (const path of [
      '/',
      '/campaigns',
      '/campaigns/1',
      '/forms',
      '/campaigns/1/summary.xlsx',
      '/static/htmx.min.js',
    ]) {
      const res = await web.request(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe('/signin-needed');
    }
    const page = await web.request('/signin-needed');
    expect(page.status).toBe(401);
    expect(visible(await page.text())).toContain('管理员也可以在微信里给机器人发「后台」获取');
    expect((await web.request('/campaigns', { method: 'POST', body: form(CREATE) })).status).toBe(401);
    expect((await web.request('/campaigns/1/rows', { headers: { 'hx-request': 'true' } })).status).toBe(401);
  });

  it('signs in once per link, with an HttpOnly cookie; a used or expired link is refused', async () => {
    const { web, auth, clock } = setup();
    const token = await auth.issueLink();
    // Opening the link (or a chat app previewing it) only shows the button; it does not use the link up.
    const shown = await web.request(`/signin/${token}`);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain('<button type="submit">登录</button>');
    const res = await web.request('/signin', { method: 'POST', body: form({ token }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/campaigns');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^tianbao_console=[\w-]{32};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // Plain http on this machine: a Secure cookie would never be sent back.
    expect(cookie).not.toContain('Secure');
    const inside = await web.request('/campaigns', { headers: { cookie: cookie.split(';')[0] } });
    expect(inside.status).toBe(200);

    const again = await web.request('/signin', { method: 'POST', body: form({ token }) });
    expect(again.status).toBe(403);
    expect(again.headers.get('set-cookie')).toBeNull();
    expect(visible(await again.text())).toContain('登录链接已失效');

    const late = await auth.issueLink();
    clock.now = new Date(clock.now.getTime() + 11 * 60_000);
    expect((await web.request(`/signin/${late}`)).status).toBe(403);
    expect((await web.request('/signin', { method: 'POST', body: form({ token: late }) })).status).toBe(403);
    expect((await web.request('/signin', { method: 'POST', body: form({ token: 'made-up' }) })).status).toBe(403);
  });

  it('refuses a form post without the CSRF token (403) and changes nothing', async () => {
    const { signIn, app } = setup();
    const s = await signIn();
    const missing = await s.get('/campaigns', { method: 'POST', body: form(CREATE) });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toBe('请求已失效（缺少或错误的校验码），请刷新页面后重试');
    const wrong = await s.get('/campaigns', { method: 'POST', body: form({ ...CREATE, _csrf: 'x'.repeat(32) }) });
    expect(wrong.status).toBe(403);
    expect(await app.campaigns.list()).toEqual([]);
    // htmx sends the token as a header.
    const viaHeader = await s.get('/campaigns', {
      method: 'POST',
      body: form(CREATE),
      headers: { 'x-csrf-token': s.csrf },
    });
    expect(viaHeader.status).toBe(303);
    expect((await app.campaigns.list()).map((c) => c.title)).toEqual(['2026年度绩效自评']);
  });

  it('behind an HTTPS proxy, the cookie is Secure', async () => {
    const { app, outbox, reportsDir } = setup();
    const { app: web, auth } = consoleApp({ app, outbox, reportsDir, secureCookie: true });
    const res = await web.request('/signin', { method: 'POST', body: form({ token: await auth.issueLink() }) });
    expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('ends a session after 12 hours', async () => {
    const { signIn, clock } = setup();
    const s = await signIn();
    clock.now = new Date(clock.now.getTime() + 12 * 3600_000 - 1000);
    expect((await s.get('/campaigns')).status).toBe(200);
    clock.now = new Date(clock.now.getTime() + 2000);
    expect((await s.get('/campaigns')).status).toBe(303);
  });

  it('signs out: the cookie stops working', async () => {
    const { signIn } = setup();
    const s = await signIn();
    expect((await s.post('/signout', {})).status).toBe(200);
    expect((await s.get('/campaigns')).status).toBe(303);
  });
});

describe('console campaigns', () => {
  it('creates a campaign with the CLI checks and messages, keeping what was typed', async () => {
    const { signIn, app } = setup();
    const s = await signIn();
    const past = await s.post('/campaigns', { ...CREATE, deadline: '2026-11-29 17:00' });
    expect(past.status).toBe(400);
    const text = visible(await past.text());
    expect(text).toContain(
      '未创建任务：截止时间 11月29日（周日）17:00 已经过去（现在是 11月30日（周一）09:05）。例如：2026-12-07 17:00',
    );
    expect(visible(await s.post('/campaigns', { ...CREATE, remind: '-3d,2h' }).then((r) => r.text()))).toContain(
      '未创建任务：提醒时间"2h"写法不对：应为截止前多久，d=天、h=小时、m=分钟，前面加减号。例如：-3d,-1d,-2h',
    );
    expect(await app.campaigns.list()).toEqual([]);

    const ok = await s.post('/campaigns', { ...CREATE, assign: '李四', people: ['王五', '赵六'] });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/campaigns/1');
    expect((await app.campaigns.assignees(1)).map((a) => a.user)).toEqual(['王五', '赵六', '李四']);
    const page = visible(await (await s.get('/campaigns/1')).text());
    expect(page).toContain(
      '已创建任务 #1「2026年度绩效自评」，已给每位填报人发出通知（下表「消息」一栏可看是否送达）。',
    );
    expect(page).toContain('截止：12月4日（周五）17:00（进行中）');
    expect(page).toContain('免打扰：21:30-08:30；提醒：截止前3天、截止前1天、截止前2小时');
    expect(page).toContain(
      '提醒安排 截止前3天：12月1日（周二）17:00 待发送 截止前1天：12月3日（周四）17:00 待发送 截止前2小时：12月4日（周五）15:00 待发送 到截止时：12月4日（周五）17:00 待发送',
    );
    // The message is shown once.
    expect(visible(await (await s.get('/campaigns/1')).text())).not.toContain('已创建任务');
  });

  it('adds, removes and closes with the CLI messages', async () => {
    const { signIn, app, outbox } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    const msg = async (path: string, fields: Record<string, string>) => {
      await s.post(path, fields);
      return /<div class="flash[^"]*" role="status">([^<]*)<\/div>/.exec(
        await (await s.get('/campaigns/1')).text(),
      )?.[1];
    };
    // 王五 has never written to the bot: added, with a warning.
    expect(await msg('/campaigns/1/assign', { names: '王五' })).toBe(
      '已加入任务 #1：王五。机器人在线时会给他们发送通知。注意：机器人不认识 王五（不是已知的微信备注名），发给他们的通知会失败。请核对名字。',
    );
    // A name not in the campaign is refused before any question.
    await s.get(`/campaigns/1/unassign?names=${encodeURIComponent('赵六')}`);
    expect(
      /<div class="flash[^"]*" role="status">([^<]*)<\/div>/.exec(await (await s.get('/campaigns/1')).text())?.[1],
    ).toBe('任务 #1 中没有填报人：赵六，未做任何修改。现有填报人：张三、李四、王五。');
    // 移出 asks first: the page names the person and where they stand; nothing changes until 「确定移出」.
    const ask = visible(await (await s.get(`/campaigns/1/unassign?names=${encodeURIComponent('李四')}`)).text());
    expect(ask).toContain('从「2026年度绩效自评」移出？ 李四：未开始');
    expect((await s.post('/campaigns/1/unassign', { names: '李四' })).headers.get('location')).toBe(
      `/campaigns/1/unassign?names=${encodeURIComponent('李四')}`,
    );
    expect((await app.campaigns.assignees(1)).map((a) => a.user)).toEqual(['张三', '李四', '王五']);
    await s.post('/campaigns/1/unassign', { names: '李四', confirm: 'yes' });
    const removed = await (await s.get('/campaigns/1')).text();
    expect(visible(/<div class="flash[^"]*" role="status">[\s\S]*?<\/div>/.exec(removed)?.[0] ?? '')).toBe(
      '已从任务 #1 移出：李四。不再提醒他们。 撤销移出',
    );
    expect((await app.campaigns.assignees(1)).map((a) => a.user)).toEqual(['张三', '王五']);
    // The message carries its undo: one click puts 李四 back, without telling him about the task again.
    const undo = /<form class="inline" method="post" action="([^"]+)">([\s\S]*?)<\/form>/.exec(removed);
    expect(undo?.[1]).toBe('/campaigns/1/assign');
    const fields = Object.fromEntries(
      [...(undo?.[2] ?? '').matchAll(/name="(\w+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const sent = outbox.sent.length;
    expect(await msg(undo![1], { names: fields.names, undo: fields.undo })).toBe(
      '已撤销移出：李四 回到任务中，进度和已提交的自评表照常显示。',
    );
    expect((await app.campaigns.assignees(1)).map((a) => a.user)).toEqual(['张三', '李四', '王五']);
    expect(outbox.sent.length).toBe(sent);
    await s.post('/campaigns/1/unassign', { names: '李四', confirm: 'yes' });
    expect((await app.campaigns.assignees(1)).map((a) => a.user)).toEqual(['张三', '王五']);
    // 关闭任务 too: a plain post shows the question, only the confirmed one closes.
    expect((await s.post('/campaigns/1/close', {})).headers.get('location')).toBe('/campaigns/1/close');
    expect(visible(await (await s.get('/campaigns/1/close')).text())).toContain(
      '关闭任务「2026年度绩效自评」？ 关闭后不再提醒，也不能催办；填报人看到的表单恢复为全部表单。已提交的自评表和汇总都保留。 还有 2 人没有提交。',
    );
    expect((await app.campaigns.get(1))?.status).toBe('open');
    await s.post('/campaigns/1/close', { confirm: 'yes' });
    const closed = await (await s.get('/campaigns/1')).text();
    expect(visible(/<div class="flash[^"]*" role="status">[\s\S]*?<\/div>/.exec(closed)?.[0] ?? '')).toBe(
      '已关闭任务 #1「2026年度绩效自评」：不再提醒，填报人看到的表单恢复为全部表单。 撤销（重新打开）',
    );
    expect(closed).toContain('<form class="inline" method="post" action="/campaigns/1/reopen">');
    expect((await app.campaigns.jobs(1)).map((j) => j.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    expect(await msg('/campaigns/1/assign', { names: '赵六' })).toBe('任务 #1 已关闭，不能再加人，可以新建一个任务。');
    // And it can be opened again: the reminders still ahead come back.
    expect(visible(await (await s.get('/campaigns/1')).text())).toContain('任务已关闭');
    expect(await msg('/campaigns/1/reopen', {})).toBe('已重新打开任务 #1「2026年度绩效自评」：截止前的提醒照常发送。');
    expect((await app.campaigns.get(1))?.status).toBe('open');
    expect((await app.campaigns.jobs(1)).map((j) => j.status)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });

  it('shows progress as people fill the form, and 催办 reaches only those not done', async () => {
    const { signIn, person, outbox, clock } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    let current = s;
    const row = async (user: string) => {
      const html = await (await current.get('/campaigns/1/rows', { headers: { 'hx-request': 'true' } })).text();
      const tr = new RegExp(`<tr [^>]*data-user="${user}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
      return visible(tr);
    };
    // Nobody has been told yet (no scheduler ran): the assignment notice is about to be sent.
    expect(await row('张三')).toBe('张三 未开始 等待发送 — — — 催办');
    await person('张三').sayAll(['开始', '好', '100']);
    expect(await row('张三')).toBe('张三 填写中 2/7 等待发送 11月30日（周一）09:05 — — 催办');
    await person('张三').sayAll(FULL_FORM.slice(3));
    expect(await row('张三')).toBe('张三 已提交 第1版 等待发送 11月30日（周一）09:05 99.5 优');

    const urged = await s.post('/campaigns/1/urge', {});
    expect(urged.status).toBe(303);
    // Creating the campaign told both at once; the 催办 goes to 李四 only.
    expect(outbox.sent.map((m) => `${m.to}:${m.key?.split(':')[0]}`)).toEqual([
      '张三:assign',
      '李四:assign',
      '李四:urge',
    ]);
    expect(outbox.sent[2].at).toBeUndefined();
    // At night the 催办 waits for the quiet hours to end, as scheduled nudges do.
    clock.set('2026-11-30T15:00:00Z');
    // (A session lasts 12 hours: sign in again.)
    const night = await signIn();
    current = night;
    await night.post('/campaigns/1/urge', { user: '李四' });
    expect(outbox.sent[3].to).toBe('李四');
    expect(outbox.sent[3].at?.toISOString()).toBe('2026-12-01T00:30:00.000Z');
    const page = visible(await (await night.get('/campaigns/1')).text());
    expect(page).toContain('已催办 1 人：李四。现在是免打扰时段，消息将在 12月1日（周二）08:30 发出。');
    // After the deadline an unfinished person is 逾期.
    clock.set('2026-12-04T10:00:00Z');
    current = await signIn();
    expect(await row('李四')).toBe('李四 逾期 · 未开始 等待发送 催办 11月30日（周一）23:00 — — — 催办');
  });
});

describe('console reports', () => {
  it('opens a submitted version with the chat explanations, downloads its .docx, the zip and the 汇总', async () => {
    const { signIn, person, app } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await person('张三').sayAll(FULL_FORM);

    const page = await (await s.get(`/campaigns/1/people/${encodeURIComponent('张三')}`)).text();
    const flow = app.catalog.byId('demo')!;
    const { scoreFlow } = await import('../src/core/scoring/score-flow.js');
    const satisfaction = scoreFlow(flow, {
      org_name: '示例信访局',
      budget_total: '100',
      budget_spent: '100',
      settle_rate: '95%',
      incidents: '0起',
      stability: '稳定',
      satisfaction: '95%',
    }).items.find((i) => i.id === 'satisfaction')!;
    // Question 7 in the chat: 3 header fields, then the 4 indicators asked (预算执行率 is computed).
    const expected = explainItem(satisfaction, 7);
    expect(expected).toContain('9.5');
    expect(page).toContain(
      `<div class="explain">${expected.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</div>`,
    );
    expect(visible(page)).toContain('第1版，总分 99.5/100，优。');

    const link = /href="(\/campaigns\/1\/people\/[^"]+\.docx)"/.exec(page)?.[1];
    expect(link).toBe(`/campaigns/1/people/${encodeURIComponent('张三')}/1/1.docx`);
    const docx = await s.get(link!);
    expect(docx.status).toBe(200);
    expect(docx.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('2026年度绩效自评-张三-第1版.docx')}`,
    );
    const doc = await JSZip.loadAsync(await docx.arrayBuffer());
    expect(await doc.file('word/document.xml')!.async('string')).toContain('信访事项办结率');

    const zip = await JSZip.loadAsync(await (await s.get('/campaigns/1/reports.zip')).arrayBuffer());
    expect(Object.keys(zip.files)).toEqual(['2026年度绩效自评-张三-第1版.docx']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await s.get('/campaigns/1/summary.xlsx')).arrayBuffer());
    const ws = wb.getWorksheet('汇总')!;
    // The header, in the chat's numbering; 预算执行率 is computed, so it is 第8项.
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '填报人',
      '状态',
      '提交时间',
      '版本',
      '预算数（万元）',
      '执行数（万元）',
      '执行率',
      '4. 信访事项办结率（40分）',
      '5. 重大群体性事件（20分）',
      '6. 社会稳定水平（20分）',
      '7. 信访群众满意度（10分）',
      '8. 预算执行率（10分）',
      '总分',
      '等级',
      '审核',
      '备注',
    ]);
    // 提交时间 is a date cell holding Shanghai wall-clock time (09:05 local), the rate a fraction shown as percent.
    expect(ws.getRow(3).values).toEqual([
      undefined,
      '张三',
      '已提交 第1版',
      new Date('2026-11-30T09:05:00Z'),
      '第1版',
      100,
      100,
      1,
      40,
      20,
      20,
      9.5,
      10,
      99.5,
      '优',
    ]);
    expect(ws.getCell('C3').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(ws.getCell('G3').numFmt).toBe('0.00%');
    expect(ws.getRow(4).values).toEqual([undefined, '李四', '未开始']);
    const detail = wb.getWorksheet('明细')!;
    expect(detail.getRow(2).values).toEqual([
      undefined,
      '填报人',
      '序号',
      '一级指标',
      '二级指标',
      '三级指标',
      '分值',
      '年度指标值',
      '实际值',
      '得分',
      '偏差原因',
    ]);
    expect(detail.getRow(6).values).toEqual([
      undefined,
      '张三',
      7,
      '满意度指标',
      '服务对象满意度指标',
      '信访群众满意度',
      10,
      '≥90%',
      '95%',
      9.5,
    ]);
  });

  it('while a submitted form is being changed, shows the submitted version’s score and says where its items are', async () => {
    const { signIn, person } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await person('张三').sayAll([...FULL_FORM, '修改 7', '91%']);
    const rows = visible(await (await s.get('/campaigns/1/rows')).text());
    expect(rows).toContain('张三 修改中 7/7（已提交第1版） 等待发送 11月30日（周一）09:05 99.5 优 催办');
    const page = visible(await (await s.get(`/campaigns/1/people/${encodeURIComponent('张三')}`)).text());
    expect(page).toContain('第1版提交后正在修改，修改中的答案不算提交。第1版的逐项得分请看该版自评表。');
    expect(page).toContain('第1版（99.5分）： 下载自评表');
    expect(page).not.toContain('9.1');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await s.get('/campaigns/1/summary.xlsx')).arrayBuffer());
    expect(wb.getWorksheet('汇总')!.getRow(3).values).toEqual([
      undefined,
      '张三',
      '修改中 7/7（已提交第1版）',
      undefined,
      '第1版',
      ...Array(8),
      99.5,
      '优',
      undefined,
      '提交第1版后正在修改，逐项得分见第1版自评表',
    ]);
    // Nothing of the version being changed is in the 明细: only submitted answers are.
    expect(wb.getWorksheet('明细')!.getRow(3).values).toEqual([undefined, '还没有人提交。']);
  });

  it('refuses path traversal and never shows one campaign’s people under another’s id', async () => {
    const { signIn, person, reportsDir } = setup();
    const s = await signIn();
    await s.post('/campaigns', CREATE);
    await s.post('/campaigns', { ...CREATE, title: '另一个任务', assign: '王五' });
    await person('张三').sayAll(FULL_FORM);
    const zhang = encodeURIComponent('张三');
    expect((await s.get(`/campaigns/1/people/${zhang}/1/1.docx`)).status).toBe(200);
    for (const path of [
      `/campaigns/2/people/${zhang}`,
      `/campaigns/2/people/${zhang}/1/1.docx`,
      '/campaigns/1/people/..%2F..%2F..%2Fetc%2Fpasswd',
      `/campaigns/1/people/${zhang}/1/..%2F..%2Ftianbao.db`,
      `/campaigns/1/people/${encodeURIComponent(`../${reportsDir}`)}/1/1.docx`,
      '/campaigns/1/people/%E5%BC%A0%E4%B8%89/1/1.docx%00',
      '/campaigns/9/summary.xlsx',
      '/campaigns/1%20OR%201=1',
    ]) {
      const res = await s.get(path);
      expect(res.status, path).toBe(404);
      expect(visible(await res.text()), path).toContain('找不到这个页面');
    }
    const other = await (await s.get('/campaigns/2/rows')).text();
    expect(visible(other)).not.toContain('张三');
    const zip = await JSZip.loadAsync(await (await s.get('/campaigns/2/reports.zip')).arrayBuffer());
    expect(Object.keys(zip.files)).toEqual(['说明.txt']);
  });

  it('escapes what people typed: a name is text, never markup', async () => {
    const { signIn } = setup();
    const s = await signIn();
    await s.post('/campaigns', { ...CREATE, assign: '<img src=x onerror=alert(1)>', title: '<b>标题</b>' });
    const page = await (await s.get('/campaigns/1')).text();
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;img');
    expect(page).not.toContain('<b>标题</b>');
  });
});

describe('console forms page', () => {
  it('two forms that would read the same are told apart everywhere they are picked, and none is chosen for you', async () => {
    const { signIn, flowsDir, app } = setup({ ownFlows: true });
    // The same form saved under a second file (a copy someone made by hand): same unit, title and year.
    const text = readFileSync(join(flowsDir!, 'demo.yaml'), 'utf8');
    writeFileSync(join(flowsDir!, 'demo-copy.yaml'), text.replace(/^id: demo$/m, 'id: demo-copy'));
    app.catalog.reload();
    const s = await signIn();
    const page = await (await s.get('/campaigns/new')).text();
    const options = [...page.matchAll(/<option value="([^"]*)"([^>]*)>([^<]*)<\/option>/g)];
    expect(options.map((o) => [o[1], o[3]])).toEqual([
      ['', '请选择表单'],
      ['demo-copy', '示例信访局 · 项目支出绩效自评表 · 2025年度（demo-copy）'],
      ['demo', '示例信访局 · 项目支出绩效自评表 · 2025年度（demo）'],
    ]);
    expect(options.filter((o) => o[2].includes('selected')).map((o) => o[1])).toEqual(['']);
    expect(visible(await (await s.get('/forms')).text())).toContain(
      '示例信访局 · 项目支出绩效自评表 · 2025年度（demo-copy） 5 100 demo-copy',
    );
  });

  it('a round of hundreds is pasted as a list: past 30 the known people are folded, and kept open once some are ticked', async () => {
    const { signIn } = setup();
    const s = await signIn();
    const few = visible(await (await s.get('/campaigns/new')).text());
    expect(few).not.toContain('中勾选');
    const names = Array.from({ length: 31 }, (_, i) => `填报人${i + 1}`);
    await s.post('/campaigns', { ...CREATE, assign: names.join(',') });
    const many = await (await s.get('/campaigns/new')).text();
    expect(many).toMatch(/<details><summary>从已知的 31 人中勾选<\/summary><div class="people">/);
    // A form sent back with an error keeps the ticks in view.
    const back = await s.post('/campaigns', { ...CREATE, title: '', people: ['填报人1', '填报人2'], assign: '' });
    expect(await back.text()).toMatch(/<details open><summary>从已知的 31 人中勾选（已选 2 人）<\/summary>/);
  });

  it('lists each form with its year, unit, item count and total', async () => {
    const { signIn } = setup();
    const s = await signIn();
    const text = visible(await (await s.get('/forms')).text());
    expect(text).toContain('示例信访局 · 项目支出绩效自评表 · 2025年度 5 100 demo');
    // Without a flows directory (a console started without one) the page says how to import instead.
    expect(text).toContain('导入新表单 本后台没有配置表单目录，不能网页上传；请用命令行 tianbao import 导入。');
  });
});
