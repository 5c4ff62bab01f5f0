import { describe, expect, it, vi } from 'vitest';
import { wechatTexts } from '../src/channels/wechat/texts.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { type HarnessOptions, type Person, WechatHarness } from './wechat-harness.js';

// Issue 12, item 1: after a restart (wechat4u gives every contact a new id) a stranger whose WeChat name equals a
// colleague's 备注 — or the admin's — wrote first and was taken for that person.
const keep = closeAfterEach();

/** 汇总 stands for the coordinator's commands: only an admin gets the summary. */
const adminHook: HarnessOptions['hooks'] = [
  async (m) => (m.isAdmin && m.text === '汇总' ? [{ kind: 'text', text: '本期：王科长 已填 1/7' }] : null),
];

async function bot(dataDir: string, before?: (h: WechatHarness) => void): Promise<WechatHarness> {
  const h = new WechatHarness({
    dataDir,
    hooks: adminHook,
    env: { ALLOWED_CONTACTS: '王科长，李科员', ADMIN_CONTACTS: '管理员' },
  });
  keep(h, (x) => x.stop());
  before?.(h);
  return h.login();
}

function dir(): string {
  const d = tempDir('tianbao-takeover-');
  keep(d, cleanup);
  return d;
}

/** 王科长 starts his form and answers 4321 (万元) before the bot restarts. */
async function wangHasAnswered(dataDir: string): Promise<void> {
  const a = await bot(dataDir);
  const wang = a.person('Wang Wei', '王科长');
  await wang.say('开始');
  await wang.say('好');
  expect(await wang.say('4321')).toContain('4321万元');
  await a.stop();
}

describe('nobody can pose as a colleague after a restart', () => {
  it('a stranger named like 王科长’s 备注 who writes first sees nothing of his, and 王科长 carries on', async () => {
    const dataDir = dir();
    await wangHasAnswered(dataDir);
    let wang!: Person;
    let admin!: Person;
    let impostor!: Person;
    const b = await bot(dataDir, (h) => {
      impostor = h.person('王科长');
      wang = h.person('Wang Wei', '王科长');
      admin = h.person('Admin', '管理员');
    });
    expect(await impostor.say('预览')).toBe(wechatTexts.askForCode);
    expect(await impostor.say('继续')).toBe('');
    expect(texts(impostor)).not.toContain('4321');
    expect(admin.replies()).toBe(wechatTexts.nameCollisionAdmin('王科长'));
    // The real person is not locked out: he carries on at his next question.
    expect(await wang.say('继续')).toContain('第 3/7 项');
    expect(b.logs.filter((l) => l.event === 'identity_refused')).toHaveLength(2);
  });

  it('a stranger using 王科长’s own WeChat name (no 备注) gets no key either', async () => {
    const dataDir = dir();
    await wangHasAnswered(dataDir);
    let wang!: Person;
    let copycat!: Person;
    await bot(dataDir, (h) => {
      copycat = h.person('Wang Wei');
      wang = h.person('Wang Wei', '王科长');
    });
    expect(await copycat.say('继续')).toBe(wechatTexts.askForCode);
    expect(await wang.say('继续')).toContain('第 3/7 项');
  });

  it('a stranger named like the admin gets no summary, cannot nudge, and receives no admin notices', async () => {
    const dataDir = dir();
    let admin!: Person;
    let fake!: Person;
    const h = await bot(dataDir, (x) => {
      fake = x.person('管理员');
      admin = x.person('Admin', '管理员');
    });
    expect(await fake.say('汇总')).toBe(wechatTexts.askForCode);
    expect(await fake.say('汇总')).toBe('');
    // A failure notice quoting someone's message goes to the real admin only.
    h.channel.outbox.enqueue('已删除的好友', [{ kind: 'text', text: '请于周五前提交' }], { key: 'test:gone' });
    await h.idle();
    expect(fake.replies()).toBe('');
    expect(admin.replies()).toContain('已删除的好友');
    expect(await admin.say('汇总')).toBe('本期：王科长 已填 1/7');
  });

  it('after a re-login a contact with 王科长’s 备注 but another WeChat name is asked for a code, admins are told', async () => {
    const dataDir = dir();
    await wangHasAnswered(dataDir);
    let renamed!: Person;
    let admin!: Person;
    await bot(dataDir, (h) => {
      renamed = h.person('W.', '王科长');
      admin = h.person('Admin', '管理员');
    });
    expect(await renamed.say('预览')).toBe(wechatTexts.identityConflict);
    expect(admin.replies()).toBe(wechatTexts.ambiguousAdmin('王科长', 'W.'));
  });

  it('two contacts given the same 备注 in one login: the second is refused and admins are told', async () => {
    let first!: Person;
    let second!: Person;
    let admin!: Person;
    await bot(dir(), (h) => {
      first = h.person('Li Na', '李科员');
      admin = h.person('Admin', '管理员');
    }).then(async (h) => {
      expect(await first.say('开始')).toContain('第 1/7 项');
      second = h.person('Li Na', '李科员');
      expect(await second.say('预览')).toBe(wechatTexts.identityConflict);
      expect(admin.replies()).toBe(wechatTexts.conflictAdmin('李科员'));
    });
  });
});

describe('binding a colleague with a one-time code', () => {
  it('the admin issues a code, the person sends it once and is served; the bot sets the 备注 for next time', async () => {
    const h = await bot(dir());
    const admin = h.person('Admin', '管理员');
    const li = h.person('Li Na');
    const setAlias = vi.spyOn(h.puppet, 'contactAlias');
    expect(await li.say('开始')).toBe(wechatTexts.askForCode);
    const { code } = await h.channel.codes.issue('李科员');
    expect(await li.say(`绑定 ${code}`)).toBe(wechatTexts.bound('李科员'));
    expect(await li.say('开始')).toContain('第 1/7 项');
    expect(admin.replies()).toBe(wechatTexts.boundAdmin('李科员', 'Li Na'));
    expect(setAlias).toHaveBeenCalledWith(li.contact.id, '李科员');
    // Used up: nobody else can bind with it.
    const other = h.person('Somebody');
    expect(await other.say(code)).toBe(wechatTexts.codeWrong);
  });

  it('a code is the admin’s word: it moves the key to a new phone, and the old contact is refused', async () => {
    const h = await bot(dir());
    const oldPhone = h.person('Wang Wei', '王科长');
    expect(await oldPhone.say('开始')).toContain('第 1/7 项');
    const newPhone = h.person('Wang Wei 2');
    expect(await newPhone.say((await h.channel.codes.issue('王科长')).code)).toBe(wechatTexts.bound('王科长'));
    expect(await newPhone.say('继续')).toContain('第 1/7 项');
    expect(await oldPhone.say('预览')).toBe(wechatTexts.identityConflict);
  });

  it('guessing codes stops after five wrong tries an hour; six digits from a known person are an answer, not a code', async () => {
    const h = await bot(dir());
    const guesser = h.person('Guesser');
    for (const guess of ['111111', '222222', '333333', '444444', '555555'])
      expect(await guesser.say(guess)).toBe(wechatTexts.codeWrong);
    const { code } = await h.channel.codes.issue('李科员');
    expect(await guesser.say(code)).toBe(wechatTexts.codeTooMany);
    expect(await guesser.say(code)).toBe('');
    expect(h.logs.filter((l) => l.event === 'binding_code_failed')).toHaveLength(5);

    const wang = h.person('Wang Wei', '王科长');
    await wang.say('开始');
    await wang.say('好');
    expect(await wang.say('123456')).toContain('123456万元');
  });

  // Issue 21, item 4: six contacts × five wrong codes used to lock every colleague out for an hour, unseen.
  it('many guessers together slow down, admins are told once, and a colleague’s valid code still binds', async () => {
    const h = await bot(dir());
    const admin = h.person('Admin', '管理员');
    const guessers = Array.from({ length: 6 }, (_, i) => h.person(`Guesser ${i}`));
    let n = 100000;
    for (const g of guessers) for (let k = 0; k < 5; k++) expect(await g.say(String(n++))).toBe(wechatTexts.codeWrong);
    expect(admin.replies()).toBe(wechatTexts.codeGuessingAdmin(30));
    // A seventh account gets its first guess checked, then waits: no reply per guess while it waits.
    const seventh = h.person('Guesser 6');
    expect(await seventh.say(String(n++))).toBe(wechatTexts.codeWrong);
    expect(await seventh.say(String(n++))).toBe(wechatTexts.codeSlowed(30));
    expect(await seventh.say(String(n++))).toBe('');
    // The colleague the admin gave a code binds at the first try.
    const li = h.person('Li Na');
    const { code } = await h.channel.codes.issue('李科员');
    expect(await li.say(`绑定 ${code}`)).toBe(wechatTexts.bound('李科员'));
    expect(await li.say('开始')).toContain('第 1/7 项');
    // Admins heard of the guessing once this hour, then of the binding.
    expect(admin.replies()).toBe(wechatTexts.boundAdmin('李科员', 'Li Na'));
  });

  it('a contact who is not a friend is not looked up or mapped', async () => {
    const h = await bot(dir());
    const notFriend = h.person('Wang Wei', '王科长', { friend: false });
    expect(await notFriend.say('开始')).toBe('');
    expect(await h.channel.identity.knows(notFriend.contact.id)).toBe(false);
  });
});

const texts = (p: Person) => p.inbox.map((r) => r.text ?? '').join('\n');
