// A coordinator imports a department's own form in the console: upload → the preview `tianbao import`
// prints, as a table → 发布 (the form is offered at once) or 取消 (nothing written).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRule } from '../src/core/rules/parse-rule.js';
import { LOOKED_FOR } from '../src/import/import-form.js';
import { consoleHarness, form, visible } from './console-fixture.js';
import { hecheng, rugao, zhengding } from './fixtures/import/seed-forms.js';
import { type FormSpec, sofficeFromHtml, writeDocx } from './fixtures/import/write-form.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';

const setup = consoleHarness();
const haveSoffice = spawnSync('soffice', ['--version'], { stdio: 'ignore', timeout: 60_000 }).status === 0;
const keep = closeAfterEach();

/** A 部门整体 form whose first 评分标准 gives no amount to deduct: that item goes to a person. */
const withManualRule: FormSpec = {
  paragraphs: ['部门整体支出绩效自评表', '2025年度'],
  tables: [
    {
      before: [],
      rows: [
        ['一级指标', '二级指标', '三级指标', '指标值', '分值', '评（扣）分标准'],
        ['产出指标', '数量指标', '信访办结率', '100%', '60', '未办结1件，扣相应分值'],
        ['满意度指标', '满意度指标', '群众满意度', '≥90%', '40', '每低于1%扣1分，扣完为止'],
      ],
    },
  ],
};

async function docx(spec: FormSpec, name: string): Promise<{ bytes: Buffer; name: string }> {
  const dir = keep(tempDir('tianbao-upload-src-'), cleanup);
  const path = join(dir, name);
  await writeDocx(spec, path);
  return { bytes: readFileSync(path), name };
}

function upload(csrf: string | undefined, file: { bytes: Buffer; name: string }): FormData {
  const fd = new FormData();
  if (csrf !== undefined) fd.append('_csrf', csrf);
  fd.append('file', new Blob([new Uint8Array(file.bytes)]), file.name);
  return fd;
}

/** The rows of the preview's indicator table, each as its cells' visible text. */
function previewRows(page: string): string[][] {
  const body = /<table class="import">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(page)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => visible(c[1] ?? '')),
  );
}

const flowFiles = (dir: string | undefined) => readdirSync(dir ?? '').sort();

describe('importing a form in the console', () => {
  it('refuses an upload without the CSRF token (403) or without signing in, and writes nothing', async () => {
    const { signIn, web, flowsDir } = setup({ ownFlows: true });
    const before = flowFiles(flowsDir);
    const s = await signIn();
    const file = await docx(hecheng, 'hecheng.docx');
    const res = await s.get('/forms/upload', { method: 'POST', body: upload(undefined, file) });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('请求已失效（缺少或错误的校验码），请刷新页面后重试');
    // Signed out: a file is refused by its size before anything (a stranger's body is a few KB at most), a small
    // POST as not signed in; a page sends the browser to the sign-in notice.
    expect((await web.request('/forms/upload', { method: 'POST', body: upload(s.csrf, file) })).status).toBe(413);
    expect((await web.request('/forms/upload', { method: 'POST', body: form({ _csrf: s.csrf }) })).status).toBe(401);
    const page = await web.request('/forms/import/anything');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/signin-needed');
    expect(flowFiles(flowsDir)).toEqual(before);
  });

  it('says the size limit on the page and refuses a larger body before reading it (413)', async () => {
    const { signIn, flowsDir } = setup({ ownFlows: true });
    const s = await signIn();
    const forms = visible(await (await s.get('/forms')).text());
    expect(forms).toContain('绩效目标表或自评表（Word 或 Excel：.docx、.xlsx、.doc、.xls，不超过 20 MB）');
    const big = { bytes: Buffer.alloc(21 * 1024 * 1024, 1), name: 'big.docx' };
    const res = await s.get('/forms/upload', { method: 'POST', body: upload(s.csrf, big) });
    expect(res.status).toBe(413);
    expect(visible(await res.text())).toContain('上传的文件超过 20 MB 上限，没有读取。');
    expect(flowFiles(flowsDir)).not.toContain('big.yaml');
    // Other forms are a few fields: 2 MB posted to one is refused as well, before it is parsed.
    const other = await s.get('/campaigns', {
      method: 'POST',
      body: upload(s.csrf, { ...big, bytes: Buffer.alloc(2 << 20) }),
    });
    expect(other.status).toBe(413);
    expect(await other.text()).toBe('提交的内容太大，没有读取');
  });

  it('tells what it looked for when a file has no indicator table, and writes nothing', async () => {
    const { signIn, flowsDir } = setup({ ownFlows: true });
    const before = flowFiles(flowsDir);
    const s = await signIn();
    const notice = await docx({ paragraphs: ['关于召开年度工作会议的通知'], tables: [] }, '会议通知.docx');
    const res = await s.get('/forms/upload', { method: 'POST', body: upload(s.csrf, notice) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/forms');
    const page = await (await s.get('/forms')).text();
    expect(page).toContain('<div class="flash bad" role="status">');
    expect(visible(page)).toContain(`《会议通知.docx》没能导入：${LOOKED_FOR}。`);

    const text = { bytes: Buffer.from('一级指标 二级指标'), name: '指标.txt' };
    await s.get('/forms/upload', { method: 'POST', body: upload(s.csrf, text) });
    expect(visible(await (await s.get('/forms')).text())).toContain(
      '《指标.txt》不是 Word/Excel 文件。请上传绩效目标表或自评表的 Word/Excel 文件（.docx、.xlsx、.doc、.xls），表里要有一级、二级、三级指标和指标值。',
    );
    // A file's name is shown as text, never as markup.
    await s.get('/forms/upload', {
      method: 'POST',
      body: upload(s.csrf, { ...text, name: '<img src=x onerror=alert(1)>.txt' }),
    });
    const named = await (await s.get('/forms')).text();
    expect(named).toContain('《&lt;img src=x onerror=alert(1)&gt;.txt》不是 Word/Excel 文件。');
    expect(named).not.toContain('<img');
    const broken = { bytes: Buffer.from('PK\u0003\u0004 not really a zip'), name: '坏文件.docx' };
    await s.get('/forms/upload', { method: 'POST', body: upload(s.csrf, broken) });
    expect(visible(await (await s.get('/forms')).text())).toContain(
      '《坏文件.docx》没能导入：文件已损坏或格式不对，无法读取。',
    );
    expect(flowFiles(flowsDir)).toEqual(before);
  });

  it('previews every row as the CLI reads it, then 发布 offers the form at once (forms page, new campaign)', async () => {
    const { signIn, flowsDir, app } = setup({ ownFlows: true });
    const before = flowFiles(flowsDir);
    const s = await signIn();
    const res = await s.get('/forms/upload', {
      method: 'POST',
      body: upload(s.csrf, await docx(hecheng, '鹤城自评.docx')),
    });
    expect(res.status).toBe(303);
    const at = res.headers.get('location') ?? '';
    expect(at).toMatch(/^\/forms\/import\/[\w-]{22}$/);
    const page = await (await s.get(at)).text();
    const rows = previewRows(page);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual([
      '1',
      '预算执行',
      '预算执行',
      '预算执行率',
      '10',
      '100%',
      '百分比',
      '由预算数自动计算 说明：原表“年度资金总额”一行的分值，执行率由预算数自动计算',
    ]);
    expect(rows[7]).toEqual([
      '8',
      '满意度指标',
      '服务对象满意度指标',
      '信访群众比较满意',
      '20',
      '90%',
      '百分比',
      '无评分标准，按财政部默认办法计分',
    ]);
    const text = visible(page);
    // Headed by the label it will be listed by everywhere; the document's own title under it.
    expect(text).toContain(
      '《区信访局 · 驻京维稳劝返专项经费 · 2020年度》 原表标题：2020年预算支出绩效自评表·驻京维稳劝返专项经费。8 项指标，分值合计 110，总分 100。发布后是一张新表单。',
    );
    expect(text).toContain('各指标分值合计 110 分，与表单总分 100 分不符');
    expect(text).toContain('需要核对：4 条原表不一致。');
    expect(text).toContain('表1第20行 合计行：总分 | 100 | 95');
    // Nothing is written before 发布, and the bot does not offer it yet.
    expect(flowFiles(flowsDir)).toEqual(before);
    expect(app.catalog.flows.map((f) => f.project)).not.toContain('驻京维稳劝返专项经费');

    const publish = /action="(\/forms\/import\/[\w-]+\/publish)"/.exec(page)?.[1] ?? '';
    const done = await s.post(publish, {});
    expect(done.headers.get('location')).toBe('/forms');
    expect(flowFiles(flowsDir).filter((f) => !before.includes(f))).toHaveLength(1);
    const forms = visible(await (await s.get('/forms')).text());
    expect(forms).toContain('已发布 1 张表：《区信访局 · 驻京维稳劝返专项经费 · 2020年度》。');
    expect(forms).toContain('区信访局 · 驻京维稳劝返专项经费 · 2020年度 8 100');
    const created = app.catalog.flows.find((f) => f.project === '驻京维稳劝返专项经费');
    expect(created).toBeDefined();
    const newCampaign = await (await s.get('/campaigns/new')).text();
    expect(newCampaign).toContain(`<option value="${created?.id}"`);

    // 发布 happens once: the same preview is gone, and publishing it again writes nothing more.
    expect((await s.get(at)).status).toBe(404);
    await s.post(publish, {});
    expect(visible(await (await s.get('/forms')).text())).toContain('这次导入已失效');
  });

  it('importing the same form again previews it as a replacement and publishes the next version', async () => {
    const { signIn, app } = setup({ ownFlows: true });
    const s = await signIn();
    const file = await docx(hecheng, 'hecheng.docx');
    const first = (await s.get('/forms/upload', { method: 'POST', body: upload(s.csrf, file) })).headers.get(
      'location',
    );
    await s.post(`${first}/publish`, {});
    const again = (await s.get('/forms/upload', { method: 'POST', body: upload(s.csrf, file) })).headers.get(
      'location',
    );
    expect(visible(await (await s.get(again ?? '')).text())).toContain(
      '8 项指标，分值合计 110，总分 100。发布后替换现有的同一张表（第 1 版）；已经开始填写的人继续用原来的版本。',
    );
    await s.post(`${again}/publish`, {});
    expect(visible(await (await s.get('/forms')).text())).toContain(
      '已发布 1 张表：《区信访局 · 驻京维稳劝返专项经费 · 2020年度 · 第2版》（替换第 1 版）。',
    );
    const offered = app.catalog.flows.filter((f) => f.project === '驻京维稳劝返专项经费');
    expect(offered.map((f) => f.version)).toEqual([2]);
  });

  it('marks an item whose rule cannot be read as 待人工评分, with the reader’s reason', async () => {
    const { signIn } = setup({ ownFlows: true });
    const s = await signIn();
    const res = await s.get('/forms/upload', {
      method: 'POST',
      body: upload(s.csrf, await docx(withManualRule, 'manual.docx')),
    });
    const page = await (await s.get(res.headers.get('location') ?? '')).text();
    const read = parseRule('未办结1件，扣相应分值').rule;
    const reason = read.kind === 'manual' ? read.reason : 'not manual';
    expect(previewRows(page)).toEqual([
      ['1', '产出指标', '数量指标', '信访办结率', '60', '100%', '百分比', `待人工评分：${reason}`],
      ['2', '满意度指标', '满意度指标', '群众满意度', '40', '≥90%', '百分比', '按评分标准逐级扣分'],
    ]);
    expect(visible(page)).toContain('需要核对：1 项待人工评分。');
  });

  it('取消 writes nothing, and another session never sees someone’s preview', async () => {
    const { signIn, flowsDir, app } = setup({ ownFlows: true });
    const before = flowFiles(flowsDir);
    const s = await signIn();
    const other = await signIn();
    const res = await s.get('/forms/upload', {
      method: 'POST',
      body: upload(s.csrf, await docx(hecheng, 'hecheng.docx')),
    });
    const at = res.headers.get('location') ?? '';
    expect((await other.get(at)).status).toBe(404);
    expect((await other.post(`${at}/publish`, {})).headers.get('location')).toBe('/forms');
    expect(flowFiles(flowsDir)).toEqual(before);

    await s.post(`${at}/cancel`, {});
    expect(visible(await (await s.get('/forms')).text())).toContain('已取消导入《hecheng.docx》，什么都没有写入。');
    expect((await s.get(at)).status).toBe(404);
    expect(flowFiles(flowsDir)).toEqual(before);
    expect(app.catalog.flows.map((f) => f.project)).not.toContain('驻京维稳劝返专项经费');
  });

  it('a document of five tables is previewed as five forms with five different labels, and 发布 writes all five in one change', async () => {
    const { signIn, flowsDir, app } = setup({ ownFlows: true });
    const before = flowFiles(flowsDir);
    const offered = app.catalog.flows.length;
    const s = await signIn();
    const res = await s.get('/forms/upload', {
      method: 'POST',
      body: upload(s.csrf, await docx(zhengding, '正定县信访局.docx')),
    });
    const at = res.headers.get('location') ?? '';
    const headings = [...(await (await s.get(at)).text()).matchAll(/<h2>《([^》]+)》<\/h2>/g)].map((m) => m[1]);
    expect(headings).toHaveLength(5);
    expect(new Set(headings).size).toBe(5);
    // Published all together (publishFlows: a journal, then the renames), or none on failure (the test below).
    expect((await s.post(`${at}/publish`, {})).headers.get('location')).toBe('/forms');
    const written = flowFiles(flowsDir).filter((f) => !before.includes(f));
    expect(written).toHaveLength(5);
    expect(written.every((f) => f.endsWith('.yaml'))).toBe(true);
    const forms = visible(await (await s.get('/forms')).text());
    expect(forms).toContain(`已发布 5 张表：${headings.map((h) => `《${h}》`).join('、')}。`);
    // The new-task form offers each under the same label, none chosen for the coordinator.
    const newTask = await (await s.get('/campaigns/new')).text();
    const options = [...newTask.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];
    for (const h of headings) expect(options.map((o) => o[3])).toContain(h);
    expect(options.filter((o) => o[2])).toEqual([]);
    expect(app.catalog.flows.length).toBe(offered + 5);
  });

  it('a 发布 that cannot write keeps the preview: nothing is written, and 发布 works once the directory is back', async () => {
    const { signIn, flowsDir, app } = setup({ ownFlows: true });
    const s = await signIn();
    const res = await s.get('/forms/upload', {
      method: 'POST',
      body: upload(s.csrf, await docx(hecheng, 'hecheng.docx')),
    });
    const at = res.headers.get('location') ?? '';
    // The flows directory is gone and a file stands in its place (an unmounted disk, a wrong setting).
    const moved = `${flowsDir}-moved`;
    renameSync(flowsDir!, moved);
    writeFileSync(flowsDir!, 'not a directory');
    const failed = await s.post(`${at}/publish`, {});
    expect(failed.headers.get('location')).toBe(at);
    expect(visible(await (await s.get(at)).text())).toContain('发布失败：表单目录写不进去');
    rmSync(flowsDir!);
    renameSync(moved, flowsDir!);
    const before = flowFiles(flowsDir);
    expect((await s.post(`${at}/publish`, {})).headers.get('location')).toBe('/forms');
    expect(flowFiles(flowsDir).filter((f) => !before.includes(f))).toHaveLength(1);
    expect(app.catalog.flows.map((f) => f.project)).toContain('驻京维稳劝返专项经费');
  });

  // CI installs LibreOffice (test/import-soffice fails there without it), so this runs in CI.
  it.skipIf(!haveSoffice)(
    'an old Word .doc is converted through LibreOffice and previewed like a .docx',
    async () => {
      const { signIn } = setup({ ownFlows: true });
      const s = await signIn();
      const dir = keep(tempDir('tianbao-upload-src-'), cleanup);
      const path = join(dir, 'rugao.doc');
      sofficeFromHtml(rugao, path, 'doc');
      const file = { bytes: readFileSync(path), name: '如皋信访资金.doc' };
      const res = await s.get('/forms/upload', { method: 'POST', body: upload(s.csrf, file) });
      expect(res.headers.get('location')).toMatch(/^\/forms\/import\//);
      const page = await (await s.get(res.headers.get('location') ?? '')).text();
      expect(visible(page)).toContain('导入预览：如皋信访资金.doc');
      const rows = previewRows(page);
      expect(rows).toHaveLength(15);
      expect(rows[0]).toEqual([
        '1',
        '决策指标',
        '项目立项',
        '立项程序规范性',
        // The * of an assumed 分值 is its own (red) mark beside the number.
        '1.7 *',
        '规范',
        '达成情况',
        '无评分标准，按财政部默认办法计分',
      ]);
    },
    120_000,
  );
});
