import { describe, expect, it } from 'vitest';
import { ReplyLimiter, replyLimitNotice } from '../src/channels/reply-limit.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { WechatHarness } from './wechat-harness.js';

// Issue 21, item 7: one person sending 500 messages made the bot send 518 replies.
describe('ReplyLimiter', () => {
  it('past the cap: one notice, then quiet until the oldest message leaves the window', () => {
    let now = 0;
    const limit = new ReplyLimiter({ perWindow: 3, windowMs: 60_000, clock: () => now });
    const seen = [];
    for (let i = 0; i < 6; i++) {
      seen.push(limit.admit('王科长'));
      now += 1000;
    }
    expect(seen).toEqual(['reply', 'reply', 'reply', 'notice', 'quiet', 'quiet']);
    // Someone else is not held back.
    expect(limit.admit('李科员')).toBe('reply');
    // A minute after the first message, one more is handled; then the cap holds again, with one new notice.
    now = 60_000;
    expect(limit.admit('王科长')).toBe('reply');
    expect(limit.admit('王科长')).toBe('notice');
    expect(limit.admit('王科长')).toBe('quiet');
  });

  it('forgets senders that went quiet, so memory holds only the last minute', () => {
    let now = 0;
    const limit = new ReplyLimiter({ perWindow: 2, clock: () => now });
    for (let i = 0; i < 1000; i++) limit.admit(`guest-${i}`);
    expect(limit.size).toBe(1000);
    now = 61_000;
    limit.admit('王科长');
    expect(limit.size).toBe(1);
  });

  it('its notice is plain Chinese for a phone', () => {
    expect(replyLimitNotice()).toMatch(/^[^a-zA-Z{}]+$/);
    expect(replyLimitNotice().length).toBeLessThanOrEqual(500);
  });
});

const keep = closeAfterEach();

describe('on WeChat, one person sending 500 messages', () => {
  it('gets at most 20 replies and one notice a minute, every message still recorded in order; others are answered as usual', async () => {
    const dataDir = keep(tempDir('tianbao-flood-'), cleanup);
    const h = new WechatHarness({ dataDir, env: { ALLOWED_CONTACTS: '王科长，李科员' } });
    keep(h, (x) => x.stop());
    await h.login();
    const wang = h.person('Wang Wei', '王科长');
    const li = h.person('Li Na', '李科员');
    // 30 messages, then the form's first answers (past the cap), then 466 more.
    const flood = [...Array(30).fill('帮助'), '开始', '好', '100', '95', ...Array(466).fill('进度')];
    for (const text of flood) wang.contact.say(text).to(h.me);
    await until500(h, wang);
    const routes = h.logs.filter((l) => l.event === 'message').map((l) => l.fields.route);
    expect(routes).toHaveLength(500);
    expect(routes.filter((r) => r === 'engine')).toHaveLength(500);
    const got = wang.inbox.map((r) => r.text ?? '');
    expect(got.length).toBeLessThanOrEqual(21);
    expect(got.filter((t) => t === replyLimitNotice())).toHaveLength(1);
    expect(got[got.length - 1]).toBe(replyLimitNotice());
    expect(h.logs.filter((l) => l.event === 'too_fast')).toHaveLength(1);
    // Nothing he typed was lost: the answers sent past the cap are recorded.
    const typed = (await h.app.store.historyOf('王科长')).map((e) => e.text);
    expect(typed).toEqual(expect.arrayContaining(['100', '95']));
    // The flood does not hold anyone else back.
    expect(await li.say('开始')).toContain('第 1/7 项');
    // The window passes: 王科长 is answered again, where his answers left him.
    h.time.advance(61_000);
    wang.replies();
    expect(await wang.say('进度')).toContain('已填 3/7 项');
  }, 120_000);
});

async function until500(h: WechatHarness, p: { said: string[] }): Promise<void> {
  const start = Date.now();
  while (p.said.length < 500) {
    if (Date.now() - start > 60_000) throw new Error('the mock did not deliver 500 messages');
    await new Promise((r) => setTimeout(r, 20));
  }
  await h.handled(p.said[499]);
}
