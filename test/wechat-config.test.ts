import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { parseKeyList, wechatConfigFromEnv } from '../src/app/channel-config.js';
import { loadSettings, parseContactList, type SettingsError } from '../src/app/settings.js';
import { AccessControl } from '../src/channels/wechat/access.js';
import { AttemptLimiter } from '../src/channels/wechat/attempts.js';
import { type FriendRequest, handleFriendship } from '../src/channels/wechat/bot.js';
import { loadWechatTemplates, wechatTexts } from '../src/channels/wechat/texts.js';
import { silentLogger } from '../src/outbox/logger.js';
import { SqliteWechatRows } from '../src/store/sqlite/wechat-rows.js';
import { openDatabase } from '../src/store/sqlite-store.js';

describe('WeChat settings come from the environment', () => {
  it('defaults to the free wechat4u puppet and a paced outbox', async () => {
    const c = wechatConfigFromEnv({});
    expect(c.puppet).toBe('wechaty-puppet-wechat4u');
    expect(c.token).toBeUndefined();
    expect(c.outbox).toEqual({ intervalMs: 1500, jitterMs: 500, maxChars: 1800, maxAttempts: 5, afterCrash: 'resend' });
    expect(c.loginTimeoutMs).toBe(15 * 60_000);
    expect(c.allowAll).toBe(false);
    expect(c.staleAfterMs).toBe(180_000);
  });

  it('a service token alone selects the puppet service (service, WorkPro); an explicit puppet wins', async () => {
    expect(wechatConfigFromEnv({ WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_x' }).puppet).toBe(
      'wechaty-puppet-service',
    );
    expect(
      wechatConfigFromEnv({ WECHATY_PUPPET_SERVICE_TOKEN: 't', WECHATY_PUPPET: 'wechaty-puppet-padlocal' }),
    ).toMatchObject({ puppet: 'wechaty-puppet-padlocal', token: 't' });
  });

  it('reads contact lists typed with Chinese or English commas', async () => {
    expect([...parseKeyList('王科长，李科员, 赵主任、钱会计')]).toEqual(['王科长', '李科员', '赵主任', '钱会计']);
    expect(parseKeyList(undefined).size).toBe(0);
  });

  it('a name with a space is one person, for the bot and for `reminders preview` alike', async () => {
    expect(parseContactList('Wang Wei, 李科员')).toEqual(['Wang Wei', '李科员']);
    expect([...wechatConfigFromEnv({ ADMIN_CONTACTS: 'Wang Wei' }).admins]).toEqual(['Wang Wei']);
  });

  it('reads every yes/no setting the same way, and refuses anything else naming the variable', async () => {
    for (const yes of ['1', 'true', 'YES', 'on', '是'])
      expect(wechatConfigFromEnv({ ALLOW_ALL: yes }).allowAll).toBe(true);
    for (const no of ['0', 'false', 'no', 'off', '否', ''])
      expect(wechatConfigFromEnv({ ALLOW_ALL: no }).allowAll).toBe(false);
    expect(loadSettings({ TIANBAO_QUIET_WEEKENDS: 'true' }).env.TIANBAO_QUIET_WEEKENDS).toBe(true);
    expect(() => wechatConfigFromEnv({ ALLOW_ALL: 'maybe' })).toThrow(
      'ALLOW_ALL 应为 1 或 0（也可写 true/false、是/否），现为 "maybe"',
    );
  });

  it('checks the other modules’ variables too, with the same parsers they use', async () => {
    expect(() => loadSettings({ TIANBAO_QUIET_HOURS: '晚上' })).toThrow(
      'TIANBAO_QUIET_HOURS 应为"开始-结束" 或 off，例如 21:30-08:30（现为 "晚上"）',
    );
    expect(loadSettings({ TIANBAO_QUIET_HOURS: '22:00-07:30' }).env.TIANBAO_QUIET_HOURS).toBe('22:00-07:30');
    expect(() => loadSettings({ TIANBAO_NOW: '明天' })).toThrow('TIANBAO_NOW 应为一个时间');
    expect(() => loadSettings({ LLM_PROVIDER: 'chatgpt' })).toThrow(
      'LLM_PROVIDER 应为 openai-compatible、deepseek 或 ollama（现为 "chatgpt"）',
    );
  });

  it('explains a bad number with an example, and lists every bad variable at once', async () => {
    expect(() => wechatConfigFromEnv({ OUTBOX_INTERVAL_MS: '快一点' })).toThrow(
      'OUTBOX_INTERVAL_MS 应为不小于 0 的整数，例如 1500（现为 "快一点"）',
    );
    expect(() => wechatConfigFromEnv({ OUTBOX_AFTER_CRASH: 'maybe' })).toThrow(
      'OUTBOX_AFTER_CRASH 只能是 resend 或 park（现为 "maybe"）',
    );
    try {
      loadSettings({ STALE_MESSAGE_SECONDS: '-1', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect((e as SettingsError).problems).toEqual([
        'LOG_LEVEL 只能是 trace 或 debug 或 info 或 warn 或 error 或 fatal（现为 "loud"）',
        'STALE_MESSAGE_SECONDS 应为不小于 1 的整数，例如 180（现为 "-1"）',
      ]);
    }
  });
});

describe('access', () => {
  const db = openDatabase(':memory:');
  afterAll(() => db.close());

  it('with nothing configured only admins are served; listed people, assignees and everyone with ALLOW_ALL', async () => {
    const none = new AccessControl(new SqliteWechatRows(db), { allowed: new Set(), admins: new Set(['管理员']) });
    expect(await none.isAllowed('王科长')).toBe(false);
    expect(await none.isAllowed('管理员')).toBe(true);
    const listed = new AccessControl(new SqliteWechatRows(db), {
      allowed: new Set(['王科长']),
      admins: new Set(),
      isAllowed: (k) => k === '赵主任',
    });
    expect([
      await listed.isAllowed('王科长'),
      await listed.isAllowed('赵主任'),
      await listed.isAllowed('路人'),
    ]).toEqual([true, true, false]);
    expect(
      await new AccessControl(new SqliteWechatRows(db), {
        allowed: new Set(),
        admins: new Set(),
        allowAll: true,
      }).isAllowed('路人'),
    ).toBe(true);
  });

  it('remembers a refusal, and forgets it once the person is allowed', async () => {
    const a = new AccessControl(new SqliteWechatRows(db), { allowed: new Set(), admins: new Set() });
    expect(await a.firstRefusal('路人丙')).toBe(true);
    expect(await a.firstRefusal('路人丙')).toBe(false);
    await a.forgetRefusal('路人丙');
    expect(await a.firstRefusal('路人丙')).toBe(true);
  });
});

describe('friend requests', () => {
  function request(hello: string, type = types.Friendship.Receive, id = 'c-new') {
    const r = { accepted: false } as { accepted: boolean } & FriendRequest;
    Object.assign(r, {
      type: () => type,
      hello: () => hello,
      contact: () => ({ id, name: () => '新同事' }),
      accept: async () => {
        r.accepted = true;
      },
    });
    return r;
  }
  const db = openDatabase(':memory:');
  afterAll(() => db.close());
  let now = Date.parse('2026-12-01T09:00:00Z');
  const limiter = () =>
    new AttemptLimiter(new SqliteWechatRows(db), 'passphrase', { perContact: 3, perHour: 20 }, () => now);

  it('accepts only a verification text that is exactly FRIEND_PASSPHRASE (spaces around it ignored)', async () => {
    const opts = { passphrase: '绩效2025', log: silentLogger };
    const good = request('  绩效2025 ');
    expect(await handleFriendship(good, opts)).toBe('accepted');
    expect(good.accepted).toBe(true);
    for (const hello of ['你好，加个好友', '我是财务科的，口令 绩效2025', '绩效2024 绩效2025 绩效2026']) {
      const bad = request(hello);
      expect(await handleFriendship(bad, opts)).toBe('ignored');
      expect(bad.accepted).toBe(false);
    }
  });

  it('one request listing every four-digit code does not pass', async () => {
    const all = Array.from({ length: 10_000 }, (_, i) => String(i).padStart(4, '0')).join(' ');
    const r = request(all);
    expect(await handleFriendship(r, { passphrase: '4821', log: silentLogger })).toBe('ignored');
    expect(r.accepted).toBe(false);
  });

  it('after three wrong guesses in an hour a contact is not checked any more, even with the right text; admins hear', async () => {
    const attempts = limiter();
    const told: string[] = [];
    const logs: string[] = [];
    const opts = {
      passphrase: '4821',
      log: (_l: string, event: string) => logs.push(event),
      attempts,
      onWrong: (name: string) => told.push(name),
    };
    for (const guess of ['1111', '2222', '3333'])
      expect(await handleFriendship(request(guess, undefined, 'guesser'), opts)).toBe('ignored');
    const right = request('4821', undefined, 'guesser');
    expect(await handleFriendship(right, opts)).toBe('throttled');
    expect(right.accepted).toBe(false);
    expect(told).toEqual(['新同事', '新同事', '新同事']);
    expect(logs.filter((e) => e === 'friendship_wrong_passphrase')).toHaveLength(3);
    // Another contact is not held back by the guesser; an hour later the guesser may try again.
    expect(await handleFriendship(request('4821', undefined, 'colleague'), opts)).toBe('accepted');
    now += 3_600_001;
    expect(await handleFriendship(request('4821', undefined, 'guesser'), opts)).toBe('accepted');
  });

  // Issue 21, item 4: past the limit of everyone together, the right passphrase still gets in.
  it('past 20 wrong guesses an hour from many contacts, those who guessed wait, the right passphrase still passes, admins hear once', async () => {
    const attempts = limiter();
    const busy: number[] = [];
    const opts = { passphrase: '4821', log: silentLogger, attempts, onBusy: (n: number) => busy.push(n) };
    for (let i = 0; i < 20; i++)
      expect(await handleFriendship(request('0000', undefined, `fake-${i}`), opts)).toBe('ignored');
    expect(busy).toEqual([20]);
    // A fake that guessed wrong a moment ago is not checked, even with the right text.
    const again = request('4821', undefined, 'fake-3');
    expect(await handleFriendship(again, opts)).toBe('throttled');
    expect(again.accepted).toBe(false);
    // A colleague with the right passphrase is accepted.
    const colleague = request('4821', undefined, 'colleague-2');
    expect(await handleFriendship(colleague, opts)).toBe('accepted');
    expect(colleague.accepted).toBe(true);
    // Half an hour after its guess the fake may try once more.
    now += 30 * 60_000 + 1;
    expect(await handleFriendship(request('1234', undefined, 'fake-3'), opts)).toBe('ignored');
    expect(await handleFriendship(request('4821', undefined, 'fake-3'), opts)).toBe('throttled');
  });

  it('accepts nobody automatically when no passphrase is set', async () => {
    const r = request('绩效2025');
    expect(await handleFriendship(r, { passphrase: undefined, log: silentLogger })).toBe('ignored');
    expect(r.accepted).toBe(false);
    expect(await handleFriendship(request('x', types.Friendship.Confirm), { passphrase: 'x', log: silentLogger })).toBe(
      'not_a_request',
    );
  });
});

describe('the channel’s texts live in templates/wechat.yaml', () => {
  it('a template missing a text is refused naming the file and the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tianbao-tpl-'));
    const file = join(dir, 'wechat.yaml');
    writeFileSync(file, 'refused: 只为已登记的同事服务\n');
    try {
      expect(() => loadWechatTemplates(file)).toThrow(`${file}: text_only:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('every text fits one phone screen and shows no raw placeholder', async () => {
    const filled = [
      wechatTexts.refused,
      wechatTexts.askForCode,
      wechatTexts.identityConflict,
      wechatTexts.codeWrong,
      wechatTexts.bound('王科长'),
      wechatTexts.ambiguousAdmin('王科长', 'Wang Wei'),
      wechatTexts.nameCollisionAdmin('王科长'),
      wechatTexts.boundAdmin('王科长', 'Wang Wei'),
      wechatTexts.passphraseFailedAdmin('新同事'),
      wechatTexts.parked('王科长', wechatTexts.parkedText('请于周五前提交'), '联系人不存在'),
      wechatTexts.backOnline('2026/12/1 09:00:00', ''),
    ];
    for (const t of filled) {
      expect(t.length).toBeLessThanOrEqual(200);
      expect(t).not.toMatch(/[{}]/);
    }
    expect(wechatTexts.backOnline('2026/12/1 09:00:00', '被踢下线')).toBe(
      '【填报助手】已重新登录微信，恢复服务。（2026/12/1 09:00:00 掉线：被踢下线）',
    );
  });
});
