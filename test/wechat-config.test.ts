import { afterAll, describe, expect, it } from 'vitest';
import { types } from 'wechaty';
import { AccessControl } from '../src/channels/wechat/access.js';
import { type FriendRequest, handleFriendship } from '../src/channels/wechat/bot.js';
import { parseKeyList, wechatConfigFromEnv } from '../src/channels/wechat/config.js';
import { silentLogger } from '../src/outbox/logger.js';
import { openDatabase } from '../src/store/sqlite-store.js';

describe('WeChat settings come from the environment', () => {
  it('defaults to the free wechat4u puppet and a paced outbox', () => {
    const c = wechatConfigFromEnv({});
    expect(c.puppet).toBe('wechaty-puppet-wechat4u');
    expect(c.token).toBeUndefined();
    expect(c.outbox).toEqual({ intervalMs: 1500, jitterMs: 500, maxChars: 1800, maxAttempts: 5, afterCrash: 'resend' });
    expect(c.allowAll).toBe(false);
    expect(c.staleAfterMs).toBe(180_000);
  });

  it('a service token alone selects the puppet service (service, WorkPro); an explicit puppet wins', () => {
    expect(wechatConfigFromEnv({ WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_x' }).puppet).toBe(
      'wechaty-puppet-service',
    );
    expect(
      wechatConfigFromEnv({ WECHATY_PUPPET_SERVICE_TOKEN: 't', WECHATY_PUPPET: 'wechaty-puppet-padlocal' }),
    ).toMatchObject({ puppet: 'wechaty-puppet-padlocal', token: 't' });
  });

  it('reads contact lists typed with Chinese or English commas', () => {
    expect([...parseKeyList('王科长，李科员, 赵主任、钱会计')]).toEqual(['王科长', '李科员', '赵主任', '钱会计']);
    expect(parseKeyList(undefined).size).toBe(0);
  });

  it('explains a bad number with an example', () => {
    expect(() => wechatConfigFromEnv({ OUTBOX_INTERVAL_MS: '快一点' })).toThrow(
      'OUTBOX_INTERVAL_MS 应为不小于 0 的数字，例如 1500',
    );
    expect(() => wechatConfigFromEnv({ OUTBOX_AFTER_CRASH: 'maybe' })).toThrow('resend 或 park');
  });
});

describe('access', () => {
  const db = openDatabase(':memory:');
  afterAll(() => db.close());

  it('with nothing configured only admins are served; listed people, assignees and everyone with ALLOW_ALL', () => {
    const none = new AccessControl(db, { allowed: new Set(), admins: new Set(['管理员']) });
    expect(none.isAllowed('王科长')).toBe(false);
    expect(none.isAllowed('管理员')).toBe(true);
    const listed = new AccessControl(db, {
      allowed: new Set(['王科长']),
      admins: new Set(),
      isAllowed: (k) => k === '赵主任',
    });
    expect([listed.isAllowed('王科长'), listed.isAllowed('赵主任'), listed.isAllowed('路人')]).toEqual([
      true,
      true,
      false,
    ]);
    expect(new AccessControl(db, { allowed: new Set(), admins: new Set(), allowAll: true }).isAllowed('路人')).toBe(
      true,
    );
  });

  it('remembers a refusal, and forgets it once the person is allowed', () => {
    const a = new AccessControl(db, { allowed: new Set(), admins: new Set() });
    expect(a.firstRefusal('路人丙')).toBe(true);
    expect(a.firstRefusal('路人丙')).toBe(false);
    a.forgetRefusal('路人丙');
    expect(a.firstRefusal('路人丙')).toBe(true);
  });
});

describe('friend requests', () => {
  function request(hello: string, type = types.Friendship.Receive) {
    const r = { accepted: false } as { accepted: boolean } & FriendRequest;
    Object.assign(r, {
      type: () => type,
      hello: () => hello,
      contact: () => ({ name: () => '新同事' }),
      accept: async () => {
        r.accepted = true;
      },
    });
    return r;
  }

  it('accepts only requests whose verification text contains FRIEND_PASSPHRASE', async () => {
    const good = request('我是财务科的，口令 绩效2025');
    expect(await handleFriendship(good, '绩效2025', silentLogger)).toBe('accepted');
    expect(good.accepted).toBe(true);
    const bad = request('你好，加个好友');
    expect(await handleFriendship(bad, '绩效2025', silentLogger)).toBe('ignored');
    expect(bad.accepted).toBe(false);
  });

  it('accepts nobody automatically when no passphrase is set', async () => {
    const r = request('绩效2025');
    expect(await handleFriendship(r, undefined, silentLogger)).toBe('ignored');
    expect(r.accepted).toBe(false);
    expect(await handleFriendship(request('x', types.Friendship.Confirm), 'x', silentLogger)).toBe('not_a_request');
  });
});
