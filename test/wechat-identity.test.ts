import { describe, expect, it } from 'vitest';
import { BindingCodes, codeIn } from '../src/channels/wechat/binding-codes.js';
import { IdentityMap } from '../src/channels/wechat/identity.js';
import { forEachTablesBackend } from './support/table-backends.js';

// Identity and binding codes on both backends (SQLite and PostgreSQL).
forEachTablesBackend('identity', (fresh) => {
  async function map(stableIds = false) {
    const t = await (await fresh()).connect();
    const m = new IdentityMap(t.wechat, { stableIds });
    m.beginLogin('login-1');
    return { m, t };
  }

  describe('a person is known by the 备注 the bot owner set, or a binding code — never by a WeChat name', () => {
    it('the 备注 is the key; a WeChat name alone gives no key at all', async () => {
      const { m } = await map();
      expect(await m.identify({ id: 'c1', name: 'Wang Wei', alias: '王科长' })).toEqual({
        ok: true,
        key: '王科长',
        via: 'alias',
      });
      expect(await m.identify({ id: 'c2', name: '李娜', alias: '' })).toEqual({ ok: false, reason: 'unbound' });
      // Someone who calls themselves 王科长 is not 王科长.
      expect(await m.identify({ id: 'c3', name: '王科长', alias: null })).toEqual({ ok: false, reason: 'unbound' });
    });

    it('with ALLOW_ALL a contact without 备注 is a guest of this login, under its contact address', async () => {
      const { m } = await map();
      expect(await m.identify({ id: 'c9', name: '管理员', alias: null }, { guests: true })).toEqual({
        ok: true,
        key: 'contact:c9',
        via: 'guest',
      });
    });

    it('a contact renamed during a login keeps the key it had', async () => {
      const { m } = await map();
      await m.identify({ id: 'c1', name: '王伟', alias: '王科长' });
      expect(await m.identify({ id: 'c1', name: '王伟（请假中）', alias: '王科长' })).toMatchObject({
        ok: true,
        key: '王科长',
      });
      expect(await m.contactIdFor('王科长')).toBe('c1');
    });

    it('after a re-login (new ids, wechat4u) the same 备注 and name is the same person, and the new id is the one to write to', async () => {
      const { m } = await map();
      await m.identify({ id: 'old-id', name: 'Wang Wei', alias: '王科长' });
      m.beginLogin('login-2');
      expect(await m.identify({ id: 'new-id', name: 'Wang Wei', alias: '王科长' }, { aliasHolders: 1 })).toMatchObject({
        ok: true,
        key: '王科长',
      });
      expect(await m.contactIdFor('王科长')).toBe('new-id');
    });

    it('after a re-login the evidence must be unambiguous: a 备注 on two contacts, or a changed name, asks for a code', async () => {
      const { m } = await map();
      await m.identify({ id: 'old-id', name: 'Wang Wei', alias: '王科长' });
      m.beginLogin('login-2');
      expect(await m.identify({ id: 'a', name: 'Wang Wei', alias: '王科长' }, { aliasHolders: 2 })).toEqual({
        ok: false,
        reason: 'ambiguous',
        key: '王科长',
      });
      expect(await m.identify({ id: 'b', name: 'W.W.', alias: '王科长' }, { aliasHolders: 1 })).toEqual({
        ok: false,
        reason: 'ambiguous',
        key: '王科长',
      });
    });

    it('a second contact with the same 备注 in one login is not given the first one’s key', async () => {
      const { m } = await map();
      await m.identify({ id: 'c1', name: '张伟', alias: '张伟' });
      expect(await m.identify({ id: 'c2', name: '张伟', alias: '张伟' })).toEqual({
        ok: false,
        reason: 'conflict',
        key: '张伟',
      });
      expect((await m.identify({ id: 'c2', name: '张伟', alias: '张伟' })).ok).toBe(false);
      expect(await m.contactIdFor('张伟')).toBe('c1');
    });

    it('with puppets whose ids are stable, a different id with a taken key is a different person even across logins', async () => {
      const { m } = await map(true);
      await m.identify({ id: 'wxid_a', name: '张伟', alias: '张伟' });
      m.beginLogin('login-2');
      expect((await m.identify({ id: 'wxid_b', name: '张伟', alias: '张伟' })).ok).toBe(false);
      expect(await m.identify({ id: 'wxid_a', name: '张伟', alias: '张伟' })).toMatchObject({ ok: true, key: '张伟' });
    });

    it('a 备注 shaped like an outbox address cannot be a key', async () => {
      const { m } = await map();
      expect(await m.identify({ id: 'c2', name: 'x', alias: 'contact:c1' })).toMatchObject({
        ok: false,
        reason: 'reserved',
      });
      expect(await m.identify({ id: 'c3', name: '王五', alias: 'Room:123@chatroom' })).toMatchObject({
        ok: false,
        reason: 'reserved',
      });
    });

    it('a refused contact is not written into the map', async () => {
      const { m } = await map();
      await m.identify({ id: 'c1', name: 'x', alias: '路人' }, { allow: () => false });
      expect(await m.contactIdFor('路人')).toBeUndefined();
      expect(await m.knows('c1')).toBe(false);
    });

    it('a binding code moves the key to the contact that redeemed it', async () => {
      const { m } = await map();
      await m.identify({ id: 'old-phone', name: 'Wang Wei', alias: '王科长' });
      await m.bind({ id: 'new-phone', name: 'Wang W', alias: null }, '王科长');
      expect(await m.identify({ id: 'new-phone', name: 'Wang W', alias: null })).toEqual({
        ok: true,
        key: '王科长',
        via: 'code',
      });
      expect(await m.contactIdFor('王科长')).toBe('new-phone');
    });
  });

  describe('binding codes', () => {
    it('work once, for the key they were issued for, until they expire', async () => {
      const db = (await (await fresh()).connect()).wechat;
      let now = new Date('2026-12-01T09:00:00Z');
      const codes = new BindingCodes(db, () => now);
      const { code } = await codes.issue('王科长', 24);
      expect(code).toMatch(/^\d{6}$/);
      expect(await codes.redeem(code, 'c1')).toEqual({ ok: true, key: '王科长' });
      expect(await codes.redeem(code, 'c2')).toEqual({ ok: false, reason: 'used' });
      const late = (await codes.issue('李科员', 24)).code;
      now = new Date('2026-12-02T09:00:01Z');
      expect(await codes.redeem(late, 'c3')).toEqual({ ok: false, reason: 'expired' });
      expect(await codes.redeem('no-such', 'c4')).toEqual({ ok: false, reason: 'unknown' });
    });

    it('a new code for the same person replaces the unused one', async () => {
      const db = (await (await fresh()).connect()).wechat;
      const codes = new BindingCodes(db);
      const first = (await codes.issue('王科长')).code;
      const second = (await codes.issue('王科长')).code;
      if (first !== second) expect(await codes.redeem(first, 'c1')).toEqual({ ok: false, reason: 'unknown' });
      expect(await codes.redeem(second, 'c1')).toEqual({ ok: true, key: '王科长' });
      expect(await codes.pending()).toEqual([]);
    });

    it('a code is read from 「123456」, 「绑定 123456」 or full-width digits, and nothing else', async () => {
      expect(codeIn('123456')).toBe('123456');
      expect(codeIn('绑定 654321')).toBe('654321');
      expect(codeIn('绑定码：１２３４５６')).toBe('123456');
      expect(codeIn('1234567')).toBeUndefined();
      expect(codeIn('预算 123456')).toBeUndefined();
    });
  });
  it('a code sent by eight contacts on four connections at the same moment binds exactly one of them', async () => {
    const db = await fresh();
    const conns = await Promise.all(Array.from({ length: 4 }, () => db.connect()));
    const { code } = await new BindingCodes(conns[0].wechat).issue('王科长');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => new BindingCodes(conns[i % 4].wechat).redeem(code, `c${i}`)),
    );
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, key: '王科长' }]);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.reason)).toEqual(Array(7).fill('used'));
  });
});
