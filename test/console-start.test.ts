import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { runDoctor } from '../src/cli/doctor-command.js';
import { startConsoleFromEnv } from '../src/console/start.js';
import { FakeOutbox, openApp, TestClock } from './campaign-fixture.js';
import { MONDAY } from './console-fixture.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';

const keep = closeAfterEach();

function started(env: Record<string, string>) {
  const dir = keep(tempDir('tianbao-console-start-'), cleanup);
  const app = keep(openApp(dir, new TestClock(new Date(MONDAY))), (a) => a.close());
  const lines: string[] = [];
  return startConsoleFromEnv({ app, outbox: new FakeOutbox(), dataDir: dir }, env, (l) => lines.push(l)).then((web) => {
    keep(web, (w) => w.close());
    return { web, lines };
  });
}

describe('npm start serves the console', () => {
  it('prints the address and a one-time link that signs in once', async () => {
    const { web, lines } = await started({ CONSOLE_PORT: '0' });
    expect(lines[0]).toMatch(/^网页后台：http:\/\/127\.0\.0\.1:\d+$/);
    const link = /^登录链接（10分钟内有效，只能用一次）：(http:\/\/127\.0\.0\.1:\d+\/signin\/[\w-]+)$/.exec(
      lines[1],
    )?.[1];
    expect(link).toBeDefined();
    expect(lines[2]).toBe(
      '要新的登录链接：在这台电脑上运行 npx tianbao console link，或由管理员在微信里给机器人发「后台」。',
    );
    const token = link!.split('/').pop()!;
    const signIn = () =>
      fetch(`${web.server!.url}/signin`, {
        method: 'POST',
        body: new URLSearchParams({ token }),
        redirect: 'manual',
      });
    expect((await signIn()).status).toBe(303);
    expect((await signIn()).status).toBe(403);
    // Without a cookie, nothing but the sign-in pages answers.
    const res = await fetch(`${web.server!.url}/campaigns`, { redirect: 'manual' });
    expect(res.status).toBe(303);
  });

  it('an admin who sends 「后台」 gets a fresh link; anyone else is left to the engine', async () => {
    const { web } = await started({ CONSOLE_PORT: '0' });
    const reply = await web.adminHook({ user: '财务科', text: ' 后台 ', isAdmin: true });
    const text = reply?.[0].kind === 'text' ? reply[0].text : '';
    const lines = text.split('\n');
    expect(lines[0]).toBe('网页后台登录链接（10分钟内有效，只能用一次，请勿转发）：');
    expect(lines[1]).toMatch(new RegExp(`^${web.server!.url}/signin/[\\w-]{32}$`));
    expect(lines[2]).toBe('请用能访问机器人所在电脑的浏览器打开。');
    expect(text.length).toBeLessThan(500);
    expect(await web.adminHook({ user: '张三', text: '后台', isAdmin: false })).toBeNull();
    expect(await web.adminHook({ user: '财务科', text: '汇总', isAdmin: true })).toBeNull();
  });

  it('a taken port or CONSOLE=off leaves the bot running without the console, and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    keep(blocker, (b) => b.close());
    const port = (blocker.address() as { port: number }).port;
    const { web, lines } = await started({ CONSOLE_PORT: String(port) });
    expect(web.server).toBeUndefined();
    expect(lines[0]).toMatch(/^网页后台未启动：.*EADDRINUSE.*（可在 \.env 里用 CONSOLE_PORT 换一个端口）$/);
    expect(await web.adminHook({ user: '财务科', text: '后台', isAdmin: true })).toEqual([
      { kind: 'text', text: '网页后台没有启动（CONSOLE=off 或端口被占用），请查看启动机器人的终端。' },
    ]);

    const off = await started({ CONSOLE: 'off' });
    expect(off.web.server).toBeUndefined();
    expect(off.lines).toEqual([]);
    const bad = await started({ CONSOLE_PORT: '八七' });
    expect(bad.lines).toEqual(['网页后台未启动：CONSOLE_PORT="八七" 不是有效端口，例如 CONSOLE_PORT=8787']);
  });

  it('doctor says where the console is: running, ready to start, or its port taken', async () => {
    const { web } = await started({ CONSOLE_PORT: '0' });
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((x) => void out.push(String(x)));
    const data = keep(tempDir('tianbao-doctor-console-'), cleanup);
    try {
      vi.stubEnv('TIANBAO_DATA_DIR', data);
      vi.stubEnv('TIANBAO_FLOWS_DIR', FIXTURE_FLOWS);
      vi.stubEnv('CONSOLE_URL', web.server!.url);
      await runDoctor([]);
      expect(out).toContain(`✓ 网页后台正在运行：${web.server!.url}（新的登录链接：npx tianbao console link）`);
      const blocker = createServer();
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
      keep(blocker, (b) => b.close());
      vi.stubEnv('CONSOLE_URL', '');
      vi.stubEnv('CONSOLE_PORT', String((blocker.address() as { port: number }).port));
      out.length = 0;
      await runDoctor([]);
      expect(out.find((l) => l.includes('网页后台'))).toMatch(
        /^! 网页后台的端口 \d+ 被别的程序占用，npm start 时网页后台不会启动\n {4}→ 在 \.env 里换一个端口，例如 CONSOLE_PORT=8788$/,
      );
    } finally {
      log.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});
