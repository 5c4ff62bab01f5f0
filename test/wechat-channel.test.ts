import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FileBox } from 'file-box';
import { describe, expect, it } from 'vitest';
import { wechatTexts } from '../src/channels/wechat/texts.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { type HarnessOptions, type Person, until, WechatHarness } from './wechat-harness.js';

const keep = closeAfterEach();
const seen = new Set<string>();

/** A logged-in bot; `before` adds the people who are already in the bot's contacts at login. */
async function harness(
  opts: Partial<HarnessOptions> = {},
  before?: (h: WechatHarness) => void,
): Promise<WechatHarness> {
  const dataDir = opts.dataDir ?? tempDir('tianbao-wx-');
  // A restart reuses its data dir: remove it once, after the test.
  if (!seen.has(dataDir)) {
    seen.add(dataDir);
    keep(dataDir, cleanup);
  }
  const h = new WechatHarness({
    ...opts,
    dataDir,
    env: { ALLOWED_CONTACTS: '王科长，李科员', ADMIN_CONTACTS: '管理员', ...opts.env },
  });
  keep(h, (x) => x.stop());
  before?.(h);
  return h.login();
}

const texts = (inbox: Array<{ text?: string }>) => inbox.map((r) => r.text ?? '[文件]');

describe('logging in', () => {
  it('saves the login QR code as a PNG in the data dir with its URL, and removes it once logged in', async () => {
    const h = await harness();
    expect(h.qrPng?.subarray(0, 8).toString('latin1')).toBe('\x89PNG\r\n\x1a\n');
    const shown = h.logs.find((l) => l.event === 'login_qr')!;
    expect(shown.fields.url).toBe('https://wechaty.js.org/qrcode/https%3A%2F%2Flogin.weixin.qq.com%2Fl%2Fmock-qr');
    expect(h.logs.some((l) => l.event === 'login')).toBe(true);
    expect(existsSync(join(h.opts.dataDir, 'login-qr.png'))).toBe(false);
  });
});

describe('private messages', () => {
  it('a message delivered twice is answered once and counts once', async () => {
    const h = await harness();
    const wang = h.person('Wang Wei', '王科长');
    expect(await wang.say('开始')).toContain('第 1/7 项');
    await h.redeliver(wang.said[0]);
    expect(wang.replies()).toBe('');
    // Still on question 1: the duplicate did not answer it.
    expect(await wang.say('好')).toContain('第 2/7 项');
  });

  it('a picture or voice message gets a short request for text', async () => {
    const h = await harness();
    const wang = h.person('Wang Wei', '王科长');
    wang.contact.say(FileBox.fromBase64(Buffer.from('not really a png').toString('base64'), 'photo.png')).to(h.me);
    await h.handled(wang.said[0]);
    expect(wang.replies()).toBe(wechatTexts.textOnly);
  });

  it('ignores messages that are minutes old when they arrive (replayed at start-up)', async () => {
    const h = await harness();
    const wang = h.person('Wang Wei', '王科长');
    // Ten minutes old: beyond the default 180 s.
    h.mocker.MessageMock.create({
      id: 'old-1',
      talkerId: wang.contact.id,
      listenerId: h.me.id,
      text: '开始',
      timestamp: h.time.clock() - 600_000,
      type: 7,
    });
    h.puppet.emit('message', { messageId: 'old-1' });
    await h.handled('old-1');
    expect(h.logs.find((l) => l.event === 'message' && l.fields.id === 'old-1')?.fields.route).toBe('stale');
    expect(wang.replies()).toBe('');
  });

  it('holds the send interval between messages (injected clock)', async () => {
    const h = await harness({ env: { ALLOWED_CONTACTS: '王科长', OUTBOX_MAX_CHARS: '100' } });
    const wang = h.person('Wang Wei', '王科长');
    await wang.say('开始'); // the form's intro and question 1: longer than 100 characters, so two messages
    await wang.say('好');
    expect(wang.inbox.length).toBeGreaterThanOrEqual(3);
    const gaps = wang.inbox.slice(1).map((r, i) => r.at - wang.inbox[i].at);
    // Every pause is OUTBOX_INTERVAL_MS 1500 + OUTBOX_JITTER_MS 500 × random 0.5 = 1750 ms.
    expect(gaps.every((g) => g === 1750)).toBe(true);
  });
});

describe('who may use the bot', () => {
  it('a stranger gets one polite refusal, not one per message', async () => {
    const h = await harness();
    const stranger = h.person('Lu Ren', '路人甲');
    await stranger.say('你好');
    await stranger.say('在吗');
    await stranger.say('开始');
    expect(texts(stranger.inbox)).toEqual([wechatTexts.refused]);
    // Someone without a 备注 is asked, once, for a binding code.
    const unknown = h.person('路人乙');
    await unknown.say('你好');
    await unknown.say('开始');
    expect(texts(unknown.inbox)).toEqual([wechatTexts.askForCode]);
  });

  it('assignees of a campaign are allowed without being listed; admins reach coordinator commands first', async () => {
    const h = await harness({
      isAllowed: (key) => key === '赵主任',
      hooks: [async (m) => (m.isAdmin && m.text === '状态' ? [{ kind: 'text', text: '本期：1 人已提交' }] : null)],
    });
    const zhao = h.person('Zhao', '赵主任');
    expect(await zhao.say('开始')).toContain('第 1/7 项');
    const admin = h.person('Admin', '管理员');
    expect(await admin.say('状态')).toBe('本期：1 人已提交');
    // The same words from a non-admin are just a message to the engine.
    expect(await zhao.say('状态')).not.toContain('本期');
  });

  it('with ALLOW_ALL=1 everyone is served', async () => {
    const h = await harness({ env: { ALLOWED_CONTACTS: '', ALLOW_ALL: '1' } });
    const anyone = h.person('路人乙');
    expect(await anyone.say('开始')).toContain('第 1/7 项');
  });
});

describe('group chats', () => {
  it('answers only when @mentioned, briefly in the group, and carries on in private', async () => {
    const h = await harness();
    const wang = h.person('Wang Wei', '王科长');
    const li = h.person('Li Na', '李科员');
    const g = h.group('绩效工作群', [wang, li]);
    await g.say(li, '大家好', false);
    expect(g.inbox).toHaveLength(0);

    await g.say(wang, '开始');
    expect(texts(g.inbox)).toEqual([wechatTexts.groupToPrivate('Wang Wei')]);
    // The form itself only in private: the group never sees a question.
    expect(wang.replies()).toContain('第 1/7 项');
    expect(li.replies()).toBe('');
    expect(await wang.say('好')).toContain('第 2/7 项');
  });

  it('asks someone who is not a friend to add the bot first', async () => {
    const h = await harness();
    const wang = h.person('Wang Wei', '王科长', { friend: false });
    const g = h.group('绩效工作群', [wang]);
    await g.say(wang, '开始');
    expect(texts(g.inbox)).toEqual([wechatTexts.groupNotFriend('Wang Wei')]);
    expect(wang.inbox).toHaveLength(0);
  });
});

describe('nobody reaches another person’s answers', () => {
  it('each person sees only their own answers, whatever they type or wherever they ask', async () => {
    const h = await harness();
    const wang = h.person('Wang Wei', '王科长');
    const li = h.person('Li Na', '李科员');
    await wang.say('开始');
    await wang.say('好');
    expect(await wang.say('4321')).toContain('4321万元');

    const liPreview = await li.say('预览');
    expect(liPreview).not.toContain('4321');
    const g = h.group('绩效工作群', [wang, li]);
    await g.say(li, '预览 王科长');
    expect(li.replies()).not.toContain('4321');
    expect(texts(g.inbox).join('')).not.toContain('4321');
    expect(wang.replies()).toBe('');
    // Nothing queued or sent to 李科员 carries 王科长's number.
    const rows = h.app.sqlite!.db.prepare("SELECT body FROM outbox WHERE to_key = '李科员'").all() as {
      body: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.body.includes('4321'))).toBe(false);
  });

  it('a namesake of a known person is not given their key, and admins are told', async () => {
    const h = await harness();
    const wang = h.person('Wang Wei', '王科长');
    const admin = h.person('Admin', '管理员');
    await wang.say('开始');
    await wang.say('好');
    await wang.say('4321');
    // Another contact whose WeChat name is exactly 王科长's key, with no 备注.
    const namesake = h.person('王科长');
    const reply = await namesake.say('预览');
    expect(reply).toBe(wechatTexts.askForCode);
    expect(await namesake.say('预览')).toBe(''); // told once
    expect(texts(admin.inbox)).toEqual([wechatTexts.nameCollisionAdmin('王科长')]);
    expect(wang.replies()).not.toContain('预览');
  });
});

describe('restarts and logouts', () => {
  it('after a restart, messages not yet sent are sent exactly once, to the same person under a new contact id', async () => {
    const dataDir = tempDir('tianbao-wx-');
    // The first process is stopped during the pause after its first send.
    const a = await harness({ dataDir, holdPauses: true });
    const wangA = a.person('Wang Wei', '王科长');
    expect(await wangA.say('开始')).toContain('第 1/7 项');
    wangA.contact.say('好').to(a.me);
    await a.routed(wangA.said[1]);
    expect(await a.channel.outbox.counts()).toMatchObject({ queued: 1, sent: 1 });
    await a.stop();

    // The process restarts; wechat4u gives every contact a new id.
    let wangB!: Person;
    const b = await harness({ dataDir }, (h) => (wangB = h.person('Wang Wei', '王科长')));
    expect(wangB.contact.id).not.toBe(wangA.contact.id);
    expect(texts(wangB.inbox)).toHaveLength(1);
    expect(wangB.replies()).toContain('第 2/7 项');
    expect(texts(wangA.inbox)).toHaveLength(1);
    expect(await b.channel.outbox.counts()).toEqual({ queued: 0, sending: 0, sent: 2, parked: 0 });
    // And the conversation carries on where it was.
    expect(await wangB.say('100')).toContain('第 3/7 项');
  });

  it('after an unexpected logout admins are told once when the bot is back', async () => {
    const dataDir = tempDir('tianbao-wx-');
    const h = await harness({ dataDir });
    const admin = h.person('Admin', '管理员');
    await h.puppet.logout('被踢下线');
    expect(h.logs.find((l) => l.event === 'logout')?.level).toBe('warn');
    h.mocker.login(h.me);
    await until(() => h.logs.filter((l) => l.event === 'login').length === 2);
    await h.idle();
    expect(texts(admin.inbox)).toHaveLength(1);
    expect(admin.replies()).toContain('被踢下线');
    await h.stop(); // a deliberate stop is not an outage

    let adminAgain!: Person;
    const again = await harness({ dataDir }, (h) => (adminAgain = h.person('Admin', '管理员')));
    expect(adminAgain.inbox).toHaveLength(0);
    expect(again.logs.find((l) => l.event === 'logout')).toBeUndefined();
  });

  it('a message that keeps failing is parked and admins hear once', async () => {
    const h = await harness();
    const admin = h.person('Admin', '管理员');
    h.channel.outbox.enqueue('已删除的好友', [{ kind: 'text', text: '提醒：请于周五前提交' }], { key: 'test:gone' });
    // Five attempts (OUTBOX_MAX_ATTEMPTS default) spaced by backoff 5 + 10 + 20 + 40 s: the fake clock just moves on.
    await h.idle();
    expect((await h.channel.outbox.counts()).parked).toBe(1);
    expect(h.logs.filter((l) => l.event === 'outbox_send_failed')).toHaveLength(4);
    expect(admin.inbox).toHaveLength(1);
    expect(admin.replies()).toContain('已删除的好友');
  });
});

it('the bot ignores its own messages', async () => {
  const h = await harness({ env: { ALLOW_ALL: '1' } });
  const wang = h.person('Wang Wei', '王科长');
  const delivered: string[] = [];
  h.bot.on('message', (m) => void delivered.push(m.id));
  h.me.say('开始').to(wang.contact);
  await until(() => delivered.length === 1, 'the bot’s own message');
  await h.channel.settled();
  await h.idle();
  expect(h.logs.filter((l) => l.event === 'message')).toHaveLength(0);
  expect(wang.inbox).toHaveLength(1); // only the bot's own message itself, no reply to it
});
