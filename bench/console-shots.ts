// Screenshots of a real-size round for a person to look at (not a test): 500 assignees of the 60-indicator form
// (userids, nine in ten with a name), 300 submitted, 100 halfway, a few names the channel does not know. Run: node bin/tianbao-bench.mjs shots <outdir>
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startConsole } from '../src/console/server.js';
import { ASSIGNEES, benchRound } from './round.js';

export async function consoleShots(out: string, log: (s: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'tianbao-console-shots-'));
  // As a 企业微信 round is typed: userids, most with the name the coordinator wrote beside them (made-up names).
  const users = Array.from({ length: ASSIGNEES }, (_, i) => `user${String(i + 1).padStart(3, '0')}`);
  const family = '赵钱孙李周吴郑王冯陈';
  const given = ['文', '静', '伟', '芳', '强', '敏', '磊', '婷', '军', '洁', '涛', '霞'];
  const listed = users.map((u, i) =>
    i % 10 === 9 ? u : `${family[i % 10]}${given[Math.floor(i / 10) % 12]}${given[(i * 7) % 12]}（${u}）`,
  );
  const round = await benchRound(dir, {
    title: '2026年度项目支出绩效自评',
    users,
    listed,
    log,
  });
  const { store, campaign: c } = round;
  const server = await startConsole(
    {
      app: round.app,
      outbox: { enqueue: () => true },
      reportsDir: join(dir, 'data', 'reports'),
    },
    { port: 0 },
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1100, height: 900 } });
    await page.goto(await server.signInLink());
    await page.getByRole('button', { name: '登录' }).click();
    await page.goto(`${server.url}/campaigns/${c.id}`);
    await page.locator('#charts svg').first().waitFor();
    await page.screenshot({ path: join(out, 'console-500.png'), fullPage: false });
    await page.screenshot({ path: join(out, 'console-500-full.png'), fullPage: true });
    await page.goto(`${server.url}/campaigns/${c.id}#progress`);
    await page.screenshot({ path: join(out, 'console-500-table.png'), fullPage: false });
    // The 汇总 workbook as the coordinator downloads it (to render: soffice --convert-to pdf, then pdftoppm).
    const xlsx = await page.request.get(`${server.url}/campaigns/${c.id}/summary.xlsx`);
    writeFileSync(join(out, 'console-500-summary.xlsx'), await xlsx.body());
    await page.goto(`${server.url}/campaigns/${c.id}?sort=status&only=pending#progress`);
    await page.screenshot({ path: join(out, 'console-500-pending.png'), fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/campaigns/${c.id}`);
    await page.screenshot({ path: join(out, 'console-500-phone.png'), fullPage: false });
    await page.locator('#rows').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(out, 'console-500-phone-table.png'), fullPage: false });
    log(`console shots in ${out}; page width at 390: ${await page.evaluate('document.documentElement.scrollWidth')}`);
    // Every other page at phone width: nothing may run off the side (a wide table scrolls in its card).
    const pages: Array<[string, string]> = [
      ['list', '/campaigns'],
      ['new', '/campaigns/new'],
      ['person', `/campaigns/${c.id}/people/${encodeURIComponent(users[0])}`],
      ['close', `/campaigns/${c.id}/close`],
      ['unassign', `/campaigns/${c.id}/unassign?names=${encodeURIComponent(users[0])}`],
      ['forms', '/forms'],
    ];
    for (const [name, path] of pages) {
      await page.goto(`${server.url}${path}`);
      await page.screenshot({ path: join(out, `console-500-phone-${name}.png`) });
      await page.evaluate('window.scrollBy(0, 800)');
      await page.screenshot({ path: join(out, `console-500-phone-${name}-2.png`) });
      log(`${name} at 390: ${await page.evaluate('document.documentElement.scrollWidth')}`);
    }
  } finally {
    await browser.close();
    await server.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
