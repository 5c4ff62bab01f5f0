// The coordinator's story in a real browser (Debian's chromium through playwright-core): sign in with the
// link, create a campaign, watch a row change while a chat session submits, download the .docx and the
// .xlsx, and screenshot the progress page (desktop and phone width) for the README.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole } from '../src/console/server.js';
import { FakeOutbox, openApp, Person, TestClock } from './campaign-fixture.js';
import { FULL_FORM, MONDAY, RecordingOutbox } from './console-fixture.js';
import { hecheng } from './fixtures/import/seed-forms.js';
import { writeDocx } from './fixtures/import/write-form.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveBrowser = existsSync(CHROMIUM);
// In CI a missing browser is a failure, not a skip.
const suite = haveBrowser || process.env.CI ? describe : describe.skip;
/** TIANBAO_SCREENSHOTS=1 refreshes docs/console-*.png; otherwise the screenshots go to a temp dir. */
const DOCS = resolve(import.meta.dirname, '../docs');

suite('the console in a real browser', () => {
  let context: BrowserContext;
  let profile: string;
  const keep = closeAfterEach();

  beforeAll(async () => {
    // A fresh profile each run: nothing from an earlier run (cookies, cache) takes part.
    profile = mkdtempSync(join(tmpdir(), 'tianbao-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      acceptDownloads: true,
      locale: 'zh-CN',
      viewport: { width: 1100, height: 900 },
    });
  });
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('signs in, creates a campaign, sees submissions arrive live with focus kept, returns one, downloads the .docx and the 汇总', async () => {
    const dir = keep(tempDir('tianbao-console-browser-'), cleanup);
    const shots = keep(tempDir('tianbao-shots-'), cleanup);
    const clock = new TestClock(new Date(MONDAY));
    const app = keep(openApp(dir, clock), (a) => a.close());
    const outbox = new RecordingOutbox(app, clock);
    let server = await startConsole({ app, outbox, reportsDir: join(dir, 'reports'), clock: clock.fn }, { port: 0 });
    keep(server, (s) => s.close());
    const page = await context.newPage();
    // Every refresh the page makes, with its bytes as they crossed the wire.
    const refreshes: Array<{ status: number; bytes: number; requestBytes: number }> = [];
    page.on('requestfinished', async (req) => {
      if (!req.url().includes('/live?')) return;
      const res = await req.response();
      const sizes = await req.sizes();
      refreshes.push({
        status: res?.status() ?? 0,
        bytes: sizes.responseHeadersSize + sizes.responseBodySize,
        requestBytes: sizes.requestHeadersSize + sizes.requestBodySize,
      });
    });

    await page.goto(await server.signInLink());
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${server.url}/campaigns`);
    expect(await page.locator('main').textContent()).toContain('还没有任务');

    await page.getByRole('link', { name: '新建任务' }).click();
    // No form is chosen for the coordinator: each is named 单位 · 项目或表名 · 年度 · 第N版.
    expect(await page.locator('#flow').inputValue()).toBe('');
    expect(await page.locator('#flow option').allTextContents()).toContain(
      '示例信访局 · 项目支出绩效自评表 · 2025年度',
    );
    await page.getByLabel('任务标题').fill('2026年度绩效自评');
    await page.getByLabel('截止时间').fill('2026-12-04 17:00');
    // A name the bot has never talked to is flagged while typing.
    await page.getByLabel('填报人名单').fill('张三,李四,王五,赵六,钱七');
    await page.locator('#assign-check .warn').waitFor();
    expect(await page.locator('#assign-check').textContent()).toContain('机器人不认识 张三、李四、王五、赵六、钱七');
    await page.locator('#flow').selectOption({ label: '示例信访局 · 项目支出绩效自评表 · 2025年度' });
    await page.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL(`${server.url}/campaigns/1`);
    expect(await page.locator('.flash').textContent()).toContain(
      '已创建任务 #1「2026年度绩效自评」，已给每位填报人发出通知',
    );
    const cell = (user: string, n: number) => page.locator(`tr[data-user="${user}"] td:nth-child(${n})`);
    expect(await cell('张三', 2).textContent()).toBe('未开始');
    expect(await cell('张三', 3).textContent()).toBe('等待发送');
    // The channel delivers to all but one name it cannot find.
    outbox.sender = async (m) => {
      if (m.to === '钱七') throw new Error('找不到联系人「钱七」');
    };
    await outbox.drain({ retries: true });
    await expectText(() => cell('钱七', 3).textContent(), '找不到此人');
    expect(await cell('张三', 3).textContent()).toBe('已送达');
    expect(await page.locator('#failed').textContent()).toContain('钱七：任务通知，找不到此人');

    // Keyboard focus on 李四's 催办 button stays there while other rows, and then his own, change.
    await page.locator('tr[data-user="李四"] button').focus();
    const focused = () =>
      page.evaluate<string | null>("document.activeElement?.closest('tr')?.getAttribute('data-user') ?? null");
    const person = (name: string) => new Person(app, name, clock);
    await person('张三').sayAll(FULL_FORM);
    await person('王五').sayAll([
      '开始',
      '好',
      '100',
      '100',
      '90%',
      '部分事项办理周期长，下年度加强督办',
      '0起',
      '稳定',
      '92%',
      '确认',
    ]);
    await expectText(() => cell('张三', 2).textContent(), '已提交 第1版');
    expect(await focused()).toBe('李四');
    await person('李四').sayAll(['开始', '好', '100']);
    await expectText(() => cell('李四', 2).textContent(), '填写中 2/7');
    expect(await focused()).toBe('李四');
    // Each row is waited for: a refresh may come between two people's turns (reports render off the chat's thread).
    await expectText(() => cell('王五', 2).textContent(), '已提交 第1版');
    await expectText(() => cell('王五', 5).textContent(), '89.2');
    expect(await cell('王五', 6).textContent()).toBe('良');
    expect(await page.locator('#counts').textContent()).toBe(
      '共 5 人：已提交 2 · 填写中 1 · 未开始 2 · 逾期 0 · 发送失败 1 人',
    );
    // Nothing changes for a while: each refresh is an empty 204 of a few hundred bytes.
    refreshes.length = 0;
    await page.waitForTimeout(3500);
    const quiet = refreshes.filter((r) => r.status === 204);
    expect(quiet.length).toBeGreaterThanOrEqual(1);
    for (const r of quiet) expect(r.bytes).toBeLessThan(1024);
    console.log(`unchanged refresh in chromium: ${JSON.stringify(quiet)}`);

    // The charts are near the top; a reload shows them at once.
    await page.reload();
    await page.locator('#charts svg').first().waitFor();
    await page.screenshot({ path: join(shots, 'console-progress.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(shots, 'console-phone.png'), fullPage: false });
    await page.locator('#rows').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'console-phone-table.png'), fullPage: false });
    // At phone width nothing runs off the side except the table, which scrolls inside its card.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1100, height: 900 });

    // 张三's answers with the explanations, the .docx of the version, and a return with a comment.
    await page.getByRole('link', { name: '张三' }).click();
    expect(await page.locator('main').textContent()).toContain('第1版，总分 99.5/100，优');
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载自评表' }).click(),
    ]);
    expect(docx.suggestedFilename()).toBe('2026年度绩效自评-张三-第1版.docx');
    const doc = await JSZip.loadAsync(readFileSync((await docx.path())!));
    const xml = await doc.file('word/document.xml')!.async('string');
    expect(xml).toContain('信访群众满意度');
    expect(xml).toContain('99.5');
    await page.getByLabel('意见（退回时必填').fill('满意度请附调查方式');
    await page.getByLabel('第7项 信访群众满意度').check();
    await page
      .locator('form[action$="/review"]')
      .locator('..')
      .screenshot({ path: join(shots, 'console-review.png') });
    await page.getByRole('button', { name: '退回修改' }).click();
    expect(await page.locator('.flash').textContent()).toContain('已退回 张三 的第1版');
    expect(await page.locator('main').textContent()).toContain('状态：退回修改（第1版）');
    await page.screenshot({ path: join(shots, 'console-person.png'), fullPage: true });
    // The person page and the new-task form fit a phone too.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.goto(`${server.url}/campaigns/new`);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.goBack();
    await page.setViewportSize({ width: 1100, height: 900 });
    expect(outbox.to('张三').at(-1)?.text).toContain('请修改：第7项 信访群众满意度。');

    await page.getByRole('link', { name: '← 2026年度绩效自评' }).click();
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载汇总表（Excel）' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('汇总')!;
    const byName = new Map<string, unknown[]>();
    ws.eachRow((r, n) => {
      if (n > 2) byName.set(String(r.getCell(1).value), (r.values as unknown[]).slice(1));
    });
    expect(byName.get('王五')).toEqual([
      '王五',
      '已提交 第1版',
      new Date('2026-11-30T09:05:00Z'),
      '第1版',
      100,
      100,
      1,
      30,
      20,
      20,
      9.2,
      10,
      89.2,
      '良',
    ]);
    // Returned: the engine reopened the form, so it counts as being changed, with the comment in 审核.
    expect(byName.get('张三')?.slice(0, 2)).toEqual(['张三', '退回修改（第1版） · 修改中 7/7']);
    expect(byName.get('张三')?.slice(-2)).toEqual([
      '退回修改：满意度请附调查方式',
      '提交第1版后正在修改，逐项得分见第1版自评表',
    ]);
    expect(byName.get('赵六')).toEqual(['赵六', '未开始']);
    // The workbook as it prints (LibreOffice → PDF → PNG), for the README: TIANBAO_SCREENSHOTS=1 only.
    if (process.env.TIANBAO_SCREENSHOTS === '1') {
      const xlsxFile = join(shots, '汇总.xlsx');
      copyFileSync((await xlsx.path())!, xlsxFile);
      // A profile of its own: another LibreOffice running on this machine would otherwise take the job.
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${shots}/profile`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          shots,
          xlsxFile,
        ],
        { timeout: 120_000 },
      );
      for (const [n, name, height] of [
        [1, 'console-summary-xlsx', 165],
        [2, 'console-detail-xlsx', 240],
      ] as const)
        execFileSync('pdftoppm', [
          ...['-r', '90', '-f', String(n), '-l', String(n), '-x', '0', '-y', '40', '-W', '1053', '-H', String(height)],
          ...['-png', '-singlefile', join(shots, '汇总.pdf'), join(shots, name)],
        ]);
    }
    const reason = wb
      .getWorksheet('明细')!
      .getRows(3, 20)!
      .find((r) => r.getCell(1).value === '王五' && r.getCell(2).value === 4);
    expect(reason?.getCell(10).value).toBe('部分事项办理周期长，下年度加强督办');

    // The bot stops: the page says so instead of pretending to refresh; it comes back by itself.
    const port = Number(new URL(server.url).port);
    await server.close();
    await page.locator('#banner.down').waitFor({ timeout: 15_000 });
    expect(await page.locator('#banner').textContent()).toContain('连不上机器人');
    expect(await page.locator('#live-hint').textContent()).toBe('暂时无法刷新，稍后自动重试');
    await page.screenshot({ path: join(shots, 'console-stopped.png'), fullPage: false });
    server = await startConsole({ app, outbox, reportsDir: join(dir, 'reports'), clock: clock.fn }, { port });
    keep(server, (s) => s.close());
    await page.locator('#banner').waitFor({ state: 'hidden', timeout: 15_000 });
    // The session is gone (signed out elsewhere): 请重新登录, and the page stops polling.
    await app.sqlite!.db.prepare('DELETE FROM console_sessions').run();
    await page.locator('#banner.gone').waitFor({ timeout: 15_000 });
    expect(await page.locator('#banner').textContent()).toContain('请重新登录');
    // Nothing polls any more; the table and the charts it last showed stay on screen.
    await page.locator('#charts[hx-trigger]').waitFor({ state: 'detached' });
    expect(await page.locator('[hx-trigger^="every"]').count()).toBe(0);
    expect(await page.locator('#charts svg').count()).toBeGreaterThan(0);
    expect(await cell('王五', 5).textContent()).toBe('89.2');
    let polled = 0;
    page.on('request', (r) => {
      if (/\/(live|charts)\?/.test(r.url())) polled++;
    });
    await page.waitForTimeout(4000);
    expect(polled).toBe(0);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(shots, 'console-signed-out.png'), fullPage: false });

    if (process.env.TIANBAO_SCREENSHOTS === '1')
      for (const f of [
        'console-progress.png',
        'console-phone.png',
        'console-phone-table.png',
        'console-person.png',
        'console-review.png',
        'console-stopped.png',
        'console-signed-out.png',
        'console-summary-xlsx.png',
        'console-detail-xlsx.png',
      ])
        copyFileSync(join(shots, f), join(DOCS, f));
  }, 120_000);

  it('imports a form: uploads a .docx, checks the preview, 发布, and the form is offered at once', async () => {
    const dir = keep(tempDir('tianbao-console-import-'), cleanup);
    const shots = keep(tempDir('tianbao-shots-'), cleanup);
    const flowsDir = join(dir, 'flows');
    cpSync(FIXTURE_FLOWS, flowsDir, { recursive: true });
    const clock = new TestClock(new Date(MONDAY));
    const app = keep(openApp(dir, clock, flowsDir), (a) => a.close());
    const server = await startConsole(
      { app, outbox: new FakeOutbox(), reportsDir: join(dir, 'reports'), flowsDir, clock: clock.fn },
      { port: 0 },
    );
    keep(server, (s) => s.close());
    const source = join(dir, '鹤城区驻京维稳劝返专项经费自评表.docx');
    await writeDocx(hecheng, source);
    const page = await context.newPage();
    await page.goto(await server.signInLink());
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${server.url}/campaigns`);

    await page.getByRole('link', { name: '表单', exact: true }).click();
    await page.getByLabel('绩效目标表或自评表').setInputFiles(source);
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.waitForURL(/\/forms\/import\/[\w-]+$/);
    expect(await page.locator('h1').textContent()).toBe('导入预览：鹤城区驻京维稳劝返专项经费自评表.docx');
    const cells = (n: number) => page.locator('table.import tbody tr').nth(n).locator('td').allTextContents();
    expect(await cells(5)).toEqual([
      '6',
      '效益指标',
      '社会效益指标',
      '维护社会稳定，完成各项任务90%',
      '20',
      '90%',
      '百分比',
      '无评分标准，按财政部默认办法计分',
    ]);
    expect(await page.locator('main').textContent()).toContain('需要核对：4 条原表不一致。');
    await page.screenshot({ path: join(shots, 'console-import.png'), fullPage: true });
    // On a phone the wide table scrolls inside its card; the page itself does not run off the side.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1100, height: 900 });

    await page.getByRole('button', { name: '发布' }).click();
    await page.waitForURL(`${server.url}/forms`);
    expect(await page.locator('.flash').textContent()).toBe(
      '已发布 1 张表：《区信访局 · 驻京维稳劝返专项经费 · 2020年度》。现在可以填报，也可以在「填报任务」里用它创建任务；已经开始填写的人继续用原来的版本。',
    );
    expect(await page.locator('main table tbody tr').allTextContents()).toContainEqual(
      expect.stringContaining('驻京维稳劝返专项经费 · 2020年度'),
    );
    await page.screenshot({ path: join(shots, 'console-forms.png'), fullPage: true });
    await page.goto(`${server.url}/campaigns/new`);
    expect(await page.locator('#flow option').allTextContents()).toContainEqual(
      expect.stringContaining('驻京维稳劝返专项经费'),
    );
    if (process.env.TIANBAO_SCREENSHOTS === '1')
      for (const f of ['console-import.png', 'console-forms.png']) copyFileSync(join(shots, f), join(DOCS, f));
  });
});

/** htmx refreshes the table every 3 s: wait for the text, at most 10 s. */
async function expectText(read: () => Promise<string | null>, want: string): Promise<void> {
  const until = Date.now() + 10_000;
  let got: string | null = '';
  while (Date.now() < until) {
    got = await read();
    if (got === want) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(got).toBe(want);
}
