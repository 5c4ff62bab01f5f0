import type { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { FileBox } from 'file-box';
import { ScanStatus, WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { type App, buildApp } from '../src/app/build-engine.js';
import { wechatConfigFromEnv } from '../src/app/channel-config.js';
import { WechatChannel } from '../src/channels/wechat/bot.js';
import { chatImportHooks } from '../src/channels/wechat/chat-import-hooks.js';
import type { WechatConfig } from '../src/channels/wechat/config.js';
import type { MessageHook } from '../src/channels/wechat/router.js';
import type { Logger } from '../src/outbox/logger.js';
import { fakeTime } from './outbox-fake-time.js';
import { FIXTURE_FLOWS } from './support/chat.js';

export const BOT_NAME = '填报助手';

export interface Received {
  at: number;
  text?: string;
  file?: { name: string; bytes: Buffer };
}

/** A person on the mock WeChat: says things to the bot, collects what the bot sends back. */
export class Person {
  readonly inbox: Received[] = [];
  readonly said: string[] = [];
  private read = 0;

  constructor(
    readonly contact: mock.ContactMock,
    private readonly h: WechatHarness,
  ) {
    onMessage(contact, (m) => {
      if (m.talker().id === contact.id) return void this.said.push(m.id);
      if (m.talker().id !== h.me.id || m.room()) return;
      this.h.record(this.inbox, m);
    });
  }

  /** Says a text to the bot and waits until the bot has handled it and sent every reply. */
  async say(text: string): Promise<string> {
    this.contact.say(text).to(this.h.me);
    await this.h.handled(this.said[this.said.length - 1]);
    return this.replies();
  }

  /** Sends a file (a WeChat 文件) to the bot and waits until it is handled; returns the texts received. */
  async sendFile(bytes: Buffer, name: string): Promise<string> {
    this.contact.say(FileBox.fromBase64(bytes.toString('base64'), name)).to(this.h.me);
    await this.h.handled(this.said[this.said.length - 1]);
    return this.replies();
  }

  /** Texts received since the last call, joined. */
  replies(): string {
    const fresh = this.inbox.slice(this.read);
    this.read = this.inbox.length;
    return fresh
      .filter((r) => r.text !== undefined)
      .map((r) => r.text)
      .join('\n');
  }

  /** Files received, once their bytes have been read from the mock. */
  async files(): Promise<Array<{ name: string; bytes: Buffer }>> {
    const entries = this.inbox.filter((r) => r.text === undefined);
    await until(() => entries.every((r) => r.file), 'file bytes');
    return entries.map((r) => r.file!);
  }
}

export interface HarnessOptions {
  dataDir: string;
  /** The forms the bot offers (default: the test fixtures, read-only). */
  flowsDir?: string;
  /** Wire import by chat as `npm start` does (admins send a form file; 发布 writes into flowsDir). */
  chatImport?: boolean;
  env?: NodeJS.ProcessEnv;
  hooks?: MessageHook[];
  isAllowed?: (key: string) => boolean;
  startAt?: number;
  /** Pauses between sends never end (until stop): what is enqueued after the first send stays queued. */
  holdPauses?: boolean;
  /** Where the channel writes its lines for the person at the terminal (default: nowhere). */
  terminal?: NodeJS.WritableStream | null;
  /** Keep everything in this PostgreSQL database instead of the data dir's SQLite file (TIANBAO_DATABASE_URL). */
  databaseUrl?: string;
}

/**
 * The real channel, engine and SQLite store on wechaty-puppet-mock: a bot account logs in, people are
 * mock contacts. Time is fake for the outbox (pauses are recorded, not waited).
 */
export class WechatHarness {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  readonly bot = WechatyBuilder.build({ puppet: this.puppet });
  readonly app: App;
  readonly channel: WechatChannel;
  readonly config: WechatConfig;
  readonly time;
  readonly logs: Array<{ level: string; event: string; fields: Record<string, unknown> }> = [];
  me!: mock.ContactMock;
  /** The login QR code PNG as it was on disk while waiting for the scan. */
  qrPng?: Buffer;

  constructor(readonly opts: HarnessOptions) {
    this.time = fakeTime(opts.startAt ?? Date.now());
    const flowsDir = opts.flowsDir ?? FIXTURE_FLOWS;
    this.app = buildApp({ dataDir: opts.dataDir, flowsDir, databaseUrl: opts.databaseUrl });
    this.config = wechatConfigFromEnv({ OUTBOX_INTERVAL_MS: '1500', OUTBOX_JITTER_MS: '500', ...opts.env });
    const log: Logger = (level, event, fields = {}) => this.logs.push({ level, event, fields });
    const imports = opts.chatImport
      ? chatImportHooks({ flowsDir, dataDir: opts.dataDir, reload: () => this.app.catalog.reload(), log })
      : undefined;
    this.channel = new WechatChannel({
      bot: this.bot,
      engine: this.app.engine,
      wechatRows: this.app.tables.wechat,
      outboxRows: this.app.tables.outbox,
      dataDir: opts.dataDir,
      config: this.config,
      hooks: imports ? [imports.text, ...(opts.hooks ?? [])] : opts.hooks,
      fileHook: imports?.file,
      isAllowed: opts.isAllowed,
      clock: this.time.clock,
      sleep: opts.holdPauses ? () => new Promise<void>(() => {}) : this.time.sleep,
      random: () => 0.5,
      log,
      terminal: opts.terminal ?? null,
    });
  }

  /** Starts the bot, shows a login QR code, and logs the bot account in. */
  async login(): Promise<this> {
    await this.app.ready;
    await this.channel.start();
    await new Promise((r) => setImmediate(r)); // the mocker starts on the next turn
    this.mocker.scan('https://login.weixin.qq.com/l/mock-qr', ScanStatus.Waiting);
    await until(() => this.logs.some((l) => l.event === 'login_qr' || l.event === 'login_qr_failed'));
    const qr = this.logs.find((l) => l.event === 'login_qr');
    if (qr) this.qrPng = readFileSync(String(qr.fields.png));
    this.me = this.mocker.createContact({ name: BOT_NAME });
    const logins = () => this.logs.filter((l) => l.event === 'login').length;
    const before = logins();
    this.mocker.login(this.me);
    await until(() => this.bot.isLoggedIn);
    // The channel's own login handler has run (the outbox resumed, the identity generation begun).
    await until(() => logins() > before, 'login event');
    await this.idle();
    return this;
  }

  person(name: string, alias?: string, extra: { friend?: boolean } = {}): Person {
    return new Person(this.mocker.createContact({ name, alias, ...extra }), this);
  }

  /** A group with these people and the bot; `inbox` collects what the bot says in it. */
  group(
    topic: string,
    people: Person[],
  ): { room: mock.RoomMock; inbox: Received[]; say(p: Person, text: string, mention?: boolean): Promise<void> } {
    const room = this.mocker.createRoom({ topic, memberIdList: [this.me.id, ...people.map((p) => p.contact.id)] });
    const inbox: Received[] = [];
    onMessage(room, (m) => {
      if (m.talker().id === this.me.id) this.record(inbox, m);
    });
    const say = async (p: Person, text: string, mention = true) => {
      p.contact.say(mention ? `@${BOT_NAME} ${text}` : text, mention ? [this.me] : []).to(room);
      await this.handled(p.said[p.said.length - 1]);
    };
    return { room, inbox, say };
  }

  /** Delivers a message the mock has already delivered once, as puppets sometimes do. */
  async redeliver(messageId: string): Promise<void> {
    const seen = () => this.logs.filter((l) => l.event === 'message' && l.fields.id === messageId).length;
    const before = seen();
    this.puppet.emit('message', { messageId });
    await until(() => seen() > before, 'redelivery');
    await this.idle();
  }

  /** Waits until the message with this id was routed and the outbox has nothing left to send now. */
  async handled(messageId: string | undefined): Promise<void> {
    await this.routed(messageId);
    await this.idle();
  }

  /** Waits until the message with this id was routed (its replies are in the outbox). */
  async routed(messageId: string | undefined): Promise<void> {
    await until(
      () =>
        this.logs.some((l) => l.event === 'message' && l.fields.id === messageId) ||
        this.logs.some((l) => l.event === 'message_failed'),
    );
    const failed = this.logs.find((l) => l.event === 'message_failed');
    if (failed) throw new Error(`message failed: ${String(failed.fields.error)}`);
  }

  /** Everything received has been routed and everything due has been sent. */
  async idle(): Promise<void> {
    await this.channel.settled();
    await until(async () => {
      const c = await this.channel.outbox.counts();
      return c.sending === 0 && (c.queued === 0 || this.channelPaused());
    });
  }

  private channelPaused(): boolean {
    return !this.bot.isLoggedIn;
  }

  record(into: Received[], m: mock.MessageMock): void {
    const at = this.time.clock();
    const text = m.text();
    if (text !== undefined && m.type() === 7) return void into.push({ at, text });
    const entry: Received = { at };
    into.push(entry);
    void m.toFileBox().then(async (fb) => {
      entry.file = { name: fb.name, bytes: await fb.toBuffer() };
    });
  }

  private stopped = false;

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.channel.stop();
    await this.app.close();
  }
}

/** The mock's contacts and rooms are event emitters (their typings depend on a package not installed). */
function onMessage(target: mock.ContactMock | mock.RoomMock, fn: (m: mock.MessageMock) => void): void {
  (target as unknown as EventEmitter).on('message', fn);
}

/** Polls a condition on the event loop (not a timing assertion: gives up after 30 s, so a loaded machine is not a failure). */
export async function until(cond: () => boolean | Promise<boolean>, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
