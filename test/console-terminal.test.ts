// A newcomer's `npm start` with nothing configured: the chat in the terminal AND the web console, whose address and
// sign-in link are printed. A 催办 from the console is recorded and shown to the person at the terminal when they
// next type; the console then says 已送达 for them, and 等待发送 for someone who is not at this terminal.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { form, visible } from './console-fixture.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';

const keep = closeAfterEach();
const BIN = resolve(import.meta.dirname, '../bin/tianbao.mjs');

/** Resolves once the child's stream has printed a match of `re` (at most 30 s). */
function waitFor(child: ChildProcessWithoutNullStreams, stream: 'stdout' | 'stderr', re: RegExp): Promise<string> {
  return new Promise((res, rej) => {
    let seen = '';
    const timer = setTimeout(() => rej(new Error(`not printed: ${re}\n${seen}`)), 30_000);
    const on = (d: Buffer) => {
      seen += d.toString();
      if (re.test(seen)) {
        clearTimeout(timer);
        child[stream].off('data', on);
        res(seen);
      }
    };
    child[stream].on('data', on);
  });
}

describe('npm start in terminal mode', () => {
  it('serves the console, prints its link, and delivers a 催办 when the person next types', async () => {
    const data = keep(tempDir('tianbao-terminal-console-'), cleanup);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TIANBAO_DATA_DIR: data,
      TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
      TIANBAO_USER: '张三',
      CONSOLE_PORT: '0',
      WECHATY_PUPPET: '',
      WECHATY_PUPPET_SERVICE_TOKEN: '',
    };
    delete env.CONSOLE;
    delete env.CONSOLE_URL;
    const child = keep(spawn(process.execPath, [BIN, 'start'], { env, stdio: ['pipe', 'pipe', 'pipe'] }), (c) => {
      c.stdin.end();
      c.kill();
    });
    const banner = await waitFor(child, 'stderr', /要新的登录链接.*\n/);
    expect(banner).toContain('未配置企业微信（WECOM_BOT_ID）或微信（WECHATY_PUPPET），使用终端模式。');
    const url = /网页后台：(http:\/\/127\.0\.0\.1:\d+)\n/.exec(banner)?.[1];
    const link = /登录链接（10分钟内有效，只能用一次）：(\S+)\n/.exec(banner)?.[1];
    expect(url).toBeDefined();
    expect(link).toMatch(new RegExp(`^${url}/signin/[\\w-]{32}$`));
    expect(banner).toContain('要新的登录链接：在这台电脑上另开一个终端运行 npx tianbao console link');

    // The coordinator signs in and creates a campaign for the person at the terminal and someone else.
    const signed = await fetch(`${url}/signin`, {
      method: 'POST',
      body: form({ token: link!.split('/').pop()! }),
      redirect: 'manual',
    });
    const cookie = (signed.headers.get('set-cookie') ?? '').split(';')[0];
    const get = (p: string) => fetch(`${url}${p}`, { headers: { cookie }, redirect: 'manual' });
    const post = (p: string, f: Record<string, string>) =>
      fetch(`${url}${p}`, { method: 'POST', headers: { cookie }, body: form(f), redirect: 'manual' });
    const newPage = await (await get('/campaigns/new')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(newPage)?.[1] ?? '';
    // Terminal mode says who can be reached.
    expect(visible(newPage)).toContain('终端模式：只有在这台电脑上对话的「张三」能收到消息');
    const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const created = await post('/campaigns', {
      _csrf: csrf,
      flow: 'demo',
      title: '终端任务',
      deadline: `${deadline} 17:00`,
      assign: '张三,王五',
      quiet: 'off',
    });
    expect(created.status).toBe(303);
    expect((await post('/campaigns/1/urge', { _csrf: csrf, user: '张三' })).status).toBe(303);
    const before = visible(await (await get('/campaigns/1/rows')).text());
    expect(before).toMatch(/张三 未开始 等待发送 催办/);

    // The person types: first the notices queued for them, then the reply.
    const printed = waitFor(child, 'stdout', /我是填报助手/);
    child.stdin.write('进度\n');
    const out = await printed;
    const notice = out.indexOf('【终端任务】请在');
    const urged = out.indexOf('【终端任务】提醒：《示例信访局 · 项目支出绩效自评表 · 2025年度》已填 0/7 项');
    const reply = out.indexOf('我是填报助手');
    expect(notice).toBeGreaterThanOrEqual(0);
    expect(urged).toBeGreaterThan(notice);
    expect(reply).toBeGreaterThan(urged);
    const after = visible(await (await get('/campaigns/1/rows')).text());
    expect(after).toMatch(/张三 未开始 已送达 催办/);
    expect(after).toMatch(/王五 未开始 等待发送/);
  }, 60_000);
});
