// The coordinator's story in a real browser (Debian's chromium through playwright-core): sign in with the
// link, create a campaign, watch a row change while a chat session submits, download the .docx and the
// .xlsx, and screenshot the progress page (desktop and phone width) for the README.
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole } from '../src/console/server.js';
import { FakeOutbox, openApp, Person, TestClock } from './campaign-fixture.js';
import { FULL_FORM, MONDAY } from './console-fixture.js';
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

  it('signs in, creates a campaign, sees a submission arrive, downloads the .docx and the 汇总', async () => {
    const dir = keep(tempDir('tianbao-console-browser-'), cleanup);
    const shots = keep(tempDir('tianbao-shots-'), cleanup);
    const clock = new TestClock(new Date(MONDAY));
    const app = keep(openApp(dir, clock), (a) => a.close());
    const server = await startConsole(
      { app, outbox: new FakeOutbox(), reportsDir: join(dir, 'reports'), clock: clock.fn },
      { port: 0 },
    );
    keep(server, (s) => s.close());
    const page = await context.newPage();

    await page.goto(server.signInLink());
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${server.url}/campaigns`);
    expect(await page.locator('main').textContent()).toContain('还没有任务');

    await page.getByRole('link', { name: '新建任务' }).click();
    await page.getByLabel('任务标题').fill('2026年度绩效自评');
    await page.getByLabel('截止时间').fill('2026-12-04 17:00');
    await page.getByLabel('填报人名单').fill('张三,李四,王五,赵六');
    await page.getByRole('button', { name: '创建任务' }).click();
    await page.waitForURL(`${server.url}/campaigns/1`);
    expect(await page.locator('.flash').textContent()).toBe(
      '已创建任务 #1「2026年度绩效自评」。机器人在线时会给每位填报人发送通知。',
    );
    const row = (user: string) => page.locator(`tr[data-user="${user}"] td:nth-child(2)`);
    expect(await row('张三').textContent()).toBe('未开始');

    // People answer in chat while the page is open: the rows follow without a reload.
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
    await person('李四').sayAll(['开始', '好', '100']);
    // Each row is waited for: a refresh may come between two people's turns (reports render off the chat's thread).
    await expectText(() => row('张三').textContent(), '已提交 第1版');
    await expectText(() => row('王五').textContent(), '已提交 第1版');
    await expectText(() => row('李四').textContent(), '填写中 2/7');
    expect(await page.locator('tr[data-user="王五"] td:nth-child(4)').textContent()).toBe('89.2');
    expect(await page.locator('tr[data-user="王五"] td:nth-child(5)').textContent()).toBe('良');
    // The charts refresh every 15 s; a reload shows them at once.
    await page.reload();
    await page.locator('#charts svg').first().waitFor();
    await page.screenshot({ path: join(shots, 'console-progress.png'), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, 'console-phone.png'), fullPage: false });
    // At phone width nothing runs off the side except the table, which scrolls inside its card.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1100, height: 900 });

    // 张三's answers with the explanations, and the .docx of the version.
    await page.getByRole('link', { name: '张三' }).click();
    expect(await page.locator('main').textContent()).toContain('第1版，总分 99.5/100，优');
    await page.screenshot({ path: join(shots, 'console-person.png'), fullPage: true });
    const [docx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载自评表' }).click(),
    ]);
    expect(docx.suggestedFilename()).toBe('2026年度绩效自评-张三-第1版.docx');
    const doc = await JSZip.loadAsync(readFileSync((await docx.path())!));
    const xml = await doc.file('word/document.xml')!.async('string');
    expect(xml).toContain('信访群众满意度');
    expect(xml).toContain('99.5');

    await page.goBack();
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载汇总表（Excel）' }).click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await xlsx.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('汇总')!;
    const byName = new Map<string, unknown[]>();
    ws.eachRow((r, n) => {
      if (n > 1) byName.set(String(r.getCell(1).value), (r.values as unknown[]).slice(1));
    });
    expect(byName.get('王五')).toEqual([
      '王五',
      '已提交 第1版',
      10,
      30,
      20,
      20,
      9.2,
      89.2,
      '良',
      '11月30日（周一）09:05',
      '第1版',
    ]);
    expect(byName.get('赵六')).toEqual(['赵六', '未开始']);

    if (process.env.TIANBAO_SCREENSHOTS === '1')
      for (const f of ['console-progress.png', 'console-phone.png', 'console-person.png'])
        copyFileSync(join(shots, f), join(DOCS, f));
  });

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
    await page.goto(server.signInLink());
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
      '已发布 1 张表：《2020年预算支出绩效自评表·驻京维稳劝返专项经费》。现在可以填报，也可以在「填报任务」里用它创建任务；已经开始填写的人继续用原来的版本。',
    );
    expect(await page.locator('main table tbody tr').allTextContents()).toContainEqual(
      expect.stringContaining('预算支出绩效自评表（驻京维稳劝返专项经费）'),
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
