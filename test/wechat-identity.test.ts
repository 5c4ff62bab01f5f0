import { afterEach, describe, expect, it } from 'vitest';
import { BindingCodes, codeIn } from '../src/channels/wechat/binding-codes.js';
import { IdentityMap } from '../src/channels/wechat/identity.js';
import { openDatabase } from '../src/store/sqlite-store.js';

const dbs: ReturnType<typeof openDatabase>[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});
function map(stableIds = false) {
  const db = openDatabase(':memory:');
  dbs.push(db);
  const m = new IdentityMap(db, { stableIds });
  m.beginLogin('login-1');
  return { m, db };
}

describe('a person is known by the 备注 the bot owner set, or a binding code — never by a WeChat name', () => {
  it('the 备注 is the key; a WeChat name alone gives no key at all', () => {
    const { m } = map();
    expect(m.identify({ id: 'c1', name: 'Wang Wei', alias: '王科长' })).toEqual({
      ok: true,
      key: '王科长',
      via: 'alias',
    });
    expect(m.identify({ id: 'c2', name: '李娜', alias: '' })).toEqual({ ok: false, reason: 'unbound' });
    // Someone who calls themselves 王科长 is not 王科长.
    expect(m.identify({ id: 'c3', name: '王科长', alias: null })).toEqual({ ok: false, reason: 'unbound' });
  });

  it('with ALLOW_ALL a contact without 备注 is a guest of this login, under its contact address', () => {
    const { m } = map();
    expect(m.identify({ id: 'c9', name: '管理员', alias: null }, { guests: true })).toEqual({
      ok: true,
      key: 'contact:c9',
      via: 'guest',
    });
  });

  it('a contact renamed during a login keeps the key it had', () => {
    const { m } = map();
    m.identify({ id: 'c1', name: '王伟', alias: '王科长' });
    expect(m.identify({ id: 'c1', name: '王伟（请假中）', alias: '王科长' })).toMatchObject({
      ok: true,
      key: '王科长',
    });
    expect(m.contactIdFor('王科长')).toBe('c1');
  });

  it('after a re-login (new ids, wechat4u) the same 备注 and name is the same person, and the new id is the one to write to', () => {
    const { m } = map();
    m.identify({ id: 'old-id', name: 'Wang Wei', alias: '王科长' });
    m.beginLogin('login-2');
    expect(m.identify({ id: 'new-id', name: 'Wang Wei', alias: '王科长' }, { aliasHolders: 1 })).toMatchObject({
      ok: true,
      key: '王科长',
    });
    expect(m.contactIdFor('王科长')).toBe('new-id');
  });

  it('after a re-login the evidence must be unambiguous: a 备注 on two contacts, or a changed name, asks for a code', () => {
    const { m } = map();
    m.identify({ id: 'old-id', name: 'Wang Wei', alias: '王科长' });
    m.beginLogin('login-2');
    expect(m.identify({ id: 'a', name: 'Wang Wei', alias: '王科长' }, { aliasHolders: 2 })).toEqual({
      ok: false,
      reason: 'ambiguous',
      key: '王科长',
    });
    expect(m.identify({ id: 'b', name: 'W.W.', alias: '王科长' }, { aliasHolders: 1 })).toEqual({
      ok: false,
      reason: 'ambiguous',
      key: '王科长',
    });
  });

  it('a second contact with the same 备注 in one login is not given the first one’s key', () => {
    const { m } = map();
    m.identify({ id: 'c1', name: '张伟', alias: '张伟' });
    expect(m.identify({ id: 'c2', name: '张伟', alias: '张伟' })).toEqual({
      ok: false,
      reason: 'conflict',
      key: '张伟',
    });
    expect(m.identify({ id: 'c2', name: '张伟', alias: '张伟' }).ok).toBe(false);
    expect(m.contactIdFor('张伟')).toBe('c1');
  });

  it('with puppets whose ids are stable, a different id with a taken key is a different person even across logins', () => {
    const { m } = map(true);
    m.identify({ id: 'wxid_a', name: '张伟', alias: '张伟' });
    m.beginLogin('login-2');
    expect(m.identify({ id: 'wxid_b', name: '张伟', alias: '张伟' }).ok).toBe(false);
    expect(m.identify({ id: 'wxid_a', name: '张伟', alias: '张伟' })).toMatchObject({ ok: true, key: '张伟' });
  });

  it('a 备注 shaped like an outbox address cannot be a key', () => {
    const { m } = map();
    expect(m.identify({ id: 'c2', name: 'x', alias: 'contact:c1' })).toMatchObject({ ok: false, reason: 'reserved' });
    expect(m.identify({ id: 'c3', name: '王五', alias: 'Room:123@chatroom' })).toMatchObject({
      ok: false,
      reason: 'reserved',
    });
  });

  it('a refused contact is not written into the map', () => {
    const { m } = map();
    m.identify({ id: 'c1', name: 'x', alias: '路人' }, { allow: () => false });
    expect(m.contactIdFor('路人')).toBeUndefined();
    expect(m.knows('c1')).toBe(false);
  });

  it('a binding code moves the key to the contact that redeemed it', () => {
    const { m } = map();
    m.identify({ id: 'old-phone', name: 'Wang Wei', alias: '王科长' });
    m.bind({ id: 'new-phone', name: 'Wang W', alias: null }, '王科长');
    expect(m.identify({ id: 'new-phone', name: 'Wang W', alias: null })).toEqual({
      ok: true,
      key: '王科长',
      via: 'code',
    });
    expect(m.contactIdFor('王科长')).toBe('new-phone');
  });
});

describe('binding codes', () => {
  it('work once, for the key they were issued for, until they expire', () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    let now = new Date('2026-12-01T09:00:00Z');
    const codes = new BindingCodes(db, () => now);
    const { code } = codes.issue('王科长', 24);
    expect(code).toMatch(/^\d{6}$/);
    expect(codes.redeem(code, 'c1')).toEqual({ ok: true, key: '王科长' });
    expect(codes.redeem(code, 'c2')).toEqual({ ok: false, reason: 'used' });
    const late = codes.issue('李科员', 24).code;
    now = new Date('2026-12-02T09:00:01Z');
    expect(codes.redeem(late, 'c3')).toEqual({ ok: false, reason: 'expired' });
    expect(codes.redeem('no-such', 'c4')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('a new code for the same person replaces the unused one', () => {
    const db = openDatabase(':memory:');
    dbs.push(db);
    const codes = new BindingCodes(db);
    const first = codes.issue('王科长').code;
    const second = codes.issue('王科长').code;
    if (first !== second) expect(codes.redeem(first, 'c1')).toEqual({ ok: false, reason: 'unknown' });
    expect(codes.redeem(second, 'c1')).toEqual({ ok: true, key: '王科长' });
    expect(codes.pending()).toEqual([]);
  });

  it('a code is read from 「123456」, 「绑定 123456」 or full-width digits, and nothing else', () => {
    expect(codeIn('123456')).toBe('123456');
    expect(codeIn('绑定 654321')).toBe('654321');
    expect(codeIn('绑定码：１２３４５６')).toBe('123456');
    expect(codeIn('1234567')).toBeUndefined();
    expect(codeIn('预算 123456')).toBeUndefined();
  });
});
