import { afterEach, describe, expect, it } from 'vitest';
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

describe('people are known by 备注, then name — never by the contact id', () => {
  it('uses the 备注 when there is one, the WeChat name otherwise', () => {
    const { m } = map();
    expect(m.identify({ id: 'c1', name: 'Wang Wei', alias: '王科长' })).toEqual({ ok: true, key: '王科长' });
    expect(m.identify({ id: 'c2', name: ' 李娜 ', alias: '' })).toEqual({ ok: true, key: '李娜' });
  });

  it('a contact renamed during a login keeps the key it had', () => {
    const { m } = map();
    m.identify({ id: 'c1', name: '王伟', alias: null });
    expect(m.identify({ id: 'c1', name: '王伟（请假中）', alias: null })).toEqual({ ok: true, key: '王伟' });
    expect(m.contactIdFor('王伟')).toBe('c1');
  });

  it('after a re-login (new ids, wechat4u) the same 备注 is the same person, and the new id is the one to write to', () => {
    const { m } = map();
    m.identify({ id: 'old-id', name: 'Wang Wei', alias: '王科长' });
    m.beginLogin('login-2');
    expect(m.identify({ id: 'new-id', name: 'Wang Wei', alias: '王科长' })).toEqual({ ok: true, key: '王科长' });
    expect(m.contactIdFor('王科长')).toBe('new-id');
  });

  it('a second contact with the same name in one login is not given the first one’s key', () => {
    const { m } = map();
    m.identify({ id: 'c1', name: '张伟', alias: null });
    expect(m.identify({ id: 'c2', name: '张伟', alias: null })).toEqual({ ok: false, reason: 'conflict', key: '张伟' });
    // Still refused on the next message; the first keeps the key.
    expect(m.identify({ id: 'c2', name: '张伟', alias: null }).ok).toBe(false);
    expect(m.contactIdFor('张伟')).toBe('c1');
  });

  it('with puppets whose ids are stable, a different id with a taken key is a different person even across logins', () => {
    const { m } = map(true);
    m.identify({ id: 'wxid_a', name: '张伟', alias: null });
    m.beginLogin('login-2');
    expect(m.identify({ id: 'wxid_b', name: '张伟', alias: null }).ok).toBe(false);
    expect(m.identify({ id: 'wxid_a', name: '张伟', alias: null })).toEqual({ ok: true, key: '张伟' });
  });

  it('a contact without any name, or named like an outbox address, cannot be identified', () => {
    const { m } = map();
    expect(m.identify({ id: 'c1', name: '  ', alias: null })).toMatchObject({ ok: false, reason: 'nameless' });
    // Replies to this key would otherwise be sent to the contact with id c1.
    expect(m.identify({ id: 'c2', name: 'contact:c1', alias: null })).toMatchObject({ ok: false, reason: 'reserved' });
    expect(m.identify({ id: 'c3', name: '王五', alias: 'Room:123@chatroom' })).toMatchObject({
      ok: false,
      reason: 'reserved',
    });
  });
});
