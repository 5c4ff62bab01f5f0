import type { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { WechatHarness } from './wechat-harness.js';

// Issue 12, item 14: offline, wechat4u printed 166 JSON error lines a minute, never said what was wrong, and never
// gave up — so no supervisor could restart it.
const keep = closeAfterEach();

function offlineBot(env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const terminal = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const dataDir = tempDir('tianbao-offline-');
  keep(dataDir, cleanup);
  const h = new WechatHarness({ dataDir, terminal, env: { ADMIN_CONTACTS: '管理员', ...env } });
  keep(h, (x) => x.stop());
  return { h, lines };
}

const settledWithin = async <T>(p: Promise<T>): Promise<T | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 20))]);

describe('WeChat cannot be reached', () => {
  it('says so in a few plain lines, backing off, instead of one line per error', async () => {
    const { h, lines } = offlineBot();
    await h.channel.start();
    for (let i = 0; i < 100; i++) {
      (h.bot as unknown as EventEmitter).emit('error', new Error('getaddrinfo ENOTFOUND login.wx.qq.com'));
      h.time.advance(500);
    }
    // 100 errors in 50 s: reported at 0 s, then after 5, 10 and 20 more seconds.
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(
      '微信：无法连接登录服务（getaddrinfo ENOTFOUND login.wx.qq.com），仍在重试；已等待 0 分钟，15 分钟内仍未登录将退出。\n',
    );
    expect(h.logs.filter((l) => l.event === 'wechat_unreachable')).toHaveLength(4);
    expect(h.logs.find((l) => l.event === 'wechat_unreachable')?.fields.errors).toBe(1);
  });

  it('gives up after WECHAT_LOGIN_TIMEOUT_MINUTES without a login, so a supervisor restarts it', async () => {
    const { h } = offlineBot({ WECHAT_LOGIN_TIMEOUT_MINUTES: '10' });
    await h.channel.start();
    h.time.advance(9 * 60_000);
    h.channel.checkLogin();
    expect(await settledWithin(h.channel.gaveUp)).toBe('pending');
    h.time.advance(60_000);
    h.channel.checkLogin();
    expect(await settledWithin(h.channel.gaveUp)).toBe('连续 10 分钟未能登录微信');
    expect(h.logs.some((l) => l.event === 'wechat_login_timeout' && l.level === 'error')).toBe(true);
  });

  it('a bot that is logged in does not give up, however long it runs', async () => {
    const { h } = offlineBot();
    await h.login();
    h.time.advance(24 * 60 * 60_000);
    h.channel.checkLogin();
    expect(await settledWithin(h.channel.gaveUp)).toBe('pending');
  });
});
