import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wecomConfigFromEnv } from '../src/app/channel-config.js';
import type { MessageHook } from '../src/channels/wechat/router.js';
import { WecomChannel } from '../src/channels/wecom/channel.js';
import { cleanup, closeAfterEach, tempDir } from './support/chat.js';
import { FakeWecom } from './support/wecom-fake-server.js';
import { WecomHarness } from './wecom-harness.js';

const keep = closeAfterEach();
const start = async (opts: Partial<Parameters<typeof WecomHarness.start>[0]> = {}) =>
  keep(await WecomHarness.start({ dataDir: keep(tempDir('tianbao-wecom-'), cleanup), ...opts }), (h) => h.close());

describe('WeCom: who is who, and what each message gets', () => {
  it('two userids filling at once are kept apart: each gets their own questions and their own answers', async () => {
    const h = await start();
    const zhang = h.person('zhangsan');
    const li = h.person('lisi');
    await zhang.say('开始');
    await li.say('开始');
    expect(await zhang.say('好')).toContain('第 2/7 项');
    expect(await zhang.say('120')).toContain('第 3/7 项');
    // 李四 is still at question 2, whatever 张三 answered.
    expect(await li.say('好')).toContain('第 2/7 项');
    expect(await li.say('进度')).toContain('1/7');
    expect(await zhang.say('进度')).toContain('2/7');
    // Nothing of one reached the other's chat.
    expect(h.fake.chatOf('lisi').some((b) => b.text?.includes('120'))).toBe(false);
    expect(h.app.sqlite!.activeSession('zhangsan')?.answered).toBe(2);
    expect(h.app.sqlite!.activeSession('lisi')?.answered).toBe(1);
  });

  it('a callback WeCom delivers twice is answered once', async () => {
    const h = await start();
    const zhang = h.person('zhangsan');
    await zhang.say('开始');
    await zhang.say('好');
    const frame = h.fake.lastCallback!;
    h.fake.redeliver(frame);
    await h.until(() => h.logs.some((l) => l.fields.route === 'duplicate'), 'the duplicate to be seen');
    await h.idle();
    expect(h.fake.repliesTo(frame.headers.req_id)).toHaveLength(1);
    expect(h.app.sqlite!.activeSession('zhangsan')?.answered).toBe(1);
  });

  it('with ALLOWED_CONTACTS set, others are refused once, then ignored; admins are served', async () => {
    const h = await start({ env: { ALLOWED_CONTACTS: 'lisi', ADMIN_CONTACTS: 'boss' } });
    const stranger = h.person('wangwu');
    expect(await stranger.say('你好')).toContain('目前只为已登记的同事服务');
    const req = await h.fake.sendText('wangwu', '你好？');
    await h.until(() => h.logs.some((l) => l.fields.route === 'refused_again'), 'the second refusal');
    await h.idle();
    expect(h.fake.repliesTo(req)).toEqual([]);
    expect(await h.person('boss').say('你好')).toContain('项目支出绩效自评表');
    expect(await h.person('lisi').say('你好')).toContain('项目支出绩效自评表');
  });

  it('without ALLOWED_CONTACTS everyone WeCom lets see the bot is served', async () => {
    const h = await start();
    expect(await h.person('anyone').say('你好')).toContain('项目支出绩效自评表');
  });

  it('a voice message is its text; a picture gets 「只能读文字」; in a group the bot points to the single chat', async () => {
    const h = await start();
    const zhang = h.person('zhangsan');
    const voice = await h.fake.sendVoice('zhangsan', '开始');
    await h.fake.answered(voice);
    await h.idle();
    expect(zhang.replies()).toContain('第 1/7 项');
    const pic = await h.fake.sendImage('zhangsan');
    await h.fake.answered(pic);
    expect(h.fake.repliesTo(pic)[0].text).toContain('我只能读文字');
    const inGroup = await h.fake.sendText('zhangsan', '开始', { group: 'wrgroup1' });
    await h.fake.answered(inGroup);
    expect(h.fake.repliesTo(inGroup)[0].text).toContain('单聊');
    // Neither moved the form.
    expect(h.app.sqlite!.activeSession('zhangsan')?.answered).toBe(0);
  });

  it('one person sending 25 messages in a minute gets 20 answers and one notice; every message is still recorded', async () => {
    const h = await start();
    const zhang = h.person('zhangsan');
    await zhang.say('开始');
    await zhang.say('好');
    // 2 so far; 23 more at once: the figures of the budget, then the same again.
    const reqs: string[] = [];
    for (let i = 0; i < 23; i++)
      reqs.push(await h.fake.sendText('zhangsan', i === 0 ? '120' : i === 1 ? '114' : `第${i}条`));
    await h.until(() => h.logs.filter((l) => l.event === 'message').length === 25, 'all 25 routed');
    await h.idle();
    const answered = reqs.filter((r) => h.fake.repliesTo(r).length > 0);
    expect(answered).toHaveLength(19);
    expect(h.fake.repliesTo(reqs[18])[0].text).toContain('您发得太快了');
    expect(reqs.slice(19).every((r) => h.fake.repliesTo(r).length === 0)).toBe(true);
    // Nothing typed is lost: all 25 were handled, the two figures recorded.
    const handled = h.app.sqlite!.db.prepare(
      `SELECT COUNT(*) AS n FROM processed_messages WHERE user_key = 'zhangsan'`,
    );
    expect(handled.get()).toEqual({ n: 25 });
    expect(h.app.sqlite!.activeSession('zhangsan')?.answered).toBe(3);
    // Someone else is not held back by it.
    expect(await h.person('lisi').say('你好')).toContain('项目支出绩效自评表');
  });

  it('opening the chat gets a greeting on the event’s req_id', async () => {
    const h = await start();
    const req = await h.fake.enterChat('zhangsan');
    await h.fake.answered(req);
    expect(h.fake.repliesTo(req).map((b) => [b.kind, b.text])).toEqual([
      ['welcome', '您好！我是绩效自评填报助手。回复「开始」填写自评表，回复「帮助」查看怎么用。'],
    ]);
  });

  it('a reply is written for a phone: markdown that keeps every line and every star', async () => {
    const h = await start({ hooks: [async () => [{ kind: 'text', text: '第一行\n分值 12.5*\n# 不是标题' }]] });
    const req = await h.fake.sendText('zhangsan', '随便');
    const [reply] = await h.fake.answered(req);
    expect(reply.text).toBe('第一行  \n分值 12.5＊  \n＃ 不是标题');
  });
});

describe('WeCom: buttons for closed answers', () => {
  /** Stands in for the engine's closed questions (the engine adds choices itself once it has them). */
  const yesNo: MessageHook = async (m) => [
    m.text === '开始'
      ? ({ kind: 'text', text: '任务是否按期完成？', choices: ['是', '否'] } as never)
      : { kind: 'text', text: `收到：${m.text}` },
  ];

  it('a text with choices gets a button card; a click comes back as the same text; typing works too', async () => {
    const h = await start({ hooks: [yesNo] });
    const zhang = h.person('zhangsan');
    const asked = await zhang.say('开始');
    expect(asked).toContain('任务是否按期完成？');
    const card = zhang.latestCard()!;
    expect(card.card?.card_type).toBe('button_interaction');
    expect(card.card?.button_list?.map((b) => [b.text, b.key])).toEqual([
      ['是', '是'],
      ['否', '否'],
    ]);
    // The text and its card answer the same message.
    expect(card.reqId).toBe(h.fake.chatOf('zhangsan')[0].reqId);
    expect(await zhang.click('否')).toContain('收到：否');
    await zhang.say('开始');
    expect(await zhang.say('是')).toContain('收到：是');
  });

  it('WeCom’s 30 messages a minute per chat: buttons are left out before any answer is held back', async () => {
    const h = await start({
      hooks: [async () => [{ kind: 'text', text: '是否达成？', choices: ['是', '否'] } as never]],
    });
    const reqs: string[] = [];
    for (let i = 0; i < 20; i++) reqs.push(await h.fake.sendText('zhangsan', `回答${i}`));
    // Every answer arrives (none waits for the next minute).
    for (const r of reqs) await h.fake.answered(r);
    await h.idle();
    const chat = h.fake.chatOf('zhangsan');
    expect(chat.filter((b) => b.kind === 'stream')).toHaveLength(20);
    // 20 answers, 9 cards: the minute's 30th message is kept for the reply cap's notice.
    expect(chat.filter((b) => b.kind === 'card')).toHaveLength(9);
    expect(chat).toHaveLength(29);
  });

  it('a button under an older answer is refused, not taken as an answer to the newer question', async () => {
    const h = await start({ hooks: [yesNo] });
    const zhang = h.person('zhangsan');
    await zhang.say('开始');
    const old = zhang.latestCard()!;
    await zhang.say('别的');
    const req = await h.fake.click('zhangsan', old.card!.task_id!, '是');
    const [reply] = await h.fake.answered(req);
    expect(reply.text).toContain('这组按钮已过期');
  });
});

describe('WeCom: files in a burst of submissions', () => {
  it('every .docx goes out in the first minute; score pictures take at most 10 of its 30 uploads and wait', async () => {
    const dir = keep(tempDir('tianbao-wecom-burst-'), cleanup);
    writeFileSync(join(dir, 'r.docx'), 'docx bytes');
    writeFileSync(join(dir, 'r.png'), 'png bytes');
    // Each 交表 brings a document and its picture, as a submission does.
    const h = await start({
      hooks: [
        async (m) =>
          m.text === '交表'
            ? [
                { kind: 'file', path: join(dir, 'r.docx'), name: `${m.user}.docx` },
                { kind: 'file', path: join(dir, 'r.png'), name: `${m.user}-得分图.png` },
              ]
            : null,
      ],
    });
    const media = () => h.fake.bubbles.filter((b) => b.media);
    // One after another, as reports finish drawing: each person's .docx arrives before the next submits —
    // also the 16th's, which a picture for each of the first 15 would have pushed into the next minute.
    for (let i = 0; i < 20; i++) {
      await h.fake.sendText(`p${i}`, '交表');
      await h.fake.until(() => media().some((b) => b.userid === `p${i}` && b.kind === 'file'), `p${i}'s .docx`, 30_000);
    }
    await h.fake.until(() => media().length === 30, 'the first minute’s 30 uploads', 30_000);
    expect(media().filter((b) => b.kind === 'file')).toHaveLength(20);
    expect(media().filter((b) => b.kind === 'image')).toHaveLength(10);
    // The other ten pictures are waiting for the next minute, not failed.
    expect(await h.channel.outbox.counts()).toMatchObject({ queued: 10, parked: 0 });
  });
});

describe('WeCom: the connection', () => {
  it('a connection cut in the middle of a form loses nothing: the answer in flight arrives once, after the reconnect', async () => {
    const h = await start();
    const zhang = h.person('zhangsan');
    await zhang.say('开始');
    await zhang.say('好');
    // WeCom is slow to acknowledge; the line drops while the answer to 「120」 is on its way.
    h.fake.ackDelayMs = 300;
    const req = await h.fake.sendText('zhangsan', '120');
    await h.fake.until(() => h.fake.repliesTo(req).length > 0, 'the reply frame');
    h.fake.dropConnection();
    h.fake.ackDelayMs = 0;
    await h.fake.authenticated();
    await h.fake.until(() => (h.fake.repliesTo(req)[0]?.writes ?? 0) >= 2, 'the reply sent again');
    await h.idle();
    // Sent twice, shown once: the same stream id updates the same message.
    expect(h.fake.repliesTo(req)).toHaveLength(1);
    expect(h.fake.repliesTo(req)[0].text).toContain('第 3/7 项');
    expect(h.fake.authOk).toBe(2);
    // The cut is not held against the message: it was sent again, not retried as a failure.
    const row = h.app.sqlite!.db.prepare('SELECT attempts, status FROM outbox WHERE ref = ?').get(req);
    expect(row).toEqual({ attempts: 1, status: 'sent' });
    expect(await zhang.say('114')).toContain('预算执行率由公式计算：95%');
    expect(h.terminal.some((l) => l.includes('已连接'))).toBe(true);
  });

  it('sends heartbeats', async () => {
    const h = await start();
    await h.fake.until(() => h.fake.pings >= 1, 'a ping');
    expect(h.channel.connected).toBe(true);
  });

  it('another process connecting as the same bot stops this one (disconnected_event), which does not reconnect', async () => {
    const h = await start();
    const dir = keep(tempDir('tianbao-wecom-second-'), cleanup);
    const second = keep(await WecomHarness.start({ dataDir: dir, fake: h.fake }), (x) => x.close());
    await expect(h.channel.ended).resolves.toEqual({ reason: 'replaced' });
    expect(await second.person('zhangsan').say('你好')).toContain('项目支出绩效自评表');
    expect(h.fake.authOk).toBe(2);
  });

  it('a stop does not wait for ever on a message still being handled (a report drawn on a busy machine)', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const dir = keep(tempDir('tianbao-wecom-stop-'), cleanup);
    const db = keep((await import('../src/store/sqlite-store.js')).openDatabase(`${dir}/tianbao.db`), (d) => d.close());
    let handling!: () => void;
    const handled = new Promise<void>((r) => {
      handling = r;
    });
    const logs: string[] = [];
    const channel = new WecomChannel({
      // An engine whose turn never ends: what a submission waiting for its report looks like from here.
      engine: {
        handle: () => {
          handling();
          return new Promise(() => {});
        },
      },
      wechatRows: new (await import('../src/store/sqlite/wechat-rows.js')).SqliteWechatRows(db),
      outboxRows: new (await import('../src/store/sqlite/outbox-rows.js')).SqliteOutboxRows(db),
      config: wecomConfigFromEnv({ WECOM_BOT_ID: fake.botId, WECOM_BOT_SECRET: fake.secret, WECOM_WS_URL: fake.url })!,
      terminal: null,
      log: (_level, event, fields) => logs.push(`${event} ${JSON.stringify(fields ?? {})}`),
      stopWaitMs: 50,
    });
    channel.start();
    await fake.authenticated();
    await fake.sendText('zhangsan', '确认');
    await handled;
    await channel.stop();
    expect(logs).toContain('wecom_stop_without_waiting {"handling":1}');
    expect(channel.connected).toBe(false);
  });

  it('a wrong Bot ID or Secret ends the channel with WeCom’s reason', async () => {
    const fake = keep(await FakeWecom.start(), (f) => f.close());
    const h = await start({ fake });
    await h.stop();
    const config = wecomConfigFromEnv({ WECOM_BOT_ID: fake.botId, WECOM_BOT_SECRET: 'wrong', WECOM_WS_URL: fake.url })!;
    const db = (await import('../src/store/sqlite-store.js')).openDatabase(`${h.opts.dataDir}/tianbao.db`);
    const channel = new WecomChannel({
      engine: h.app.engine,
      wechatRows: new (await import('../src/store/sqlite/wechat-rows.js')).SqliteWechatRows(db),
      outboxRows: new (await import('../src/store/sqlite/outbox-rows.js')).SqliteOutboxRows(db),
      config,
      terminal: null,
      log: () => {},
      client: { reconnectInterval: 10, maxAuthFailureAttempts: 1 },
    });
    keep(channel, (c) => c.stop());
    channel.start();
    const end = await channel.ended;
    expect(end).toEqual({ reason: 'auth', error: 'invalid bot_id or secret (code: 40001)' });
    expect(fake.authFailed).toBe(2);
  });
});
