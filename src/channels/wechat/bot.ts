import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FileBox } from 'file-box';
import { type Contact, type Message, type Room, ScanStatus, types, type Wechaty } from 'wechaty';
import type { MaybePromise } from '../../engine/ports.js';
import { SerialByKey } from '../../engine/serial-by-key.js';
import { jsonLogger, type Logger } from '../../outbox/logger.js';
import { Outbox, type OutboxMessage, type OutboxOptions } from '../../outbox/outbox.js';
import type { OutboxRows } from '../../store/outbox-rows.js';
import type { WechatRows } from '../../store/wechat-rows.js';
import { ReplyLimiter } from '../reply-limit.js';
import { AccessControl } from './access.js';
import { AttemptLimiter } from './attempts.js';
import { BindingCodes } from './binding-codes.js';
import type { WechatConfig } from './config.js';
import { IdentityMap } from './identity.js';
import { showLoginQr } from './qr.js';
import {
  type FileHook,
  type IncomingFile,
  type IncomingMessage,
  type MessageHook,
  MessageRouter,
  type RouterDeps,
} from './router.js';
import { ChannelState } from './state.js';
import { wechatTexts } from './texts.js';

export interface WechatChannelOptions {
  bot: Wechaty;
  engine: RouterDeps['engine'];
  /** The channel's own tables: identity map, codes, guesses, refusals, state (one adapter per backend). */
  wechatRows: WechatRows;
  /** The outbox table (one adapter per backend, from the app's Backend). */
  outboxRows: OutboxRows;
  dataDir: string;
  config: WechatConfig;
  hooks?: MessageHook[];
  /** Files sent to the bot (a form for import); see chat-import-hooks.ts. */
  fileHook?: FileHook;
  /** Extra people allowed (assignees of campaigns). */
  isAllowed?: (key: string) => MaybePromise<boolean>;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  log?: Logger;
  /** Where the login QR code is drawn; null = nowhere (tests). */
  terminal?: NodeJS.WritableStream | null;
  /** When other channels share the outbox table: this channel's lane (its own rows, and those from before lanes). */
  outboxLane?: Pick<OutboxOptions, 'channel' | 'serves'>;
}

/** Puppets whose contact ids change at every login; with the others an id is a person for good. */
const VOLATILE_ID_PUPPETS = new Set(['wechaty-puppet-wechat4u', 'wechaty-puppet-wechat']);

const UNEXPECTED_LOGOUT = 'unexpected_logout';
/** While WeChat cannot be reached, say so at 5 s, 10 s, 20 s … then every 5 minutes: not 166 lines a minute. */
const FIRST_REPORT_GAP_MS = 5_000;
const MAX_REPORT_GAP_MS = 5 * 60_000;

/**
 * The WeChat channel: wechaty events in, the outbox out. Login, logout and errors are logged as JSON
 * lines; the outbox is held while logged out and admins hear once when the bot is back after an
 * unexpected logout.
 */
export class WechatChannel {
  readonly outbox: Outbox;
  readonly identity: IdentityMap;
  readonly access: AccessControl;
  readonly router: MessageRouter;
  readonly codes: BindingCodes;
  private readonly state: ChannelState;
  private readonly log: Logger;
  private readonly clock: () => number;
  private readonly serial = new SerialByKey();
  private readonly inflight = new Set<Promise<unknown>>();
  private stopping = false;
  /** Since when the bot has been without a login (start, or an unexpected logout); undefined while logged in. */
  private downSince: number | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private unreachable = { errors: 0, nextReportAt: 0, gapMs: FIRST_REPORT_GAP_MS };
  private giveUp!: (reason: string) => void;
  /**
   * Resolves when no login succeeded for WECHAT_LOGIN_TIMEOUT_MINUTES: the caller exits non-zero, so a supervisor
   * (systemd, see docs/tianbao.service) restarts the bot instead of it hanging offline for ever.
   */
  readonly gaveUp = new Promise<string>((resolve) => (this.giveUp = resolve));

  constructor(private readonly opts: WechatChannelOptions) {
    const { wechatRows: db, config } = opts;
    this.clock = opts.clock ?? Date.now;
    this.log = opts.log ?? jsonLogger();
    this.state = new ChannelState(db);
    const now = () => new Date(this.clock());
    this.identity = new IdentityMap(db, { stableIds: !VOLATILE_ID_PUPPETS.has(config.puppet), clock: now });
    this.access = new AccessControl(
      db,
      { allowed: config.allowed, admins: config.admins, allowAll: config.allowAll, isAllowed: opts.isAllowed },
      now,
    );
    this.outbox = new Outbox({
      rows: opts.outboxRows,
      send: (m) => this.send(m),
      ...config.outbox,
      clock: this.clock,
      sleep: opts.sleep,
      random: opts.random,
      log: this.log,
      onParked: (m, error) => this.parked(m, error),
      ...opts.outboxLane,
    });
    // Replies are enqueued in the same transaction as the turn that made them.
    opts.engine.useOutbox?.(this.outbox);
    this.codes = new BindingCodes(db, now);
    this.router = new MessageRouter({
      engine: opts.engine,
      outbox: this.outbox,
      identity: this.identity,
      access: this.access,
      codes: this.codes,
      codeAttempts: new AttemptLimiter(db, 'code', config.codeAttempts, this.clock),
      aliasHolders: async (alias) => (await opts.bot.Contact.findAll({ alias }).catch(() => [])).length,
      setAlias: async (id, alias) => {
        const c = await opts.bot.Contact.find({ id });
        await c?.alias(alias);
      },
      hooks: opts.hooks,
      fileHook: opts.fileHook,
      staleAfterMs: config.staleAfterMs,
      replyLimit: new ReplyLimiter({ perWindow: config.repliesPerMinute, clock: this.clock }),
      clock: this.clock,
      log: this.log,
    });
  }

  async start(): Promise<void> {
    const { bot, config } = this.opts;
    if (!config.allowAll && !config.allowed.size)
      this.log('warn', 'access_default', {
        served: 'ADMIN_CONTACTS and campaign assignees only',
        hint: 'set ALLOWED_CONTACTS, or ALLOW_ALL=1',
      });
    bot.on('scan', (qrcode, status) => void this.onScan(qrcode, status));
    bot.on('login', (user) => this.track(this.onLogin(user)));
    bot.on('logout', (user, reason) => this.track(this.onLogout(user, reason)));
    bot.on('message', (msg) => this.track(this.onMessage(msg)));
    const passphraseAttempts = new AttemptLimiter(
      this.opts.wechatRows,
      'passphrase',
      config.passphraseAttempts,
      this.clock,
    );
    bot.on('friendship', (f) =>
      this.track(
        handleFriendship(f, {
          passphrase: config.friendPassphrase,
          log: this.log,
          attempts: passphraseAttempts,
          onWrong: (name) =>
            this.router.notifyAdmins(
              wechatTexts.passphraseFailedAdmin(name),
              `admin:passphrase:${Math.floor(this.clock() / 3_600_000)}`,
            ),
          onBusy: (count) =>
            this.router.notifyAdmins(
              wechatTexts.passphraseGuessingAdmin(count),
              `admin:passphrase-guessing:${Math.floor(this.clock() / 3_600_000)}`,
            ),
        }),
      ),
    );
    bot.on('error', (e) => this.logError(e));
    this.outbox.pause();
    this.outbox.start();
    this.downSince = this.clock();
    this.watchdog = setInterval(() => this.checkLogin(), 5_000);
    this.watchdog.unref();
    this.log('info', 'wechat_starting', { puppet: config.puppet, token: Boolean(config.token) });
    await bot.start();
  }

  /** Stops after the message being sent; what is left in the outbox is sent at the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchdog);
    await Promise.allSettled([...this.inflight]);
    await this.outbox.stop();
    await this.opts.bot.stop();
    this.log('info', 'wechat_stopped', {});
  }

  /** Resolves when every message received so far has been routed (tests, graceful stop). */
  async settled(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  private lastError: { text: string; at: number; repeated: number } | undefined;

  /**
   * A puppet that cannot reach WeChat repeats errors many times a second. Logged out: one line now and then
   * (backing off to every 5 minutes) saying WeChat cannot be reached and when the bot gives up. Logged in: each
   * distinct error once a minute.
   */
  private logError(e: unknown): void {
    const text = e instanceof Error ? e.message : String(e);
    const now = this.clock();
    if (this.downSince !== undefined) {
      const u = this.unreachable;
      u.errors++;
      if (now < u.nextReportAt) return;
      const downMin = Math.floor((now - this.downSince) / 60_000);
      const limitMin = Math.round(this.opts.config.loginTimeoutMs / 60_000);
      // The stack once; after that the same failure by its message only.
      this.log('error', 'wechat_unreachable', {
        error: u.gapMs === FIRST_REPORT_GAP_MS ? e : text,
        errors: u.errors,
        down_min: downMin,
        gives_up_min: limitMin,
      });
      this.terminal()?.write(`${wechatTexts.terminalUnreachable(text.slice(0, 80), downMin, limitMin)}\n`);
      u.errors = 0;
      u.nextReportAt = now + u.gapMs;
      u.gapMs = Math.min(u.gapMs * 2, MAX_REPORT_GAP_MS);
      this.checkLogin();
      return;
    }
    const last = this.lastError;
    if (last && last.text === text && now - last.at < 60_000) {
      last.repeated++;
      return;
    }
    if (last?.repeated) this.log('error', 'wechaty_error_repeated', { error: last.text, times: last.repeated });
    this.lastError = { text, at: now, repeated: 0 };
    this.log('error', 'wechaty_error', { error: e });
  }

  /** Gives up (see gaveUp) once the bot has been without a login for the configured time. */
  checkLogin(): void {
    const limit = this.opts.config.loginTimeoutMs;
    if (this.downSince === undefined || !limit || this.stopping) return;
    const down = this.clock() - this.downSince;
    if (down < limit) return;
    this.log('error', 'wechat_login_timeout', { down_min: Math.floor(down / 60_000) });
    this.giveUp(`连续 ${Math.round(limit / 60_000)} 分钟未能登录微信`);
  }

  private terminal(): NodeJS.WritableStream | null {
    return this.opts.terminal === undefined ? process.stderr : this.opts.terminal;
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async onScan(qrcode: string, status: ScanStatus): Promise<void> {
    this.log('info', 'scan', { status: ScanStatus[status] });
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
    try {
      const shown = await showLoginQr(qrcode, join(this.opts.dataDir, 'login-qr.png'), this.terminal());
      this.log('info', 'login_qr', shown);
    } catch (e) {
      this.log('error', 'login_qr_failed', { error: e });
    }
  }

  private async onLogin(user: Contact): Promise<void> {
    this.downSince = undefined;
    this.unreachable = { errors: 0, nextReportAt: 0, gapMs: FIRST_REPORT_GAP_MS };
    this.identity.beginLogin(`${this.clock()}-${user.id}`);
    this.log('info', 'login', { name: user.name() });
    const qr = join(this.opts.dataDir, 'login-qr.png');
    if (existsSync(qr)) rmSync(qr, { force: true });
    const down = await this.state
      .get<{ at: number; reason: string }>(UNEXPECTED_LOGOUT)
      .catch((e) => void this.log('error', 'state_read_failed', { error: e }));
    if (down) {
      const since = new Date(down.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
      await this.router.notifyAdmins(wechatTexts.backOnline(since, down.reason), `admin:back-online:${down.at}`);
      await this.state.delete(UNEXPECTED_LOGOUT);
    }
    this.outbox.resume();
  }

  private async onLogout(user: Contact, reason?: string): Promise<void> {
    this.outbox.pause();
    if (this.stopping) {
      this.log('info', 'logout', { name: user.name(), expected: true });
      return;
    }
    this.downSince = this.clock();
    // Kept in the database: even if the process restarts before logging in again, admins hear it once.
    await this.state.set(UNEXPECTED_LOGOUT, { at: this.clock(), reason: reason ?? '' });
    this.log('warn', 'logout', { name: user.name(), expected: false, reason: reason ?? '' });
  }

  private async onMessage(msg: Message): Promise<void> {
    try {
      if (msg.self()) return;
      // Chained by contact from the moment the event fires: the async conversion cannot reorder messages.
      const route = await this.serial.run(msg.talker().id, async () => this.router.route(await toIncoming(msg)));
      this.log('info', 'message', { id: msg.id, route, room: Boolean(msg.room()) });
    } catch (e) {
      this.log('error', 'message_failed', { id: msg.id, error: e });
    }
  }

  private parked(m: OutboxMessage, error: string): void {
    // A notice to admins that itself fails is only logged: no notices about notices.
    if (m.key?.startsWith('admin:')) return;
    const what =
      m.kind === 'text'
        ? wechatTexts.parkedText(`${m.text.slice(0, 30)}${m.text.length > 30 ? '…' : ''}`)
        : wechatTexts.parkedFile(m.name);
    void this.router
      .notifyAdmins(wechatTexts.parked(m.to, what, error), `admin:parked:${m.id}`)
      .catch((e) => this.log('error', 'admin_notice_failed', { error: e }));
  }

  private async send(m: OutboxMessage): Promise<void> {
    if (!this.opts.bot.isLoggedIn) throw new Error('微信未登录');
    const target = await this.resolve(m.to);
    // Base64 works with every puppet (the mock puppet cannot read files); the bytes are read at send time.
    const payload = m.kind === 'text' ? m.text : FileBox.fromBase64(readFileSync(m.path).toString('base64'), m.name);
    await target.say(payload);
  }

  /**
   * Whether a message to this person's key would find its contact now (the console warns about names it would
   * not); undefined while logged out, when nobody can tell.
   */
  async canReach(key: string): Promise<boolean | undefined> {
    try {
      // Before the puppet starts, wechaty throws on this: nobody can tell yet.
      if (!this.opts.bot.isLoggedIn) return undefined;
    } catch {
      return undefined;
    }
    try {
      await this.contactOf(key);
      return true;
    } catch {
      return false;
    }
  }

  private async resolve(to: string): Promise<Contact | Room> {
    const { bot } = this.opts;
    if (to.startsWith('room:')) {
      const room = await bot.Room.find({ id: to.slice(5) });
      if (!room) throw new Error(`找不到群 ${to}`);
      return room;
    }
    if (to.startsWith('contact:')) {
      const c = await bot.Contact.find({ id: to.slice(8) });
      if (!c) throw new Error(`找不到联系人 ${to}`);
      return c;
    }
    return this.contactOf(to);
  }

  /**
   * The contact a key belongs to now: the id last seen for it if still valid, else a search by 备注.
   * A candidate is used only if the identity map gives it exactly this key, so a namesake is never
   * written to in someone else's place.
   */
  private async contactOf(key: string): Promise<Contact> {
    const { bot } = this.opts;
    const candidates: Contact[] = [];
    const id = await this.identity.contactIdFor(key);
    if (id) {
      const c = await bot.Contact.find({ id }).catch(() => undefined);
      if (c) candidates.push(c);
    }
    // Only by 备注: a WeChat name is anyone's to choose.
    const byAlias = await bot.Contact.findAll({ alias: key }).catch(() => []);
    candidates.push(...byAlias);
    const holders = byAlias.length;
    for (const c of candidates) {
      if (c.self()) continue;
      const info = { id: c.id, name: c.name(), alias: (await c.alias()) ?? null };
      const who = await this.identity.identify(info, { aliasHolders: holders });
      if (who.ok && who.key === key) return c;
    }
    throw new Error(`找不到联系人「${key}」`);
  }
}

/** The wechaty message as routing needs it. */
export async function toIncoming(msg: Message): Promise<IncomingMessage> {
  const talker = msg.talker();
  const room = msg.room();
  const isText = msg.type() === types.Message.Text;
  const mentionSelf = room && isText ? await msg.mentionSelf() : false;
  const text = room && mentionSelf ? await msg.mentionText() : msg.text();
  return {
    id: msg.id,
    self: msg.self(),
    date: msg.date(),
    isText,
    text: text.trim(),
    talker: { id: talker.id, name: talker.name(), alias: (await talker.alias()) ?? null, friend: talker.friend() },
    room: room ? { id: room.id, mentionSelf } : undefined,
    file: await fileOf(msg),
  };
}

/**
 * A document sent as a WeChat 文件. Puppets report it as an attachment; some (the mock among them) as
 * "unknown" when they do not know the file type, so both are asked for a file. The bytes are read only
 * when a hook wants them (an admin's form), never for a refused sender.
 */
async function fileOf(msg: Message): Promise<IncomingFile | undefined> {
  const type = msg.type();
  if (type !== types.Message.Attachment && type !== types.Message.Unknown) return undefined;
  try {
    const box = await msg.toFileBox();
    return { name: box.name, size: box.size, bytes: () => box.toBuffer() };
  } catch {
    return undefined;
  }
}

export interface FriendRequest {
  type(): types.Friendship;
  hello(): string;
  contact(): { id?: string; name(): string };
  accept(): Promise<void>;
}

export interface FriendshipOptions {
  passphrase: string | undefined;
  log: Logger;
  /** Wrong passphrases per contact and per hour; past the limit a request is ignored unchecked. */
  attempts?: AttemptLimiter;
  /** Told (at most once an hour, by the caller's outbox key) that someone guessed wrong. */
  onWrong?: (name: string) => void;
  /** Told that everyone together is past the hourly limit of wrong guesses (the caller's key: once an hour). */
  onBusy?: (failures: number) => void;
}

/**
 * Accepts a friend request only when its verification text is exactly the passphrase (spaces around it
 * ignored): a request listing every four-digit code must not pass. Guesses are limited per contact; past the
 * limit of everyone together, contacts that already guessed wrong are slowed down and admins are told, while
 * a request with the right passphrase from anyone else is still accepted.
 */
export async function handleFriendship(
  f: FriendRequest,
  { passphrase, log, attempts, onWrong, onBusy }: FriendshipOptions,
): Promise<'accepted' | 'ignored' | 'not_a_request' | 'throttled'> {
  if (f.type() !== types.Friendship.Receive) return 'not_a_request';
  const contact = f.contact();
  const name = contact.name();
  if (!passphrase) {
    log('info', 'friendship_ignored', { name, reason: 'FRIEND_PASSPHRASE not set' });
    return 'ignored';
  }
  const who = contact.id ?? name;
  const verdict = await attempts?.check(who);
  if (verdict?.busy) onBusy?.((await attempts?.failures()) ?? 0);
  if (verdict && !verdict.ok) {
    log('warn', 'friendship_throttled', { name, why: verdict.why });
    return 'throttled';
  }
  const ok = f.hello().normalize('NFKC').trim() === passphrase.normalize('NFKC').trim();
  await attempts?.record(who, ok);
  if (!ok) {
    // Never the text itself in the log: it may be a near-miss of the real passphrase.
    log('warn', 'friendship_wrong_passphrase', { name });
    onWrong?.(name);
    if (!verdict?.busy && attempts && (await attempts.busy())) onBusy?.(await attempts.failures());
    return 'ignored';
  }
  try {
    await f.accept();
    log('info', 'friendship_accepted', { name });
    return 'accepted';
  } catch (e) {
    log('error', 'friendship_accept_failed', { name, error: e });
    return 'ignored';
  }
}
