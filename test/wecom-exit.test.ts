import { describe, expect, it } from 'vitest';
import { loadSettings } from '../src/app/settings.js';
import { runCli } from './campaign-fixture.js';
import { cleanup, closeAfterEach, FIXTURE_FLOWS, tempDir } from './support/chat.js';
import { FakeWecom } from './support/wecom-fake-server.js';
import { WecomHarness } from './wecom-harness.js';

const keep = closeAfterEach();

/** `tianbao start` in this process, configured by the WeCom settings; its exit code and what it printed. */
async function startCli(fake: FakeWecom, env: Record<string, string> = {}) {
  const data = keep(tempDir('tianbao-wecom-exit-'), cleanup);
  return runCli(['start'], {
    TIANBAO_DATA_DIR: data,
    TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
    WECOM_BOT_ID: fake.botId,
    WECOM_BOT_SECRET: fake.secret,
    WECOM_WS_URL: fake.url,
    CONSOLE: 'off',
    LOG_LEVEL: 'fatal',
    ...env,
  });
}

describe('how `npm start` ends with 企业微信', () => {
  it('a wrong Secret: one line naming the settings, exit 2, after WeCom refused it three times', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const r = await startCli(fake, { WECOM_BOT_SECRET: 'not-the-secret' });
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      '企业微信认证失败（invalid bot_id or secret (code: 40001)）：请检查 WECOM_BOT_ID 和 WECOM_BOT_SECRET',
    );
    expect(fake.authFailed).toBe(3);
  }, 30_000);

  it('another process taking over the bot: one line, exit 5, and no attempt to take it back', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const running = startCli(fake);
    await fake.until(() => fake.authOk === 1, 'the first connection');
    const other = keep(
      await WecomHarness.start({ dataDir: keep(tempDir('tianbao-wecom-other-'), cleanup), fake }),
      (h) => h.close(),
    );
    const r = await running;
    expect(r.code).toBe(5);
    expect(r.err).toContain('同一个机器人在别处建立了新的长连接，本进程退出，不再抢连接（退出代码 5）');
    expect(await other.person('zhangsan').say('你好')).toContain('项目支出绩效自评表');
    expect(fake.authOk).toBe(2);
  }, 30_000);

  it('doctor shows the WeCom settings without connecting (a test connection would unseat the running bot)', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const data = keep(tempDir('tianbao-wecom-doctor-'), cleanup);
    const r = await runCli(['doctor'], {
      TIANBAO_DATA_DIR: data,
      TIANBAO_FLOWS_DIR: FIXTURE_FLOWS,
      WECOM_BOT_ID: fake.botId,
      WECOM_BOT_SECRET: fake.secret,
      WECOM_WS_URL: fake.url,
    });
    expect(r.out).toContain(
      `✓ 企业微信智能机器人 ${fake.botId}，长连接 ${fake.url}（未试连：同一机器人只能有一个长连接）`,
    );
    expect(r.out).toContain('! 没有管理员（ADMIN_CONTACTS）');
    expect(r.out).not.toContain('终端对话');
    expect(fake.authOk + fake.authFailed).toBe(0);
  });

  it('only one of ID and Secret is a bad setting, named before anything connects', () => {
    expect(() => loadSettings({ WECOM_BOT_ID: 'aib1' })).toThrow('WECOM_BOT_SECRET 未设置');
    expect(() => loadSettings({ WECOM_BOT_SECRET: 's' })).toThrow('WECOM_BOT_ID 未设置');
    expect(() => loadSettings({ WECOM_WS_URL: 'wss://x.example' })).toThrow('缺少 WECOM_BOT_ID');
    expect(() => loadSettings({ WECOM_BOT_ID: 'a', WECOM_BOT_SECRET: 's', WECOM_WS_URL: 'https://x' })).toThrow(
      'WECOM_WS_URL 应为一个 ws:// 或 wss:// 地址',
    );
  });
});
